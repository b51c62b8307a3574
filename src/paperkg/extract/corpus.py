"""The corpus pass: a name one paper defines is found, with that type, in every other
abstract of the same run ("we introduce OVO-Bench, a benchmark …" makes OVO-Bench a
benchmark wherever it appears).

Only distinctive names travel: a shape pattern matches one of their words (OVO-Bench,
TempMe, D3G), so a plainly capitalised word proposed by one paper ("Timo") is not hunted in
others where it could be an ordinary word. Roles in the other papers come from the same
sentence cues; a proposal cue there is not trusted (the name is someone else's).
"""
from __future__ import annotations

import bisect
import re
from functools import lru_cache
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import replace

from paperkg.extract.candidates import Lexicon
from paperkg.extract.evidence import decide, decode, encode, is_strong
from paperkg.extract.extractor import PaperResult
from paperkg.extract.roles import Slot, sentence_roles, words_of
from paperkg.kinds import Role, fit_role, is_claim, stronger
from paperkg.model import Extraction, Mention, Paper

_TOKEN = re.compile(r"\w[\w.+'-]*\w\+*|\w\+*")


@lru_cache(maxsize=100_000)
def _shape_words(name: str) -> tuple[str, ...]:
    from paperkg.extract.nlp import make_nlp

    rules = make_nlp().get_pipe("paperkg_rules")
    return tuple(w for w in _TOKEN.findall(name) if rules.shape_hits(w))


def distinctive(name: str) -> bool:
    """A name worth hunting across papers: a shape pattern matches one of its words
    ("OVO-Bench", "Video SimpleQA", "SRLAgent"); "Temporal Point Processes" is not."""
    return len(name) >= 3 and bool(_shape_words(name))


def defined_names(results: Sequence[PaperResult], lex: Lexicon, votes: dict[str, str]) -> dict[str, str]:
    """Distinctive names some paper proposes or introduces, with the type the whole run's
    evidence gives them (not the first paper's)."""
    out: dict[str, str] = {}
    for r in results:
        for m in r.extraction.entities:
            for name in (m.name, m.surface):
                if (is_claim(m.role) and distinctive(name)
                        and lex.lookup(name) is None and not lex.is_blocked(name)):
                    out.setdefault(name, votes.get(m.name, m.type))
    return out


def _index(names: dict[str, str]) -> dict[str, list[tuple[str, int]]]:
    """Shape word → (name, where the word starts inside the name), longest names first."""
    idx: dict[str, list[tuple[str, int]]] = {}
    for name in names:
        for word in set(_shape_words(name)):
            for m in re.finditer(re.escape(word), name):
                idx.setdefault(word, []).append((name, m.start()))
    for v in idx.values():
        v.sort(key=lambda x: (-len(x[0]), x[0]))
    return idx


def _bounded(text: str, s: int, e: int) -> bool:
    return (s == 0 or not (text[s - 1].isalnum() or text[s - 1] in "-_")) and (
        e == len(text) or not (text[e].isalnum() or text[e] in "-_+"))


def _hits(text: str, words: set[str], idx) -> list[tuple[int, int, str]]:
    """Occurrences of indexed names around the given words only (not a full scan)."""
    out = []
    for word in sorted(words):
        pos = text.find(word)
        while pos >= 0:
            for name, offset in idx[word]:
                s = pos - offset
                e = s + len(name)
                if s >= 0 and text[s:e] == name and _bounded(text, s, e):
                    out.append((s, e, name))
                    break
            pos = text.find(word, pos + 1)
    return sorted(set(out))


def corpus_votes(results: Sequence[PaperResult]) -> dict[str, str]:
    """Per name, the type with the most evidence over all papers of the run: every paper's
    pieces (gazetteer, head nouns, cue phrases, lists, …) are added up, so twelve papers
    saying "on ResNet-50" cannot outvote the name's own form and the papers that call it
    a network. Default guesses and earlier votes do not count."""
    pieces: dict[str, list] = defaultdict(list)
    for r in results:
        for m in r.extraction.entities:
            pieces[m.name] += _votes(m.evidence)
    return {name: decide(ev)[0] for name, ev in pieces.items() if ev}


@lru_cache(maxsize=8192)
def _votes(evidence: tuple[str, ...]) -> tuple:
    return tuple(e for e in decode(evidence) if e[0] not in ("default", "corpus"))


@lru_cache(maxsize=8192)
def _strong(evidence: tuple[str, ...]) -> bool:
    return is_strong(decode(evidence))


def _retype(m: Mention, names: dict[str, str], votes: dict[str, str]) -> Mention:
    """A mention the paper types only weakly takes the run's vote."""
    if m.rule.startswith("gazetteer") or _strong(m.evidence):
        return m
    typ = votes.get(m.name) or names.get(m.name)
    if typ is None or typ == m.type:
        return m
    return replace(m, type=typ, role=fit_role(m.role, typ), rule=f"{m.rule}+corpus",
                   evidence=encode([*decode(m.evidence), ("corpus", typ)]))


def corpus_pass(papers: Sequence[Paper], results: Sequence[PaperResult]) -> list[Extraction]:
    lex = Lexicon()
    votes = corpus_votes(results)
    names = defined_names(results, lex, votes)
    idx = _index(names)
    keys = set(idx)  # a paper with none of these words (beyond its own mentions) is not scanned
    out = []
    for paper, r in zip(papers, results):
        ex = r.extraction
        # A shape rule only guessed this name's type: the paper that defines it knows, and
        # failing that, the type other papers give it with evidence.
        retyped = tuple(_retype(m, names, votes) for m in ex.entities)
        if retyped != ex.entities:
            ex = replace(ex, entities=retyped)
        present = keys & r.shape_words
        if present:  # the paper's own mentions already cover these words (its own names, mostly)
            present -= {w for m in ex.entities for w in _TOKEN.findall(m.surface)}
        if not present:
            out.append(ex)
            continue
        texts = {"title": paper.title, "abstract": paper.abstract}
        taken = {(m.field, m.start, m.end) for m in ex.entities}
        new: list[Mention] = []
        for fld, text in texts.items():
            starts = r.sentence_starts.get(fld) or (0,)
            for s, e, name in _hits(text, present, idx):
                if any(f == fld and s < te and ts < e for f, ts, te in taken):
                    continue
                k = bisect.bisect_right(starts, s) - 1
                s0 = starts[k]
                s1 = starts[k + 1] if k + 1 < len(starts) else len(text)
                words = words_of(text[s0:s1], s0)
                first = next(i for i, w in enumerate(words) if w.start >= s)
                last = next((i for i, w in enumerate(words) if w.start >= e), len(words))
                ((role, _),) = sentence_roles([w.lower for w in words], [Slot(first, last, names[name])])
                if is_claim(role):
                    role = Role.MENTIONED  # the name is another paper's
                new.append(Mention(type=names[name], name=name, surface=text[s:e], role=role, field=fld,
                                   start=s, end=e, sentence=k, rule="corpus", confidence=0.8,
                                   evidence=encode([("corpus", names[name])])))
                taken.add((fld, s, e))
        if new:
            best: dict[str, str] = {}
            for m in new:
                best[m.name] = stronger(m.role, best.get(m.name, Role.MENTIONED))
            new = [replace(m, role=best[m.name]) for m in new]
            ents = sorted((*ex.entities, *new), key=lambda m: (m.field != "title", m.start))
            ex = replace(ex, entities=tuple(ents))
        out.append(ex)
    return out
