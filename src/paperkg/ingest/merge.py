"""Deduplication: the same paper seen twice becomes one record with both sources.

Two records are the same paper when they share an id, or a normalised title while at most
one of them has an id of its own (two different arXiv ids with one title are two papers:
ids win over titles). When they merge, the stronger id wins (arXiv over DOI over the
input's own id over a title hash), so a listing that had no ids picks one up from a feed
that has them. When the two texts differ, the first is kept and a warning says so.
"""
from __future__ import annotations

from dataclasses import replace

from paperkg.ingest.record import IngestWarning
from paperkg.model import Paper
from paperkg.normalize import norm_key


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
    """Collects papers in first-seen order, merging duplicates as they arrive."""

    def __init__(self) -> None:
        self._papers: dict[int, Paper] = {}
        self._by_id: dict[str, int] = {}
        self._by_title: dict[str, int] = {}
        self.merged = 0

    def add(self, paper: Paper) -> IngestWarning | None:
        """Add one paper; a warning when it merged with one of another text."""
        tkey = norm_key(paper.title)
        slot = self._by_id.get(paper.id)
        if slot is None and tkey:
            slot = self._by_title.get(tkey)
            if slot is not None and _rank(paper.id) < 3 and _rank(self._papers[slot].id) < 3:
                slot = None  # both carry ids of their own, and they differ: two papers
        note = None
        if slot is None:
            slot = len(self._papers)
            self._papers[slot] = paper
        else:
            self.merged += 1
            first = self._papers[slot]
            if (norm_key(first.title), norm_key(first.abstract)) != (tkey, norm_key(paper.abstract)):
                path, _, line = paper.sources[0].rpartition(":")
                note = IngestWarning(path, int(line), f"same paper as {first.sources[0]} ({first.id}) with other "
                                                      f"text; kept the text from {first.sources[0]}")
            paper = merge_two(first, paper)
            self._papers[slot] = paper
        self._by_id[paper.id] = slot
        if tkey:
            self._by_title.setdefault(tkey, slot)
        return note

    def papers(self) -> list[Paper]:
        return [self._papers[i] for i in range(len(self._papers))]
