"""An update's concept sections written from the build's own text: the end of
``graph.ttl`` (concepts, repositories, derived relations) and the Neo4j files of concepts
and derived relations. A record ``tables.Reuse`` marks as repeated gets the build's text,
copied in runs; only new and changed records are rendered.

Both take the build's section apart by records only when its shape is the one expected
(one Turtle statement per concept, repository and relation, two per co-occurrence; one CSV
line per row); otherwise they say so and the caller writes the section in full.
"""
from __future__ import annotations

import json
import os
from collections.abc import Iterator

import numpy as np

from paperkg.kinds import Relation
from paperkg.model import Concept, ConceptEdge
from paperkg.store import layout

_CHUNK = 1 << 26


def statement_starts(path: str) -> np.ndarray:
    """Where each Turtle statement of a concept section starts (a line beginning with
    ``<``: strings never hold a raw line break), then the file's size."""
    size = os.path.getsize(path)
    if size == 0:
        return np.zeros(1, dtype=np.int64)
    mm = np.memmap(path, dtype=np.uint8, mode="r")
    found = [np.zeros(1, dtype=np.int64)]
    for a in range(0, size - 1, _CHUNK):
        view = mm[a: min(size, a + _CHUNK + 1)]
        nl = np.flatnonzero(view[:-1] == 10)
        found.append(nl[view[nl + 1] == 60] + a + 1)
    found.append(np.array([size], dtype=np.int64))
    return np.concatenate(found)


class _Runs:
    """Bytes copied from the old section in runs of consecutive statements, text between."""

    def __init__(self, src: str, starts: np.ndarray, out) -> None:
        self.src, self.starts, self.out, self.run = open(src, "rb"), starts, out, None

    def copy(self, first: int, stop: int) -> None:
        if self.run and self.run[1] == first:
            self.run[1] = stop
        else:
            self.flush()
            self.run = [first, stop]

    def text(self, text: str) -> None:
        self.flush()
        self.out.write(text.encode())

    def flush(self) -> None:
        if self.run:
            a, b = int(self.starts[self.run[0]]), int(self.starts[self.run[1]])
            self.src.seek(a)
            while a < b:
                piece = self.src.read(min(b - a, 1 << 22))
                self.out.write(piece)
                a += len(piece)
            self.run = None

    def close(self) -> None:
        self.flush()
        self.src.close()


def _changed(path: str, reuse: np.ndarray, cls) -> Iterator[tuple[int, object]]:
    """(index, record) of the lines of ``path`` that ``reuse`` marks new or changed."""
    with open(path, encoding="utf-8") as fh:
        for j, (line, k) in enumerate(zip(fh, reuse.tolist())):
            yield j, (cls.from_dict(json.loads(line)) if k < 0 else None)


def splice_turtle(tail: str, out: str, tmp: str, path: str, reuse, old_triples: int, version: str) -> int | None:
    """Append the updated graph's concept section to the Turtle file ``path``, from the
    build's section (saved in ``tail``) and the new tables in ``tmp`` (``out``: the build's
    tables); its triples (``old_triples``: the build's section's), or None when the old
    section is not shaped as expected (nothing is written then)."""
    from paperkg.export.rdf import SectionTerms
    from paperkg.export.turtle import _compact_map, turtle_group

    starts = statement_starts(tail)
    oc, orp, ocn, opr = reuse.old_concepts, reuse.old_repositories, reuse.old_counted, reuse.old_pairs
    if len(starts) - 1 != oc + orp + ocn + 2 * opr:
        return None
    terms, short = SectionTerms(version), _compact_map()
    triples = old_triples - _dropped(out, reuse, terms)
    with open(path, "ab") as fh:
        runs = _Runs(tail, starts, fh)
        for j, c in _changed(os.path.join(tmp, layout.CONCEPTS), reuse.concepts, Concept):
            k = int(reuse.concepts[j])
            if k >= 0:
                runs.copy(k, k + 1)
            else:
                s, po = terms.concept(c)
                triples += len(po)
                runs.text(turtle_group(s, po, short))
        for r in layout.read_records(tmp, "repositories"):
            s, po = terms.repository(r)
            triples += len(po)
            runs.text(turtle_group(s, po, short))
        base = oc + orp
        for j, e in _changed(os.path.join(tmp, layout.CONCEPT_EDGES), reuse.edges, ConceptEdge):
            k = int(reuse.edges[j])
            if k >= ocn:
                first = base + ocn + 2 * (k - ocn)
                runs.copy(first, first + 2)
            elif k >= 0:
                runs.copy(base + k, base + k + 1)
            else:
                groups = terms.edge(e)
                triples += sum(len(po) for _, po in groups)
                runs.text("".join(turtle_group(s, po, short) for s, po in groups))
        runs.close()
    return triples


def _dropped(out: str, reuse, terms) -> int:
    """Triples of the build's section that are not copied: its changed concepts, its
    repositories (always written again) and its changed relations."""
    kept = np.zeros(reuse.old_concepts, dtype=bool)
    kept[reuse.concepts[reuse.concepts >= 0]] = True
    n = 0
    with open(os.path.join(out, layout.CONCEPTS), encoding="utf-8") as fh:
        for k, line in enumerate(fh):
            if not kept[k]:
                n += len(terms.concept(Concept.from_dict(json.loads(line)))[1])
    n += sum(len(terms.repository(r)[1]) for r in layout.read_records(out, "repositories"))
    edges = np.zeros(reuse.old_counted + reuse.old_pairs, dtype=bool)
    edges[reuse.edges[reuse.edges >= 0]] = True
    n += int((~edges[: reuse.old_counted]).sum()) + 5 * int((~edges[reuse.old_counted:]).sum())
    return n


def splice_csv(old_dir: str, new_dir: str, tmp: str, reuse) -> bool:
    """Write the updated graph's concept node files and derived relation files into
    ``new_dir`` from the build's (``old_dir``) and the new tables in ``tmp``; False (and
    nothing written) when a build's file does not hold one line per row."""
    from paperkg.export.neo4j_csv import ARRAY_DELIMITER, _converter, node_file, node_header, rel_file, rel_header
    from paperkg.export.neo4j_rows import _CONCEPT, _DERIVED

    old_types = [cid.partition(":")[0] for cid in reuse.old_ids]  # a concept id starts with its type
    old_relations = reuse.old_relations
    per_type: dict[str, int] = {}
    rank = np.empty(len(old_types), dtype=np.int64)
    for k, t in enumerate(old_types):
        rank[k] = per_type.get(t, 0)
        per_type[t] = rank[k] + 1
    order = [Relation.BENCHMARKED_ON, Relation.IMPLEMENTED_IN]
    first_of = {rel: sum(old_relations.get(r, 0) for r in order[: order.index(rel)]) for rel in order}
    expected = {node_file(_CONCEPT[t]): n for t, n in per_type.items()}
    expected.update({rel_file(_DERIVED[r]): n for r, n in old_relations.items() if n})
    for name, rows in expected.items():
        if _lines(os.path.join(old_dir, name)) != rows + 1:
            return False
    outs: dict = {}  # group → _CsvOut, opened at its first row

    def out_for(g, node: bool) -> "_CsvOut":
        o = outs.get(g)
        if o is None:
            name = node_file(g) if node else rel_file(g)
            header, fixed = ((node_header(g), (ARRAY_DELIMITER.join(g.labels),)) if node
                             else (rel_header(g), (g.type,)))
            o = outs[g] = _CsvOut(os.path.join(new_dir, name), os.path.join(old_dir, name), header, fixed,
                                  _converter(g.keys, 1 if node else 2), 1 if node else 2)
        return o

    try:
        with open(os.path.join(tmp, layout.CONCEPTS), encoding="utf-8") as lines:
            for line, k in zip(lines, reuse.concepts.tolist()):
                if k >= 0:
                    out_for(_CONCEPT[old_types[k]], True).copy(int(rank[k]))
                    continue
                c = Concept.from_dict(json.loads(line))
                out_for(_CONCEPT[c.type], True).render((c.id, c.name, c.type, list(c.aliases), c.acronym,
                                                        c.long_form, c.papers, list(c.proposed_by), True))
        co = out_for(_DERIVED[Relation.CO_OCCURS], False) if old_relations.get(Relation.CO_OCCURS) else None
        with open(os.path.join(tmp, layout.CONCEPT_EDGES), encoding="utf-8") as lines:
            for line, k in zip(lines, reuse.edges.tolist()):
                if k >= reuse.old_counted:
                    co.copy(k - reuse.old_counted)
                elif k >= 0:
                    rel = _relation_at(k, first_of)
                    out_for(_DERIVED[rel], False).copy(k - first_of[rel])
                else:
                    e = ConceptEdge.from_dict(json.loads(line))
                    out_for(_DERIVED[e.relation], False).render((e.source, e.target, e.papers))
    finally:
        for o in outs.values():
            o.close()
    return True


class _CsvOut:
    """One CSV file of the bundle being written: rows copied from the build's file (by row
    number, rising) or rendered as ``neo4j_csv`` renders them."""

    def __init__(self, path: str, old: str, header: list[str], fixed: tuple, convert, skip: int) -> None:
        import csv

        self.fh = open(path, "w", encoding="utf-8", newline="")
        self.w = csv.writer(self.fh, lineterminator="\n")
        self.w.writerow(header)
        self.fixed, self.convert, self.skip = fixed, convert, skip
        self.src = open(old, encoding="utf-8", newline="") if os.path.exists(old) else None
        if self.src:
            self.src.readline()  # its header
        self.at = -1

    def copy(self, row: int) -> None:
        src, line = self.src, ""
        while self.at < row:
            line, self.at = src.readline(), self.at + 1
        self.fh.write(line)

    def render(self, row: tuple) -> None:
        r, skip = self.convert(row), self.skip
        self.w.writerow((*r[:skip], *self.fixed, *r[skip:]))

    def close(self) -> None:
        self.fh.close()
        if self.src:
            self.src.close()


def _relation_at(k: int, first_of: dict) -> str:
    """The relation of the build's ``k``-th benchmarked-on or implemented-in line."""
    return Relation.IMPLEMENTED_IN if k >= first_of[Relation.IMPLEMENTED_IN] else Relation.BENCHMARKED_ON


def _lines(path: str) -> int:
    if not os.path.exists(path):
        return 1  # no file: no rows (the header line counted as if there)
    n = 0
    with open(path, "rb") as fh:
        while piece := fh.read(1 << 22):
            n += piece.count(b"\n")
    return n

