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


def run_sparql_file(out: str, path: str, params: dict[str, Any] | None = None, store=None,
                    timeout: float | None = None) -> QueryResult:
    """A ``.rq`` file on the build's persistent store (made on first use), or on ``store``."""
    from paperkg.query.sparql import open_store, run_sparql, run_with_timeout

    defaults, text = read_query(path)
    values = {**defaults, **(params or {})}
    if store is None and timeout:
        return QueryResult(*run_with_timeout(out, text, values, path, timeout))
    return QueryResult(*run_sparql(store or open_store(out), text, values, path))


def run_query_file(out: str, path: str, params: dict[str, Any] | None = None, *, uri: str | None = None,
                   user: str = "neo4j", database: str | None = None, password=None,
                   timeout: float | None = None) -> QueryResult:
    """Dispatch on the file's suffix: ``.rq`` → SPARQL, ``.cypher`` → Bolt."""
    if path.endswith(".rq"):
        return run_sparql_file(out, path, params, timeout=timeout)
    if path.endswith(".cypher"):
        from paperkg.query.cypher import run_cypher_file

        return run_cypher_file(out, path, params, uri=uri, user=user, database=database, password=password)
    raise QueryError(f"{path}: unknown query type (expected .rq or .cypher)")
