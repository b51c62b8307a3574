"""Neo4j paths: CSV bundle writing and Bolt push throughput against the embedded server.

    python benchmarks/bench_neo4j.py [--papers 20000] [--repeat 3] [--batch-size 2000]

The graph is built from the seed texts repeated with unique ids (so every paper is a node
and its mentions are edges). The push goes to a fresh embedded ArcadeDB server over Bolt
with the official driver; the second push of each run measures the idempotent re-push.
"""
from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time

from common import machine, peak_mb, seed_corpus


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--papers", type=int, default=20_000)
    ap.add_argument("--repeat", type=int, default=3)
    from paperkg.export.neo4j_bolt import BATCH_SIZE

    ap.add_argument("--batch-size", type=int, default=BATCH_SIZE)  # what `paperkg push` uses
    args = ap.parse_args()

    from paperkg.export.embedded import EmbeddedServer
    from paperkg.export.neo4j_bolt import connect, push, total_rows
    from paperkg.export.neo4j_csv import write_bundle
    from paperkg.extract import extract_papers
    from paperkg.link import build_graph

    papers = seed_corpus(args.papers)
    graph = build_graph(papers, extract_papers(papers, workers=2))
    rows = total_rows(graph)
    print(f"machine: {machine()}")
    print(f"graph: {graph.number_of_nodes():,} nodes, {graph.number_of_edges():,} relationships ({rows:,} rows)")

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
    return 0


if __name__ == "__main__":
    sys.exit(main())
