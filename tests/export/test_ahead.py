"""The papers written ahead, then the rest in pieces, are the one writer's files, byte for byte."""
from __future__ import annotations

import os
import time

import pytest

from paperkg import __version__
from paperkg.build import write_exports
from paperkg.errors import BuildError
from paperkg.export import ahead as ahead_mod
from paperkg.export import pieces
from paperkg.export.ahead import PapersAhead, write_ahead
from paperkg.export.baton import Baton
from paperkg.export.neo4j_csv import write_bundle
from paperkg.export.rdf import write_rdf
from paperkg.store import layout
from paperkg.streams import fork_pool

OUTPUTS = ["graph.ttl", "graph.nt", "neo4j"]


def _one_writer(stored, where):
    """The outputs as one writer writes them, with their triples, rows and marks."""
    graph = layout.open_graph(str(stored), checked=False)
    where.mkdir()
    marks: dict = {}
    triples = {f"graph.{ext}": write_rdf(graph, str(where / f"graph.{ext}"), __version__,
                                         marks=marks.setdefault(f"graph.{ext}", {})) for ext in ("ttl", "nt")}
    triples["neo4j"] = sum(write_bundle(graph, str(where / "neo4j")).values())
    return triples, {k: {"concepts_at": m["concepts"], "paper_triples": m["paper_triples"]} for k, m in marks.items()}


def _same_files(got, want):
    for name in ("graph.ttl", "graph.nt"):
        assert (got / name).read_bytes() == (want / name).read_bytes(), name
    names = sorted(os.listdir(want / "neo4j"))
    assert sorted(os.listdir(got / "neo4j")) == names  # no piece left behind
    for n in names:
        assert (got / "neo4j" / n).read_bytes() == (want / "neo4j" / n).read_bytes(), n


def _stop_after(batches):
    """A ``stopped`` that says stop once ``batches`` batches are written (None: never)."""
    asked = []

    def stopped():
        asked.append(1)
        return batches is not None and len(asked) > batches

    return stopped


@pytest.mark.parametrize("batches", [0, 2, None])
def test_papers_ahead_then_pieces_make_the_one_writers_files(stored, tmp_path, monkeypatch, batches):
    """Stopped before its first batch, after two, or run to the last paper."""
    monkeypatch.setattr(ahead_mod, "BATCH", 4096)
    want_triples, want_marks = _one_writer(stored, tmp_path / "one")
    papers = (stored / layout.PAPERS).read_bytes()

    got = write_ahead(str(stored), OUTPUTS, __version__, True, _stop_after(batches))
    assert got.records == (len(papers) if batches is None else 0 if batches == 0 else got.records)
    assert 0 < got.records < len(papers) if batches == 2 else True
    assert papers[got.records - 1:got.records] in (b"\n", b"")  # stopped between records
    assert got.written["neo4j"][1] == papers[:got.records].count(b"\n")  # a row a paper
    assert all(os.path.getsize(stored / o) == got.written[o][0] for o in ("graph.ttl", "graph.nt"))
    assert os.path.getsize(stored / "neo4j" / "nodes_paper.csv") == got.written["neo4j"][0]

    plan = pieces.plan(str(stored), OUTPUTS, 8192, got)
    placed = [p for job in plan for p in job]
    assert not [p for p in placed if p.section == "head"]  # written ahead
    assert min(p.span[0] for p in placed if p.section == "papers") == got.records
    assert sorted(p.index for p in placed if p.output == "graph.ttl")[0] == 1  # piece 0 is ahead's
    baton = Baton(OUTPUTS, {o: 1 for o in got.written})
    with baton.lent(), fork_pool(2) as pool:
        triples, marks = pieces.write_pieces(str(stored), plan, __version__, True, pool, baton=baton, ahead=got)
    _same_files(stored, tmp_path / "one")
    assert triples == want_triples
    assert marks == want_marks


def test_the_process_runs_idle_and_its_work_is_taken_by_the_exports(stored, tmp_path):
    _one_writer(stored, tmp_path / "one")
    with PapersAhead(str(stored), OUTPUTS, __version__, True) as proc:
        proc.start()
        pid, policy = proc.pid, None
        for _ in range(200):  # the process sets its own policy as it starts
            try:
                policy = os.sched_getscheduler(pid)
            except ProcessLookupError:  # done already: every paper written
                break
            if policy == os.SCHED_IDLE:
                break
            time.sleep(0.01)
        assert policy in (os.SCHED_IDLE, None)
        got = proc.stop()
    assert got is not None and got.written.keys() == set(OUTPUTS)
    assert not (stored / ahead_mod.STOP).exists()
    assert proc.stop() is None  # once only
    write_exports(str(stored), layout.open_graph(str(stored), checked=False), ("ttl", "nt"), True, True,
                  workers=2, piece_size=8192, ahead=got)
    _same_files(stored, tmp_path / "one")


def test_a_failed_process_leaves_every_paper_to_the_exports(stored):
    path = stored / layout.PAPERS
    path.write_bytes(b"{oops\n" + path.read_bytes())
    with PapersAhead(str(stored), OUTPUTS, __version__, True) as proc:
        proc.start()
        os.waitid(os.P_PID, proc.pid, os.WEXITED | os.WNOWAIT)  # it fails at its first batch, stopped or not
        assert proc.stop() is None
        assert not (stored / ahead_mod.STOP).exists()
    with PapersAhead(str(stored), OUTPUTS, __version__, True) as idle:
        assert idle.stop() is None  # never started
    with pytest.raises(BuildError, match=r"papers.jsonl: invalid JSON between bytes 0 and"):
        write_ahead(str(stored), ["graph.ttl"], __version__, True)


def test_papers_ahead_need_the_exports_in_pieces(stored):
    got = write_ahead(str(stored), ["graph.ttl"], __version__, True)
    with pytest.raises(BuildError, match="only taken by the exports in pieces"):
        write_exports(str(stored), layout.open_graph(str(stored), checked=False), ("ttl",), True, False,
                      workers=1, ahead=got)


def test_a_script_without_a_main_guard_builds_once(tmp_path):
    """The process is a fresh interpreter running paperkg's module, never the caller's
    script again (as ``multiprocessing``'s spawn would)."""
    import subprocess
    import sys

    from paths import SEEDS

    script = tmp_path / "script.py"
    script.write_text("from paperkg.build import build\n"
                      "print('started', flush=True)\n"
                      f"print(build([{str(SEEDS)!r}], {str(tmp_path / 'out')!r}, workers=2).summary)\n")
    run = subprocess.run([sys.executable, str(script)], capture_output=True, text=True, timeout=300)
    assert run.returncode == 0, run.stderr
    assert run.stdout.count("started") == 1 and "484 papers" in run.stdout
