"""Reader for JSON Lines and JSON arrays of paper objects.

Accepted keys: ``id``, ``title``, ``abstract`` or ``summary``, ``url``, ``date`` or
``published``/``publishedAt``, ``authors`` (strings or ``{"name": …}``), ``doi``,
``categories``, ``github``/``githubRepo``. The Hugging Face daily-papers API wraps each
paper as ``{"paper": {…}}``; the wrapper is unwrapped. Arrays are decoded one element at a
time so every record keeps the line it starts on.
"""
from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

from paperkg.errors import IngestError
from paperkg.ingest.opener import open_text
from paperkg.ingest.record import Report, make_paper
from paperkg.model import Paper


def _authors(value: Any) -> list[str]:
    if isinstance(value, str):
        return [a.strip() for a in value.split(",") if a.strip()]
    out = []
    for a in value or ():
        if isinstance(a, str):
            out.append(a)
        elif isinstance(a, dict) and isinstance(a.get("name"), str):
            out.append(a["name"])
    return out


def _categories(value: Any) -> list[str]:
    if isinstance(value, str):
        return value.split()
    return [c for c in value or () if isinstance(c, str)]


def paper_from_object(obj: Any, path: str, line: int, report: Report) -> Paper | None:
    if not isinstance(obj, dict):
        report(IngestError(path, line, f"expected a JSON object, got {type(obj).__name__}; skipped"))
        return None
    if isinstance(obj.get("paper"), dict):
        outer, obj = obj, {**obj["paper"]}
        obj.setdefault("title", outer.get("title"))
        obj.setdefault("summary", outer.get("summary"))
    own = obj.get("id")
    own = str(own) if own is not None else None
    github = obj.get("github") or obj.get("githubRepo")
    return make_paper(
        path, line, report,
        title=obj.get("title"),
        abstract=obj.get("abstract") or obj.get("summary"),
        own_id=own,
        doi=obj.get("doi") if isinstance(obj.get("doi"), str) else None,
        url=obj.get("url") if isinstance(obj.get("url"), str) else None,
        authors=_authors(obj.get("authors")),
        date=str(obj.get("date") or obj.get("published") or obj.get("publishedAt") or "") or None,
        categories=_categories(obj.get("categories")),
        code_url=github if isinstance(github, str) else None,
    )


def json_lines(path: str, report: Report) -> Iterator[tuple[int, Any]]:
    """``(line number, decoded value)`` for every non-blank line; invalid JSON is reported."""
    with open_text(path) as fh:
        for lineno, raw in enumerate(fh, 1):
            if not raw.strip():
                continue
            try:
                yield lineno, json.loads(raw)
            except json.JSONDecodeError as e:
                report(IngestError(path, lineno, f"invalid JSON ({e.msg} at column {e.colno}); skipped"))


def read_jsonl(path: str, report: Report) -> Iterator[Paper]:
    for lineno, obj in json_lines(path, report):
        paper = paper_from_object(obj, path, lineno, report)
        if paper is not None:
            yield paper


def read_json_array(path: str, report: Report) -> Iterator[Paper]:
    with open_text(path) as fh:
        text = fh.read()
    decoder = json.JSONDecoder()
    pos = text.find("[")
    if pos < 0:
        report(IngestError(path, 1, "expected a JSON array; file skipped"))
        return
    pos += 1
    line, counted = 1, 0
    while True:
        while pos < len(text) and text[pos] in " \t\r\n,":
            pos += 1
        if pos >= len(text):
            report(IngestError(path, text.count("\n", 0) + 1, "JSON array is not closed"))
            return
        if text[pos] == "]":
            return
        line += text.count("\n", counted, pos)
        counted = pos
        try:
            obj, end = decoder.raw_decode(text, pos)
        except json.JSONDecodeError as e:
            report(IngestError(path, e.lineno, f"invalid JSON ({e.msg} at column {e.colno}); rest of file skipped"))
            return
        paper = paper_from_object(obj, path, line, report)
        if paper is not None:
            yield paper
        pos = end
