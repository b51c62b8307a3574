"""Loading the extractor's data files, validated line by line.

Gazetteers (``gazetteers/*.jsonl``): one concept a line, ``{"id", "name", "type",
"aliases"}``; ``type`` is an entity type, or ``generic`` (field names and generic classes
such as "LLMs" or "reinforcement learning": never output, and they block shape rules), or
``ignore`` (organisations, software platforms: never output).

Patterns (``patterns/*.jsonl``): spaCy token-matcher patterns,
``{"id", "label", "pattern", "comment"}``; every pattern says what it catches.

Cue lists (``patterns/cues.json``): the words behind the role and typing decisions.
A broken line fails loudly with ``file:line: what is wrong``.
"""
from __future__ import annotations

import json
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from paperkg.errors import DataFileError
from paperkg.model import ENTITY_TYPES

GAZETTEER_TYPES = (*ENTITY_TYPES, "generic", "ignore")
SHAPE_LABELS = ("shape", "shape-caps", "shape-data", "shape-bench", "shape-model", "dataset-noun", "benchmark-noun")


@dataclass(frozen=True, slots=True)
class GazetteerEntry:
    id: str
    name: str
    type: str
    aliases: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class TokenPattern:
    id: str
    label: str
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
        if obj["type"] not in GAZETTEER_TYPES:
            raise DataFileError(path, lineno, f"unknown type {obj['type']!r}")
        if not isinstance(obj["name"], str) or not obj["name"].strip():
            raise DataFileError(path, lineno, "name must be a non-empty string")
        if not isinstance(obj["aliases"], list) or not all(isinstance(a, str) and a for a in obj["aliases"]):
            raise DataFileError(path, lineno, "aliases must be a list of non-empty strings")
        if obj["id"] in seen:
            raise DataFileError(path, lineno, f"duplicate id {obj['id']!r} (first at {seen[obj['id']]})")
        seen[obj["id"]] = f"{path}:{lineno}"
        out.append(GazetteerEntry(obj["id"], obj["name"], obj["type"], tuple(obj["aliases"])))
    return out


def parse_patterns(path: str, lines) -> list[TokenPattern]:
    """Validate token-pattern lines; spaCy's own pattern validator checks each pattern."""
    from spacy.matcher import Matcher
    from spacy.vocab import Vocab

    check = Matcher(Vocab(), validate=True)
    out: list[TokenPattern] = []
    for lineno, line in lines:
        obj = _json(path, lineno, line)
        _require(obj, {"id", "label", "pattern", "comment"}, path, lineno)
        if obj["label"] not in SHAPE_LABELS + ENTITY_TYPES:
            raise DataFileError(path, lineno, f"unknown label {obj['label']!r}")
        if not isinstance(obj["comment"], str) or not obj["comment"].strip():
            raise DataFileError(path, lineno, "every pattern needs a comment saying what it catches")
        try:
            check.add(obj["id"], [obj["pattern"]])
        except Exception as e:  # spaCy raises ValueError/MatchPatternError subclasses
            raise DataFileError(path, lineno, f"invalid token pattern: {str(e).strip().splitlines()[0]}") from e
        out.append(TokenPattern(obj["id"], obj["label"], tuple(obj["pattern"]), obj["comment"]))
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
def load_patterns() -> tuple[TokenPattern, ...]:
    pkg = "paperkg.extract.patterns"
    out: list[TokenPattern] = []
    for fname in _files(pkg, ".jsonl"):
        out += parse_patterns(*_file_lines(pkg, fname))
    return tuple(out)


@lru_cache(maxsize=1)
def load_cues() -> dict[str, frozenset[str]]:
    pkg = "paperkg.extract.patterns"
    path = f"{pkg.replace('.', '/')}/cues.json"
    data = json.loads(resources.files(pkg).joinpath("cues.json").read_text(encoding="utf-8"))
    out = {}
    for key, words in data.items():
        if key.startswith("_"):
            continue
        if not isinstance(words, list) or not all(isinstance(w, str) for w in words):
            raise DataFileError(path, 1, f"cue list {key!r} must be a list of strings")
        out[key] = frozenset(words)
    return out
