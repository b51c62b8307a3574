"""What an update changed: ``changes.json`` in the new build, from comparing it with the
build it started from, record by record (never the whole of either in memory beyond one
line per concept).

- papers: added (new ids), removed (ids that gave way to a stronger one), changed (same
  id, other record or other edges: a new source, a concept that resolved differently);
- concepts: added, removed, changed (name, aliases, counts, …);
- repositories: added.

``push --changes`` sends exactly these rows, so a daily feed does not re-send the graph.
"""
from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Iterator
from dataclasses import dataclass

from paperkg.store.layout import CONCEPTS, PAPER_EDGES, PAPERS, REPOSITORIES, write_json

CHANGES = "changes.json"


@dataclass(frozen=True)
class Changes:
    base: str  # sha256 of the old build's manifest
    papers: dict[str, list[str]]
    concepts: dict[str, list[str]]
    repositories: dict[str, list[str]]

    def summary(self) -> str:
        p, c = self.papers, self.concepts
        return (f"changed since the last build: papers +{len(p['added'])} ~{len(p['changed'])} "
                f"-{len(p['removed'])}, concepts +{len(c['added'])} ~{len(c['changed'])} -{len(c['removed'])}, "
                f"repositories +{len(self.repositories['added'])}")

    def to_dict(self) -> dict:
        return {"base": self.base, "papers": self.papers, "concepts": self.concepts,
                "repositories": self.repositories}

    @classmethod
    def from_dict(cls, d: dict) -> "Changes":
        return cls(d["base"], d["papers"], d["concepts"], d["repositories"])


def _lines_by_id(path: str, key: str) -> Iterator[tuple[str, str]]:
    first = f'{{"{key}":"'  # the records' first key (read without parsing the rest of the line)
    with open(path, encoding="utf-8") as fh:
        for line in fh:
            if line.startswith(first) and "\\" not in line[: line.find('"', len(first)) + 1]:
                yield line[len(first): line.index('"', len(first))], line
            else:
                yield json.loads(line)[key], line


def _digest(line: str) -> bytes:
    return hashlib.blake2b(line.encode(), digest_size=12).digest()


def _edges_by_paper(path: str) -> dict[str, bytes]:
    """Paper id → digest of its edge lines (the file is grouped by paper)."""
    out: dict[str, hashlib.blake2b] = {}
    for pid, line in _lines_by_id(path, "paper"):
        out.setdefault(pid, hashlib.blake2b(digest_size=12)).update(line.encode())
    return {k: h.digest() for k, h in out.items()}


def compare(old: str, new: str, base: dict) -> Changes:
    """Compare the build ``old`` with the one being written in ``new``; write changes.json."""
    old_papers = {pid: _digest(line) for pid, line in _lines_by_id(os.path.join(old, PAPERS), "id")}
    old_edges = _edges_by_paper(os.path.join(old, PAPER_EDGES))
    new_edges = _edges_by_paper(os.path.join(new, PAPER_EDGES))
    added, changed, seen = [], [], set()
    for pid, line in _lines_by_id(os.path.join(new, PAPERS), "id"):
        seen.add(pid)
        if pid not in old_papers:
            added.append(pid)
        elif old_papers[pid] != _digest(line) or old_edges.get(pid) != new_edges.get(pid):
            changed.append(pid)
    papers = {"added": added, "changed": changed, "removed": sorted(set(old_papers) - seen)}
    del old_papers, old_edges, new_edges
    return record(old, new, base, papers)


def record(old: str, new: str, base: dict, papers: dict[str, list[str]],
           concepts: dict[str, list[str]] | None = None) -> Changes:
    """Write changes.json for ``papers`` (added, changed, removed: as the caller knows
    them) and ``concepts`` (likewise; if not given, from comparing the concept tables of
    ``old`` and ``new``), and the repositories ``new`` added."""
    if concepts is None:
        concepts = concept_changes(old, new)
    old_repos = {rid for rid, _ in _lines_by_id(os.path.join(old, REPOSITORIES), "id")}
    repos = {"added": [rid for rid, _ in _lines_by_id(os.path.join(new, REPOSITORIES), "id") if rid not in old_repos]}
    manifest = hashlib.sha256(json.dumps(base, sort_keys=True).encode()).hexdigest()
    changes = Changes(manifest, papers, concepts, repos)
    write_json(os.path.join(new, CHANGES), changes.to_dict())
    return changes


def concept_changes(old: str, new: str) -> dict[str, list[str]]:
    old_concepts = {cid: _digest(line) for cid, line in _lines_by_id(os.path.join(old, CONCEPTS), "id")}
    c_added, c_changed, c_seen = [], [], set()
    for cid, line in _lines_by_id(os.path.join(new, CONCEPTS), "id"):
        c_seen.add(cid)
        if cid not in old_concepts:
            c_added.append(cid)
        elif old_concepts[cid] != _digest(line):
            c_changed.append(cid)
    return {"added": c_added, "changed": c_changed, "removed": sorted(set(old_concepts) - c_seen)}


def read_changes(out: str) -> Changes:
    from paperkg.errors import BuildError
    from paperkg.store import require

    try:
        with open(require(out, CHANGES), encoding="utf-8") as fh:
            return Changes.from_dict(json.load(fh))
    except BuildError:
        raise BuildError(f"{out}: no {CHANGES}; it is written by 'paperkg build … -o {out} --update'") from None
