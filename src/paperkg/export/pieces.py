"""A build's exports written in pieces, side by side.

Each output (a plain RDF file, the Neo4j bundle) is cut where its records are: slices of
``papers.jsonl`` and of ``paper_edges.jsonl`` (``store.layout.slices``), then the rest.
Workers write the pieces in any order. A plain RDF file's piece whose turn has come when
it is complete goes straight into the file (``export.baton``); any other piece goes to a
file of its own, which this process appends to its output as soon as the pieces before it
are in. The output is one writer's, byte for byte, however the pieces fall: a piece's text
depends on its records only. The work spreads evenly over the workers (many pieces of about
``size`` bytes of text each, not one part per worker, the first heavier with every paper),
and no file is copied whole at the end: a piece file lives for seconds, mostly never
reaching the disk. When the papers were begun ahead (``export.ahead``), an output's first
piece is what that process wrote, and the papers' slices start where it stopped.
"""
from __future__ import annotations

import os
from collections.abc import Callable, Iterable
from concurrent.futures import Executor, as_completed
from dataclasses import dataclass
from typing import TYPE_CHECKING

from paperkg.store import layout

if TYPE_CHECKING:
    from paperkg.export.ahead import Ahead
    from paperkg.export.baton import Baton
    from paperkg.store import BlockHashes

NEO4J = "neo4j"
# each piece: its section and the records it reads (``Graph`` field names, the first sliced)
_RDF_SECTIONS = (("head", ()), ("papers", ("papers",)), ("edges", ("paper_edges",)), ("code", ("code_edges",)),
                 ("concepts", ("concepts", "repositories", "concept_edges")))
_NEO4J_SECTIONS = (("papers", ("papers",)), ("edges", ("paper_edges",)),
                   ("rest", ("concepts", "repositories", "code_edges", "concept_edges")))
_SLICED = ("papers", "edges")
# Turtle bytes per byte of records, about (300k synthetic papers: 1.07 for papers, 12.3 for
# paper edges, which carry the mention annotations): a slice of edges is that much smaller,
# so that every piece's text is about ``size`` bytes and held whole (``baton.HOLD``)
_TEXT = {"papers": 1, "paper_edges": 12}
_ALL = ("papers", "concepts", "repositories", "paper_edges", "code_edges", "concept_edges")


@dataclass(frozen=True)
class Piece:
    output: str  # "graph.ttl", "graph.nt" or NEO4J
    index: int  # its place in the output
    section: str
    kinds: tuple[str, ...]
    span: tuple[int, int] | None = None  # the byte range of the first kind's records file

    def path(self, root: str, name: str | None = None) -> str:
        """The file the piece is written to (of the Neo4j bundle's file ``name``)."""
        if self.output == NEO4J:
            return os.path.join(root, NEO4J, f".{name}.p{self.index}")
        return os.path.join(root, f".{self.output}.p{self.index}")


def plan(root: str, outputs: Iterable[str], size: int, ahead: "Ahead | None" = None) -> list[tuple[Piece, ...]]:
    """The jobs that write ``outputs``: each job the pieces of one slice of the records,
    one per output that cuts there (they read the slice once), or one other piece. Each
    output's pieces come in order, the outputs' interleaved so that they advance together
    (each output's next piece is soon in). ``ahead``: the outputs it began have their
    first piece (index 0: the head and the papers up to ``ahead.records``) written."""
    begun = ahead.written if ahead is not None else {}  # every output but a gzip file's
    start = {"papers": ahead.records if ahead is not None else 0}
    spans = {kind: layout.slices(root, kind, max(1, size // _TEXT[kind]), start.get(kind, 0)) for kind in _TEXT}
    each: dict[str, list[Piece]] = {}
    for output in outputs:
        pieces = each.setdefault(output, [])
        if output.endswith(".gz"):  # one stream: written whole, by one worker
            pieces.append(Piece(output, 0, "all", _ALL))
            continue
        for section, kinds in _NEO4J_SECTIONS if output == NEO4J else _RDF_SECTIONS:
            if output in begun and section == "head":
                continue
            for span in spans[kinds[0]] if section in _SLICED else [None]:
                pieces.append(Piece(output, len(pieces) + (output in begun), section, kinds, span))
    jobs: dict[tuple, list[Piece]] = {}
    for p in sorted((p for pieces in each.values() for p in pieces), key=lambda p: p.index / len(each[p.output])):
        jobs.setdefault((p.kinds, p.span) if p.span is not None else (p.output, p.index), []).append(p)
    return [tuple(job) for job in jobs.values()]


def write_job(root: str, job: tuple[Piece, ...], version: str, annotations: bool) -> list:
    """Write a job's pieces (in a worker), their slice of records read once; what each
    ``write_piece`` returned."""
    first = job[0]
    graph = layout.open_slice(root, first.kinds, first.span, held=len(job) > 1)
    return [write_piece(graph, root, p, version, annotations) for p in job]


def write_piece(graph, root: str, piece: Piece, version: str, annotations: bool):
    """Write one piece of ``graph`` (its slice of the records); returns its rows per file
    (Neo4j), or its triples, where it starts in its output (None: in a file of its own,
    ``baton.PieceText``) and its bytes (RDF); a whole gzip file's triples."""
    if piece.output == NEO4J:
        from paperkg.export.neo4j_csv import write_piece as write_rows

        return write_rows(graph, os.path.join(root, NEO4J), f".p{piece.index}")
    from paperkg.export.baton import PieceText, lent
    from paperkg.export.rdf import write_rdf, write_section

    if piece.section == "all":
        return write_rdf(graph, os.path.join(root, piece.output), version, annotations)
    text = PieceText(os.path.join(root, piece.output), piece.output, piece.index, piece.path(root), lent())
    triples = write_section(graph, text, version, annotations, ".ttl" in piece.output, piece.section)
    return (triples, *text.close())


def write_pieces(root: str, jobs: list[tuple[Piece, ...]], version: str, annotations: bool, executor: Executor,
                 tick: Callable[[int], None] | None = None, baton: "Baton | None" = None,
                 hashes: "BlockHashes | None" = None,
                 ahead: "Ahead | None" = None) -> tuple[dict[str, int], dict[str, dict]]:
    """Write the outputs (RDF files, NEO4J) of ``jobs`` (``plan``'s) under ``root`` on
    ``executor``'s workers; returns the triples (or rows) of each output, and for each RDF
    file where its concept section starts (``concepts_at``) and the triples before it
    (``paper_triples``). ``baton``: the one the workers were forked with (``Baton.lent``),
    so that a piece due when written goes straight into its output. ``hashes``: told how
    far each plain RDF file is final, as its pieces go in. ``ahead``: what was written
    ahead (``plan``'s)."""
    pieces = [p for job in jobs for p in job]
    outputs = list(dict.fromkeys(p.output for p in pieces))
    begun = ahead.written if ahead is not None else {}
    total = {o: begun[o][1] if o in begun else 0 for o in outputs}
    marks: dict[str, dict] = {}
    files: list[str] = []
    for o in outputs:
        if o == NEO4J:
            from paperkg.export.neo4j_csv import start_bundle

            files = start_bundle(layout.open_slice(root, _ALL), os.path.join(root, o), papers_begun=o in begun)
        elif o in begun:
            if hashes is not None:
                hashes.upto(o, begun[o][0])
        elif not o.endswith(".gz"):
            open(os.path.join(root, o), "wb").close()
    done: dict[tuple[str, int], object] = {}
    due = {o: int(o in begun) for o in outputs}  # each output's next piece to append
    by_place = {(p.output, p.index): p for p in pieces}
    futures = {executor.submit(write_job, root, job, version, annotations): job for job in jobs}
    for f in as_completed(futures):
        for p, value in zip(futures[f], f.result()):
            done[(p.output, p.index)] = value
            while (p.output, due[p.output]) in done:  # append what is now in order
                q = by_place[(p.output, due[p.output])]
                total[q.output] += _append(root, q, done.pop((q.output, q.index)), files, total[q.output], marks,
                                           baton, hashes)
                due[q.output] += 1
        if tick:
            tick(1)
    return total, marks


def _append(root: str, piece: Piece, value, files: list[str], before: int, marks: dict[str, dict],
            baton: "Baton | None" = None, hashes: "BlockHashes | None" = None) -> int:
    """Put a written piece in its output (``before``: the output's triples so far): append
    its file, unless it went in straight; returns its triples or rows."""
    from paperkg.streams import append_file

    if piece.output == NEO4J:
        for name in files:
            if name in value:
                append_file(os.path.join(root, NEO4J, name), piece.path(root, name))
        return sum(value.values())
    if piece.section == "all":
        return value
    triples, at, size = value
    target = os.path.join(root, piece.output)
    if at is None:  # in a file of its own: appended here, then the next piece is due
        at = os.path.getsize(target)
        append_file(target, piece.path(root))
        if baton is not None:
            baton.passed(piece.output, piece.index)
    if piece.section == "concepts":
        marks[piece.output] = {"concepts_at": at, "paper_triples": before}
    if hashes is not None:
        hashes.upto(piece.output, at + size)
    return triples


def piece_size(root: str, workers: int, smallest: int = 1 << 20, largest: int = 32 << 20) -> int:
    """Bytes of text per piece (of records: of papers, as many; of edges, a twelfth:
    ``_TEXT``): about eight pieces per worker, within bounds."""
    records = sum(os.path.getsize(os.path.join(root, name)) * _TEXT[kind]
                  for kind, name in (("papers", layout.PAPERS), ("paper_edges", layout.PAPER_EDGES)))
    return max(smallest, min(largest, records // (8 * max(1, workers)) + 1))
