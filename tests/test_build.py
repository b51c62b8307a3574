from __future__ import annotations

import json

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
