from __future__ import annotations

import json
import shutil
import subprocess

import pytest
from click.testing import CliRunner

from paperkg.cli import main
from paperkg.query import read_query
from paperkg.query.cypher import run_cypher
from paths import QUERIES, ROOT

pytestmark = pytest.mark.slow  # embedded server, notebooks or the Node linter

CYPHER = sorted(QUERIES.glob("*.cypher"))
LINT = ROOT / "tests" / "cypher_lint"


def _lint(*files):
    node = shutil.which("node")
    assert node, "node is needed to lint Cypher (make test runs npm ci in tests/cypher_lint)"
    assert (LINT / "node_modules").exists(), "run `make test` (npm ci in tests/cypher_lint) first"
    return subprocess.run([node, str(LINT / "lint.mjs"), *map(str, files)], capture_output=True, text=True)


def test_cypher_pack_has_at_least_ten_queries_each_stating_its_question():
    assert len(CYPHER) >= 10
    for path in CYPHER:
        assert path.read_text().startswith("// Question: "), path.name


@pytest.mark.parametrize("path", CYPHER, ids=lambda p: p.name)
def test_cypher_each_query_returns_rows_on_the_bolt_server(pushed, arcade, path):
    driver, _, _ = pushed
    params, text = read_query(str(path))
    result = run_cypher(driver, text, params, arcade.database, str(path))
    assert result.rows, f"{path.name} returned no rows"


def test_cypher_pack_and_generated_load_script_pass_neo4j_parser(seed_build):
    result = _lint(*CYPHER, seed_build / "neo4j" / "load.cypher")
    assert result.returncode == 0, result.stdout


def test_cypher_lint_reports_file_line_col(tmp_path):
    bad = tmp_path / "bad.cypher"
    bad.write_text(":param a => 1;\nMATCH (n:Paper WHERE n.x = $a\nRETURN n\n")
    result = _lint(bad)
    assert result.returncode == 1
    first = result.stdout.splitlines()[0]
    assert first.startswith(f"{bad}:3:1: ")


def test_cypher_query_cli_with_uri_and_with_embedded_server(seed_build, arcade, pushed, monkeypatch):
    monkeypatch.setenv("NEO4J_PASSWORD", arcade.password)
    path = str(QUERIES / "top-cooccurring-concepts.cypher")
    args = ["query", str(seed_build), path, "--format", "json"]
    given = CliRunner().invoke(main, args + ["--uri", arcade.uri, "--user", arcade.user, "--database", arcade.database])
    assert given.exit_code == 0, given.output
    own = CliRunner().invoke(main, args)  # starts its own embedded server for the call
    assert own.exit_code == 0, own.output
    assert json.loads(given.output) == json.loads(own.output)
    assert json.loads(own.output)[0]["papers"] >= 2


def test_cypher_query_the_server_fails_is_one_line(seed_build, arcade, pushed, monkeypatch, tmp_path):
    # ArcadeDB answers an unknown procedure with a DatabaseError, not a ClientError: any error
    # the server reports is one line naming the file, never a traceback.
    monkeypatch.setenv("NEO4J_PASSWORD", arcade.password)
    bad = tmp_path / "bad.cypher"
    bad.write_text("// Question: none\nCALL db.paperkg_no_such_procedure()\n")
    res = CliRunner().invoke(main, ["query", str(seed_build), str(bad), "--uri", arcade.uri, "--user", arcade.user,
                                    "--database", arcade.database])
    assert res.exit_code == 1 and "Traceback" not in res.output
    assert res.output.strip().splitlines()[-1].startswith(f"Error: {bad}: "), res.output


def test_cypher_load_script_runs_through_on_the_bolt_server(seed_build, arcade, pushed):
    """load.cypher on the database the push filled: every statement before the optional mark
    succeeds and changes no count (MERGE on ids); after the mark the server may refuse."""
    from paperkg.export.neo4j_bolt import counts
    from paperkg.export.neo4j_csv import OPTIONAL_MARK

    driver, _, _ = pushed
    before = counts(driver, arcade.database)
    text = (seed_build / "neo4j" / "load.cypher").read_text()
    required, _, optional = text.partition(OPTIONAL_MARK)
    assert optional.strip(), "the optional statements come last, after their mark"
    with driver.session(database=arcade.database) as s:
        statements = [l for l in required.splitlines() if l.strip() and not l.startswith("//")]
        for stmt in statements:
            s.run(stmt.rstrip(";")).consume()
    assert len(statements) > 10 and counts(driver, arcade.database) == before


def test_cypher_pack_uses_only_names_the_schema_defines():
    """Every label, relationship type and property a query file names exists in export/schema.py."""
    import re

    from paperkg.export.schema import CONCEPT_PROPS, OWNER, PAPER_PROPS, REL_PROPS, REPOSITORY_PROPS, Label, Rel

    labels, rels = {str(l) for l in Label}, {str(r) for r in Rel}
    props = {*PAPER_PROPS, *CONCEPT_PROPS, *REPOSITORY_PROPS, OWNER, *(k for ks in REL_PROPS.values() for k in ks)}
    for path in CYPHER:
        code = "\n".join(l.split("//")[0] for l in path.read_text().splitlines() if not l.startswith(":param"))
        code = re.sub(r"'[^']*'|\"[^\"]*\"", "''", code)  # strings are data, not names
        for label in re.findall(r"\(\s*\w*\s*:\s*(\w+)", code) + re.findall(r"\)\s*:\s*(\w+)", code):
            assert label in labels, f"{path.name}: label {label}"
        for group in re.findall(r"\[\s*\w*\s*:\s*([\w|]+)", code):
            for rel in group.split("|"):
                assert rel in rels, f"{path.name}: relationship type {rel}"
        variables = set(re.findall(r"[(\[]\s*(\w+)\s*[:)\]{]", code))
        for var, prop in re.findall(r"\b(\w+)\.(\w+)\b", code):
            if var in variables:
                assert prop in props, f"{path.name}: property {var}.{prop}"


# The pack's fast forms (counts read from stored properties, rows picked before details are
# joined, walks started at the selective end) against plain forms of the same questions.
PLAIN = {
    "concept-hubs.cypher": """
        MATCH (c:Concept)
        OPTIONAL MATCH (c)<-[r]-(:Paper)
        WITH c, count(r) AS papers
        OPTIONAL MATCH (c)-[:CO_OCCURS]-(n:Concept)
        RETURN c.name AS concept, c.type AS type, papers, count(DISTINCT n) AS neighbours
        ORDER BY papers DESC, neighbours DESC, concept LIMIT 25""",
    "mention-provenance.cypher": """
        MATCH (p:Paper)-[r]->(c:Concept)
        WHERE c.name = $name AND r.starts IS NOT NULL
        UNWIND range(0, size(r.starts) - 1) AS i
        WITH p, r, i, CASE r.fields[i] WHEN 'title' THEN p.title ELSE p.abstract END AS text
        RETURN p.id AS paper, type(r) AS role, r.fields[i] AS field, r.sentences[i] AS sentence,
               r.starts[i] AS start, r.ends[i] AS end, r.rule AS rule,
               substring(text, r.starts[i], r.ends[i] - r.starts[i]) AS mention
        ORDER BY paper, start LIMIT 50""",
    "paper-neighbourhood.cypher": """
        MATCH (p:Paper) WHERE toLower(p.title) CONTAINS toLower($title)
        WITH p ORDER BY p.id LIMIT 1
        MATCH (p)-[r]->(c:Concept)
        OPTIONAL MATCH (c)<-[]-(other:Paper) WHERE other <> p
        WITH p, r, c, other.title AS title ORDER BY title
        WITH p, r, c, collect(DISTINCT title) AS titles
        RETURN p.title AS paper, type(r) AS role, c.name AS concept, size(titles) AS other_papers,
               titles[0..3] AS examples
        ORDER BY other_papers DESC, concept LIMIT 30""",
    "papers-sharing-datasets.cypher": """
        MATCH (p:Paper) WHERE toLower(p.title) CONTAINS toLower($title)
        WITH p ORDER BY p.id LIMIT 1
        MATCH (p)-->(d:Concept)<--(other:Paper)
        WHERE (d:Dataset OR d:Benchmark) AND other <> p
        WITH other, d.name AS name ORDER BY name
        WITH other, collect(DISTINCT name) AS shared WHERE size(shared) >= 2
        RETURN other.title AS paper, other.id AS id, size(shared) AS count, shared
        ORDER BY count DESC, paper, id LIMIT 50""",
    "propose-and-introduce.cypher": """
        MATCH (p:Paper)-[:PROPOSES]->(m:Method)
        MATCH (p)-[:INTRODUCES]->(d:Concept)
        WITH p.title AS paper, m.name AS method, d.name AS data ORDER BY method, data
        RETURN paper, collect(DISTINCT method) AS methods, collect(DISTINCT data) AS data ORDER BY paper""",
}


@pytest.mark.parametrize("name", sorted(PLAIN))
def test_cypher_fast_forms_return_the_rows_of_their_plain_forms(pushed, arcade, name):
    driver, _, _ = pushed
    params, text = read_query(str(QUERIES / name))
    fast = run_cypher(driver, text, params, arcade.database, name)
    plain = run_cypher(driver, PLAIN[name], params, arcade.database, name)
    assert fast.rows and fast.columns == plain.columns
    assert fast.rows == plain.rows
