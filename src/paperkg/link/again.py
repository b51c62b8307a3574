"""Resolution again after an update added mentions: only the concepts they can change are
made again (``resolve_again``); every other name keeps the id the build gave it.

``Resolver.finish`` settles, names and ids every group of the run, so it costs as much as
the vocabulary. An update's new mentions touch a few groups: a concept changes only if its
group (or a name merged into it) gained mentions, and an untouched group keeps its id as
long as no group before it in the resolution order now takes that id. That is checked
as the groups are walked in the same order as ``finish`` walks them; where it fails,
``IdMoved`` says so and the caller resolves in full. Decisions that cross groups (bare
names merged into their one definition, names defined two ways) are few and made again
in full.
"""
from __future__ import annotations

from collections import defaultdict

from paperkg.link.concepts import (Decision, Resolution, Resolver, _concept_id, _kept_apart, _order, _record, _settle,
                                   _targets, _undefined, _why)


PENDING = ("kept-apart", "undefined-acronym")  # the rules of the decisions made across groups


class IdMoved(Exception):
    """A concept of the build would get another id (the full resolution must run)."""


def resolve_again(resolver: Resolver, old: dict[tuple, str]) -> tuple[Resolution, set[str]]:
    """Resolve ``resolver``'s groups (the build's, with an update's mentions added;
    ``resolver.touched``: the keys they went to) given ``old``, the build's id of every key.
    Returns a partial ``Resolution`` (every key's id; the records and the decisions of the
    concepts that may have changed, and every cross-group decision) and those concepts' ids."""
    groups = resolver.groups
    target, apart = _targets(groups)
    affected = {target.get(k, k) for k in resolver.touched}
    bare: dict[tuple, list[tuple]] = defaultdict(list)  # definition → the bare names it takes in
    for src, dst in target.items():
        bare[dst].append(src)
    for key, defs in apart:
        for k in (key, *defs):
            _settle(groups[k])
    pending = [_kept_apart(groups, key, defs) for key, defs in apart]
    for src, dst in sorted(target.items()):
        _settle(groups[src])
        _settle(groups[dst])  # named before it takes anything in, as in ``finish``
        pending.append(_undefined(groups[src], groups[dst]))
    for dst in affected & bare.keys():  # only a concept made again needs what its bare names add
        for src in sorted(bare[dst]):
            groups[dst].absorb(groups[src])
    aliases = {d.alias for d in pending}
    by_alias: dict[str, str] = {}
    concepts, cid_of_key, decisions, taken = {}, {}, [], {}
    for key in sorted((k for k in groups if k not in target), key=_order):
        g = groups[key]
        if key in affected:
            _settle(g)
            cid = _concept_id(g, taken)
            concepts[cid] = _record(cid, g)
            for alias in sorted(g.spellings):
                by_alias[alias] = cid
                if alias != g.name:
                    decisions.append(_why(cid, g, alias, g.spellings[alias]))
        else:
            cid = old.get(key)
            if cid is None or taken.get(cid, key) != key:
                raise IdMoved(f"{key}: the build's concept {cid} would take another id")
            taken[cid] = key
            for part in (g, *(groups[src] for src in bare.get(key, ()))):  # its spellings, with its bare names'
                for alias in aliases.intersection(part.spellings):
                    by_alias[alias] = cid
        cid_of_key[key] = cid
    for src, dst in target.items():
        cid_of_key[src] = cid_of_key[dst]
    decisions += [Decision(by_alias.get(d.alias, ""), d.alias, d.rule, d.reason, d.evidence) for d in pending]
    decisions.sort(key=lambda d: (d.concept, d.alias, d.rule, d.reason))
    return Resolution(concepts, decisions, cid_of_key, _lex=resolver.lex, partial=True), set(concepts)
