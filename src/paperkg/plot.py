"""Pictures of a build (PNG, matplotlib, headless): the most-named concepts, the largest
co-occurrence community, per-category extraction quality, a neighbourhood subgraph."""
from __future__ import annotations

import os

from paperkg.kinds import TYPES, EntityType

TYPE_COLOURS = {**{str(t): s.colour for t, s in TYPES.items()}, "paper": "#8C8C8C", "repository": "#64B5CD"}


def _plt():
    import matplotlib.pyplot as plt  # the caller's backend (inline in notebooks)

    return plt


def top_concepts_figure(concepts, top: int = 12):
    """One horizontal bar chart per type of the concepts named by most papers."""
    plt = _plt()
    types = [t for t in EntityType if t != EntityType.METRIC]
    fig, axes = plt.subplots(1, len(types), figsize=(16, 5), constrained_layout=True)
    for ax, typ in zip(axes, types):
        best = sorted((c for c in concepts if c.type == typ), key=lambda c: (-c.papers, c.name))[:top][::-1]
        ax.barh([c.name for c in best], [c.papers for c in best], color=TYPE_COLOURS[typ])
        ax.set_title(f"top {typ}s")
        ax.set_xlabel("papers")
    fig.suptitle("Most-named concepts")
    return fig


def community_figure(g, members: set[str], title: str = "Largest co-occurrence community", labels: int = 30,
                     weight: str = "weight"):
    """The community as a network: node size by papers, colour by type, the best-connected
    nodes labelled (all when few enough to stay readable); the layout is seeded, so the
    same build draws the same picture, and the legend sits outside the drawing."""
    import networkx as nx

    plt = _plt()
    sub = g.subgraph(members)
    pos = nx.spring_layout(sub, seed=3, k=1.2 / max(1, len(sub)) ** 0.5, weight=weight)
    fig, ax = plt.subplots(figsize=(13, 10), constrained_layout=True)
    sizes = [60 + 40 * sub.nodes[n]["papers"] for n in sub]
    colours = [TYPE_COLOURS[sub.nodes[n]["type"]] for n in sub]
    widths = [0.5 + 0.6 * d["weight"] for _, _, d in sub.edges(data=True)]
    nx.draw_networkx_edges(sub, pos, ax=ax, width=widths, alpha=0.35, edge_color="#555555")
    nx.draw_networkx_nodes(sub, pos, ax=ax, node_size=sizes, node_color=colours, alpha=0.9)
    shown = sorted(sub, key=lambda n: (-sub.degree(n), sub.nodes[n]["name"]))[:labels]
    nx.draw_networkx_labels(sub, pos, {n: sub.nodes[n]["name"] for n in shown}, ax=ax, font_size=10)
    for typ, colour in TYPE_COLOURS.items():
        if any(sub.nodes[n]["type"] == typ for n in sub):
            ax.scatter([], [], color=colour, label=typ)
    ax.legend(loc="upper left", bbox_to_anchor=(1.0, 1.0), frameon=False)  # beside, never over a node
    ax.set_title(f"{title} ({sub.number_of_nodes()} concepts, {sub.number_of_edges()} links)")
    ax.axis("off")
    return fig


def quality_figure(report):
    """Precision, recall and F1 per category of an evaluation report."""
    plt = _plt()
    import numpy as np

    cats = [k for k, s in report.scores.items() if s.tp + s.fp + s.found + s.missed]
    x = np.arange(len(cats))
    fig, ax = plt.subplots(figsize=(10, 4.5), constrained_layout=True)
    for i, (metric, colour) in enumerate((("precision", "#4C72B0"), ("recall", "#55A868"), ("f1", "#C44E52"))):
        vals = [getattr(report.scores[c], metric) for c in cats]
        bars = ax.bar(x + (i - 1) * 0.27, vals, 0.27, label=metric, color=colour)
        ax.bar_label(bars, fmt="%.2f", fontsize=8)
    ax.set_xticks(x, cats)
    ax.set_ylim(0, 1.1)
    ax.legend(ncols=3, loc="upper center")
    ax.set_title(f"Extraction quality on {report.papers} gold papers")
    return fig


REL_COLOURS = {"PROPOSES": "#C44E52", "INTRODUCES": "#DD8452", "EVALUATES_ON": "#55A868", "USES": "#4C72B0",
               "COMPARES_WITH": "#8172B2", "MENTIONS": "#BBBBBB", "NAMES": "#333333"}


def _short(title: str) -> str:
    head = title.split(":")[0] if ":" in title[:40] else title
    return head if len(head) <= 28 else head[:26] + "…"


def neighbourhood_figure(edges, centre: str):
    """A concept's neighbourhood from (paper title, relationship, concept, concept type)
    rows: the concept in the middle, the papers that name it around it, what those papers
    name on the outside; edges coloured by relationship."""
    import networkx as nx

    plt = _plt()
    g = nx.DiGraph()
    papers = sorted({("paper", _short(p)) for p, *_ in edges})  # own ids: a title may equal a concept name
    g.add_node(centre, kind="centre")
    for p in papers:
        g.add_node(p, kind="paper")
        g.add_edge(p, centre, rel="NAMES")
    for p, rel, concept, typ in edges:
        if concept != centre:
            g.add_node(concept, kind=typ)
            g.add_edge(("paper", _short(p)), concept, rel=rel)
    outer = sorted(n for n, d in g.nodes(data=True) if d["kind"] not in ("centre", "paper"))
    pos = nx.shell_layout(g, [[centre], papers, outer])
    labels = {n: n[1] if isinstance(n, tuple) else n for n in g}
    fig, ax = plt.subplots(figsize=(13, 11), constrained_layout=True)
    for rel, colour in REL_COLOURS.items():
        es = [(s, t) for s, t, d in g.edges(data=True) if d["rel"] == rel]
        if es:
            nx.draw_networkx_edges(g, pos, edgelist=es, ax=ax, edge_color=colour, alpha=0.7, arrows=True,
                                   arrowsize=8, node_size=300)
            ax.plot([], [], color=colour, label=rel)
    colours = [TYPE_COLOURS.get(d["kind"], "#333333" if d["kind"] == "centre" else "#8C8C8C")
               for _, d in g.nodes(data=True)]
    nx.draw_networkx_nodes(g, pos, ax=ax, node_color=colours, node_size=[900 if n == centre else 300 for n in g])
    nx.draw_networkx_labels(g, pos, labels, ax=ax, font_size=8)
    ax.legend(loc="lower left", frameon=False, fontsize=8)
    ax.set_title(f"Neighbourhood of {centre}: papers that name it (grey) and what they propose, evaluate on or compare with")
    ax.axis("off")
    return fig


def write_pictures(out: str, directory: str | None = None) -> list[str]:
    """``top-concepts.png`` and ``cooccurrence-community.png`` for a build, in ``directory``
    (default ``OUT/plots``, never the repository's ``docs/``)."""
    import matplotlib

    matplotlib.use("Agg")  # files only, no display needed
    from paperkg.analysis import communities, cooccurrence_graph
    from paperkg.build import load_concepts

    plt = _plt()
    directory = directory or os.path.join(out, "plots")
    os.makedirs(directory, exist_ok=True)
    paths = []
    fig = top_concepts_figure(load_concepts(out))
    paths.append(os.path.join(directory, "top-concepts.png"))
    fig.savefig(paths[-1], dpi=110, metadata={"Software": None})
    plt.close(fig)
    # metrics (accuracy) are named with everything; communities follow association, not raw counts
    g = cooccurrence_graph(out, exclude_types=("metric",))
    groups = communities(g, weight="association")
    if groups:
        fig = community_figure(g, groups[0], weight="association")
        paths.append(os.path.join(directory, "cooccurrence-community.png"))
        fig.savefig(paths[-1], dpi=110, metadata={"Software": None})
        plt.close(fig)
    return paths
