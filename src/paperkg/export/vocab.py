"""RDF terms, defined once. Project terms live in ``PK`` (declared with labels and
comments in ``ontology.ttl``); a misspelt term fails at import (``_fail = True``).
Standard vocabularies: dcterms, schema.org, SKOS, PROV, W3C Web Annotation (oa)."""
from __future__ import annotations

from rdflib import Namespace
from rdflib.namespace import DCTERMS, OWL, PROV, RDF, RDFS, SDO, SKOS, XSD, DefinedNamespace
from rdflib.term import URIRef

from paperkg.kinds import RELATIONS, ROLES, TYPES

BASE = "https://w3id.org/paperkg/"
ID = Namespace(BASE + "id/")  # instances: papers, concepts, repositories, annotations


class PK(DefinedNamespace):
    """paperkg ontology terms."""

    _NS = Namespace(BASE + "ontology#")
    _fail = True

    Method: URIRef
    Dataset: URIRef
    Benchmark: URIRef
    Task: URIRef
    Metric: URIRef
    Extractor: URIRef
    CoOccurrence: URIRef
    concept: URIRef
    proposes: URIRef
    introduces: URIRef
    uses: URIRef
    evaluatesOn: URIRef
    comparesWith: URIRef
    mentions: URIRef
    hasCode: URIRef
    hasOfficialCode: URIRef
    benchmarkedOn: URIRef
    implementedIn: URIRef
    coOccursWith: URIRef
    longForm: URIRef
    paperCount: URIRef
    field: URIRef
    sentence: URIRef
    rule: URIRef
    role: URIRef
    confidence: URIRef
    source: URIRef
    version: URIRef


class OA(DefinedNamespace):
    """The W3C Web Annotation vocabulary terms used here."""

    _NS = Namespace("http://www.w3.org/ns/oa#")
    _fail = True

    Annotation: URIRef
    SpecificResource: URIRef
    TextPositionSelector: URIRef
    TextQuoteSelector: URIRef
    hasBody: URIRef
    hasTarget: URIRef
    hasSource: URIRef
    hasSelector: URIRef
    start: URIRef
    end: URIRef
    exact: URIRef
    motivatedBy: URIRef
    identifying: URIRef


PREFIXES = {
    "pk": str(PK._NS), "dcterms": str(DCTERMS), "schema": str(SDO), "skos": str(SKOS),
    "prov": str(PROV), "oa": str(OA._NS), "rdf": str(RDF), "rdfs": str(RDFS), "xsd": str(XSD), "owl": str(OWL),
}
# From the one table of types and roles; ``PK[...]`` fails on a term the ontology lacks.
CONCEPT_CLASS = {str(t): PK[s.rdf] for t, s in TYPES.items()}
ROLE_PROPERTY = {s.rel: PK[s.rdf] for s in ROLES.values()}
DERIVED_PROPERTY = {s.rel: PK[s.rdf] for s in RELATIONS.values()}
ROLE_TERM = {str(r): PK[s.rdf] for r, s in ROLES.items()}  # by role, as the link records name them
RELATION_TERM = {str(r): PK[s.rdf] for r, s in RELATIONS.items()}

__all__ = ["BASE", "CONCEPT_CLASS", "DCTERMS", "DERIVED_PROPERTY", "ID", "OA", "OWL", "PK", "PREFIXES", "PROV",
           "RDF", "RDFS", "RELATION_TERM", "ROLE_PROPERTY", "ROLE_TERM", "SDO", "SKOS", "XSD"]
