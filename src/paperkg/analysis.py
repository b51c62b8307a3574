"""Analysis helpers shared by the notebooks and ``paperkg plot``: a build as pandas
DataFrames, the concept co-occurrence network, hubs and communities."""
from __future__ import annotations

from paperkg.build import load_concepts, load_extractions, load_papers


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
    """papers, concepts, mentions and links of a build as DataFrames."""
    import pandas as pd

    papers = load_papers(out)
    extractions = load_extractions(out)
    concepts = load_concepts(out)
    from paperkg.link import resolve

    assignment = resolve(extractions).assignment
    mention_rows, link_rows = [], []
    for ex in extractions:
        for i, m in enumerate(ex.entities):
            mention_rows.append({"paper": ex.id, "concept": assignment[(ex.id, i)], **m.to_dict()})
        for link in ex.links:
            link_rows.append({"paper": ex.id, **link.to_dict()})
    return {
        "papers": pd.DataFrame([{"id": p.id, "title": p.title, "abstract_chars": len(p.abstract),
                                 "sources": len(p.sources)} for p in papers]),
        "concepts": pd.DataFrame([c.to_dict() for c in concepts]),
        "mentions": pd.DataFrame(mention_rows),
        "links": pd.DataFrame(link_rows, columns=["paper", "url", "kind", "repo", "official", "field", "start", "end"]),
    }


def cooccurrence_graph(out: str, min_papers: int = 2, exclude_types: tuple[str, ...] = ()):
    """Undirected concept network from the graph's CO_OCCURS edges (concepts named together
    in at least ``min_papers`` papers), weighted by that count; nodes carry name, type, papers.
    Each edge also carries ``association``, the count over the geometric mean of the two
    concepts' paper counts (cosine), so a concept named everywhere (accuracy) does not pull
    every community towards itself; ``exclude_types`` leaves such types out altogether."""
    import networkx as nx

    from paperkg.export.schema import Rel
    from paperkg.link import build_graph

    graph = build_graph(load_papers(out), load_extractions(out), min_cooccur=min_papers)
    g = nx.Graph()
    for a, b, key, d in graph.edges(keys=True, data=True):
        if key == Rel.CO_OCCURS and not {graph.nodes[a]["type"], graph.nodes[b]["type"]} & set(exclude_types):
            for c in (a, b):
                if c not in g:
                    n = graph.nodes[c]
                    g.add_node(c, name=n["name"], type=n["type"], papers=n["papers"])
            assoc = d["papers"] / max(1.0, (graph.nodes[a]["papers"] * graph.nodes[b]["papers"]) ** 0.5)
            g.add_edge(a, b, weight=d["papers"], association=round(assoc, 6))
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
    """Bipartite method → data graph (from BENCHMARKED_ON) and its projection onto methods:
    two methods are linked when they are evaluated on a common dataset or benchmark."""
    import networkx as nx
    from networkx.algorithms import bipartite

    from paperkg.build import load_graph
    from paperkg.export.schema import Rel

    graph = load_graph(out)
    b = nx.Graph()
    for m, d, k in graph.edges(keys=True):
        if k == Rel.BENCHMARKED_ON:
            b.add_node(m, bipartite=0, name=graph.nodes[m]["name"])
            b.add_node(d, bipartite=1, name=graph.nodes[d]["name"])
            b.add_edge(m, d)
    methods = [n for n, d in b.nodes(data=True) if d["bipartite"] == 0]
    return b, bipartite.weighted_projected_graph(b, methods)
