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

import contextlib
import json
import os
import subprocess
import sys
from dataclasses import dataclass, field

from paperkg.export.pieces import NEO4J
from paperkg.store import layout

BATCH = 1 << 20  # bytes of papers' records read, written and recorded as done at a time
STOP = ".ahead-stop"  # the file that tells the process to stop (under the build's directory)


@dataclass(frozen=True)
class Ahead:
    """What was written ahead: the papers' records up to byte ``records``, and for each
    output its bytes and triples (a plain RDF file), or the paper node file's bytes and
    rows (``NEO4J``)."""

    records: int
    written: dict[str, tuple[int, int]] = field(default_factory=dict)


def outputs_ahead(names: list[str]) -> list[str]:
    """The outputs that may be begun ahead: the plain RDF files and the Neo4j bundle (a
    gzip file is one stream, written whole by one worker)."""
    return [n for n in names if not n.endswith(".gz")]


class PapersAhead:
    """The process that writes the outputs' papers ahead (``start``), and ends it
    (``stop``). A context manager: leaving it stops the process if still running.

    It is a new interpreter running this module, not a fork: a forked child comes to own
    every page of this process's heap that this process writes later (at 1M papers, 119 MB
    within a minute); nor one of ``multiprocessing``'s spawned processes, which import the
    caller's main script again (a script without a main guard would build again in it)."""

    def __init__(self, root: str, outputs: list[str], version: str, annotations: bool) -> None:
        self.root, self.outputs, self.version, self.annotations = root, outputs, version, annotations
        self._stop = os.path.join(root, STOP)
        self._proc: subprocess.Popen | None = None

    def start(self) -> "PapersAhead":
        import paperkg

        env = dict(os.environ)  # this paperkg first, wherever it was imported from
        env["PYTHONPATH"] = os.pathsep.join(p for p in (os.path.dirname(os.path.dirname(paperkg.__file__)),
                                                        env.get("PYTHONPATH")) if p)
        args = [self.root, str(os.getpid()), self.version, str(int(self.annotations)), *self.outputs]
        self._proc = subprocess.Popen([sys.executable, "-P", "-m", __name__, *args], stdin=subprocess.DEVNULL,
                                      stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, env=env)
        return self

    @property
    def pid(self) -> int | None:
        return self._proc.pid if self._proc is not None else None

    def stop(self) -> Ahead | None:
        """End the process after its current batch; what it wrote, or None if it was not
        started or failed (the exports then write everything, as without it)."""
        if self._proc is None:
            return None
        open(self._stop, "w").close()
        out, _ = self._proc.communicate()
        ok = self._proc.returncode == 0
        self._end()
        if not ok:
            return None
        got = json.loads(out.decode("utf-8").splitlines()[-1])
        return Ahead(got["records"], {o: (n, m) for o, (n, m) in got["written"].items()})

    def _end(self) -> None:
        if self._proc is not None and self._proc.poll() is None:
            open(self._stop, "w").close()
            try:
                self._proc.wait(5)
            except subprocess.TimeoutExpired:
                self._proc.kill()
                self._proc.wait()
        self._proc = None
        with contextlib.suppress(FileNotFoundError):
            os.remove(self._stop)

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


def _main(argv: list[str]) -> int:
    """``python -m paperkg.export.ahead ROOT PARENT VERSION ANNOTATIONS OUTPUT...``: what
    ``write_ahead`` wrote, as one JSON line; stopped when the file ``ROOT/STOP`` appears."""
    from paperkg.streams import die_with_parent

    root, parent, version, annotations, *outputs = argv
    die_with_parent(int(parent))
    _idle()
    stop = os.path.join(root, STOP)
    try:
        got = write_ahead(root, outputs, version, annotations == "1", lambda: os.path.exists(stop))
    except Exception:  # noqa: BLE001 - the exports write everything again, and say what is wrong
        return 1
    print(json.dumps({"records": got.records, "written": got.written}))
    return 0


def write_ahead(root: str, outputs: list[str], version: str, annotations: bool, stopped=lambda: False) -> Ahead:
    """Write each output's first piece: a plain RDF file's head and papers, the bundle's
    paper node file, one batch of papers at a time until ``stopped()`` or the last paper."""
    from paperkg.export.neo4j_csv import PAPER_NODES, begin_papers, node_file, write_rows
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
        for span in layout.slices(root, "papers", BATCH):
            if stopped():
                break
            graph = Graph.of(layout.read_slice(root, "papers", span), (), (), (), (), ())
            for o, fh in rdf.items():
                triples[o] += write_section(graph, fh, version, annotations, ".ttl" in o, "papers")
            if bundle is not None:
                write_rows(bundle, graph)
            at = span[1]
    finally:
        for fh in rdf.values():
            fh.close()
        if bundle is not None:
            rows = sum(bundle.counts.values())
            bundle.close()
    written = {o: (os.path.getsize(os.path.join(root, o)), triples[o]) for o in rdf}
    if bundle is not None:
        written[NEO4J] = (os.path.getsize(os.path.join(root, NEO4J, node_file(PAPER_NODES))), rows)
    return Ahead(at, written)


if __name__ == "__main__":
    sys.exit(_main(sys.argv[1:]))
