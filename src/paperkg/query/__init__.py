"""Running the query pack: ``.rq`` files on an embedded pyoxigraph store, ``.cypher``
files over Bolt (a given server, or the embedded one started for the call)."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from paperkg.errors import QueryError
from paperkg.query.params import declared


@dataclass
class QueryResult:
    columns: list[str]
    rows: list[list]


def read_query(path: str) -> tuple[dict[str, Any], str]:
    try:
        with open(path, encoding="utf-8") as fh:
            text = fh.read()
    except OSError as e:
        raise QueryError(f"{path}: cannot read query ({e.strerror})") from e
    return declared(text, path)


def run_sparql_file(out: str, path: str, params: dict[str, Any] | None = None, store=None) -> QueryResult:
    from paperkg.query.sparql import load_store, run_sparql

    defaults, text = read_query(path)
    from paperkg.store import require

    store = store or load_store(require(out, "graph.ttl"))
    return QueryResult(*run_sparql(store, text, {**defaults, **(params or {})}, path))


def run_query_file(out: str, path: str, params: dict[str, Any] | None = None, *, uri: str | None = None,
                   user: str = "neo4j", database: str | None = None, password=None) -> QueryResult:
    """Dispatch on the file's suffix: ``.rq`` → SPARQL, ``.cypher`` → Bolt."""
    if path.endswith(".rq"):
        return run_sparql_file(out, path, params)
    if path.endswith(".cypher"):
        from paperkg.query.cypher import run_cypher_file

        return run_cypher_file(out, path, params, uri=uri, user=user, database=database, password=password)
    raise QueryError(f"{path}: unknown query type (expected .rq or .cypher)")
