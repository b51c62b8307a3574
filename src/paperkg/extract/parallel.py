"""Running the per-paper extractor, in this process or in worker processes.

Workers are forked after the parent has built the pipeline and set the paper list, so
neither is pickled; only chunk bounds go out and compact results (frozen records of
strings and ints, never spaCy ``Doc`` objects) come back.
"""
from __future__ import annotations

import multiprocessing as mp
import os
import pickle
from dataclasses import fields
from collections.abc import Callable, Iterator, Sequence

from paperkg.errors import ExtractError
from paperkg.extract.extractor import Extractor, PaperResult
from paperkg.model import Extraction, Link, Mention, Paper
from paperkg.streams import batched, die_with_parent

CHUNK = 128
_WORKER: Extractor | None = None
_PAPERS: Sequence[Paper] = ()  # set before the pool forks: workers read papers from here


def _pipe(extractor: Extractor, papers: Sequence[Paper]) -> list[PaperResult]:
    docs = extractor.nlp.pipe((extractor.text_of(p) for p in papers), batch_size=128)
    return [extractor.from_doc(p, doc) for p, doc in zip(papers, docs)]


def _init_worker(parent: int) -> None:
    global _WORKER
    die_with_parent(parent)
    _WORKER = Extractor()


_MENTION_FIELDS = tuple(f.name for f in fields(Mention))
_LINK_FIELDS = tuple(f.name for f in fields(Link))
MENTION_AT = {name: i for i, name in enumerate(_MENTION_FIELDS)}  # a field's place in a packed mention


def pack(r: PaperResult) -> tuple:
    """Plain tuples pickle several times faster than frozen dataclasses."""
    ex = r.extraction
    return (ex.id, ex.title,
            tuple(tuple(getattr(m, f) for f in _MENTION_FIELDS) for m in ex.entities),
            tuple(tuple(getattr(l, f) for f in _LINK_FIELDS) for l in ex.links),
            r.sentence_starts, r.shape_words)


def unpack(t: tuple) -> PaperResult:
    pid, title, mentions, links, starts, shaped = t
    ex = Extraction(pid, title, tuple(Mention(*m) for m in mentions), tuple(Link(*l) for l in links))
    return PaperResult(ex, starts, shaped)


def _work(bounds: tuple[int, int]) -> bytes:
    assert _WORKER is not None
    return _pickled(_WORKER, _PAPERS[bounds[0] : bounds[1]])


def _pickled(extractor: Extractor, papers: Sequence[Paper]) -> bytes:
    """A chunk's packed results, pickled as one spill batch (``streams.dump_batch``'s
    bytes): the parent writes them to its spill file as they come, without packing and
    pickling them again."""
    return pickle.dumps([pack(r) for r in _pipe(extractor, papers)], protocol=pickle.HIGHEST_PROTOCOL)


def run_extraction(
    papers: Sequence[Paper], workers: int = 1, progress: Callable[[int], None] | None = None
) -> list[PaperResult]:
    return [r for chunk in iter_extraction(papers, workers, progress) for r in chunk]


def iter_extraction(
    papers: Sequence[Paper], workers: int = 1, progress: Callable[[int], None] | None = None,
    extractor: Extractor | None = None,
) -> Iterator[list[PaperResult]]:
    """Per-paper results in input order, a chunk at a time (nothing is held beyond the
    chunks in flight). ``extractor``: one already built, used when this runs in this
    process (``workers`` 1)."""
    if workers <= 1 or len(papers) <= CHUNK:
        extractor = extractor or Extractor()
        for chunk in batched(papers, CHUNK):  # one sequential read, also for a PaperFile
            yield _pipe(extractor, chunk)
            if progress:
                progress(len(chunk))
        return
    for data in iter_pickled(papers, workers, progress):
        yield [unpack(t) for t in pickle.loads(data)]


def iter_pickled(
    papers: Sequence[Paper], workers: int = 1, progress: Callable[[int], None] | None = None,
    extractor: Extractor | None = None,
) -> Iterator[bytes]:
    """``iter_extraction``'s chunks as the workers send them: each a pickled list of
    packed results (``pack``), in input order."""
    if workers <= 1 or len(papers) <= CHUNK:
        extractor = extractor or Extractor()
        for chunk in batched(papers, CHUNK):
            yield _pickled(extractor, chunk)
            if progress:
                progress(len(chunk))
        return
    global _PAPERS
    Extractor()  # build once in the parent so forked workers share the loaded data
    _PAPERS = papers  # forked workers inherit the list: only index ranges cross the pipe
    # concurrent.futures, not multiprocessing.Pool: a worker that dies (killed, or out of
    # memory while starting) breaks the pool with an error instead of being respawned forever
    from concurrent.futures import ProcessPoolExecutor
    from concurrent.futures.process import BrokenProcessPool

    try:
        with ProcessPoolExecutor(workers, mp_context=mp.get_context("fork"), initializer=_init_worker,
                                 initargs=(os.getpid(),)) as pool:
            bounds = [(i, min(i + CHUNK, len(papers))) for i in range(0, len(papers), CHUNK)]
            for (a, b), data in zip(bounds, pool.map(_work, bounds)):
                yield data
                if progress:
                    progress(b - a)
    except BrokenProcessPool as e:
        raise ExtractError("an extraction worker died (killed, or out of memory); "
                           "try fewer --workers or a smaller input") from e
    finally:
        _PAPERS = ()
