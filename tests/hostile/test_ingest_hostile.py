"""Hostile inputs: one bad record never sinks a run; damaged files keep what can be kept."""
from __future__ import annotations

import gzip
import json
import os

import pytest

from paperkg.errors import IngestError
from paperkg.ingest import ingest, read_papers

GOOD = {"id": "2401.00001", "title": "A Good Paper", "abstract": "We study things. It works well."}


def _row(**fields) -> dict:
    return {**GOOD, "id": fields.pop("id", GOOD["id"]), **fields}


def _jsonl(path, rows) -> str:
    path.write_text("".join((r if isinstance(r, str) else json.dumps(r)) + "\n" for r in rows), encoding="utf-8")
    return str(path)


# 2. One bad record never sinks a run ---------------------------------------------------
@pytest.mark.parametrize(
    "bad, message",
    [
        ('{"id": "x1", "title": "T\\ud800", "abstract": "An abstract. Long enough."}',
         "lone surrogate in title (U+D800); skipped"),
        ("[" * 10_000 + "]" * 10_000, "JSON nested too deeply; skipped"),
        (json.dumps(_row(id="x2", authors=5)), "field 'authors' must be a string or a list of strings, got int; skipped"),
        (json.dumps(_row(id="x3", title=["A", "list"])), "field 'title' must be a string, got list; skipped"),
        (json.dumps(_row(id="x4", date=20240101)), "field 'date' must be a string, got int; skipped"),
    ],
)
def test_hostile_bad_record_is_reported_and_the_rest_kept(tmp_path, problems, bad, message):
    path = _jsonl(tmp_path / "in.jsonl", [_row(id="2401.00001"), bad, _row(id="2401.00002", title="Another One")])
    papers = list(read_papers([path], on_problem=problems))
    assert [p.id for p in papers] == ["arxiv:2401.00001", "arxiv:2401.00002"]
    assert problems.seen == [f"{path}:2: {message}"]
    with pytest.raises(IngestError, match=f"{path}:2: "):
        list(read_papers([path], strict=True))


def test_hostile_snapshot_with_numeric_update_date(tmp_path, problems):
    row = {"id": "2401.00009", "title": "T", "abstract": "A b. C d.", "update_date": 2024, "authors_parsed": []}
    path = _jsonl(tmp_path / "snap.jsonl", [row])
    assert list(read_papers([path], fmt="arxiv-snapshot", on_problem=problems)) == []
    assert problems.seen == [f"{path}:1: field 'update_date' must be a string, got int; skipped"]


# 3. Damaged files -----------------------------------------------------------------------
def test_hostile_truncated_gzip_keeps_the_records_before(tmp_path, problems):
    rows = [_row(id=f"2401.{i:05d}", title=f"Paper number {i}") for i in range(200)]
    whole = gzip.compress("".join(json.dumps(r) + "\n" for r in rows).encode())
    path = tmp_path / "cut.jsonl.gz"
    path.write_bytes(whole[: len(whole) // 2])
    papers = list(read_papers([str(path)], on_problem=problems))
    assert 10 < len(papers) < 200
    (msg,) = problems.seen
    assert msg.startswith(f"{path}:{len(papers) + 1}: compressed file ends early")
    assert msg.endswith(f"{len(papers)} records before it kept")


ATOM_HEAD = ('<?xml version="1.0"?>\n<feed xmlns="http://www.w3.org/2005/Atom" '
             'xmlns:arxiv="http://arxiv.org/schemas/atom">\n')


def _entry(n: int, title: str = "", summary: str = "An abstract. It is long enough.") -> str:
    return (f"<entry>\n<id>http://arxiv.org/abs/2401.0000{n}v1</id>\n<title>{title or f'Title {n}'}</title>\n"
            f"<summary>{summary}</summary>\n</entry>\n")


def test_hostile_atom_bad_byte_loses_only_its_entry(tmp_path, problems):
    body = ATOM_HEAD + _entry(1) + _entry(2, summary="Broken \x00 text. Still here.") + _entry(3) + "</feed>\n"
    path = tmp_path / "feed.xml"
    path.write_bytes(body.encode())
    papers = list(read_papers([str(path)], on_problem=problems))
    assert [p.id for p in papers] == ["arxiv:2401.00001", "arxiv:2401.00003"]
    (msg,) = problems.seen
    assert msg.startswith(f"{path}:11: malformed XML") and msg.endswith("skipped to the next entry at line 13")


def test_hostile_atom_api_error_entry_is_reported_not_ingested(tmp_path, problems):
    error = ("<entry>\n<id>http://arxiv.org/api/errors#incorrect_id_format_for_1234</id>\n<title>Error</title>\n"
             "<summary>incorrect id format for 1234</summary>\n</entry>\n")
    path = tmp_path / "feed.xml"
    path.write_text(ATOM_HEAD + error + _entry(1) + "</feed>\n")
    papers = list(read_papers([str(path)], on_problem=problems))
    assert [p.id for p in papers] == ["arxiv:2401.00001"]
    assert problems.seen == [f"{path}:3: arXiv API error: incorrect id format for 1234; skipped"]


def test_hostile_csv_unclosed_quote_is_reported(tmp_path, problems):
    path = tmp_path / "p.csv"
    path.write_text('id,title,abstract\n1,First,"Fine. Abstract."\n2,Second,"Never closed.\n3,Third,"Lost. Row."\n')
    papers = list(read_papers([str(path)], on_problem=problems))
    assert [p.title for p in papers] == ["First"]
    assert problems.seen == [f"{path}:3: unclosed quote: the record starting here runs to the end of the "
                             "file, taking 1 line(s) after it; skipped"]


def test_hostile_csv_truncated_last_record_is_reported(tmp_path, problems):
    path = tmp_path / "p.csv"
    path.write_text('id,title,abstract,date\n1,First,"Fine. Abstract.",2024-01-01\n2,Second\n')
    papers = list(read_papers([str(path)], on_problem=problems))
    assert [p.title for p in papers] == ["First"]
    assert problems.seen == [f"{path}:3: record has 2 fields, the header 4; skipped"]


@pytest.mark.parametrize("name", ["p.csv", "p.jsonl"])
def test_hostile_bom_hides_nothing(tmp_path, problems, name):
    path = tmp_path / name
    if name.endswith(".csv"):
        path.write_text('\ufeffid,title,abstract\n2401.00001,First,"Fine. Abstract."\n', encoding="utf-8")
    else:
        path.write_text("\ufeff" + json.dumps(GOOD) + "\n", encoding="utf-8")
    papers = list(read_papers([str(path)], on_problem=problems))
    assert [p.id for p in papers] == ["arxiv:2401.00001"] and problems.seen == []


def test_hostile_fifo_is_refused_not_read(tmp_path, problems):
    fifo = tmp_path / "pipe.jsonl"
    os.mkfifo(fifo)
    assert list(read_papers([str(fifo)], on_problem=problems)) == []
    assert problems.seen == [f"{fifo}: not a regular file; skipped"]


# 4. Formats that are easy to get wrong ----------------------------------------------------
def test_hostile_pretty_printed_json_object_is_read_as_json(tmp_path, problems):
    path = tmp_path / "export.json"
    path.write_text(json.dumps({"meta": {"n": 2}, "papers": [GOOD, _row(id="2401.00002", title="Two")]}, indent=2))
    papers = list(read_papers([str(path)], on_problem=problems))
    assert [p.id for p in papers] == ["arxiv:2401.00001", "arxiv:2401.00002"] and problems.seen == []
    assert papers[1].sources == (f"{path}:11",)


def test_hostile_json_object_with_several_paper_arrays_says_so(tmp_path, problems):
    path = tmp_path / "export.json"
    path.write_text(json.dumps({"a": [GOOD] * 2, "b": [GOOD] * 3}))
    with pytest.raises(IngestError, match=r"several arrays of papers \('a' with 2, 'b' with 3\); "
                                          r"choose one with --map records=KEY"):
        list(read_papers([str(path)], fmt="json", strict=True))
    papers = list(read_papers([str(path)], fmt="json", mapping={"records": "b"}, on_problem=problems))
    assert len(papers) == 3


def test_hostile_column_mapping_for_csv_and_json(tmp_path, problems):
    csv_path = tmp_path / "p.csv"
    csv_path.write_text('key,titles,summaries\n2401.00001,First,"Fine. Abstract."\n')
    json_path = _jsonl(tmp_path / "p.jsonl", [{"key": "2401.00002", "name": "Second", "text": "Fine. Abstract."}])
    papers = list(read_papers([str(csv_path)], mapping={"title": "titles", "abstract": "summaries", "id": "key"},
                              on_problem=problems))
    papers += list(read_papers([json_path], mapping={"title": "name", "abstract": "text", "id": "key"},
                               on_problem=problems))
    assert [(p.id, p.title) for p in papers] == [("arxiv:2401.00001", "First"), ("arxiv:2401.00002", "Second")]


# 5. Identity -------------------------------------------------------------------------------
def test_hostile_two_arxiv_ids_with_one_title_are_two_papers(tmp_path, problems):
    path = _jsonl(tmp_path / "in.jsonl", [_row(id="2401.00001"), _row(id="2401.00002")])
    assert [p.id for p in ingest([path], on_problem=problems).papers] == ["arxiv:2401.00001", "arxiv:2401.00002"]


def test_hostile_snapshot_date_is_the_first_version(tmp_path, problems):
    row = {"id": "2401.00009", "title": "T", "abstract": "A b. C d.", "update_date": "2025-03-01",
           "versions": [{"version": "v1", "created": "Mon, 8 Jan 2024 18:59:59 GMT"},
                        {"version": "v2", "created": "Tue, 4 Mar 2025 10:00:00 GMT"}]}
    path = _jsonl(tmp_path / "snap.jsonl", [row])
    (paper,) = read_papers([path], fmt="arxiv-snapshot", on_problem=problems)
    assert paper.date == "2024-01-08"


def test_hostile_same_paper_with_other_text_keeps_one_and_says_which(tmp_path, problems):
    path = _jsonl(tmp_path / "in.jsonl", [_row(), _row(abstract="A revised abstract. With more words in it.")])
    (paper,) = ingest([path], on_problem=problems).papers
    assert paper.abstract == GOOD["abstract"]
    assert problems.seen == [f"{path}:2: same paper as {path}:1 (arxiv:2401.00001) with other text; "
                             f"kept the text from {path}:1"]


# 8. LaTeX is kept as written -----------------------------------------------------------------
def test_hostile_latex_math_is_kept_accents_are_folded(tmp_path, problems):
    abstract = r"A bound of $\Omega\left(\sqrt{\kappa}\log \frac{1}{\epsilon}\right)$ by G\"{o}del. Done here."
    path = _jsonl(tmp_path / "in.jsonl", [_row(abstract=abstract)])
    (paper,) = read_papers([path], on_problem=problems)
    assert r"$\Omega\left(\sqrt{\kappa}\log \frac{1}{\epsilon}\right)$" in paper.abstract
    assert "Gödel" in paper.abstract
