"""The SPARQL pack on a big build: making the persistent store, then every query file.

    python benchmarks/bench_query.py [--papers 200000] [--out /tmp/paperkg-bench-200k] [--repeat 3]

Builds a synthetic corpus (the seed abstracts repeated with unique ids, see ``common``) unless
``--out`` already holds a build of it, makes ``OUT/sparql/`` in a child process (its wall time,
triples/s and peak RSS), then runs each ``queries/*.rq`` as ``paperkg query`` does, each in a
fresh process: the first call and the median of ``--repeat`` repeated calls (whole process:
start-up, opening the store, the query). A query is stopped after ``--timeout`` seconds.

With ``--cypher`` it then starts ``paperkg serve OUT`` (which loads the build into the embedded
database next to it unless that database already holds it) and times each ``queries/*.cypher``
the same way, through the running server. ``--skip-sparql`` leaves the SPARQL part out.
"""
from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import time
from pathlib import Path

from common import machine, seed_jsonl

ROOT = Path(__file__).resolve().parent.parent


def _paperkg(*args: str, timeout: float) -> tuple[float, int, str]:
    t = time.perf_counter()
    proc = subprocess.run([sys.executable, "-m", "paperkg", *args], capture_output=True, text=True, timeout=timeout)
    lines = proc.stderr.strip().splitlines()
    return time.perf_counter() - t, proc.returncode, lines[-1] if lines else ""


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--papers", type=int, default=200_000)
    ap.add_argument("--out", default="/tmp/paperkg-bench-200k")
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--timeout", type=float, default=120)
    ap.add_argument("--cypher", action="store_true", help="also time the .cypher pack through `paperkg serve`")
    ap.add_argument("--skip-sparql", action="store_true")
    args = ap.parse_args()
    out = Path(args.out)
    print(f"machine: {machine()}")
    if not (out / "build.json").exists():
        src = seed_jsonl(args.papers, out.with_suffix(".jsonl"))
        t = time.perf_counter()
        subprocess.run([sys.executable, "-m", "paperkg", "build", str(src), "-o", str(out), "--workers", "2"],
                       check=True, stderr=subprocess.DEVNULL)
        print(f"build of {args.papers:,} papers: {time.perf_counter() - t:,.0f} s")
    print(f"graph.ttl: {(out / 'graph.ttl').stat().st_size / 1e6:,.0f} MB")
    if not args.skip_sparql:
        _sparql(out, args)
    if args.cypher:
        _cypher(out, args)
    return 0


def _pack(out: Path, pattern: str, args) -> None:
    print("query | first call s | repeated call s (median) | rows or error")
    for q in sorted((ROOT / "queries").glob(pattern)):
        first, code, err = _paperkg("query", str(out), str(q), "--format", "csv", "--timeout", str(args.timeout),
                                    timeout=args.timeout + 60)
        if code != 0:
            print(f"{q.name} | {first:.2f} | — | {err}")
            continue
        again = statistics.median(_paperkg("query", str(out), str(q), "--format", "csv",
                                           timeout=args.timeout + 60)[0] for _ in range(args.repeat))
        print(f"{q.name} | {first:.2f} | {again:.2f} | ok")


def _sparql(out: Path, args) -> None:
    import shutil

    shutil.rmtree(out / "sparql", ignore_errors=True)
    code = ("import resource; from paperkg.query.sparql import ensure_store; "
            f"ensure_store({str(out)!r}, progress=lambda m: print(m, flush=True)); "
            "print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024)")
    t = time.perf_counter()
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    wall = time.perf_counter() - t
    *msgs, rss = proc.stdout.strip().splitlines()
    print(f"store creation: {wall:,.1f} s wall, peak RSS {int(rss):,} MB; {msgs[-1]}")

    _paperkg("--version", timeout=60)
    base = statistics.median(_paperkg("--version", timeout=60)[0] for _ in range(3))
    print(f"process start-up alone (paperkg --version): {base:.2f} s")
    _pack(out, "*.rq", args)


def _cypher(out: Path, args) -> None:
    import os
    import signal

    os.environ.setdefault("NEO4J_PASSWORD", "bench-secret")  # the embedded server's, never printed
    t = time.perf_counter()
    proc = subprocess.Popen([sys.executable, "-m", "paperkg", "serve", str(out)], stdout=subprocess.PIPE,
                            stderr=subprocess.STDOUT, text=True)
    try:
        for line in proc.stdout:
            if line.startswith("serving"):
                print(line.strip())
            if "Press Ctrl-C" in line:
                break
        else:
            raise SystemExit("paperkg serve stopped before it was ready")
        print(f"serve ready after {time.perf_counter() - t:,.0f} s")
        _pack(out, "*.cypher", args)
    finally:
        proc.send_signal(signal.SIGINT)
        proc.wait(timeout=120)


if __name__ == "__main__":
    sys.exit(main())
