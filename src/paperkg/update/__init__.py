"""``build --update`` in place: a day's papers added to a big build without rebuilding it.

A full update (``build.build`` with ``update``) reads every old paper and extraction again,
links them all and writes every export anew, so its cost grows with the build. This path
leaves the old part of every big file as it is and adds to it:

1. the day's records are matched against the build's deduplication keys (``store.state``):
   new papers, and papers the build has, listed again (``relisted``); a record that would
   give an old paper a stronger id sends the update down the full path;
2. only the new papers are extracted (the build's state is read meanwhile, in a thread);
   the corpus pass continues from ``corpus.json`` and is finished only for what the new
   papers can meet;
3. their mentions join the resolver's stored groups and concepts are resolved again; if a
   concept key of the build now gets another id (a new definition of an acronym it used
   bare, a shorter spelling), old papers' edges would change: the full path runs;
4. the new papers are linked; concept paper counts, derived-relation counts and the pair
   counts behind CO_OCCURS continue from the stored ones; code links re-listed papers
   gain become code edges;
5. the files that grow with the papers (records, keys, paper CSVs) get the new rows
   appended in place; each plain RDF file is cut at its concept section and continued with
   the new papers' triples, what re-listed papers gain, and a new concept section
   (``store.inplace`` journals all of it); re-listed papers' lines are replaced in copies;
6. the tables (concepts, repositories, derived relations, decisions, stats), the Neo4j
   concept files, ``import.sh`` and ``changes.json`` are written again, and the manifest
   hashes only what changed. A concept no new paper names and a derived relation whose
   count stays keep the build's line, Turtle statement and CSV row (``tables``,
   ``sections``): only the records that changed are made again.

The result has the same records and Neo4j rows, byte for byte, and the same triples as a
full build of the same listings; only the order of the RDF differs (each update's papers
follow the old ones).
"""
from __future__ import annotations

import json
import os
import shutil
from collections.abc import Callable, Iterator

from paperkg import __version__, store
from paperkg.graph import Graph
from paperkg.jsonl import dumps, write_jsonl
from paperkg.kinds import Relation
from paperkg.progress import Stages
from paperkg.store import layout, state
from paperkg.streams import append_file
from paperkg.update import relisted
from paperkg.update.tables import write_decisions

NEW = ".new"  # the update's own records, under the staged directory, until they are appended
GROWN = (layout.PAPERS, layout.EXTRACTIONS, layout.PAPER_EDGES, layout.CODE_EDGES, state.KEYS)


class NotInPlace(Exception):
    """Why an update cannot be made in place (the full update runs instead)."""


def can_update_in_place(out: str, base: dict, rdf: tuple[str, ...], annotations: bool, neo4j: bool) -> str | None:
    """None if the build ``out`` keeps what an in-place update needs for these options;
    otherwise why not."""
    if not state.has(out):
        return "the build keeps no update state (made by an older paperkg or on Dask)"
    exports = state.read_exports(out)
    plain = {f"graph.{x}" for x in rdf}
    had = {name for name in base["files"] if name in layout.RDF_FILES}
    if any(x.endswith(".gz") for x in rdf):
        return "gzip RDF is written again in full"
    if exports.get("annotations") != annotations or set(exports.get("rdf", {})) != plain or had != plain:
        return "the RDF options differ from the build's"
    if ("neo4j/import.sh" in base["files"]) != neo4j:
        return "the Neo4j option differs from the build's"
    return None


def update_in_place(inputs: list[str], out: str, base: dict, fmt: str | None, strict: bool, workers: int,
                    on_problem, stage: Stages, neo4j: bool, mapping: dict[str, str] | None, rdf: tuple[str, ...],
                    annotations: bool):
    """Add ``inputs`` to the build ``out`` in place; its summary line and stats, or
    ``NotInPlace`` (nothing changed) when the full update must run."""
    from paperkg.export.schema import graph_stats
    from paperkg.store.changes import record
    from paperkg.store.inplace import InPlace

    held: list = []  # problems in the records: said once this path is sure (else the full update says them)
    with InPlace(out) as edits, store.staged(out) as tmp:
        scratch = os.path.join(tmp, NEW)
        os.makedirs(scratch)
        result, new, again, slot_of = _read(out, inputs, fmt, strict, mapping, held.append)
        papers = layout.PaperFile.write(os.path.join(scratch, layout.PAPERS), state.keys_of(scratch, new))
        res = _resolve(out, tmp, scratch, papers, workers, stage)
        for problem in held if on_problem else ():
            on_problem(problem)
        counts, code, reuse, concepts = _link(out, tmp, scratch, papers, res, stage, again, slot_of)
        del res
        grown = [n for n in GROWN if not (again and n == layout.PAPERS) and not (code and n == layout.CODE_EDGES)]
        for name in grown:  # the old records stay where they are; the new ones follow them
            _grow(out, tmp, edits, name, os.path.join(scratch, name))
        if again:  # re-listed papers: their lines replaced, the new papers after them
            relisted.splice(os.path.join(out, layout.PAPERS), os.path.join(tmp, layout.PAPERS),
                            {r.start: (dumps(r.new.to_dict()) + "\n").encode() for r in again.values()})
            append_file(os.path.join(tmp, layout.PAPERS), os.path.join(scratch, layout.PAPERS), remove=False)
        if code:
            append_file(os.path.join(tmp, layout.CODE_EDGES), os.path.join(scratch, layout.CODE_EDGES), remove=False)
        gained = [(r.old, r.new, *code.get(pid, ((), ()))) for pid, r in sorted(again.items())]
        triples = _exports(out, tmp, scratch, edits, rdf, annotations, neo4j, workers, gained, bool(code), reuse)
        stats = {"version": __version__, "papers": counts.papers, "concepts": sum(counts.concepts.values()),
                 "triples": triples[f"graph.{rdf[0]}"] if rdf else 0, "annotations": annotations,
                 "rdf_bytes": {f"graph.{x}": os.path.getsize(os.path.join(tmp, f"graph.{x}")) for x in rdf},
                 **graph_stats(counts)}
        layout.write_json(os.path.join(tmp, layout.STATS), stats)
        added = [p.id for p in papers]
        shutil.rmtree(scratch)
        changes = record(out, tmp, base, {"added": added, "changed": sorted(again), "removed": []}, concepts)
        known = {name: (base["files"].get(name, {}), edits.changed_from(name)) for name in edits.entries}
        store.write_manifest(tmp, __version__, inputs, {k: stats[k] for k in ("papers", "concepts", "triples")},
                             prior_inputs=base["inputs"], known=known)
    edges = sum(stats["edges"].values())
    summary = (f"{result.summary()}; {stats['concepts']} concepts, {edges} edges, {stats['triples']} triples; "
               f"{changes.summary()} (added in place) → {out}")
    return summary, stats


def _read(out: str, inputs: list[str], fmt: str | None, strict: bool, mapping: dict[str, str] | None, on_problem):
    """The records of ``inputs`` against the build's papers: the ingest result, the new
    papers (duplicates among them merged, in first-seen order), the re-listed papers of the
    build (``relisted.Relisted`` by id) and a paper's slot by id; ``NotInPlace`` if a record
    gives a paper of the build another id."""
    from paperkg.ingest import read_against
    from paperkg.ingest.merge import Deduplicator, merge_two

    dedup, ids = Deduplicator(), []
    for key in state.batches(out, state.KEYS):
        dedup.add_key(key)
        ids.append(key[0])
    known = len(dedup)
    result, records = read_against(dedup, inputs, fmt, on_problem, strict, mapping)
    new: dict[int, object] = {}
    old: dict[int, list] = {}
    for slot, p in records:
        if slot >= known:
            new[slot] = merge_two(new[slot], p) if slot in new else p
        else:
            old.setdefault(slot, []).append(p)
    for slot in old:
        if dedup.slot_id(slot) != ids[slot]:
            raise NotInPlace(f"a new record gives {ids[slot]} the id {dedup.slot_id(slot)}")
    again = relisted.fold(os.path.join(out, layout.PAPERS), old)
    where: dict[str, int] = {}

    def slot_of(pid: str) -> int:
        if not where:
            where.update((x, i) for i, x in enumerate(ids))
        return where[pid]

    return result, [new[s] for s in sorted(new)], again, slot_of


def _resolve(out: str, tmp: str, scratch: str, papers: layout.PaperFile, workers: int, stage: Stages):
    """Extract the new papers (the corpus pass continuing from the build's) and resolve
    concepts again with the build's groups; ``NotInPlace`` if an old key moves. The build's
    corpus pass is read in a thread while the worker processes extract (started once the
    first papers come back, so that no process is forked from a process running two
    threads); the resolver's groups, the biggest part of the state, only once the corpus
    pass is let go, so that memory holds one of them at a time."""
    from concurrent.futures import ThreadPoolExecutor

    from paperkg.extract import CorpusPass, first_pass, second_pass
    from paperkg.link import Resolver
    from paperkg.link.again import IdMoved, resolve_again

    spill = os.path.join(scratch, ".spill")
    tick, loading = stage("extracting", len(papers)), []
    with ThreadPoolExecutor(1) as pool:
        def progress(n: int) -> None:
            if not loading:  # the worker processes are forked by now: none is forked while the thread runs
                loading.append(pool.submit(_before, out))
            tick(n)

        seen = first_pass(papers, spill, workers, progress, CorpusPass(noting=True))
        cp, old = (loading.pop().result() if loading else _before(out))
    cp.merge(seen)  # the build's pass one, then the new papers': as one pass reads them
    cp.finish(seen)  # only what the new papers can meet in pass two
    extractions = []
    with open(os.path.join(scratch, layout.EXTRACTIONS), "w", encoding="utf-8", newline="\n") as fh:
        for ex in second_pass(papers, spill, cp):
            fh.write(dumps(ex.to_dict()) + "\n")
            extractions.append(ex)
    os.remove(spill)
    layout.write_json(os.path.join(tmp, layout.CORPUS), cp.to_dict(), compact=True)
    del cp, seen  # every name's votes, let go before the groups are read: the two are never held at once
    resolver = Resolver(noting=True)
    resolver.groups = state.load(out, state.RESOLVER)
    for ex in extractions:
        resolver.add(ex)
    del extractions
    state.save(tmp, state.RESOLVER, resolver.groups)
    try:
        res, made = resolve_again(resolver, old)
    except IdMoved as e:
        raise NotInPlace(str(e)) from None
    del resolver
    moved = sum(1 for key, cid in old.items() if res.cid_of_key.get(key) != cid)
    del old
    if moved:
        raise NotInPlace(f"{moved} concept name(s) of the build now resolve to another concept")
    write_decisions(out, tmp, res.decisions, made)
    res.decisions.clear()
    state.save_ids(tmp, res.cid_of_key)
    return res


def _before(out: str) -> tuple:
    """What the update continues from before resolving: the build's corpus pass (pass one)
    and each concept key's id."""
    return layout.read_corpus_pass(out), state.load(out, state.LINK)["cid_of_key"]


def _link(out: str, tmp: str, scratch: str, papers: layout.PaperFile, res, stage: Stages, again: dict, slot_of):
    """Link the new papers (their records to ``scratch``) with every count continuing from
    the build's, and the code links ``again`` (re-listed) papers gain (their code edges
    rewritten into ``tmp``); write the tables of the whole graph to ``tmp``, copying the
    build's lines of the records that stay (``tables``). Returns its counts, the re-listed
    papers' code edge changes (id → old edges, new edges), the ``tables.Reuse`` and the
    concepts added and changed."""
    from paperkg.link import Linker
    from paperkg.update.tables import OldTables, Reuse, write_concepts, write_edges

    old = layout.open_graph(out, checked=False)
    before = OldTables.read(out)
    linker = Linker(res, scratch=scratch)
    linker.papers_per_concept.update(before.papers)
    old_repos = 0
    for r in old.repositories():
        linker.repos[r.id] = r
        old_repos += 1
    derived = {Relation.BENCHMARKED_ON: linker.deriver.evaluated, Relation.IMPLEMENTED_IN: linker.deriver.implemented}
    for (rel, s, t), (_, n) in before.counted.items():
        derived[rel][(s, t)] = n
    tick = stage("linking", len(papers))
    with layout.GraphWriter(scratch, papers_written=True) as writer:
        for paper, ex in zip(papers, layout.read_extractions(scratch), strict=True):
            writer.paper(paper, *linker.paper(paper, ex))
            tick(1)
        n, roles, code = writer.counts()
    counts_before = old.counts()
    roles.update(counts_before.paper_edges)
    changes = relisted.code_changes(os.path.join(out, layout.CODE_EDGES), os.path.join(out, layout.PAPER_EDGES),
                                    again, linker)
    if changes:
        code += relisted.rewrite_code_edges(os.path.join(out, layout.CODE_EDGES), os.path.join(tmp, layout.CODE_EDGES),
                                            changes, again, slot_of)
    keys, counts, old_keys, old_counts = _pairs(out, before.ids, linker.deriver)
    keys.tofile(os.path.join(tmp, state.PAIR_KEYS))
    counts.astype("int32").tofile(os.path.join(tmp, state.PAIR_COUNTS))
    types, concept_reuse, changed = write_concepts(out, tmp, linker.deriver.ids, res.concepts,
                                                  linker.papers_per_concept)
    n_repos = write_jsonl((r.to_dict() for r in linker.repositories()), os.path.join(tmp, layout.REPOSITORIES))
    relations, edge_reuse = write_edges(out, tmp, before, linker.deriver, keys, counts, old_keys, old_counts)
    graph_counts = layout.write_counts(tmp, (counts_before.papers + n, roles, counts_before.code_edges + code), types,
                                       n_repos, relations)
    reuse = Reuse(concept_reuse, edge_reuse, before.ids, old_repos, counts_before.concept_edges,
                  int((old_counts >= linker.deriver.min_cooccur).sum()))
    return graph_counts, changes, reuse, changed


def _pairs(out: str, old_ids: list[str], deriver):
    """Every pair's count, the build's and the new papers', keyed over the new id list
    (the old keys mapped onto it: id order is kept, so they stay sorted): two arrays; and
    the build's own two, mapped the same way."""
    import numpy as np

    index, size = deriver.index, len(deriver.ids)
    where = np.fromiter((index[c] for c in old_ids), dtype=np.int64, count=len(old_ids))
    keys = np.fromfile(os.path.join(out, state.PAIR_KEYS), dtype=np.int64)
    counts = np.fromfile(os.path.join(out, state.PAIR_COUNTS), dtype=np.int32).astype(np.int64)
    i, j = np.divmod(keys, max(1, len(old_ids)))
    old_keys = keys = where[i] * size + where[j]
    old_counts = counts
    new = list(deriver.pairs.counts())
    if new:
        nk, nc = (np.array(x, dtype=np.int64) for x in zip(*new))
        keys, counts = np.concatenate([keys, nk]), np.concatenate([counts, nc])
        order = np.argsort(keys, kind="stable")
        keys, counts = keys[order], counts[order]
        keys, first = np.unique(keys, return_index=True)
        counts = np.add.reduceat(counts, first) if len(keys) else counts[:0]
    return keys, counts, old_keys, old_counts


def _grow(out: str, tmp: str, edits, name: str, src: str) -> None:
    """Link the build's file ``name`` into ``tmp`` and append ``src`` to it (journalled)."""
    from paperkg.streams import append_file

    dst = os.path.join(tmp, name)
    os.makedirs(os.path.dirname(dst), exist_ok=True)
    os.link(os.path.join(out, name), dst)
    edits.grow(name)
    append_file(dst, src, remove=False)


def _exports(out: str, tmp: str, scratch: str, edits, rdf: tuple[str, ...], annotations: bool, neo4j: bool,
             workers: int, gained: list[tuple], code_again: bool, reuse) -> dict[str, int]:
    """The RDF files cut at their concept sections and continued (with the triples
    re-listed papers ``gained``), and the Neo4j bundle's per-paper files continued (the
    re-listed papers' rows replaced; with ``code_again`` the code relationships written
    again) and the rest written again, side by side in ``workers`` processes (the journal
    is kept here, before they start). The Turtle concept section and the Neo4j concept
    files copy the text of the records ``reuse`` marks (``sections``). Triples per RDF file."""
    from paperkg.export.neo4j_csv import paper_lines, per_paper_files

    old = state.read_exports(out)["rdf"]
    with open(os.path.join(out, layout.STATS), encoding="utf-8") as fh:
        old_triples = json.load(fh)["triples"]  # every RDF file of a build holds the same triples
    tasks: list[tuple] = []
    for x in rdf:
        name = f"graph.{x}"
        os.link(os.path.join(out, name), os.path.join(tmp, name))
        edits.cut(name, old[name]["concepts_at"])
        splice = (edits.tail(name), old_triples - old[name]["paper_triples"]) if x == "ttl" else None
        tasks.append(("rdf", name, (annotations, gained, splice)))
    if neo4j:
        os.makedirs(os.path.join(tmp, "neo4j"), exist_ok=True)
        grown = {}
        files = per_paper_files(layout.open_graph(tmp, checked=False).counts())
        for fname in files:
            rel = f"neo4j/{fname}"
            src, dst = os.path.join(out, rel), os.path.join(tmp, rel)
            if not os.path.exists(src):
                continue
            if gained and fname.startswith("nodes_"):  # re-listed papers' rows replaced in a copy
                lines = paper_lines(new for _, new, _, _ in gained)
                at = relisted.csv_offsets(src, set(lines))
                relisted.splice(src, dst, {at[pid]: line.encode() for pid, line in lines.items()})
            else:
                os.link(src, dst)
                edits.grow(rel)
            grown[fname] = dst
        tasks.append(("neo4j", grown, code_again))
    args = [(out, tmp, scratch, reuse, t) for t in tasks]
    if workers > 1 and len(tasks) > 1:
        from paperkg.streams import fork_pool

        with fork_pool(min(workers, len(tasks))) as pool:
            results = list(pool.map(_export, *zip(*args)))
    else:
        results = [_export(*a) for a in args]
    marks, triples = {}, {}
    for (kind, name, _), got in zip(tasks, results):
        if kind == "rdf":
            marks[name] = {"concepts_at": got["concepts_at"],
                           "paper_triples": old[name]["paper_triples"] + got["paper_triples"]}
            triples[name] = marks[name]["paper_triples"] + got["concept_triples"]
    state.write_exports(tmp, {"annotations": annotations, "rdf": marks})
    return triples


def _export(out: str, tmp: str, scratch: str, reuse, task: tuple) -> dict:
    """One output of an update (``_exports``), in a worker process or here."""
    from functools import partial

    from paperkg.export.neo4j_csv import append_bundle
    from paperkg.export.rdf_update import append_rdf
    from paperkg.update.sections import splice_csv, splice_turtle

    whole = layout.open_graph(tmp, checked=False)
    none: Callable[[], Iterator] = lambda: iter(())  # noqa: E731
    new = Graph(lambda: layout.read_papers(scratch), none, none,
                lambda: layout.read_records(scratch, "paper_edges"), lambda: layout.read_records(scratch, "code_edges"),
                none)
    kind, what, how = task
    if kind == "rdf":
        annotations, gained, splice = how
        if splice:
            splice = partial(splice_turtle, splice[0], out, tmp, reuse=reuse, old_triples=splice[1],
                             version=__version__)
        return append_rdf(new, whole, os.path.join(tmp, what), __version__, annotations, gained, splice)
    spliced = splice_csv(os.path.join(out, "neo4j"), os.path.join(tmp, "neo4j"), tmp, reuse)
    return append_bundle(new, whole, os.path.join(tmp, "neo4j"), what.get, how, spliced)
