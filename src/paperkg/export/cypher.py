"""The Cypher statements that write the graph (one module, used by the Bolt push and by
``load.cypher``): batched, parameterised, idempotent ``UNWIND … MERGE … SET +=``."""
from __future__ import annotations

import json
import math
from typing import Any

from paperkg.export.schema import OWNER, PAPER_RELS, Label, Rel, constraint_statements, index_statements
from paperkg.kinds import ROLES, Role


def merge_nodes(labels: tuple[str, ...]) -> tuple[str, ...]:
    """The statements (run in order, on the same rows, in one transaction) that write nodes.

    One label: a MERGE on the id. Several (a concept and its type): the missing ids are created
    with all their labels, then every row's properties are set, each step finding nodes through
    the first label's id index. A MERGE naming both labels finds the same nodes, but ArcadeDB
    (which models labels as types) answers it by a scan: 0.6k rows/s against 5k new and 10k
    again, measured at 10k concepts. A concept's id includes its type, so its labels never change.
    """
    first, *_ = labels
    if len(labels) == 1:
        return (f"UNWIND $rows AS row MERGE (n:{first} {{id: row.id}}) SET n += row.props",)
    return (f"UNWIND $rows AS row OPTIONAL MATCH (n:{first} {{id: row.id}}) WITH row, n WHERE n IS NULL "
            f"CREATE (:{':'.join(labels)} {{id: row.id}})",
            f"UNWIND $rows AS row MATCH (n:{first} {{id: row.id}}) SET n += row.props")


def merge_rels(rel_type: str, start: str, end: str) -> tuple[str, ...]:
    return (f"UNWIND $rows AS row MATCH (a:{start} {{id: row.s}}) MATCH (b:{end} {{id: row.t}}) "
            f"MERGE (a)-[r:{rel_type}]->(b) SET r += row.props",)


def clear_paper_rels() -> str:
    """A re-pushed paper's relationships are replaced, not added to: its text may have
    changed, and old offsets would point at the wrong characters."""
    types = "|".join((*PAPER_RELS, Rel.HAS_CODE))
    return f"UNWIND $ids AS id MATCH (p:{Label.PAPER} {{id: id}})-[r:{types}]->() DELETE r"


def delete_nodes(label: str) -> str:
    """Delete the nodes with these ids that paperkg wrote (an update's removed ones)."""
    return f"UNWIND $ids AS id MATCH (n:{label} {{id: id}}) WHERE n.{OWNER} = true DETACH DELETE n"


def prune_statements() -> list[str]:
    """Remove what the build no longer holds (``$ids``: its paper ids), touching only nodes
    paperkg wrote (``OWNER``): papers not in the build, then concepts and repositories no
    paper names any more."""
    return [
        f"MATCH (p:{Label.PAPER}) WHERE p.{OWNER} = true AND NOT p.id IN $ids DETACH DELETE p",
        *(f"MATCH (n:{label}) WHERE n.{OWNER} = true OPTIONAL MATCH (p:{Label.PAPER})-->(n) "
          f"WITH n, count(p) AS k WHERE k = 0 DETACH DELETE n" for label in (Label.CONCEPT, Label.REPOSITORY)),
    ]


def derive_statements(min_cooccur: int | None = None) -> list[str]:
    """The derived parts, recomputed from the paper relationships the database holds, so
    they agree after any sequence of pushes: concept ``papers`` and ``proposed_by``,
    BENCHMARKED_ON, IMPLEMENTED_IN and CO_OCCURS (the same rules as ``link.edges``)."""
    from paperkg.link.edges import MIN_COOCCUR

    min_cooccur = MIN_COOCCUR if min_cooccur is None else min_cooccur
    claims = "|".join(ROLES[r].rel for r in (Role.PROPOSED, Role.INTRODUCED))
    mention = "|".join(PAPER_RELS)
    method, concept, paper = Label.METHOD, Label.CONCEPT, Label.PAPER
    return [
        f"MATCH ()-[r:{Rel.BENCHMARKED_ON}|{Rel.IMPLEMENTED_IN}|{Rel.CO_OCCURS}]->() DELETE r",
        f"MATCH (p:{paper})-[:{Rel.PROPOSES}]->(m:{method}) MATCH (p)-[:{Rel.EVALUATES_ON}]->(d) "
        f"WITH m, d, count(DISTINCT p) AS n MERGE (m)-[r:{Rel.BENCHMARKED_ON}]->(d) SET r.papers = n",
        f"MATCH (p:{paper})-[:{Rel.PROPOSES}]->(m:{method}) MATCH (p)-[c:{Rel.HAS_CODE}]->(g) WHERE c.official = true "
        f"WITH m, g, count(DISTINCT p) AS n MERGE (m)-[r:{Rel.IMPLEMENTED_IN}]->(g) SET r.papers = n",
        f"MATCH (p:{paper})-[:{mention}]->(a:{concept}) MATCH (p)-[:{mention}]->(b:{concept}) WHERE a.id < b.id "
        f"WITH a, b, count(DISTINCT p) AS n WHERE n >= {min_cooccur} MERGE (a)-[r:{Rel.CO_OCCURS}]->(b) SET r.papers = n",
        f"MATCH (c:{concept}) OPTIONAL MATCH (p:{paper})-[:{mention}]->(c) WITH c, count(DISTINCT p) AS n "
        f"SET c.papers = n",
        f"MATCH (c:{concept}) OPTIONAL MATCH (p:{paper})-[:{claims}]->(c) WITH c, p ORDER BY p.id "
        f"WITH c, [x IN collect(p.id) WHERE x IS NOT NULL] AS ids SET c.proposed_by = ids",
    ]


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
