"""``build --update``: a daily listing added to an existing build."""
from __future__ import annotations

import json

import pytest

from paperkg import store
from paperkg.build import build
from paperkg.store.changes import read_changes
from paths import SEEDS

pytestmark = pytest.mark.slow  # builds the seeds several times, to hold an update against a full build

DAYS = sorted(SEEDS.glob("*.txt"))


@pytest.fixture(scope="module")
def day_by_day(tmp_path_factory):
    """The seed listings built one day at a time with --update, and all at once."""
    root = tmp_path_factory.mktemp("update")
    steps = []
    build([str(DAYS[0])], str(root / "daily"))
    for day in DAYS[1:]:
        steps.append(build([str(day)], str(root / "daily"), update=True))
    build([str(d) for d in DAYS], str(root / "whole"))
    return root / "daily", root / "whole", steps


def test_update_day_by_day_gives_the_whole_build(day_by_day):
    daily, whole, steps = day_by_day
    # every day lists again papers of earlier days; most days run in place, and a day whose
    # papers make an old concept resolve differently links everything again
    ways = ["in place" if "(added in place)" in s.summary else "again" if "(linked again: " in s.summary else "?"
            for s in steps]
    assert "in place" in ways and "again" in ways and "?" not in ways, [s.summary for s in steps]
    # papers (with every source) are the same by design; on the seeds the concepts and edges
    # are too (an update does not hunt names the new papers define in old abstracts, which
    # could differ on other corpora). The RDF holds the same triples; in place, the new
    # papers' sections follow the old ones.
    for name in ("papers.jsonl", "extractions.jsonl", "corpus.json", "concepts.jsonl", "paper_edges.jsonl",
                 "code_edges.jsonl", "concept_edges.jsonl", "repositories.jsonl", "decisions.jsonl", "link.json"):
        assert (daily / name).read_bytes() == (whole / name).read_bytes(), name
    for f in sorted((whole / "neo4j").iterdir()):
        assert (daily / "neo4j" / f.name).read_bytes() == f.read_bytes(), f.name
    assert _triples(daily / "graph.ttl") == _triples(whole / "graph.ttl")
    assert store.verify(str(daily)) == []


def _triples(path):
    import pyoxigraph as ox

    return {str(t) for t in ox.parse(path=str(path), format=ox.RdfFormat.TURTLE)}


def test_update_says_what_changed(day_by_day, tmp_path):
    daily, _, steps = day_by_day
    changes = read_changes(str(daily))
    last_day = {json.loads(line)["id"] for line in (daily / "papers.jsonl").read_text().splitlines()[-67:]}
    assert set(changes.papers["added"]) <= last_day and changes.papers["added"]
    assert "changed since the last build: papers +" in steps[-1].summary
    # nothing new: nothing changed, nothing extracted
    again = build([str(DAYS[-1])], str(daily), update=True)
    assert "papers +0 ~0 -0, concepts +0 ~0 -0, repositories +0" in again.summary
    assert read_changes(str(daily)).papers == {"added": [], "changed": [], "removed": []}


def test_update_needs_a_build(tmp_path):
    from paperkg.errors import BuildError

    with pytest.raises(BuildError, match="not found; run 'paperkg build INPUT... -o"):
        build([str(DAYS[0])], str(tmp_path / "none"), update=True)


@pytest.mark.slow
def test_update_push_changes_sends_only_them_and_matches_a_full_push(tmp_path, monkeypatch):
    from click.testing import CliRunner

    from paperkg.build import load_graph
    from paperkg.cli import main
    from paperkg.export.embedded import EmbeddedServer
    from paperkg.export.neo4j_bolt import connect, counts

    out = tmp_path / "out"
    build([str(d) for d in DAYS[:-1]], str(out))
    with EmbeddedServer(root=str(tmp_path / "db")) as srv:
        monkeypatch.setenv("NEO4J_PASSWORD", srv.password)
        args = ["--uri", srv.uri, "--user", srv.user, "--database", srv.database]
        first = CliRunner().invoke(main, ["push", str(out), *args])
        assert first.exit_code == 0, first.output
        build([str(DAYS[-1])], str(out), update=True)
        second = CliRunner().invoke(main, ["push", str(out), "--changes", *args])
        assert second.exit_code == 0, second.output
        sent = int(second.output.split("pushed ")[1].split()[0])
        whole = load_graph(str(out)).counts()
        assert sent < whole.nodes // 2
        driver = connect(srv.uri, srv.user, srv.password, srv.database)
        try:
            assert counts(driver, srv.database) == (whole.nodes, whole.edges)
        finally:
            driver.close()
