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
from paperkg.ingest.record import Report, field_problem, make_paper
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


Mapping = dict[str, str]  # paperkg field -> the input's own key ("title" -> "titles")


def apply_mapping(obj: dict, mapping: Mapping | None) -> dict:
    """Rename the input's keys to paperkg's (``--map title=titles``)."""
    if not mapping:
        return obj
    out = dict(obj)
    for field_name, key in mapping.items():
        if field_name != "records" and key in obj:
            out[field_name] = obj[key]
    return out


def paper_from_object(obj: Any, path: str, line: int, report: Report, mapping: Mapping | None = None) -> Paper | None:
    if not isinstance(obj, dict):
        report(IngestError(path, line, f"expected a JSON object, got {type(obj).__name__}; skipped"))
        return None
    obj = apply_mapping(obj, mapping)
    if isinstance(obj.get("paper"), dict):
        outer, obj = obj, {**obj["paper"]}
        obj.setdefault("title", outer.get("title"))
        obj.setdefault("summary", outer.get("summary"))
    problem = field_problem(obj)
    if problem:
        report(IngestError(path, line, f"{problem}; skipped"))
        return None
    own = obj.get("id")
    own = str(own) if own is not None else None
    github = obj.get("github") or obj.get("githubRepo")
    return make_paper(
        path, line, report,
        title=obj.get("title"),
        abstract=obj.get("abstract") or obj.get("summary"),
        own_id=own,
        doi=obj.get("doi"),
        url=obj.get("url"),
        authors=_authors(obj.get("authors")),
        date=str(obj.get("date") or obj.get("published") or obj.get("publishedAt") or "") or None,
        categories=_categories(obj.get("categories")),
        code_url=github if isinstance(github, str) else None,
    )


def json_lines(path: str, report: Report) -> Iterator[tuple[int, Any]]:
    """``(line number, decoded value)`` for every non-blank line; invalid JSON is reported."""
    with open_text(path) as fh:
        for lineno, raw in enumerate(fh, getattr(path, "first_line", 1)):  # a Block starts further on
            if not raw.strip():
                continue
            try:
                yield lineno, json.loads(raw)
            except json.JSONDecodeError as e:
                report(IngestError(path, lineno, f"invalid JSON ({e.msg} at column {e.colno}); skipped"))
            except RecursionError:
                report(IngestError(path, lineno, "JSON nested too deeply; skipped"))


def read_jsonl(path: str, report: Report, mapping: Mapping | None = None) -> Iterator[Paper]:
    for lineno, obj in json_lines(path, report):
        paper = paper_from_object(obj, path, lineno, report, mapping)
        if paper is not None:
            yield paper


def _looks_like_papers(value: Any, mapping: Mapping | None) -> bool:
    keys = ("title", (mapping or {}).get("title", "title"))
    return isinstance(value, list) and bool(value) and all(isinstance(v, dict) for v in value[:20]) and any(
        any(k in v or isinstance(v.get("paper"), dict) for k in keys) for v in value[:20])


def _paper_array(text: str, path: str, mapping: Mapping | None) -> int:
    """Where the array of papers starts: the document itself, or the one array of paper
    objects inside a top-level object (``--map records=KEY`` names it when there are several)."""
    start = len(text) - len(text.lstrip())
    if text[start : start + 1] == "[":
        return start
    try:
        doc = json.loads(text)
    except json.JSONDecodeError as e:
        raise IngestError(path, e.lineno, f"invalid JSON ({e.msg} at column {e.colno}); file skipped") from e
    except RecursionError as e:
        raise IngestError(path, 1, "JSON nested too deeply; file skipped") from e
    if not isinstance(doc, dict):
        raise IngestError(path, 1, "expected a JSON array or an object holding one; file skipped")
    wanted = (mapping or {}).get("records")
    if wanted is not None:
        if not isinstance(doc.get(wanted), list):
            raise IngestError(path, 1, f"no array under key {wanted!r} (keys: {', '.join(map(repr, doc))})")
        key = wanted
    else:
        found = [k for k, v in doc.items() if _looks_like_papers(v, mapping)]
        if not found:
            raise IngestError(path, 1, "no array of paper objects found (each needs a 'title'; "
                                       "map other names with --map title=KEY)")
        if len(found) > 1:
            sizes = ", ".join(f"{k!r} with {len(doc[k])}" for k in found)
            raise IngestError(path, 1, f"several arrays of papers ({sizes}); choose one with --map records=KEY")
        key = found[0]
    # the array's position in the text: decode key by key at the top level until that key
    decoder, pos = json.JSONDecoder(), text.index("{", start) + 1
    while True:
        while text[pos] in " \t\r\n,":
            pos += 1
        name, pos = decoder.raw_decode(text, pos)
        pos = text.index(":", pos) + 1
        while text[pos] in " \t\r\n":
            pos += 1
        if name == key:
            return pos
        _, pos = decoder.raw_decode(text, pos)


def read_json_array(path: str, report: Report, mapping: Mapping | None = None) -> Iterator[Paper]:
    with open_text(path) as fh:
        text = fh.read()
    try:
        pos = _paper_array(text, path, mapping)
    except IngestError as e:
        report(e)
        return
    decoder = json.JSONDecoder()
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
        except RecursionError:
            report(IngestError(path, line, "JSON nested too deeply; rest of file skipped"))
            return
        paper = paper_from_object(obj, path, line, report, mapping)
        if paper is not None:
            yield paper
        pos = end
