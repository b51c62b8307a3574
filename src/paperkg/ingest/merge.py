"""Deduplication: the same paper seen twice becomes one record with both sources.

Two records are the same paper when they share an id, or a normalised title while at most
one of them has an id of its own (two different arXiv ids with one title are two papers:
ids win over titles). When they merge, the stronger id wins (arXiv over DOI over the
input's own id over a title hash), so a listing that had no ids picks one up from a feed
that has them. When the two texts differ, the first is kept and a warning says so.
"""
from __future__ import annotations

import hashlib
import pickle
from array import array
from collections.abc import Callable, Iterable, Iterator
from dataclasses import replace

from paperkg.ingest.record import IngestWarning
from paperkg.model import Paper
from paperkg.normalize import norm_key, text_key


def _rank(pid: str) -> int:
    return 0 if pid.startswith("arxiv:") else 1 if pid.startswith("doi:") else 3 if pid.startswith("title:") else 2


def merge_two(a: Paper, b: Paper) -> Paper:
    """``a`` seen first; ``b`` fills what ``a`` lacks and adds its sources."""
    keep = a if _rank(a.id) <= _rank(b.id) else b
    other = b if keep is a else a
    return replace(
        keep,
        title=a.title,
        abstract=a.abstract,
        authors=keep.authors or other.authors,
        date=keep.date or other.date,
        url=keep.url or other.url,
        categories=keep.categories or other.categories,
        code_url=keep.code_url or other.code_url,
        sources=tuple(dict.fromkeys(a.sources + b.sources)),
    )


class Deduplicator:
    """Decides which records are the same paper as they arrive, from a compact key index
    (ids and title keys → slot, and a few facts per slot), never from the records: slots
    are numbered in first-seen order and ``slots`` holds each record's slot. ``merged``
    then replays the records (from memory or from a spill file) into one paper per slot."""

    def __init__(self) -> None:
        self._by_id: dict[str, int] = {}
        self._by_title: dict[str, int] = {}
        self._slot_id: list[str] = []  # the slot's id so far (the strongest seen)
        self._text: list[bytes] = []  # digest of the first record's title and abstract keys
        self._source: list[str] = []  # the first record's first source
        self.slots = array("q")  # slot of every record, in arrival order
        self.merged = 0

    def __len__(self) -> int:
        return len(self._slot_id)

    def slot_id(self, slot: int) -> str:
        """The id a slot's paper has so far (the strongest of its records')."""
        return self._slot_id[slot]

    def add(self, paper: Paper) -> IngestWarning | None:
        """Add one record; a warning when it is a paper already seen, with other text."""
        return self.add_key(record_key(paper))

    def add_key(self, key: "RecordKey") -> IngestWarning | None:
        """``add`` from the record's compact key (``record_key``), which may have been made
        in another process: deciding needs nothing else of the record."""
        pid, tkey, text, source = key
        slot = self._by_id.get(pid)
        if slot is None and tkey:
            slot = self._by_title.get(tkey)
            if slot is not None and _rank(pid) < 3 and _rank(self._slot_id[slot]) < 3:
                slot = None  # both carry ids of their own, and they differ: two papers
        note = None
        if slot is None:
            slot = len(self._slot_id)
            self._slot_id.append(pid)
            self._text.append(text)
            self._source.append(source)
        else:
            self.merged += 1
            first = self._slot_id[slot]
            if self._text[slot] != text:
                path, _, line = source.rpartition(":")
                note = IngestWarning(path, int(line), f"same paper as {self._source[slot]} ({first}) with other "
                                                      f"text; kept the text from {self._source[slot]}")
            if _rank(pid) < _rank(first):  # the stronger id wins (merge_two)
                self._slot_id[slot] = pid
        self.slots.append(slot)
        self._by_id[self._slot_id[slot]] = slot
        if tkey:
            self._by_title.setdefault(tkey, slot)
        return note

    def merged_papers(self, replay: Callable[[], Iterable[Paper]], scratch: str | None = None) -> Iterator[Paper]:
        """One paper per slot, in slot order, from two replays of the records in arrival
        order. The first replay folds the duplicates (``merge_two``, in arrival order) and
        parks each finished one (in memory, or in the file ``scratch``); the second yields
        every paper at its slot's first record."""
        count = array("q", bytes(8 * len(self)))
        first = array("q", [-1]) * len(self)
        for i, s in enumerate(self.slots):
            count[s] += 1
            if first[s] < 0:
                first[s] = i
        parked = _Parked(scratch)
        pending: dict[int, list] = {}
        for i, paper in enumerate(replay()):
            s = self.slots[i]
            if count[s] > 1:
                got = pending.get(s)
                got = pending[s] = [merge_two(got[0], paper), got[1] + 1] if got else [paper, 1]
                if got[1] == count[s]:
                    parked.put(s, pending.pop(s)[0])
        for i, paper in enumerate(replay()):
            s = self.slots[i]
            if count[s] == 1:
                yield paper
            elif first[s] == i:
                yield parked.take(s)
        parked.close()

    def papers(self, records: list[Paper]) -> list[Paper]:
        return list(self.merged_papers(lambda: records))


RecordKey = tuple[str, str, bytes, str]  # id, title key, text digest, first source


def record_key(paper: Paper) -> RecordKey:
    """What deduplication needs of a record: a few dozen bytes instead of the record."""
    tkey = norm_key(paper.title)
    return paper.id, tkey, _digest(tkey, paper.abstract), paper.sources[0] if paper.sources else ""


def _digest(tkey: str, abstract: str) -> bytes:
    return hashlib.blake2b(f"{tkey}\x00{text_key(abstract)}".encode(), digest_size=12).digest()


class _Parked:
    """Finished duplicates waiting for their slot's turn: a dict, or a file and offsets."""

    def __init__(self, path: str | None) -> None:
        self.held: dict[int, Paper | int] = {}
        self.fh = open(path, "w+b") if path else None

    def put(self, slot: int, paper: Paper) -> None:
        if self.fh is None:
            self.held[slot] = paper
        else:
            self.held[slot] = self.fh.tell()
            pickle.dump(paper, self.fh, protocol=pickle.HIGHEST_PROTOCOL)

    def take(self, slot: int) -> Paper:
        held = self.held.pop(slot)
        if self.fh is None:
            return held
        self.fh.seek(held)
        paper = pickle.load(self.fh)
        self.fh.seek(0, 2)
        return paper

    def close(self) -> None:
        if self.fh is not None:
            import os

            name = self.fh.name
            self.fh.close()
            os.remove(name)
