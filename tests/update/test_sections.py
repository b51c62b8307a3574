"""An update's concept sections made from the build's text (``paperkg.update.sections``)."""
from __future__ import annotations

import json

import pytest

from paperkg.build import build
from paperkg.update import sections
from paths import SEEDS

DAYS = sorted(SEEDS.glob("*.txt"))


def _section(out, name="graph.ttl"):
    at = json.loads((out / "state" / "exports.json").read_text())["rdf"][name]["concepts_at"]
    return (out / name).read_bytes()[at:]


@pytest.fixture(scope="module")
def builds(tmp_path_factory):
    """Two seed days added one after the other, with what the splices returned; and the
    full build of both days."""
    root = tmp_path_factory.mktemp("sections")
    build([str(DAYS[0])], str(root / "daily"), workers=1)
    seen = {}
    real = (sections.splice_turtle, sections.splice_csv)

    def turtle(*a, **k):
        seen["turtle"] = real[0](*a, **k)
        return seen["turtle"]

    def csv(*a, **k):
        seen["csv"] = real[1](*a, **k)
        return seen["csv"]

    mp = pytest.MonkeyPatch()
    mp.setattr(sections, "splice_turtle", turtle)  # the real function, its result noted
    mp.setattr(sections, "splice_csv", csv)
    try:
        step = build([str(DAYS[1])], str(root / "daily"), update=True, workers=1)
    finally:
        mp.undo()
    build([str(DAYS[0]), str(DAYS[1])], str(root / "whole"), workers=1)
    return root / "daily", root / "whole", step, seen


@pytest.mark.slow  # builds the seeds three times
def test_the_turtle_concept_section_has_one_statement_per_record(builds):
    _, whole, _, _ = builds
    counts = json.loads((whole / "link.json").read_text())
    pairs = counts["concept_edges"].get("co_occurs", 0)
    records = sum(counts["concepts"].values()) + counts["repositories"] + sum(counts["concept_edges"].values())
    path = whole / "section.ttl"
    path.write_bytes(_section(whole))
    assert len(sections.statement_starts(str(path))) - 1 == records + pairs  # a co-occurrence is two statements


@pytest.mark.slow
def test_an_update_copies_the_builds_concept_text_and_matches_a_full_build(builds):
    daily, whole, step, seen = builds
    assert "(added in place)" in step.summary
    assert seen["csv"] is True and isinstance(seen["turtle"], int)  # spliced, not written in full
    assert _section(daily) == _section(whole)
    for f in sorted((whole / "neo4j").iterdir()):
        assert (daily / "neo4j" / f.name).read_bytes() == f.read_bytes(), f.name
    stats = [json.loads((d / "stats.json").read_text())["triples"] for d in (daily, whole)]
    assert stats[0] == stats[1]


def test_a_section_of_another_shape_is_not_spliced(tmp_path):
    path = tmp_path / "section.ttl"
    path.write_bytes(b"<a> <b> <c> .\n<d> <e> <f> .\n")
    assert list(sections.statement_starts(str(path))) == [0, 14, 28]

    class Reuse:  # two statements where the tables say three records
        old_concepts, old_repositories, old_counted, old_pairs = 3, 0, 0, 0

    out = tmp_path / "out.ttl"
    assert sections.splice_turtle(str(path), str(tmp_path), str(tmp_path), str(out), Reuse(), 0, "0") is None
    assert not out.exists()
