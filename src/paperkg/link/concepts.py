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
from dataclasses import dataclass, field, replace

from paperkg.extract import Lexicon, best_long_form
from paperkg.model import Concept, Extraction, Mention
from paperkg.link.groups import Evidence, _Alias, _Group
from paperkg.normalize import concept_key, norm_key, slug


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


_KEYS: dict[tuple, tuple] = {}  # (name, type, long form) -> (key, group fields): names recur across papers


def _key_parts(name: str, typ: str, long_form: str | None, lex: Lexicon) -> tuple[tuple, tuple]:
    memo = (name, typ, long_form)
    hit = _KEYS.get(memo)
    if hit is not None:
        return hit
    typ = str(typ)  # a plain string in keys, whether the mention was made here or read back from JSON
    entry = lex.lookup(name)
    out = None
    if entry is not None and entry.type == typ:
        names = {concept_key(a) for a in (entry.name, *entry.aliases)}
        if long_form is None or concept_key(long_form) in names:
            lf = _gazetteer_long_form(entry.name, entry.aliases)
            key = ("gazetteer", entry.id)
            out = key, (key, typ, entry.name, lf, entry.name if lf else None, tuple(entry.aliases))
    if out is None and long_form:
        key = ("definition", typ, concept_key(name), concept_key(long_form))
        out = key, (key, typ, name, long_form, name)
    if out is None:
        key = ("name", typ, concept_key(name))
        out = key, (key, typ, name, None, None)
    if len(_KEYS) > 100_000:  # a cache, not a table: the run's vocabulary may be far larger
        _KEYS.clear()
    _KEYS[memo] = out
    return out


@dataclass
class Resolution:
    """The concept table of a run and how to find a mention's concept (``concept_of``).
    ``papers`` of each concept is counted by the edge pass (``count``); ``assignment`` is
    filled only by ``resolve``, for callers holding the extractions anyway."""

    concepts: dict[str, Concept]
    decisions: list[Decision]
    cid_of_key: dict[tuple, str]
    assignment: dict[tuple[str, int], str] = field(default_factory=dict)
    _lex: Lexicon = field(default_factory=Lexicon, repr=False)
    partial: bool = False  # ``again.resolve_again``: ``concepts`` holds only the concepts made again

    def __getstate__(self) -> dict:
        state = {k: getattr(self, k) for k in ("concepts", "decisions", "cid_of_key", "assignment", "partial")}
        return state  # the gazetteer is loaded again where it lands

    def types(self) -> dict[str, str]:
        """Every concept's type by id (an id starts with its type: ``_concept_id``)."""
        if self.partial:
            return {cid: cid.partition(":")[0] for cid in set(self.cid_of_key.values())}
        return {c.id: c.type for c in self.concepts.values()}

    def __setstate__(self, state: dict) -> None:
        self.__dict__.update(state, _lex=Lexicon())

    def concept_of(self, m: Mention) -> str:
        return self.cid_of_key[_key_parts(m.name, m.type, m.long_form, self._lex)[0]]

    def concept_of_row(self, row: tuple) -> str:
        """``concept_of`` a mention as a ``model.ROW``."""
        return self.cid_of_key[_key_parts(row[1], row[0], row[9], self._lex)[0]]

    def count(self, papers_per_concept: Counter) -> None:
        """Set each concept's ``papers`` from the edge pass's counts."""
        for cid, c in self.concepts.items():
            self.concepts[cid] = replace(c, papers=papers_per_concept.get(cid, 0))


class Resolver:
    """Resolution over a stream: ``add`` every extraction (any order), then ``finish``."""

    def __init__(self, noting: bool = False) -> None:
        self.lex = Lexicon()
        self.groups: dict[tuple, _Group] = {}
        self.touched: set[tuple] | None = set() if noting else None  # ``noting``: the keys ``add`` went to

    def add(self, ex: Extraction) -> None:
        self.add_rows(ex.id, [m.row() for m in ex.entities])

    def add_rows(self, pid: str, rows: Sequence[tuple]) -> None:
        """``add`` of a paper's mentions as ``model.ROW``s (what ``Extraction.found`` gives)."""
        groups, lex, touched = self.groups, self.lex, self.touched
        for i, row in enumerate(rows):
            key, proto = _key_parts(row[1], row[0], row[9], lex)
            g = groups.get(key)
            if g is None:
                g = groups[key] = _Group(*proto)
            g.add(pid, i, row)
            if touched is not None:
                touched.add(key)

    def merge(self, other: "Resolver") -> None:
        """Add what another resolver saw (another part of the run, resolved elsewhere): the
        result does not depend on how the run was split, as it does not on order."""
        groups = self.groups
        for key, g in other.groups.items():
            mine = groups.get(key)
            if mine is None:
                groups[key] = g
            else:
                mine.absorb(g)

    def __getstate__(self) -> dict:
        return {"groups": self.groups}  # the gazetteer is loaded again where it lands

    def __setstate__(self, state: dict) -> None:
        self.lex, self.groups, self.touched = Lexicon(), state["groups"], None

    def finish(self) -> Resolution:
        groups = self.groups
        for g in groups.values():  # nothing below may depend on the order papers came in
            _settle(g)
        target, apart = _targets(groups)
        decisions = [_kept_apart(groups, key, defs) for key, defs in apart]
        for src, dst in sorted(target.items()):
            decisions.append(_undefined(groups[src], groups[dst]))
            groups[dst].absorb(groups.pop(src))
        for dst in set(target.values()):
            _settle(groups[dst])  # named again with what its bare names added
        res = _finish(groups, decisions, self.lex)
        for src, dst in target.items():
            res.cid_of_key[src] = res.cid_of_key[dst]
        return res


def _targets(groups: dict[tuple, _Group]) -> tuple[dict[tuple, tuple], list[tuple[tuple, list[tuple]]]]:
    """The definition each bare name joins (its run defines that short or long form exactly
    once), and the bare names defined more than once (with their definitions), which stay apart."""
    by_short: dict[tuple[str, str], list[tuple]] = defaultdict(list)
    for key in groups:
        if key[0] == "definition":
            by_short[(key[1], key[2])].append(key)
            by_short[(key[1], key[3])].append(key)
    target: dict[tuple, tuple] = {}
    apart: list[tuple[tuple, list[tuple]]] = []
    for key in groups:
        if key[0] == "name" and (defs := by_short.get((key[1], key[2]))):
            defs = sorted(set(defs))
            if len(defs) == 1:
                target[key] = defs[0]
            elif len(defs) > 1:
                apart.append((key, defs))
    return target, apart


def _kept_apart(groups: dict[tuple, _Group], key: tuple, defs: list[tuple]) -> Decision:
    g = groups[key]
    longs = "; ".join(groups[d].long_form or "" for d in defs)
    return Decision("", g.name, "kept-apart", f"'{g.name}' is defined differently in this run ({longs}); "
                    "its undefined uses stay a separate concept", g.evidence())


def _undefined(g: _Group, into: _Group) -> Decision:
    """The decision that bare name ``g`` joins definition ``into`` (named, not yet merged)."""
    return Decision("", g.name, "undefined-acronym", f"'{g.name}' is used without a definition; this run "
                    f"defines it only as '{into.long_form}'", g.evidence())


def resolve(extractions: Sequence[Extraction]) -> Resolution:
    """Resolve a run held in memory, with ``assignment`` and paper counts filled."""
    r = Resolver()
    for ex in extractions:
        r.add(ex)
    res = r.finish()
    per_concept: Counter = Counter()
    for ex in extractions:
        cids = set()
        for i, m in enumerate(ex.entities):
            cid = res.assignment[(ex.id, i)] = res.concept_of(m)
            cids.add(cid)
        per_concept.update(cids)
    res.count(per_concept)
    return res


def _settle(g: _Group) -> None:
    """Name a group from its members as a whole, never from the first one seen: the most
    used spelling is the name (ties: the first in case-folded order), and so for the long
    form of a definition. A gazetteer entry keeps its listed name."""
    if g.key[0] == "gazetteer":
        return
    if g.key[0] == "definition":  # named by its defining mentions, not by merged bare uses
        names, longs = Counter(), Counter()
        for (name, lf), n in (g.defining or {}).items():
            names[name] += n
            longs[lf] += n
        g.name, g.long_form = _most_used(names), _most_used(longs)
        g.acronym = g.name
    else:
        g.name = _most_used(g.names)


def _most_used(counts: Counter) -> str:
    return min(counts, key=lambda n: (-counts[n], n.casefold(), n))


def _id_basis(g: _Group) -> str:
    """The slug an id is made from: a function of the group's spellings, not of their order
    or counts, so the same concept gets the same id in any run that spells it alike
    ("Llama3.1-8B" and "Llama-3.1-8B" both give the shorter slug, ``llama3-1-8b``)."""
    if g.key[0] == "gazetteer":
        return slug(g.long_form or g.name)
    if g.key[0] == "definition":
        spellings = {lf for _, lf in g.defining or ()}
    else:
        spellings = set(g.names)
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


_STRENGTH = {"gazetteer": 0, "definition": 1, "name": 2}


def _order(key: tuple) -> str:
    """The order resolution takes the groups in: gazetteer, then definitions, then names, and
    by key within each. Made a string: keys of one kind are tuples of the same length whose
    parts hold no NUL, so joining them keeps their order, and comparing compact strings is
    several times faster than comparing tuples spread over the groups' memory."""
    return chr(48 + _STRENGTH[key[0]]) + "\x00".join(key)


def _finish(groups: dict[tuple, _Group], pending: list[Decision], lex: Lexicon) -> Resolution:
    concepts: dict[str, Concept] = {}
    cid_of_key: dict[tuple, str] = {}
    decisions: list[Decision] = []
    taken: dict[str, tuple] = {}
    by_alias: dict[str, str] = {}
    # gazetteer and definitions first, so plain names cannot take their ids
    for key in sorted(groups, key=_order):
        g = groups[key]
        cid = cid_of_key[key] = _concept_id(g, taken)
        concepts[cid] = _record(cid, g)
        for alias in sorted(g.spellings):
            by_alias[alias] = cid
            if alias != g.name:
                decisions.append(_why(cid, g, alias, g.spellings[alias]))
    for d in pending:
        cid = by_alias.get(d.alias, "")
        decisions.append(Decision(cid, d.alias, d.rule, d.reason, d.evidence))
    decisions.sort(key=lambda d: (d.concept, d.alias, d.rule, d.reason))  # the same however the groups came
    return Resolution(concepts, decisions, cid_of_key, _lex=lex)


def _record(cid: str, g: _Group) -> Concept:
    """A settled group's concept (its paper count is the edge pass's to set)."""
    aliases: set[str] = set(g.gazetteer_aliases) | g.aliases
    if g.long_form:
        aliases.add(g.long_form)
    aliases.discard(g.name)
    return Concept(id=cid, type=g.type, name=g.name, aliases=tuple(sorted(aliases, key=lambda a: (a.casefold(), a))),
                   acronym=g.acronym, long_form=g.long_form, papers=0, proposed_by=tuple(sorted(g.proposed or ())))


def _why(cid: str, g: _Group, alias: str, spelling: _Alias) -> Decision:
    ev = g.evidence(spelling.evidence)
    if g.key[0] == "gazetteer":
        return Decision(cid, alias, "gazetteer", f"'{alias}' is a listed name of '{g.name}' in the bundled gazetteer", ev)
    if g.long_form and (norm_key(alias) == norm_key(g.long_form) or spelling.defined):
        return Decision(cid, alias, "acronym", f"'{g.acronym}' is defined as '{g.long_form}' in the paper", ev)
    return Decision(cid, alias, "same-name", f"'{alias}' and '{g.name}' normalise to the same key '{norm_key(alias)}'", ev)
