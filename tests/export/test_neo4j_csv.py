from __future__ import annotations

import csv
import re

from paperkg.build import load_graph
from paperkg.export.neo4j_csv import ARRAY_DELIMITER


def _read(path):
    with open(path, encoding="utf-8", newline="") as fh:
        rows = list(csv.reader(fh))
    return rows[0], rows[1:]


def test_neo4j_csv_headers_counts_ids_and_ends(seed_build):
    bundle = seed_build / "neo4j"
    graph = load_graph(str(seed_build))
    ids: dict[str, set[str]] = {}
    n_nodes = n_rels = 0
    for path in sorted(bundle.glob("nodes_*.csv")):
        header, rows = _read(path)
        space = re.fullmatch(r"id:ID\((\w+)\)", header[0]).group(1)
        assert header[1] == ":LABEL"
        assert all(re.fullmatch(r"\w+(:(int|float|boolean|string\[\]|int\[\]))?", h) for h in header[2:]), header
        seen = {r[0] for r in rows}
        assert len(seen) == len(rows), f"duplicate ids in {path.name}"
        assert not (ids.setdefault(space, set()) & seen)
        ids[space] |= seen
        n_nodes += len(rows)
    for path in sorted(bundle.glob("rels_*.csv")):
        header, rows = _read(path)
        start = re.fullmatch(r":START_ID\((\w+)\)", header[0]).group(1)
        end = re.fullmatch(r":END_ID\((\w+)\)", header[1]).group(1)
        assert header[2] == ":TYPE"
        for r in rows:
            assert r[0] in ids[start] and r[1] in ids[end], (path.name, r[:3])
        n_rels += len(rows)
    assert (n_nodes, n_rels) == (graph.counts().nodes, graph.counts().edges)


def test_neo4j_csv_arrays_and_import_script(seed_build):
    bundle = seed_build / "neo4j"
    header, rows = _read(bundle / "nodes_concept_method.csv")
    aliases = header.index("aliases:string[]")
    dpo = next(r for r in rows if r[0] == "method:direct-preference-optimization")
    assert "Direct Preference Optimization" in dpo[aliases].split(ARRAY_DELIMITER)
    script = (bundle / "import.sh").read_text()
    assert "neo4j-admin database import full" in script and "--array-delimiter=U+001F" in script
    for path in bundle.glob("*.csv"):
        assert f'"$DIR/{path.name}"' in script
