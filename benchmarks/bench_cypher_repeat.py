"""Repeated Cypher on the seed build while ``paperkg serve`` runs: the whole ``paperkg query``
process (start-up, finding the server through OUT/.serve.json, the query), and, for
comparison, the same query with no server running (an embedded server started for the call,
its database persisted next to the build).

    python benchmarks/bench_cypher_repeat.py [--repeat 5]
"""
from __future__ import annotations

import argparse
import os
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from common import machine

ROOT = Path(__file__).resolve().parent.parent


def _timed(cmd, env) -> float:
    t = time.perf_counter()
    subprocess.run(cmd, check=True, capture_output=True, env=env)
    return time.perf_counter() - t


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--repeat", type=int, default=5)
    args = ap.parse_args()
    from paperkg.export.embedded import free_port

    env = {**os.environ, "NEO4J_PASSWORD": "bench-secret"}
    paperkg = [sys.executable, "-m", "paperkg"]
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "out"
        subprocess.run([*paperkg, "build", str(ROOT / "data" / "hf-papers"), "-o", str(out), "--workers", "2"],
                       check=True, capture_output=True)
        query = [*paperkg, "query", str(out), str(ROOT / "queries" / "top-cooccurring-concepts.cypher"),
                 "--format", "csv"]
        print(f"machine: {machine()}")
        cold = [_timed(query, env) for _ in range(2)]  # first loads the build into OUT/arcadedb
        print(f"no server running: first call {cold[0]:.1f} s (JVM start + load), then {cold[1]:.1f} s "
              "(JVM start, database persisted)")
        proc = subprocess.Popen([*paperkg, "serve", str(out), "--bolt-port", str(free_port())],
                                stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, env=env)
        for line in proc.stdout:
            if "Press Ctrl-C" in line:
                break
        try:
            runs = [_timed(query, env) for _ in range(args.repeat + 1)][1:]
        finally:
            proc.send_signal(signal.SIGINT)
            proc.wait(timeout=90)
        start = statistics.median(_timed([*paperkg, "--version"], env) for _ in range(3))
        print(f"with `paperkg serve` running: median {statistics.median(runs):.2f} s per query process "
              f"(runs {[round(r, 2) for r in runs]}); `paperkg --version` alone: {start:.2f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
