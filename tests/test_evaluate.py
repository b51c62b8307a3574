"""Scoring as the evaluation README defines it, on gold and predictions written here."""
from __future__ import annotations

import json

import pytest

from paperkg.errors import EvaluateError
from paperkg.evaluate import load_gold, score
from paperkg.model import Extraction, Link, Mention


def _gold(tmp_path, *rows):
    path = tmp_path / "gold.jsonl"
    path.write_text("".join(json.dumps(r) + "\n" for r in rows))
    return load_gold(str(path))


def _m(name, typ="method", role="mentioned", surface=None, aliases=()):
    return Mention(type=typ, name=name, surface=surface or name, role=role, field="abstract", start=0,
                   end=len(surface or name), sentence=0, rule="t", confidence=0.9, aliases=tuple(aliases))


def _ex(*mentions, links=(), id="p1", title="T"):
    return Extraction(id=id, title=title, entities=tuple(mentions), links=tuple(links))


def test_evaluate_names_match_after_normalisation_and_by_alias(tmp_path):
    gold = _gold(tmp_path, {"id": "p1", "title": "T", "methods": ["TÜLU 3", "DPO|Direct Preference Optimization"]})
    rep = score(gold, [_ex(_m("tulu-3"), _m("Direct Preference Optimization"))])
    s = rep.scores["methods"]
    assert (s.tp, s.fp, s.found, s.missed) == (2, 0, 2, 0)


def test_evaluate_each_concept_counts_once_and_opt_is_neutral(tmp_path):
    gold = _gold(tmp_path, {"id": "p1", "title": "T", "methods": ["PPO"], "opt": ["LLMs"]})
    rep = score(gold, [_ex(_m("PPO"), _m("PPO", surface="ppo"), _m("LLMs"), _m("FooNet"))])
    s = rep.scores["methods"]
    assert (s.tp, s.fp, s.found, s.missed) == (1, 1, 1, 0)
    assert s.precision == pytest.approx(0.5) and s.recall == 1.0 and s.f1 == pytest.approx(2 / 3)


def test_evaluate_data_scores_datasets_and_benchmarks_together(tmp_path):
    gold = _gold(tmp_path, {"id": "p1", "title": "T", "datasets": ["COCO"], "benchmarks": ["MT-Bench"]})
    rep = score(gold, [_ex(_m("COCO", "benchmark"), _m("MT-Bench", "dataset"), _m("COCO", "method"))])
    assert (rep.scores["data"].tp, rep.scores["data"].missed) == (2, 0)
    assert rep.scores["methods"].fp == 1  # the right name in the wrong category


def test_evaluate_proposed_counts_claims_and_opt_shields_none(tmp_path):
    gold = _gold(tmp_path, {"id": "p1", "title": "T", "methods": ["*FooNet", "PPO"], "opt": ["LLMs", "*BarSet"]})
    preds = [_ex(_m("FooNet", role="proposed"), _m("LLMs", role="proposed"), _m("PPO", role="proposed"),
                 _m("BarSet", "dataset", role="introduced"))]
    s = score(gold, preds).scores["proposed"]
    # FooNet is right; LLMs (in opt) and PPO (not starred) are false claims; BarSet is a starred opt item
    assert (s.tp, s.fp, s.found, s.missed) == (1, 2, 1, 0)


def test_evaluate_repos_compare_owner_name_case_insensitively(tmp_path):
    gold = _gold(tmp_path, {"id": "p1", "title": "T", "repos": ["Org/Repo", "https://github.com/a/b."]})
    link = lambda repo: Link(url=f"https://github.com/{repo}", kind="code", repo=repo, official=True,  # noqa: E731
                             field="abstract", start=0, end=5)
    s = score(gold, [_ex(links=[link("org/repo"), link("x/y")])]).scores["repos"]
    assert (s.tp, s.fp, s.found, s.missed) == (1, 1, 1, 1)


def test_evaluate_papers_match_by_id_then_title_and_unmatched_are_listed(tmp_path):
    gold = _gold(tmp_path, {"id": "p9", "title": "The Same Title!", "methods": ["PPO"]},
                 {"title": "Nowhere", "methods": ["DPO"]})
    rep = score(gold, [_ex(_m("PPO"), id="other", title="the same title")])
    assert rep.papers == 1 and rep.unmatched == ["Nowhere"]
    assert rep.scores["methods"].tp == 1


@pytest.mark.parametrize(
    "line, message",
    [("{oops", "gold.jsonl:1: invalid JSON"), ('{"methods": []}', "gold.jsonl:1: gold paper needs an id or a title")],
)
def test_evaluate_broken_gold_line_names_file_and_line(tmp_path, line, message):
    path = tmp_path / "gold.jsonl"
    path.write_text(line + "\n")
    with pytest.raises(EvaluateError, match=message):
        load_gold(str(path))
