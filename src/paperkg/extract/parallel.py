"""Running the per-paper extractor, in this process or in worker processes.

Workers build their own pipeline once (fork start) and send back compact results
(frozen records of strings and ints), never spaCy ``Doc`` objects.
"""
from __future__ import annotations

import multiprocessing as mp
from collections.abc import Callable, Iterator, Sequence

from paperkg.extract.extractor import Extractor, PaperResult
from paperkg.model import Paper

CHUNK = 128
_WORKER: Extractor | None = None


def _pipe(extractor: Extractor, papers: Sequence[Paper]) -> list[PaperResult]:
    docs = extractor.nlp.pipe((extractor.text_of(p) for p in papers), batch_size=128)
    return [extractor.from_doc(p, doc) for p, doc in zip(papers, docs)]


def _init_worker() -> None:
    global _WORKER
    _WORKER = Extractor()


def _work(chunk: list[Paper]) -> list[PaperResult]:
    assert _WORKER is not None
    return _pipe(_WORKER, chunk)


def _chunks(papers: Sequence[Paper], size: int) -> Iterator[list[Paper]]:
    for i in range(0, len(papers), size):
        yield list(papers[i : i + size])


def run_extraction(
    papers: Sequence[Paper], workers: int = 1, progress: Callable[[int], None] | None = None
) -> list[PaperResult]:
    out: list[PaperResult] = []
    if workers <= 1 or len(papers) <= CHUNK:
        extractor = Extractor()
        for chunk in _chunks(papers, CHUNK):
            out.extend(_pipe(extractor, chunk))
            if progress:
                progress(len(chunk))
        return out
    Extractor()  # build once in the parent so forked workers share the loaded data
    ctx = mp.get_context("fork")
    with ctx.Pool(workers, initializer=_init_worker) as pool:
        for res in pool.imap(_work, _chunks(papers, CHUNK)):
            out.extend(res)
            if progress:
                progress(len(res))
    return out
