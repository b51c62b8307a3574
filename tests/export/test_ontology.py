from __future__ import annotations

from importlib import resources

import rdflib
from rdflib.namespace import OWL, RDF, RDFS

from paperkg.export.vocab import PK


def test_ontology_declares_every_project_term_with_label_and_comment():
    g = rdflib.Graph().parse(data=resources.files("paperkg.export").joinpath("ontology.ttl").read_text(), format="turtle")
    terms = [rdflib.URIRef(t) for t in dir(PK) if str(t).startswith(str(PK._NS))]
    assert len(terms) >= 20
    for term in terms:
        name = term
        kinds = set(g.objects(term, RDF.type))
        assert kinds & {OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty}, name
        assert g.value(term, RDFS.label) is not None and g.value(term, RDFS.comment) is not None, name
