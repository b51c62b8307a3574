"""An update's concept and derived-relation tables, written mostly from the build's own
lines: a concept no new paper names, and a derived relation whose count stays, are the same
record as before, so their line is copied, not made again. Which new record repeats which
old one (``Reuse``) also lets the exports copy those records' RDF and CSV text
(``update.sections``).

The files keep the order a full build gives them (concepts by id; derived relations:
benchmarked-on and implemented-in pairs sorted, then co-occurring pairs by key), so the
result is byte for byte a full build's.
"""
from __future__ import annotations

import json
import os
from collections import Counter
from dataclasses import dataclass, replace
from itertools import chain

import numpy as np

from paperkg.jsonl import dumps
from paperkg.kinds import Relation
from paperkg.model import Concept, ConceptEdge
from paperkg.store import layout
from paperkg.store.changes import _lines_by_id

_CO = f'{{"relation":"{Relation.CO_OCCURS}"'  # how a co-occurrence line starts (they come last)


@dataclass
class Reuse:
    """For each record of the new concept table and derived-relation table, the index of
    the build's record it repeats, or -1 (new or changed); and how many records of each
    part the build's tables had."""

    concepts: np.ndarray
    edges: np.ndarray
    old_ids: list[str]  # the build's concept ids, in order
    old_repositories: int
    old_relations: dict[str, int]  # the build's derived relations by kind
    old_pairs: int  # co-occurrence relations (two RDF subjects each)

    @property
    def old_concepts(self) -> int:
        return len(self.old_ids)

    @property
    def old_counted(self) -> int:
        """The build's benchmarked-on and implemented-in relations (one RDF subject each)."""
        return sum(n for rel, n in self.old_relations.items() if rel != Relation.CO_OCCURS)


@dataclass
class OldTables:
    """What an update needs of the build's tables: every concept id (in order) and paper
    count, and the benchmarked-on and implemented-in counts with their line numbers."""

    ids: list[str]
    papers: dict[str, int]
    counted: dict[tuple[str, str, str], tuple[int, int]]  # (relation, source, target) → (line, papers)

    @classmethod
    def read(cls, out: str) -> "OldTables":
        ids, papers = [], {}
        with open(os.path.join(out, layout.CONCEPTS), encoding="utf-8") as fh:
            for line in fh:
                row = json.loads(line)
                ids.append(row["id"])
                papers[row["id"]] = row["papers"]
        counted = {}
        with open(os.path.join(out, layout.CONCEPT_EDGES), encoding="utf-8") as fh:
            for k, line in enumerate(fh):
                if line.startswith(_CO):
                    break
                row = json.loads(line)
                counted[(row["relation"], row["source"], row["target"])] = (k, row["papers"])
        return cls(ids, papers, counted)


def write_concepts(out: str, tmp: str, ids: list[str], made: dict[str, Concept],
                   papers: Counter) -> tuple[Counter, np.ndarray, dict[str, list[str]]]:
    """``concepts.jsonl`` of the updated graph (every id, sorted) into ``tmp``: a new line
    for each concept ``made`` again (the update's mentions went to it; ``papers``: the
    counts), the build's line for the others. Returns the concepts by type; per concept,
    the build's line it repeats (-1: written anew); and the ids added and changed
    (``changes.json``'s concepts: none is removed here)."""
    types: Counter = Counter()
    reuse = np.full(len(ids), -1, dtype=np.int64)
    added, changed = [], []
    old = _lines_by_id(os.path.join(out, layout.CONCEPTS), "id")
    at, (oid, line) = 0, next(old, (None, ""))
    with open(os.path.join(tmp, layout.CONCEPTS), "w", encoding="utf-8", newline="\n") as fh:
        for j, cid in enumerate(ids):
            types[cid.partition(":")[0]] += 1  # an id starts with its type
            if cid == oid:
                if cid in made:
                    new = dumps(replace(made[cid], papers=papers.get(cid, 0)).to_dict()) + "\n"
                    fh.write(new)
                    if new != line:
                        changed.append(cid)
                else:
                    fh.write(line)
                    reuse[j] = at
                at, (oid, line) = at + 1, next(old, (None, ""))
            else:
                fh.write(dumps(replace(made[cid], papers=papers.get(cid, 0)).to_dict()) + "\n")
                added.append(cid)
        if oid is not None:  # never: an old concept that went away sends the update down the full path
            raise ValueError(f"{oid}: a concept of the build is missing from the update")
    return types, reuse, {"added": added, "changed": changed, "removed": []}


def write_edges(out: str, tmp: str, old: OldTables, deriver, keys: np.ndarray, counts: np.ndarray,
                old_keys: np.ndarray, old_counts: np.ndarray) -> tuple[Counter, np.ndarray]:
    """``concept_edges.jsonl`` of the updated graph into ``tmp``: benchmarked-on and
    implemented-in pairs from the ``deriver``'s counts, co-occurring pairs from ``keys`` and
    ``counts`` (every pair, over the new id list; ``old_keys``/``old_counts``: the build's,
    over the same list). A relation whose count is the build's keeps its line. Returns the
    relations by kind and, per relation, the build's line it repeats (-1: written anew)."""
    least, ids, size = deriver.min_cooccur, deriver.ids, len(deriver.ids)
    counted = [(rel, s, t, n) for rel, d in ((Relation.BENCHMARKED_ON, deriver.evaluated),
                                            (Relation.IMPLEMENTED_IN, deriver.implemented))
               for (s, t), n in sorted(d.items())]
    shown, old_shown = counts >= least, old_counts >= least
    pairs, pair_n = keys[shown], counts[shown]
    was, was_n = old_keys[old_shown], old_counts[old_shown]
    reuse = np.full(len(counted) + len(pairs), -1, dtype=np.int64)
    relations = Counter(rel for rel, *_ in counted)
    for j, (rel, s, t, n) in enumerate(counted):
        hit = old.counted.get((rel, s, t))
        if hit is not None and hit[1] == n:
            reuse[j] = hit[0]
    if len(pairs):
        relations[Relation.CO_OCCURS] = len(pairs)
        if len(was):
            pos = np.minimum(np.searchsorted(was, pairs), len(was) - 1)
            reuse[len(counted):] = np.where((was[pos] == pairs) & (was_n[pos] == pair_n), len(old.counted) + pos, -1)

    def render(r: tuple) -> str:  # (relation, source, target, papers), or (None, pair key, papers)
        if r[0] is None:
            i, k = divmod(r[1], size)
            r = (Relation.CO_OCCURS, ids[i], ids[k], r[2])
        return dumps(ConceptEdge(*r).to_dict()) + "\n"

    records = chain(counted, ((None, key, n) for key, n in zip(pairs.tolist(), pair_n.tolist())))
    _copy_or_make(os.path.join(out, layout.CONCEPT_EDGES), os.path.join(tmp, layout.CONCEPT_EDGES), reuse,
                  records, render)
    return relations, reuse


def _copy_or_make(old_path: str, new_path: str, reuse: np.ndarray, records, render) -> None:
    """Write one line per record: the old file's line ``reuse[j]`` where it is >= 0 (they
    rise), else ``render(record)``."""
    with open(old_path, encoding="utf-8") as src, open(new_path, "w", encoding="utf-8", newline="\n") as fh:
        at, line = -1, ""
        for j, rec in zip(reuse.tolist(), records):
            if j < 0:
                fh.write(render(rec))
                continue
            while at < j:
                line, at = src.readline(), at + 1
            fh.write(line)


def write_decisions(out: str, tmp: str, decisions: list, made: set[str]) -> None:
    """``decisions.jsonl`` into ``tmp``: the build's decisions about concepts not ``made``
    again (the cross-group ones aside) and ``decisions`` (those concepts' and every
    cross-group one), in the order a full build writes them."""
    from paperkg.link.again import PENDING

    rows = []
    with open(os.path.join(out, layout.DECISIONS), encoding="utf-8") as fh:
        for line in fh:
            d = json.loads(line)
            if d["concept"] not in made and d["rule"] not in PENDING:
                rows.append(((d["concept"], d["alias"], d["rule"], d["reason"]), line))
    rows += [((d.concept, d.alias, d.rule, d.reason), dumps(d.to_dict()) + "\n") for d in decisions]
    rows.sort(key=lambda r: r[0])
    with open(os.path.join(tmp, layout.DECISIONS), "w", encoding="utf-8", newline="\n") as fh:
        fh.writelines(line for _, line in rows)
