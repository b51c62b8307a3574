"""Typing evidence from the words around one name (pure functions over lower-cased words).

- ``head_noun``: the noun right after the name ("the RLBench benchmark", "X dataset");
- ``appositive``: a type noun in an appositive or a copula after it ("X, a new large-scale
  dataset of …", "X is a benchmark that …", "X (XB), the first suite …");
- ``definition``: the head word of an acronym's long form ("… Optimization" is a method,
  "… Question Answering" a task, "… Score" a metric); long forms headed by an
  organisation, a disease or a sky object name no method or dataset (``not_entity``).
"""
from __future__ import annotations

from paperkg.extract.resources import load_cues

_STOPS = (",", ".", ";", "that", "which", "for", "to", "of", "where", "with")


def noun_type(word: str) -> str | None:
    cues = load_cues()
    if word in cues["dataset_nouns"] and word != "data":
        return "dataset"
    if word in cues["benchmark_nouns"] and word != "evaluation":
        return "benchmark"
    if word in cues["method_nouns"]:
        return "method"
    return None


def head_noun_type(following: list[str]) -> str | None:
    """"X benchmark": the word right after the name."""
    return noun_type(following[0]) if following else None


def appositive_type(following: list[str]) -> str | None:
    """"X, a new dataset …", "X is a benchmark …", "X (XB), the first suite …"."""
    k = 0
    if following[:1] == ["("]:
        k = following.index(")") + 1 if ")" in following[:8] else 0
    rest = following[k:]
    if len(rest) > 2 and (rest[0] == "," or rest[0] in ("is", "as")) and rest[1] in ("a", "an", "the"):
        for w in rest[2:8]:
            t = noun_type(w)
            if t:
                return t
            if w in _STOPS:
                break
    return None


def context_type(following: list[str]) -> str | None:
    """Type from the words after a name: the head noun, else an appositive."""
    if not following:
        return None
    return head_noun_type(following) or appositive_type(following)


def context_evidence(following: list[str]) -> list[tuple[str, str]]:
    out = []
    t = head_noun_type(following)
    if t:
        out.append(("head_noun", t))
    t = appositive_type(following) if following else None
    if t:
        out.append(("appositive", t))
    return out


def _head(long_form: str) -> str | None:
    words = long_form.replace("-", " ").lower().split()
    return words[-1] if words else None


def head_type(long_form: str) -> str | None:
    """Type from the last word of an acronym's long form; None when the head says nothing."""
    cues = load_cues()
    head = _head(long_form)
    if head is None:
        return None
    if head in cues["data_heads"]:
        return "benchmark" if head in ("benchmark", "bench", "suite", "arena", "leaderboard", "testbed", "environment", "challenge") else "dataset"
    if head in cues["metric_heads"]:
        return "metric"
    if head in cues["task_heads"]:
        return "task"
    if head in cues["method_heads"]:
        return "method"
    return None


def not_entity(long_form: str) -> bool:
    """"European Space Agency", "Alzheimer's disease", "Large Magellanic Cloud": a long
    form headed by such a word names no method, dataset or benchmark."""
    head = _head(long_form)
    return head is not None and head.rstrip("s") in {w.rstrip("s") for w in load_cues()["not_entity_heads"]}
