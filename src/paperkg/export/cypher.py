"""The Cypher statements that write the graph (one module, used by the Bolt push and by
``load.cypher``): batched, parameterised, idempotent ``UNWIND … MERGE … SET +=``."""
from __future__ import annotations

import json
import math
from typing import Any

from paperkg.export.schema import constraint_statements, index_statements


def merge_nodes(labels: tuple[str, ...]) -> str:
    # All labels in the MERGE pattern: a concept's id includes its type, so its labels never
    # change, and servers that model labels as types (ArcadeDB) accept it too.
    return f"UNWIND $rows AS row MERGE (n:{':'.join(labels)} {{id: row.id}}) SET n += row.props"


def merge_rels(rel_type: str, start: str, end: str) -> str:
    return (f"UNWIND $rows AS row MATCH (a:{start} {{id: row.s}}) MATCH (b:{end} {{id: row.t}}) "
            f"MERGE (a)-[r:{rel_type}]->(b) SET r += row.props")


def schema_statements() -> tuple[list[str], list[str]]:
    """``(required, optional)``: constraints must succeed; indexes a server may lack
    (full-text indexes are Neo4j's own) are reported, not fatal."""
    return constraint_statements(), index_statements()


def literal(value: Any) -> str:
    """A Cypher literal for plain data (strings, numbers, booleans, null, lists, maps)."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        return repr(value) if math.isfinite(value) else "null"
    if isinstance(value, str):
        # JSON string escapes (\\" \\\\ \\n \\uXXXX) are valid Cypher string escapes
        return json.dumps(value, ensure_ascii=False)
    if isinstance(value, (list, tuple)):
        return "[" + ", ".join(literal(v) for v in value) + "]"
    if isinstance(value, dict):
        return "{" + ", ".join(f"`{k}`: {literal(v)}" for k, v in value.items()) + "}"
    raise TypeError(f"no Cypher literal for {type(value).__name__}")


def inline(statement: str, rows: list[dict]) -> str:
    """The statement with ``$rows`` replaced by literal data, for scripts without params."""
    return statement.replace("UNWIND $rows AS row", f"UNWIND {literal(rows)} AS row", 1) + ";"
