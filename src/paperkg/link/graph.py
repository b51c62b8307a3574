"""The paper–concept graph as a networkx ``MultiDiGraph``.

Nodes (attribute ``label``): Paper, Method, Dataset, Benchmark, Task, Metric, Repository.
Edges (the edge key is the relationship type):
- Paper → concept: PROPOSES, INTRODUCES, USES, EVALUATES_ON, COMPARES_WITH, MENTIONS, one
  per paper and concept, typed by the paper's role for it, with the first mention's
  provenance (field, start, end, sentence, rule) and all mentions in ``mentions``;
- Paper → Repository: HAS_CODE with ``official`` and the link's provenance;
- derived: Method → Dataset|Benchmark BENCHMARKED_ON (a paper proposes the method and
  evaluates on the data), Method → Repository IMPLEMENTED_IN (official code of the
  proposing paper), concept → concept CO_OCCURS (``papers`` ≥ ``min_cooccur``; from the
  smaller id to the larger).
Names of labels and types come from ``export.schema``.
"""
from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Sequence
from itertools import combinations

from paperkg.export.schema import LABEL_OF_TYPE, REL_OF_ROLE, Label, Rel

MIN_COOCCUR = 2  # CO_OCCURS needs this many papers naming both concepts (the push recomputes it alike)
from paperkg.link.concepts import Resolution, resolve
from paperkg.model import Extraction, Paper


def repo_id(host: str, repo: str) -> str:
    return f"repo:{host}/{repo}"


def _repo_host(url: str) -> str:
    return url.split("://", 1)[-1].split("/", 1)[0].removeprefix("www.")


def build_graph(papers: Sequence[Paper], extractions: Sequence[Extraction],
                resolution: Resolution | None = None, min_cooccur: int = MIN_COOCCUR):
    """Build the graph; ``resolution`` is computed when not given."""
    import networkx as nx

    res = resolution or resolve(extractions)
    g = nx.MultiDiGraph()
    for p in papers:
        g.add_node(p.id, label=Label.PAPER, id=p.id, title=p.title, abstract=p.abstract, authors=list(p.authors),
                   date=p.date, url=p.url, categories=list(p.categories), sources=list(p.sources))
    for c in res.concepts.values():
        g.add_node(c.id, label=LABEL_OF_TYPE[c.type], id=c.id, name=c.name, type=c.type, aliases=list(c.aliases),
                   acronym=c.acronym, long_form=c.long_form, papers=c.papers, proposed_by=list(c.proposed_by))
    known = {p.id for p in papers}
    for ex in extractions:
        if ex.id not in known:
            continue
        per_concept: dict[str, list] = defaultdict(list)
        for i, m in enumerate(ex.entities):
            per_concept[res.assignment[(ex.id, i)]].append(m)
        for cid, ms in per_concept.items():
            first = ms[0]
            g.add_edge(ex.id, cid, key=REL_OF_ROLE[first.role], type=REL_OF_ROLE[first.role],
                       field=first.field, start=first.start, end=first.end, sentence=first.sentence,
                       rule=first.rule, confidence=max(m.confidence for m in ms),
                       mentions=[{"field": m.field, "start": m.start, "end": m.end, "sentence": m.sentence,
                                  "rule": m.rule, "surface": m.surface, "confidence": m.confidence} for m in ms])
        for link in ex.links:
            if link.kind == "code" and link.repo:
                _add_code(g, ex.id, link.url, link.repo, link.official, link.field, link.start, link.end,
                          link.sentence, link.rule)
    for p in papers:
        if p.code_url:  # given by the listing itself (e.g. a "github" field): the paper's own
            from paperkg.extract.links import canonical, classify

            url = canonical(p.code_url)
            kind, repo = classify(url)
            if kind == "code" and repo:
                _add_code(g, p.id, url, repo, True, "metadata", -1, -1, -1, "metadata")
    _derive(g, min_cooccur)
    return g


def _add_code(g, paper: str, url: str, repo: str, official: bool, field: str, start: int, end: int,
              sentence: int, rule: str) -> None:
    host = _repo_host(url)
    rid = repo_id(host, repo)
    if rid not in g:
        g.add_node(rid, label=Label.REPOSITORY, id=rid, name=repo, host=host,
                   url=f"https://{host}/{repo}")
    if g.has_edge(paper, rid, Rel.HAS_CODE):
        data = g.edges[paper, rid, Rel.HAS_CODE]
        data["official"] = data["official"] or official
        return
    g.add_edge(paper, rid, key=Rel.HAS_CODE, type=Rel.HAS_CODE, official=official, field=field, start=start, end=end,
               sentence=sentence, rule=rule)


def _derive(g, min_cooccur: int) -> None:
    evaluated: Counter = Counter()
    implemented: Counter = Counter()
    cooccur: Counter = Counter()
    for paper, attrs in g.nodes(data=True):
        if attrs["label"] != Label.PAPER:
            continue
        out = [(v, k) for _, v, k in g.out_edges(paper, keys=True)]
        proposed = [v for v, k in out if k == Rel.PROPOSES and g.nodes[v]["label"] == Label.METHOD]
        data = [v for v, k in out if k == Rel.EVALUATES_ON]
        code = [v for v, k in out if k == Rel.HAS_CODE and g.edges[paper, v, k]["official"]]
        for m in proposed:
            for d in data:
                evaluated[(m, d)] += 1
            for r in code:
                implemented[(m, r)] += 1
        concepts = sorted({v for v, k in out if k != Rel.HAS_CODE})
        for a, b in combinations(concepts, 2):
            cooccur[(a, b)] += 1
    for (m, d), n in sorted(evaluated.items()):
        g.add_edge(m, d, key=Rel.BENCHMARKED_ON, type=Rel.BENCHMARKED_ON, papers=n)
    for (m, r), n in sorted(implemented.items()):
        g.add_edge(m, r, key=Rel.IMPLEMENTED_IN, type=Rel.IMPLEMENTED_IN, papers=n)
    for (a, b), n in sorted(cooccur.items()):
        if n >= min_cooccur:
            g.add_edge(a, b, key=Rel.CO_OCCURS, type=Rel.CO_OCCURS, papers=n)
