"""The Neo4j bundle in ``OUT/neo4j/``: CSV files for ``neo4j-admin database import full``
with typed headers, the exact ``import.sh`` command line, and ``load.cypher`` (plain
statements for ``cypher-shell -f`` or Browser) for small graphs.

``generate_csv_rows`` is pure; ``write_bundle`` owns the files."""
from __future__ import annotations

import csv
import os
from collections.abc import Callable, Iterable, Iterator

from paperkg.export.cypher import inline, merge_nodes, merge_rels, schema_statements
from paperkg.export.neo4j_rows import (PAPER_NODES, NodeGroup, RelGroup, node_groups, node_rows, rel_groups, rel_rows,
                                       total_rows)
from paperkg.export.schema import OWNER, Label
from paperkg.graph import Graph, GraphCounts
from paperkg.model import Paper

ARRAY_DELIMITER = "\x1f"  # ASCII unit separator: never part of a name; "U+001F" on the command line
LOAD_BATCH = 500
LOAD_LIMIT = 50_000  # rows: bigger graphs get a load.cypher with the schema only (use import.sh or push)

# neo4j-admin header types of the properties that are not plain strings
_TYPES = {"authors": "string[]", "categories": "string[]", "sources": "string[]", "aliases": "string[]",
          "proposed_by": "string[]", "papers": "int", "start": "int", "end": "int", "sentence": "int",
          "confidence": "float", "mention_count": "int", "official": "boolean", "surfaces": "string[]",
          OWNER: "boolean", "starts": "int[]", "ends": "int[]", "fields": "string[]", "sentences": "int[]"}


def _header(name: str) -> str:
    return f"{name}:{_TYPES[name]}" if name in _TYPES else name


def node_file(group: NodeGroup) -> str:
    return "nodes_" + "_".join(l.lower() for l in group.labels) + ".csv"


def rel_file(group: RelGroup) -> str:
    return f"rels_{group.type.lower()}_{group.start.lower()}_{group.end.lower()}.csv"


def _converter(keys: tuple[str, ...], skip: int):
    """A row function joining arrays and spelling booleans for neo4j-admin; None and numbers
    are left to the csv module (empty cell, ``str``). Only the columns that need it are touched."""
    arrays = [i + skip for i, k in enumerate(keys) if _TYPES.get(k, "").endswith("[]")]
    bools = [i + skip for i, k in enumerate(keys) if _TYPES.get(k) == "boolean"]
    join = ARRAY_DELIMITER.join

    def convert(r: tuple) -> list:
        r = list(r)
        for i in arrays:
            r[i] = join(map(str, r[i])) if r[i] else ""
        for i in bools:
            r[i] = "true" if r[i] else "false"
        return r

    return convert


def node_header(group: NodeGroup) -> list[str]:
    return [f"id:ID({group.labels[0]})", ":LABEL", *(_header(k) for k in group.keys)]


def rel_header(group: RelGroup) -> list[str]:
    return [f":START_ID({group.start})", f":END_ID({group.end})", ":TYPE", *(_header(k) for k in group.keys)]


def _spec(group) -> tuple[str, list[str], tuple, int]:
    """A group's file name, header, fixed columns (labels or type) and where they go in a row."""
    if isinstance(group, NodeGroup):
        return node_file(group), node_header(group), (ARRAY_DELIMITER.join(group.labels),), 1
    return rel_file(group), rel_header(group), (group.type,), 2


class _Files:
    """One open CSV writer per group; rows are routed to theirs as they stream by. With a
    ``suffix``, a piece of the bundle: rows go to ``.NAME{suffix}`` files without headers,
    each opened at its first row, to be appended to the bundle's files in order
    (``write_pieces``)."""

    def __init__(self, directory: str, suffix: str = "") -> None:
        self.directory, self.open, self.suffix = directory, {}, suffix
        self._counts: dict[str, list[int]] = {}  # file name → [rows], shared with ``open``'s entry

    def start(self, group, append: str | None = None) -> None:
        """``append``: the path of a file to add rows to (an update's), no header."""
        name, header, fixed, skip = _spec(group)
        path = append or os.path.join(self.directory, f".{name}{self.suffix}" if self.suffix else name)
        fh = open(path, "a" if append else "w", encoding="utf-8", newline="")
        w = csv.writer(fh, lineterminator="\n")
        if not self.suffix and not append:
            w.writerow(header)
        count = self._counts[name] = [0]
        self.open[group] = (fh, w.writerow, _converter(group.keys, skip), fixed, skip, count)

    @property
    def counts(self) -> dict[str, int]:
        """Rows written per file."""
        return {name: n[0] for name, n in self._counts.items()}

    def write(self, group, row: tuple) -> None:
        entry = self.open.get(group)
        if entry is None and self.suffix:
            self.start(group)
            entry = self.open[group]
        _, writerow, convert, fixed, skip, count = entry
        r = convert(row)
        writerow((*r[:skip], *fixed, *r[skip:]))
        count[0] += 1

    def close(self) -> None:
        for fh, *_ in self.open.values():
            fh.close()


IMPORT_OPTIONS = ("--array-delimiter=U+001F", "--multiline-fields=true", "--overwrite-destination=true")


def _import_script(nodes: list[str], rels: list[str]) -> str:
    # The database name comes right after "full": from Neo4j 5.19 a name after the options is
    # read as one more input file ("File 'neo4j' doesn't exist").
    lines = [
        "#!/usr/bin/env sh",
        "# Load this bundle into a new, empty Neo4j 5 database with neo4j-admin (server stopped).",
        "# Usage: sh import.sh [DATABASE]   (default: neo4j). Then start Neo4j and run the",
        "# schema statements at the top of load.cypher, e.g. with cypher-shell.",
        "set -eu",
        'DIR="$(cd "$(dirname "$0")" && pwd)"',
        'DB="${1:-neo4j}"',
        'neo4j-admin database import full "$DB" \\',
        "  " + " ".join(IMPORT_OPTIONS) + " \\",
    ]
    files = [f'  --nodes="$DIR/{f}"' for f in nodes] + [f'  --relationships="$DIR/{f}"' for f in rels]
    lines += [f + " \\" for f in files[:-1]] + files[-1:]
    return "\n".join(lines) + "\n"


def load_script(graph: Graph, limit: int = LOAD_LIMIT) -> Iterator[str]:
    required, optional = schema_statements()
    counts = graph.counts()
    total = total_rows(counts)
    yield "// paperkg graph: run with `cypher-shell -f load.cypher` or paste into Neo4j Browser.\n"
    yield "// Idempotent: MERGE on ids, so running it twice changes nothing.\n"
    for s in required:
        yield s + ";\n"
    if total > limit:
        yield (f"// The graph has {total} rows, more than this script is meant for ({limit}): load the data with\n"
               "// import.sh (neo4j-admin, new database) or `paperkg push` (any running server).\n")
    else:
        yield from _load_data(graph)
    # Last, so that a server without them (ArcadeDB has no full-text indexes) has loaded
    # everything before it refuses one; cypher-shell users can add --fail-at-end.
    yield f"{OPTIONAL_MARK}\n"
    for s in optional:
        yield s + ";\n"


OPTIONAL_MARK = "// OPTIONAL: search indexes; a server without full-text indexes may refuse these, nothing else depends on them"


def _load_data(graph: Graph) -> Iterator[str]:
    """All rows held (the script is only written for small graphs), in group order."""
    counts = graph.counts()
    nodes: dict = {g: [] for g in node_groups(counts)}
    for g, row in node_rows(graph):
        nodes[g].append(row)
    rels: dict = {g: [] for g in rel_groups(counts)}
    for g, row in rel_rows(graph):
        rels[g].append(row)
    for g, rows in nodes.items():
        for i in range(0, len(rows), LOAD_BATCH):
            for stmt in merge_nodes(g.labels):
                yield inline(stmt, g.params(rows[i:i + LOAD_BATCH])) + "\n"
    for g, rows in rels.items():
        for i in range(0, len(rows), LOAD_BATCH):
            for stmt in merge_rels(g.type, g.start, g.end):
                yield inline(stmt, g.params(rows[i:i + LOAD_BATCH])) + "\n"


def write_bundle(graph: Graph, directory: str) -> dict[str, int]:
    """Write the CSV files (streamed: one pass over nodes, one over relationships),
    ``import.sh`` and ``load.cypher``; returns rows per file."""
    os.makedirs(directory, exist_ok=True)
    counts = graph.counts()
    nodes, rels = node_groups(counts), rel_groups(counts)
    files = _Files(directory)
    try:
        for g in (*nodes, *rels):
            files.start(g)
        _route(files, graph)
    finally:
        files.close()
    _scripts(directory, graph, nodes, rels)
    return files.counts


def start_bundle(graph: Graph, directory: str, papers_begun: bool = False) -> list[str]:
    """A bundle to be written in pieces (``write_piece``): each CSV file with its header
    only, ``import.sh`` and ``load.cypher``; returns the CSV files' names. ``papers_begun``:
    the paper node file holds its first rows already (``begin_papers``) and is left as it is."""
    os.makedirs(directory, exist_ok=True)
    counts = graph.counts()
    nodes, rels = node_groups(counts), rel_groups(counts)
    files = _Files(directory)
    for g in (*nodes, *rels):
        if not (papers_begun and g == PAPER_NODES):
            files.start(g)
    files.close()
    _scripts(directory, graph, nodes, rels)
    return sorted({*files.counts, *([node_file(PAPER_NODES)] if papers_begun else [])})


def begin_papers(directory: str) -> "_Files":
    """The paper node file begun (its header written) before the rest of the bundle, its
    first rows to come from ``write_rows`` (``export.ahead``); ``close`` it when done."""
    os.makedirs(directory, exist_ok=True)
    files = _Files(directory)
    files.start(PAPER_NODES)
    return files


def write_rows(files: "_Files", graph: Graph) -> None:
    """The rows of ``graph`` to the files ``files`` has open."""
    _route(files, graph)


def write_piece(graph: Graph, directory: str, suffix: str) -> dict[str, int]:
    """The rows of ``graph`` (a slice of a stored graph: ``store.layout.open_slice``) to
    ``.NAME{suffix}`` files, without headers; returns rows per file (only files that got
    rows exist)."""
    files = _Files(directory, suffix)
    try:
        _route(files, graph)
    finally:
        files.close()
    return files.counts


def _route(files: "_Files", graph: Graph) -> None:
    for g, row in node_rows(graph):
        files.write(g, row)
    for g, row in rel_rows(graph):
        files.write(g, row)


def _scripts(directory: str, graph: Graph, nodes: list, rels: list) -> None:
    """``import.sh`` and ``load.cypher`` for the whole ``graph``."""
    with open(os.path.join(directory, "import.sh"), "w", encoding="utf-8", newline="\n") as fh:
        fh.write(_import_script([node_file(g) for g in nodes], [rel_file(g) for g in rels]))
    os.chmod(os.path.join(directory, "import.sh"), 0o755)
    with open(os.path.join(directory, "load.cypher"), "w", encoding="utf-8", newline="\n") as fh:
        fh.writelines(load_script(graph))


def _per_paper(group) -> bool:
    """A file that grows with the papers (paper nodes, their relationships)."""
    return getattr(group, "labels", None) == (str(Label.PAPER),) or getattr(group, "start", None) == str(Label.PAPER)


def _of_concepts(group) -> bool:
    """A concept node file, or a derived relation file (they start at concepts)."""
    return str(Label.CONCEPT) in getattr(group, "labels", ()) or getattr(group, "start", None) == str(Label.CONCEPT)


def per_paper_files(counts: GraphCounts) -> list[str]:
    """The bundle's files that grow with the papers (an update appends to them)."""
    return [node_file(g) for g in node_groups(counts) if _per_paper(g)] + \
        [rel_file(g) for g in rel_groups(counts) if _per_paper(g)]


def paper_lines(papers: Iterable[Paper]) -> dict[str, str]:
    """Each paper's row of the paper node file, as the bundle writes it."""
    import io

    buf = io.StringIO()
    files, out = _Files(""), {}
    for g, row in node_rows(Graph.of(papers, (), (), (), (), ())):
        if g not in files.open:
            files.open[g] = (buf, csv.writer(buf, lineterminator="\n").writerow, _converter(g.keys, 1),
                             (ARRAY_DELIMITER.join(g.labels),), 1, [0])
        buf.seek(0)
        buf.truncate()
        files.write(g, row)
        out[row[0]] = buf.getvalue()
    return out


def append_bundle(new: Graph, whole: Graph, directory: str, grow: Callable[[str], str | None],
                  code_again: bool = False, spliced: bool = False) -> dict[str, int]:
    """An update's bundle: the ``new`` papers' rows are appended to the files that grow
    with the papers (``grow(name)``: the path to append to, made ready by the caller, or
    None for a file the build did not have, which is then written with its header); the
    concept, repository and derived files, ``import.sh`` and ``load.cypher`` are written
    again for the ``whole`` graph (with ``spliced``, the concept and derived files are
    written already and left alone); with ``code_again``, the code relationships too (an
    update changed some). Returns the rows written per file."""
    os.makedirs(directory, exist_ok=True)
    counts = whole.counts()
    nodes, rels = node_groups(counts), rel_groups(counts)
    files = _Files(directory)
    code = rel_file(rel_groups(GraphCounts(0, {}, 0, {}, 1, {}))[0])
    try:
        for g in nodes:
            if not (spliced and _of_concepts(g)):
                files.start(g, grow(node_file(g)) if _per_paper(g) else None)
        for g in rels:
            if spliced and _of_concepts(g):
                continue
            again = not _per_paper(g) or (code_again and rel_file(g) == code)
            files.start(g, None if again else grow(rel_file(g)))
        none = lambda: iter(())  # noqa: E731
        if code_again:
            new = Graph(new.papers, none, none, new.paper_edges, none, none)
        rest = Graph(none, none if spliced else whole.concepts, whole.repositories, none,
                     whole.code_edges if code_again else none, none if spliced else whole.concept_edges,
                     _counts=[counts])
        _route(files, new)
        _route(files, rest)
    finally:
        files.close()
    _scripts(directory, whole, nodes, rels)
    return files.counts


__all__ = ["ARRAY_DELIMITER", "Label", "append_bundle", "per_paper_files", "start_bundle", "write_bundle", "write_piece"]
