from __future__ import annotations

import json

import pytest

from paperkg.ingest import ingest, read_papers
from paperkg.ingest.clean import clean_text
from paperkg.ingest.merge import Deduplicator
from paperkg.model import Paper
from paths import SEEDS


@pytest.mark.parametrize(
    "raw, cleaned",
    [
        ('T\\"ULU 3', "TÜLU 3"),
        ('Gy\\"{o}rgy', "György"),
        ("{\\'e}cole", "école"),
        ("\\c{c}a", "ça"),
        ("\\emph{Deep} \\textbf{\\textit{nets}}", "Deep nets"),
        ("50\\% of R\\&D", "50% of R&D"),
        ("  many \n\t spaces  ", "many spaces"),
        ("bell\x07char", "bell char"),
    ],
)
def test_clean_text(raw, cleaned):
    assert clean_text(raw) == cleaned
    assert clean_text(cleaned) == cleaned


def test_control_characters_are_reported_and_record_kept(tmp_path, problems):
    path = tmp_path / "c.jsonl"
    path.write_text(json.dumps({"title": "Bell\u0007 Title", "abstract": "An abstract. Two."}) + "\n")
    (paper,) = read_papers([str(path)], on_problem=problems)
    assert paper.title == "Bell Title"
    assert problems.seen == [f"{path}:1: control character(s) U+0007 replaced by spaces"]


def test_megabyte_abstract_is_skipped_others_kept(tmp_path, problems):
    path = tmp_path / "big.jsonl"
    rows = [{"title": "Huge", "abstract": "x" * 1_048_576}, {"title": "Small", "abstract": "Fine. Yes."}]
    path.write_text("\n".join(json.dumps(r) for r in rows) + "\n")
    result = ingest([str(path)], on_problem=problems)
    assert [p.title for p in result.papers] == ["Small"]
    assert problems.seen == [f"{path}:1: abstract is 1,048,576 characters (limit 100,000); skipped"]
    assert result.summary() == "read 2 records, kept 1 papers, skipped 1, merged 0 duplicates, 0 warnings"


@pytest.mark.parametrize("spill", [False, True])
def test_duplicates_merge_sources_and_prefer_arxiv_id(tmp_path, spill):
    records = [
        Paper(id="title:abc", title="Same Paper", abstract="a", sources=("a.txt:1",)),
        Paper(id="title:zzz", title="Another one", abstract="b", sources=("a.txt:2",)),
        Paper(id="arxiv:2401.00001", title="Same  paper!", abstract="longer abstract", sources=("b.jsonl:4",),
              authors=("X",)),
        Paper(id="arxiv:2401.00001", title="Renamed later", abstract="a", sources=("c.xml:9",)),
    ]
    dedup = Deduplicator()
    for r in records:
        dedup.add(r)
    scratch = str(tmp_path / "parked") if spill else None
    paper, other = dedup.merged_papers(lambda: iter(records), scratch)
    assert other == records[1]  # first-seen order: the merged paper keeps its first record's place
    assert paper.id == "arxiv:2401.00001"
    assert paper.sources == ("a.txt:1", "b.jsonl:4", "c.xml:9")
    assert (paper.title, paper.abstract) == ("Same Paper", "a")  # one version: the first seen
    assert paper.authors == ("X",)  # what the first lacks is filled in
    assert dedup.merged == 2


def test_seed_listings_give_534_records_and_484_unique_papers(problems):
    result = ingest([str(SEEDS)], on_problem=problems)
    assert result.read == 534
    assert result.kept == 484
    assert result.merged == 50
    assert problems.seen == []
    assert sum(len(p.sources) for p in result.papers) == 534
