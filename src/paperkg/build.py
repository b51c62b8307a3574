"""``paperkg build``: ingest → extract → link → exports, into one output directory.

Files (all deterministic for the same input): ``papers.jsonl``, ``extractions.jsonl``,
``concepts.jsonl`` (sorted by id), ``decisions.jsonl`` (merge decisions for ``explain``),
``graph.ttl``, ``stats.json``, the Neo4j bundle in ``neo4j/``, and ``build.json`` (the
manifest, written last). The directory is written beside OUT and swapped in whole
(``store.staged``); readers check it first (``store.check``).
"""
from __future__ import annotations

import json
import os
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from paperkg import __version__, store
from paperkg.errors import IngestError
from paperkg.store import require
from paperkg.jsonl import read_jsonl, write_jsonl
from paperkg.model import Concept, Extraction, Paper

FILES = ("papers.jsonl", "extractions.jsonl", "concepts.jsonl", "decisions.jsonl", "graph.ttl", "stats.json")


@dataclass
class BuildResult:
    out: str
    summary: str
    stats: dict


def graph_stats(graph) -> dict:
    nodes = Counter(str(d["label"]) for _, d in graph.nodes(data=True))
    edges = Counter(str(k) for _, _, k in graph.edges(keys=True))
    return {"nodes": dict(sorted(nodes.items())), "edges": dict(sorted(edges.items()))}


def build(
    inputs: Iterable[str],
    out: str,
    fmt: str | None = None,
    strict: bool = False,
    workers: int = 1,
    on_problem: Callable[[IngestError], None] | None = None,
    progress: Callable[[int], None] | None = None,
    on_papers: Callable[[int], None] | None = None,
    neo4j: bool = True,
    mapping: dict[str, str] | None = None,
) -> BuildResult:
    from paperkg.extract import extract_papers
    from paperkg.ingest import ingest, require_papers
    from paperkg.link import build_graph, resolve

    inputs = list(inputs)
    store.prepare(out)  # before any work: a wrong -o is said at once
    result = ingest(inputs, fmt=fmt, on_problem=on_problem, strict=strict, mapping=mapping)
    require_papers(result, inputs)
    if on_papers:
        on_papers(len(result.papers))
    extractions = extract_papers(result.papers, workers=workers, progress=progress)
    resolution = resolve(extractions)
    graph = build_graph(result.papers, extractions, resolution)
    with store.staged(out) as tmp:
        stats = _write(tmp, result, extractions, resolution, graph, neo4j)
        store.write_manifest(tmp, __version__, inputs, {k: stats[k] for k in ("papers", "concepts", "triples")})
    summary = (f"{result.summary()}; {len(resolution.concepts)} concepts, "
               f"{graph.number_of_edges()} edges, {stats['triples']} triples → {out}")
    return BuildResult(out, summary, stats)


def _write(out: str, result, extractions, resolution, graph, neo4j: bool) -> dict:
    from paperkg.export.rdf import write_turtle

    write_jsonl((p.to_dict() for p in result.papers), os.path.join(out, "papers.jsonl"))
    write_jsonl((e.to_dict() for e in extractions), os.path.join(out, "extractions.jsonl"))
    write_jsonl((resolution.concepts[k].to_dict() for k in sorted(resolution.concepts)),
                os.path.join(out, "concepts.jsonl"))
    write_jsonl((d.to_dict() for d in resolution.decisions), os.path.join(out, "decisions.jsonl"))
    triples = write_turtle(graph, os.path.join(out, "graph.ttl"), __version__)
    if neo4j:
        from paperkg.export.neo4j_csv import write_bundle

        write_bundle(graph, os.path.join(out, "neo4j"))
    stats = {"version": __version__, "papers": len(result.papers), "concepts": len(resolution.concepts),
             "triples": triples, **graph_stats(graph)}
    with open(os.path.join(out, "stats.json"), "w", encoding="utf-8", newline="\n") as fh:
        json.dump(stats, fh, indent=2, sort_keys=True)
        fh.write("\n")
    return stats


def load_papers(out: str) -> list[Paper]:
    return [Paper.from_dict(r) for r in read_jsonl(require(out, "papers.jsonl"))]


def load_extractions(out: str) -> list[Extraction]:
    from paperkg.extract import load_extractions as read_extractions

    return read_extractions(require(out, "extractions.jsonl"))


def load_concepts(out: str) -> list[Concept]:
    return [Concept.from_dict(r) for r in read_jsonl(require(out, "concepts.jsonl"))]


def load_graph(out: str):
    """The networkx graph of a build, rebuilt from its papers and extractions."""
    from paperkg.link import build_graph

    return build_graph(load_papers(out), load_extractions(out))


def load_stats(out: str) -> dict:
    with open(require(out, "stats.json"), encoding="utf-8") as fh:
        return json.load(fh)
