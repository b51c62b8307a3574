"""Ingest stage: paper listings in five formats → clean, deduplicated ``Paper`` records.

``read_papers`` streams raw records from files (one reader per format); ``ingest`` adds
deduplication and counts. Problems go to ``on_problem`` as ``IngestError`` values carrying
``path:line``; in strict mode the first one is raised instead.
"""
from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field

from paperkg.errors import IngestError
from paperkg.ingest.detect import FORMATS, READERS, detect_format, expand_inputs
from paperkg.ingest.merge import Deduplicator
from paperkg.ingest.record import IngestWarning
from paperkg.model import Paper

__all__ = ["FORMATS", "IngestResult", "IngestWarning", "ingest", "read_papers"]


@dataclass
class IngestResult:
    papers: list[Paper]
    read: int = 0
    skipped: int = 0
    warnings: int = 0
    merged: int = 0
    problems: list[IngestError] = field(default_factory=list)

    @property
    def kept(self) -> int:
        return len(self.papers)

    def summary(self) -> str:
        return (f"read {self.read} records, kept {self.kept} papers, skipped {self.skipped}, "
                f"merged {self.merged} duplicates, {self.warnings} warnings")


def read_papers(
    inputs: Iterable[str],
    fmt: str | None = None,
    on_problem: Callable[[IngestError], None] | None = None,
    strict: bool = False,
) -> Iterator[Paper]:
    """Yield every valid record of every input (files or directories), not deduplicated."""

    def report(err: IngestError) -> None:
        if strict:
            raise err
        if on_problem is not None:
            on_problem(err)

    for path in expand_inputs(list(inputs)):
        try:
            name = fmt or detect_format(path)
            yield from READERS[name](path, report)
        except OSError as e:
            report(IngestError(path, None, f"cannot read file ({e.strerror or e})"))
        except IngestError as e:
            if strict:
                raise
            report(e)


def ingest(
    inputs: Iterable[str],
    fmt: str | None = None,
    on_problem: Callable[[IngestError], None] | None = None,
    strict: bool = False,
) -> IngestResult:
    """Read, clean and deduplicate; the papers keep first-seen order."""
    result = IngestResult(papers=[])

    def collect(err: IngestError) -> None:
        result.problems.append(err)
        if isinstance(err, IngestWarning):
            result.warnings += 1
        else:
            result.skipped += 1
        if on_problem is not None:
            on_problem(err)

    dedup = Deduplicator()
    for paper in read_papers(inputs, fmt, collect, strict):
        result.read += 1
        dedup.add(paper)
    result.papers = dedup.papers()
    result.merged = dedup.merged
    result.read += result.skipped
    return result
