"""Cutting the input into parts: blocks of a big JSON Lines file read as the whole file
is, and parts read apart and folded give what one sequential read gives."""
from __future__ import annotations

import json
import pickle

import pytest

from paperkg.cluster.parts import count_lines, plan
from paperkg.ingest import ingest, ingest_parts, read_part, read_papers
from paperkg.ingest.opener import Block


def _listing(path, n=240):
    """Records with CRLF and LF endings, a blank line, broken JSON and a record without a
    title, a byte-order mark first, and duplicates of earlier records with other text."""
    lines = []
    for i in range(n):
        rec = {"id": f"2401.{i % 200:05d}", "title": f"Paper number {i % 200} on graphs",
               "abstract": f"We study problem {i} with a method. " * (1 + i % 7)}
        lines.append(json.dumps(rec) + ("\r\n" if i % 3 == 0 else "\n"))
        if i % 50 == 7:
            lines.append("{not json\n")
        if i % 60 == 11:
            lines.append("\n")
        if i % 70 == 13:
            lines.append(json.dumps({"id": "x", "abstract": "no title"}) + "\n")
    path.write_bytes(b"\xef\xbb\xbf" + "".join(lines).encode())
    return path


def _read(inputs):
    problems = []
    papers = list(read_papers(inputs, None, problems.append))
    return [(p.id, p.sources, p.abstract) for p in papers], [str(e) for e in problems]


def test_blocks_read_as_the_whole_file(tmp_path):
    path = _listing(tmp_path / "big.jsonl")
    parts = plan([str(path)], None, block_size=2000)
    assert len(parts) > 5 and all(isinstance(paths[0], Block) for paths, _ in parts)
    got_papers, got_problems = [], []
    for paths, fmt in parts:
        papers, problems = _read(paths)
        got_papers += papers
        got_problems += problems
    assert (got_papers, got_problems) == _read([str(path)])
    assert any(":9:" in p for p in got_problems)  # numbered in the whole file


def test_block_ends_at_line_starts_and_counts(tmp_path):
    path = tmp_path / "crlf.jsonl"
    path.write_bytes(b'{"a": 1}\r\n{"a": 2}\r{"a": 3}\n\n{"a": 4}\n')
    assert count_lines(str(path), 0, path.stat().st_size) == 5
    cuts = plan([str(path)], "jsonl", block_size=4)
    starts = [paths[0].start for paths, _ in cuts]
    assert all(path.read_bytes()[s - 1 : s] == b"\n" for s in starts[1:])
    block = cuts[1][0][0]
    assert pickle.loads(pickle.dumps(block)).first_line == block.first_line > 1


def test_small_and_compressed_files_are_one_part(tmp_path):
    import gzip

    small = _listing(tmp_path / "a.jsonl", n=5)
    packed = tmp_path / "b.jsonl.gz"
    packed.write_bytes(gzip.compress(_listing(tmp_path / "c.jsonl").read_bytes()))
    parts = plan([str(small), str(packed)], None, block_size=2000)
    assert [paths for paths, _ in parts] == [[str(small)], [str(packed)]]


def test_parts_fold_like_one_read(tmp_path):
    path = _listing(tmp_path / "big.jsonl")
    whole = ingest([str(path)])
    reads = [read_part(paths, str(tmp_path / f"spill-{k}"), fmt)
             for k, (paths, fmt) in enumerate(plan([str(path)], None, block_size=1500))]
    seen = []
    result, papers = ingest_parts(reads, str(tmp_path), seen.append)
    assert list(papers) == whole.papers
    assert (result.read, result.kept, result.merged, result.skipped, result.warnings) == (
        whole.read, whole.kept, whole.merged, whole.skipped, whole.warnings)
    assert [str(e) for e in seen] == [str(e) for e in whole.problems]
    assert not list(tmp_path.glob("spill-*"))  # the spills are gone once read


def test_a_strict_part_raises_the_record_error(tmp_path):
    from paperkg.errors import IngestError

    path = _listing(tmp_path / "big.jsonl")
    with pytest.raises(IngestError, match=r"big\.jsonl:9: invalid JSON"):
        read_part([str(path)], str(tmp_path / "spill"), None, strict=True)
    err = IngestError("p.jsonl", 3, "bad")
    assert str(pickle.loads(pickle.dumps(err))) == str(err)  # it crosses to the client intact


def test_snapshot_blocks(tmp_path):
    """The arXiv snapshot's own form is cut the same way (its 4.5 GB are the reason)."""
    path = tmp_path / "arxiv-metadata-oai-snapshot.json"
    with open(path, "w", encoding="utf-8") as fh:
        for i in range(300):
            fh.write(json.dumps({"id": f"2401.{i:05d}", "title": f"On topic {i}", "abstract": f"We study {i}. " * 5,
                                 "authors_parsed": [["Doe", "Jane", ""]], "categories": "cs.CL",
                                 "update_date": "2024-01-02"}) + "\n")
    parts = plan([str(path)], None, block_size=4000)
    assert len(parts) > 5 and {fmt for _, fmt in parts} == {"arxiv-snapshot"}
    got = [(p.id, p.sources, p.authors) for paths, fmt in parts for p in read_papers(paths, fmt)]
    assert got == [(p.id, p.sources, p.authors) for p in read_papers([str(path)])]
