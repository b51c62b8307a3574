from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from paperkg.build import FILES, build
from paperkg.cli import main
from paths import SEEDS


def test_build_is_byte_identical_when_repeated(tmp_path, seed_build):
    again = tmp_path / "again"
    build([str(SEEDS)], str(again), workers=1)
    for name in FILES:
        assert (again / name).read_bytes() == (seed_build / name).read_bytes(), name
    for f in sorted((seed_build / "neo4j").iterdir()):
        assert (again / "neo4j" / f.name).read_bytes() == f.read_bytes(), f.name


def test_build_stats_counts_match_files(seed_build):
    stats = json.loads((seed_build / "stats.json").read_text())
    concepts = (seed_build / "concepts.jsonl").read_text().splitlines()
    papers = (seed_build / "papers.jsonl").read_text().splitlines()
    assert stats["papers"] == len(papers) == 484
    assert stats["concepts"] == len(concepts)
    assert sum(v for k, v in stats["nodes"].items() if k not in ("Paper", "Repository")) == len(concepts)
    out = CliRunner().invoke(main, ["stats", str(seed_build)]).output
    assert "484 papers" in out and "top methods:" in out


def test_build_explain_shows_why_names_merged(seed_build):
    out = CliRunner().invoke(main, ["explain", "Direct Preference Optimization", "--build", str(seed_build)]).output
    assert out.startswith("method:direct-preference-optimization  'DPO' (method,")
    assert "[gazetteer]" in out and "«Direct Preference Optimization»" in out
    assert "  type evidence: gazetteer:method ×" in out  # the evidence behind the type, heaviest first
    missing = CliRunner().invoke(main, ["explain", "NoSuchThing", "--build", str(seed_build)]).output
    assert missing.strip() == f"no concept named 'NoSuchThing' in {seed_build}"


def test_build_missing_directory_is_a_clear_error(tmp_path):
    result = CliRunner().invoke(main, ["stats", str(tmp_path / "nowhere")])
    assert result.exit_code == 1
    missing = tmp_path / "nowhere"
    assert result.stderr == f"Error: {missing}: not found; run 'paperkg build INPUT... -o {missing}' first\n"


@pytest.mark.slow  # two builds in fresh processes
def test_build_is_byte_identical_in_another_process(tmp_path):
    """Every file, the manifest and the update state too, whatever the process's string
    hashing (sets are iterated in hash order)."""
    import os
    import subprocess
    import sys

    day = sorted(SEEDS.glob("*.txt"))[0]
    for seed in ("1", "2"):
        env = {**os.environ, "PYTHONHASHSEED": seed, "PYTHONPATH": os.pathsep.join(sys.path)}
        subprocess.run([sys.executable, "-m", "paperkg", "build", str(day), "-o", str(tmp_path / seed)], env=env,
                       check=True, capture_output=True)
    files = sorted(p.relative_to(tmp_path / "1") for p in (tmp_path / "1").rglob("*") if p.is_file())
    assert files and files == sorted(p.relative_to(tmp_path / "2") for p in (tmp_path / "2").rglob("*") if p.is_file())
    for f in files:
        assert (tmp_path / "1" / f).read_bytes() == (tmp_path / "2" / f).read_bytes(), f
