"""Adding a day's papers to a big build (``build --update``) against building everything.

    python benchmarks/bench_update.py [--papers 100000] [--add 10000] [--repeat 3] [--workers 2] [--no-full]
                                      [--base DIR --full-seconds S]

Makes a synthetic corpus of ``papers + add * repeat`` papers (``synth.py``), builds the first
``papers`` of them (timed: a full build), then adds the next ``add`` papers with
``paperkg build NEW -o OUT --update``, ``repeat`` times one after the other, each a fresh
process (``bench_build.run_tree``), and prints each update's time, their median and the ratio
to the full build. Unless ``--no-full``, it also times a full build of the base and the first
slice together (the build an update stands for); otherwise the base build is the yardstick
(slightly smaller, so the ratio errs high). Each command's stderr (its stage timings) goes to
``DIR/bench-update.log``. ``--base``: a base build made earlier (of the same ``papers``),
copied instead of built again; the ratio is then to ``--full-seconds``, its measured time.
"""
from __future__ import annotations

import argparse
import shutil
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

from bench_build import HERE, run_tree
from common import machine


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--papers", type=int, default=100_000)
    ap.add_argument("--add", type=int, default=10_000)
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--no-full", action="store_true", help="use the base build as the full build's time")
    ap.add_argument("--dir", default=tempfile.gettempdir())
    ap.add_argument("--base", help="a base build to copy instead of building one")
    ap.add_argument("--full-seconds", type=float, help="with --base: the time its full build took")
    args = ap.parse_args()
    if args.base and not args.full_seconds:
        ap.error("--base needs --full-seconds")
    print(f"machine: {machine()}", flush=True)
    d = Path(args.dir)
    total = args.papers + args.add * args.repeat
    src = d / f"synth-{total}.jsonl"
    if not src.exists():
        subprocess.run([sys.executable, str(HERE / "synth.py"), "--papers", str(total), "-o", str(src)], check=True)
    old = d / f"update-old-{args.papers}.jsonl"
    slices = [d / f"update-new-{args.papers}-{k}.jsonl" for k in range(args.repeat)]
    with open(src, encoding="utf-8") as fh, open(old, "w", encoding="utf-8") as out:
        for _ in range(args.papers):
            out.write(fh.readline())
        for path in slices:
            with open(path, "w", encoding="utf-8") as part:
                for _ in range(args.add):
                    part.write(fh.readline())
    log = d / "bench-update.log"
    pk = [sys.executable, "-m", "paperkg", "build", "--workers", str(args.workers)]
    out = d / "update-out"
    shutil.rmtree(out, ignore_errors=True)
    if args.base:
        shutil.copytree(args.base, out, symlinks=True)
        base = args.full_seconds
        print(f"base build of {args.papers:,}: copied from {args.base} (its full build: {base:,.0f} s)", flush=True)
    else:
        base, base_mem = run_tree([*pk, str(old), "-o", str(out)], log)
        print(f"base build of {args.papers:,}: {base:,.0f} s, peak memory {base_mem / 1024:.2f} GB", flush=True)
    times = []
    for k, path in enumerate(slices):
        up, up_mem = run_tree([*pk, str(path), "-o", str(out), "--update"], log)
        times.append(up)
        print(f"update {k + 1}: +{args.add:,} papers: {up:,.1f} s, peak memory {up_mem / 1024:.2f} GB", flush=True)
    whole, what = base, f"the base build ({args.papers:,})"
    if not args.no_full and not args.base:
        full = d / "update-full"
        whole, _ = run_tree([*pk, str(old), str(slices[0]), "-o", str(full)], log)
        shutil.rmtree(full, ignore_errors=True)
        what = f"a full build of {args.papers + args.add:,}"
    med = statistics.median(times)
    print(f"adding {args.add:,} papers to a {args.papers:,}-paper build: median {med:,.1f} s over {len(times)} "
          f"updates ({', '.join(f'{t:.1f}' for t in times)}); {what}: {whole:,.0f} s; update/full {med / whole:.3f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
