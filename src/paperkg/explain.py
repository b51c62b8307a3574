"""``paperkg explain``: why names became one concept, with the sentences behind it."""
from __future__ import annotations

from collections import Counter

from paperkg.build import load_concepts, load_extractions, load_papers, require
from paperkg.jsonl import read_jsonl
from paperkg.normalize import norm_key

SNIPPET = 70


def _snippet(text: str, start: int, end: int) -> str:
    left = max(0, start - SNIPPET)
    right = min(len(text), end + SNIPPET)
    return ("…" if left else "") + text[left:start] + "«" + text[start:end] + "»" + text[end:right] + ("…" if right < len(text) else "")


def type_evidence(extractions, keys: set[str], typ: str) -> str:
    """The typing evidence behind a concept, summed over its mentions: "head_noun:benchmark
    ×3 (18.0), shape:benchmark ×5 (15.0), …", heaviest first."""
    from paperkg.extract.evidence import decode, scores

    count: Counter = Counter()
    for ex in extractions:
        for m in ex.entities:
            if m.type == typ and norm_key(m.name) in keys:
                count.update(f"{k}:{t}" for k, t in decode(m.evidence))
    weight = {piece: scores([tuple(piece.split(":", 1))]).total() * n for piece, n in count.items()}
    return ", ".join(f"{p} ×{count[p]} ({weight[p]:.1f})" for p in sorted(count, key=lambda p: (-weight[p], p)))


def explain(out: str, name: str) -> str:
    """A readable account of every concept that has ``name`` as its name or an alias."""
    key = norm_key(name)
    concepts = [c for c in load_concepts(out) if key in {norm_key(a) for a in (c.name, *c.aliases)}]
    if not concepts:
        return f"no concept named {name!r} in {out}"
    ids = {c.id for c in concepts}
    decisions = [d for d in read_jsonl(require(out, "decisions.jsonl")) if d["concept"] in ids]
    papers = {p.id: p for p in load_papers(out)}
    extractions = load_extractions(out)
    lines = []
    for c in concepts:
        lines.append(f"{c.id}  {c.name!r} ({c.type}, {c.papers} paper{'s' if c.papers != 1 else ''})")
        evidence = type_evidence(extractions, {norm_key(a) for a in (c.name, *c.aliases)}, c.type)
        if evidence:
            lines.append(f"  type evidence: {evidence}")
        if c.long_form:
            lines.append(f"  long form: {c.long_form}")
        if c.aliases:
            lines.append(f"  aliases: {', '.join(c.aliases)}")
        if c.proposed_by:
            lines.append(f"  proposed/introduced by: {', '.join(c.proposed_by)}")
        for d in (d for d in decisions if d["concept"] == c.id):
            lines.append(f"  - {d['alias']!r} [{d['rule']}]: {d['reason']}")
            for e in d["evidence"]:
                p = papers.get(e["paper"])
                text = (p.title if e["field"] == "title" else p.abstract) if p else ""
                where = f"{e['paper']} {e['field']} sentence {e['sentence']} [{e['start']}:{e['end']}]"
                lines.append(f"      {where}: {_snippet(text, e['start'], e['end']) if text else e['surface']}")
    return "\n".join(lines)
