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
        driver = connect(f"bolt://127.0.0.1:{port}", "root", "serve-test-secret", "paperkg")
        try:
            nodes, rels = counts(driver, "paperkg")
        finally:
            driver.close()
        stats = (seed_build / "stats.json").read_text()
        assert '"Paper": 484' in stats and nodes > 484 and rels > 0
    finally:
        proc.send_signal(signal.SIGINT)
        assert proc.wait(timeout=90) == 0
