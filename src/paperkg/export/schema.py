"""Neo4j names, defined once: node labels, relationship types, property keys, and the
Neo4j 5 statements that create constraints and indexes. The graph builder, the exporters,
the query pack and the tests all use these names."""
from __future__ import annotations

from enum import StrEnum

from typing import TYPE_CHECKING

from paperkg.kinds import RELATIONS, ROLES, TYPES

if TYPE_CHECKING:
    from paperkg.graph import GraphCounts


class Label(StrEnum):
    PAPER = "Paper"
    CONCEPT = "Concept"
    METHOD = "Method"
    DATASET = "Dataset"
    BENCHMARK = "Benchmark"
    TASK = "Task"
    METRIC = "Metric"
    REPOSITORY = "Repository"


class Rel(StrEnum):
    PROPOSES = "PROPOSES"
    INTRODUCES = "INTRODUCES"
    USES = "USES"
    EVALUATES_ON = "EVALUATES_ON"
    COMPARES_WITH = "COMPARES_WITH"
    MENTIONS = "MENTIONS"
    HAS_CODE = "HAS_CODE"
    BENCHMARKED_ON = "BENCHMARKED_ON"
    IMPLEMENTED_IN = "IMPLEMENTED_IN"
    CO_OCCURS = "CO_OCCURS"


# Derived from the one table of types and roles (paperkg.kinds); a spec naming a label or
# relationship type missing above fails here, at import.
LABEL_OF_TYPE = {str(t): Label(s.label) for t, s in TYPES.items()}
CONCEPT_LABELS = tuple(LABEL_OF_TYPE.values())
REL_OF_ROLE = {str(r): Rel(s.rel) for r, s in ROLES.items()}
PAPER_RELS = tuple(REL_OF_ROLE.values())
REL_OF_RELATION = {str(r): Rel(s.rel) for r, s in RELATIONS.items()}
DERIVED_RELS = tuple(REL_OF_RELATION.values())

# Property keys of each node label (all nodes also have ``id``).
PAPER_PROPS = ("id", "title", "abstract", "authors", "date", "url", "categories", "sources")
CONCEPT_PROPS = ("id", "name", "type", "aliases", "acronym", "long_form", "papers", "proposed_by")
REPOSITORY_PROPS = ("id", "name", "host", "url")
# Relationship properties: paper → concept carries the first mention's provenance, how many
# mentions there are, their distinct surface forms, and every mention's place (starts[i],
# ends[i], fields[i], sentences[i]; mention_count = size(starts)); HAS_CODE says whether the
# link is the paper's own and where it was found; derived relationships count their papers.
REL_PROPS = {
    "mention": ("field", "start", "end", "sentence", "rule", "confidence", "mention_count", "surfaces",
                "starts", "ends", "fields", "sentences"),
    "code": ("official", "field", "start", "end", "sentence", "rule"),
    "derived": ("papers",),
}

# Set to true on every node paperkg writes: ``push --prune`` deletes only such nodes.
OWNER = "paperkg"

FULLTEXT_PAPERS = "paper_text"
FULLTEXT_CONCEPTS = "concept_names"


def constraint_statements() -> list[str]:
    """Uniqueness constraints for every node label with an id (Neo4j 5 syntax)."""
    labels = (Label.PAPER, Label.CONCEPT, *CONCEPT_LABELS, Label.REPOSITORY)
    return [f"CREATE CONSTRAINT {l.lower()}_id IF NOT EXISTS FOR (n:{l}) REQUIRE n.id IS UNIQUE" for l in labels]


def index_statements() -> list[str]:
    """Full-text indexes for search in Browser, and a lookup index on concept names."""
    return [
        f"CREATE FULLTEXT INDEX {FULLTEXT_PAPERS} IF NOT EXISTS FOR (n:{Label.PAPER}) ON EACH [n.title, n.abstract]",
        f"CREATE FULLTEXT INDEX {FULLTEXT_CONCEPTS} IF NOT EXISTS FOR (n:{Label.CONCEPT}) ON EACH [n.name, n.aliases]",
        f"CREATE INDEX concept_name IF NOT EXISTS FOR (n:{Label.CONCEPT}) ON (n.name)",
    ]


def graph_stats(counts: "GraphCounts") -> dict:
    """Nodes by label and relationships by type, in Neo4j's names (``stats.json``)."""
    nodes = {str(LABEL_OF_TYPE[t]): n for t, n in counts.concepts.items()}
    nodes.update({str(Label.PAPER): counts.papers, str(Label.REPOSITORY): counts.repositories})
    edges = {str(REL_OF_ROLE[r]): n for r, n in counts.paper_edges.items()}
    edges.update({str(REL_OF_RELATION[r]): n for r, n in counts.concept_edges.items()})
    edges[str(Rel.HAS_CODE)] = counts.code_edges
    return {"nodes": dict(sorted((k, v) for k, v in nodes.items() if v)),
            "edges": dict(sorted((k, v) for k, v in edges.items() if v))}
