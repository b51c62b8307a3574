"""The papers' part of the exports written ahead, on a core the build leaves idle.

``papers.jsonl`` is final once the papers are read, long before the link result. Every
output written in pieces begins with what depends on the papers alone: a plain RDF file
with its head and the papers section, the Neo4j bundle with the paper node file. One
process at the lowest priority (``SCHED_IDLE``: it runs only when no other process wants
the core) writes those from the first paper on, while extraction, resolution and the edge
pass run; extraction keeps both cores busy, but their tails (the resolver's finish, the
parts' imbalance, the link tables) leave one idle. When the exports start, ``stop`` ends
it after its current batch: what it wrote is each output's first piece, and the exports
plan the papers from where it stopped (``pieces.plan``). The bytes are the same as without
it: a piece's text depends on its records only, and batches of papers concatenate.
"""
from __future__ import annotations

import multiprocessing as mp
import os
from dataclasses import dataclass, field

from paperkg.export.pieces import NEO4J
from paperkg.store import layout

BATCH = 1 << 20  # bytes of papers' records read, written and recorded as done at a time


@dataclass(frozen=True)
class Ahead:
    """What was written ahead: the papers' records up to byte ``records``, and for each
    output its bytes and triples (a plain RDF file) or its paper rows (``NEO4J``)."""

    records: int
    written: dict[str, tuple[int, int]] = field(default_factory=dict)


def outputs_ahead(names: list[str]) -> list[str]:
    """The outputs that may be begun ahead: the plain RDF files and the Neo4j bundle (a
    gzip file is one stream, written whole by one worker)."""
    return [n for n in names if not n.endswith(".gz")]


class PapersAhead:
    """The process that writes the outputs' papers ahead (``start``), and ends it
    (``stop``). A context manager: leaving it stops the process if still running."""

    def __init__(self, root: str, outputs: list[str], version: str, annotations: bool) -> None:
        self.root, self.outputs, self.version, self.annotations = root, outputs, version, annotations
        # a new interpreter, not a fork: a forked child comes to own every page of this
        # process's heap that this process writes later (at 1M papers, ~120 MB within a minute)
        ctx = mp.get_context("spawn")
        self._stop = ctx.Event()
        self._recv, send = ctx.Pipe(duplex=False)
        self._proc = ctx.Process(target=_main, args=(root, outputs, version, annotations, self._stop, send,
                                                     os.getpid()), daemon=True)
        self._send = send

    def start(self) -> "PapersAhead":
        self._proc.start()
        self._send.close()  # only the process holds its end: a crash reads as EOF here
        return self

    def stop(self) -> Ahead | None:
        """End the process after its current batch; what it wrote, or None if it was not
        started or failed (the exports then write everything, as without it)."""
        if self._proc.pid is None or self._recv.closed:
            return None
        self._stop.set()
        try:
            got = self._recv.recv()
        except EOFError:  # it died
            got = None
        self._end()
        return got if isinstance(got, Ahead) else None

    def _end(self) -> None:
        if self._proc.pid is not None:
            self._stop.set()
            self._proc.join(5)
            if self._proc.is_alive():
                self._proc.kill()
                self._proc.join()
        for end in (self._recv, self._send):
            end.close()

    def __enter__(self) -> "PapersAhead":
        return self

    def __exit__(self, *exc) -> None:
        self._end()


def _idle() -> None:
    """Run only on a core no other process wants (Linux), else at the lowest niceness."""
    try:
        os.sched_setscheduler(0, os.SCHED_IDLE, os.sched_param(0))
    except (AttributeError, OSError):
        os.nice(19)


def _main(root: str, outputs: list[str], version: str, annotations: bool, stop, send, parent: int) -> None:
    from paperkg.streams import die_with_parent

    die_with_parent(parent)
    _idle()
    try:
        send.send(write_ahead(root, outputs, version, annotations, stop.is_set))
    except BaseException as e:  # noqa: BLE001 - the exports write everything again
        send.send(repr(e))
    finally:
        send.close()


def write_ahead(root: str, outputs: list[str], version: str, annotations: bool, stopped=lambda: False) -> Ahead:
    """Write each output's first piece: a plain RDF file's head and papers, the bundle's
    paper node file, one batch of papers at a time until ``stopped()`` or the last paper."""
    from paperkg.export.neo4j_csv import begin_papers, write_rows
    from paperkg.export.rdf import write_section
    from paperkg.graph import Graph

    rdf = {o: open(os.path.join(root, o), "w", encoding="utf-8", newline="\n") for o in outputs if o != NEO4J}
    triples = {o: write_section(Graph.of((), (), (), (), (), ()), fh, version, annotations, ".ttl" in o, "head")
               for o, fh in rdf.items()}
    bundle = None
    if NEO4J in outputs:
        bundle = begin_papers(os.path.join(root, NEO4J))
    at = rows = 0
    try:
        with open(os.path.join(root, layout.PAPERS), "rb") as src:
            while not stopped():
                lines = src.readlines(BATCH)
                if not lines:
                    break
                graph = Graph.of(layout.parse_lines(lines, "papers", src.name, at), (), (), (), (), ())
                for o, fh in rdf.items():
                    triples[o] += write_section(graph, fh, version, annotations, ".ttl" in o, "papers")
                if bundle is not None:
                    write_rows(bundle, graph)
                at += sum(map(len, lines))
    finally:
        for fh in rdf.values():
            fh.close()
        if bundle is not None:
            rows = sum(bundle.counts.values())
            bundle.close()
    written = {o: (os.path.getsize(os.path.join(root, o)), triples[o]) for o in rdf}
    if bundle is not None:
        written[NEO4J] = (0, rows)
    return Ahead(at, written)

