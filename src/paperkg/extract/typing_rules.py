"""Deciding the type of a name that no gazetteer knows.

Three signals, strongest first: the label of the shape pattern that found it (a
``-Bench`` suffix, a ``-2M`` size), the noun right after it or in an appositive ("X
benchmark", "X, a new dataset of …"), and, for acronyms, the head word of the long form
("… Optimization" is a method, "… Question Answering" a task, "… Score" a metric).
"""
from __future__ import annotations

from paperkg.extract.resources import load_cues

LABEL_TYPES = {
    "shape-data": "dataset",
    "shape-bench": "benchmark",
    "shape-model": "method",
    "dataset-noun": "dataset",
    "benchmark-noun": "benchmark",
}


def noun_type(word: str) -> str | None:
    cues = load_cues()
    if word in cues["dataset_nouns"] and word != "data":
        return "dataset"
    if word in cues["benchmark_nouns"] and word != "evaluation":
        return "benchmark"
    if word in cues["method_nouns"]:
        return "method"
    return None


def context_type(following: list[str]) -> str | None:
    """Type from the words after a name: "X benchmark", "X, a new large-scale dataset"."""
    if not following:
        return None
    t = noun_type(following[0])
    if t:
        return t
    if following[0] in (",", "(") and len(following) > 2 and following[1] in ("a", "an", "the"):
        for w in following[2:8]:
            t = noun_type(w)
            if t:
                return t
            if w in (",", ".", ";", "that", "which", "for", "to", "of"):
                break
    return None


def head_type(long_form: str) -> str | None:
    """Type from the last word of an acronym's long form; None when the head says nothing."""
    cues = load_cues()
    words = long_form.replace("-", " ").lower().split()
    if not words:
        return None
    head = words[-1]
    if head in cues["data_heads"]:
        return "benchmark" if head in ("benchmark", "bench", "suite", "arena", "leaderboard", "testbed", "environment", "challenge") else "dataset"
    if head in cues["metric_heads"]:
        return "metric"
    if head in cues["task_heads"]:
        return "task"
    if head in cues["method_heads"]:
        return "method"
    return None
