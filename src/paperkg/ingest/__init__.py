"""Ingest stage: paper listings in five formats → clean, deduplicated ``Paper`` records.

``read_papers`` streams raw records from files (one reader per format); ``ingest`` adds
deduplication and counts. Problems go to ``on_problem`` as ``IngestError`` values carrying
``path:line``; in strict mode the first one is raised instead.
"""
from __future__ import annotations

import itertools
import os
from array import array
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field

from paperkg.errors import IngestError
from paperkg.jsonl import line_bytes
from paperkg.ingest.detect import FORMATS, READERS, detect_format, expand_inputs
from paperkg.ingest.merge import Deduplicator, RecordKey, record_key
from paperkg.ingest.opener import DAMAGED, require_regular
from paperkg.ingest.record import IngestWarning
from paperkg.model import Paper
from paperkg.streams import batched, dump_batch, load_batches

__all__ = ["FORMATS", "IngestResult", "IngestWarning", "NoPapers", "PartRead", "ingest", "ingest_parts",
           "ingest_stream", "read_part", "read_papers", "require_papers"]


@dataclass
class IngestResult:
    papers: list[Paper]  # empty from ``ingest_stream``, whose papers come from its iterator
    read: int = 0
    skipped: int = 0
    warnings: int = 0
    merged: int = 0
    problems: list[IngestError] = field(default_factory=list)
    count: int | None = None  # papers kept, when they are not held in ``papers``

    @property
    def kept(self) -> int:
        return len(self.papers) if self.count is None else self.count

    def summary(self) -> str:
        return (f"read {self.read} records, kept {self.kept} papers, skipped {self.skipped}, "
                f"merged {self.merged} duplicates, {self.warnings} warnings")


def read_papers(
    inputs: Iterable[str],
    fmt: str | None = None,
    on_problem: Callable[[IngestError], None] | None = None,
    strict: bool = False,
    mapping: dict[str, str] | None = None,
) -> Iterator[Paper]:
    """Yield every valid record of every input (files or directories), not deduplicated.

    A missing input path is fatal (``IngestError``) before anything is read; everything
    else is reported per record or per file and the rest is kept. ``mapping`` renames
    input fields (``{"title": "titles"}``; ``records`` names the array in a JSON object)."""

    def report(err: IngestError) -> None:
        if strict:
            raise err
        if on_problem is not None:
            on_problem(err)

    for path in expand_inputs(list(inputs)):
        kept, line = 0, 0
        try:
            require_regular(path)
            name = fmt or detect_format(path)
            for paper in READERS[name](path, report, mapping):
                kept += 1
                line = int(paper.sources[0].rsplit(":", 1)[1])
                yield paper
        except DAMAGED as e:
            report(IngestError(path, line + 1, f"compressed file ends early or is damaged ({e}); "
                                               f"{kept} records before it kept"))
        except OSError as e:
            report(IngestError(path, None, f"cannot read file ({e.strerror or e})"))
        except IngestError as e:
            if strict:
                raise
            report(e)


class _Spill:
    """Records in arrival order, for replaying: pickled in batches to a file in ``scratch``,
    or a list when there is no scratch directory."""

    def __init__(self, scratch: str | None) -> None:
        self.path = os.path.join(scratch, "ingest.raw") if scratch else None
        self.held: list[Paper] = []

    def write(self, records: Iterable[Paper]) -> None:
        if self.path is None:
            self.held.extend(records)
            return
        with open(self.path, "wb") as fh:
            for batch in batched(records, 1000):
                dump_batch(batch, fh)

    def replay(self) -> Iterator[Paper]:
        if self.path is None:
            yield from self.held
            return
        for batch in load_batches(self.path):
            yield from batch

    def close(self) -> None:
        if self.path and os.path.exists(self.path):
            os.remove(self.path)


class NoPapers(IngestError):
    """Nothing usable was read: a run that would write an empty graph stops instead."""


def require_papers(result: "IngestResult", inputs: Iterable[str]) -> None:
    """Raise ``NoPapers`` with a hint when a run read no paper at all."""
    if result.kept:
        return
    names = list(inputs)
    hint = ""
    texts = [str(p) for p in result.problems]
    if sum("invalid JSON" in t for t in texts) > 1:
        hint = "; if the input is one JSON document, not one record a line, use --format json"
    elif any("--map" in t for t in texts):
        hint = "; name the fields with --map (see the messages above)"
    raise NoPapers(", ".join(names[:3]) + (", …" if len(names) > 3 else ""), None,
                   f"no papers read ({result.read} records, {result.skipped} skipped); nothing written{hint}")


def _collector(result: IngestResult, on_problem: Callable[[IngestError], None] | None):
    def collect(err: IngestError) -> None:
        result.problems.append(err)
        if isinstance(err, IngestWarning):
            result.warnings += 1
        else:
            result.skipped += 1
        if on_problem is not None:
            on_problem(err)

    return collect


def ingest(inputs: Iterable[str], fmt: str | None = None, on_problem: Callable[[IngestError], None] | None = None,
           strict: bool = False, mapping: dict[str, str] | None = None) -> IngestResult:
    """Read, clean and deduplicate, in memory; the papers keep first-seen order."""
    result, papers = ingest_stream(inputs, None, fmt, on_problem, strict, mapping)
    result.papers, result.count = list(papers), None
    return result


def ingest_stream(
    inputs: Iterable[str],
    scratch: str | None,
    fmt: str | None = None,
    on_problem: Callable[[IngestError], None] | None = None,
    strict: bool = False,
    mapping: dict[str, str] | None = None,
    prior: Iterable[Paper] = (),
) -> tuple[IngestResult, Iterator[Paper]]:
    """``ingest`` for inputs of any size: the records spill to files in the directory
    ``scratch`` (or are held in memory when it is None) while deduplication keeps only its
    key index. Reading and the counts are done when this returns; the iterator then yields the papers in first-seen order (and removes
    its files when exhausted). ``prior`` papers (an earlier build's) come first, so new
    records merge into them; they are not counted as read."""
    result = IngestResult(papers=[])
    collect = _collector(result, on_problem)
    dedup = Deduplicator()
    merged_before = 0

    def old() -> Iterator[Paper]:
        for paper in prior:
            dedup.add(paper)
            yield paper

    def read() -> Iterator[Paper]:
        nonlocal merged_before
        merged_before = dedup.merged  # merges among the prior papers are not this run's
        for paper in read_papers(inputs, fmt, collect, strict, mapping):
            result.read += 1
            note = dedup.add(paper)
            if note is not None:
                collect(note)
            yield paper

    records = _Spill(scratch)
    records.write(itertools.chain(old(), read()))
    result.merged, result.count = dedup.merged - merged_before, len(dedup)
    result.read += result.skipped

    def papers() -> Iterator[Paper]:
        try:
            yield from dedup.merged_papers(records.replay, scratch and os.path.join(scratch, "ingest.parked"))
        finally:
            records.close()

    return result, papers()


def read_against(dedup: Deduplicator, inputs: Iterable[str], fmt: str | None = None,
                 on_problem: Callable[[IngestError], None] | None = None, strict: bool = False,
                 mapping: dict[str, str] | None = None) -> tuple[IngestResult, list[tuple[int, Paper]]]:
    """Read a day's listing (held in memory) against a key index that already holds a
    build's papers: every record with its slot (a slot below the build's paper count is a
    paper the build has). The counts are this read's; ``count`` is all papers."""
    result = IngestResult(papers=[])
    collect = _collector(result, on_problem)
    before = dedup.merged
    out = []
    for paper in read_papers(inputs, fmt, collect, strict, mapping):
        result.read += 1
        note = dedup.add_key(record_key(paper))
        if note is not None:
            collect(note)
        out.append((dedup.slots[-1], paper))
    result.merged, result.count = dedup.merged - before, len(dedup)
    result.read += result.skipped
    return result, out


@dataclass
class PartRead:
    """One part of the input read on its own (a file, or a block of lines of one): its
    records went to a spill file in arrival order, and what deduplication needs of them
    (their keys) and the problems found come back, so parts can be read anywhere and
    folded together in input order (``ingest_parts``). With ``lines``, the records were
    also written there as ``papers.jsonl`` lines, ``sizes`` their lengths in bytes: where
    no record of the run merges with another, those are the papers as they are."""

    spill: str
    keys: list[RecordKey]
    problems: list[tuple[int, IngestError]]  # each with the number of records read before it
    lines: str | None = None
    sizes: array | None = None


def read_part(inputs: list[str], spill: str, fmt: str | None = None, strict: bool = False,
              mapping: dict[str, str] | None = None, lines: str | None = None) -> PartRead:
    """Read ``inputs`` (a part of a run's input) into the file ``spill`` (and as JSON
    lines into the file ``lines``, if given)."""
    part, count = PartRead(spill, [], [], lines, array("q") if lines else None), 0

    def counted() -> Iterator[Paper]:
        nonlocal count
        for paper in read_papers(inputs, fmt, lambda e: part.problems.append((count, e)), strict, mapping):
            count += 1
            yield paper

    with open(spill, "wb") as fh, open(lines or os.devnull, "wb") as out:
        for batch in batched(counted(), 1000):
            part.keys.extend(record_key(p) for p in batch)
            dump_batch(batch, fh)
            if lines:
                encoded = [line_bytes(p.to_dict()) for p in batch]
                part.sizes.extend(len(b) for b in encoded)
                out.write(b"".join(encoded))
    return part


def ingest_parts(parts: Iterable[PartRead], scratch: str,
                 on_problem: Callable[[IngestError], None] | None = None) -> tuple[IngestResult, Iterator[Paper]]:
    """``ingest_stream`` over parts read elsewhere (``read_part``), given in input order:
    the same papers in the same order, the same counts and problems. The spill files are
    removed once the papers have been read."""
    result = IngestResult(papers=[])
    collect = _collector(result, on_problem)
    dedup = Deduplicator()
    spills = []
    for part in parts:
        spills.append(part.spill)
        problems = iter(part.problems)
        at, err = next(problems, (None, None))
        for i, key in enumerate(part.keys):
            while at == i:  # in the order one sequential read reports them
                collect(err)
                at, err = next(problems, (None, None))
            note = dedup.add_key(key)
            if note is not None:
                collect(note)
        while err is not None:
            collect(err)
            at, err = next(problems, (None, None))
        result.read += len(part.keys)
    result.merged, result.count = dedup.merged, len(dedup)
    result.read += result.skipped

    def replay() -> Iterator[Paper]:
        for path in spills:
            for batch in load_batches(path):
                yield from batch

    def papers() -> Iterator[Paper]:
        try:
            yield from dedup.merged_papers(replay, os.path.join(scratch, "ingest.parked"))
        finally:
            for path in spills:
                if os.path.exists(path):
                    os.remove(path)

    return result, papers()
