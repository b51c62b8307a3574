"""Pushing a graph to Neo4j over Bolt with the official driver.

Constraints first, then batched ``UNWIND $rows … MERGE … SET +=`` writes (``cypher.py``)
in managed write transactions, which the driver retries on transient errors. MERGE on ids
makes the push idempotent: a second push changes no counts, a build with new papers adds
only what is new, an interrupted push can be re-run. The password is only ever handed to
the driver; error messages name the URI and user, never the secret.
"""
from __future__ import annotations

import re
import time
from collections.abc import Callable
from dataclasses import dataclass, field

from paperkg.errors import Neo4jError
from paperkg.export.cypher import (clear_paper_rels, delete_nodes, derive_statements, merge_nodes, merge_rels,
                                   prune_statements, schema_statements)
from paperkg.export import neo4j_rows
from paperkg.export.neo4j_rows import node_rows, rel_rows
from paperkg.export.schema import Label


@dataclass
class PushResult:
    nodes: int
    relationships: int
    rows: int
    seconds: float
    skipped: list[str] = field(default_factory=list)  # optional schema statements the server refused


SCHEMES = ("bolt", "bolt+s", "bolt+ssc", "neo4j", "neo4j+s", "neo4j+ssc")
_SECRET = re.compile(r"(//[^/@:]*:)[^/@]*@")


def redact(uri: str) -> str:
    """The URI with any password written into it hidden: bolt://u:***@host."""
    return _SECRET.sub(r"\1***@", uri)


def check_uri(uri: str) -> None:
    """Refuse a URI the driver cannot use, before any password is asked for."""
    scheme = uri.split("://", 1)[0].lower() if "://" in uri else ""
    if scheme not in SCHEMES:
        raise Neo4jError(f"unsupported URI {redact(uri)!r}: use {', '.join(s + '://' for s in SCHEMES[::3])} "
                         "(Bolt, not HTTP), e.g. bolt://localhost:7687")


def connect(uri: str, user: str, password: str, database: str | None = None):
    """A verified driver, or a one-line ``Neo4jError`` saying what is wrong; a password
    written into the URI never reaches a message."""
    import neo4j
    from neo4j.exceptions import AuthError, ClientError, ServiceUnavailable

    check_uri(uri)
    shown = redact(uri)
    try:
        driver = neo4j.GraphDatabase.driver(uri, auth=(user, password))
    except (ValueError, neo4j.exceptions.ConfigurationError) as e:
        raise Neo4jError(f"invalid Neo4j URI {shown!r}: {str(e).replace(uri, shown)}") from e
    try:
        driver.verify_connectivity()
        with driver.session(database=database) as s:
            s.run("RETURN 1").consume()
    except AuthError as e:
        driver.close()
        raise Neo4jError(f"authentication failed for user {user!r} at {shown}") from e
    except ServiceUnavailable as e:
        driver.close()
        raise Neo4jError(f"cannot reach a Neo4j server at {shown} ({e.__class__.__name__})") from e
    except ClientError as e:
        driver.close()
        if "Database" in (e.code or "") and "NotFound" in (e.code or ""):
            raise Neo4jError(f"database {database!r} does not exist at {shown}") from e
        raise Neo4jError(f"{shown}: {e.message}") from e
    return driver


def counts(driver, database: str | None) -> tuple[int, int]:
    with driver.session(database=database) as s:
        n = s.run("MATCH (n) RETURN count(n) AS c").single()["c"]
        r = s.run("MATCH ()-[r]->() RETURN count(r) AS c").single()["c"]
    return n, r


BATCH_SIZE = 2000  # rows per transaction: the CLI default and the benchmark's


def push(graph, uri: str, user: str, password: str, database: str | None = None, batch_size: int = BATCH_SIZE,
         progress: Callable[[int], None] | None = None, driver=None, prune: bool = False,
         removed: tuple[list[str], list[str]] = ([], [])) -> PushResult:
    """Write ``graph``; a pushed paper's relationships replace the ones it had; with
    ``prune``, what the build no longer holds goes; ``removed`` (paper ids, concept ids)
    are deleted (an update's changes); derived parts are recomputed from the whole
    database, so they agree with it after any sequence of pushes."""
    from neo4j.exceptions import ClientError, DatabaseError, ServiceUnavailable, SessionExpired

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
        with driver.session(database=database) as s:
            def write(statements: tuple[str, ...], batch: list[dict]) -> None:
                nonlocal rows_done

                def work(tx):
                    for stmt in statements:
                        tx.run(stmt, rows=batch).consume()

                s.execute_write(work)
                rows_done += len(batch)
                if progress:
                    progress(len(batch))

            papers = [p.id for p in graph.papers()]
            for i in range(0, len(papers), batch_size):
                s.execute_write(lambda tx, b=papers[i : i + batch_size]: tx.run(clear_paper_rels(), ids=b).consume())
            _batched(node_rows(graph), lambda g: merge_nodes(g.labels), batch_size, write)
            _batched(rel_rows(graph, derived=False), lambda g: merge_rels(g.type, g.start, g.end), batch_size, write)
            for label, ids in zip((Label.PAPER, Label.CONCEPT), removed):
                for i in range(0, len(ids), batch_size):
                    s.execute_write(lambda tx, b=ids[i : i + batch_size], q=delete_nodes(label): tx.run(q, ids=b).consume())
            for stmt in (prune_statements() if prune else []):
                s.execute_write(lambda tx, q=stmt: tx.run(q, ids=papers).consume())
            for stmt in derive_statements():
                s.execute_write(lambda tx, q=stmt: tx.run(q).consume())
        n, r = counts(driver, database)
    except (ClientError, DatabaseError) as e:  # the server refused or failed a statement: one line
        raise Neo4jError(f"{redact(uri)}: {e.code or type(e).__name__}: {(e.message or '').splitlines()[0][:300]}") from e
    except (ServiceUnavailable, SessionExpired) as e:
        raise Neo4jError(f"{redact(uri)}: the server went away during the push ({type(e).__name__}); "
                         "re-run it: the push is idempotent") from e
    finally:
        if own:
            driver.close()
    return PushResult(n, r, rows_done, time.perf_counter() - t0, skipped)


def _batched(rows, statement, batch_size: int, write) -> None:
    """Route (group, row) pairs into one buffer per group and write each full buffer (then
    the rest) with its group's statements."""
    buffers: dict = {}
    for group, row in rows:
        buf = buffers.setdefault(group, [])
        buf.append(row)
        if len(buf) >= batch_size:
            write(statement(group), group.params(buf))
            buffers[group] = []
    for group, buf in buffers.items():
        if buf:
            write(statement(group), group.params(buf))


def total_rows(graph) -> int:
    """Rows a push sends (derived relationships are recomputed by the server, not sent)."""
    return neo4j_rows.total_rows(graph.counts(), derived=False)
