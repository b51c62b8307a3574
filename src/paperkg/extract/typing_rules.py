"""Typing evidence from the words around one name (pure functions over lower-cased words).

- ``head_noun``: the noun right after the name ("the RLBench benchmark", "X dataset");
- ``appositive``: a type noun in an appositive or a copula after it ("X, a new large-scale
  dataset of …", "X is a benchmark that …", "X (XB), the first suite …");
- ``definition``: the head word of an acronym's long form ("… Optimization" is a method,
  "… Question Answering" a task, "… Score" a metric); long forms headed by an
  organisation, a disease or a sky object name no method or dataset (``not_entity``).
"""
from __future__ import annotations

import re

from functools import lru_cache

from paperkg.extract.resources import load_cues

_STOPS = (",", ".", ";", "that", "which", "for", "to", "of", "where", "with")


def noun_type(word: str) -> str | None:
    """The type a noun says ("benchmark", "datasets", "model"), or None."""
    cues = load_cues()
    if word in cues["dataset_nouns"] and word != "data":
        return "dataset"
    if word in cues["benchmark_nouns"] and word != "evaluation":
        return "benchmark"
    if word in cues["method_nouns"]:
        return "method"
    return None


# how many words after a name its context rules read ("X, to the best of our knowledge the
# first open-domain QA system" needs a dozen)
CONTEXT_WORDS = 16


def head_noun_type(following: list[str]) -> str | None:
    """"X benchmark": the word right after the name; "the X test set", "X's training
    split": a named split of some data."""
    if not following:
        return None
    cues = load_cues()
    k = 1 if following[0] in ("'s", "’s", "'") else 0
    if following[k : k + 1] and following[k] in cues["split_kinds"] and following[k + 1 : k + 2] \
            and following[k + 1] in cues["split_nouns"]:
        return "dataset"
    return noun_type(following[0])


@lru_cache(maxsize=1)
def _hedge_starts() -> frozenset[str]:
    return frozenset(h.split()[0] for h in load_cues()["hedges"])


_MARK = re.compile(r"\d{1,2}|[ivx]{1,4}")  # "(1)", "(ii)", "3)"


def _marker_end(lowers: list[str], j: int) -> int | None:
    """The index after an enumeration marker at ``j`` ("(1)", "(ii)", "(a)", "2)"), else None."""
    if j + 2 < len(lowers) and lowers[j] == "(" and lowers[j + 2] == ")" and (
            _MARK.fullmatch(lowers[j + 1]) or len(lowers[j + 1]) == 1 and lowers[j + 1].isalpha()):
        return j + 3
    if j + 1 < len(lowers) and lowers[j + 1] == ")" and _MARK.fullmatch(lowers[j]) and (j == 0 or lowers[j - 1] != "("):
        return j + 2
    return None


def enumeration_items(lowers: list[str], j: int) -> list[int]:
    """Where the items of a marked list start when its first marker is at ``j`` ("we present
    (1) X, a framework …; and (2) Y, a curriculum"): right after each marker from ``j`` to the
    end of the words; [] when no marker stands at ``j``."""
    first = _marker_end(lowers, j)
    if first is None:
        return []
    return [first] + [e for m in range(first, len(lowers)) if (e := _marker_end(lowers, m)) is not None]


def skip_hedge(rest: list[str]) -> list[str]:
    """"X, to the best of our knowledge the first …": the words after the hedge."""
    if len(rest) > 3 and rest[0] == "," and rest[1] in _hedge_starts():
        for hedge in load_cues()["hedges"]:
            words = hedge.split()
            if rest[1 : 1 + len(words)] == words:
                return [","] + rest[1 + len(words) + (rest[1 + len(words) : 2 + len(words)] == [","]):]
    return rest


def method_plural(word: str) -> str | None:
    """"variants such as X", "baselines like X", "models including X": a plural of a
    method noun (the data plurals are listed words already; "challenges such as" are
    problems, not competitions)."""
    if word.endswith("s") and word[:-1] in load_cues()["method_nouns"] or word in ("baselines", "approaches"):
        return "method"
    return None


def _plural_type(word: str) -> str | None:
    t = noun_type(word)
    return t if t or not word.endswith("s") else noun_type(word[:-1])


def container_type(t: str, w: str, after: list[str]) -> str:
    """"a suite of models" is a method, "a collection of benchmarks" data: a container noun
    takes the type of what it holds, when that says one."""
    if w in load_cues()["containers"] and after[:1] == ["of"]:
        inner = next((t for t in (_plural_type(x) for x in after[1:4]) if t), None)
        return inner or t
    return t


def appositive_type(following: list[str]) -> str | None:
    """"X, a new dataset …", "X is a benchmark …", "X (XB), the first suite …",
    "X, to the best of our knowledge the first … system"."""
    k = 0
    if following[:1] == ["("]:
        k = following.index(")") + 1 if ")" in following[:8] else 0
    rest = skip_hedge(following[k:])
    if len(rest) > 2 and (rest[0] == "," or rest[0] in ("is", "as")) and rest[1] in ("a", "an", "the"):
        for n, w in enumerate(rest[2:8], 2):
            t = noun_type(w)
            if t:
                return container_type(t, w, rest[n + 1 :])
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
    form headed by such a word names no method, dataset or benchmark; before "of" the head
    is the word before it ("European Court of Human Rights", "Department of Energy")."""
    heads = {w.rstrip("s") for w in load_cues()["not_entity_heads"]}
    head = _head(long_form)
    before_of = long_form.lower().split(" of ", 1)[0].split() if " of " in long_form.lower() else []
    return any(w is not None and w.rstrip("s") in heads for w in (head, *before_of[-1:]))
