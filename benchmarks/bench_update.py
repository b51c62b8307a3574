"""Adding a day's papers to a big build (``build --update``) against building everything.

    python benchmarks/bench_update.py [--papers 100000] [--add 10000] [--workers 2]

Makes a synthetic corpus of ``papers + add`` papers (``synth.py``), builds the first
``papers`` of them, then times ``paperkg build NEW -o OUT --update`` for the last ``add`` and a
full build of all of them, each a fresh process (``bench_build.run_tree``), and prints the ratio.
"""
from __future__ import annotations

import argparse
import shutil
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
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--dir", default=tempfile.gettempdir())
    args = ap.parse_args()
    print(f"machine: {machine()}")
    d = Path(args.dir)
    total = args.papers + args.add
    src = d / f"synth-{total}.jsonl"
    if not src.exists():
        subprocess.run([sys.executable, str(HERE / "synth.py"), "--papers", str(total), "-o", str(src)], check=True)
    lines = src.read_text(encoding="utf-8").splitlines(keepends=True)
    old, new = d / f"update-old-{args.papers}.jsonl", d / f"update-new-{args.add}.jsonl"
    old.write_text("".join(lines[: args.papers]), encoding="utf-8")
    new.write_text("".join(lines[args.papers:]), encoding="utf-8")
    del lines
    pk = [sys.executable, "-m", "paperkg", "build", "--workers", str(args.workers)]
    base, out, full = d / "update-base", d / "update-out", d / "update-full"
    run_tree([*pk, str(old), "-o", str(base)])
    shutil.rmtree(out, ignore_errors=True)
    shutil.copytree(base, out)
    up, up_mem = run_tree([*pk, str(new), "-o", str(out), "--update"])
    whole, whole_mem = run_tree([*pk, str(old), str(new), "-o", str(full)])
    print(f"adding {args.add:,} papers to a {args.papers:,}-paper build: {up:,.0f} s, peak memory "
          f"{up_mem / 1024:.2f} GB; full build of {total:,}: {whole:,.0f} s; update/full {up / whole:.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
