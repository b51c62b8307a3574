"""The files of a build directory and their typed readers and writers.

A build holds each stage's result as JSON Lines records: ``papers.jsonl`` (ingest),
``extractions.jsonl`` (extract), and the link result — ``concepts.jsonl``,
``repositories.jsonl``, ``paper_edges.jsonl`` (grouped by paper), ``code_edges.jsonl``,
``concept_edges.jsonl`` and ``decisions.jsonl`` — with ``link.json`` counting them.
Everything after ``build`` reads these (``open_graph``) and never links again, so the RDF,
the Neo4j bundle, a push and the embedded server all describe the same graph.
"""
from __future__ import annotations

import json
import os
from collections import Counter
from array import array
from collections.abc import Callable, Iterable, Iterator, Sequence

from paperkg.errors import BuildError
from paperkg.graph import Graph, GraphCounts
from paperkg.jsonl import dumps, line_bytes, read_jsonl, write_jsonl
from paperkg.model import CodeEdge, Concept, ConceptEdge, Extraction, Paper, PaperConceptEdge, Repository

PAPERS = "papers.jsonl"
EXTRACTIONS = "extractions.jsonl"
CONCEPTS = "concepts.jsonl"
DECISIONS = "decisions.jsonl"
REPOSITORIES = "repositories.jsonl"
PAPER_EDGES = "paper_edges.jsonl"
CODE_EDGES = "code_edges.jsonl"
CONCEPT_EDGES = "concept_edges.jsonl"
LINK_COUNTS = "link.json"
CORPUS = "corpus.json"  # the corpus pass's votes and defined names, for updates
STATS = "stats.json"

# record kind → (file, record class), in Graph's field order
_GRAPH_FILES: dict[str, tuple[str, type]] = {
    "papers": (PAPERS, Paper),
    "concepts": (CONCEPTS, Concept),
    "repositories": (REPOSITORIES, Repository),
    "paper_edges": (PAPER_EDGES, PaperConceptEdge),
    "code_edges": (CODE_EDGES, CodeEdge),
    "concept_edges": (CONCEPT_EDGES, ConceptEdge),
}


def write_json(path: str, data: dict, compact: bool = False) -> None:
    """``compact``: one line, for big state files (json's C encoder runs only without
    an indent; pretty-printing corpus.json of a million papers took seconds)."""
    with open(path, "w", encoding="utf-8", newline="\n") as fh:
        if compact:
            json.dump(data, fh, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
        else:
            json.dump(data, fh, indent=2, sort_keys=True)
        fh.write("\n")


def write_graph(root: str, graph: Graph) -> GraphCounts:
    """Write a graph held in memory under ``root`` (as the build's ``GraphWriter`` does);
    returns and stores the counts."""
    edges: dict[str, list] = {}
    for e in graph.paper_edges():
        edges.setdefault(e.paper, []).append(e)
    code: dict[str, list] = {}
    for c in graph.code_edges():
        code.setdefault(c.paper, []).append(c)
    with GraphWriter(root) as writer:
        for p in graph.papers():
            writer.paper(p, edges.get(p.id, ()), code.get(p.id, ()))
        return writer.finish(graph.concepts(), graph.repositories(), graph.concept_edges())


class GraphWriter:
    """Writes a graph as it streams out of the link stage: each paper with its edges as it
    comes, then the tables that are only complete at the end (concepts, repositories,
    derived relations) and the counts."""

    def __init__(self, root: str, papers_written: bool = False) -> None:
        self.root = root
        kinds = ("paper_edges", "code_edges") if papers_written else ("papers", "paper_edges", "code_edges")
        self._files = {kind: open(os.path.join(root, _GRAPH_FILES[kind][0]), "w", encoding="utf-8", newline="\n")
                       for kind in kinds}
        self._roles: Counter = Counter()
        self._papers = self._code = 0

    def paper(self, paper: Paper, edges: Iterable[PaperConceptEdge], code: Iterable[CodeEdge]) -> None:
        f = self._files
        if "papers" in f:
            f["papers"].write(dumps(paper.to_dict()) + "\n")
        self._papers += 1
        for e in edges:
            f["paper_edges"].write(dumps(e.to_dict()) + "\n")
            self._roles[e.role] += 1
        for c in code:
            f["code_edges"].write(dumps(c.to_dict()) + "\n")
            self._code += 1

    def counts(self) -> tuple[int, Counter, int]:
        """Papers, edges by role and code edges written so far."""
        return self._papers, self._roles, self._code

    def append(self, part: str, counts: tuple[int, Counter, int]) -> None:
        """Add the edge files another writer wrote under ``part`` (a later part of the same
        run, written elsewhere), with its ``counts``; the part's files are removed."""
        from paperkg.streams import copy_into

        for kind, fh in self._files.items():
            path = os.path.join(part, _GRAPH_FILES[kind][0])
            fh.flush()  # then the bytes go straight to the file under the text layer
            with open(path, "rb") as src:
                copy_into(src, fh.buffer)
            os.remove(path)
        papers, roles, code = counts
        self._papers += papers
        self._roles.update(roles)
        self._code += code

    def finish(self, concepts: Iterable[Concept], repositories: Iterable[Repository],
               concept_edges: Iterable[ConceptEdge]) -> GraphCounts:
        self.close()
        return write_tables(self.root, concepts, repositories, concept_edges, self.counts())

    def close(self) -> None:
        for fh in self._files.values():
            fh.close()

    def __enter__(self) -> "GraphWriter":
        return self

    def __exit__(self, *exc) -> None:
        self.close()


def write_tables(root: str, concepts: Iterable[Concept], repositories: Iterable[Repository],
                 concept_edges: Iterable[ConceptEdge], papers: tuple[int, Counter, int]) -> GraphCounts:
    """The tables that are complete only at the end of the link stage (concepts,
    repositories, derived relations) and ``link.json``, given the counts of the papers'
    records (papers, edges by role, code edges); returns the counts."""
    types: Counter = Counter()
    relations: Counter = Counter()
    n_repos = write_jsonl((r.to_dict() for r in repositories), os.path.join(root, REPOSITORIES))
    write_jsonl((types.update((c.type,)) or c.to_dict() for c in concepts), os.path.join(root, CONCEPTS))
    write_jsonl((relations.update((e.relation,)) or e.to_dict() for e in concept_edges),
                os.path.join(root, CONCEPT_EDGES))
    return write_counts(root, papers, types, n_repos, relations)


def write_counts(root: str, papers: tuple[int, Counter, int], types: Counter, repositories: int,
                 relations: Counter) -> GraphCounts:
    """``link.json``: the graph's counts (``papers``: papers, edges by role, code edges)."""
    n_papers, roles, code = papers
    counts = GraphCounts(n_papers, dict(sorted(types.items())), repositories, dict(sorted(roles.items())), code,
                         dict(sorted(relations.items())))
    write_json(os.path.join(root, LINK_COUNTS), counts.to_dict())
    return counts


def _reader(path: str, cls) -> Callable[[], Iterator]:
    return lambda: (cls.from_dict(r) for r in read_jsonl(path))


def read_records(root: str, kind: str) -> Iterator:
    """The records of one kind of the graph (``Graph``'s field names) under ``root``."""
    name, cls = _GRAPH_FILES[kind]
    return _reader(os.path.join(root, name), cls)()


def slices(root: str, kind: str, size: int, start: int = 0) -> list[tuple[int, int]]:
    """Byte ranges of about ``size`` bytes that cover the records file of ``kind`` (a
    ``Graph`` field name) in order from byte ``start`` (where a record starts), each
    starting at a record: pieces for writers working side by side (``open_slice``)."""
    path = os.path.join(root, _GRAPH_FILES[kind][0])
    total, bounds = os.path.getsize(path), [start]
    with open(path, "rb") as fh:
        while bounds[-1] + size < total:
            fh.seek(bounds[-1] + size - 1)
            fh.readline()  # to the start of the next record
            if fh.tell() >= total:
                break
            bounds.append(fh.tell())
    bounds.append(total)
    return list(zip(bounds, bounds[1:]))


_BATCH = 1024  # records parsed as one JSON array (``_slice``)


def _slice(path: str, cls, span: tuple[int, int]) -> Iterator:
    """The records in a byte range of a records file. Its lines are parsed ``_BATCH`` at a
    time as one JSON array: one call into the decoder instead of one a record (a JSON
    line holds no raw line break, so the lines join with commas)."""
    with open(path, "rb") as fh:
        fh.seek(span[0])
        lines = fh.read(span[1] - span[0]).decode("utf-8").split("\n")
    if lines and not lines[-1]:
        lines.pop()
    for i in range(0, len(lines), _BATCH):
        try:
            records = json.loads("[" + ",".join(lines[i:i + _BATCH]) + "]")
        except json.JSONDecodeError as e:
            raise BuildError(f"{path}: invalid JSON between bytes {span[0]} and {span[1]} ({e.msg}); "
                             "build it again") from e
        yield from map(cls.from_dict, records)


def read_slice(root: str, kind: str, span: tuple[int, int]) -> Iterator:
    """The records of ``kind`` (a ``Graph`` field name) in the byte range ``span`` of its
    file (one of ``slices``)."""
    name, cls = _GRAPH_FILES[kind]
    return _slice(os.path.join(root, name), cls, span)


def open_slice(root: str, kinds: tuple[str, ...], span: tuple[int, int] | None = None, held: bool = False) -> Graph:
    """The stored graph with only the records of ``kinds`` (``Graph`` field names), and of
    the first of them only those in the byte range ``span`` (one of ``slices``); the
    counts are the whole graph's. ``held``: the slice is read once and held, for several
    writers."""
    none: Callable[[], Iterator] = lambda: iter(())
    readers = []
    for kind, (name, cls) in _GRAPH_FILES.items():
        path = os.path.join(root, name)
        if kind not in kinds:
            readers.append(none)
        elif span is not None and kind == kinds[0]:
            if held:
                records = tuple(_slice(path, cls, span))
                readers.append(lambda: iter(records))
            else:
                readers.append(lambda path=path, cls=cls: _slice(path, cls, span))
        else:
            readers.append(_reader(path, cls))
    with open(os.path.join(root, LINK_COUNTS), encoding="utf-8") as fh:
        return Graph(*readers, _counts=[GraphCounts.from_dict(json.load(fh))])


def open_graph(out: str, checked: bool = True) -> Graph:
    """The graph of a build, streamed from its files (``checked``: the build's manifest is
    checked first, as every command after ``build`` does)."""
    from paperkg.store import check

    if checked:
        check(out)
    for name, _ in _GRAPH_FILES.values():
        if not os.path.exists(os.path.join(out, name)):
            raise BuildError(f"{os.path.join(out, name)}: not found; this build was made by an older paperkg: "
                             f"rebuild it with 'paperkg build … -o {out}'")
    graph = Graph(*(_reader(os.path.join(out, name), cls) for name, cls in _GRAPH_FILES.values()))
    with open(os.path.join(out, LINK_COUNTS), encoding="utf-8") as fh:
        graph._counts.append(GraphCounts.from_dict(json.load(fh)))
    return graph


RDF_FILES = ("graph.ttl", "graph.nt", "graph.ttl.gz", "graph.nt.gz")  # preference order for readers


def rdf_file(out: str) -> str:
    """The build's RDF file a reader should load (Turtle first), from the manifest."""
    from paperkg.store import check

    files = check(out)["files"]
    for name in RDF_FILES:
        if name in files:
            return name
    raise BuildError(f"{out}: this build has no RDF file; rebuild it with --rdf ttl (or another format)")


def open_rdf(path: str):
    """A binary file object for an RDF file, decompressing ``.gz``."""
    if path.endswith(".gz"):
        import gzip

        return gzip.open(path, "rb")
    return open(path, "rb")


class PaperFile(Sequence):
    """``papers.jsonl`` as a sequence: the papers are read from the file when asked for,
    through the byte offset of every line, so a run of any size holds only the offsets.
    Forked extraction workers read their own slices."""

    def __init__(self, path: str, offsets: array) -> None:
        self.path, self.offsets = path, offsets  # offsets[i]: line i; offsets[-1]: the end

    @classmethod
    def write(cls, path: str, papers: Iterable[Paper]) -> "PaperFile":
        from paperkg.streams import batched

        offsets, at = array("q", [0]), 0
        with open(path, "wb") as fh:
            for batch in batched(papers, 1000):
                lines = [line_bytes(p.to_dict()) for p in batch]
                for line in lines:
                    at += len(line)
                    offsets.append(at)
                fh.write(b"".join(lines))
        return cls(path, offsets)

    @classmethod
    def join(cls, path: str, parts: Iterable[tuple[str, Iterable[int]]]) -> "PaperFile":
        """``papers.jsonl`` as the files of papers' lines written elsewhere, joined in order
        (each with its lines' sizes in bytes); the part files are removed."""
        from paperkg.streams import append_file

        offsets, at = array("q", [0]), 0
        open(path, "wb").close()
        for part, sizes in parts:
            append_file(path, part)
            for n in sizes:
                at += n
                offsets.append(at)
        if os.path.getsize(path) != at:
            raise ValueError(f"{path}: the parts' sizes do not add up to the file's; please report this")
        return cls(path, offsets)

    def __len__(self) -> int:
        return len(self.offsets) - 1

    def part(self, start: int, stop: int) -> "PaperFile":
        """Papers ``start`` to ``stop`` as a PaperFile of their own (small to send to a
        worker process: the path and their offsets)."""
        return PaperFile(self.path, self.offsets[start : stop + 1])

    def __getitem__(self, i):
        if isinstance(i, slice):
            start, stop, step = i.indices(len(self))
            if step != 1:
                raise ValueError("PaperFile slices are contiguous")
            return self._read(start, stop)
        if i < 0:
            i += len(self)
        if not 0 <= i < len(self):
            raise IndexError(i)
        return self._read(i, i + 1)[0]

    def _read(self, start: int, stop: int) -> list[Paper]:
        if start >= stop:
            return []
        with open(self.path, "rb") as fh:
            fh.seek(self.offsets[start])
            data = fh.read(self.offsets[stop] - self.offsets[start])
        return [Paper.from_dict(json.loads(line)) for line in data.splitlines()]

    def __iter__(self) -> Iterator[Paper]:
        with open(self.path, "rb") as fh:
            fh.seek(self.offsets[0])
            for _ in range(len(self)):
                yield Paper.from_dict(json.loads(fh.readline()))


def read_corpus_pass(out: str):
    """The corpus pass's state of a build (``corpus.json``), for an update to continue
    from; made again from its extractions if it has none."""
    from paperkg.extract import CorpusPass

    path = os.path.join(out, CORPUS)
    if os.path.exists(path):
        with open(path, encoding="utf-8") as fh:
            return CorpusPass.from_dict(json.load(fh))
    cp = CorpusPass()
    for ex in read_extractions(out):
        cp.add_extraction(ex)
    return cp


def read_papers(out: str) -> Iterator[Paper]:
    return (Paper.from_dict(r) for r in read_jsonl(os.path.join(out, PAPERS)))


def read_extractions(out: str) -> Iterator[Extraction]:
    return (Extraction.from_dict(r) for r in read_jsonl(os.path.join(out, EXTRACTIONS)))


def read_concepts(out: str) -> Iterator[Concept]:
    return (Concept.from_dict(r) for r in read_jsonl(os.path.join(out, CONCEPTS)))
