"""RDF writing throughput: the graph of N synthetic papers to Turtle (and N-Triples).

    python benchmarks/bench_rdf.py [--papers 20000] [--repeat 3]

Times ``write_turtle`` end to end (triple generation from the graph plus the streaming
writer), and rdflib serialising the same triples as a reference point (on a sample).
"""
from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time

from common import machine, peak_mb, seed_graph


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--papers", type=int, default=20_000)
    ap.add_argument("--repeat", type=int, default=3)
    args = ap.parse_args()

    from paperkg import __version__
    from paperkg.export.rdf import write_ntriples, write_turtle

    print(f"machine: {machine()}")
    with tempfile.TemporaryDirectory() as d:
        graph = seed_graph(args.papers, d)
        ttl, nt = os.path.join(d, "g.ttl"), os.path.join(d, "g.nt")
        runs, n = [], 0
        for _ in range(args.repeat):
            t = time.perf_counter()
            n = write_turtle(graph, ttl, __version__)
            runs.append(time.perf_counter() - t)
        print(f"Turtle: {n:,} triples, {os.path.getsize(ttl) / 1e6:,.0f} MB, median "
              f"{n / statistics.median(runs):,.0f} triples/s (runs {[round(r, 2) for r in runs]} s)")
        runs = []
        for _ in range(args.repeat):
            t = time.perf_counter()
            write_ntriples(graph, nt, __version__)
            runs.append(time.perf_counter() - t)
        print(f"N-Triples: median {n / statistics.median(runs):,.0f} triples/s (runs {[round(r, 2) for r in runs]} s)")

        import rdflib

        sample = rdflib.Graph()
        with open(nt, encoding="utf-8") as fh:
            head = "".join(line for _, line in zip(range(200_000), fh))
        sample.parse(data=head, format="nt")
        t = time.perf_counter()
        sample.serialize(os.path.join(d, "rdflib.ttl"), format="turtle")
        dt = time.perf_counter() - t
        print(f"reference, rdflib Turtle serialiser on {len(sample):,} of the triples: {len(sample) / dt:,.0f} triples/s")
    own, _ = peak_mb()
    print(f"peak memory: {own:,.0f} MB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
