"""Pieces of an output written straight into it when their turn comes.

A worker holds its piece's text (up to ``HOLD`` bytes) until the piece is complete. If
every piece before it is in the output by then (the output's ``Baton`` slot says this
piece is due), the worker appends the text to the output itself; else it writes the text
to a file of the piece's own, which the main process appends once the pieces before it
are in (``pieces.write_pieces``). Either way the output gets the same bytes in the same
order, but a piece written straight in is not copied a second time (at a million papers
``graph.ttl`` is 15 GB, and copying it took about 30 s of CPU).

Only the piece that is due writes to its output, and the main process appends a piece
only when it is due, so nothing else writes there meanwhile. The baton lives in shared
memory, made before the worker processes are forked (``lent``); on workers it does not
reach (a Dask cluster's), every piece goes to a file of its own.
"""
from __future__ import annotations

import contextlib
import multiprocessing as mp
from collections.abc import Iterator

HOLD = 64 << 20  # bytes of a piece's text held in memory before it is written out
_LENT: "Baton | None" = None  # the baton forked workers inherit (``lent``)


class Baton:
    """For each output, the index of the piece due next (all before it in)."""

    def __init__(self, outputs: list[str], first: dict[str, int] | None = None) -> None:
        """``first``: an output's first piece due, if not 0 (those before it are in)."""
        self.slot = {o: k for k, o in enumerate(outputs)}
        self.due = mp.get_context("fork").Array("q", [(first or {}).get(o, 0) for o in outputs])  # behind a lock

    def is_due(self, output: str, index: int) -> bool:
        with self.due.get_lock():
            return self.due[self.slot[output]] == index

    def passed(self, output: str, index: int) -> None:
        """The piece ``index`` of ``output`` is in: the next one is due."""
        with self.due.get_lock():
            self.due[self.slot[output]] = index + 1

    @contextlib.contextmanager
    def lent(self) -> Iterator["Baton"]:
        """Workers forked meanwhile (a pool's, at its first job) see this baton."""
        global _LENT
        _LENT = self
        try:
            yield self
        finally:
            _LENT = None


def lent() -> Baton | None:
    """The baton this process was forked with, if any."""
    return _LENT


class PieceText:
    """A writer of the text (``write(str)``) of piece ``index`` of the output ``name``: into
    that output's file ``path``, at its end, if the piece is due when its text is complete
    (or ``hold`` bytes of it are held), else into the file ``own``. ``close`` says where the
    piece starts in ``path`` (None: it is in ``own``) and its size in bytes."""

    def __init__(self, path: str, name: str, index: int, own: str, baton: Baton | None,
                 hold: int = HOLD) -> None:
        self.path, self.name, self.index, self.own, self.baton = path, name, index, own, baton
        self.hold = hold if baton is not None else 0
        self._held: list[bytes] = []
        self._n = 0
        self._fh = None
        self.at: int | None = None

    def write(self, text: str) -> None:
        data = text.encode("utf-8")
        self._n += len(data)
        if self._fh is not None:
            self._fh.write(data)
            return
        self._held.append(data)
        if self._n >= self.hold:
            self._place()

    def _place(self) -> None:
        if self.baton is not None and self.baton.is_due(self.name, self.index):
            self._fh = open(self.path, "r+b")
            self.at = self._fh.seek(0, 2)
        else:
            self._fh = open(self.own, "wb")
        self._fh.writelines(self._held)
        self._held = []

    def close(self) -> tuple[int | None, int]:
        if self._fh is None:
            self._place()
        self._fh.close()
        if self.at is not None:
            self.baton.passed(self.name, self.index)
        return self.at, self._n
