"""``build --update`` in place (``paperkg.update``): new papers added to a build without
reading it again, and its journal (``store.inplace``)."""
from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys

import pyoxigraph as ox
import pytest

from paperkg import store
from paperkg.build import build
from paperkg.ingest import ingest
from paperkg.store.changes import concept_changes, read_changes
from paths import SEEDS

pytestmark = pytest.mark.slow  # builds the seeds several times, to hold an update against a full build

DAYS = sorted(SEEDS.glob("*.txt"))
SAME_BYTES = ("papers.jsonl", "extractions.jsonl", "corpus.json", "concepts.jsonl", "paper_edges.jsonl",
              "code_edges.jsonl", "concept_edges.jsonl", "repositories.jsonl", "decisions.jsonl", "link.json")


def _halves(tmp_path):
    """The seed papers as two JSON Lines listings with no paper in both."""
    papers = ingest([str(d) for d in DAYS]).papers
    half = len(papers) * 2 // 3
    files = []
    for name, part in (("old.jsonl", papers[:half]), ("new.jsonl", papers[half:])):
        path = tmp_path / name
        path.write_text("".join(json.dumps({"id": p.id, "title": p.title, "abstract": p.abstract,
                                            "authors": list(p.authors), "url": p.url, "github": p.code_url}) + "\n"
                                for p in part), encoding="utf-8")
        files.append(path)
    return files


@pytest.fixture(scope="module")
def in_place(tmp_path_factory):
    root = tmp_path_factory.mktemp("in-place")
    old, new = _halves(root)
    build([str(old)], str(root / "daily"), workers=2, rdf=("ttl", "nt"))
    shutil.copytree(root / "daily", root / "before")
    step = build([str(new)], str(root / "daily"), update=True, workers=2, rdf=("ttl", "nt"))
    build([str(old), str(new)], str(root / "whole"), workers=2, rdf=("ttl", "nt"))
    return root / "daily", root / "whole", step


def _triples(path):
    fmt = ox.RdfFormat.TURTLE if str(path).endswith(".ttl") else ox.RdfFormat.N_TRIPLES
    return {str(t) for t in ox.parse(path=str(path), format=fmt)}


def test_in_place_update_has_the_records_rows_and_triples_of_a_full_build(in_place):
    daily, whole, step = in_place
    assert "(added in place)" in step.summary
    for name in SAME_BYTES:
        assert (daily / name).read_bytes() == (whole / name).read_bytes(), name
    for f in sorted((whole / "neo4j").iterdir()):
        assert (daily / "neo4j" / f.name).read_bytes() == f.read_bytes(), f.name
    for name in ("graph.ttl", "graph.nt"):
        assert _triples(daily / name) == _triples(whole / name), name
        # the concept section (the end of the file) is the full build's, byte for byte: the
        # Turtle one mostly copied from the build's, statement by statement
        at = [json.loads((d / "state" / "exports.json").read_text())["rdf"][name]["concepts_at"] for d in (daily, whole)]
        assert (daily / name).read_bytes()[at[0]:] == (whole / name).read_bytes()[at[1]:], name
    stats = [json.loads((d / "stats.json").read_text()) for d in (daily, whole)]
    assert [{k: v for k, v in s.items() if k != "rdf_bytes"} for s in stats[:1]] == \
           [{k: v for k, v in s.items() if k != "rdf_bytes"} for s in stats[1:]]
    assert store.verify(str(daily)) == []


def test_in_place_update_says_what_it_added(in_place):
    daily, _, _ = in_place
    changes = read_changes(str(daily))
    new = [json.loads(line)["id"] for line in (daily / "papers.jsonl").read_text().splitlines()]
    assert changes.papers["added"] == new[len(new) - len(changes.papers["added"]):]
    assert changes.papers["changed"] == [] and changes.concepts["added"] and changes.concepts["changed"]
    # the concepts it knew changed while writing them are those a comparison of the tables finds
    assert changes.concepts == concept_changes(str(daily.parent / "before"), str(daily))


def _jsonl(path, *records):
    path.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    return str(path)


def test_a_relisted_paper_gains_its_new_source_and_code_in_place(tmp_path):
    first = {"id": "arxiv:2501.00001", "title": "Probing retrieval", "authors": [],
             "abstract": "We propose QuillNet, a method for retrieval. We evaluate QuillNet on MS MARCO."}
    other = {"id": "arxiv:2501.00002", "title": "Another paper", "abstract": "We evaluate BM25 on MS MARCO."}
    day1 = _jsonl(tmp_path / "day1.jsonl", first, other)
    again = dict(first, authors=["A. Author"], github="https://github.com/example/quillnet")
    day2 = _jsonl(tmp_path / "day2.jsonl", again, {"id": "arxiv:2501.00003", "title": "A third paper",
                                                   "abstract": "We fine-tune BERT on SQuAD."})
    build([day1], str(tmp_path / "daily"))
    step = build([day2], str(tmp_path / "daily"), update=True)
    build([day1, day2], str(tmp_path / "whole"))
    assert "(added in place)" in step.summary and "papers +1 ~1 -0" in step.summary
    daily, whole = tmp_path / "daily", tmp_path / "whole"
    for name in SAME_BYTES:
        assert (daily / name).read_bytes() == (whole / name).read_bytes(), name
    for f in sorted((whole / "neo4j").iterdir()):
        assert (daily / "neo4j" / f.name).read_bytes() == f.read_bytes(), f.name
    assert _triples(daily / "graph.ttl") == _triples(whole / "graph.ttl")
    assert '"implemented_in"' in (daily / "concept_edges.jsonl").read_text()  # official code of the proposed method
    assert store.verify(str(daily)) == []


def test_a_stronger_id_or_a_moved_concept_takes_the_full_update(tmp_path):
    old = _jsonl(tmp_path / "old.jsonl", {"title": "Probing retrieval",
                                          "abstract": "We evaluate several retrievers on the QXRB benchmark."})
    build([old], str(tmp_path / "out"))
    arxiv = _jsonl(tmp_path / "arxiv.jsonl", {"id": "arxiv:2501.00001", "title": "Probing retrieval",
                                              "abstract": "We evaluate several retrievers on the QXRB benchmark."})
    assert "linked again: a new record gives title:" in build([arxiv], str(tmp_path / "out"), update=True).summary
    defines = _jsonl(tmp_path / "defines.jsonl", {
        "id": "arxiv:2501.00002", "title": "A new benchmark",
        "abstract": "We introduce the Quick Xylem Retrieval Benchmark (QXRB), a benchmark for retrieval."})
    summary = build([defines], str(tmp_path / "out"), update=True).summary
    assert "linked again: 1 concept name(s) of the build now resolve to another concept" in summary


_KILLED = """
import os, sys
from paperkg.store.inplace import InPlace
out = sys.argv[1]
with InPlace(out) as edits:
    edits.grow("papers.jsonl")
    with open(os.path.join(out, "papers.jsonl"), "a") as fh:
        fh.write("half a record")
    edits.cut("graph.ttl", 100)
    with open(os.path.join(out, "graph.ttl"), "a") as fh:
        fh.write("<a> <b> ")
    os._exit(9)
"""


def test_a_killed_update_is_undone_by_the_next_reader(tmp_path):
    out = tmp_path / "out"
    build([str(DAYS[0])], str(out))
    before = {n: (out / n).read_bytes() for n in ("papers.jsonl", "graph.ttl")}
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)}
    assert subprocess.run([sys.executable, "-c", _KILLED, str(out)], env=env).returncode == 9
    assert (out / "papers.jsonl").read_bytes() != before["papers.jsonl"]  # the update got that far
    store.check(str(out))  # finds the journal, nobody holding its lock: puts the files back
    assert {n: (out / n).read_bytes() for n in before} == before
    assert store.verify(str(out)) == [] and not (out / ".journal.json").exists()


def test_a_running_update_keeps_readers_out(tmp_path):
    from paperkg.errors import BuildError
    from paperkg.store.inplace import InPlace

    out = tmp_path / "out"
    build([str(DAYS[0])], str(out))
    with InPlace(str(out)) as edits:
        edits.grow("papers.jsonl")
        with pytest.raises(BuildError, match="an update of this build is running"):
            store.check(str(out))
    assert store.verify(str(out)) == []  # nothing was appended: undo leaves it whole
