"""What a paper does with each thing it names: pure functions over one sentence.

A sentence is a list of lower-cased words; candidates are word index ranges. Keeping this independent of spaCy lets the corpus pass (which finds names
by plain lookup) decide roles the same way.

Cues, in the order they are tried (lists in ``patterns/cues.json``):
- ``propose``: "we propose / introduce / present / develop … X": the first candidate after
  the verb, before the clause ends ("that", "using", "to", …), is proposed. Needs a
  self-reference (we, our, this work) before the verb so "prior work introduced X" is not.
- ``name_cue``: "called / named / dubbed / termed X": X is proposed.
- ``appositive``: "X, a novel / new / first …" (also after "to the best of our
  knowledge"): X is proposed; so is an unknown name followed by "…, an algorithm / a
  benchmark …" in a sentence where the authors speak.
- ``novel``: "a novel / new / newly designed … X" in a sentence where the authors speak.
- ``component``: coined names after "comprising / consisting of" in a sentence that
  proposes something are its parts, proposed too.
- ``our``: "our X", "our benchmark, X", "our trained LLM, X" are proposed.
- ``call``: "we call it X", "which we term X": X is proposed.
- ``compare``: a method after "outperforms / compared to / than / baselines" is compared.
- ``eval``: a dataset or benchmark in a sentence about experiments or results, or after
  "on", is evaluated_on.
- ``use``: after "using / based on / fine-tuned / with" within a few words: used.
Anything else is mentioned. Data that is proposed is ``introduced``.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from paperkg.extract.resources import load_cues
from paperkg.extract.typing_rules import enumeration_items, skip_hedge
from paperkg.kinds import CLAIMABLE, fit_role, is_data, stronger
_PROPOSE_WINDOW = 25
_USE_WINDOW = 8
_WORD_RE = re.compile(r"\w[\w.+'-]*\w\+*|\w\+*|[^\w\s]")


@dataclass(frozen=True, slots=True)
class Word:
    lower: str
    start: int
    end: int


@dataclass(frozen=True, slots=True)
class Slot:
    """A candidate inside a sentence: word range [first, last), its type."""

    first: int
    last: int
    type: str
    known: bool = False  # from a gazetteer: a well-known name is rarely this paper's own


def words_of(text: str, offset: int = 0) -> list[Word]:
    """A light tokenisation for sentences the spaCy pipeline did not see."""
    return [Word(m.group(0).lower(), offset + m.start(), offset + m.end()) for m in _WORD_RE.finditer(text)]


better = stronger  # the stronger of two roles (kinds.ROLES ranks them)


def _claimable(s: Slot) -> bool:
    """A method or data, or a name whose task/metric type no list vouches for ("we propose
    Proximal Reward Difference Prediction (PRDP)": the head word says task, the claim says
    method)."""
    return s.type in CLAIMABLE or not s.known


def _after_our(lowers: list[str], k: int, owner: dict[int, int], cues) -> int | None:
    """"our X", "our benchmark, X", "our trained LLM X": the candidate after "our" and at
    most two describing words ending in a type noun, then an optional comma; "our key
    innovation is the X objective": what the contribution is said to be."""
    if k + 1 in owner:
        return owner[k + 1]
    for n in (1, 2):
        w = k + n
        if w + 1 < len(lowers) and lowers[w] in cues["contribution_nouns"] and lowers[w + 1] == "is":
            nxt = w + 2 + (w + 2 < len(lowers) and lowers[w + 2] in ("the", "a", "an"))
            if nxt in owner:
                return owner[nxt]
        if w < len(lowers) and lowers[w] in cues["our_nouns"]:
            nxt = w + 1 + (w + 1 < len(lowers) and lowers[w + 1] == ",")
            if nxt in owner:
                return owner[nxt]
        if w + 2 < len(lowers) and lowers[w].endswith("s") and lowers[w + 1] == "," and w + 2 in owner:
            return owner[w + 2]  # "our verifiers, X and Y": any plural noun, then the names
    return None


def _mates_after(lowers: list[str], i: int, slots: list[Slot], owner: dict[int, int]) -> list[int]:
    """The slots coordinated after slot i ("X, Y and Z")."""
    out, j = [], slots[i].last
    while j < len(lowers):
        k = j
        while k < len(lowers) and lowers[k] in (",", "and", "or") and k - j < 3:
            k += 1
        if k == j or k not in owner:
            break
        out.append(owner[k])
        j = slots[owner[k]].last
    return out


def _novel_before(lowers: list[str], first: int, cues) -> bool:
    """"a novel X", "a newly designed X (ABC) attention", "a novel … algorithm, X": a
    novelty word after "a"/"an", then at most a few describing words (and a comma) before
    the name, with no clause boundary between."""
    k = first - 1
    if k >= 0 and lowers[k] == ",":
        k -= 1
    for j in range(k, max(-1, k - 6), -1):
        w = lowers[j]
        if w in cues["novel_strict"]:
            return j >= 1 and lowers[j - 1] in ("a", "an")
        if w in cues["clause_stop"] or w in cues["phrase_stops"] or w in (".", "(", ")"):
            return False
    return False


def _components(lowers: list[str], slots: list[Slot], owner: dict[int, int], out: dict[int, str], cues) -> None:
    """"we introduce EgoButler, a system comprising EgoGPT and EgoRAG": coined names listed as
    the parts of a proposed thing, after it in the same sentence, are proposed too (listed
    names are someone else's: "consisting of BERT and GPT-2")."""
    if not out or cues["parts"].isdisjoint(lowers):
        return
    first = min(slots[i].first for i in out)
    for k in range(first + 1, len(lowers)):
        if lowers[k] in cues["parts"]:
            for w in range(k + 1, min(k + 12, len(lowers))):
                if lowers[w] in (".", ";") or lowers[w] in cues["clause_stop"] and lowers[w] not in ("and", ","):
                    break
                i = owner.get(w)
                if i is not None and not slots[i].known and _claimable(slots[i]):
                    out.setdefault(i, "component")
            return


def _claim_words(cues) -> frozenset[str]:
    """The words at which ``_proposal_targets`` looks for a claim."""
    return cues["propose"] | cues["name_cue"] | cues["call_verbs"] | {"our"}


@lru_cache(maxsize=1)
def _packaged_claim_words() -> frozenset[str]:
    return _claim_words(load_cues())


def _proposal_targets(lowers: list[str], slots: list[Slot], cues) -> dict[int, str]:
    out: dict[int, str] = {}
    owner = {}
    for i, s in enumerate(slots):
        for w in range(s.first, s.last):
            owner[w] = i
    words = lowers
    # most sentences hold none of the words that start a claim: skip the walk over them
    triggers = _packaged_claim_words() if cues is load_cues() else _claim_words(cues)
    for k, lw in enumerate(lowers if not triggers.isdisjoint(lowers) else ()):
        if lw in cues["propose"] and not cues["self"].isdisjoint(lowers[:k]):
            items = [owner[p] for p in enumeration_items(lowers, k + 1) if p in owner]
            for i in items:  # "we present (1) X, …; and (2) Y, …": every marked item is proposed
                if _claimable(slots[i]):
                    out.setdefault(i, "propose")
            if items:
                continue
            w = k + 1
            noun = False  # "we propose a framework for … (MAS)": what the framework is for is not proposed
            while w < len(words) and w <= k + _PROPOSE_WINDOW:
                if w in owner and _claimable(slots[owner[w]]):
                    out.setdefault(owner[w], "propose")
                    break
                if lowers[w] in cues["clause_stop"] or lowers[w] in (".", ":") or lowers[w] in cues["established"] \
                        or noun and lowers[w] in ("for", "of", "to"):
                    break  # "we introduce the classical EWC": not the authors' own
                noun = noun or lowers[w] in cues["method_nouns"] or lowers[w] in cues["task_nouns"]
                w += 1
        elif lw in cues["name_cue"]:
            # "a method named X" is proposed, "a nano-drone named X" only named
            if not any(x in cues["self"] or x in cues["novel"] or x in cues["our_nouns"] for x in lowers[max(0, k - 4) : k]):
                continue
            for w in range(k + 1, min(k + 4, len(words))):
                if w in owner and _claimable(slots[owner[w]]):
                    out.setdefault(owner[w], "name-cue")
                    break
        elif lw in cues["call_verbs"] and not cues["self"].isdisjoint(lowers[:k]):
            for w in range(k + 1, min(k + 5, len(words))):
                if w in owner and _claimable(slots[owner[w]]):
                    out.setdefault(owner[w], "call")
                    break
        elif lw == "our":
            i = _after_our(lowers, k, owner, cues)
            if i is not None and slots[i].type in CLAIMABLE and not slots[i].known:
                out.setdefault(i, "our")
                for m in _mates_after(lowers, i, slots, owner):  # "our verifiers, X and Y"
                    if slots[m].type in CLAIMABLE and not slots[m].known:
                        out.setdefault(m, "our")
    _components(lowers, slots, owner, out, cues)
    speaks = not cues["self"].isdisjoint(lowers)
    novel = speaks and not cues["novel_strict"].isdisjoint(lowers)
    for i, s in enumerate(slots):
        if s.type not in CLAIMABLE:
            continue
        if novel and not s.known and _novel_before(lowers, s.first, cues):
            out.setdefault(i, "novel")  # "we insert a novel Frame-Selector (FS) module"
            continue
        # "X, a novel …" / "X (ABC), the first …" / "X, to our knowledge the first …"
        j = s.last
        if j < len(words) and words[j] == "(":
            while j < len(words) and words[j] != ")":
                j += 1
            j += 1
        after = skip_hedge(lowers[j : j + 12])
        if len(after) > 2 and after[0] in (",", "is") and after[1] in ("a", "an", "the"):
            if any(x in cues["novel"] for x in after[2:5]) and (after[0] == "," or speaks):
                out.setdefault(i, "appositive")  # "X, a new …", "X is a new benchmark we …"
            elif not s.known and speaks and any(
                x in cues["method_nouns"] or x in cues["benchmark_nouns"] or x in cues["dataset_nouns"]
                for x in after[2:4]
            ):
                out.setdefault(i, "appositive")  # "we derive X (ABC), an algorithm for …"
    return out


def sentence_roles(lowers: list[str], slots: list[Slot]) -> list[tuple[str, str]]:
    """``(role, cue)`` for every slot of one sentence, given its lower-cased words."""
    cues = load_cues()
    proposals = _proposal_targets(lowers, slots, cues)
    has_eval = not cues["eval"].isdisjoint(lowers)
    out = []
    for i, s in enumerate(slots):
        before = lowers[max(0, s.first - _USE_WINDOW) : s.first]
        if i in proposals:
            out.append((fit_role("proposed", s.type if s.type in CLAIMABLE else "method"), proposals[i]))
        elif is_data(s.type) and (has_eval or "on" in before[-3:] or "across" in before[-3:]):
            out.append(("evaluated_on", "eval"))
        elif s.type == "method" and not cues["compare"].isdisjoint(lowers[: s.first]):
            out.append(("compared", "compare"))
        elif not cues["use"].isdisjoint(before):
            out.append(("used", "use"))
        else:
            out.append(("mentioned", "none"))
    return out
