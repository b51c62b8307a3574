"""The build directory holds the link result as typed records; everything after ``build``
reads them back and never links again."""
from __future__ import annotations

from click.testing import CliRunner

from paperkg.cli import main
from paperkg.extract import extract_papers
from paperkg.ingest import ingest
from paperkg.link import link
from paperkg.store.layout import open_graph, write_graph
from paths import FIXTURES


def test_layout_graph_round_trips_through_the_files(tmp_path):
    papers = ingest([str(FIXTURES / "export" / "three_papers.jsonl")]).papers
    graph = link(papers, extract_papers(papers))
    counts = write_graph(str(tmp_path), graph)
    back = open_graph(str(tmp_path), checked=False)
    for kind in ("papers", "concepts", "repositories", "paper_edges", "code_edges", "concept_edges"):
        assert list(getattr(back, kind)()) == list(getattr(graph, kind)()), kind
    assert back.counts() == counts and counts.papers == 3


def test_layout_commands_after_build_do_not_link_again(seed_build, tmp_path, monkeypatch):
    import paperkg.link as link_package
    import paperkg.link.concepts as concepts
    import paperkg.link.edges as edges

    def refuse(*_a, **_k):
        raise AssertionError("linking ran again after build")

    for module, name in ((concepts, "resolve"), (link_package, "resolve"), (edges, "link"), (link_package, "link")):
        monkeypatch.setattr(module, name, refuse)
    from paperkg.analysis import cooccurrence_graph, frames, method_benchmark_projection

    assert len(frames(str(seed_build))["mentions"]) > 1000
    assert cooccurrence_graph(str(seed_build)).number_of_edges() > 0
    assert method_benchmark_projection(str(seed_build))[0].number_of_edges() > 0
    result = CliRunner().invoke(main, ["export", "rdf", str(seed_build), "--format", "nt.gz",
                                       "-o", str(tmp_path / "g.nt.gz")])
    assert result.exit_code == 0, result.output
    assert (tmp_path / "g.nt.gz").stat().st_size > 10_000


def test_layout_export_refuses_to_change_the_builds_own_rdf(seed_build):
    result = CliRunner().invoke(main, ["export", "rdf", str(seed_build), "--no-annotations"])
    assert result.exit_code == 1
    assert "part of the build, written with annotations" in result.stderr
