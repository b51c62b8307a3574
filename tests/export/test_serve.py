"""`paperkg serve` as a person runs it: a process that serves the build until interrupted."""
from __future__ import annotations

import pytest

import os
import signal
import subprocess
import sys
import time

from paperkg.export.embedded import free_port
from paperkg.export.neo4j_bolt import connect, counts

pytestmark = pytest.mark.slow  # embedded server, notebooks or the Node linter


def test_serve_prints_credentials_serves_the_build_and_stops_on_ctrl_c(seed_build, tmp_path):
    port = free_port()
    env = {**os.environ, "NEO4J_PASSWORD": "serve-test-secret"}
    proc = subprocess.Popen([sys.executable, "-m", "paperkg", "serve", str(seed_build), "--bolt-port", str(port),
                             "--root", str(tmp_path / "srv")], stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                            text=True, env=env)
    lines = []
    try:
        deadline = time.monotonic() + 180
        for line in proc.stdout:
            lines.append(line)
            if "Press Ctrl-C" in line or time.monotonic() > deadline:
                break
        text = "".join(lines)
        assert f"URI:      bolt://127.0.0.1:{port}" in text, text
        assert "password: (from NEO4J_PASSWORD)" in text and "serve-test-secret" not in text
        assert "Neo4j Browser or Desktop: connect URL" in text and "user neo4j" in text
        driver = connect(f"bolt://127.0.0.1:{port}", "neo4j", "serve-test-secret", "paperkg")
        try:
            nodes, rels = counts(driver, "paperkg")
        finally:
            driver.close()
        stats = (seed_build / "stats.json").read_text()
        assert '"Paper": 484' in stats and nodes > 484 and rels > 0
    finally:
        proc.send_signal(signal.SIGINT)
        assert proc.wait(timeout=90) == 0


def _serve(out, port, env):
    proc = subprocess.Popen([sys.executable, "-m", "paperkg", "serve", str(out), "--bolt-port", str(port)],
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, env=env)
    lines = []
    deadline = time.monotonic() + 180
    for line in proc.stdout:
        lines.append(line)
        if "Press Ctrl-C" in line or time.monotonic() > deadline:
            break
    return proc, "".join(lines)


def test_serve_persists_and_query_uses_the_running_server(tmp_path):
    import json

    from click.testing import CliRunner

    from paperkg.cli import main
    from paths import QUERIES

    src = tmp_path / "in.jsonl"
    src.write_text("".join(json.dumps({"id": f"2401.0000{i}", "title": f"FooNet{i}: Things",
                                       "abstract": f"We propose FooNet{i}. It beats DPO on GSM8K."}) + "\n"
                           for i in range(3)))
    out = tmp_path / "out"
    assert CliRunner().invoke(main, ["build", str(src), "-o", str(out)]).exit_code == 0
    env = {**os.environ, "NEO4J_PASSWORD": "persist-secret"}
    query = [sys.executable, "-m", "paperkg", "query", str(out), str(QUERIES / "most-used-datasets.cypher"),
             "--format", "json"]
    port = free_port()
    proc, text = _serve(out, port, env)
    try:
        assert "serving" in text and "already loaded" not in text, text
        state = json.loads((out / ".serve.json").read_text())
        assert "persist-secret" not in json.dumps(state) and state["user"] == "neo4j"
        t = time.perf_counter()
        answer = subprocess.run(query, capture_output=True, text=True, env=env, timeout=120)
        took = time.perf_counter() - t
        assert answer.returncode == 0, answer.stderr
        assert json.loads(answer.stdout)[0]["papers"] == 3
        assert took < 10  # no JVM started, no build loaded: the running server answered
    finally:
        proc.send_signal(signal.SIGTERM)  # `kill` stops it as cleanly as Ctrl-C
        assert proc.wait(timeout=90) == 0
    assert not (out / ".serve.json").exists()
    assert not subprocess.run(["pgrep", "-f", f"arcade_main --root {out}"], capture_output=True).stdout
    proc, text = _serve(out, port, env)  # the same port at once; the database persisted in OUT/arcadedb
    try:
        assert "already loaded" in text, text
    finally:
        proc.send_signal(signal.SIGINT)
        proc.wait(timeout=90)
