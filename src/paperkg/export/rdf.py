"""RDF export.

``generate_groups`` yields the graph as subject groups, ``(subject, [(predicate,
object), …])`` with every term already in N-Triples syntax (pure, deterministic order).
Two thin streaming writers own the files: ``write_ntriples`` and ``write_turtle`` (Turtle
with prefixed vocabulary terms and ``;``-grouped subjects). Writing text directly keeps the
per-triple work to one string; the tests parse the output with pyoxigraph and compare.

IRIs are stable, from content ids: ``…/id/paper/arxiv/2401.01234``,
``…/id/concept/method/direct-preference-optimization``, ``…/id/repo/github.com/owner/name``,
and one ``oa:Annotation`` per mention at ``<paper>/annotation/<field>/<start>-<end>`` with a
position selector and a quote selector.
"""
from __future__ import annotations

import re
from collections.abc import Iterator
from urllib.parse import quote

from paperkg.kinds import is_data
from paperkg.export.schema import Label, Rel
from paperkg.export.vocab import (CONCEPT_CLASS, DCTERMS, DERIVED_PROPERTY, ID, OA, PK, PREFIXES, PROV, RDF,
                                  ROLE_PROPERTY, SDO, SKOS, XSD)

_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_IRI_SAFE = ":/?#[]@!$&'()*+,;=%~-._"
# N-Triples string escapes; other control characters as \\uXXXX.
_ESCAPE = {ord("\\"): "\\\\", ord('"'): '\\"', ord("\n"): "\\n", ord("\r"): "\\r", ord("\t"): "\\t"}
_ESCAPE.update({c: f"\\u{c:04X}" for c in (*range(0, 9), 11, 12, *range(14, 32), 127)})


def _seg(text: str) -> str:
    return quote(text, safe="-._~")


def paper_iri(pid: str) -> str:
    scheme, _, rest = pid.partition(":")
    if scheme in ("arxiv", "doi", "title") and rest:
        return f"{ID}paper/{scheme}/" + "/".join(_seg(p) for p in rest.split("/"))
    return f"{ID}paper/id/{_seg(pid)}"


def concept_iri(cid: str) -> str:
    typ, _, rest = cid.partition(":")
    return f"{ID}concept/{typ}/{_seg(rest)}"


def repo_iri(rid: str) -> str:
    return f"{ID}repo/" + "/".join(_seg(p) for p in rid.removeprefix("repo:").split("/"))


def node_iri(node: str, label: str) -> str:
    if label == Label.PAPER:
        return paper_iri(node)
    if label == Label.REPOSITORY:
        return repo_iri(node)
    return concept_iri(node)


def web_iri(url: str) -> str | None:
    """A URL from the text as a valid IRI (unsafe characters escaped), or None."""
    if not re.match(r"^https?://[A-Za-z0-9.-]+(?::\d+)?(?:/|$)", url or ""):
        return None
    return quote(url, safe=_IRI_SAFE)


def _lit(text: str) -> str:
    return '"' + text.translate(_ESCAPE) + '"'


def _typed(value, datatype) -> str:
    return f'"{value}"^^<{datatype}>'


def _terms() -> tuple[dict[str, str], dict[str, str]]:
    P = {name: f"<{term}>" for name, term in {
        "identifier": DCTERMS.identifier, "title": DCTERMS.title, "abstract": DCTERMS.abstract,
        "date": DCTERMS.date, "creator": DCTERMS.creator, "url": SDO.url, "name": SDO.name,
        "codeRepository": SDO.codeRepository, "prefLabel": SKOS.prefLabel, "altLabel": SKOS.altLabel,
        "notation": SKOS.notation, "longForm": PK.longForm, "paperCount": PK.paperCount, "source": PK.source,
        "generatedBy": PROV.wasGeneratedBy, "derivedFrom": PROV.wasDerivedFrom, "hasCode": PK.hasCode,
        "hasOfficialCode": PK.hasOfficialCode, "hasBody": OA.hasBody, "hasTarget": OA.hasTarget,
        "hasSource": OA.hasSource, "hasSelector": OA.hasSelector, "start": OA.start, "end": OA.end,
        "exact": OA.exact, "motivatedBy": OA.motivatedBy, "role": PK.role, "rule": PK.rule,
        "confidence": PK.confidence, "field": PK.field, "sentence": PK.sentence, "version": PK.version,
        "associated": PROV.wasAssociatedWith, "type": RDF.type, "concept": PK.concept}.items()}
    C = {name: f"<{term}>" for name, term in {
        "article": SDO.ScholarlyArticle, "code": SDO.SoftwareSourceCode, "concept": SKOS.Concept,
        "dataset": SDO.Dataset, "annotation": OA.Annotation, "specific": OA.SpecificResource,
        "position": OA.TextPositionSelector, "quote": OA.TextQuoteSelector, "identifying": OA.identifying,
        "agent": PROV.SoftwareAgent, "extractor": PK.Extractor, "activity": PROV.Activity,
        "cooccurrence": PK.CoOccurrence}.items()}
    return P, C


Group = tuple[str, list[tuple[str, str]]]


def generate_groups(graph, version: str) -> Iterator[Group]:
    """The graph's triples by subject, in a stable order (nodes, then edges, as inserted)."""
    P, C = _terms()
    A = P["type"]
    cls = {t: f"<{c}>" for t, c in CONCEPT_CLASS.items()}
    roles = {k: f"<{v}>" for k, v in ROLE_PROPERTY.items()}
    derived = {k: f"<{v}>" for k, v in DERIVED_PROPERTY.items()}
    integer, decimal, date = XSD.integer, XSD.decimal, XSD.date

    activity = f"<{ID}activity/extract/paperkg-{_seg(version)}>"
    agent = f"<{ID}agent/paperkg-{_seg(version)}>"
    yield agent, [(A, C["agent"]), (A, C["extractor"]), (P["version"], _lit(version))]
    yield activity, [(A, C["activity"]), (P["associated"], agent)]

    iris = {node: f"<{node_iri(node, d['label'])}>" for node, d in graph.nodes(data=True)}
    for node, d in graph.nodes(data=True):
        label = d["label"]
        if label == Label.PAPER:
            po = [(A, C["article"]), (P["identifier"], _lit(d["id"])), (P["title"], _lit(d["title"])),
                  (P["abstract"], _lit(d["abstract"]))]
            if d.get("date"):
                po.append((P["date"], _typed(d["date"], date) if _DATE.match(d["date"]) else _lit(d["date"])))
            po += [(P["creator"], _lit(x)) for x in d["authors"]]
            url = web_iri(d.get("url") or "")
            if url:
                po.append((P["url"], f"<{url}>"))
            po += [(P["source"], _lit(x)) for x in d["sources"]]
            po.append((P["generatedBy"], activity))
        elif label == Label.REPOSITORY:
            po = [(A, C["code"]), (P["name"], _lit(d["name"]))]
            url = web_iri(d["url"])
            if url:
                po.append((P["codeRepository"], f"<{url}>"))
        else:
            po = [(A, C["concept"]), (A, cls[d["type"]])]
            if is_data(d["type"]):
                po.append((A, C["dataset"]))
            po += [(P["identifier"], _lit(d["id"])), (P["prefLabel"], _lit(d["name"]))]
            po += [(P["altLabel"], _lit(x)) for x in d["aliases"]]
            if d.get("acronym"):
                po.append((P["notation"], _lit(d["acronym"])))
            if d.get("long_form"):
                po.append((P["longForm"], _lit(d["long_form"])))
            po += [(P["paperCount"], _typed(d["papers"], integer)), (P["generatedBy"], activity)]
        yield iris[node], po

    for u, v, key, d in graph.edges(keys=True, data=True):
        s, o = iris[u], iris[v]
        if key in roles:
            yield s, [(roles[key], o)]
            yield o, [(P["derivedFrom"], s)]
            base = s[:-1]
            for m in d["mentions"]:
                ann = f"{base}/annotation/{m['field']}/{m['start']}-{m['end']}"
                an, tg, pos, quo = f"{ann}>", f"{ann}/target>", f"{ann}/position>", f"{ann}/quote>"
                yield an, [(A, C["annotation"]), (P["motivatedBy"], C["identifying"]), (P["hasBody"], o),
                           (P["hasTarget"], tg), (P["role"], _lit(key)), (P["rule"], _lit(m["rule"])),
                           (P["confidence"], _typed(format(m["confidence"], ".2f"), decimal)),
                           (P["generatedBy"], activity)]
                yield tg, [(A, C["specific"]), (P["hasSource"], s), (P["field"], _lit(m["field"])),
                           (P["sentence"], _typed(m["sentence"], integer)), (P["hasSelector"], pos),
                           (P["hasSelector"], quo)]
                yield pos, [(A, C["position"]), (P["start"], _typed(m["start"], integer)),
                            (P["end"], _typed(m["end"], integer))]
                yield quo, [(A, C["quote"]), (P["exact"], _lit(m["surface"]))]
        elif key == Rel.HAS_CODE:
            yield s, [(P["hasCode"], o)] + ([(P["hasOfficialCode"], o)] if d["official"] else [])
        elif key in derived:
            yield s, [(derived[key], o)]
            if key == Rel.CO_OCCURS:  # the count as data, so "most named together" is a lookup, not a join
                co = f"<{ID}cooccurrence/{_seg(u)}/{_seg(v)}>"
                yield co, [(A, C["cooccurrence"]), (P["concept"], s), (P["concept"], o),
                           (P["paperCount"], _typed(d["papers"], integer))]


def _compact_map() -> dict[str, str]:
    """Full ``<IRI>`` → prefixed name for the vocabulary terms we write."""
    P, C = _terms()
    out = {}
    for term in (*P.values(), *C.values(), *(f"<{c}>" for c in CONCEPT_CLASS.values()),
                 *(f"<{p}>" for p in ROLE_PROPERTY.values()), *(f"<{p}>" for p in DERIVED_PROPERTY.values())):
        iri = term[1:-1]
        for prefix, ns in PREFIXES.items():
            local = iri[len(ns):]
            if iri.startswith(ns) and re.fullmatch(r"[A-Za-z][A-Za-z0-9_]*", local):
                out[term] = f"{prefix}:{local}"
                break
    out[f"<{RDF.type}>"] = "a"
    return out


_NUMBER = {f"^^<{XSD.integer}>": re.compile(r'^"-?\d+"$'), f"^^<{XSD.decimal}>": re.compile(r'^"-?\d+\.\d+"$')}


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


def turtle_chunks(groups, prefixes: dict[str, str] = PREFIXES, counter: list[int] | None = None) -> Iterator[str]:
    """Turtle text for subject groups: prefixes, then ``s p o , o ; p o .`` per subject.
    ``counter[0]`` is increased by the number of triples written."""
    yield "".join(f"@prefix {p}: <{ns}> .\n" for p, ns in prefixes.items()) + "\n"
    short = _compact_map()
    batch: list[str] = []
    n = 0
    for subject, po in groups:
        n += len(po)
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
        batch.append(f"{subject} {body} .\n")
        if len(batch) >= 2000:
            yield "".join(batch)
            batch = []
    yield "".join(batch)
    if counter is not None:
        counter[0] += n


def ntriples_chunks(groups) -> Iterator[str]:
    batch: list[str] = []
    for subject, po in groups:
        batch.extend(f"{subject} {p} {o} .\n" for p, o in po)
        if len(batch) >= 5000:
            yield "".join(batch)
            batch = []
    yield "".join(batch)


def _write(chunks, path: str) -> None:
    with open(path, "w", encoding="utf-8", newline="\n") as fh:
        for chunk in chunks:
            fh.write(chunk)


def write_turtle(graph, path: str, version: str) -> int:
    """Stream the graph to ``path`` as Turtle; returns the number of triples written."""
    count = [0]
    _write(turtle_chunks(generate_groups(graph, version), counter=count), path)
    return count[0]


def write_ntriples(graph, path: str, version: str) -> None:
    _write(ntriples_chunks(generate_groups(graph, version)), path)
