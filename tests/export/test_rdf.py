from __future__ import annotations

import difflib
import os

import gzip

import pyoxigraph as ox
import pytest
import rdflib

from paperkg.export.rdf import write_ntriples, write_rdf, write_turtle
from paperkg.graph import Graph
from paperkg.model import Concept, Paper, PaperConceptEdge, Place
from paperkg.extract import extract_papers
from paperkg.ingest import ingest
from paperkg.link import link
from paths import FIXTURES, ROOT

GOLDEN = FIXTURES / "export" / "three_papers.ttl"


def _three_paper_graph(monkeypatch):
    monkeypatch.chdir(ROOT)  # sources are recorded as the relative path given
    papers = ingest([os.path.join("tests", "fixtures", "export", "three_papers.jsonl")]).papers
    return link(papers, extract_papers(papers))


def test_rdf_three_papers_match_golden_turtle(monkeypatch, tmp_path):
    out = tmp_path / "three.ttl"
    write_turtle(_three_paper_graph(monkeypatch), str(out), "test")
    got, want = out.read_text(), GOLDEN.read_text()
    if got != want:
        diff = "".join(difflib.unified_diff(want.splitlines(True), got.splitlines(True), "golden", "now", n=2))
        pytest.fail("Turtle differs from tests/fixtures/export/three_papers.ttl:\n" + diff[:6000])


def test_rdf_golden_states_the_facts(monkeypatch):
    store = ox.Store()
    store.load(path=str(GOLDEN), format=ox.RdfFormat.TURTLE)
    ask = lambda q: store.query("PREFIX pk: <https://w3id.org/paperkg/ontology#> "  # noqa: E731
                                "PREFIX skos: <http://www.w3.org/2004/02/skos/core#> "
                                "PREFIX oa: <http://www.w3.org/ns/oa#> ASK { " + q + " }")
    assert ask('?p pk:proposes ?m . ?m skos:prefLabel "QuillNet"')
    assert ask('?p pk:introduces ?b . ?b a pk:Benchmark ; skos:prefLabel "ProofBench"')
    assert ask('?m skos:prefLabel "QuillNet" ; pk:benchmarkedOn ?b . ?b skos:prefLabel "ProofBench"')
    assert ask('?c skos:notation "DPO" ; pk:longForm "Direct Preference Optimization"')
    assert ask('?a oa:hasTarget ?t . ?t oa:hasSelector ?s . ?s oa:start 82 ; oa:end 112')
    assert not ask('?c a pk:Method ; skos:prefLabel "MiniF2F"')


def test_rdf_turtle_and_ntriples_hold_the_same_triples(monkeypatch, tmp_path):
    g = _three_paper_graph(monkeypatch)
    write_turtle(g, str(tmp_path / "g.ttl"), "test")
    write_ntriples(g, str(tmp_path / "g.nt"), "test")
    ttl = set(ox.parse(path=str(tmp_path / "g.ttl"), format=ox.RdfFormat.TURTLE))
    nt = set(ox.parse(path=str(tmp_path / "g.nt"), format=ox.RdfFormat.N_TRIPLES))
    assert ttl == nt and len(ttl) > 400
    assert len(rdflib.Graph().parse(str(tmp_path / "g.ttl"), format="turtle")) == len(ttl)


@pytest.mark.parametrize("name", ['Say "hi"', "back\\slash", "new\nline\ttab", "Δίκτυο-Ω", "模型", "bell\x07"])
def test_rdf_awkward_concept_names_stay_valid_turtle(tmp_path, name):
    paper = Paper("p", name, name, authors=(name,), date="May 2024", url="https://example.org/a b{c}")
    concept = Concept("method:x", "method", name, (name + "2",), None, None, 1)
    edge = PaperConceptEdge("p", "method:x", "mentioned", (Place("title", 0, len(name), 0, "t", name, 0.5),))
    path = tmp_path / "g.ttl"
    write_turtle(Graph.of([paper], [concept], [], [edge], [], []), str(path), "t")
    labels = {t.object.value for t in ox.parse(path=str(path), format=ox.RdfFormat.TURTLE)
              if t.predicate.value.endswith("#prefLabel")}
    assert labels == {name}
    rdflib.Graph().parse(str(path), format="turtle")


def test_rdf_empty_graph_is_valid_turtle(tmp_path):
    path = tmp_path / "empty.ttl"
    n = write_turtle(Graph.of([], [], [], [], [], []), str(path), "t")
    assert n == len(list(ox.parse(path=str(path), format=ox.RdfFormat.TURTLE))) == 5


@pytest.mark.parametrize("ext", ["ttl.gz", "nt.gz"])
def test_rdf_gzip_output_is_deterministic_and_holds_the_same_triples(monkeypatch, tmp_path, ext):
    g = _three_paper_graph(monkeypatch)
    write_turtle(g, str(tmp_path / "plain.ttl"), "test")
    n = write_rdf(g, str(tmp_path / f"a.{ext}"), "test")
    write_rdf(g, str(tmp_path / f"b.{ext}"), "test")
    assert (tmp_path / f"a.{ext}").read_bytes() == (tmp_path / f"b.{ext}").read_bytes()
    fmt = ox.RdfFormat.TURTLE if ext.startswith("ttl") else ox.RdfFormat.N_TRIPLES
    with gzip.open(tmp_path / f"a.{ext}", "rb") as fh:
        unzipped = set(ox.parse(fh, format=fmt))
    assert unzipped == set(ox.parse(path=str(tmp_path / "plain.ttl"), format=ox.RdfFormat.TURTLE))
    assert n == len(unzipped)


def test_rdf_without_annotations_drops_only_the_mention_provenance(monkeypatch, tmp_path):
    g = _three_paper_graph(monkeypatch)
    write_turtle(g, str(tmp_path / "full.ttl"), "test")
    write_turtle(g, str(tmp_path / "lean.ttl"), "test", annotations=False)
    full = set(ox.parse(path=str(tmp_path / "full.ttl"), format=ox.RdfFormat.TURTLE))
    lean = set(ox.parse(path=str(tmp_path / "lean.ttl"), format=ox.RdfFormat.TURTLE))
    assert lean < full
    gone_subjects = {t.subject.value for t in full - lean}
    assert gone_subjects and all("/annotation/" in s for s in gone_subjects)


@pytest.mark.parametrize("surface", ["DPO", 'a "quoted"\nname', "Δίκτυο"])
def test_rdf_annotation_template_writes_what_the_generic_writer_would(surface):
    from paperkg.export import rdf, turtle

    place = Place("abstract", 82, 85, 3, "acronym-long", surface, 0.9)
    args = ("<https://w3id.org/paperkg/id/paper/arxiv/1>", "<https://w3id.org/paperkg/id/concept/method/x>",
            '"USES"', place, "<https://w3id.org/paperkg/id/activity/extract/paperkg-t>")
    groups = rdf.annotation_groups(*args)
    assert sum(len(po) for _, po in groups) == rdf.ANNOTATION_TRIPLES
    generic = "".join(turtle.turtle_chunks(iter(groups)))
    fast = "".join(turtle.turtle_chunks(iter([(rdf._ANN, args)])))
    assert fast == generic
