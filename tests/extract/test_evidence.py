"""The one function that decides a type from weighted evidence."""
from __future__ import annotations

from paperkg.extract.evidence import decide, decode, encode, is_strong
from paperkg.extract.resources import load_typing


def test_evidence_heaviest_type_wins_and_gazetteer_beats_context():
    assert decide([("gazetteer", "method"), ("data_cue", "dataset")])[0] == "method"
    assert decide([("default", "method"), ("appositive", "benchmark")])[0] == "benchmark"
    assert decide([]) == ("method", 0.0)


def test_evidence_datasets_and_benchmarks_compete_together_then_specific_evidence_picks():
    w = load_typing().weights
    # data as a whole outweighs the shape's method vote only when summed
    ev = [("shape", "method"), ("data_cue", "dataset"), ("list_mates", "benchmark")]
    assert w["data_cue"] + w["list_mates"] > w["shape"]
    assert decide(ev)[0] in ("dataset", "benchmark")
    # "experiments on X" says data; the -Bench form says which kind
    assert decide([("data_cue", "dataset"), ("shape", "benchmark")])[0] == "benchmark"


def test_evidence_strength_and_round_trip():
    assert is_strong([("head_noun", "dataset")]) and not is_strong([("default", "method")])
    pieces = [("shape", "benchmark"), ("gazetteer", "dataset"), ("shape", "benchmark")]
    assert encode(pieces) == ("gazetteer:dataset", "shape:benchmark")
    assert decode(encode(pieces)) == [("gazetteer", "dataset"), ("shape", "benchmark")]
