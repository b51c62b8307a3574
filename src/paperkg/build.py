"""``paperkg build``: ingest → extract → link → exports, into one output directory.

The directory's layout is ``store.layout``'s: each stage's result as typed JSON Lines
records (papers, extractions, and the link result: concepts, repositories, edges,
decisions), the RDF (``graph.ttl`` by default; ``.nt`` and gzip forms on request),
``stats.json``, the Neo4j bundle in ``neo4j/`` and ``build.json`` (the manifest, written
last). The papers' part of the RDF and of the bundle is begun while extraction and linking
run (``export.ahead``). Exporters read the link result back from the files, as every later command does,
so a build and a later ``export``/``push``/``serve`` describe the same graph. The
directory is written beside OUT and swapped in whole (``store.staged``); the same input
gives a byte-identical build.
"""
from __future__ import annotations

import json
import os
from collections.abc import Callable, Iterable
from concurrent.futures import Executor
from dataclasses import dataclass

from paperkg import __version__, store
from paperkg.engine import Engine, LocalEngine
from paperkg.export.ahead import Ahead, PapersAhead, outputs_ahead
from paperkg.errors import BuildError, IngestError
from paperkg.graph import Graph, GraphCounts
from paperkg.model import Concept, Extraction, Paper
from paperkg.progress import Stages, quiet
from paperkg.store import layout, require, state
from paperkg.streams import long_lived_heap

FILES = (layout.PAPERS, layout.EXTRACTIONS, layout.CONCEPTS, layout.DECISIONS, layout.REPOSITORIES,
         layout.PAPER_EDGES, layout.CODE_EDGES, layout.CONCEPT_EDGES, layout.LINK_COUNTS, "graph.ttl", layout.STATS)


@dataclass
class BuildResult:
    out: str
    summary: str
    stats: dict


@long_lived_heap()
def build(
    inputs: Iterable[str],
    out: str,
    fmt: str | None = None,
    strict: bool = False,
    workers: int = 1,
    on_problem: Callable[[IngestError], None] | None = None,
    stages: Stages | None = None,
    neo4j: bool = True,
    mapping: dict[str, str] | None = None,
    rdf: tuple[str, ...] = ("ttl",),
    annotations: bool = True,
    update: bool = False,
    engine: "Engine | None" = None,
) -> BuildResult:
    """Build ``inputs`` into ``out``; with ``update``, add them to the build already in
    ``out``: only papers it lacks are extracted, concepts are resolved again over all
    papers, and ``changes.json`` says what differs from the build before (``push
    --changes`` sends only that). ``engine`` runs the stages (``LocalEngine`` with
    ``workers`` processes by default; ``paperkg.cluster.DaskEngine`` on a Dask cluster):
    every engine writes the same bytes."""
    from paperkg.ingest import require_papers
    from paperkg.ingest.opener import is_url

    if is_url(out):  # an object store: built here, then uploaded with the manifest last
        if update:
            raise BuildError(f"{out}: --update needs the build on a file system; copy it there first")
        from paperkg.store.remote import built_locally

        with built_locally(out) as local:
            result = build(inputs, local, fmt, strict, workers, on_problem, stages, neo4j, mapping, rdf, annotations,
                           engine=engine)
        return BuildResult(out, result.summary.replace(local, out), result.stats)
    stage = stages or quiet
    inputs = list(inputs)
    store.prepare(out)  # before any work: a wrong -o is said at once
    base = store.check(out) if update else None
    run = engine or LocalEngine(workers)
    if update and not run.updates:
        raise BuildError(f"--update runs on the local engine only; build {out} again in full on this engine, "
                         "or update it without --engine")
    why = ""
    if update and isinstance(run, LocalEngine):
        from paperkg.update import NotInPlace, can_update_in_place, update_in_place

        why = can_update_in_place(out, base, tuple(rdf), annotations, neo4j) or ""
        if not why:
            try:
                summary, stats = update_in_place(inputs, out, base, fmt, strict, run.workers, on_problem, stage,
                                                 neo4j, mapping, tuple(rdf), annotations)
                return BuildResult(out, summary, stats)
            except NotInPlace as e:
                why = str(e)
    with store.staged(out) as tmp:
        # ingest: records spill to disk, only the key index is held; the papers are written
        # once, and read back from the file by every later pass (PaperFile)
        done: set[str] = set()  # the old build's papers, extracted already
        prior = (done.add(p.id) or p for p in layout.read_papers(out)) if update else ()
        result, papers = run.ingest(inputs, tmp, fmt, on_problem, strict, mapping, prior)
        if not update:
            require_papers(result, inputs)
        # the papers' part of the exports, begun on whatever core the next stages leave idle
        ahead = PapersAhead(tmp, outputs_ahead(export_names(rdf, neo4j)), __version__, annotations)
        if isinstance(run, LocalEngine) and run.workers > 1 and ahead.outputs:
            ahead.start()
        with ahead:
            # extract: extractions.jsonl and corpus.json are written, and every final extraction
            # is fed to the concept resolver, not kept; the resolution comes back, its decisions
            # written (decisions.jsonl)
            resolution = run.extract(tmp, papers, stage, out if update else None, done)
            run.link(tmp, papers, resolution, stage)
            del resolution
            changed = ""
            if update:
                from paperkg.store.changes import compare

                changes = compare(out, tmp, base)
                changed = f"; {changes.summary()} (linked again: {why})"
            begun = ahead.stop()
        with store.BlockHashes(tmp) as hashes:  # the big files hashed while the exports are written
            hashes.written()
            stats = write_exports(tmp, layout.open_graph(tmp, checked=False), rdf, annotations, neo4j, stage,
                                  run.workers, run.executor(), hashes=hashes, ahead=begun)
            store.write_manifest(tmp, __version__, inputs, {k: stats[k] for k in ("papers", "concepts", "triples")},
                                 prior_inputs=base["inputs"] if base else (), known=hashes.known())
    edges = sum(stats["edges"].values())
    summary = (f"{result.summary()}; {stats['concepts']} concepts, {edges} edges, {stats['triples']} triples"
               f"{changed} → {out}")
    return BuildResult(out, summary, stats)


def export_names(rdf: tuple[str, ...], neo4j: bool) -> list[str]:
    """The outputs ``write_exports`` writes: ``graph.EXT`` files, then ``neo4j``."""
    return [f"graph.{ext}" for ext in rdf] + (["neo4j"] if neo4j else [])


def _records(counts: GraphCounts) -> int:
    return counts.nodes + counts.edges


def write_exports(root: str, graph: Graph, rdf: tuple[str, ...] = ("ttl",), annotations: bool = True,
                  neo4j: bool = True, stages: Stages | None = None, workers: int = 1,
                  executor: Executor | None = None, piece_size: int | None = None,
                  hashes: "store.BlockHashes | None" = None, ahead: Ahead | None = None) -> dict:
    """The RDF files, the Neo4j bundle and ``stats.json`` of a graph stored under ``root``.
    With ``workers`` > 1 (or an ``executor``: the Dask engine's), the plain RDF files and
    the bundle are written on the workers in pieces of about ``piece_size`` bytes of
    records (``export.pieces``: the same bytes as one writer's), a gzip file whole by one
    of them; with one worker, each output by one writer in this process. ``hashes``: told
    how far each file written in pieces is final (its blocks hashed as it grows).
    ``ahead``: the outputs' first pieces, written already (``export.ahead``; in pieces only)."""
    from paperkg.export.rdf import write_rdf

    stage = stages or quiet
    counts = graph.counts()
    names = export_names(rdf, neo4j)
    triples: dict[str, int] = {}
    marks: dict[str, dict] = {}
    if workers > 1 or executor is not None:
        import contextlib

        from paperkg.export import pieces
        from paperkg.export.baton import Baton
        from paperkg.streams import fork_pool

        plan = pieces.plan(root, names, piece_size or pieces.piece_size(root, workers), ahead)
        tick = stage(f"writing {', '.join(names)}", len(plan))
        first = {o: 1 for o in ahead.written} if ahead is not None else {}  # piece 0 written ahead
        baton = Baton(names, first) if executor is None else None  # the pool's workers are forked holding it
        with contextlib.nullcontext() if baton is None else baton.lent(), \
                contextlib.nullcontext(executor) if executor is not None else fork_pool(workers) as pool:
            triples, marks = pieces.write_pieces(root, plan, __version__, annotations, pool, tick, baton, hashes,
                                                 ahead)
    else:
        if ahead is not None:
            raise BuildError("papers written ahead are only taken by the exports in pieces; please report this")
        for name in names:
            progress = stage(f"writing {name}", _records(counts))
            watched = graph.watched(progress)
            if name == "neo4j":
                from paperkg.export.neo4j_csv import write_bundle

                write_bundle(watched, os.path.join(root, name))
                continue
            mark: dict = {}
            triples[name] = write_rdf(watched, os.path.join(root, name), __version__, annotations,
                                      marks=None if name.endswith(".gz") else mark)
            if mark:
                marks[name] = {"concepts_at": mark["concepts"], "paper_triples": mark["paper_triples"]}
    state.write_exports(root, {"annotations": annotations, "rdf": marks})
    from paperkg.export.schema import graph_stats

    rdf_names = [f"graph.{ext}" for ext in rdf]
    stats = {"version": __version__, "papers": counts.papers, "concepts": sum(counts.concepts.values()),
             "triples": triples[rdf_names[0]] if rdf_names else 0, "annotations": annotations,
             "rdf_bytes": {t: os.path.getsize(os.path.join(root, t)) for t in rdf_names}, **graph_stats(counts)}
    layout.write_json(os.path.join(root, layout.STATS), stats)
    return stats


def load_papers(out: str) -> list[Paper]:
    require(out, layout.PAPERS)
    return list(layout.read_papers(out))


def load_extractions(out: str) -> list[Extraction]:
    require(out, layout.EXTRACTIONS)
    return list(layout.read_extractions(out))


def load_concepts(out: str) -> list[Concept]:
    require(out, layout.CONCEPTS)
    return list(layout.read_concepts(out))


def load_graph(out: str) -> Graph:
    """The linked graph of a build, streamed from its files (never linked again)."""
    return layout.open_graph(out)


def load_stats(out: str) -> dict:
    with open(require(out, layout.STATS), encoding="utf-8") as fh:
        return json.load(fh)
