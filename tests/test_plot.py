from __future__ import annotations

import pytest
from click.testing import CliRunner

from paperkg.cli import main
from paperkg.plot import neighbourhood_figure


@pytest.mark.slow  # renders the pictures twice
def test_plot_cli_writes_reproducible_pngs(seed_build, tmp_path):
    for run in ("a", "b"):
        result = CliRunner().invoke(main, ["plot", str(seed_build), "-o", str(tmp_path / run)])
        assert result.exit_code == 0, result.output
    names = sorted(p.name for p in (tmp_path / "a").iterdir())
    assert names == ["cooccurrence-community.png", "top-concepts.png"]
    for name in names:
        data = (tmp_path / "a" / name).read_bytes()
        assert data[:8] == b"\x89PNG\r\n\x1a\n" and len(data) > 20_000
        assert data == (tmp_path / "b" / name).read_bytes()


def test_plot_neighbourhood_keeps_papers_and_concepts_apart():
    fig = neighbourhood_figure([("Foo: a paper", "PROPOSES", "Foo", "method"), ("Bar", "USES", "X", "dataset")], "X")
    texts = sorted(t.get_text() for t in fig.axes[0].texts)
    assert texts == ["Bar", "Foo", "Foo", "X"]


def test_plot_default_directory_is_inside_the_build_and_metrics_leave_the_community(seed_build):
    from paperkg.analysis import communities, cooccurrence_graph

    result = CliRunner().invoke(main, ["plot", str(seed_build)])
    assert result.exit_code == 0 and (seed_build / "plots" / "top-concepts.png").exists()
    everything = cooccurrence_graph(str(seed_build))
    assert any(d["type"] == "metric" for _, d in everything.nodes(data=True))  # there was one to leave out
    g = cooccurrence_graph(str(seed_build), exclude_types=("metric",))
    assert g.number_of_nodes() and all(d["type"] != "metric" for _, d in g.nodes(data=True))
    assert all(0 < d["association"] <= 1 for *_, d in g.edges(data=True))
    assert communities(g, weight="association") == communities(g, weight="association")  # seeded
