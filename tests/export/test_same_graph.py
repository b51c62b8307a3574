"""Neo4j and RDF are written from the same stored link result, so they must describe the
same graph: the same nodes (by id) and the same typed edges. Read back independently: the
CSV bundle as neo4j-admin would read it, the Turtle with a SPARQL query."""
from __future__ import annotations

import csv

import pyoxigraph as ox

from paperkg.export.neo4j_csv import ARRAY_DELIMITER
from paperkg.kinds import RELATIONS, ROLES

PK = "https://w3id.org/paperkg/ontology#"
# RDF property local name → Neo4j relationship type, from the one table of roles and relations
REL_OF_PROPERTY = {s.rdf: s.rel for s in (*ROLES.values(), *RELATIONS.values())} | {"hasCode": "HAS_CODE"}


def _neo4j(bundle):
    nodes, edges = {}, set()
    for path in bundle.glob("nodes_*.csv"):
        with open(path, encoding="utf-8", newline="") as fh:
            for row in list(csv.reader(fh))[1:]:
                nodes[row[0]] = set(row[1].split(ARRAY_DELIMITER))
    for path in bundle.glob("rels_*.csv"):
        with open(path, encoding="utf-8", newline="") as fh:
            edges |= {(r[0], r[2], r[1]) for r in list(csv.reader(fh))[1:]}
    return nodes, edges


def _rdf(ttl):
    store = ox.Store()
    store.bulk_load(path=str(ttl), format=ox.RdfFormat.TURTLE)
    ids = {}
    for row in store.query("SELECT ?s ?id WHERE { ?s <http://purl.org/dc/terms/identifier> ?id }"):
        ids[row["s"].value] = row["id"].value
    for row in store.query("SELECT ?s WHERE { ?s a <https://schema.org/SoftwareSourceCode> }"):
        iri = row["s"].value
        ids[iri] = "repo:" + iri.split("/id/repo/", 1)[1]
    edges = set()
    for row in store.query(f"SELECT ?s ?p ?o WHERE {{ ?s ?p ?o . FILTER(STRSTARTS(STR(?p), '{PK}')) }}"):
        name = row["p"].value[len(PK):]
        if name in REL_OF_PROPERTY and row["o"].value in ids:
            edges.add((ids[row["s"].value], REL_OF_PROPERTY[name], ids[row["o"].value]))
    return set(ids.values()), edges


def test_same_graph_in_neo4j_bundle_and_rdf(seed_build):
    nodes, neo_edges = _neo4j(seed_build / "neo4j")
    rdf_nodes, rdf_edges = _rdf(seed_build / "graph.ttl")
    assert set(nodes) == rdf_nodes
    assert neo_edges == rdf_edges
    assert len(neo_edges) > 1000 and {t for _, t, _ in neo_edges} >= {"PROPOSES", "HAS_CODE", "CO_OCCURS"}
