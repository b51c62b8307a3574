"""The Bolt path, for real: the official neo4j driver against the embedded ArcadeDB server."""
from __future__ import annotations

import pytest
from click.testing import CliRunner

from paperkg.build import load_graph
from paperkg.cli import main
from paperkg.errors import Neo4jError
from paperkg.export.embedded import EmbeddedServer
from paperkg.export.neo4j_bolt import connect, counts, push
from paperkg.export.schema import constraint_statements
from paperkg.extract import extract_papers
from paperkg.ingest import ingest
from paperkg.link import link
from paths import SEEDS

pytestmark = pytest.mark.slow  # embedded server, notebooks or the Node linter


def test_neo4j_push_counts_equal_the_build(pushed):
    driver, graph, result = pushed
    assert (result.nodes, result.relationships) == (graph.counts().nodes, graph.counts().edges)
    with driver.session(database=None) as s:
        labels = {r["label"]: r["n"] for r in s.run(
            "MATCH (n) UNWIND labels(n) AS label RETURN label, count(*) AS n")}
    assert labels["Paper"] == 484
    assert labels["Concept"] == sum(graph.counts().concepts.values())


def test_neo4j_warm_up_reads_every_relationship_of_every_paper(pushed, arcade):
    from paperkg.export.embedded import warm

    driver, graph, _ = pushed
    counts = graph.counts()
    assert warm(driver, arcade.database) == sum(counts.paper_edges.values()) + counts.code_edges > 0


def test_neo4j_second_push_changes_nothing(pushed, arcade):
    driver, graph, first = pushed
    again = push(graph, arcade.uri, arcade.user, arcade.password, arcade.database, driver=driver)
    assert (again.nodes, again.relationships) == (first.nodes, first.relationships)
    with driver.session(database=arcade.database) as s:
        dup = s.run("MATCH (n:Concept) WITH n.id AS id, count(*) AS c WHERE c > 1 RETURN count(*) AS d").single()["d"]
    assert dup == 0


def test_neo4j_constraints_exist(pushed, arcade):
    driver, _, _ = pushed
    with driver.session(database=arcade.database) as s:
        names = {r["name"] for r in s.run("SHOW CONSTRAINTS")}
    wanted = {stmt.split()[2] for stmt in constraint_statements()}
    assert wanted <= names


def test_neo4j_properties_and_provenance_arrive(pushed, arcade):
    driver, _, _ = pushed
    with driver.session(database=arcade.database) as s:
        rec = s.run("MATCH (p:Paper)-[r:USES]->(c:Concept {name: 'DPO'}) "
                    "RETURN p.abstract AS a, r.start AS s, r.end AS e, r.field AS f, r.surfaces AS surf LIMIT 1").single()
    assert rec["f"] == "abstract" and rec["a"][rec["s"]:rec["e"]] == rec["surf"][0]


def test_neo4j_push_with_new_papers_adds_only_what_is_new(tmp_path):
    papers = ingest([str(SEEDS)]).papers
    extractions = extract_papers(papers)
    small = link(papers[:100], extractions[:100])
    full = link(papers, extractions)
    with EmbeddedServer(root=str(tmp_path / "db")) as srv:
        driver = connect(srv.uri, srv.user, srv.password, srv.database)
        try:
            first = push(small, srv.uri, srv.user, srv.password, srv.database, driver=driver)
            assert (first.nodes, first.relationships) == (small.counts().nodes, small.counts().edges)
            second = push(full, srv.uri, srv.user, srv.password, srv.database, driver=driver)
            # ids are content-based, so MERGE finds what is already there; a re-pushed paper's
            # relationships replace its old ones, and derived ones are recomputed from what the
            # database holds: only nodes the small run made and the full run does not (a
            # concept resolved differently) remain, without relationships
            stale_nodes = set(small.node_ids()) - set(full.node_ids())
            assert second.nodes == full.counts().nodes + len(stale_nodes)
            assert second.relationships == full.counts().edges
            assert len(stale_nodes) < 10
            assert counts(driver, srv.database) == (second.nodes, second.relationships)
            third = push(full, srv.uri, srv.user, srv.password, srv.database, driver=driver, prune=True)
            assert (third.nodes, third.relationships) == (full.counts().nodes, full.counts().edges)
        finally:
            driver.close()


def test_neo4j_clear_errors_and_no_secret_in_them(arcade):
    with pytest.raises(Neo4jError) as err:
        connect(arcade.uri, arcade.user, "not-the-password", arcade.database)
    assert str(err.value) == f"authentication failed for user 'neo4j' at {arcade.uri}"
    assert "not-the-password" not in str(err.value)
    with pytest.raises(Neo4jError, match=r"^database 'nosuchdb' does not exist at bolt://127\.0\.0\.1:\d+$"):
        connect(arcade.uri, arcade.user, arcade.password, "nosuchdb")
    with pytest.raises(Neo4jError, match=r"^cannot reach a Neo4j server at bolt://127\.0\.0\.1:1 "):
        connect("bolt://127.0.0.1:1", "neo4j", "x")


def test_neo4j_push_cli_reads_password_from_env(arcade, seed_build, monkeypatch):
    monkeypatch.setenv("NEO4J_PASSWORD", arcade.password)
    result = CliRunner().invoke(main, ["push", str(seed_build), "--uri", arcade.uri, "--user", arcade.user,
                                       "--database", arcade.database, "--batch-size", "1000"])
    assert result.exit_code == 0, result.output
    graph = load_graph(str(seed_build))
    assert f"holds {graph.counts().nodes} nodes and {graph.counts().edges} relationships" in result.output
    assert arcade.password not in result.output + result.stderr
    monkeypatch.setenv("NEO4J_PASSWORD", "wrong-secret")
    bad = CliRunner().invoke(main, ["push", str(seed_build), "--uri", arcade.uri, "--database", arcade.database])
    assert bad.exit_code == 1
    assert "authentication failed" in bad.stderr and "wrong-secret" not in bad.stderr


def _listening_addresses(port: int) -> set[str]:
    """Local addresses with a LISTEN socket on ``port``, from the kernel's tables."""
    found = set()
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        with open(table) as fh:
            for line in fh.readlines()[1:]:
                local, state = line.split()[1], line.split()[3]
                addr, hexport = local.split(":")
                if state == "0A" and int(hexport, 16) == port:
                    found.add(addr)
    return found


def test_neo4j_embedded_server_binds_loopback_only(arcade):
    loopback = {"0100007F", "0000000000000000FFFF00000100007F", "00000000000000000000000001000000"}
    for port in (arcade.bolt_port, arcade.http_port):
        addresses = _listening_addresses(port)
        assert addresses and addresses <= loopback, (port, addresses)
