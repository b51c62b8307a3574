from __future__ import annotations

from paperkg.extract import extract_papers
from paperkg.ingest import ingest
from paperkg.kinds import Relation, Role
from paperkg.link import link
from paths import FIXTURES


def _graph():
    papers = ingest([str(FIXTURES / "export" / "three_papers.jsonl")]).papers
    return papers, link(papers, extract_papers(papers), min_cooccur=2)


def _names(g) -> dict[str, str]:
    return {**{c.id: c.name for c in g.concepts()}, **{r.id: r.name for r in g.repositories()}}


def test_edges_paper_edges_carry_role_and_every_place():
    papers, g = _graph()
    names = _names(g)
    p1 = "arxiv:2401.00001"
    out = {(names[e.concept], e.role) for e in g.paper_edges() if e.paper == p1}
    assert ("QuillNet", Role.PROPOSED) in out
    assert ("GPT-4o", Role.COMPARED) in out
    assert ("ProofBench", Role.EVALUATED_ON) in out
    edge = next(e for e in g.paper_edges() if e.paper == p1 and names[e.concept] == "QuillNet")
    text = {"title": papers[0].title, "abstract": papers[0].abstract}
    assert len(edge.places) >= 2
    assert all(text[p.field][p.start:p.end] == p.surface for p in edge.places)


def test_edges_paper_edges_are_grouped_by_paper_one_per_concept():
    _, g = _graph()
    seen, order = set(), []
    for e in g.paper_edges():
        assert (e.paper, e.concept) not in seen
        seen.add((e.paper, e.concept))
        if not order or order[-1] != e.paper:
            order.append(e.paper)
    assert len(order) == len(set(order))  # each paper's edges together: derivation streams over them


def test_edges_derived_relations():
    _, g = _graph()
    names = _names(g)
    derived = {(e.relation, names[e.source], names[e.target], e.papers) for e in g.concept_edges()}
    assert any(r == Relation.BENCHMARKED_ON and (s, t) == ("QuillNet", "ProofBench") for r, s, t, _ in derived)
    assert any(r == Relation.IMPLEMENTED_IN and (s, t) == ("QuillNet", "example/quillnet") for r, s, t, _ in derived)
    co = [(s, t, n) for r, s, t, n in derived if r == Relation.CO_OCCURS]
    assert any({s, t} == {"GPT-4o", "QuillNet"} and n == 3 for s, t, n in co)
    assert all(n >= 2 for *_, n in co)
    assert all(e.source < e.target for e in g.concept_edges() if e.relation == Relation.CO_OCCURS)


def test_edges_repository_records():
    _, g = _graph()
    (repo,) = [r for r in g.repositories() if r.name == "example/quillnet"]
    assert (repo.id, repo.url, repo.host) == ("repo:github.com/example/quillnet", "https://github.com/example/quillnet",
                                              "github.com")
    assert any(c.repo == repo.id and c.official for c in g.code_edges())


def test_edges_a_paper_linked_from_its_pickled_rows_is_linked_as_from_its_json():
    """The edge pass reads pass two's rows (``Extraction.found``, pickled), not the JSON
    lines: the same edges, code edges and tables as from an extraction read back from
    ``extractions.jsonl``, though extraction made its mentions with enum types and roles."""
    import json
    import pickle

    from paperkg.link import Linker, resolve
    from paperkg.model import Extraction

    papers = ingest([str(FIXTURES / "export" / "three_papers.jsonl")]).papers
    made = extract_papers(papers)
    assert any(type(m.type) is not str for ex in made for m in ex.entities)  # else the test shows nothing
    res = resolve(made)
    from_json, from_rows, linked = Linker(res), Linker(res), 0
    for paper, ex in zip(papers, made):
        read = Extraction.from_dict(json.loads(json.dumps(ex.to_dict())))
        found = pickle.loads(pickle.dumps(ex.found()))
        assert all(type(v) is str for row in found[1] for v in (row[0], row[3]))
        one, other = from_json.paper(paper, read), from_rows.found(paper, found)
        assert one == other and [type(e.role) for e in one[0]] == [type(e.role) for e in other[0]]
        assert [json.dumps(e.to_dict()) for e in one[0] + one[1]] == [json.dumps(e.to_dict()) for e in other[0] + other[1]]
        linked += len(other[0])
    assert linked >= len(papers)
    assert from_json.repositories() == from_rows.repositories() and from_json.concepts() == from_rows.concepts()
    assert list(from_json.concept_edges()) == list(from_rows.concept_edges())
