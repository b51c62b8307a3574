"""Inputs named by fsspec URLs read as the files behind them (here ``file://``, which
needs no credentials; ``s3://`` and the rest go through the same code)."""
from __future__ import annotations

import gzip
import json

import pytest

from paperkg.errors import IngestError
from paperkg.ingest import read_papers

pytest.importorskip("fsspec", reason="fsspec comes with the dask extra")


def _write(path, n=30):
    text = "".join(json.dumps({"id": f"2401.{i:05d}", "title": f"Title {i}", "abstract": f"Abstract {i}."}) + "\n"
                   for i in range(n))
    path.write_bytes(gzip.compress(text.encode()) if path.suffix == ".gz" else text.encode())
    return path


@pytest.mark.parametrize("name", ["a.jsonl", "a.jsonl.gz"])
def test_url_reads_like_the_path(tmp_path, name):
    path = _write(tmp_path / name)
    by_path = list(read_papers([str(path)]))
    by_url = list(read_papers([f"file://{path}"]))
    assert [(p.id, p.title, p.abstract) for p in by_url] == [(p.id, p.title, p.abstract) for p in by_path]
    assert by_url[3].sources == (f"file://{path}:4",)


def test_missing_url_is_named(tmp_path):
    with pytest.raises(IngestError, match=r"file://.*nothere\.jsonl: no such file"):
        list(read_papers([f"file://{tmp_path}/nothere.jsonl"]))


def test_url_blocks(tmp_path):
    from paperkg.cluster.parts import plan

    path = _write(tmp_path / "big.jsonl", n=400)
    url = f"file://{path}"
    parts = plan([url], None, block_size=3000)
    assert len(parts) > 3
    got = [p.sources for paths, fmt in parts for p in read_papers(paths, fmt)]
    assert got == [p.sources for p in read_papers([url])]


def test_build_from_a_url_records_it_in_the_manifest(tmp_path):
    import hashlib

    from paperkg.build import build

    path = _write(tmp_path / "a.jsonl")
    out = tmp_path / "out"
    build([f"file://{path}"], str(out))
    manifest = json.loads((out / "build.json").read_text())
    assert manifest["inputs"] == [{"path": f"file://{path}", "bytes": path.stat().st_size,
                                   "sha256": hashlib.sha256(path.read_bytes()).hexdigest()}]
    assert manifest["counts"]["papers"] == 30
