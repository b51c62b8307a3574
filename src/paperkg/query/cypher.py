"""Cypher query files over Bolt: on a given server (``uri``), or on the embedded server
started for the call with the build pushed into it."""
from __future__ import annotations

from collections.abc import Callable
from typing import Any

from paperkg.query import QueryResult, read_query


def _plain(value: Any) -> Any:
    """Driver values to plain data: nodes and relationships as their properties, paths as
    the names (or ids) along them."""
    from neo4j.graph import Node, Path, Relationship

    if isinstance(value, Node):
        return dict(value)
    if isinstance(value, Relationship):
        return {"type": value.type, **dict(value)}
    if isinstance(value, Path):
        return [n.get("name") or n.get("title") or n.get("id") for n in value.nodes]
    if isinstance(value, list):
        return [_plain(v) for v in value]
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    return value


def run_cypher(driver, text: str, params: dict[str, Any], database: str | None, path: str = "<query>") -> QueryResult:
    from neo4j.exceptions import ClientError, Neo4jError

    from paperkg.errors import QueryError

    try:
        with driver.session(database=database) as s:
            result = s.run(text, params)
            columns = list(result.keys())
            rows = [[_plain(v) for v in record.values()] for record in result]
    except ClientError as e:
        raise QueryError(f"{path}: {e.message}") from e
    except Neo4jError as e:  # the server failed running it (e.g. ran out of its query memory)
        raise QueryError(f"{path}: the server could not run it: {e.message}") from e
    return QueryResult(columns, rows)


def run_cypher_file(out: str, path: str, params: dict[str, Any] | None = None, *, uri: str | None = None,
                    user: str = "neo4j", database: str | None = None,
                    password: Callable[[], str] | None = None) -> QueryResult:
    """On ``uri``; else on the ``paperkg serve`` of this build when one runs (found through
    ``OUT/.serve.json``, password from NEO4J_PASSWORD or the prompt); else on an embedded
    server started for the call, whose database persists next to the build."""
    from paperkg.export.embedded import read_state
    from paperkg.export.neo4j_bolt import connect
    from paperkg.store import check

    defaults, text = read_query(path)
    merged = {**defaults, **(params or {})}
    served = None if uri else read_state(out)
    if served:
        check(out)
        uri, user, database = served["uri"], served["user"], served["database"]
    if uri:
        driver = connect(uri, user, password() if password else "", database)
        try:
            return run_cypher(driver, text, merged, database, path)
        finally:
            driver.close()
    from paperkg.build import load_graph
    from paperkg.export.embedded import EmbeddedServer, database_root, ensure_loaded

    check(out)
    with EmbeddedServer(root=database_root(out)) as srv:
        driver = connect(srv.uri, srv.user, srv.password, srv.database)
        try:
            ensure_loaded(out, srv, driver, load_graph)
            return run_cypher(driver, text, merged, srv.database, path)
        finally:
            driver.close()
