"""Extraction stage: papers → typed mentions with roles and provenance, plus links.

``extract_papers`` runs the per-paper rules (optionally in worker processes) and then the
corpus pass; it returns ``Extraction`` records in input order.
"""
from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence

from paperkg.extract.acronyms import best_long_form
from paperkg.extract.candidates import Lexicon
from paperkg.extract.links import canonical, classify
from paperkg.model import Extraction, Paper

# The public API; later stages use these names, never the modules behind them.
__all__ = ["CorpusPass", "Lexicon", "best_long_form", "canonical", "classify", "extract_papers", "extract_stream",
           "first_pass", "load_extractions", "second_pass"]


def extract_papers(
    papers: Sequence[Paper],
    workers: int = 1,
    corpus_pass: bool = True,
    progress: Callable[[int], None] | None = None,
) -> list[Extraction]:
    from paperkg.extract.corpus import corpus_pass as run_corpus_pass
    from paperkg.extract.parallel import run_extraction

    results = run_extraction(papers, workers=workers, progress=progress)
    if corpus_pass:
        return run_corpus_pass(papers, results)
    return [r.extraction for r in results]


def extract_stream(
    papers: Sequence[Paper],
    spill: str,
    workers: int = 1,
    progress: Callable[[int], None] | None = None,
    corpus: "CorpusPass | None" = None,
) -> Iterator[Extraction]:
    """``extract_papers`` for runs of any size: the per-paper results go to the file
    ``spill`` as they arrive (pass one keeps only the corpus votes), then the corpus pass
    streams them back, one paper at a time, in input order. ``spill`` is removed at the end.
    ``corpus``: the corpus pass to add to (an update's, holding the earlier papers' votes
    and names); its state after pass one is the caller's to keep."""
    import os

    cp = first_pass(papers, spill, workers, progress, corpus)
    cp.finish()
    try:
        yield from second_pass(papers, spill, cp)
    finally:
        os.remove(spill)


def first_pass(papers: Sequence[Paper], spill: str, workers: int = 1, progress: Callable[[int], None] | None = None,
               corpus: "CorpusPass | None" = None, extractor=None, marks: list[int] | None = None) -> "CorpusPass":
    """The per-paper rules over ``papers``, their results written to ``spill``; returns
    the corpus pass with pass one done (``corpus``, or a new one), not yet finished.
    ``extractor``: one already built, for a run in this process. ``marks``: gets the
    spill's byte offset before every batch of ``parallel.CHUNK`` papers, and its end, so
    that pass two can be split (``second_pass(span=...)``)."""
    import pickle

    from paperkg.extract.corpus import CorpusPass
    from paperkg.extract.parallel import iter_pickled

    cp = corpus if corpus is not None else CorpusPass()
    with open(spill, "wb") as fh:
        for data in iter_pickled(papers, workers=workers, progress=progress, extractor=extractor):
            if marks is not None:
                marks.append(fh.tell())
            fh.write(data)  # a batch of the spill as the worker pickled it (``streams.dump_batch``'s form)
            for t in pickle.loads(data):
                cp.add_packed(t)
        if marks is not None:
            marks.append(fh.tell())
    return cp


def second_pass(papers: Sequence[Paper], spill: str, cp: "CorpusPass",
                span: tuple[int, int] | None = None) -> Iterator[Extraction]:
    """The final extractions of ``papers``, from pass one's ``spill`` and the finished
    corpus pass ``cp``, in order; ``span``: the byte offsets in ``spill`` where these
    papers' batches start and end (when ``papers`` is a part of the run)."""
    from paperkg.extract.parallel import unpack
    from paperkg.streams import load_batches

    again = iter(papers)  # in order, as the results were written
    for chunk in load_batches(spill, span):
        for t in chunk:
            yield cp.apply(next(again), unpack(t))


def load_extractions(path: str) -> list[Extraction]:
    from paperkg.jsonl import read_jsonl

    return [Extraction.from_dict(row) for row in read_jsonl(path)]


def __getattr__(name: str):
    if name == "CorpusPass":  # loads spaCy: only when asked for
        from paperkg.extract.corpus import CorpusPass

        return CorpusPass
    raise AttributeError(f"module 'paperkg.extract' has no attribute {name!r}")
