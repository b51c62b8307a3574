"""RDF as text: Turtle (prefixed terms, ``;``-grouped subjects, short literal forms, and a
template for the per-mention annotations that are most of a build's triples) and N-Triples,
from the subject groups ``rdf`` makes."""
from __future__ import annotations

import re
from collections.abc import Iterator
from functools import lru_cache

from paperkg.export.rdf import _ANN, Group, _lit, _terms, _word, annotation_groups
from paperkg.export.vocab import CONCEPT_CLASS, PREFIXES, RDF, RELATION_TERM, ROLE_TERM, XSD


def _annotation_turtle(s: str, o: str, role: str, m, activity: str) -> str:
    """The Turtle ``turtle_chunks`` would write for ``annotation_groups``, from one template
    (annotations are most of a build's triples; a test holds the two to the same bytes)."""
    ann = f"{s[:-1]}/annotation/{m.field}/{m.start}-{m.end}"
    return (f"{ann}> a oa:Annotation ;\n\toa:motivatedBy oa:identifying ;\n\toa:hasBody {o} ;\n"
            f"\toa:hasTarget {ann}/target> ;\n\tpk:role {role} ;\n\tpk:rule {_word(m.rule)} ;\n"
            f"\tpk:confidence {m.confidence:.2f} ;\n\tprov:wasGeneratedBy {activity} .\n"
            f"{ann}/target> a oa:SpecificResource ;\n\toa:hasSource {s} ;\n\tpk:field {_word(m.field)} ;\n"
            f"\tpk:sentence {m.sentence} ;\n\toa:hasSelector {ann}/position> , {ann}/quote> .\n"
            f"{ann}/position> a oa:TextPositionSelector ;\n\toa:start {m.start} ;\n\toa:end {m.end} .\n"
            f"{ann}/quote> a oa:TextQuoteSelector ;\n\toa:exact {_lit(m.surface)} .\n")


def _compact_map() -> dict[str, str]:
    """Full ``<IRI>`` → prefixed name for the vocabulary terms we write."""
    P, C = _terms()
    out = {}
    for term in (*P.values(), *C.values(), *(f"<{c}>" for c in CONCEPT_CLASS.values()),
                 *(f"<{p}>" for p in ROLE_TERM.values()), *(f"<{p}>" for p in RELATION_TERM.values())):
        iri = term[1:-1]
        for prefix, ns in PREFIXES.items():
            local = iri[len(ns):]
            if iri.startswith(ns) and re.fullmatch(r"[A-Za-z][A-Za-z0-9_]*", local):
                out[term] = f"{prefix}:{local}"
                break
    out[f"<{RDF.type}>"] = "a"
    return out


_NUMBER = {f"^^<{XSD.integer}>": re.compile(r'^"-?\d+"$'), f"^^<{XSD.decimal}>": re.compile(r'^"-?\d+\.\d+"$')}


@lru_cache(maxsize=1 << 16)  # offsets, counts and confidences repeat endlessly
def _compact_literal(o: str) -> str:
    """Typed literals in Turtle's short forms: ``3``, ``0.70``, ``"2024-01-02"^^xsd:date``."""
    if not o.endswith(">") or "^^<" not in o:
        return o
    value, _, dt = o.rpartition("^^")
    if _NUMBER.get("^^" + dt, re.compile("$^")).match(value):
        return value[1:-1]
    if dt.startswith(f"<{XSD}"):
        return f"{value}^^xsd:{dt[len(str(XSD)) + 1:-1]}"
    return o


def turtle_chunks(groups, prefixes: dict[str, str] = PREFIXES) -> Iterator[str]:
    """Turtle text for subject groups: prefixes, then ``s p o , o ; p o .`` per subject."""
    yield "".join(f"@prefix {p}: <{ns}> .\n" for p, ns in prefixes.items()) + "\n"
    short = _compact_map()
    batch: list[str] = []
    for subject, po in groups:
        batch.append(_annotation_turtle(*po) if subject is _ANN else turtle_group(subject, po, short))
        if len(batch) >= 2000:
            yield "".join(batch)
            batch = []
    yield "".join(batch)


def turtle_group(subject: str, po: list[tuple[str, str]], short: dict[str, str]) -> str:
    """One subject's Turtle statement (``short``: ``_compact_map``)."""
    if len(po) == 1:  # most groups: an edge, or its provenance
        p, o = po[0]
        obj = short.get(o)
        if obj is None:
            obj = _compact_literal(o) if o[0] == '"' and o[-1] == ">" else o
        return f"{subject} {short.get(p, p)} {obj} .\n"
    parts: list[str] = []
    last = None
    for p, o in po:
        obj = short.get(o)
        if obj is None:  # only typed literals ("…"^^<…>) have a shorter Turtle form
            obj = _compact_literal(o) if o[0] == '"' and o[-1] == ">" else o
        if p == last:
            parts[-1] += f" , {obj}"
        else:
            parts.append(f"{short.get(p, p)} {obj}")
            last = p
    body = " ;\n\t".join(parts)
    return f"{subject} {body} .\n"


def ntriples_chunks(groups) -> Iterator[str]:
    batch: list[str] = []
    for subject, po in _expanded(groups):
        batch.extend(f"{subject} {p} {o} .\n" for p, o in po)
        if len(batch) >= 5000:
            yield "".join(batch)
            batch = []
    yield "".join(batch)


def _expanded(groups) -> Iterator[Group]:
    """Groups with each annotation marker expanded into its own groups."""
    for g in groups:
        if g[0] is _ANN:
            yield from annotation_groups(*g[1])
        else:
            yield g
