"""A whole build on synthetic corpora with a growing vocabulary (``synth.py``).

    python benchmarks/bench_build.py [--papers 100000 300000] [--workers 2] [--repeat 1]

For each size: ``paperkg build`` and ``paperkg extract`` alone on the same corpus, in turn
(``--repeat`` pairs), each as a fresh process; wall time, papers/s, the peak memory of the
whole process tree (PSS, so shared pages count once; sampled at most every 0.25 s, the
sampling taking at most a twentieth of a core) and the bytes the build wrote; each run's stderr
(its stages' timings) is appended to ``DIR/bench-build.log``. Then the RDF of the
build written in each form (plain and gzip Turtle and N-Triples, and Turtle without the
mention annotations) as bytes per paper.
"""
from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

from common import machine

HERE = Path(__file__).resolve().parent


def run_tree(cmd: list[str], log: Path | None = None) -> tuple[float, float]:
    """Wall seconds and peak memory (MB) of ``cmd`` and all its descendants: the sum of
    their PSS (proportional set size), so pages forked workers share with the parent count
    once, not once per process as summed RSS would. ``log``: a file to append what the
    command prints on stderr to."""
    import psutil

    t = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    peak = [0.0]

    def watch() -> None:
        root = psutil.Process(proc.pid)
        while proc.poll() is None:
            began = time.perf_counter()
            try:
                tree = [root, *root.children(recursive=True)]
                peak[0] = max(peak[0], sum(p.memory_full_info().pss for p in tree if p.is_running()) / 2**20)
            except psutil.Error:
                pass
            # reading PSS walks every page of every process (0.05-0.1 s for one of 2-3 GB): sampled
            # every 0.25 s, it took most of a core from a big `extract`; now at most 1/20 of one
            time.sleep(max(0.25, 20 * (time.perf_counter() - began)))

    w = threading.Thread(target=watch, daemon=True)
    w.start()
    _, err = proc.communicate()
    w.join()
    if log is not None:
        with open(log, "a", encoding="utf-8") as fh:
            fh.write(f"$ {' '.join(cmd)}\n{err}")
    if proc.returncode:
        raise SystemExit(f"{' '.join(cmd)} failed:\n{err[-2000:]}")
    return time.perf_counter() - t, peak[0]


def du(path: Path) -> int:
    return sum(f.stat().st_size for f in path.rglob("*") if f.is_file())


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--papers", type=int, nargs="+", default=[100_000, 300_000])
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--repeat", type=int, default=1)
    ap.add_argument("--dir", default=tempfile.gettempdir())
    ap.add_argument("--sizes", action="store_true", help="also write every RDF form and report bytes per paper")
    ap.add_argument("--no-extract", action="store_true", help="skip the 'paperkg extract' run (for the biggest sizes)")
    args = ap.parse_args()
    print(f"machine: {machine()}")
    pk = [sys.executable, "-m", "paperkg"]
    for n in args.papers:
        src = Path(args.dir) / f"synth-{n}.jsonl"
        if not src.exists():
            subprocess.run([sys.executable, str(HERE / "synth.py"), "--papers", str(n), "-o", str(src)], check=True)
        out = Path(args.dir) / f"paperkg-build-{n}"
        build = [*pk, "build", str(src), "-o", str(out), "--workers", str(args.workers)]
        extract = [*pk, "extract", str(src), "-o", str(out) + ".extractions.jsonl", "--workers", str(args.workers)]
        builds, extracts = [], []
        log = Path(args.dir) / "bench-build.log"  # each run's stderr: its stage timings
        for _ in range(args.repeat):  # in turn, build then extract, so that each pair shares the host's mood
            builds.append(run_tree(build, log))
            if not args.no_extract:
                extracts.append(run_tree(extract, log))
        bw, brss = statistics.median(b[0] for b in builds), max(b[1] for b in builds)
        print(f"{n:,} papers: build {bw:,.0f} s ({n / bw:,.0f} papers/s; runs {', '.join(f'{b[0]:.1f}' for b in builds)}), "
              f"peak memory {brss / 1024:.2f} GB, {du(out) / 1e6:,.0f} MB written", flush=True)
        if extracts:
            ew, erss = statistics.median(e[0] for e in extracts), max(e[1] for e in extracts)
            ratios = [b[0] / e[0] for b, e in zip(builds, extracts)]
            print(f"  extract alone {ew:,.0f} s (runs {', '.join(f'{e[0]:.1f}' for e in extracts)}), peak memory "
                  f"{erss / 1024:.2f} GB; build/extract pair by pair: median {statistics.median(ratios):.2f} "
                  f"({', '.join(f'{r:.2f}' for r in ratios)})", flush=True)
            os.remove(str(out) + ".extractions.jsonl")
        if args.sizes:
            for fmt, extra in (("ttl", []), ("ttl.gz", []), ("nt", []), ("nt.gz", []), ("ttl", ["--no-annotations"]),
                               ("ttl.gz", ["--no-annotations"])):
                target = Path(args.dir) / f"size-test.{fmt}"
                subprocess.run([*pk, "export", "rdf", str(out), "--format", fmt, "-o", str(target), *extra],
                               check=True, capture_output=True)
                label = fmt + (" without annotations" if extra else "")
                print(f"  graph.{label}: {target.stat().st_size / n:,.0f} bytes/paper")
                target.unlink()
    return 0


if __name__ == "__main__":
    sys.exit(main())
