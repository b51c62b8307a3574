"""Typing evidence: what a candidate's type rests on, and the one function that decides it.

Every rule that has an opinion on a name's type adds a piece of evidence ``(kind, type)``
instead of overwriting the type. ``decide`` weighs them with the weights of
``patterns/typing.json``; the heaviest type wins, ties going to the order of ``EntityType``
(method first). ``paperkg explain`` shows the evidence behind each concept's type.
"""
from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from functools import lru_cache

from paperkg.kinds import DATA_TYPES, ENTITY_TYPES

EVIDENCE_KINDS = (
    "gazetteer",  # a listed name or alias
    "definition",  # the head word of the acronym's long form ("… Optimization", "… Benchmark")
    "head_noun",  # the noun right after the name ("the Cityscapes dataset", "X benchmark")
    "appositive",  # "X, a new dataset of …", "X is a benchmark that …"
    "subtitle",  # the title's subtitle names the type ("X: A Benchmark for …")
    "claim",  # the authors propose it: whatever its long form's head says, not a task or metric
    "cue_phrase",  # "a dataset called X", "benchmarks including X", "fine-tuned X on"
    "data_cue",  # "trained / evaluated / experiments on X": data, but not which kind
    "shape",  # the name's own form (-Bench, -2M, -7B)
    "list_mates",  # coordinated with names of known type ("on MMLU, GSM8K and X")
    "eval_context",  # "… on X" in a sentence about experiments or results
    "corpus",  # what other papers of the run say about the name
    "default",  # nothing else: a coined name is a method
)
Evidence = tuple[str, str]  # (kind, entity type)


def scores(evidence: Iterable[Evidence]) -> Counter:
    from paperkg.extract.resources import load_typing

    w = load_typing().weights
    out: Counter = Counter()
    for kind, typ in evidence:
        out[typ] += w[kind]
    return out


# Evidence that says "data" without saying dataset or benchmark: it counts towards data as
# a whole, and picks the kind only when nothing more specific does.
UNSPECIFIC = frozenset({"data_cue", "list_mates", "eval_context", "corpus"})


def _best(s: Counter, types) -> str:
    return max(types, key=lambda t: (s.get(t, 0.0), -ENTITY_TYPES.index(t)))


def decide(evidence: Iterable[Evidence]) -> tuple[str, float]:
    """``(type, weight)``: the best-supported type and its total weight; ``("method", 0)``
    when there is no evidence at all. Datasets and benchmarks first compete together as
    data; which of the two is then decided by the specific evidence."""
    return _decide(tuple(evidence))


@lru_cache(maxsize=8192)  # the same few combinations recur in every paper
def _decide(evidence: tuple[Evidence, ...]) -> tuple[str, float]:
    s = scores(evidence)
    if not s:
        return "method", 0.0
    kinds = tuple(t for t in ENTITY_TYPES if t in DATA_TYPES)  # dataset, benchmark
    data = sum(s.get(t, 0.0) for t in kinds)
    merged = Counter({t: v for t, v in s.items() if t not in DATA_TYPES})
    merged[kinds[0]] = data  # data as a whole stands in the first data type's place
    typ = _best(merged, ENTITY_TYPES)
    if typ not in DATA_TYPES:
        return typ, s[typ]
    specific = scores(e for e in evidence if e[0] not in UNSPECIFIC)
    kind = _best(specific if any(specific.get(t) for t in kinds) else s, kinds)
    return kind, data


def is_strong(evidence: Iterable[Evidence]) -> bool:
    """Typed by the paper's own words or a list, not only by default, form or position."""
    from paperkg.extract.resources import load_typing

    return decide(evidence)[1] >= load_typing().strong


def encode(evidence: Iterable[Evidence]) -> tuple[str, ...]:
    """``kind:type`` strings, sorted and unique, as stored on a mention."""
    return _encode(tuple(evidence))


@lru_cache(maxsize=8192)
def _encode(evidence: tuple[Evidence, ...]) -> tuple[str, ...]:
    return tuple(sorted({f"{k}:{t}" for k, t in evidence}))


def decode(items: Iterable[str]) -> list[Evidence]:
    return list(_decode(tuple(items)))


@lru_cache(maxsize=8192)
def _decode(items: tuple[str, ...]) -> tuple[Evidence, ...]:
    return tuple(tuple(x.split(":", 1)) for x in items)  # type: ignore[misc]
