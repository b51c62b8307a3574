"""The Neo4j bundle in ``OUT/neo4j/``: CSV files for ``neo4j-admin database import full``
with typed headers, the exact ``import.sh`` command line, and ``load.cypher`` (plain
statements for ``cypher-shell -f`` or Browser) for small graphs.

``generate_csv_rows`` is pure; ``write_bundle`` owns the files."""
from __future__ import annotations

import csv
import os
from collections.abc import Iterator

from paperkg.export.cypher import inline, merge_nodes, merge_rels, schema_statements
from paperkg.export.neo4j_rows import NodeGroup, RelGroup, node_groups, rel_groups
from paperkg.export.schema import OWNER, Label

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


def _converted(keys: tuple[str, ...], rows: list[tuple], skip: int) -> Iterator[tuple]:
    """Rows with arrays joined and booleans spelled for neo4j-admin; None and numbers are
    left to the csv module (empty cell, ``str``). Only the columns that need it are touched."""
    arrays = [i + skip for i, k in enumerate(keys) if _TYPES.get(k, "").endswith("[]")]
    bools = [i + skip for i, k in enumerate(keys) if _TYPES.get(k) == "boolean"]
    if not arrays and not bools:
        yield from rows
        return
    join = ARRAY_DELIMITER.join
    for r in rows:
        r = list(r)
        for i in arrays:
            r[i] = join(map(str, r[i])) if r[i] else ""
        for i in bools:
            r[i] = "true" if r[i] else "false"
        yield r


def node_csv_rows(group: NodeGroup) -> Iterator:
    yield [f"id:ID({group.labels[0]})", ":LABEL", *(_header(k) for k in group.keys)]
    # neo4j-admin splits :LABEL on the array delimiter, like any array field
    labels = ARRAY_DELIMITER.join(group.labels)
    for r in _converted(group.keys, group.rows, 1):
        yield (r[0], labels, *r[1:])


def rel_csv_rows(group: RelGroup) -> Iterator:
    yield [f":START_ID({group.start})", f":END_ID({group.end})", ":TYPE", *(_header(k) for k in group.keys)]
    t = group.type
    for r in _converted(group.keys, group.rows, 2):
        yield (r[0], r[1], t, *r[2:])


def _write_csv(path: str, rows: Iterator) -> int:
    with open(path, "w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh, lineterminator="\n")
        w.writerow(next(rows))
        rows = list(rows)
        w.writerows(rows)
    return len(rows)


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


def load_script(nodes: list[NodeGroup], rels: list[RelGroup], limit: int = LOAD_LIMIT) -> Iterator[str]:
    required, optional = schema_statements()
    total = sum(len(g.rows) for g in (*nodes, *rels))
    yield "// paperkg graph: run with `cypher-shell -f load.cypher` or paste into Neo4j Browser.\n"
    yield "// Idempotent: MERGE on ids, so running it twice changes nothing.\n"
    for s in required:
        yield s + ";\n"
    if total > limit:
        yield (f"// The graph has {total} rows, more than this script is meant for ({limit}): load the data with\n"
               "// import.sh (neo4j-admin, new database) or `paperkg push` (any running server).\n")
    else:
        yield from _load_data(nodes, rels)
    # Last, so that a server without them (ArcadeDB has no full-text indexes) has loaded
    # everything before it refuses one; cypher-shell users can add --fail-at-end.
    yield f"{OPTIONAL_MARK}\n"
    for s in optional:
        yield s + ";\n"


OPTIONAL_MARK = "// OPTIONAL: search indexes; a server without full-text indexes may refuse these, nothing else depends on them"


def _load_data(nodes: list[NodeGroup], rels: list[RelGroup]) -> Iterator[str]:
    for g in nodes:
        for i in range(0, len(g.rows), LOAD_BATCH):
            yield inline(merge_nodes(g.labels), g.params(i, i + LOAD_BATCH)) + "\n"
    for g in rels:
        for i in range(0, len(g.rows), LOAD_BATCH):
            yield inline(merge_rels(g.type, g.start, g.end), g.params(i, i + LOAD_BATCH)) + "\n"


def write_bundle(graph, directory: str) -> dict[str, int]:
    """Write the CSV files, ``import.sh`` and ``load.cypher``; returns rows per file."""
    os.makedirs(directory, exist_ok=True)
    nodes, rels = list(node_groups(graph)), list(rel_groups(graph))
    counts = {}
    for g in nodes:
        counts[node_file(g)] = _write_csv(os.path.join(directory, node_file(g)), node_csv_rows(g))
    for g in rels:
        counts[rel_file(g)] = _write_csv(os.path.join(directory, rel_file(g)), rel_csv_rows(g))
    with open(os.path.join(directory, "import.sh"), "w", encoding="utf-8", newline="\n") as fh:
        fh.write(_import_script([node_file(g) for g in nodes], [rel_file(g) for g in rels]))
    os.chmod(os.path.join(directory, "import.sh"), 0o755)
    with open(os.path.join(directory, "load.cypher"), "w", encoding="utf-8", newline="\n") as fh:
        fh.writelines(load_script(nodes, rels))
    return counts


__all__ = ["ARRAY_DELIMITER", "Label", "write_bundle"]
