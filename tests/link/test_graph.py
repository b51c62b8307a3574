from __future__ import annotations

from paperkg.export.schema import Label, Rel
from paperkg.extract import extract_papers
from paperkg.ingest import ingest
from paperkg.link import build_graph
from paths import FIXTURES


def _graph():
    papers = ingest([str(FIXTURES / "export" / "three_papers.jsonl")]).papers
    return papers, build_graph(papers, extract_papers(papers), min_cooccur=2)


def _name(g, node):
    return g.nodes[node].get("name")


def test_graph_paper_edges_carry_role_and_provenance():
    papers, g = _graph()
    p1 = "arxiv:2401.00001"
    out = {(_name(g, v), k) for _, v, k in g.out_edges(p1, keys=True)}
    assert ("QuillNet", Rel.PROPOSES) in out
    assert ("GPT-4o", Rel.COMPARES_WITH) in out
    assert ("ProofBench", Rel.EVALUATES_ON) in out
    edge = next(d for _, v, k, d in g.out_edges(p1, keys=True, data=True) if _name(g, v) == "QuillNet")
    abstract = papers[0].abstract
    assert all(abstract[m["start"]:m["end"]] == m["surface"] or m["field"] == "title" for m in edge["mentions"])
    assert {"field", "start", "end", "sentence", "rule"} <= set(edge)


def test_graph_derived_edges():
    _, g = _graph()
    quill = next(n for n, d in g.nodes(data=True) if d.get("name") == "QuillNet")
    derived = {(k, _name(g, v)) for _, v, k in g.out_edges(quill, keys=True)}
    assert (Rel.BENCHMARKED_ON, "ProofBench") in derived
    assert (Rel.IMPLEMENTED_IN, "example/quillnet") in derived
    pairs = {(_name(g, u), _name(g, v), d["papers"]) for u, v, k, d in g.edges(keys=True, data=True) if k == Rel.CO_OCCURS}
    assert any({a, b} == {"GPT-4o", "QuillNet"} and n == 3 for a, b, n in pairs)
    assert all(n >= 2 for *_, n in pairs)


def test_graph_node_labels_and_repository():
    _, g = _graph()
    labels = {d["label"] for _, d in g.nodes(data=True)}
    assert {Label.PAPER, Label.METHOD, Label.BENCHMARK, Label.REPOSITORY} <= labels
    repo = next(d for _, d in g.nodes(data=True) if d["label"] == Label.REPOSITORY)
    assert (repo["id"], repo["url"]) == ("repo:github.com/example/quillnet", "https://github.com/example/quillnet")
