from __future__ import annotations

import json
import re

import click
import pytest
from click.testing import CliRunner

from paperkg.cli import main
from paths import FIXTURES, ROOT, SEEDS


def _commands(group: click.Group, prefix: str = "") -> list[tuple[str, click.Command]]:
    out = []
    for name, cmd in sorted(group.commands.items()):
        full = f"{prefix}{name}"
        out.append((full, cmd))
        if isinstance(cmd, click.Group):
            out.extend(_commands(cmd, full + " "))
    return out


@pytest.mark.parametrize("name", [n for n, _ in _commands(main)])
def test_cli_every_command_has_help_and_is_in_readme(name):
    result = CliRunner().invoke(main, name.split() + ["--help"])
    assert result.exit_code == 0, result.output
    assert "Usage:" in result.output
    readme = (ROOT / "README.md").read_text()
    assert re.search(rf"`paperkg {re.escape(name)}\b", readme), f"paperkg {name} not documented in README"


def test_cli_version():
    result = CliRunner().invoke(main, ["--version"])
    assert result.exit_code == 0
    assert re.fullmatch(r"paperkg, version \d+\.\d+\.\d+\n", result.output)


def test_cli_ingest_writes_jsonl_and_summary(tmp_path):
    out = tmp_path / "papers.jsonl"
    result = CliRunner().invoke(main, ["ingest", str(SEEDS), "-o", str(out)])
    assert result.exit_code == 0, result.output
    rows = [json.loads(line) for line in out.read_text().splitlines()]
    assert len(rows) == 484
    assert set(rows[0]) >= {"id", "title", "abstract", "authors", "date", "url", "categories", "sources"}
    assert "read 534 records, kept 484 papers, skipped 0, merged 50 duplicates" in result.stderr


def test_cli_ingest_reports_problems_and_strict_fails(tmp_path):
    src = FIXTURES / "ingest" / "papers.jsonl"
    out = tmp_path / "p.jsonl"
    ok = CliRunner().invoke(main, ["ingest", str(src), "-o", str(out)])
    assert ok.exit_code == 0
    assert f"{src}:3: invalid JSON (Expecting value at column 1); skipped" in ok.stderr
    assert len(out.read_text().splitlines()) == 2
    strict = CliRunner().invoke(main, ["ingest", str(src), "-o", str(out), "--strict"])
    assert strict.exit_code == 1
    assert f"Error: {src}:3: invalid JSON" in strict.stderr


def test_cli_extract_reports_problems_streams_and_leaves_no_scratch(tmp_path):
    src = FIXTURES / "ingest" / "papers.jsonl"
    out = tmp_path / "ex.jsonl"
    ok = CliRunner().invoke(main, ["extract", str(src), "-o", str(out), "--workers", "2"])
    assert ok.exit_code == 0, ok.output
    assert f"{src}:3: invalid JSON" in ok.stderr
    rows = [json.loads(line) for line in out.read_text().splitlines()]
    ingested = tmp_path / "p.jsonl"
    CliRunner().invoke(main, ["ingest", str(src), "-o", str(ingested)])
    assert [r["id"] for r in rows] == [json.loads(line)["id"] for line in ingested.read_text().splitlines()]
    assert f"wrote {len(rows)} papers, {sum(len(r['entities']) for r in rows)} mentions" in ok.stderr
    strict = CliRunner().invoke(main, ["extract", str(src), "-o", str(tmp_path / "no.jsonl"), "--strict"])
    assert strict.exit_code == 1 and f"Error: {src}:3: invalid JSON" in strict.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == ["ex.jsonl", "p.jsonl"]  # no scratch, no half file
