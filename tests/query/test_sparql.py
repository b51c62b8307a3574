from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from paperkg.cli import main
from paperkg.errors import BuildError, QueryError
from paperkg.query import run_sparql_file
from paperkg.query.params import declared
from paths import QUERIES

RQ = sorted(QUERIES.glob("*.rq"))


def test_sparql_pack_has_at_least_eight_queries():
    assert len(RQ) >= 8


@pytest.mark.parametrize("path", RQ, ids=lambda p: p.name)
def test_sparql_each_query_states_its_question_and_returns_rows(seed_build, path):
    assert path.read_text().startswith("# Question: ")
    result = run_sparql_file(str(seed_build), str(path))
    assert result.rows, f"{path.name} returned no rows on the seed build"
    assert all(len(r) == len(result.columns) for r in result.rows)


def test_sparql_param_default_and_override(seed_build):
    path = str(QUERIES / "mention-provenance.rq")
    default = run_sparql_file(str(seed_build), path)
    other = run_sparql_file(str(seed_build), path, {"name": "GRPO"})
    assert {r[0] for r in default.rows} == {"DPO"}
    assert {r[0] for r in other.rows} == {"GRPO"}


def test_sparql_params_parse_browser_syntax():
    params, body = declared('# :param method => "DPO"\n:param k => 3\nSELECT 1 {}')
    assert params == {"method": "DPO", "k": 3}
    assert body == '# :param method => "DPO"\nSELECT 1 {}'


def test_sparql_cli_formats(seed_build):
    path = str(QUERIES / "concepts-by-type.rq")
    rows = json.loads(CliRunner().invoke(main, ["query", str(seed_build), path, "--format", "json"]).output)
    assert {r["type"] for r in rows} >= {"Method", "Dataset", "Benchmark"}
    csv_out = CliRunner().invoke(main, ["query", str(seed_build), path, "--format", "csv"]).output
    assert csv_out.splitlines()[0] == "type,concepts,mentions_by_paper"


def test_sparql_missing_graph_and_bad_query_are_clear_errors(tmp_path, seed_build):
    with pytest.raises(BuildError, match=f"^{tmp_path}: not a complete paperkg build"):
        run_sparql_file(str(tmp_path), str(QUERIES / "acronym-table.rq"))
    bad = tmp_path / "bad.rq"
    bad.write_text("SELEKT ?x WHERE {}")
    with pytest.raises(QueryError, match="bad.rq: SPARQL syntax error"):
        run_sparql_file(str(seed_build), str(bad))
