"""RDF export.

``generate_groups`` yields the graph as subject groups, ``(subject, [(predicate,
object), …])`` with every term already in N-Triples syntax (pure, deterministic order).
Thin streaming writers own the files (``write_rdf``; ``write_section`` writes a piece's
text), the text of each syntax coming from ``export.turtle``. Writing text directly keeps the per-triple work to one
string; the tests parse the output with pyoxigraph and compare.

IRIs are stable, from content ids: ``…/id/paper/arxiv/2401.01234``,
``…/id/concept/method/direct-preference-optimization``, ``…/id/repo/github.com/owner/name``,
and one ``oa:Annotation`` per mention at ``<paper>/annotation/<field>/<start>-<end>`` with a
position selector and a quote selector.
"""
from __future__ import annotations

import os
import re
from functools import lru_cache
from collections.abc import Iterator
from urllib.parse import quote

from paperkg.export.schema import REL_OF_ROLE
from paperkg.export.vocab import (CONCEPT_CLASS, DCTERMS, ID, OA, PK, PROV, RDF, RELATION_TERM, ROLE_TERM,
                                  SDO, SKOS, XSD)
from paperkg.graph import Graph
from paperkg.kinds import Relation, is_data

_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_IRI_SAFE = ":/?#[]@!$&'()*+,;=%~-._"
# N-Triples string escapes; other control characters as \\uXXXX.
_ESCAPE = {ord("\\"): "\\\\", ord('"'): '\\"', ord("\n"): "\\n", ord("\r"): "\\r", ord("\t"): "\\t"}
_ESCAPE.update({c: f"\\u{c:04X}" for c in (*range(0, 9), 11, 12, *range(14, 32), 127)})
_UNSAFE = re.compile("[" + re.escape("".join(map(chr, _ESCAPE))) + "]")  # a character _ESCAPE changes


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


def web_iri(url: str) -> str | None:
    """A URL from the text as a valid IRI (unsafe characters escaped), or None."""
    if not re.match(r"^https?://[A-Za-z0-9.-]+(?::\d+)?(?:/|$)", url or ""):
        return None
    return quote(url, safe=_IRI_SAFE)


def _lit(text: str) -> str:
    if len(text) < 200 and _UNSAFE.search(text) is None:  # most names: a scan is cheaper than a translation
        return f'"{text}"'
    return '"' + text.translate(_ESCAPE) + '"'


@lru_cache(maxsize=4096)
def _word(text: str) -> str:
    """``_lit`` of a string from a small set (rule ids, field names)."""
    return _lit(text)


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
_TERMS = _terms()


SECTIONS = ("head", "papers", "edges", "code", "concepts")  # a document's sections, in order


def generate_groups(graph: Graph, version: str, annotations: bool = True, section: str = "all") -> Iterator[Group]:
    """The graph's triples by subject, section by section (``SECTIONS``): the agent and
    activity; the papers; the paper edges, with one ``oa:Annotation`` per mention unless
    ``annotations`` is off; the code edges; then the concept section (concepts,
    repositories, derived edges), which an update cuts off and writes again after the
    papers it adds. ``section``: "all", "papers" (all before the concept section), or one
    of ``SECTIONS``."""
    names = {"all": SECTIONS, "papers": SECTIONS[:-1]}.get(section, (section,))
    for name in names:
        yield from section_groups(graph, version, annotations, name)


def section_groups(graph: Graph, version: str, annotations: bool, section: str) -> Iterator[Group]:
    """One section's groups (``generate_groups``) of ``graph``'s records; the records of a
    slice of the graph (``store.layout.open_slice``) make a piece of a section, and the
    pieces in order make the section."""
    P, C = _terms()
    activity = f"<{ID}activity/extract/paperkg-{_seg(version)}>"
    if section == "head":
        agent = f"<{ID}agent/paperkg-{_seg(version)}>"
        yield agent, [(P["type"], C["agent"]), (P["type"], C["extractor"]), (P["version"], _lit(version))]
        yield activity, [(P["type"], C["activity"]), (P["associated"], agent)]
    elif section == "papers":
        for p in graph.papers():
            yield f"<{paper_iri(p.id)}>", _paper(p, P, C, activity)
    elif section == "edges":
        yield from _paper_edges(graph.paper_edges(), P, C, activity, annotations)
    elif section == "code":
        for e in graph.code_edges():
            yield f"<{paper_iri(e.paper)}>", _code(e, P)
    elif section == "concepts":
        yield from concept_groups(graph, version)
    else:
        raise ValueError(f"no RDF section {section!r}")


def _code(e, P) -> list[tuple[str, str]]:
    o = f"<{repo_iri(e.repo)}>"
    return [(P["hasCode"], o)] + ([(P["hasOfficialCode"], o)] if e.official else [])


def concept_groups(graph: Graph, version: str) -> Iterator[Group]:
    """The concept section: concepts, repositories, derived edges (the end of the document)."""
    terms = SectionTerms(version)
    for c in graph.concepts():
        yield terms.concept(c)
    for r in graph.repositories():
        yield terms.repository(r)
    for e in graph.concept_edges():
        yield from terms.edge(e)


class SectionTerms:
    """The groups of one record of the concept section (a concept, a repository, a derived
    edge: one group each, two for a co-occurrence), with the terms they share made once."""

    def __init__(self, version: str) -> None:
        self.P, self.C = _terms()
        self.activity = f"<{ID}activity/extract/paperkg-{_seg(version)}>"
        self.cls = {t: f"<{c}>" for t, c in CONCEPT_CLASS.items()}
        self.relation = {k: f"<{v}>" for k, v in RELATION_TERM.items()}
        self.iri: dict[str, tuple[str, str]] = {}  # concept id → (<IRI>, id as a path segment): ids recur

    def _terms(self, cid: str) -> tuple[str, str]:
        return self.iri.get(cid) or self.iri.setdefault(cid, (f"<{concept_iri(cid)}>", _seg(cid)))

    def concept(self, c) -> Group:
        return f"<{concept_iri(c.id)}>", _concept(c, self.P, self.C, self.cls, self.activity)

    def repository(self, r) -> Group:
        P, C = self.P, self.C
        po = [(P["type"], C["code"]), (P["name"], _lit(r.name))]
        url = web_iri(r.url)
        if url:
            po.append((P["codeRepository"], f"<{url}>"))
        return f"<{repo_iri(r.id)}>", po

    def edge(self, e) -> list[Group]:
        P, C = self.P, self.C
        s, s_seg = self._terms(e.source)
        o, o_seg = (f"<{repo_iri(e.target)}>", "") if e.relation == Relation.IMPLEMENTED_IN else self._terms(e.target)
        out = [(s, [(self.relation[e.relation], o)])]
        if e.relation == Relation.CO_OCCURS:  # the count as data, so "most named together" is a lookup, not a join
            co = f"<{ID}cooccurrence/{s_seg}/{o_seg}>"
            out.append((co, [(P["type"], C["cooccurrence"]), (P["concept"], s), (P["concept"], o),
                             (P["paperCount"], _typed(e.papers, XSD.integer))]))
        return out


def _paper(p, P, C, activity) -> list[tuple[str, str]]:
    po = [(P["type"], C["article"]), (P["identifier"], _lit(p.id)), (P["title"], _lit(p.title)),
          (P["abstract"], _lit(p.abstract))]
    if p.date:
        po.append((P["date"], _typed(p.date, XSD.date) if _DATE.match(p.date) else _lit(p.date)))
    po += [(P["creator"], _lit(x)) for x in p.authors]
    url = web_iri(p.url or "")
    if url:
        po.append((P["url"], f"<{url}>"))
    po += [(P["source"], _lit(x)) for x in p.sources]
    po.append((P["generatedBy"], activity))
    return po


def _concept(c, P, C, cls, activity) -> list[tuple[str, str]]:
    po = [(P["type"], C["concept"]), (P["type"], cls[c.type])]
    if is_data(c.type):
        po.append((P["type"], C["dataset"]))
    po += [(P["identifier"], _lit(c.id)), (P["prefLabel"], _lit(c.name))]
    po += [(P["altLabel"], _lit(x)) for x in c.aliases]
    if c.acronym:
        po.append((P["notation"], _lit(c.acronym)))
    if c.long_form:
        po.append((P["longForm"], _lit(c.long_form)))
    po += [(P["paperCount"], _typed(c.papers, XSD.integer)), (P["generatedBy"], activity)]
    return po


_ANN = object()  # marks an annotation group: (_ANN, (paper, concept, role literal, place, activity))
ANNOTATION_TRIPLES = 19  # annotation 8, target 6, position 3, quote 2 (a test counts them)


def _paper_edges(edges, P, C, activity, annotations: bool) -> Iterator[Group]:
    roles = {k: f"<{v}>" for k, v in ROLE_TERM.items()}
    role_lits = {k: _lit(v) for k, v in REL_OF_ROLE.items()}
    iris: dict[str, str] = {}  # concept id → <IRI>: concepts recur from paper to paper
    derived = P["derivedFrom"]
    paper, s = None, ""
    for e in edges:
        if e.paper != paper:
            paper, s = e.paper, f"<{paper_iri(e.paper)}>"
        o = iris.get(e.concept)
        if o is None:
            if len(iris) >= 1 << 16:
                iris.clear()
            o = iris[e.concept] = f"<{concept_iri(e.concept)}>"
        yield s, [(roles[e.role], o)]
        yield o, [(derived, s)]
        if annotations:
            role = role_lits[e.role]
            for m in e.places:
                # one group per mention, expanded by the writer: Turtle has a template for it
                yield _ANN, (s, o, role, m, activity)


def annotation_groups(s: str, o: str, role: str, m, activity: str) -> list[Group]:
    """A mention's Web Annotation (annotation, target, position and quote selectors)."""
    P, C = _TERMS
    A, integer, decimal = P["type"], XSD.integer, XSD.decimal
    ann = f"{s[:-1]}/annotation/{m.field}/{m.start}-{m.end}"
    an, tg, pos, quo = f"{ann}>", f"{ann}/target>", f"{ann}/position>", f"{ann}/quote>"
    return [(an, [(A, C["annotation"]), (P["motivatedBy"], C["identifying"]), (P["hasBody"], o), (P["hasTarget"], tg),
                  (P["role"], role), (P["rule"], _lit(m.rule)),
                  (P["confidence"], _typed(format(m.confidence, ".2f"), decimal)), (P["generatedBy"], activity)]),
            (tg, [(A, C["specific"]), (P["hasSource"], s), (P["field"], _lit(m.field)),
                  (P["sentence"], _typed(m.sentence, integer)), (P["hasSelector"], pos), (P["hasSelector"], quo)]),
            (pos, [(A, C["position"]), (P["start"], _typed(m.start, integer)), (P["end"], _typed(m.end, integer))]),
            (quo, [(A, C["quote"]), (P["exact"], _lit(m.surface))])]


def _write(chunks, path: str, append: bool = False) -> int:
    """Write text chunks to ``path``, gzip-compressed when it ends in ``.gz`` (no name or
    time in the gzip header, so the bytes depend on the graph only); returns bytes written."""
    if path.endswith(".gz"):
        import gzip
        import io

        with open(path, "wb") as raw, gzip.GzipFile(filename="", mode="wb", fileobj=raw, mtime=0,
                                                    compresslevel=6) as gz, \
                io.TextIOWrapper(gz, encoding="utf-8", newline="\n") as fh:
            for chunk in chunks:
                fh.write(chunk)
    else:
        with open(path, "a" if append else "w", encoding="utf-8", newline="\n") as fh:
            for chunk in chunks:
                fh.write(chunk)
    return os.path.getsize(path)


RDF_FORMATS = ("ttl", "nt", "ttl.gz", "nt.gz")  # what ``build --rdf`` and ``export rdf`` can write


def write_rdf(graph: Graph, path: str, version: str, annotations: bool = True, turtle: bool | None = None,
              marks: dict | None = None) -> int:
    """Stream the graph to ``path`` as Turtle (``.ttl``, ``.ttl.gz``) or N-Triples (``.nt``,
    ``.nt.gz``), or as ``turtle`` says; returns the number of triples written. ``marks``:
    a plain file sets ``marks["concepts"]`` to the byte where the concept section starts,
    and ``marks["paper_triples"]`` to the triples before it."""
    count = [0]
    if turtle is None:
        turtle = ".ttl" in os.path.basename(path)
    if path.endswith(".gz"):
        _write(_chunks(_counted(generate_groups(graph, version, annotations), count), turtle, False), path)
        return count[0]
    _write(_chunks(_counted(generate_groups(graph, version, annotations, "papers"), count), turtle, False), path)
    if marks is not None:
        marks["concepts"], marks["paper_triples"] = os.path.getsize(path), count[0]
    _write(_chunks(_counted(concept_groups(graph, version), count), turtle, True), path, append=True)
    return count[0]


def write_section(graph: Graph, out, version: str, annotations: bool, turtle: bool, section: str) -> int:
    """One section of the document (``section_groups``; of a slice of the graph: a piece
    of it) to ``out`` (its ``write`` takes text: ``export.baton.PieceText``), with the
    Turtle prefixes only for the first ("head"); returns the triples written."""
    count = [0]
    for chunk in _chunks(_counted(section_groups(graph, version, annotations, section), count), turtle,
                         section != "head"):
        out.write(chunk)
    return count[0]


def _chunks(groups, turtle: bool, bare: bool) -> Iterator[str]:
    """Text of ``groups``; ``bare``: Turtle without the prefixes (a later piece of a file)."""
    from paperkg.export.turtle import ntriples_chunks, turtle_chunks

    if not turtle:
        return ntriples_chunks(groups)
    chunks = turtle_chunks(groups)
    if bare:
        next(chunks)  # the prefixes
    return chunks


def _counted(groups, counter: list[int]):
    for g in groups:
        counter[0] += ANNOTATION_TRIPLES if g[0] is _ANN else len(g[1])
        yield g


def write_turtle(graph: Graph, path: str, version: str, annotations: bool = True) -> int:
    return write_rdf(graph, path, version, annotations, turtle=True)


def write_ntriples(graph: Graph, path: str, version: str, annotations: bool = True) -> int:
    return write_rdf(graph, path, version, annotations, turtle=False)
