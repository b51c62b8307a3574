"""``paperkg stats``: counts by type and the most-named concepts of a build."""
from __future__ import annotations

from paperkg.build import load_concepts, load_stats
from paperkg.model import ENTITY_TYPES


def render_stats(out: str, top: int = 10) -> str:
    stats = load_stats(out)
    lines = [f"build {out} (paperkg {stats['version']}): {stats['papers']} papers, {stats['concepts']} concepts, "
             f"{stats['triples']} triples", "", "nodes:"]
    lines += [f"  {k:<12} {v:>7}" for k, v in stats["nodes"].items()]
    lines += ["relationships:"] + [f"  {k:<15} {v:>7}" for k, v in stats["edges"].items()]
    concepts = load_concepts(out)
    for typ in ENTITY_TYPES:
        best = sorted((c for c in concepts if c.type == typ), key=lambda c: (-c.papers, c.name))[:top]
        if best:
            lines += ["", f"top {typ}s:"] + [f"  {c.papers:>4}  {c.name}" for c in best]
    return "\n".join(lines)
