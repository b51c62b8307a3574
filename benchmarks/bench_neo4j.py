"""Neo4j paths: CSV bundle writing and Bolt push throughput against the embedded server.

    python benchmarks/bench_neo4j.py [--papers 20000] [--repeat 3] [--batch-size 2000]

The graph is built from the seed texts repeated with unique ids (so every paper is a node
and its mentions are edges). The push goes to a fresh embedded ArcadeDB server over Bolt
with the official driver; the second push of each run measures the idempotent re-push.

``--concepts N`` also times (``--papers 0``: only) concept nodes alone: N distinct concepts (a real corpus names tens of
thousands; the repeated seeds name about a thousand) written by ``merge_nodes`` into a fresh
server, against a MERGE on both labels for reference, each first into an empty database, then
again.
"""
from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time

from common import machine, peak_mb, seed_graph


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--papers", type=int, default=20_000)
    ap.add_argument("--repeat", type=int, default=3)
    from paperkg.export.neo4j_bolt import BATCH_SIZE

    ap.add_argument("--batch-size", type=int, default=BATCH_SIZE)  # what `paperkg push` uses
    ap.add_argument("--concepts", type=int, default=0)
    args = ap.parse_args()
    if args.concepts:
        _concept_rows(args.concepts, args.batch_size)
        if not args.papers:
            return 0

    from paperkg.export.embedded import EmbeddedServer
    from paperkg.export.neo4j_bolt import connect, push, total_rows
    from paperkg.export.neo4j_csv import write_bundle

    scratch = tempfile.TemporaryDirectory()
    graph = seed_graph(args.papers, scratch.name)
    rows = total_rows(graph)
    counts = graph.counts()
    print(f"machine: {machine()}")
    print(f"graph: {counts.nodes:,} nodes, {counts.edges:,} relationships ({rows:,} rows pushed)")

    csv_times = []
    for _ in range(args.repeat):
        with tempfile.TemporaryDirectory() as d:
            t = time.perf_counter()
            counts = write_bundle(graph, d)
            csv_times.append(time.perf_counter() - t)
    csv_rows = sum(counts.values())
    print(f"CSV bundle: {csv_rows:,} rows, median {csv_rows / statistics.median(csv_times):,.0f} rows/s "
          f"(runs {[round(x, 2) for x in csv_times]}; load.cypher included)")

    first, again = [], []
    for _ in range(args.repeat):
        with EmbeddedServer() as srv:
            driver = connect(srv.uri, srv.user, srv.password, srv.database)
            r1 = push(graph, srv.uri, srv.user, srv.password, srv.database, args.batch_size, driver=driver)
            r2 = push(graph, srv.uri, srv.user, srv.password, srv.database, args.batch_size, driver=driver)
            driver.close()
        first.append(r1.seconds)
        again.append(r2.seconds)
        assert (r1.nodes, r1.relationships) == (r2.nodes, r2.relationships)
    print(f"Bolt push into an empty database (batch {args.batch_size}): median "
          f"{rows / statistics.median(first):,.0f} rows/s (runs {[round(x, 1) for x in first]} s)")
    print(f"Bolt re-push of the same graph (idempotent): median {rows / statistics.median(again):,.0f} rows/s "
          f"(runs {[round(x, 1) for x in again]} s)")
    own, _ = peak_mb()
    print(f"peak memory (this process): {own:,.0f} MB")
    scratch.cleanup()
    return 0


def _concept_rows(n: int, batch_size: int) -> None:
    from paperkg.export.cypher import merge_nodes
    from paperkg.export.embedded import EmbeddedServer
    from paperkg.export.neo4j_bolt import connect
    from paperkg.export.schema import constraint_statements

    rows = [{"id": f"method:bench-{i}", "props": {"id": f"method:bench-{i}", "name": f"Bench{i}", "type": "method",
                                                  "papers": i % 7}} for i in range(n)]
    plain = ("UNWIND $rows AS row MERGE (n:Concept:Method {id: row.id}) SET n += row.props",)
    for label, statements in (("merge_nodes", merge_nodes(("Concept", "Method"))), ("MERGE on both labels", plain)):
        with EmbeddedServer() as srv:
            driver = connect(srv.uri, srv.user, srv.password, srv.database)
            with driver.session(database=srv.database) as s:
                for stmt in constraint_statements():
                    s.run(stmt).consume()
                rates = []
                for _ in range(2):
                    t = time.perf_counter()
                    for i in range(0, n, batch_size):
                        batch = rows[i:i + batch_size]
                        s.execute_write(lambda tx: [tx.run(q, rows=batch).consume() for q in statements])
                    rates.append(n / (time.perf_counter() - t))
                made = s.run("MATCH (c:Concept) RETURN count(c) AS c").single()["c"]
            driver.close()
        assert made == n, (label, made)
        print(f"{n:,} concept nodes, {label}: {rates[0]:,.0f} rows/s into an empty database, {rates[1]:,.0f} again")


if __name__ == "__main__":
    sys.exit(main())
