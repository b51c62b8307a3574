"""Exports written in pieces by worker processes are the one writer's files, byte for byte."""
from __future__ import annotations

import contextlib
import os

import pytest

from paperkg import __version__
from paperkg.export import pieces
from paperkg.export.neo4j_csv import write_bundle
from paperkg.export.rdf import write_rdf
from paperkg.store import layout
from paperkg.streams import fork_pool


@pytest.mark.parametrize("size", [1, 4096, 1 << 30])
def test_slices_cover_the_records_in_order_each_from_a_record_start(stored, size):
    for kind, name in (("papers", layout.PAPERS), ("paper_edges", layout.PAPER_EDGES)):
        data = (stored / name).read_bytes()
        spans = layout.slices(str(stored), kind, size)
        assert spans[0][0] == 0 and spans[-1][1] == len(data)
        assert all(a[1] == b[0] and a[0] < a[1] for a, b in zip(spans, spans[1:]))
        assert all(data[a - 1 : a] == b"\n" for a, _ in spans[1:])
        read = [r for span in spans for r in getattr(layout.open_slice(str(stored), (kind,), span), kind)()]
        assert [r.to_dict() for r in read] == [r.to_dict() for r in layout.read_records(str(stored), kind)]
        if size == 1:  # a record per slice
            assert len(spans) == data.count(b"\n")


@pytest.mark.parametrize("straight", [True, False])
def test_pieces_from_two_workers_make_the_one_writers_files(stored, tmp_path, monkeypatch, straight):
    """``straight``: with the baton, pieces due when complete go straight into the output
    (the first always does), and the block hashes taken as the files grow are the manifest's."""
    from paperkg import store, streams
    from paperkg.export.baton import Baton

    monkeypatch.setattr(store, "BLOCK", 4096)
    appended = []
    append_file = streams.append_file
    monkeypatch.setattr(streams, "append_file", lambda dst, src, **kw: appended.append(dst) or append_file(dst, src, **kw))
    graph = layout.open_graph(str(stored), checked=False)
    one = tmp_path / "one"
    one.mkdir()
    marks: dict = {}
    want_triples = {ext: write_rdf(graph, str(one / f"graph.{ext}"), __version__, marks=marks.setdefault(ext, {}))
                    for ext in ("ttl", "nt")}
    write_rdf(graph, str(one / "graph.ttl.gz"), __version__)
    rows = write_bundle(graph, str(one / "neo4j"))

    plan = pieces.plan(str(stored), ["graph.ttl.gz", "graph.ttl", "graph.nt", "neo4j"], 8192)
    assert sum(p.output == "graph.ttl" and p.section == "edges" for job in plan for p in job) > 10  # many pieces
    assert any(len(job) == 3 for job in plan)  # a slice read once for the three outputs cut there
    baton, hashes = (Baton(["graph.ttl.gz", "graph.ttl", "graph.nt", "neo4j"]), store.BlockHashes(str(stored))) \
        if straight else (None, None)
    with baton.lent() if baton else contextlib.nullcontext(), fork_pool(2) as pool:
        triples, got_marks = pieces.write_pieces(str(stored), plan, __version__, True, pool, baton=baton,
                                                 hashes=hashes)
    for name in ("graph.ttl", "graph.nt"):
        count = sum(p.output == name for job in plan for p in job)
        copied = appended.count(str(stored / name))
        assert copied < count if straight else copied == count
    if straight:
        known = hashes.known()
        fresh = store.write_manifest(str(stored), "0", [], {})["files"]
        assert known["graph.ttl"][0]["blocks"] == fresh["graph.ttl"]["blocks"][:-1]
        assert store.write_manifest(str(stored), "0", [], {}, known=known)["files"] == fresh
        (stored / store.MANIFEST).unlink()

    for ext in ("ttl", "nt"):
        name = f"graph.{ext}"
        assert (stored / name).read_bytes() == (one / name).read_bytes()
        assert triples[name] == want_triples[ext]
        assert got_marks[name] == {"concepts_at": marks[ext]["concepts"], "paper_triples": marks[ext]["paper_triples"]}
    assert (stored / "graph.ttl.gz").read_bytes() == (one / "graph.ttl.gz").read_bytes()
    names = sorted(os.listdir(one / "neo4j"))
    assert sorted(os.listdir(stored / "neo4j")) == names  # no piece left behind
    assert all((stored / "neo4j" / n).read_bytes() == (one / "neo4j" / n).read_bytes() for n in names)
    assert triples["neo4j"] == sum(rows.values())
    assert not [n for n in os.listdir(stored) if n.startswith(".")]


def test_a_failing_piece_stops_the_writing(stored, monkeypatch):
    from paperkg.export import rdf

    def broken(*args, **kwargs):
        raise OSError("disk full")

    monkeypatch.setattr(rdf, "write_section", broken)
    plan = pieces.plan(str(stored), ["graph.ttl"], 8192)
    with fork_pool(2) as pool, pytest.raises(OSError, match="disk full"):
        pieces.write_pieces(str(stored), plan, __version__, True, pool)


def test_a_damaged_slice_names_its_file_and_bytes(stored):
    from paperkg.errors import BuildError

    path = stored / layout.PAPER_EDGES
    data = path.read_bytes()
    cut = data.index(b"\n", len(data) // 2) + 1  # a record starts here: break it
    path.write_bytes(data[:cut] + b"{oops" + data[cut + 5:])
    spans = layout.slices(str(stored), "paper_edges", 1 << 30)
    with pytest.raises(BuildError, match=rf"paper_edges.jsonl: invalid JSON between bytes 0 and {len(data)}"):
        list(layout.open_slice(str(stored), ("paper_edges",), spans[0]).paper_edges())
