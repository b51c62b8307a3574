"""Scoring extractions against a gold file, as defined in shared/eval/README.md.

Names compare by ``norm_key``. Per paper and category, each distinct predicted concept
(by normalised name) counts once: true positive if it matches a gold item of that
category, ignored if it matches an ``opt`` item, else a false positive; each gold item is
found or missed once. Micro-averaged over papers. ``proposed`` compares starred gold items
with predicted concepts whose role is proposed/introduced, and there ``opt`` shields nothing (a
claimed name that is not starred is a false positive); ``repos`` compares ``owner/name``
case-insensitively.
"""
from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from paperkg.errors import EvaluateError
from paperkg.kinds import CATEGORIES, CLAIM_ROLES, ENTITY_TYPES
from paperkg.model import Extraction, Paper
from paperkg.normalize import norm_key

# Gold keys are the plural of each type ("datasets"); categories come from the type table.
GOLD_KEYS = {cat: tuple(f"{t}s" for t in types) for cat, types in CATEGORIES.items()}
ROWS = (*CATEGORIES, "proposed", "repos")


@dataclass(frozen=True)
class GoldItem:
    text: str
    keys: frozenset[str]
    starred: bool


@dataclass(frozen=True)
class GoldPaper:
    id: str | None
    title: str
    abstract: str
    items: dict[str, tuple[GoldItem, ...]]
    opt: tuple[GoldItem, ...]
    repos: frozenset[str]


@dataclass
class Score:
    tp: int = 0
    fp: int = 0
    found: int = 0
    missed: int = 0

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0

    @property
    def recall(self) -> float:
        return self.found / (self.found + self.missed) if self.found + self.missed else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


@dataclass
class Report:
    scores: dict[str, Score]
    papers: int
    unmatched: list[str] = field(default_factory=list)
    errors: list[dict] = field(default_factory=list)  # misses and false positives, for rule work

    def to_dict(self) -> dict:
        return {
            "papers": self.papers,
            "unmatched": self.unmatched,
            "scores": {k: {"precision": round(s.precision, 4), "recall": round(s.recall, 4), "f1": round(s.f1, 4),
                           "tp": s.tp, "fp": s.fp, "found": s.found, "missed": s.missed}
                       for k, s in self.scores.items()},
        }

    def table(self) -> str:
        lines = [f"{'category':<10} {'P':>6} {'R':>6} {'F1':>6} {'TP':>5} {'FP':>5} {'FN':>5}"]
        for k, s in self.scores.items():
            lines.append(f"{k:<10} {s.precision:6.3f} {s.recall:6.3f} {s.f1:6.3f} {s.tp:5d} {s.fp:5d} {s.missed:5d}")
        lines.append(f"papers scored: {self.papers}" + (f", unmatched: {len(self.unmatched)}" if self.unmatched else ""))
        return "\n".join(lines)


def _item(text: str) -> GoldItem:
    starred = text.startswith("*")
    aliases = text.lstrip("*").split("|")
    return GoldItem(text, frozenset(k for k in (norm_key(a) for a in aliases) if k), starred)


def _repo(text: str) -> str:
    """Gold repos are ``owner/name``; some gold files give the full URL instead."""
    from paperkg.extract import canonical, classify

    if "://" in text or "." in text.split("/")[0]:
        _, repo = classify(canonical(text.rstrip(".,;")))
        if repo:
            return repo.lower()
    return text.lower()


def load_gold(path: str) -> list[GoldPaper]:
    out = []
    try:
        fh = open(path, encoding="utf-8")
    except OSError as e:
        raise EvaluateError(f"{path}: cannot read gold file ({e.strerror})") from e
    with fh:
        for lineno, line in enumerate(fh, 1):
            if not line.strip():
                continue
            try:
                row = json.loads(line)
            except json.JSONDecodeError as e:
                raise EvaluateError(f"{path}:{lineno}: invalid JSON ({e.msg})") from e
            if not isinstance(row, dict) or not (row.get("title") or row.get("id")):
                raise EvaluateError(f"{path}:{lineno}: gold paper needs an id or a title")
            items = {cat: tuple(_item(t) for k in keys for t in row.get(k, ())) for cat, keys in GOLD_KEYS.items()}
            out.append(GoldPaper(row.get("id"), row.get("title") or "", row.get("abstract", ""), items,
                                 tuple(_item(t) for t in row.get("opt", ())),
                                 frozenset(_repo(r) for r in row.get("repos", ()))))
    return out


def gold_papers(gold: Sequence[GoldPaper]) -> list[Paper]:
    """The gold file's own texts as papers, for running extraction on them."""
    from paperkg.ingest.clean import clean_text
    from paperkg.ingest.record import paper_id

    return [Paper(id=g.id or paper_id(arxiv=None, doi=None, own_id=None, title=clean_text(g.title)),
                  title=clean_text(g.title), abstract=clean_text(g.abstract)) for g in gold]


def _concepts(ex: Extraction, types: tuple[str, ...], roles: tuple[str, ...] | None = None) -> dict[str, set[str]]:
    out: dict[str, set[str]] = {}
    for m in ex.entities:
        if m.type in types and (roles is None or m.role in roles):
            keys = out.setdefault(norm_key(m.name), set())
            keys.update(k for k in (norm_key(x) for x in (m.name, m.surface, *m.aliases)) if k)
    return out


def _score_items(concepts: dict[str, set[str]], items: Iterable[GoldItem], opt: Iterable[GoldItem],
                 score: Score, errors: list[dict], cat: str, title: str) -> None:
    items, opt = list(items), list(opt)
    for name, keys in sorted(concepts.items()):
        if any(keys & g.keys for g in items):
            score.tp += 1
        elif any(keys & o.keys for o in opt):
            continue
        else:
            score.fp += 1
            errors.append({"title": title, "category": cat, "kind": "false positive", "name": name})
    for g in items:
        if any(keys & g.keys for keys in concepts.values()):
            score.found += 1
        else:
            score.missed += 1
            errors.append({"title": title, "category": cat, "kind": "missed", "name": g.text})


def score(gold: Sequence[GoldPaper], predictions: Iterable[Extraction]) -> Report:
    by_id: dict[str, Extraction] = {}
    by_title: dict[str, Extraction] = {}
    for ex in predictions:
        by_id[ex.id] = ex
        by_title[norm_key(ex.title)] = ex
    report = Report({k: Score() for k in ROWS}, papers=0)
    for g in gold:
        ex = by_id.get(g.id) if g.id else None
        ex = ex or by_title.get(norm_key(g.title))
        if ex is None:
            report.unmatched.append(g.id or g.title)
            continue
        report.papers += 1
        for cat, types in CATEGORIES.items():
            _score_items(_concepts(ex, types), g.items[cat], g.opt, report.scores[cat], report.errors, cat, g.title)
        starred = [i for items in g.items.values() for i in items if i.starred]
        # opt shields nothing here: a claim that matches no starred item is a false positive
        # (a starred opt item is a claim the gold accepts without requiring it)
        proposed = _concepts(ex, ENTITY_TYPES, tuple(CLAIM_ROLES))
        starred_opt = [o for o in g.opt if o.starred]
        _score_items(proposed, starred, starred_opt, report.scores["proposed"], report.errors, "proposed", g.title)
        predicted_repos = {l.repo.lower() for l in ex.links if l.repo and l.kind == "code"}
        s = report.scores["repos"]
        s.tp += len(predicted_repos & g.repos)
        s.fp += len(predicted_repos - g.repos)
        s.found += len(g.repos & predicted_repos)
        s.missed += len(g.repos - predicted_repos)
        for r in sorted(predicted_repos - g.repos):
            report.errors.append({"title": g.title, "category": "repos", "kind": "false positive", "name": r})
        for r in sorted(g.repos - predicted_repos):
            report.errors.append({"title": g.title, "category": "repos", "kind": "missed", "name": r})
    return report


def evaluate(gold_path: str, pred_path: str | None = None, workers: int = 1) -> Report:
    """Score ``pred_path`` (extractions.jsonl) against the gold file, or run extraction on
    the gold file's own titles and abstracts when no predictions are given."""
    gold = load_gold(gold_path)
    if pred_path:
        from paperkg.extract import load_extractions

        preds = load_extractions(pred_path)
    else:
        from paperkg.extract import extract_papers

        preds = extract_papers(gold_papers(gold), workers=workers)
    return score(gold, preds)
