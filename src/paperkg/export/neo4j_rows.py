"""The graph as Neo4j rows (pure): node batches per label set and relationship groups per
(type, start label, end label). The Bolt push, the bulk-import CSV and ``load.cypher`` all
read these, so the three ways into Neo4j hold the same graph."""
from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from paperkg.export.schema import CONCEPT_PROPS, PAPER_PROPS, REPOSITORY_PROPS, Label, Rel


@dataclass(frozen=True)
class NodeGroup:
    labels: tuple[str, ...]  # first label is the one the id constraint is on
    rows: list[dict[str, Any]]  # {"id": …, "props": {…}}


@dataclass(frozen=True)
class RelGroup:
    type: str
    start: str  # label of the start node's id space
    end: str
    rows: list[dict[str, Any]]  # {"s": start id, "t": end id, "props": {…}}


def _id_label(label: str) -> str:
    return Label.PAPER if label == Label.PAPER else Label.REPOSITORY if label == Label.REPOSITORY else Label.CONCEPT


def _props(d: dict, keys: tuple[str, ...]) -> dict[str, Any]:
    return {k: d.get(k) for k in keys if k != "id"}


def node_groups(graph) -> Iterator[NodeGroup]:
    groups: dict[tuple[str, ...], list] = {}
    for node, d in graph.nodes(data=True):
        label = d["label"]
        if label == Label.PAPER:
            key, props = (Label.PAPER,), _props(d, PAPER_PROPS)
        elif label == Label.REPOSITORY:
            key, props = (Label.REPOSITORY,), _props(d, REPOSITORY_PROPS)
        else:
            key, props = (Label.CONCEPT, label), _props(d, CONCEPT_PROPS)
        groups.setdefault(tuple(str(k) for k in key), []).append({"id": node, "props": props})
    for key in sorted(groups):
        yield NodeGroup(key, groups[key])


def _rel_props(key: str, d: dict) -> dict[str, Any]:
    if key == Rel.HAS_CODE:
        return {"official": d["official"], "field": d["field"], "start": d["start"], "end": d["end"]}
    if "mentions" in d:
        ms = d["mentions"]
        return {"field": d["field"], "start": d["start"], "end": d["end"], "sentence": d["sentence"],
                "rule": d["rule"], "confidence": d["confidence"], "mention_count": len(ms),
                "fields": [m["field"] for m in ms], "starts": [m["start"] for m in ms],
                "ends": [m["end"] for m in ms], "sentences": [m["sentence"] for m in ms],
                "rules": [m["rule"] for m in ms], "surfaces": [m["surface"] for m in ms]}
    return {"papers": d["papers"]}


def rel_groups(graph) -> Iterator[RelGroup]:
    groups: dict[tuple[str, str, str], list] = {}
    for u, v, key, d in graph.edges(keys=True, data=True):
        start, end = _id_label(graph.nodes[u]["label"]), _id_label(graph.nodes[v]["label"])
        groups.setdefault((str(key), str(start), str(end)), []).append({"s": u, "t": v, "props": _rel_props(key, d)})
    for key in sorted(groups):
        yield RelGroup(*key, groups[key])
