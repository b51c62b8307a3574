"""Stages run on their own (``paperkg ingest``, ``paperkg extract``), streamed as a build
streams them: the papers go through a scratch directory beside the output (the engine's
ingest and ``layout.PaperFile``), the extractions are written as they are made, and nothing
grows with the corpus but the deduplication keys and the corpus pass's votes. The outputs
are the build's ``papers.jsonl`` and ``extractions.jsonl``, byte for byte, with any number
of workers; each is written beside its path and moved there when whole.
"""
from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass

from paperkg.engine import LocalEngine
from paperkg.errors import IngestError
from paperkg.progress import Stages, quiet
from paperkg.streams import long_lived_heap


@dataclass
class Alone:
    summary: str  # the ingest's counts
    papers: int
    mentions: int = 0


@long_lived_heap()
def ingest_only(inputs: Iterable[str], output: str, fmt: str | None = None, strict: bool = False,
                on_problem: Callable[[IngestError], None] | None = None, mapping: dict[str, str] | None = None,
                workers: int = 1) -> Alone:
    """Read and deduplicate ``inputs`` into the papers file ``output``."""
    inputs = list(inputs)
    with _scratch(output) as tmp:
        papers, summary = _ingest(inputs, tmp, fmt, strict, on_problem, mapping, LocalEngine(workers))
        os.replace(papers.path, output)
    return Alone(summary, len(papers))


@long_lived_heap()
def extract_only(inputs: Iterable[str], output: str, fmt: str | None = None, strict: bool = False,
                 on_problem: Callable[[IngestError], None] | None = None, mapping: dict[str, str] | None = None,
                 workers: int = 1, stages: Stages | None = None) -> Alone:
    """Read ``inputs`` and write every paper's extraction (after the corpus pass) to the
    JSON Lines file ``output``, in the papers' order."""
    inputs = list(inputs)
    with _scratch(output) as tmp:
        engine = LocalEngine(workers)
        papers, summary = _ingest(inputs, tmp, fmt, strict, on_problem, mapping, engine)
        part = os.path.join(tmp, "extractions.jsonl")
        mentions = engine.extract_only(tmp, papers, stages or quiet, part)
        os.replace(part, output)
    return Alone(summary, len(papers), mentions)


def _ingest(inputs, tmp, fmt, strict, on_problem, mapping, engine: LocalEngine):
    from paperkg.ingest import require_papers

    result, papers = engine.ingest(inputs, tmp, fmt, on_problem, strict, mapping, ())
    require_papers(result, inputs)
    return papers, result.summary()


@contextlib.contextmanager
def _scratch(output: str) -> Iterator[str]:
    """A scratch directory beside ``output`` (on its file system, so the result is moved,
    not copied, into place), removed at the end whatever happens."""
    where = os.path.dirname(os.path.abspath(output))
    os.makedirs(where, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix=".paperkg-", dir=where) as tmp:
        yield tmp

