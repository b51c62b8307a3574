"""Analysis helpers shared by the notebooks and ``paperkg plot``: a build as pandas
DataFrames, the concept co-occurrence network, hubs and communities."""
from __future__ import annotations

from paperkg.build import load_graph


def ensure_build(out: str, data: str, workers: int = 2) -> str:
    """``out`` if it holds a complete build, else a fresh build of ``data`` written there."""
    from paperkg import store
    from paperkg.errors import BuildError

    try:
        store.check(out)
    except BuildError:
        from paperkg.build import build

        build([data], out, workers=workers)
    return out


def frames(out: str) -> dict:
    """papers, concepts, mentions (one row per place a paper names a concept, with the
    edge's role) and code (a paper's repositories) of a build as DataFrames, read from the
    stored link result."""
    import pandas as pd

    graph = load_graph(out)
    concepts = list(graph.concepts())
    types = {c.id: c.type for c in concepts}
    mention_rows = [{"paper": e.paper, "concept": e.concept, "type": types[e.concept], "role": e.role,
                     "field": p.field, "start": p.start, "end": p.end, "sentence": p.sentence, "rule": p.rule,
                     "surface": p.surface, "confidence": p.confidence}
                    for e in graph.paper_edges() for p in e.places]
    repos = {r.id: r for r in graph.repositories()}
    link_rows = [{"paper": c.paper, "url": repos[c.repo].url, "repo": repos[c.repo].name, "official": c.official,
                  "field": c.field, "start": c.start, "end": c.end} for c in graph.code_edges()]
    return {
        "papers": pd.DataFrame([{"id": p.id, "title": p.title, "abstract_chars": len(p.abstract),
                                 "sources": len(p.sources)} for p in graph.papers()]),
        "concepts": pd.DataFrame([c.to_dict() for c in concepts]),
        "mentions": pd.DataFrame(mention_rows),
        "code": pd.DataFrame(link_rows, columns=["paper", "url", "repo", "official", "field", "start", "end"]),
    }


def cooccurrence_graph(out: str, min_papers: int = 2, exclude_types: tuple[str, ...] = ()):
    """Undirected concept network from the build's co-occurrence relation (concepts named
    together in at least ``min_papers`` papers), weighted by that count; nodes carry name,
    type, papers. Each edge also carries ``association``, the count over the geometric mean
    of the two concepts' paper counts (cosine), so a concept named everywhere (accuracy)
    does not pull every community towards itself; ``exclude_types`` leaves such types out
    altogether. Below the build's own threshold (``link.MIN_COOCCUR``) the counts are
    derived again from the stored edges."""
    import networkx as nx

    from paperkg.kinds import Relation
    from paperkg.link import MIN_COOCCUR, derive

    graph = load_graph(out)
    concepts = {c.id: c for c in graph.concepts()}
    if min_papers >= MIN_COOCCUR:
        edges = graph.concept_edges()
    else:
        edges = derive(graph.paper_edges(), (), {k: c.type for k, c in concepts.items()}, min_papers)
    g = nx.Graph()
    for e in edges:
        a, b = concepts[e.source], concepts.get(e.target)
        if e.relation != Relation.CO_OCCURS or e.papers < min_papers or {a.type, b.type} & set(exclude_types):
            continue
        for c in (a, b):
            if c.id not in g:
                g.add_node(c.id, name=c.name, type=c.type, papers=c.papers)
        assoc = e.papers / max(1.0, (a.papers * b.papers) ** 0.5)
        g.add_edge(a.id, b.id, weight=e.papers, association=round(assoc, 6))
    return g


def hubs(g, top: int = 15):
    """Degree and betweenness centrality per concept, highest degree first."""
    import networkx as nx
    import pandas as pd

    between = nx.betweenness_centrality(g, weight=None, seed=7) if g.number_of_nodes() else {}
    rows = [{"concept": d["name"], "type": d["type"], "degree": g.degree(n), "betweenness": round(between.get(n, 0), 4)}
            for n, d in g.nodes(data=True)]
    df = pd.DataFrame(rows, columns=["concept", "type", "degree", "betweenness"])
    return df.sort_values(["degree", "betweenness", "concept"], ascending=[False, False, True]).head(top)


def communities(g, seed: int = 42, weight: str = "weight") -> list[set[str]]:
    """Louvain communities (networkx), largest first; deterministic for a given seed."""
    import networkx as nx

    if g.number_of_edges() == 0:
        return []
    found = nx.community.louvain_communities(g, weight=weight, seed=seed)
    return sorted(found, key=lambda c: (-len(c), sorted(c)))


def method_benchmark_projection(out: str):
    """Bipartite method → data graph (from the benchmarked-on relation) and its projection
    onto methods: two methods are linked when they are evaluated on a common dataset or
    benchmark."""
    import networkx as nx
    from networkx.algorithms import bipartite

    from paperkg.kinds import Relation

    graph = load_graph(out)
    names = {c.id: c.name for c in graph.concepts()}
    b = nx.Graph()
    for e in graph.concept_edges():
        if e.relation == Relation.BENCHMARKED_ON:
            b.add_node(e.source, bipartite=0, name=names[e.source])
            b.add_node(e.target, bipartite=1, name=names[e.target])
            b.add_edge(e.source, e.target)
    methods = [n for n, d in b.nodes(data=True) if d["bipartite"] == 0]
    return b, bipartite.weighted_projected_graph(b, methods)
