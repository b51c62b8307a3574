"""What concept resolution accumulates per name as mentions stream by (``_Group``, one per
key; ``_Alias``, one per spelling), and how a build's state stores it (``_Group.__reduce__``
as built-in values, rebuilt by ``_rebuild_group``)."""
from __future__ import annotations

import bisect
from collections import Counter
from dataclasses import dataclass, field

from paperkg.kinds import CLAIM_ROLES


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

    def __reduce__(self):  # pickled as a call: a build's state holds millions (store.state)
        return Evidence, (self.paper, self.field, self.sentence, self.start, self.end, self.surface)


_EVIDENCE = 5  # papers shown per decision: the first by (paper id, mention index)


@dataclass(slots=True)  # one per spelling of every name of a run: no per-object dict
class _Alias:
    evidence: list = field(default_factory=list)  # the _EVIDENCE smallest evidence items (``_item``)
    defined: bool = False  # some mention with this spelling carries a long form

    def __reduce__(self):
        return _Alias, (self.evidence, self.defined)


@dataclass(slots=True)
class _Group:
    """What resolution needs of a group's mentions, accumulated as they stream by (never
    the mentions themselves), so a run of any size resolves in memory that grows with its
    vocabulary, not with its papers."""

    key: tuple
    type: str
    name: str
    long_form: str | None
    acronym: str | None
    gazetteer_aliases: tuple[str, ...] = ()
    names: Counter = field(default_factory=Counter)  # name → mentions
    defining: Counter | None = None  # (name, long form) → defining mentions (most groups have none)
    aliases: set = field(default_factory=set)
    proposed: set | None = None  # papers that claim it (most groups: none)
    spellings: dict = field(default_factory=dict)  # surface or name → _Alias
    first: list = field(default_factory=list)  # the _EVIDENCE smallest evidence items (``_item``)

    def __reduce__(self):
        # as built-in values only (a build's state holds one group per name of the run:
        # hundreds of thousands, with millions of pieces of evidence), rebuilt by one call;
        # sets as sorted lists, so that the bytes do not follow the run's string hashing
        return _rebuild_group, (tuple(str(k) for k in self.key), str(self.type), self.name, self.long_form,
                                self.acronym, self.gazetteer_aliases, dict(self.names),
                                dict(self.defining) if self.defining is not None else None, sorted(self.aliases),
                                sorted(self.proposed) if self.proposed is not None else None,
                                {s: (a.defined, a.evidence) for s, a in self.spellings.items()}, self.first)

    def add(self, pid: str, i: int, row: tuple) -> None:
        """Add the ``i``-th mention of paper ``pid``, as a ``model.ROW``. The resolver's
        inner loop (once per mention of a run): the evidence lists are looked at only when
        the item would enter them."""
        _, name, surface, role, fld, start, end, sentence, aliases, long_form, _, _ = row
        self.names[name] += 1
        seen = self.aliases
        seen.add(name)
        seen.add(surface)
        if aliases:
            seen.update(aliases)
        if long_form:
            if self.defining is None:
                self.defining = Counter()
            self.defining[(name, long_form)] += 1
        if role in CLAIM_ROLES:
            if self.proposed is None:
                self.proposed = set()
            self.proposed.add(pid)
        ev = None
        first = self.first
        if len(first) < _EVIDENCE or _before(pid, i, first[-1]):  # _wanted, inline: the hot loop
            ev = (pid, i, fld, sentence, start, end, surface)
            _insert(first, ev)
        spellings = self.spellings
        for spelling in (surface, name) if surface != name else (name,):
            a = spellings.get(spelling)
            if a is None:
                a = spellings[spelling] = _Alias()
            kept = a.evidence
            if len(kept) < _EVIDENCE or _before(pid, i, kept[-1]):
                ev = ev or (pid, i, fld, sentence, start, end, surface)  # one tuple, shared
                _insert(kept, ev)
            if long_form:
                a.defined = True

    def absorb(self, other: "_Group") -> None:
        self.names.update(other.names)
        if other.defining:
            self.defining = (self.defining or Counter()) + other.defining
        self.aliases |= other.aliases
        if other.proposed:
            self.proposed = (self.proposed or set()) | other.proposed
        for ev in other.first:
            _keep_first(self.first, ev)
        for spelling, a in other.spellings.items():
            mine = self.spellings.setdefault(spelling, _Alias())
            for ev in a.evidence:
                _keep_first(mine.evidence, ev)
            mine.defined = mine.defined or a.defined

    def evidence(self, items=None) -> tuple[Evidence, ...]:
        return tuple(Evidence(pid, *rest) for pid, _, *rest in (self.first if items is None else items))


# An evidence item is a flat tuple (paper, mention index, field, sentence, start, end, surface),
# ordered by its first two; ``Evidence`` objects are made only for the decisions that show them,
# so a build's state holds (and reads back) plain tuples.


def _rebuild_group(key, typ, name, long_form, acronym, gazetteer_aliases, names, defining, aliases, proposed,
                   spellings, first) -> "_Group":
    """A ``_Group`` from ``_Group.__reduce__``'s values."""
    g = _Group(key, typ, name, long_form, acronym, gazetteer_aliases, Counter(names),
               Counter(defining) if defining is not None else None, set(aliases),
               set(proposed) if proposed is not None else None)
    g.spellings = {s: _Alias(ev, defined) for s, (defined, ev) in spellings.items()}
    g.first = first
    return g


def _wanted(kept: list, at: tuple[str, int]) -> bool:
    return len(kept) < _EVIDENCE or _before(*at, kept[-1])


def _keep_first(kept: list, item: tuple) -> None:
    if _wanted(kept, item[:2]):
        _insert(kept, item)


def _before(pid: str, i: int, item: tuple) -> bool:
    """(pid, i) comes before the evidence item ``item`` (its paper, then its mention index)."""
    return pid < item[0] or (pid == item[0] and i < item[1])


def _insert(kept: list, item: tuple) -> None:
    """Put ``item`` in its place in ``kept`` (ordered, at most _EVIDENCE long), when it has one."""
    bisect.insort(kept, item, key=_place)
    del kept[_EVIDENCE:]


def _place(item: tuple) -> tuple:
    return item[:2]
