"""Canonical concepts: mentions of the same thing across papers become one concept.

Merging is conservative, and every decision is recorded (``Decision``) so that
``paperkg explain`` can show why two names became one concept and which papers support it.

Keys, strongest first:
1. ``gazetteer``: the name is a listed name or alias of a gazetteer entry of the same type,
   and any long form the paper defines agrees with that entry;
2. ``definition``: the paper defines the name as an acronym (type, short form, long form);
   the same short form with another long form is another concept;
3. ``name``: type and normalised name ("Llama-3.1" = "Llama 3.1", "GPT-4" ≠ "GPT-4o").
A ``name`` key joins a ``definition`` key only when the run defines that short form (or
long form) exactly once; an acronym defined two ways stays apart.
"""
from __future__ import annotations

import hashlib
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field

from paperkg.extract.acronyms import best_long_form
from paperkg.extract.candidates import Lexicon
from paperkg.kinds import is_claim
from paperkg.model import Concept, Extraction, Mention
from paperkg.normalize import concept_key, norm_key, slug


@dataclass(frozen=True, slots=True)
class Evidence:
    paper: str
    field: str
    sentence: int
    start: int
    end: int
    surface: str

    def to_dict(self) -> dict:
        return {"paper": self.paper, "field": self.field, "sentence": self.sentence,
                "start": self.start, "end": self.end, "surface": self.surface}


@dataclass(frozen=True, slots=True)
class Decision:
    """Why ``alias`` is (or is not) part of ``concept``."""

    concept: str
    alias: str
    rule: str  # gazetteer | acronym | same-name | undefined-acronym | kept-apart
    reason: str
    evidence: tuple[Evidence, ...]

    def to_dict(self) -> dict:
        return {"concept": self.concept, "alias": self.alias, "rule": self.rule, "reason": self.reason,
                "evidence": [e.to_dict() for e in self.evidence]}


@dataclass
class Resolution:
    concepts: dict[str, Concept]
    # (paper id, index of the mention in its extraction) → concept id
    assignment: dict[tuple[str, int], str]
    decisions: list[Decision] = field(default_factory=list)


def _gazetteer_long_form(name: str, aliases: Sequence[str]) -> str | None:
    """The alias that spells out an acronym name ("DPO" → "Direct Preference Optimization")."""
    # an acronym has capitals (DPO, GRPO, LoRA); "Atari" is no acronym of "Atari 2600", nor
    # "o1" of "OpenAI o1": an expansion never contains the name itself
    if " " in name or len(name) > 10 or sum(c.isupper() for c in name) < 2:
        return None
    for a in aliases:
        if name.lower() in a.lower().split() or norm_key(a) == norm_key(name):
            continue
        lf = best_long_form(name, a) if " " in a else None
        # S&H may settle on an inner letter ("Policy Optimization" for PPO); the alias as a
        # whole counts when it also starts with the acronym's first letter.
        if lf and a.endswith(lf) and a[:1].lower() == name[:1].lower():
            return a
    return None


@dataclass
class _Group:
    key: tuple
    type: str
    name: str
    long_form: str | None
    acronym: str | None
    gazetteer_aliases: tuple[str, ...] = ()
    members: list[tuple[str, int, Mention]] = field(default_factory=list)


def _key(m: Mention, lex: Lexicon) -> tuple[tuple, _Group]:
    entry = lex.lookup(m.name)
    if entry is not None and entry.type == m.type:
        names = {concept_key(a) for a in (entry.name, *entry.aliases)}
        if m.long_form is None or concept_key(m.long_form) in names:
            lf = _gazetteer_long_form(entry.name, entry.aliases)
            return ("gazetteer", entry.id), _Group(("gazetteer", entry.id), m.type, entry.name, lf,
                                                     entry.name if lf else None, tuple(entry.aliases))
    if m.long_form:
        key = ("definition", m.type, concept_key(m.name), concept_key(m.long_form))
        return key, _Group(key, m.type, m.name, m.long_form, m.name)
    key = ("name", m.type, concept_key(m.name))
    return key, _Group(key, m.type, m.name, None, None)


def _evidence(members) -> tuple[Evidence, ...]:
    return tuple(Evidence(pid, m.field, m.sentence, m.start, m.end, m.surface) for pid, _, m in members)


def resolve(extractions: Sequence[Extraction]) -> Resolution:
    lex = Lexicon()
    groups: dict[tuple, _Group] = {}
    for ex in extractions:
        for i, m in enumerate(ex.entities):
            key, proto = _key(m, lex)
            groups.setdefault(key, proto).members.append((ex.id, i, m))
    for g in groups.values():  # nothing below may depend on the order papers came in
        g.members.sort(key=lambda x: (x[0], x[1]))
        _settle(g)
    decisions: list[Decision] = []
    # Definitions reachable from a bare name: by short form and by long form.
    by_short: dict[tuple[str, str], list[tuple]] = defaultdict(list)
    for key in groups:
        if key[0] == "definition":
            by_short[(key[1], key[2])].append(key)
            by_short[(key[1], key[3])].append(key)
    target: dict[tuple, tuple] = {}
    for key, g in groups.items():
        if key[0] != "name":
            continue
        defs = sorted(set(by_short.get((key[1], key[2]), ())))
        if len(defs) == 1:
            target[key] = defs[0]
        elif len(defs) > 1:
            longs = "; ".join(groups[d].long_form or "" for d in defs)
            decisions.append(Decision("", g.name, "kept-apart",
                                      f"'{g.name}' is defined differently in this run ({longs}); "
                                      "its undefined uses stay a separate concept", _evidence(g.members[:5])))
    for src, dst in sorted(target.items()):
        g = groups.pop(src)
        groups[dst].members.extend(g.members)
        groups[dst].members.sort(key=lambda x: (x[0], x[1]))
        decisions.append(Decision("", g.name, "undefined-acronym",
                                  f"'{g.name}' is used without a definition; this run defines it only as "
                                  f"'{groups[dst].long_form}'", _evidence(g.members[:5])))
    return _finish(groups, decisions)


def _settle(g: _Group) -> None:
    """Name a group from its members as a whole, never from the first one seen: the most
    used spelling is the name (ties: the first in case-folded order), and so for the long
    form of a definition. A gazetteer entry keeps its listed name."""
    if g.key[0] == "gazetteer":
        return
    if g.key[0] == "definition":  # named by its defining mentions, not by merged bare uses
        defining = [m for _, _, m in g.members if m.long_form]
        g.name = _most_used(m.name for m in defining)
        g.long_form = _most_used(m.long_form for m in defining)
        g.acronym = g.name
    else:
        g.name = _most_used(m.name for _, _, m in g.members)


def _most_used(names) -> str:
    counts = Counter(names)
    return min(counts, key=lambda n: (-counts[n], n.casefold(), n))


def _id_basis(g: _Group) -> str:
    """The slug an id is made from: a function of the group's spellings, not of their order
    or counts, so the same concept gets the same id in any run that spells it alike
    ("Llama3.1-8B" and "Llama-3.1-8B" both give the shorter slug, ``llama3-1-8b``)."""
    if g.key[0] == "gazetteer":
        return slug(g.long_form or g.name)
    if g.key[0] == "definition":
        spellings = {m.long_form for _, _, m in g.members if m.long_form}
    else:
        spellings = {m.name for _, _, m in g.members}
    return min((slug(x) for x in spellings), key=lambda x: (len(x), x))


def _concept_id(g: _Group, taken: dict[str, tuple]) -> str:
    """``type:basis``; when two groups of one run share a basis, the stronger key (gazetteer,
    then definition, then name; then key order) keeps it and the other adds its acronym or
    a hash of its key."""
    base = f"{g.type}:{_id_basis(g)}"
    if base in taken and taken[base] != g.key:
        if g.acronym and g.long_form:
            base = f"{g.type}:{slug(g.acronym)}--{_id_basis(g)}"
        if base in taken and taken[base] != g.key:
            base += "--" + hashlib.sha1(repr(g.key).encode()).hexdigest()[:8]
    taken[base] = g.key
    return base


def _finish(groups: dict[tuple, _Group], pending: list[Decision]) -> Resolution:
    concepts: dict[str, Concept] = {}
    assignment: dict[tuple[str, int], str] = {}
    decisions: list[Decision] = []
    taken: dict[str, tuple] = {}
    by_alias: dict[str, str] = {}
    # gazetteer and definitions first, so plain names cannot take their ids
    for key in sorted(groups, key=lambda k: ({"gazetteer": 0, "definition": 1, "name": 2}[k[0]], k)):
        g = groups[key]
        _settle(g)
        cid = _concept_id(g, taken)
        papers = sorted({pid for pid, _, _ in g.members})
        proposed = sorted({pid for pid, _, m in g.members if is_claim(m.role)})
        aliases: set[str] = set(g.gazetteer_aliases)
        for _, _, m in g.members:
            aliases.update((m.name, m.surface, *m.aliases))
        if g.long_form:
            aliases.add(g.long_form)
        aliases.discard(g.name)
        concepts[cid] = Concept(id=cid, type=g.type, name=g.name,
                                aliases=tuple(sorted(aliases, key=lambda a: (a.casefold(), a))),
                                acronym=g.acronym, long_form=g.long_form, papers=len(papers),
                                proposed_by=tuple(proposed))
        for pid, i, _ in g.members:
            assignment[(pid, i)] = cid
        for alias in sorted({m.surface for _, _, m in g.members} | {m.name for _, _, m in g.members}):
            by_alias[alias] = cid
            if alias == g.name:
                continue
            members = [x for x in g.members if alias in (x[2].surface, x[2].name)]
            decisions.append(_why(cid, g, alias, members))
    for d in pending:
        cid = by_alias.get(d.alias, "")
        decisions.append(Decision(cid, d.alias, d.rule, d.reason, d.evidence))
    decisions.sort(key=lambda d: (d.concept, d.alias, d.rule))
    return Resolution(concepts, assignment, decisions)


def _why(cid: str, g: _Group, alias: str, members) -> Decision:
    ev = _evidence(members[:5])
    if g.key[0] == "gazetteer":
        return Decision(cid, alias, "gazetteer", f"'{alias}' is a listed name of '{g.name}' in the bundled gazetteer", ev)
    defined = [x for x in members if x[2].long_form]
    if g.long_form and (norm_key(alias) == norm_key(g.long_form) or defined):
        return Decision(cid, alias, "acronym", f"'{g.acronym}' is defined as '{g.long_form}' in the paper", ev)
    return Decision(cid, alias, "same-name", f"'{alias}' and '{g.name}' normalise to the same key '{norm_key(alias)}'", ev)
