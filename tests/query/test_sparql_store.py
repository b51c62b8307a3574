"""The persistent SPARQL store next to a build: made once, reused, never stale; parameters
bound as terms; a runaway query stopped by --timeout."""
from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from paperkg.cli import main
from paperkg.errors import QueryError
from paperkg.query import run_sparql_file
from paperkg.query.sparql import STORE_DIR, bind
from paths import QUERIES

ROW = {"id": "2401.00001", "title": "FooNet: Fast Things", "abstract": "We propose FooNet. It is fast on GSM8K."}


def _build(tmp_path, rows, name="out"):
    src = tmp_path / f"{name}.jsonl"
    src.write_text("".join(json.dumps(r) + "\n" for r in rows))
    out = tmp_path / name
    assert CliRunner().invoke(main, ["build", str(src), "-o", str(out)]).exit_code == 0
    return out


def test_sparql_store_is_made_once_and_reused(tmp_path, capfd):
    out = _build(tmp_path, [ROW])
    q = str(QUERIES / "concepts-by-type.rq")
    first = run_sparql_file(str(out), q)
    stamp = out / STORE_DIR / "made-from.json"
    assert stamp.exists() and "making the SPARQL store" in capfd.readouterr().err
    made = stamp.stat().st_mtime_ns
    assert run_sparql_file(str(out), q).rows == first.rows
    assert stamp.stat().st_mtime_ns == made and "making" not in capfd.readouterr().err


def test_sparql_store_is_remade_when_the_build_changes(tmp_path):
    out = _build(tmp_path, [ROW])
    q = str(QUERIES / "concepts-by-type.rq")
    before = run_sparql_file(str(out), q).rows
    src = tmp_path / "out.jsonl"
    src.write_text(json.dumps(ROW) + "\n" + json.dumps({**ROW, "id": "2401.00002", "title": "BarSet: Data",
                                                         "abstract": "We introduce BarSet, a dataset."}) + "\n")
    assert CliRunner().invoke(main, ["build", str(src), "-o", str(out)]).exit_code == 0
    assert not (out / STORE_DIR).exists()  # the swapped-in build starts without one
    after = run_sparql_file(str(out), q).rows
    assert after != before
    stamp = out / STORE_DIR / "made-from.json"
    stamp.write_text('{"graph.ttl": "something else"}')  # a store that claims another graph
    assert run_sparql_file(str(out), q).rows == after and json.loads(stamp.read_text())["graph.ttl"] != "something else"


def test_sparql_parameters_are_terms_in_a_values_block():
    q = "SELECT ?c WHERE { ?c <http://www.w3.org/2004/02/skos/core#prefLabel> ?name }"
    bound = bind(q, {"name": 'x" } . ?s ?p ?o . { "', "unused": 3})
    assert bound.count("VALUES") == 1 and "?unused" not in bound
    assert 'VALUES (?name) { ("x\\" } . ?s ?p ?o . { \\"") }' in bound


def test_sparql_hostile_parameter_finds_nothing_and_breaks_nothing(seed_build):
    res = run_sparql_file(str(seed_build), str(QUERIES / "mention-provenance.rq"),
                          {"name": '" } ?s ?p ?o . FILTER(true) { "'})
    assert res.rows == []


@pytest.mark.slow  # waits out two one-second timeouts
def test_sparql_timeout_stops_a_runaway_query(tmp_path):
    out = _build(tmp_path, [ROW])
    runaway = tmp_path / "runaway.rq"
    runaway.write_text("# Question: how many triples, cubed?\nSELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }\n")
    with pytest.raises(QueryError, match=r"runaway.rq: stopped after 1s \(--timeout\)"):
        run_sparql_file(str(out), str(runaway), timeout=1)
    result = CliRunner().invoke(main, ["query", str(out), str(runaway), "--timeout", "1"])
    assert result.exit_code == 1 and result.stderr.strip().endswith("stopped after 1s (--timeout); narrow it with --param or LIMIT")
    fine = run_sparql_file(str(out), str(QUERIES / "concepts-by-type.rq"), timeout=30)
    assert fine.rows
