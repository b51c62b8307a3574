"""Papers a day's listing names again: what an in-place update changes of them.

A record of a paper the build has merges into it (``ingest.merge.merge_two``). When the
paper keeps its id, the merge only adds: more sources, and fields the old record lacked
(authors, date, url, categories, the listing's code link). Its text, extraction and concept
edges stay as they are, so:

- its line in ``papers.jsonl`` and its row in the Neo4j ``nodes_paper.csv`` are replaced
  (``splice``: the files are copied around the replaced lines, not parsed);
- a code link it gains becomes a code edge (and official code for the methods it proposes);
- the RDF gets the triples it gains (``rdf_groups``): they add to the old ones, which all
  still hold.
A record that gives the paper a stronger id changes more; the full update runs then.
"""
from __future__ import annotations

import json
import os
from dataclasses import dataclass
from functools import reduce

from paperkg.model import CodeEdge, Paper, PaperConceptEdge


@dataclass(frozen=True)
class Relisted:
    slot: int  # the paper's line in papers.jsonl
    old: Paper
    new: Paper
    start: int  # its line's bytes in papers.jsonl
    end: int


def fold(papers_path: str, records: dict[int, list[Paper]]) -> dict[str, Relisted]:
    """The build's papers at these slots merged with their new records (in the order they
    came), by id; only those the records change."""
    from paperkg.ingest.merge import merge_two

    out: dict[str, Relisted] = {}
    if not records:
        return out
    at, wanted = 0, set(records)
    with open(papers_path, "rb") as fh:
        for slot, line in enumerate(fh):
            if slot in wanted:
                old = Paper.from_dict(json.loads(line))
                new = reduce(merge_two, records[slot], old)
                if new != old:
                    out[old.id] = Relisted(slot, old, new, at, at + len(line))
                wanted.discard(slot)
                if not wanted:
                    break
            at += len(line)
    return out


def splice(src: str, dst: str, lines: dict[int, bytes]) -> None:
    """Copy ``src`` to ``dst`` with the lines starting at these byte offsets replaced (each
    offset → its new line); the rest is copied by the kernel, unread."""
    with open(src, "rb") as fin, open(dst, "wb") as fout:
        at = 0
        for start in sorted(lines):
            _copy(fin, fout, at, start - at)
            fin.seek(start)
            old = fin.readline()
            fout.write(lines[start])
            at = start + len(old)
        _copy(fin, fout, at, os.fstat(fin.fileno()).st_size - at)


def _copy(fin, fout, offset: int, count: int) -> None:
    fout.flush()
    while count > 0:
        n = os.copy_file_range(fin.fileno(), fout.fileno(), count, offset)
        if n == 0:
            raise OSError(f"{fin.name}: ended early while copying")
        offset += n
        count -= n


def csv_offsets(path: str, ids: set[str]) -> dict[str, int]:
    """Byte offset of the row of each of ``ids`` in a node CSV file whose first column is
    the id (a quoted first field is read with the csv module); ``NotInPlace`` if one is
    missing (a row over several lines would hide it)."""
    import csv

    out: dict[str, int] = {}
    at = 0
    with open(path, "rb") as fh:
        for line in fh:
            first = line.split(b",", 1)[0]
            if first.startswith(b'"'):
                first = next(csv.reader([line.decode()]))[0].encode()
            pid = first.decode()
            if pid in ids:
                out[pid] = at
            at += len(line)
    if set(out) != ids:
        from paperkg.update import NotInPlace

        raise NotInPlace(f"{path}: no single-line row for {sorted(ids - set(out))[0]}")
    return out


def records_of(path: str, ids: set[str], cls) -> dict[str, list]:
    """The records of these papers in a file grouped by paper (``"paper"`` first)."""
    out: dict[str, list] = {}
    if not ids:
        return out
    with open(path, "rb") as fh:
        for line in fh:
            if _paper_of(line) in ids:
                out.setdefault(_paper_of(line), []).append(cls.from_dict(json.loads(line)))
    return out


_PAPER = b'{"paper":"'


def _paper_of(line: bytes) -> str:
    """The paper id of an edge record's line (``"paper"`` is its first key), unparsed."""
    if not line.startswith(_PAPER):
        return json.loads(line)["paper"]
    return line[len(_PAPER): line.index(b'"', len(_PAPER))].decode()


def code_changes(code_path: str, edges_path: str, relisted: dict[str, Relisted], linker) -> dict[str, tuple]:
    """The code edges of re-listed papers whose listing gained a code link: paper id →
    (old edges, new edges). Their repositories go to ``linker``, and official code of the
    methods they propose to its derived counts."""
    from paperkg.kinds import EntityType, Role
    from paperkg.link.edges import with_listing_code

    gained = {pid for pid, r in relisted.items() if r.new.code_url and not r.old.code_url}
    old = records_of(code_path, gained, CodeEdge)
    out: dict[str, tuple] = {}
    for pid in sorted(gained):
        before = old.get(pid, [])
        after = []
        for repo, e in with_listing_code(relisted[pid].new, before, linker.repos):
            linker.repos.setdefault(repo.id, repo)
            after.append(e)
        if after != before:
            out[pid] = (before, after)
    official = {pid: {e.repo for e in a if e.official} - {e.repo for e in b if e.official} for pid, (b, a) in out.items()}
    official = {pid: repos for pid, repos in official.items() if repos}
    types = linker.deriver.types
    for pid, edges in records_of(edges_path, set(official), PaperConceptEdge).items():
        for e in edges:
            if e.role == Role.PROPOSED and types[e.concept] == EntityType.METHOD:
                linker.deriver.implemented.update((e.concept, r) for r in official[pid])
    return out


def rewrite_code_edges(src: str, dst: str, changes: dict[str, tuple], relisted: dict[str, Relisted],
                       slot_of) -> int:
    """``code_edges.jsonl`` (grouped by paper, in paper order) with the changed papers' edges
    in their place; returns the change in count. ``slot_of(pid)``: a paper's line in
    ``papers.jsonl`` (asked only when a paper that had no code edges gains some)."""
    from paperkg.jsonl import dumps

    def lines(pid: str) -> bytes:
        return "".join(dumps(e.to_dict()) + "\n" for e in changes[pid][1]).encode()

    waiting = sorted((relisted[pid].slot, pid) for pid, (before, _) in changes.items() if not before)
    with open(src, "rb") as fin, open(dst, "wb") as fout:
        last = None
        for line in fin:
            pid = _paper_of(line)
            if pid != last and waiting:
                slot = slot_of(pid)
                while waiting and waiting[0][0] < slot:
                    fout.write(lines(waiting.pop(0)[1]))
            if pid in changes:
                if pid != last:
                    fout.write(lines(pid))
            else:
                fout.write(line)
            last = pid
        for _, pid in waiting:
            fout.write(lines(pid))
    return sum(len(a) - len(b) for b, a in changes.values())
