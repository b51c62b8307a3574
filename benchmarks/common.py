"""Shared helpers for the benchmark scripts: synthetic corpora from the seeds, timing."""
from __future__ import annotations

import platform
import resource
import statistics
import time
from dataclasses import replace
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "data" / "hf-papers"


def seed_corpus(n: int):
    """``n`` papers cycled from the seed listings, each with a unique id."""
    from paperkg.ingest import ingest

    base = ingest([str(SEEDS)]).papers
    return [replace(base[i % len(base)], id=f"bench:{i}") for i in range(n)]


def seed_jsonl(n: int, path: str | Path) -> Path:
    """Write ``seed_corpus(n)`` as JSON Lines (the input a build reads); returns the path."""
    import json

    path = Path(path)
    with open(path, "w", encoding="utf-8") as fh:
        for p in seed_corpus(n):
            fh.write(json.dumps({"id": p.id, "title": p.title, "abstract": p.abstract}) + "\n")
    return path


def seed_graph(n: int, directory: str | Path, workers: int = 2):
    """Build ``n`` seed papers into ``directory/out`` as ``paperkg build`` does; the stored graph."""
    from paperkg.build import build, load_graph

    out = Path(directory) / "out"
    build([str(seed_jsonl(n, Path(directory) / "in.jsonl"))], str(out), workers=workers)
    return load_graph(str(out))


def timed(fn, repeat: int) -> tuple[float, list[float]]:
    runs = []
    for _ in range(repeat):
        t = time.perf_counter()
        fn()
        runs.append(time.perf_counter() - t)
    return statistics.median(runs), runs


def timed_cpu(fn, repeat: int) -> tuple[float, float, list[float]]:
    """Median wall seconds, median CPU seconds (this process and its finished children,
    user + system) and the wall runs."""
    import os

    walls, cpus = [], []
    for _ in range(repeat):
        t0, c0 = time.perf_counter(), os.times()
        fn()
        c1 = os.times()
        walls.append(time.perf_counter() - t0)
        cpus.append(sum(c1[:4]) - sum(c0[:4]))
    return statistics.median(walls), statistics.median(cpus), walls


def peak_mb() -> tuple[float, float]:
    """Peak resident memory of this process and of its (finished) children, in MB."""
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    kids = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    return own, kids


def machine() -> str:
    import os

    return f"{platform.processor() or platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}"
