"""The graph as Neo4j rows (pure): node groups per label set and relationship groups per
(type, start id space, end id space), each with its property keys. Rows stream from the
graph's records tagged with their group, so a writer routes them (one CSV file, one batch
buffer per group) without holding the graph. The Bolt push, the bulk-import CSV and
``load.cypher`` all read these, so the three ways into Neo4j hold the same graph."""
from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from paperkg.export.schema import (CONCEPT_PROPS, LABEL_OF_TYPE, OWNER, PAPER_PROPS, REL_OF_RELATION, REL_OF_ROLE,
                                   REL_PROPS, REPOSITORY_PROPS, Label, Rel)
from paperkg.graph import Graph, GraphCounts
from paperkg.kinds import Relation


@dataclass(frozen=True)
class NodeGroup:
    labels: tuple[str, ...]  # the first label carries the id constraint
    keys: tuple[str, ...]  # property keys, in column order (rows are (id, *values))

    def params(self, rows: list[tuple]) -> list[dict[str, Any]]:
        keys = self.keys
        return [{"id": r[0], "props": dict(zip(keys, r[1:]))} for r in rows]


@dataclass(frozen=True)
class RelGroup:
    type: str
    start: str  # label of the start node's id space
    end: str
    keys: tuple[str, ...]  # rows are (start id, end id, *values)

    def params(self, rows: list[tuple]) -> list[dict[str, Any]]:
        keys = self.keys
        return [{"s": r[0], "t": r[1], "props": dict(zip(keys, r[2:]))} for r in rows]


PAPER_NODES = NodeGroup((str(Label.PAPER),), (*PAPER_PROPS[1:], OWNER))
_REPO = NodeGroup((str(Label.REPOSITORY),), (*REPOSITORY_PROPS[1:], OWNER))
_CONCEPT = {t: NodeGroup((str(Label.CONCEPT), str(l)), (*CONCEPT_PROPS[1:], OWNER)) for t, l in LABEL_OF_TYPE.items()}
_MENTION = {r: RelGroup(str(t), str(Label.PAPER), str(Label.CONCEPT), REL_PROPS["mention"]) for r, t in REL_OF_ROLE.items()}
_CODE = RelGroup(str(Rel.HAS_CODE), str(Label.PAPER), str(Label.REPOSITORY), REL_PROPS["code"])
_DERIVED = {r: RelGroup(str(t), str(Label.CONCEPT),
                        str(Label.REPOSITORY if r == Relation.IMPLEMENTED_IN else Label.CONCEPT), REL_PROPS["derived"])
            for r, t in REL_OF_RELATION.items()}


def node_groups(counts: GraphCounts) -> list[NodeGroup]:
    """The groups that have rows, sorted by labels (the order files and batches take)."""
    groups = [_CONCEPT[t] for t, n in counts.concepts.items() if n]
    groups += [PAPER_NODES] if counts.papers else []
    groups += [_REPO] if counts.repositories else []
    return sorted(groups, key=lambda g: g.labels)


def rel_groups(counts: GraphCounts, derived: bool = True) -> list[RelGroup]:
    groups = [_MENTION[r] for r, n in counts.paper_edges.items() if n]
    groups += [_CODE] if counts.code_edges else []
    groups += [_DERIVED[r] for r, n in counts.concept_edges.items() if n and derived]
    return sorted(groups, key=lambda g: (g.type, g.start, g.end))


def node_rows(graph: Graph) -> Iterator[tuple[NodeGroup, tuple]]:
    """Every node carries ``OWNER: true``: what paperkg wrote, and so may prune."""
    for p in graph.papers():
        yield PAPER_NODES, (p.id, p.title, p.abstract, list(p.authors), p.date, p.url, list(p.categories),
                       list(p.sources), True)
    for c in graph.concepts():
        yield _CONCEPT[c.type], (c.id, c.name, c.type, list(c.aliases), c.acronym, c.long_form, c.papers,
                                 list(c.proposed_by), True)
    for r in graph.repositories():
        yield _REPO, (r.id, r.name, r.host, r.url, True)


def rel_rows(graph: Graph, derived: bool = True) -> Iterator[tuple[RelGroup, tuple]]:
    for e in graph.paper_edges():
        ps = e.places
        first = ps[0]
        yield _MENTION[e.role], (
            e.paper, e.concept, first.field, first.start, first.end, first.sentence, first.rule, e.confidence,
            len(ps), list(dict.fromkeys(p.surface for p in ps)), [p.start for p in ps], [p.end for p in ps],
            [p.field for p in ps], [p.sentence for p in ps])
    for c in graph.code_edges():
        yield _CODE, (c.paper, c.repo, c.official, c.field, c.start, c.end, c.sentence, c.rule)
    if derived:
        for d in graph.concept_edges():
            yield _DERIVED[d.relation], (d.source, d.target, d.papers)


def total_rows(counts: GraphCounts, derived: bool = True) -> int:
    return (counts.nodes + sum(counts.paper_edges.values()) + counts.code_edges
            + (sum(counts.concept_edges.values()) if derived else 0))
