"""The graph as Neo4j rows (pure): node groups per label set and relationship groups per
(type, start label, end label), each with its property keys and rows of plain values. The
Bolt push, the bulk-import CSV and ``load.cypher`` all read these, so the three ways into
Neo4j hold the same graph."""
from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from paperkg.export.schema import CONCEPT_PROPS, OWNER, PAPER_PROPS, REL_PROPS, REPOSITORY_PROPS, Label, Rel


@dataclass(frozen=True)
class NodeGroup:
    labels: tuple[str, ...]  # the first label carries the id constraint
    keys: tuple[str, ...]  # property keys, in column order
    rows: list[tuple]  # (id, *values)

    def params(self, start: int = 0, stop: int | None = None) -> list[dict[str, Any]]:
        keys = self.keys
        return [{"id": r[0], "props": dict(zip(keys, r[1:]))} for r in self.rows[start:stop]]


@dataclass(frozen=True)
class RelGroup:
    type: str
    start: str  # label of the start node's id space
    end: str
    keys: tuple[str, ...]
    rows: list[tuple]  # (start id, end id, *values)

    def params(self, start: int = 0, stop: int | None = None) -> list[dict[str, Any]]:
        keys = self.keys
        return [{"s": r[0], "t": r[1], "props": dict(zip(keys, r[2:]))} for r in self.rows[start:stop]]


def _id_label(label: str) -> str:
    return Label.PAPER if label == Label.PAPER else Label.REPOSITORY if label == Label.REPOSITORY else Label.CONCEPT


def node_groups(graph) -> Iterator[NodeGroup]:
    """Every node carries ``OWNER: true``: what paperkg wrote, and so may prune."""
    keys_of = {Label.PAPER: PAPER_PROPS[1:], Label.REPOSITORY: REPOSITORY_PROPS[1:]}
    groups: dict[tuple[str, ...], list] = {}
    for node, d in graph.nodes(data=True):
        label = d["label"]
        labels = (str(label),) if label in keys_of else (str(Label.CONCEPT), str(label))
        keys = keys_of.get(label, CONCEPT_PROPS[1:])
        groups.setdefault(labels, []).append((node, *(d.get(k) for k in keys), True))
    for labels in sorted(groups):
        keys = keys_of.get(labels[0], CONCEPT_PROPS[1:])
        yield NodeGroup(labels, (*keys, OWNER), groups[labels])


def _rel_values(key: str, d: dict) -> tuple:
    if key == Rel.HAS_CODE:
        return d["official"], d["field"], d["start"], d["end"], d["sentence"], d["rule"]
    if "mentions" in d:
        ms = d["mentions"]
        surfaces = list(dict.fromkeys(m["surface"] for m in ms))
        return (d["field"], d["start"], d["end"], d["sentence"], d["rule"], d["confidence"], len(ms), surfaces,
                [m["start"] for m in ms], [m["end"] for m in ms], [m["field"] for m in ms],
                [m["sentence"] for m in ms])
    return (d["papers"],)


def rel_groups(graph) -> Iterator[RelGroup]:
    groups: dict[tuple[str, str, str], list] = {}
    nodes = graph.nodes
    for u, v, key, d in graph.edges(keys=True, data=True):
        k = (str(key), str(_id_label(nodes[u]["label"])), str(_id_label(nodes[v]["label"])))
        groups.setdefault(k, []).append((u, v, *_rel_values(key, d)))
    for k in sorted(groups):
        yield RelGroup(*k, REL_PROPS[_kind(k[0])], groups[k])


def _kind(rel_type: str) -> str:
    if rel_type == Rel.HAS_CODE:
        return "code"
    return "derived" if rel_type in (Rel.BENCHMARKED_ON, Rel.IMPLEMENTED_IN, Rel.CO_OCCURS) else "mention"
