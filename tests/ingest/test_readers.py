from __future__ import annotations

import gzip
import shutil

import pytest

from paperkg.errors import IngestError
from paperkg.ingest import ingest, read_papers
from paperkg.ingest.detect import detect_format


def _read(path, problems, fmt=None):
    return list(read_papers([str(path)], fmt=fmt, on_problem=problems))


def test_hf_text_drops_noise_pairs_titles_and_reports_dangling(fixtures, problems):
    papers = _read(fixtures / "ingest" / "listing.txt", problems)
    assert [p.title for p in papers] == [
        "Tiny-Bench: A Small Benchmark for Testing Readers",
        "Second Paper About TÜLU Accents",
    ]
    assert papers[1].abstract.startswith("This abstract mentions György and emphasised words in LaTeX")
    assert problems.seen == [
        "ingest/listing.txt:14: title 'Orphan Title With No Abstract' has no abstract; skipped"
    ]
    assert papers[0].sources == (str(fixtures / "ingest" / "listing.txt") + ":11",)
    assert papers[0].id.startswith("title:")


def test_hf_text_recovers_title_glued_to_subscribe(fixtures, problems):
    (paper,) = _read(fixtures / "ingest" / "glued.txt", problems)
    assert paper.title == "Glued Title Recovered From The Button"
    assert problems.seen == []


def test_jsonl_reader_ids_authors_and_errors(fixtures, problems):
    papers = _read(fixtures / "ingest" / "papers.jsonl", problems)
    assert [p.id for p in papers][0] == "arxiv:2401.01234"
    assert papers[0].authors == ("Ada Lovelace", "Alan Turing")
    assert papers[0].code_url == "https://github.com/example/repo"
    assert papers[1].abstract == "The summary key works too. Yes it does."
    assert problems.seen == [
        "ingest/papers.jsonl:3: invalid JSON (Expecting value at column 1); skipped",
        "ingest/papers.jsonl:4: record has no abstract; skipped",
    ]


def test_json_array_keeps_line_of_each_record_and_doi_id(fixtures, problems):
    papers = _read(fixtures / "ingest" / "array.json", problems)
    assert [p.id for p in papers][0] == "doi:10.1234/abc.5"
    assert [s.rsplit(":", 1)[1] for p in papers for s in p.sources] == ["2", "4"]


def test_hf_api_shape_is_unwrapped(fixtures, problems):
    (paper,) = _read(fixtures / "ingest" / "hf_api.json", problems)
    assert paper.id == "arxiv:2405.00001"
    assert paper.authors == ("Grace Hopper",)
    assert paper.abstract == "The API nests the paper. Authors are objects."


def test_atom_feed_parsed_and_doctype_entity_not_expanded(fixtures, problems):
    papers = _read(fixtures / "ingest" / "feed.xml", problems)
    assert [p.id for p in papers] == ["arxiv:2310.00002", "arxiv:hep-th/9901001"]
    first = papers[0]
    assert "EXPANDED-ENTITY-TEXT" not in first.title
    assert first.title == "Atom Entry Title"
    assert first.abstract == "An abstract from an Atom feed. It spans lines."
    assert first.categories == ("cs.CL", "cs.LG")
    assert first.date == "2023-10-01"
    assert problems.seen == ["ingest/feed.xml:10: entity reference &secret; not expanded (entities are disabled)"]


def test_atom_malformed_keeps_entries_before_the_break(fixtures, problems):
    papers = _read(fixtures / "ingest" / "broken.xml", problems)
    assert [p.title for p in papers] == ["Kept Before The Break"]
    assert problems.seen == ["ingest/broken.xml:10: malformed XML (mismatched tag); rest of file skipped"]


@pytest.mark.parametrize("compress", [False, True])
def test_arxiv_snapshot_plain_and_gzip(fixtures, problems, tmp_path, compress):
    src = fixtures / "ingest" / "snapshot.jsonl"
    path = tmp_path / ("snap.json.gz" if compress else "snap.json")
    if compress:
        with open(src, "rb") as a, gzip.open(path, "wb") as b:
            shutil.copyfileobj(a, b)
    else:
        shutil.copy(src, path)
    assert detect_format(str(path)) == "arxiv-snapshot"
    papers = _read(path, problems)
    assert [p.id for p in papers] == ["arxiv:0704.0001", "arxiv:0704.0002"]
    assert papers[0].authors == ("C. Balázs", "E. L. Berger")
    assert papers[0].abstract == "A fully differential calculation."
    assert papers[1].categories == ("math.CO", "cs.CG")


def test_csv_reader_reports_missing_abstract_with_its_line(fixtures, problems):
    papers = _read(fixtures / "ingest" / "papers.csv", problems)
    assert [p.title for p in papers] == ["CSV Paper One", "CSV Paper Three"]
    assert papers[0].id == "arxiv:2402.00011"
    assert papers[0].authors == ("A. Author", "B. Author")
    assert papers[1].abstract == "Multi line abstract. Still one record."
    assert problems.seen == ["ingest/papers.csv:3: record has no abstract; skipped"]


def test_strict_makes_first_problem_fatal(fixtures):
    with pytest.raises(IngestError, match=r"papers.jsonl:3: invalid JSON"):
        list(read_papers([str(fixtures / "ingest" / "papers.jsonl")], strict=True))


def test_format_override_and_unknown_format(tmp_path, problems):
    path = tmp_path / "listing.dat"
    path.write_text("Some Title\nAn abstract that is long enough. It has two sentences.\n")
    assert [p.title for p in read_papers([str(path)], fmt="hf-text")] == ["Some Title"]
    assert list(read_papers([str(path)], on_problem=problems)) == []
    assert problems.seen == [f"{path}: unknown input format (use --format)"]


def test_directory_argument_reads_every_supported_file(fixtures, problems):
    result = ingest([str(fixtures / "ingest")], on_problem=problems)
    assert result.kept == len({p.id for p in result.papers})
    assert result.read == result.kept + result.merged + result.skipped
    assert result.skipped == sum(1 for p in problems.seen if "skipped" in p and "not expanded" not in p)


def test_missing_input_path_is_fatal(tmp_path, problems):
    missing = tmp_path / "nope.jsonl"
    with pytest.raises(IngestError, match=f"^{missing}: no such file or directory$"):
        list(read_papers([str(missing)], on_problem=problems))

