"""The local engine against the Dask engine on this machine, run pair by pair.

    python benchmarks/bench_dask.py [--papers 0 200000] [--workers 2] [--repeat 3]

``--papers 0`` is the seed listings; other sizes are synthetic corpora (``synth.py``).
Each run is a fresh ``paperkg build`` process: ``--engine local --workers W`` and then
``--engine dask --workers W`` (a LocalCluster of W single-threaded worker processes on
127.0.0.1, started by the command). Reported: wall seconds of each, the median of each and
the median of the per-pair ratios dask/local, peak memory of the whole process tree (PSS),
and whether the two builds wrote the same bytes. The stage lines the builds print (non-TTY
progress summaries) are kept in OUT.log for the per-stage figures.
"""
from __future__ import annotations

import argparse
import filecmp
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

from bench_build import run_tree
from common import SEEDS, machine

HERE = Path(__file__).resolve().parent


def same_tree(a: Path, b: Path) -> bool:
    cmp = filecmp.dircmp(a, b)
    if cmp.left_only or cmp.right_only or cmp.funny_files:
        return False
    _, mismatch, errors = filecmp.cmpfiles(a, b, cmp.common_files, shallow=False)
    return not mismatch and not errors and all(same_tree(a / d, b / d) for d in cmp.common_dirs)


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--papers", type=int, nargs="+", default=[0, 200_000])
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--dir", default=tempfile.gettempdir())
    args = ap.parse_args()
    print(f"machine: {machine()}")
    pk = [sys.executable, "-m", "paperkg"]
    for n in args.papers:
        if n:
            src = Path(args.dir) / f"synth-{n}.jsonl"
            if not src.exists():
                subprocess.run([sys.executable, str(HERE / "synth.py"), "--papers", str(n), "-o", str(src)], check=True)
        else:
            src = SEEDS
        label = f"{n:,} papers" if n else "seeds"
        outs = {e: Path(args.dir) / f"paperkg-{e}-{n}" for e in ("local", "dask")}
        for out in outs.values():
            Path(f"{out}.log").unlink(missing_ok=True)
        runs: dict[str, list[tuple[float, float]]] = {"local": [], "dask": []}
        for _ in range(args.repeat):
            for engine, out in outs.items():
                runs[engine].append(run_tree([*pk, "build", str(src), "-o", str(out), "--workers", str(args.workers),
                                              "--engine", engine], log=Path(f"{out}.log")))
        local = [w for w, _ in runs["local"]]
        dask = [w for w, _ in runs["dask"]]
        ratios = [d / l for d, l in zip(dask, local)]
        print(f"{label}: local {statistics.median(local):,.1f} s {[round(w, 1) for w in local]}, "
              f"peak {max(m for _, m in runs['local']) / 1024:.2f} GB; "
              f"dask {statistics.median(dask):,.1f} s {[round(w, 1) for w in dask]}, "
              f"peak {max(m for _, m in runs['dask']) / 1024:.2f} GB; "
              f"dask/local median {statistics.median(ratios):.2f} {[round(r, 2) for r in ratios]}; "
              f"same bytes: {same_tree(outs['local'], outs['dask'])}", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
