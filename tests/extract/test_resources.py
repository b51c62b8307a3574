import pytest

from paperkg.errors import DataFileError
from paperkg.extract.resources import load_gazetteers, load_patterns, parse_gazetteer, parse_patterns


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


def test_resources_broken_pattern_fails_loudly():
    bad = '{"id": "p", "label": "shape", "comment": "c", "pattern": [{"TEXTT": "x"}]}'
    with pytest.raises(DataFileError, match=r"^p.jsonl:3: invalid token pattern"):
        parse_patterns("p.jsonl", [(3, bad)])
    nocomment = '{"id": "p", "label": "shape", "comment": "", "pattern": [{"TEXT": "x"}]}'
    with pytest.raises(DataFileError, match="needs a comment"):
        parse_patterns("p.jsonl", [(1, nocomment)])
