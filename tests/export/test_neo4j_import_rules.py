"""The bulk-import bundle read the way neo4j-admin's documentation says it is read.

No Neo4j can be installed here, so this module is a small reader written from the Operations
Manual, and each rule cites the section it comes from:
- [header] "Import header format" (operations-manual/current/import/header-format/): fields are
  ``<name>:<field_type>``; ``:ID`` may name an ID space in parentheses, ``:START_ID``/``:END_ID``
  refer to one; ``:LABEL`` holds one or more labels separated by the array delimiter;
  ``:TYPE`` the relationship type; property types ``int``, ``float``, ``boolean``, ``string`` and
  arrays ``type[]`` whose values are separated by the array delimiter; booleans are true when the
  value is ``true`` (any case), false otherwise; a property without a type is a string.
- [full] "Full import" (operations-manual/current/import/full-import/): ``neo4j-admin database
  import full [options] <database>``-style syntax, where from 5.19 the database name is given
  right after ``full`` (docs-operations PR 1689: "you need to put the database name ahead of the
  named arguments"); ``--array-delimiter`` takes a character or ``U+XXXX``;
  ``--multiline-fields=true`` lets quoted fields hold newlines.
"""
from __future__ import annotations

import csv
import json
import shlex

import pytest

from paperkg.export.schema import CONCEPT_LABELS, OWNER, Label, Rel

pytestmark = pytest.mark.slow  # reads the whole seed build


def _command(bundle) -> list[str]:
    """import.sh's neo4j-admin call as argv, with the script's variables filled in."""
    text = (bundle / "import.sh").read_text().replace("\\\n", " ")
    line = next(l for l in text.splitlines() if l.startswith("neo4j-admin "))
    return shlex.split(line.replace('"$DIR', f'"{bundle}').replace('"$DB"', "neo4j"))


def _options(argv: list[str]) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    for a in argv:
        if a.startswith("--"):
            k, _, v = a.partition("=")
            out.setdefault(k, []).append(v)
    return out


def _delimiter(value: str) -> str:
    """[full] --array-delimiter: a character, or U+XXXX."""
    return chr(int(value[2:], 16)) if value.upper().startswith("U+") else value


def _field(spec: str) -> tuple[str, str, str | None]:
    """[header] '<name>:<field_type>' → (name, type, ID space)."""
    name, _, typ = spec.partition(":")
    space = None
    if "(" in typ:
        typ, _, space = typ.partition("(")
        space = space.rstrip(")")
    return name, typ or "string", space


def _value(raw: str, typ: str, delim: str):
    """[header] typed values; arrays split on the array delimiter; booleans 'true' or not."""
    if typ.endswith("[]"):
        return [_value(v, typ[:-2], delim) for v in raw.split(delim)] if raw else []
    if typ in ("int", "long", "short", "byte"):
        return int(raw)
    if typ in ("float", "double"):
        return float(raw)
    if typ == "boolean":
        return raw.lower() == "true"
    return raw


def _read(path, delim: str) -> list[dict]:
    """One CSV file as neo4j-admin reads it ([full] --multiline-fields=true: quoted newlines)."""
    with open(path, encoding="utf-8", newline="") as fh:
        rows = csv.reader(fh)
        header = [_field(h) for h in next(rows)]
        out = []
        for r in rows:
            rec: dict = {"_props": {}}
            for (name, typ, space), raw in zip(header, r):
                if typ == "ID":
                    rec["id"], rec["space"] = raw, space
                    if name:  # [header] a named ID field is also stored as a property
                        rec["_props"][name] = raw
                elif typ == "LABEL":
                    rec["labels"] = set(raw.split(delim))
                elif typ in ("START_ID", "END_ID"):
                    rec[typ] = (space, raw)
                elif typ == "TYPE":
                    rec["type"] = raw
                elif raw != "":
                    rec["_props"][name] = _value(raw, typ, delim)
            out.append(rec)
    return out


@pytest.fixture(scope="module")
def bundle(seed_build):
    return seed_build / "neo4j"


def test_import_command_puts_the_database_right_after_full(bundle):
    argv = _command(bundle)
    assert argv[:5] == ["neo4j-admin", "database", "import", "full", "neo4j"]  # [full], 5.19+
    assert not any(a.startswith("--") for a in argv[:5]) and all(a.startswith("--") for a in argv[5:])
    opts = _options(argv)
    assert opts["--multiline-fields"] == ["true"] and _delimiter(opts["--array-delimiter"][0]) == "\x1f"


def test_import_nodes_get_their_labels_ids_and_typed_properties(bundle, seed_build):
    opts = _options(_command(bundle))
    delim = _delimiter(opts["--array-delimiter"][0])
    nodes = [n for f in opts["--nodes"] for n in _read(f.strip('"'), delim)]
    concepts = {c["id"]: c for c in map(json.loads, (seed_build / "concepts.jsonl").read_text().splitlines())}
    seen: dict[str, set] = {}
    for n in nodes:
        assert n["id"] not in seen.setdefault(n["space"], set()), n["id"]  # ids unique in their space
        seen[n["space"]].add(n["id"])
        assert n["_props"][OWNER] is True
        if n["space"] == Label.CONCEPT:
            c = concepts[n["id"]]
            (typ,) = n["labels"] - {Label.CONCEPT}
            assert n["labels"] == {Label.CONCEPT, typ} and typ in CONCEPT_LABELS and typ.lower() == c["type"]
            assert n["_props"].get("aliases", []) == c["aliases"]  # arrays split back to what was written
            assert n["_props"]["papers"] == c["papers"]
        else:
            assert n["labels"] == {n["space"]} and n["space"] in (Label.PAPER, Label.REPOSITORY)
    assert set(seen[Label.CONCEPT]) == set(concepts)
    assert len(seen[Label.PAPER]) == 484


def test_import_relationships_join_ids_in_the_right_spaces(bundle):
    opts = _options(_command(bundle))
    delim = _delimiter(opts["--array-delimiter"][0])
    ids = {(n["space"], n["id"]) for f in opts["--nodes"] for n in _read(f.strip('"'), delim)}
    rels = [r for f in opts["--relationships"] for r in _read(f.strip('"'), delim)]
    assert rels and all(r["START_ID"] in ids and r["END_ID"] in ids for r in rels)
    assert {r["type"] for r in rels} <= {str(r) for r in Rel}
    mention = [r for r in rels if "surfaces" in r["_props"]]
    assert mention and all(isinstance(r["_props"]["start"], int) and r["_props"]["surfaces"] for r in mention)
    assert all(isinstance(r["_props"]["official"], bool) for r in rels if r["type"] == Rel.HAS_CODE)
