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


def test_ontology_no_two_relationship_types_are_a_letter_or_two_apart():
    """EVALUATES_ON and EVALUATED_ON once both existed: a typo silently returned no rows."""
    from paperkg.export.schema import Rel

    def distance(a: str, b: str) -> int:
        row = list(range(len(b) + 1))
        for i, ca in enumerate(a, 1):
            prev, row[0] = row[0], i
            for j, cb in enumerate(b, 1):
                prev, row[j] = row[j], min(row[j] + 1, row[j - 1] + 1, prev + (ca != cb))
        return row[-1]

    names = [str(r) for r in Rel]
    close = [(a, b) for i, a in enumerate(names) for b in names[i + 1:] if distance(a, b) <= 2]
    assert close == []
