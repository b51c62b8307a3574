import pytest

from paperkg.errors import DataFileError
from paperkg.extract.resources import (
    REQUIRED_CUES,
    load_cues,
    load_gazetteers,
    load_patterns,
    load_typing,
    parse_cues,
    parse_gazetteer,
    parse_patterns,
    parse_typing,
)


def test_resources_bundled_files_load_with_hundreds_of_entries():
    entries = load_gazetteers()
    by_type = {}
    for e in entries:
        by_type[e.type] = by_type.get(e.type, 0) + 1
    assert by_type["method"] >= 150 and by_type["dataset"] >= 150 and by_type["benchmark"] >= 60
    assert all(p.comment for p in load_patterns())


@pytest.mark.parametrize(
    "line, message",
    [
        ('{"id": "m:x", "name": "X", "type": "method"}', "g.jsonl:7: missing key(s) ['aliases']"),
        ('{"id": "m:x", "name": "X", "type": "gadget", "aliases": []}', "g.jsonl:7: unknown type 'gadget'"),
        ('{"id": "m:x", "name": "X", "type": "method", "aliases": [""]}',
         "g.jsonl:7: aliases must be a list of non-empty strings"),
        ("{not json", "g.jsonl:7: invalid JSON (Expecting property name enclosed in double quotes)"),
    ],
)
def test_resources_broken_gazetteer_line_fails_loudly(line, message):
    with pytest.raises(DataFileError) as err:
        parse_gazetteer("g.jsonl", [(7, line)])
    assert str(err.value) == message


def test_resources_duplicate_gazetteer_id():
    line = '{"id": "m:x", "name": "X", "type": "method", "aliases": []}'
    with pytest.raises(DataFileError, match=r"g.jsonl:2: duplicate id 'm:x' \(first at g.jsonl:1\)"):
        parse_gazetteer("g.jsonl", [(1, line), (2, line)])


def _pattern(**fields) -> str:
    import json

    row = {"id": "p", "kind": "shape", "type": None, "needs_support": False, "comment": "c",
           "pattern": [{"TEXT": "x"}]}
    row.update(fields)
    return json.dumps({k: v for k, v in row.items() if v is not ...})


@pytest.mark.parametrize(
    "fields, message",
    [
        ({"pattern": [{"TEXTT": "x"}]}, r"^p.jsonl:3: invalid token pattern"),
        ({"comment": ""}, r"^p.jsonl:3: every pattern needs a comment"),
        ({"kind": "shape-caps"}, r"^p.jsonl:3: unknown kind 'shape-caps' \(one of shape, noun, veto\)"),
        ({"type": "gadget"}, r"^p.jsonl:3: unknown type 'gadget'"),
        ({"needs_support": "yes"}, r"^p.jsonl:3: needs_support must be true or false"),
        ({"kind": ...}, r"^p.jsonl:3: missing key\(s\) \['kind'\]"),
    ],
)
def test_resources_broken_pattern_fails_loudly(fields, message):
    with pytest.raises(DataFileError, match=message):
        parse_patterns("p.jsonl", [(3, _pattern(**fields))])


def test_resources_pattern_behaviour_is_in_fields_not_ids():
    """What a match means is a field of the record: no id spelling carries behaviour."""
    patterns = load_patterns()
    assert {p.kind for p in patterns} == {"shape", "noun", "veto"}
    assert any(p.needs_support for p in patterns)
    nouns = [p for p in patterns if p.kind == "noun"]
    assert nouns and all(p.type in ("dataset", "benchmark") for p in nouns)


def test_resources_cues_need_every_list_the_rules_read():
    cues = {k: ["x"] for k in REQUIRED_CUES if k != "propose"}
    with pytest.raises(DataFileError, match=r"^c.json:1: missing cue list\(s\) \['propose'\]"):
        parse_cues("c.json", cues)
    with pytest.raises(DataFileError, match="cue list 'self' must be a list of non-empty strings"):
        parse_cues("c.json", {**cues, "propose": ["x"], "self": "we"})
    assert set(REQUIRED_CUES) <= set(load_cues())


def test_resources_typing_weights_name_every_evidence_kind():
    from paperkg.extract.evidence import EVIDENCE_KINDS

    w = load_typing()
    assert set(w.weights) == set(EVIDENCE_KINDS)
    with pytest.raises(DataFileError, match=r"unknown \['hunch'\], missing \['default'\]"):
        weights = {k: 1 for k in EVIDENCE_KINDS if k != "default"} | {"hunch": 1}
        parse_typing("t.json", {"weights": weights, "strong": 4})
