"""Resolution again after an update (``paperkg.link.again``): the concepts an update's
mentions reach are made again, every other name keeps the build's id."""
from __future__ import annotations

import pickle

import pytest

from paperkg.link import Resolver
from paperkg.link.again import PENDING, IdMoved, resolve_again
from paperkg.model import Extraction, Mention


def _m(name, *, type="method", long_form=None, start=0):
    return Mention(type=type, name=name, surface=name, role="mentioned", field="abstract", start=start,
                   end=start + len(name), sentence=0, rule="test", confidence=0.9, long_form=long_form)


def _again(old, new):
    """(full resolution of old + new, resolution again of new over old's groups, the
    build's decisions, the ids of the concepts made again)."""
    before = Resolver()
    for ex in old:
        before.add(ex)
    saved = pickle.dumps(before.groups)  # what a build keeps, before resolving
    built = before.finish()
    resolver = Resolver(noting=True)
    resolver.groups = pickle.loads(saved)
    for ex in new:
        resolver.add(ex)
    whole = Resolver()
    for ex in (*old, *new):
        whole.add(ex)
    res, made = resolve_again(resolver, built.cid_of_key)
    return whole.finish(), res, built.decisions, made


def test_again_over_the_seeds_gives_the_full_resolution():
    from paperkg.extract import extract_papers
    from paperkg.ingest import ingest
    from paths import SEEDS

    extractions = extract_papers(ingest([str(SEEDS)]).papers)
    cut = len(extractions) * 3 // 4
    full, res, decisions, made = _again(extractions[:cut], extractions[cut:])
    assert res.partial and res.cid_of_key == full.cid_of_key
    assert made and len(made) < len(full.concepts)  # only what the new mentions reach
    assert {cid: full.concepts[cid] for cid in made} == res.concepts
    assert res.types() == {c.id: c.type for c in full.concepts.values()}
    kept = [d for d in decisions if d.concept not in made and d.rule not in PENDING]
    key = lambda d: (d.concept, d.alias, d.rule, d.reason)  # noqa: E731
    assert sorted(kept + res.decisions, key=key) == full.decisions
    assert any(d.rule in PENDING for d in full.decisions)  # the seeds have cross-group decisions


def test_again_merges_a_new_bare_use_into_the_build_definition():
    old = [Extraction("a", "A", (_m("QXRB", long_form="Quick Xylem Retrieval Benchmark"),)),
           Extraction("b", "B", (_m("ZQPNet"), _m("VolkovNet", start=10)))]
    new = [Extraction("c", "C", (_m("QXRB"), _m("ZQPNet", start=10)))]
    full, res, _, made = _again(old, new)
    assert res.cid_of_key == full.cid_of_key
    by_name = {c.name: c.id for c in full.concepts.values()}
    assert made == {by_name["QXRB"], by_name["ZQPNet"]}  # not VolkovNet: no new mention
    assert res.concepts == {cid: full.concepts[cid] for cid in made}
    assert "QXRB" in [d.alias for d in res.decisions if d.rule == "undefined-acronym"]
    assert [d for d in res.decisions if d.rule in PENDING] == [d for d in full.decisions if d.rule in PENDING]


def test_again_refuses_when_a_new_concept_takes_a_build_concept_id():
    # "Zorblax-Frames" (one word: no plural rule) and "Zorblax Frames" have two keys but one slug
    old = [Extraction("a", "A", (_m("Zorblax-Frames"),))]
    new = [Extraction("b", "B", (_m("ZBF", long_form="Zorblax Frames"),))]
    full, *_ = _again(old, [])
    assert full.cid_of_key[("name", "method", "zorblaxframes")] == "method:zorblax-frames"
    # a definition is resolved before any bare name: it takes the id, the build's name would move
    with pytest.raises(IdMoved):
        _again(old, new)
