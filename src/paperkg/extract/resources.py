"""Loading the extractor's data files, validated line by line.

Gazetteers (``gazetteers/*.jsonl``): one concept a line, ``{"id", "name", "type",
"aliases"}``; ``type`` is an entity type, or ``generic`` (field names and generic classes
such as "LLMs" or "reinforcement learning": never output, and they block shape rules), or
``ignore`` (organisations, software platforms: never output).

Patterns (``patterns/*.jsonl``): spaCy token-matcher patterns,
``{"id", "kind", "type", "needs_support", "comment", "pattern"}``. What a match means is
in those fields, never in the spelling of the id: ``kind`` is ``shape`` (the tokens are a
name), ``noun`` (the last token is a type noun after the name, not part of it) or ``veto``
(never a name: units, formulas, sky designations, hardware); ``type`` is the entity type
the form itself says (``-Bench``, ``-7B``) or null; ``needs_support`` keeps a match only
when something else in the paper backs it (plain acronyms). Every pattern says what it
catches.

Cue lists (``patterns/cues.json``) hold the words behind role and typing decisions; every
list the rules read must be there (``REQUIRED_CUES``). Typing weights
(``patterns/typing.json``) say how much each kind of evidence counts.
A broken line fails loudly with ``file:line: what is wrong``.
"""
from __future__ import annotations

import json
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from paperkg.errors import DataFileError
from paperkg.kinds import ENTITY_TYPES

GAZETTEER_TYPES = (*ENTITY_TYPES, "generic", "ignore")
PATTERN_KINDS = ("shape", "noun", "veto")
REQUIRED_CUES = (
    "propose", "self", "name_cue", "novel", "clause_stop", "dataset_nouns", "benchmark_nouns", "method_nouns",
    "eval", "compare", "use", "method_heads", "data_heads", "task_heads", "metric_heads", "title_skip", "version",
    "list_open", "data_verbs", "our_nouns", "call_verbs", "not_entity_heads", "catalogues", "established", "task_nouns",
    "novel_strict", "hedges", "containers", "split_nouns", "split_kinds", "score_words", "phrase_stops",
    "eval_gerunds", "parts", "quantities", "plain_adjectives", "technique_nouns",
    "contribution_nouns",
)


@dataclass(frozen=True, slots=True)
class GazetteerEntry:
    id: str
    name: str
    type: str
    aliases: tuple[str, ...]
    source: str | None = None  # provenance of a generated entry (gazetteers/grow.py)


@dataclass(frozen=True, slots=True)
class TokenPattern:
    id: str
    kind: str  # one of PATTERN_KINDS
    type: str | None  # the entity type the form says, if any
    needs_support: bool
    pattern: tuple
    comment: str


def _json(path: str, lineno: int, line: str) -> dict:
    try:
        obj = json.loads(line)
    except json.JSONDecodeError as e:
        raise DataFileError(path, lineno, f"invalid JSON ({e.msg})") from e
    if not isinstance(obj, dict):
        raise DataFileError(path, lineno, "expected a JSON object")
    return obj


def _require(obj: dict, keys: set[str], path: str, lineno: int) -> None:
    missing = keys - set(obj)
    if missing:
        raise DataFileError(path, lineno, f"missing key(s) {sorted(missing)}")


def _files(package: str, suffix: str) -> list[str]:
    return sorted(p.name for p in resources.files(package).iterdir() if p.name.endswith(suffix))


def parse_gazetteer(path: str, lines, seen: dict[str, str] | None = None) -> list[GazetteerEntry]:
    """Validate gazetteer lines (``(lineno, text)`` pairs) of one file."""
    seen = {} if seen is None else seen
    out: list[GazetteerEntry] = []
    for lineno, line in lines:
        obj = _json(path, lineno, line)
        _require(obj, {"id", "name", "type", "aliases"}, path, lineno)
        if not isinstance(obj.get("source", ""), str):
            raise DataFileError(path, lineno, "source must be a string (where the name was read)")
        if obj["type"] not in GAZETTEER_TYPES:
            raise DataFileError(path, lineno, f"unknown type {obj['type']!r}")
        if not isinstance(obj["name"], str) or not obj["name"].strip():
            raise DataFileError(path, lineno, "name must be a non-empty string")
        if not isinstance(obj["aliases"], list) or not all(isinstance(a, str) and a for a in obj["aliases"]):
            raise DataFileError(path, lineno, "aliases must be a list of non-empty strings")
        if obj["id"] in seen:
            raise DataFileError(path, lineno, f"duplicate id {obj['id']!r} (first at {seen[obj['id']]})")
        seen[obj["id"]] = f"{path}:{lineno}"
        out.append(GazetteerEntry(obj["id"], obj["name"], obj["type"], tuple(obj["aliases"]), obj.get("source")))
    return out


def parse_patterns(path: str, lines) -> list[TokenPattern]:
    """Validate token-pattern lines; spaCy's own pattern validator checks each pattern."""
    from spacy.matcher import Matcher
    from spacy.vocab import Vocab

    check = Matcher(Vocab(), validate=True)
    out: list[TokenPattern] = []
    for lineno, line in lines:
        obj = _json(path, lineno, line)
        _require(obj, {"id", "kind", "type", "needs_support", "pattern", "comment"}, path, lineno)
        if obj["kind"] not in PATTERN_KINDS:
            raise DataFileError(path, lineno, f"unknown kind {obj['kind']!r} (one of {', '.join(PATTERN_KINDS)})")
        if obj["type"] is not None and obj["type"] not in ENTITY_TYPES:
            raise DataFileError(path, lineno, f"unknown type {obj['type']!r}")
        if not isinstance(obj["needs_support"], bool):
            raise DataFileError(path, lineno, "needs_support must be true or false")
        if not isinstance(obj["comment"], str) or not obj["comment"].strip():
            raise DataFileError(path, lineno, "every pattern needs a comment saying what it catches")
        try:
            check.add(obj["id"], [obj["pattern"]])
        except Exception as e:  # spaCy raises ValueError/MatchPatternError subclasses
            raise DataFileError(path, lineno, f"invalid token pattern: {str(e).strip().splitlines()[0]}") from e
        out.append(TokenPattern(obj["id"], obj["kind"], obj["type"], obj["needs_support"], tuple(obj["pattern"]),
                                obj["comment"]))
    return out


def _file_lines(package: str, name: str):
    path = f"{package.replace('.', '/')}/{name}"
    text = resources.files(package).joinpath(name).read_text(encoding="utf-8")
    return path, [(i, line) for i, line in enumerate(text.splitlines(), 1) if line.strip()]


@lru_cache(maxsize=1)
def load_gazetteers() -> tuple[GazetteerEntry, ...]:
    pkg = "paperkg.extract.gazetteers"
    seen: dict[str, str] = {}
    out: list[GazetteerEntry] = []
    for fname in _files(pkg, ".jsonl"):
        out += parse_gazetteer(*_file_lines(pkg, fname), seen=seen)
    return tuple(out)


@lru_cache(maxsize=1)
def load_ordinary() -> frozenset[str]:
    """Lower-case names that are ordinary words (``gazetteers/ordinary.txt``, made by
    ``gazetteers/grow.py``): never found by folding case."""
    text = resources.files("paperkg.extract.gazetteers").joinpath("ordinary.txt").read_text(encoding="utf-8")
    return frozenset(w.strip() for w in text.splitlines() if w.strip())


@lru_cache(maxsize=1)
def load_patterns() -> tuple[TokenPattern, ...]:
    pkg = "paperkg.extract.patterns"
    out: list[TokenPattern] = []
    for fname in _files(pkg, ".jsonl"):
        out += parse_patterns(*_file_lines(pkg, fname))
    return tuple(out)


@lru_cache(maxsize=1)
def patterns_by_id() -> dict[str, TokenPattern]:
    return {p.id: p for p in load_patterns()}


def parse_cues(path: str, data) -> dict[str, frozenset[str]]:
    """Validate the cue lists: every required list present, each a list of lower-case strings."""
    if not isinstance(data, dict):
        raise DataFileError(path, 1, "expected a JSON object of cue lists")
    missing = [k for k in REQUIRED_CUES if k not in data]
    if missing:
        raise DataFileError(path, 1, f"missing cue list(s) {missing}")
    out = {}
    for key, words in data.items():
        if key.startswith("_"):
            continue
        if not isinstance(words, list) or not all(isinstance(w, str) and w for w in words):
            raise DataFileError(path, 1, f"cue list {key!r} must be a list of non-empty strings")
        out[key] = frozenset(words)
    return out


def _package_json(name: str):
    pkg = "paperkg.extract.patterns"
    path = f"{pkg.replace('.', '/')}/{name}"
    try:
        return path, json.loads(resources.files(pkg).joinpath(name).read_text(encoding="utf-8"))
    except json.JSONDecodeError as e:
        raise DataFileError(path, e.lineno, f"invalid JSON ({e.msg})") from e


@lru_cache(maxsize=1)
def load_cues() -> dict[str, frozenset[str]]:
    return parse_cues(*_package_json("cues.json"))


@dataclass(frozen=True, slots=True)
class TypingWeights:
    weights: dict[str, float]  # evidence kind -> weight
    strong: float  # a type backed by at least this much needs no help from other papers


def parse_typing(path: str, data) -> TypingWeights:
    from paperkg.extract.evidence import EVIDENCE_KINDS

    if not isinstance(data, dict) or not isinstance(data.get("weights"), dict):
        raise DataFileError(path, 1, "expected {\"weights\": {kind: number}, \"strong\": number}")
    weights = data["weights"]
    unknown = set(weights) - set(EVIDENCE_KINDS)
    missing = set(EVIDENCE_KINDS) - set(weights)
    if unknown or missing:
        raise DataFileError(path, 1, f"evidence kinds: unknown {sorted(unknown)}, missing {sorted(missing)}")
    if not all(isinstance(v, (int, float)) and v >= 0 for v in weights.values()):
        raise DataFileError(path, 1, "weights must be non-negative numbers")
    if not isinstance(data.get("strong"), (int, float)):
        raise DataFileError(path, 1, "strong must be a number")
    return TypingWeights({k: float(v) for k, v in weights.items()}, float(data["strong"]))


@lru_cache(maxsize=1)
def load_typing() -> TypingWeights:
    return parse_typing(*_package_json("typing.json"))
