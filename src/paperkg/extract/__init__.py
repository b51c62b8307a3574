"""Extraction stage: papers → typed mentions with roles and provenance, plus links.

``extract_papers`` runs the per-paper rules (optionally in worker processes) and then the
corpus pass; it returns ``Extraction`` records in input order.
"""
from __future__ import annotations

from collections.abc import Callable, Sequence

from paperkg.model import Extraction, Paper

__all__ = ["extract_papers", "load_extractions"]


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


def load_extractions(path: str) -> list[Extraction]:
    from paperkg.jsonl import read_jsonl

    return [Extraction.from_dict(row) for row in read_jsonl(path)]
