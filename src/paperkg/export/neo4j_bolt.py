"""Pushing a graph to Neo4j over Bolt with the official driver.

Constraints first, then batched ``UNWIND $rows … MERGE … SET +=`` writes (``cypher.py``)
in managed write transactions, which the driver retries on transient errors. MERGE on ids
makes the push idempotent: a second push changes no counts, a build with new papers adds
only what is new, an interrupted push can be re-run. The password is only ever handed to
the driver; error messages name the URI and user, never the secret.
"""
from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field

from paperkg.errors import Neo4jError
from paperkg.export.cypher import merge_nodes, merge_rels, schema_statements
from paperkg.export.neo4j_rows import node_groups, rel_groups


@dataclass
class PushResult:
    nodes: int
    relationships: int
    rows: int
    seconds: float
    skipped: list[str] = field(default_factory=list)  # optional schema statements the server refused


def connect(uri: str, user: str, password: str, database: str | None = None):
    """A verified driver, or a one-line ``Neo4jError`` saying what is wrong."""
    import neo4j
    from neo4j.exceptions import AuthError, ClientError, ServiceUnavailable

    try:
        driver = neo4j.GraphDatabase.driver(uri, auth=(user, password))
    except (ValueError, neo4j.exceptions.ConfigurationError) as e:
        raise Neo4jError(f"invalid Neo4j URI {uri!r}: {e}") from e
    try:
        driver.verify_connectivity()
        with driver.session(database=database) as s:
            s.run("RETURN 1").consume()
    except AuthError as e:
        driver.close()
        raise Neo4jError(f"authentication failed for user {user!r} at {uri}") from e
    except ServiceUnavailable as e:
        driver.close()
        raise Neo4jError(f"cannot reach a Neo4j server at {uri} ({e.__class__.__name__})") from e
    except ClientError as e:
        driver.close()
        if "Database" in (e.code or "") and "NotFound" in (e.code or ""):
            raise Neo4jError(f"database {database!r} does not exist at {uri}") from e
        raise Neo4jError(f"{uri}: {e.message}") from e
    return driver


def counts(driver, database: str | None) -> tuple[int, int]:
    with driver.session(database=database) as s:
        n = s.run("MATCH (n) RETURN count(n) AS c").single()["c"]
        r = s.run("MATCH ()-[r]->() RETURN count(r) AS c").single()["c"]
    return n, r


def push(graph, uri: str, user: str, password: str, database: str | None = None, batch_size: int = 2000,
         progress: Callable[[int], None] | None = None, driver=None) -> PushResult:
    from neo4j.exceptions import ClientError, DatabaseError

    t0 = time.perf_counter()
    own = driver is None
    driver = driver or connect(uri, user, password, database)
    skipped: list[str] = []
    rows_done = 0
    try:
        required, optional = schema_statements()
        with driver.session(database=database) as s:
            for stmt in required:
                s.run(stmt).consume()
            for stmt in optional:
                try:
                    s.run(stmt).consume()
                except (ClientError, DatabaseError):
                    skipped.append(stmt)
        work = [(merge_nodes(g.labels), g) for g in node_groups(graph)]
        work += [(merge_rels(g.type, g.start, g.end), g) for g in rel_groups(graph)]
        with driver.session(database=database) as s:
            for stmt, group in work:
                for i in range(0, len(group.rows), batch_size):
                    batch = group.params(i, i + batch_size)
                    s.execute_write(lambda tx, b=batch, q=stmt: tx.run(q, rows=b).consume())
                    rows_done += len(batch)
                    if progress:
                        progress(len(batch))
        n, r = counts(driver, database)
    except ClientError as e:
        raise Neo4jError(f"{uri}: {e.message}") from e
    finally:
        if own:
            driver.close()
    return PushResult(n, r, rows_done, time.perf_counter() - t0, skipped)


def total_rows(graph) -> int:
    return graph.number_of_nodes() + graph.number_of_edges()
