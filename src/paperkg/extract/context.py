"""Typing evidence from a sentence: cue phrases and lists (pure over lower-cased words).

Each rule adds evidence to the candidates of one sentence; ``evidence.decide`` weighs it
later with everything else the paper says about the same name.

- ``cue_phrase``: "benchmarks including X, Y and Z", "datasets such as X", "a dataset called
  X", "trained / evaluated / experiments on X" (data), "fine-tuned X on …" (a method),
  "our benchmark, X";
- ``head_noun`` shared by a list: "the X, Y and Z benchmarks";
- ``list_mates``: names coordinated with names of known type share it ("on MMLU, GSM8K and
  FooQA": FooQA is data too), and an acronym in such a list needs no other support.
A name whose own form says method (a "-7B" size) takes no data cue: "evaluate on
Llama-3-8B" names a model.
"""
from __future__ import annotations

import re
from functools import lru_cache

from paperkg.extract.candidates import ADJECTIVE_SUFFIX, Cand
from paperkg.extract.resources import load_cues
from paperkg.extract.typing_rules import method_plural, noun_type
from paperkg.kinds import is_data

_JOINERS = frozenset({",", "and", "or", "&", "/", "as", "well", "plus"})
_DETS = frozenset({"the", "a", "an"})
_TUNE = frozenset({"fine-tune", "fine-tuned", "fine-tunes", "fine-tuning", "finetune", "finetuned", "finetuning",
                   "distill", "distilled", "train", "trains", "trained", "training", "pretrain", "pretrained"})
_INTRO = frozenset({"including", "include", "includes", "such", "like", "e.g.", "e.g", "namely", ":", "("})
_CUE_WORDS = _INTRO | _TUNE | {"on", "across", "our"}
_LOWER_ID = re.compile(r"^[a-z]{4,}[0-9]+$")  # enwiki8, text8, cifar10 (not fp16, top1)
_LOWER_ID_IN = re.compile(r"\b[a-z]{4,}[0-9]+\b")


def coordinations(lowers: list[str], cands: list[Cand], offset: int) -> list[list[Cand]]:
    """Runs of candidates joined only by commas, "and", "or" ("X, Y, and Z")."""
    groups: list[list[Cand]] = []
    for c in sorted(cands, key=lambda c: c.first):
        if groups:
            prev = groups[-1][-1]
            gap = lowers[prev.last - offset : c.first - offset]
            if 0 < len(gap) <= 3 and all(w in _JOINERS for w in gap) and gap != ["as"]:
                groups[-1].append(c)
                continue
        groups.append([c])
    return groups


def _data_type(lowers: list[str]) -> str:
    return "benchmark" if any(w.startswith("benchmark") for w in lowers) else "dataset"


def _list_intro(lowers: list[str], i: int, cues) -> str | None:
    """The type of "benchmarks including / datasets such as / suites, e.g.," just before word i."""
    k = i - 1
    while k >= 0 and i - k <= 3 and lowers[k] in (*_DETS, ",", ":", "(", "as", "including", "include", "includes",
                                                  "like", "e.g.", "e.g", "namely", "such", "i.e."):
        k -= 1
    if k < 0:
        return None
    if k == i - 1:  # "on two datasets X and Y", "the benchmarks X, Y and Z"
        before = lowers[k - 1] if k >= 1 else ""
        plural = lowers[k].endswith("s") and (before in cues["quantities"] or _is_number(before))
        return noun_type(lowers[k]) if plural else None
    between = lowers[k + 1 : i]
    if not any(w in ("including", "include", "includes", "like", "e.g.", "e.g", "namely", "such", ":", "(")
               for w in between):
        return None
    return noun_type(lowers[k]) or method_plural(lowers[k])


def _called(lowers: list[str], i: int, cues) -> str | None:
    """"a dataset called X", "a new benchmark named X": the type noun before the naming word."""
    if i >= 1 and lowers[i - 1] in cues["name_cue"]:
        for w in reversed(lowers[max(0, i - 4) : i - 1]):
            t = noun_type(w)
            if t:
                return t
            if w in ("on", "in", "for", "with", "of", "to", ","):
                break
    while i >= 1 and lowers[i - 1] in ('"', "'", "``", "“"):
        i -= 1
    if i >= 2 and lowers[i - 1] == "of" and lowers[i - 2] in cues["task_nouns"]:
        return "task"  # "the task of Visual Planning for Assistance (VPA)"
    return None


def _is_number(word: str) -> bool:
    return word.lstrip("+-~").rstrip("%x×").replace(".", "", 1).replace(",", "").isdigit()


def _scored(lowers: list[str], k: int, cues) -> bool:
    """"+7.6% on X", "3.2 points on X", "accuracy on X", "state-of-the-art on X": a score
    or a number right before "on" is a result on some data."""
    return k >= 1 and (lowers[k - 1] in cues["score_words"] or _is_number(lowers[k - 1]))


def _on_data(lowers: list[str], i: int, cues) -> str | None:
    """The evidence kind of "… on X": ``data_cue`` after a data verb ("trained on X",
    "evaluated on the X", "experiments on X", "results on X"); the weaker ``eval_context``
    after a score ("+7.6% on X", "accuracy on X"), which other papers' votes can overrule
    ("accuracy on ResNet-50" is about a network)."""
    k = i - 1
    while k >= 0 and lowers[k] in _DETS:
        k -= 1
    if k < 0 or lowers[k] not in ("on", "across"):
        return None
    if any(w in cues["data_verbs"] for w in lowers[max(0, k - 5) : k]):
        return "data_cue"
    return "eval_context" if _scored(lowers, k, cues) else None


def _noun_before(lowers: list[str], i: int, cues) -> str | None:
    """"on a challenging benchmark X", "the dataset X": a singular type noun right before
    the name, itself after an article or adjectives (so "we benchmark X" is a verb)."""
    if i < 2 or not lowers[i - 1].isalpha():
        return None
    t = noun_type(lowers[i - 1])
    if t is None or lowers[i - 1].endswith("s") and lowers[i - 1] != "corpus":
        return None
    j = i - 2
    while j >= 0 and (lowers[j] in cues["novel"] or lowers[j] in cues["plain_adjectives"]):
        j -= 1
    return t if j >= 0 and (lowers[j] in _DETS or lowers[j] in ("our", "this", "on", "in", "of")) else None


def _tuned(lowers: list[str], i: int) -> bool:
    """"fine-tuned X on …", "we train X on …": X is a model."""
    k = i - 1
    while k >= 0 and lowers[k] in _DETS:
        k -= 1
    return k >= 0 and lowers[k] in _TUNE and "on" in lowers[i + 1 : i + 6]


def _our_noun(lowers: list[str], i: int, cues) -> str | None:
    """"our benchmark, X", "our trained LLM X": the noun between "our" and the name."""
    k = i - 1
    if k >= 0 and lowers[k] == ",":
        k -= 1
    for j in range(k, max(-1, k - 3), -1):
        if lowers[j] == "our":
            t = next((noun_type(w) for w in lowers[j + 1 : k + 1] if noun_type(w)), None)
            return t
    return None


@lru_cache(maxsize=1)
def _cue_words() -> frozenset[str]:
    """Words before a lone name that make its sentence worth a look."""
    cues = load_cues()
    return frozenset(_CUE_WORDS | cues["name_cue"] | cues["task_nouns"] | cues["dataset_nouns"]
                     | cues["benchmark_nouns"] | cues["method_nouns"])


def sentence_evidence(lowers: list[str], cands: list[Cand], offset: int, cues) -> None:
    """Add cue-phrase and list evidence to the candidates of one sentence (``lowers`` are
    the sentence's words; ``offset`` is the sentence's first token index)."""
    groups = coordinations(lowers, cands, offset)
    cue_words = _cue_words()
    for group in groups:
        head = group[0].first - offset
        tail = group[-1].last - offset
        if len(group) == 1 and cue_words.isdisjoint(lowers[max(0, head - 6) : head]):
            continue  # a lone name with no cue word before it: nothing here to add
        typ = _list_intro(lowers, head, cues) or _called(lowers, head, cues) or _our_noun(lowers, head, cues) \
            or _noun_before(lowers, head, cues)
        if typ:
            for c in group:
                c.add("cue_phrase", typ)
                c.supported = True  # a list or naming cue vouches for a bare acronym ("variants such as DAPO")
        elif kind := _on_data(lowers, head, cues):
            for c in group:
                if c.shape_type != "method":
                    c.add(kind, _data_type(lowers))
        elif _tuned(lowers, head):
            group[0].add("cue_phrase", "method")
        if len(group) > 1 and tail < len(lowers) and lowers[tail].endswith("s"):
            t = noun_type(lowers[tail])  # "the X, Y and Z benchmarks"
            if t:
                for c in group:
                    c.add("head_noun", t)
        if len(group) > 1:
            _share(group)


def _share(group: list[Cand]) -> None:
    """Coordinated names share the types their mates are known by, and their support."""
    known = [(c, c.type) for c in group if c.typed]
    supported = any(c.supported or c.source in ("gazetteer", "acronym") for c in group)
    for c in group:
        for mate, typ in known:
            if mate is not c:
                c.evidence.append(("list_mates", typ))  # each mate counts
        c.supported = c.supported or supported


def _capital_after_on(lowers: list[str], texts: list[str], offset: int, cues) -> bool:
    """"… on (the) Xyz" after a data verb: the one data cue worth a closer look."""
    for k, w in enumerate(lowers):
        if w in ("on", "across"):
            j = k + 1 + (k + 1 < len(lowers) and lowers[k + 1] in _DETS)
            if j < len(lowers) and texts[offset + j][:1].isupper() \
                    and not cues["data_verbs"].isdisjoint(lowers[max(0, k - 5) : k]):
                return True
    return False


def context_names(view, cands: list[Cand], cues, lex, vetoed: set[int]) -> list[Cand]:
    """Plain capitalised words that a data context names ("we evaluate on MMLU and
    Snorkeltown", "datasets such as FlimFlam and Grobble", "the Quibble, Zarf and Frobnitz
    benchmarks"): no shape marks them, the list they stand in does. Runs of up to three
    capitalised words are one name; a sentence's first word never starts one."""
    out: list[Cand] = []
    texts = view.texts
    taken = {t for c in cands if c.field == "abstract" for t in range(c.first, c.last)}
    by_first = {c.first: c for c in cands if c.field == "abstract"}
    data_at = {c.first for c in cands if c.field == "abstract" and is_data(c.type)}
    triggers = _INTRO | {"datasets", "benchmarks", "corpora", "suites", "environments"}
    for sent in view.sents:
        lowers = view.lowers[sent.start : sent.end]
        # most sentences have no data context at all: say so before looking at every word
        if triggers.isdisjoint(lowers) and not _capital_after_on(lowers, texts, sent.start, cues) \
                and not any(sent.start <= i < sent.end for i in data_at):
            continue
        # capitalised words no candidate covers (a sentence's first word never starts a name)
        free = [i for i in range(sent.start + 1, sent.end) if texts[i][:1].isupper() and i not in taken
                and not ADJECTIVE_SUFFIX.search(texts[i])]  # "a Kestrel-based dataset" describes, names nothing
        if _LOWER_ID_IN.search(view.text, view.idx[sent.start], view.end_char(sent.end - 1)):
            free = sorted(free + [i for i in range(sent.start + 1, sent.end)
                                  if _LOWER_ID.match(texts[i]) and i not in taken])
        if not free:
            continue
        starts = sorted({f for f in by_first if sent.start < f < sent.end} | set(free))
        items: list[tuple[int, int, Cand | None]] = []  # (first, last, existing candidate)
        absorbed: dict[int, Cand] = {}  # a new name's first word -> the candidate it takes in
        nxt = sent.start + 1
        for i in starts:
            if i < nxt:
                continue
            if i in by_first:
                c = by_first[i]
                items.append((c.first, c.last, c))
                nxt = c.last
                continue
            if _LOWER_ID.match(texts[i]):
                if i not in vetoed:
                    items.append((i, i + 1, None))  # "on enwiki8 and text8": a lower-case id, alone
                nxt = i + 1
                continue
            end = i
            while end < min(i + 3, sent.end) and end not in taken and end not in vetoed \
                    and texts[end][:1].isupper() and texts[end].replace("-", "").isalnum() \
                    and len(texts[end]) > 2 and not view.is_stop(end) and not lex.is_blocked(texts[end]):
                end += 1
            if end > i and end < sent.end and end not in taken and texts[end].isdigit() and 2 <= len(texts[end]) <= 4 \
                    and view.adjacent(end):
                end += 1  # "Market 1501", "ICDAR 2017": a number closes the name
            elif end > i and end in by_first and by_first[end].needs_support and view.adjacent(end):
                absorbed[i] = by_first[end]  # "Duke MTMC": a bare acronym closes the name
                end = by_first[end].last
            if end > i:
                items.append((i, end, None))
            nxt = max(end, i + 1)
        chains: list[list[tuple[int, int, Cand | None]]] = []
        for it in items:
            if chains:
                gap = view.lowers[chains[-1][-1][1] : it[0]]
                if 0 < len(gap) <= 3 and all(w in _JOINERS for w in gap) and gap != ["as"]:
                    chains[-1].append(it)
                    continue
            chains.append([it])
        for chain in chains:
            new = [it for it in chain if it[2] is None]
            if not new:
                continue
            head, tail = chain[0][0] - sent.start, chain[-1][1] - sent.start
            intro = _list_intro(lowers, head, cues)
            plural = tail < len(lowers) and lowers[tail].endswith("s") and is_data(noun_type(lowers[tail]))
            mates = any(it[2] is not None and it[2].typed and is_data(it[2].type) for it in chain)
            if not (is_data(intro) or plural or _on_data(lowers, head, cues) or mates and len(chain) > 1):
                continue
            for first, last, _ in new:
                if first in absorbed:
                    cands.remove(absorbed[first])
                name = view.span_text(first, last)
                out.append(Cand("abstract", view.idx[first], view.end_char(last - 1), first, last, name, name,
                                "context-name", "shape", 0.7, [], {name}, supported=True))
    return out
