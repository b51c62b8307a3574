"""OUT as an fsspec URL: the build is uploaded with its manifest last (``file://`` here;
object stores go through the same calls)."""
from __future__ import annotations

import json

import pytest

from paths import SEEDS

pytest.importorskip("fsspec", reason="fsspec comes with the dask extra")


def _tree(root):
    """The build's files, as its manifest lists them (not the stores other tests may have
    made beside them), and the manifest."""
    names = [*json.loads((root / "build.json").read_text())["files"], "build.json"]
    return {name: (root / name).read_bytes() for name in names}


def test_build_to_a_url_uploads_the_same_build(seed_build, tmp_path):
    from paperkg.build import build

    out = tmp_path / "bucket" / "kg"
    result = build([str(SEEDS)], f"file://{out}", workers=2)
    assert _tree(out) == _tree(seed_build)
    assert result.out == f"file://{out}" and str(out) in result.summary and "paperkg-remote-" not in result.summary


def test_rebuild_over_a_url_removes_what_the_new_build_lacks(tmp_path):
    from paperkg.build import build

    src = tmp_path / "in.jsonl"
    src.write_text(json.dumps({"id": "2401.00001", "title": "FooNet for graphs", "abstract": "We propose FooNet."}) + "\n")
    out = tmp_path / "bucket" / "kg"
    build([str(src)], f"file://{out}", rdf=("ttl", "nt"))
    assert (out / "graph.nt").exists()
    build([str(src)], f"file://{out}")
    assert not (out / "graph.nt").exists() and (out / "graph.ttl").exists()
    assert set(json.loads((out / "build.json").read_text())["files"]) == {
        str(p.relative_to(out)) for p in out.rglob("*") if p.is_file() and p.name != "build.json"}


def test_a_url_holding_something_else_is_refused(tmp_path):
    from paperkg.build import build
    from paperkg.errors import BuildError

    out = tmp_path / "bucket" / "kg"
    out.mkdir(parents=True)
    (out / "thesis.tex").write_text("keep me")
    with pytest.raises(BuildError, match="is not a paperkg build"):
        build([str(SEEDS)], f"file://{out}")
    assert (out / "thesis.tex").read_text() == "keep me"
