"""The local engine's passes in parts (the input read in blocks, pass two and the edge
pass one part a worker) write what one process writes, byte for byte, report bad records
at the same ``path:line``, count progress to the last paper, and stop with a clear error
when a worker dies."""
from __future__ import annotations

import json
import os
import sys

import pytest

from paperkg.build import build
from paperkg.engine import LocalEngine
from paperkg.errors import BuildError
from paths import ROOT

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    """3,001 synthetic papers (a growing vocabulary, so the parts' resolvers overlap and
    differ) with two broken records: one near the start, one in a later block."""
    sys.path.insert(0, str(ROOT / "benchmarks"))
    from synth import generate

    path = tmp_path_factory.mktemp("synth") / "synth-3k.jsonl"
    with open(path, "w", encoding="utf-8") as fh:
        for i, rec in enumerate(generate(3_001)):
            fh.write(json.dumps(rec, ensure_ascii=False) + "\n")
            if i in (5, 2_222):
                fh.write('{"id": "broken", "title": \n')
    return path


def _tree(root) -> dict[str, bytes]:
    out = {}
    for base, _, names in os.walk(root):
        for name in names:
            path = os.path.join(base, name)
            with open(path, "rb") as fh:
                out[os.path.relpath(path, root)] = fh.read()
    return out


def _run(corpus, out, engine) -> tuple[list[str], dict[str, list[int]]]:
    problems: list[str] = []
    ticks: dict[str, list[int]] = {}

    def stages(label, total):
        ticks[label] = [total, 0]

        def tick(n):
            ticks[label][1] += n
        return tick

    build([str(corpus)], str(out), engine=engine, on_problem=lambda e: problems.append(str(e)), stages=stages)
    return problems, ticks


@pytest.fixture(scope="module")
def one(corpus, tmp_path_factory):
    out = tmp_path_factory.mktemp("one") / "out"
    problems, _ = _run(corpus, out, LocalEngine(1))
    return out, problems


@pytest.mark.parametrize("workers, memory", [(2, None), (3, None), (2, 1)])
def test_parts_write_the_same_bytes_as_one_process(corpus, one, tmp_path, workers, memory):
    """``memory`` 1 byte: this process is too big to fork for pass two and the edge pass,
    so it runs their parts itself, one after the other."""
    out = tmp_path / "out"
    engine = LocalEngine(workers, read_block=256 << 10)  # the 5 MB input in about twenty blocks
    engine.memory = memory or engine.memory
    problems, ticks = _run(corpus, out, engine)
    ref, ref_problems = one
    mine, theirs = _tree(out), _tree(ref)
    assert sorted(mine) == sorted(theirs)  # no part's scratch file is left behind
    differ = [name for name in mine if mine[name] != theirs[name]]
    assert not differ, f"files differ: {differ}"
    assert problems == ref_problems and len(problems) == 2
    assert f"{corpus}:2225:" in problems[1]  # 2,223 records and a broken line before it: the whole file's number
    for label in ("extracting", "corpus pass", "linking"):
        total, done = ticks[label]
        assert total == done == 3_001, label


def test_strict_stops_in_a_later_block_as_one_process_does(corpus, tmp_path):
    from paperkg.errors import IngestError

    seen = []
    for workers in (1, 2):
        with pytest.raises(IngestError) as e:
            build([str(corpus)], str(tmp_path / f"w{workers}"), strict=True,
                  engine=LocalEngine(workers, read_block=256 << 10))
        seen.append(str(e.value))
        assert not (tmp_path / f"w{workers}").exists()
    assert seen[0] == seen[1] and f"{corpus}:7:" in seen[0]


def _die(*_args) -> None:
    os._exit(3)


def test_a_worker_that_dies_stops_the_run_with_a_clear_error():
    with pytest.raises(BuildError, match="worker process died"):
        LocalEngine(2)._run(_die, [(1,), (2,)])


def test_an_edge_pass_too_big_to_fork_runs_here_after_pass_two_in_parts(corpus, one, tmp_path, monkeypatch):
    import paperkg.engine as engine_module

    sizes = iter([0])  # pass two sees a small process; by the edge pass it has grown past the budget
    monkeypatch.setattr(engine_module, "_rss", lambda: next(sizes, 1 << 40))
    out = tmp_path / "out"
    _run(corpus, out, LocalEngine(2, read_block=256 << 10))
    mine, theirs = _tree(out), _tree(one[0])
    assert sorted(mine) == sorted(theirs)
    assert [name for name in mine if mine[name] != theirs[name]] == []


def _in_parts(monkeypatch) -> None:
    """One resolver always fits the budget here: pass two runs in parts, the first worker
    resolving."""
    import paperkg.engine as engine_module

    monkeypatch.setattr(engine_module, "RESOLVER_BYTES", 0)


@pytest.mark.parametrize("workers", [2, 3, 4])
def test_pass_two_in_parts_with_one_resolving_worker_writes_the_same_bytes(corpus, one, tmp_path, monkeypatch,
                                                                          workers):
    """With 2 workers the resolving worker's part is the smaller; with 3 or more it has
    none and only follows the others' rows. The edge pass reads the rows in even parts
    that cross the pass-two parts' files; the bytes are one worker's."""
    import paperkg.engine as engine_module

    _in_parts(monkeypatch)
    seen: list = []
    real = engine_module._link_jobs
    monkeypatch.setattr(engine_module, "_link_jobs", lambda *a: seen.append(real(*a)) or seen[-1])
    out = tmp_path / "out"
    problems, ticks = _run(corpus, out, LocalEngine(workers, read_block=256 << 10))
    mine, theirs = _tree(out), _tree(one[0])
    assert sorted(mine) == sorted(theirs)  # the rows are gone
    assert [name for name in mine if mine[name] != theirs[name]] == []
    assert ticks["corpus pass"] == [3_001, 3_001]
    (jobs,) = seen
    assert len(jobs) == workers and max(len(p) for p, _ in jobs) - min(len(p) for p, _ in jobs) <= 256
    assert any(len(spans) > 1 for _, spans in jobs)  # a part of the edge pass reads two parts' rows


def test_a_part_that_fails_while_feeding_the_resolver_stops_the_run(corpus, tmp_path, monkeypatch):
    """The resolving worker does not wait for the rest of a failed part's feed."""
    import paperkg.cluster.tasks as tasks

    _in_parts(monkeypatch)
    real = tasks.second_part

    def fails_late(papers, spill, cp, shard, *args, **kw):
        if shard.endswith("ex-1.jsonl"):  # the second part, after sending some of its papers
            def each(found, sent=[0]):
                sent[0] += 1
                if sent[0] == 300:
                    raise RuntimeError("part 2 broke")
            return real(papers, spill, cp, shard, *args, each=each, **kw)
        return real(papers, spill, cp, shard, *args, **kw)

    monkeypatch.setattr(tasks, "second_part", fails_late)
    with pytest.raises(RuntimeError, match="part 2 broke"):
        build([str(corpus)], str(tmp_path / "out"), engine=LocalEngine(2, read_block=256 << 10))
    assert not (tmp_path / "out").exists()


@pytest.mark.parametrize("workers", [1, 2, 3])
def test_extraction_alone_writes_the_builds_extractions(corpus, one, tmp_path, workers):
    """``paperkg extract`` streams as the build does: its file is the build's
    ``extractions.jsonl`` with any number of workers, the problems are the build's."""
    from paperkg.alone import extract_only

    problems: list[str] = []
    out = tmp_path / "sub" / "ex.jsonl"
    done = extract_only([str(corpus)], str(out), workers=workers, on_problem=lambda e: problems.append(str(e)))
    ref, ref_problems = one
    assert out.read_bytes() == (ref / "extractions.jsonl").read_bytes()
    assert problems == ref_problems
    assert done.papers == 3_001
    assert done.mentions == sum(len(json.loads(line)["entities"]) for line in out.read_text().splitlines())
    assert os.listdir(out.parent) == ["ex.jsonl"]
