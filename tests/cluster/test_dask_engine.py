"""The Dask engine on a real two-worker LocalCluster writes what the local engine writes,
byte for byte, reports bad records as it does, and survives a worker killed mid-build."""
from __future__ import annotations

import glob
import os
import signal
import sys
import threading
import time

import pytest

from paths import ROOT, SEEDS

pytestmark = pytest.mark.slow
pytest.importorskip("distributed", reason="the dask extra is part of the dev install")


@pytest.fixture(scope="module")
def engine():
    from paperkg.cluster import DaskEngine

    # small parts and blocks, so that a 20k corpus is cut into many of each
    with DaskEngine(workers=2, part_size=2500, block_size=2 << 20) as eng:
        yield eng


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    """20k synthetic papers (growing vocabulary) with broken records spread through them."""
    sys.path.insert(0, str(ROOT / "benchmarks"))
    import json

    from synth import generate

    path = tmp_path_factory.mktemp("synth") / "synth-20k.jsonl"
    with open(path, "w", encoding="utf-8") as fh:
        for i, rec in enumerate(generate(20_000)):
            fh.write(json.dumps(rec, ensure_ascii=False) + "\n")
            if i % 4999 == 17:
                fh.write('{"id": "broken", "title": \n')
            if i == 12_345:
                fh.write(json.dumps({"id": "untitled", "abstract": "no title here"}) + "\n")
    return path


def _files(root) -> dict[str, bytes]:
    """The build's files, as its manifest lists them (not the stores other tests may have
    made beside a shared build), and the manifest. The local engine also keeps what an
    update in place needs (``state/``, but for the export marks both write): updates run on
    the local engine only, so that is left out of the comparison, here and in the manifest."""
    import json

    def ours(name: str) -> bool:
        return not name.startswith("state/") or name == "state/exports.json"

    manifest = json.loads(open(os.path.join(root, "build.json"), encoding="utf-8").read())
    manifest["files"] = {k: v for k, v in manifest["files"].items() if ours(k)}
    out = {"build.json": json.dumps(manifest, sort_keys=True).encode()}
    for name in manifest["files"]:
        with open(os.path.join(root, name), "rb") as fh:
            out[name] = fh.read()
    return out


def _same(a, b) -> None:
    fa, fb = _files(a), _files(b)
    assert sorted(fa) == sorted(fb)
    differ = [name for name in fa if fa[name] != fb[name]]
    assert not differ, f"files differ: {differ}"


def test_seeds_byte_identical(engine, seed_build, tmp_path):
    from paperkg.build import build

    out = tmp_path / "out"
    build([str(SEEDS)], str(out), engine=engine)
    _same(seed_build, out)


def test_20k_byte_identical_with_a_worker_killed(engine, corpus, tmp_path):
    from paperkg.build import build

    local_problems, dask_problems = [], []
    build([str(corpus), str(SEEDS)], str(tmp_path / "local"), workers=2,
          on_problem=lambda e: local_problems.append(str(e)))
    before = engine.client.run(os.getpid)
    killed = []

    def kill_one_worker_during_extraction():
        deadline = time.monotonic() + 300
        while time.monotonic() < deadline and not killed:
            if glob.glob(str(tmp_path / ".dask.partial-*" / ".dask" / "ex-*")):
                pid = sorted(before.values())[0]
                os.kill(pid, signal.SIGKILL)
                killed.append(pid)
            time.sleep(0.05)

    killer = threading.Thread(target=kill_one_worker_during_extraction, daemon=True)
    killer.start()
    build([str(corpus), str(SEEDS)], str(tmp_path / "dask"), engine=engine,
          on_problem=lambda e: dask_problems.append(str(e)))
    killer.join(1)
    assert killed, "no worker was killed: the build ended before extraction was seen"
    assert killed[0] not in engine.client.run(os.getpid).values()  # it is gone, and its work was redone
    _same(tmp_path / "local", tmp_path / "dask")
    assert dask_problems == local_problems
    assert any("synth-20k.jsonl:19: invalid JSON" in p for p in dask_problems)  # numbered in the whole file
    assert not glob.glob(str(tmp_path / ".*partial*"))  # nothing half-written is left


def test_strict_stops_at_the_same_record(engine, corpus, tmp_path):
    from paperkg.build import build
    from paperkg.errors import IngestError

    with pytest.raises(IngestError) as local:
        build([str(corpus)], str(tmp_path / "local"), strict=True)
    with pytest.raises(IngestError) as dask:
        build([str(corpus)], str(tmp_path / "dask"), strict=True, engine=engine)
    assert str(dask.value) == str(local.value)
    assert not (tmp_path / "dask").exists() and not glob.glob(str(tmp_path / ".*partial*"))


def test_update_is_refused_on_dask(engine, seed_build):
    from paperkg.build import build
    from paperkg.errors import BuildError

    with pytest.raises(BuildError, match="local engine"):
        build([str(SEEDS)], str(seed_build), update=True, engine=engine)


def test_cli_on_a_running_scheduler(engine, seed_build, tmp_path):
    from click.testing import CliRunner

    from paperkg.cli import main

    address = engine.client.scheduler.address
    out = tmp_path / "out"
    run = CliRunner().invoke(main, ["build", str(SEEDS), "-o", str(out), "--engine", "dask", "--scheduler", address])
    assert run.exit_code == 0, run.output
    assert f"at {address}" in run.output and "serial work on the client" in run.output
    _same(seed_build, out)
    lone = CliRunner().invoke(main, ["build", str(SEEDS), "-o", str(out), "--scheduler", address])
    assert lone.exit_code == 2 and "--scheduler needs --engine dask" in lone.output


def test_unreachable_scheduler_is_one_line(tmp_path):
    import socket

    from click.testing import CliRunner

    from paperkg.cli import main

    with socket.socket() as s:  # a port nothing listens on
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    import dask

    with dask.config.set({"distributed.comm.timeouts.connect": "3s"}):  # Dask's own setting, 30 s by default
        run = CliRunner().invoke(main, ["build", str(SEEDS), "-o", str(tmp_path / "o"), "--engine", "dask",
                                        "--scheduler", f"tcp://127.0.0.1:{port}"])
    assert run.exit_code != 0
    assert "cannot reach the Dask scheduler" in run.output and "Traceback" not in run.output


def test_a_killed_dask_build_leaves_no_workers_and_no_output(tmp_path):
    import subprocess

    import psutil

    out = tmp_path / "out"
    proc = subprocess.Popen([sys.executable, "-m", "paperkg", "build", str(SEEDS), "-o", str(out), "--engine", "dask"],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 60
    while not glob.glob(str(tmp_path / ".out.partial-*" / ".dask")) and time.monotonic() < deadline:
        time.sleep(0.05)  # until the cluster is up and the build has started
    kids = psutil.Process(proc.pid).children(recursive=True)
    assert kids, "the local cluster's worker processes were not seen"
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    gone, alive = psutil.wait_procs(kids, timeout=20)
    for p in alive:
        p.kill()
    assert not alive, f"worker processes outlived the killed build: {[p.pid for p in alive]}"
    assert not out.exists()
