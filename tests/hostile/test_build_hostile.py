"""Hostile runs of the command line: nothing half-written, one clear line, non-zero exits."""
from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time

import pytest
from click.testing import CliRunner

from paperkg.cli import main
from paths import SEEDS

GOOD = {"id": "2401.00001", "title": "A Good Paper", "abstract": "We study FooNet. It works well."}


def run(*args: str):
    return CliRunner().invoke(main, list(args))


def _one_line_error(result) -> str:
    assert result.exit_code != 0, result.output
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and "Traceback" not in result.stderr, result.stderr
    return lines[0]


@pytest.fixture
def small_build(tmp_path):
    src = tmp_path / "in.jsonl"
    src.write_text(json.dumps(GOOD) + "\n")
    out = tmp_path / "out"
    assert run("build", str(src), "-o", str(out)).exit_code == 0
    return src, out


# 1. Atomic builds ------------------------------------------------------------------------------
def test_hostile_build_writes_a_manifest_last(small_build):
    _, out = small_build
    manifest = json.loads((out / "build.json").read_text())
    assert {"paperkg", "inputs", "counts", "files"} <= set(manifest)
    assert manifest["counts"]["papers"] == 1
    for name, meta in manifest["files"].items():
        assert (out / name).stat().st_size == meta["bytes"]
    assert "graph.ttl" in manifest["files"] and "neo4j/import.sh" in manifest["files"]


@pytest.mark.parametrize("command", [["stats"], ["validate"], ["explain", "FooNet", "--build"],
                                     ["query", None, "queries/acronym-table.rq"], ["export", "neo4j"],
                                     ["push", None, "--uri", "bolt://127.0.0.1:9"], ["plot", None, "-o", "unused"]])
def test_hostile_damaged_build_is_refused_by_every_reader(small_build, command, monkeypatch):
    _, out = small_build
    monkeypatch.chdir(SEEDS.parent.parent)
    ttl = out / "graph.ttl"
    ttl.write_bytes(ttl.read_bytes()[: ttl.stat().st_size // 3])  # what a kill -9 used to leave
    args = [str(out) if a is None else a for a in command]
    if None not in command and command[-1] != "--build":
        args.append(str(out))
    elif command[-1] == "--build":
        args.append(str(out))
    line = _one_line_error(run(*args))
    assert f"{ttl}:" in line and "manifest" in line and "rebuild" in line


def test_hostile_missing_manifest_is_refused(small_build):
    _, out = small_build
    (out / "build.json").unlink()
    line = _one_line_error(run("stats", str(out)))
    assert line == f"Error: {out}: not a complete paperkg build (no build.json); run 'paperkg build INPUT... -o {out}'"


@pytest.mark.slow
def test_hostile_killed_build_never_replaces_a_good_one(tmp_path):
    out = tmp_path / "out"
    big = tmp_path / "big.jsonl"
    rows = [{**GOOD, "id": f"2401.{i:05d}", "title": f"Paper {i} on FooNet"} for i in range(40_000)]
    big.write_text("".join(json.dumps(r) + "\n" for r in rows))
    small = tmp_path / "small.jsonl"
    small.write_text(json.dumps(GOOD) + "\n")
    assert run("build", str(small), "-o", str(out)).exit_code == 0
    before = {p: (out / p).read_bytes() for p in ("papers.jsonl", "graph.ttl", "build.json")}
    proc = subprocess.Popen([sys.executable, "-m", "paperkg", "build", str(big), "-o", str(out)],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    time.sleep(4)
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    assert {p: (out / p).read_bytes() for p in before} == before
    # its worker processes die with it
    deadline = time.time() + 10
    while _processes_naming(str(big)) and time.time() < deadline:
        time.sleep(0.2)
    assert not _processes_naming(str(big))
    assert run("stats", str(out)).exit_code == 0
    # the next build clears what the killed one left beside OUT
    assert run("build", str(small), "-o", str(out)).exit_code == 0
    assert not [p for p in os.listdir(tmp_path) if ".partial-" in p]


def _processes_naming(text: str) -> list[int]:
    found = []
    for pid in filter(str.isdigit, os.listdir("/proc")):
        try:
            with open(f"/proc/{pid}/cmdline", "rb") as fh:
                if text.encode() in fh.read():
                    found.append(int(pid))
        except OSError:
            pass
    return found


def _source(tmp_path):
    src = tmp_path / "in.jsonl"
    src.write_text(json.dumps(GOOD) + "\n")
    return src


@pytest.mark.parametrize("contents, replaced", [
    ({"chapter1.tex": "keep me"}, False),  # someone's data: never replaced
    ({"stats.json": "{}", "papers.jsonl": ""}, True),  # a build from before manifests
])
def test_hostile_build_replaces_only_builds(tmp_path, contents, replaced):
    out = tmp_path / "out"
    out.mkdir()
    for name, text in contents.items():
        (out / name).write_text(text)
    result = run("build", str(_source(tmp_path)), "-o", str(out))
    if replaced:
        assert result.exit_code == 0 and (out / "build.json").exists()
    else:
        assert "is not a paperkg build" in _one_line_error(result)
        assert (out / "chapter1.tex").read_text() == "keep me"


# 4. Exit status ----------------------------------------------------------------------------------
def test_hostile_missing_input_is_fatal_and_keeps_the_build(small_build, tmp_path):
    _, out = small_build
    before = (out / "papers.jsonl").read_bytes()
    line = _one_line_error(run("build", str(tmp_path / "typo.jsonl"), "-o", str(out)))
    assert line == f"Error: {tmp_path / 'typo.jsonl'}: no such file or directory"
    assert (out / "papers.jsonl").read_bytes() == before


def test_hostile_zero_papers_is_fatal(tmp_path):
    src = tmp_path / "empty.jsonl"
    src.write_text('{"id": "x"}\n')
    result = run("build", str(src), "-o", str(tmp_path / "out"))
    assert result.exit_code == 1 and "no papers read (1 records, 1 skipped); nothing written" in result.stderr
    assert not (tmp_path / "out").exists()


def test_hostile_csv_without_columns_says_how_to_map_them(tmp_path):
    src = tmp_path / "p.csv"
    src.write_text('name,text\nFirst,"Fine. Abstract."\n')
    result = run("ingest", str(src), "-o", str(tmp_path / "p.jsonl"))
    assert result.exit_code == 1 and "--map title=COLUMN --map abstract=COLUMN" in result.stderr
    ok = run("ingest", str(src), "-o", str(tmp_path / "p.jsonl"), "--map", "title=name", "--map", "abstract=text")
    assert ok.exit_code == 0 and (tmp_path / "p.jsonl").read_text().count("\n") == 1


def test_hostile_pretty_printed_json_is_not_read_as_json_lines(tmp_path):
    src = tmp_path / "export.json"
    src.write_text(json.dumps({"papers": [GOOD]}, indent=2))
    result = run("ingest", str(src), "-o", str(tmp_path / "p.jsonl"))
    assert result.exit_code == 0 and "kept 1 papers" in result.stderr and "invalid JSON" not in result.stderr


# 7. Clean failures -------------------------------------------------------------------------------
def test_hostile_bad_output_path_is_one_line(tmp_path):
    src = tmp_path / "in.jsonl"
    src.write_text(json.dumps(GOOD) + "\n")
    afile = tmp_path / "afile"
    afile.write_text("x")
    line = _one_line_error(run("build", str(src), "-o", str(afile / "out")))
    assert "cannot create the output directory" in line


@pytest.mark.parametrize("uri", ["http://localhost:7474", "bolt://neo4j:hunter2@127.0.0.1:1"])
def test_hostile_uri_problems_are_one_line_and_never_show_the_password(small_build, uri, monkeypatch):
    _, out = small_build
    monkeypatch.setenv("NEO4J_PASSWORD", "pw")
    line = _one_line_error(run("push", str(out), "--uri", uri))
    assert "hunter2" not in line
    if uri.startswith("http"):
        assert "unsupported URI 'http://localhost:7474'" in line and "bolt://" in line
    else:
        assert "bolt://neo4j:***@127.0.0.1:1" in line


@pytest.mark.slow
def test_hostile_out_of_memory_is_one_line(tmp_path):
    """A build given little more address space than the loaded pipeline needs ends with one
    line, not a traceback, and writes nothing."""
    src = tmp_path / "in.jsonl"
    src.write_text("".join(json.dumps({**GOOD, "id": f"2401.{i:05d}", "title": f"Paper {i} on FooNet"}) + "\n"
                           for i in range(30_000)))
    code = ("import resource, sys; from paperkg.cli import main; from paperkg.extract.nlp import make_nlp; "
            "from paperkg.extract.extractor import Extractor; Extractor(); "
            "size = next(int(l.split()[1]) for l in open('/proc/self/status') if l.startswith('VmSize')) << 10; "
            "resource.setrlimit(resource.RLIMIT_AS, (size + (8 << 20), size + (8 << 20))); "
            f"sys.argv = ['paperkg', 'build', {str(src)!r}, '-o', {str(tmp_path / 'out')!r}]; main()")
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=300)
    assert proc.returncode == 1, proc.stderr[-2000:]
    assert "Traceback" not in proc.stderr
    assert proc.stderr.strip().splitlines()[-1] in (  # in the main process, or in a worker
        "Error: out of memory; try fewer --workers or a smaller input",
        "Error: an extraction worker died (killed, or out of memory); try fewer --workers or a smaller input")
    assert not (tmp_path / "out").exists()


def test_hostile_serve_on_a_busy_port_is_one_line(small_build):
    import socket

    _, out = small_build
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        line = _one_line_error(run("serve", str(out), "--bolt-port", str(port)))
    assert line == f"Error: port {port} on 127.0.0.1 is in use; choose another with --bolt-port"


@pytest.mark.slow
def test_hostile_server_files_are_the_owners_alone(tmp_path):
    import stat

    from paperkg.export.embedded import EmbeddedServer

    root = tmp_path / "server"
    with EmbeddedServer(root=str(root)):
        pass
    modes = [os.stat(os.path.join(d, n)).st_mode for d, _, files in os.walk(root) for n in files]
    assert modes and stat.S_IMODE(os.stat(root).st_mode) == 0o700
    assert all(m & 0o077 == 0 for m in modes), sorted({oct(stat.S_IMODE(m)) for m in modes})

