"""Counting concept pairs in bounded memory (the co-occurrence relation).

A run names millions of distinct pairs, most of them once, so a dictionary of pairs grows
with the papers. Pairs are kept as integers (``i * n + j`` over the sorted concept ids) in a
compact array; when it fills, it is sorted and written to a run file in ``scratch``. The
counts come back by merging the sorted runs, in pair order: the order the derived edges are
written in.
"""
from __future__ import annotations

import heapq
import os
from array import array
from collections.abc import Iterable, Iterator
from itertools import groupby

_READ = 1 << 16


class PairCounter:
    def __init__(self, scratch: str | None = None, limit: int = 4_000_000) -> None:
        self.scratch, self.limit = scratch, limit if scratch else None
        self.buffer = array("q")
        self.runs: list[str] = []

    def add(self, keys: Iterable[int]) -> None:
        self.buffer.extend(keys)
        if self.limit is not None and len(self.buffer) >= self.limit:
            self._spill()

    def flush(self) -> list[str]:
        """Write what is held to a run file too; the run files, which another counter can
        merge (``runs.extend``) and which it then removes."""
        if self.buffer:
            self._spill()
        return list(self.runs)

    def _spill(self) -> None:
        path = os.path.join(self.scratch, f".pairs-{len(self.runs)}")
        with open(path, "wb") as fh:
            _sorted(self.buffer).tofile(fh)
        self.runs.append(path)
        self.buffer = array("q")

    def counts(self) -> Iterator[tuple[int, int]]:
        """(pair, count) in pair order; the run files are removed afterwards."""
        streams = [iter(_sorted(self.buffer).tolist())] + [_read(p) for p in self.runs]
        self.buffer = array("q")
        try:
            for key, same in groupby(heapq.merge(*streams)):
                yield key, sum(1 for _ in same)
        finally:
            for p in self.runs:
                if os.path.exists(p):
                    os.remove(p)


def _sorted(keys: array):
    """The keys sorted, as a numpy array (no Python int per key: a run of 4M keys sorts in
    32 MB, not in a list of 150 MB)."""
    import numpy as np

    out = np.frombuffer(keys, dtype=np.int64).copy()
    out.sort(kind="stable")
    return out


def _read(path: str) -> Iterator[int]:
    with open(path, "rb") as fh:
        while True:
            chunk = array("q")
            try:
                chunk.fromfile(fh, _READ)
            except EOFError:
                yield from chunk
                return
            yield from chunk
