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
from collections import Counter, defaultdict
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


def _index(names: dict[str, str]) -> dict[str, list[tuple[str, int]]]:
    """Shape word → (name, where the word starts inside the name), longest names first."""
    idx: dict[str, list[tuple[str, int]]] = {}
    for name in names:
        for word in set(_shape_words(name)):
            at = name.find(word)
            while at >= 0:  # every place, not overlapping (as re.finditer gives them)
                idx.setdefault(word, []).append((name, at))
                at = name.find(word, at + len(word))
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


class CorpusPass:
    """The corpus pass over a stream: ``add`` every paper's result (pass one: votes and the
    names papers define, kept compact), ``finish``, then ``apply`` it to each paper again
    (pass two). Memory grows with the names of the run, not with its papers."""

    def __init__(self, noting: bool = False) -> None:
        self.lex = Lexicon()
        self.pieces: dict[str, Counter] = defaultdict(Counter)
        self.claimed: dict[str, tuple[str, str]] = {}  # a defined name -> (mention name, type), first seen
        # ``noting``: what these papers can meet in pass two, for ``finish(seen=...)``
        self.words: set[str] | None = set() if noting else None  # their shape words
        self.mentioned: set[str] | None = set() if noting else None  # their mentions' names

    def add(self, r: PaperResult) -> None:
        if self.words is not None:
            self.words |= r.shape_words
            self.mentioned.update(m.name for m in r.extraction.entities)
        self.add_extraction(r.extraction)

    def to_dict(self) -> dict:
        """Pass one's state, for an update to continue from (``build`` keeps it in
        ``corpus.json``): every name's evidence counts and the names papers define."""
        return {"pieces": {name: sorted([k, t, n] for (k, t), n in c.items()) for name, c in sorted(self.pieces.items())},
                "claimed": {name: list(v) for name, v in sorted(self.claimed.items())}}

    @classmethod
    def from_dict(cls, data: dict) -> "CorpusPass":
        cp = cls()
        for name, rows in data["pieces"].items():
            cp.pieces[name] = Counter({(k, t): n for k, t, n in rows})
        cp.claimed = {name: (v[0], v[1]) for name, v in data["claimed"].items()}
        return cp

    def merge(self, later: "CorpusPass") -> None:
        """Add pass one over a later part of the run (read elsewhere): votes add up, and a
        name both parts define keeps this part's claim, as if one pass had read both."""
        for name, c in later.pieces.items():
            self.pieces[name].update(c)
        for name, v in later.claimed.items():
            self.claimed.setdefault(name, v)

    def shipped(self) -> "CorpusPass":
        """What pass two needs (after ``finish``), without pass one's tables: the part sent
        to worker processes on other machines."""
        light = CorpusPass.__new__(CorpusPass)
        light.names, light.votes, light.idx, light.keys = self.names, self.votes, self.idx, self.keys
        return light

    def __getstate__(self) -> dict:
        return {k: v for k, v in self.__dict__.items() if k != "lex"}  # the gazetteer is not sent

    def __setstate__(self, state: dict) -> None:
        self.__dict__.update(state)
        self.lex = None  # loaded again if this pass is added to

    def add_extraction(self, ex: Extraction) -> None:
        """Pass one for a paper extracted earlier (an update's old papers): its votes and
        its claimed names count, though it is not scanned again."""
        self._add_mentions((m.type, m.name, m.surface, m.role, m.evidence) for m in ex.entities)

    def add_packed(self, t: tuple) -> None:
        """``add`` for a result as a worker sends it (``parallel.pack``), read without
        making its records."""
        from paperkg.extract.parallel import MENTION_AT

        mentions = t[2]
        if self.words is not None:
            self.words |= t[5]
            self.mentioned.update(m[MENTION_AT["name"]] for m in mentions)
        at = tuple(MENTION_AT[f] for f in ("type", "name", "surface", "role", "evidence"))
        self._add_mentions(tuple(m[i] for i in at) for m in mentions)

    def _add_mentions(self, mentions) -> None:
        """Each mention as (type, name, surface, role, evidence)."""
        lex = self.lex = self.lex or Lexicon()
        for typ, name, surface, role, evidence in mentions:
            pieces = _votes(evidence)
            if pieces:
                self.pieces[name].update(pieces)
            if not is_claim(role):
                continue
            for n in (name, surface):
                if n not in self.claimed and distinctive(n) and lex.lookup(n) is None and not lex.is_blocked(n):
                    self.claimed[n] = (name, typ)

    def finish(self, seen: "CorpusPass | None" = None) -> None:
        """Per name, the type with the most evidence over all papers of the run: every
        paper's pieces (gazetteer, head nouns, cue phrases, lists, ...) are added up, so twelve
        papers saying "on ResNet-50" cannot outvote the name's own form and the papers that
        call it a network. Default guesses and earlier votes do not count. A distinctive name
        some paper proposes or introduces travels with the type the whole run gives it.

        ``seen``: pass two will see only the papers of that pass one (made ``noting``: an
        update's new papers, merged into this one), so only what they can meet is decided:
        the votes of their mentions' names, and the defined names that hold one of their
        shape words or that they mention. Pass two gives them what it would give them after
        a full ``finish``."""
        if seen is None:
            self.votes = {name: decide(tuple(sorted(c.elements())))[0] for name, c in self.pieces.items()}
            self.names = {name: self.votes.get(mname, typ) for name, (mname, typ) in self.claimed.items()}
        else:
            words, mentioned = seen.words, seen.mentioned
            wanted = [name for name in self.claimed
                      if name in mentioned or not words.isdisjoint(_TOKEN.findall(name))]
            asked = mentioned.union(self.claimed[name][0] for name in wanted)
            self.votes = {name: decide(tuple(sorted(self.pieces[name].elements())))[0]
                          for name in asked if name in self.pieces}
            self.names = {name: self.votes.get(self.claimed[name][0], self.claimed[name][1]) for name in wanted}
        self.idx = _index(self.names)
        self.keys = set(self.idx)  # a paper with none of these words (beyond its own mentions) is not scanned

    def apply(self, paper: Paper, r: PaperResult) -> Extraction:
        names, votes, idx, keys = self.names, self.votes, self.idx, self.keys
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
            return ex
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
        return ex


def corpus_pass(papers: Sequence[Paper], results: Sequence[PaperResult]) -> list[Extraction]:
    cp = CorpusPass()
    for r in results:
        cp.add(r)
    cp.finish()
    return [cp.apply(p, r) for p, r in zip(papers, results)]
