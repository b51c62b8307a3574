"""Reader for the arXiv metadata snapshot (JSON Lines, plain or gzipped), streamed.

The public snapshot is several gigabytes, so it is read line by line and never held.
Fields: ``id``, ``title``, ``abstract``, ``authors_parsed`` ([last, first, suffix]),
``categories`` (space separated), ``versions``, ``update_date``, ``doi``. The date is the
first version's (when the paper appeared); ``update_date`` is only the last change and is
used when a record has no versions.
"""
from __future__ import annotations

from collections.abc import Iterator

from paperkg.errors import IngestError
from paperkg.ingest.json_reader import json_lines
from paperkg.ingest.record import Report, field_problem, make_paper
from paperkg.model import Paper


def _author(parts: list[str]) -> str:
    last, first = (parts + ["", ""])[:2]
    return f"{first} {last}".strip()


def _first_version_date(versions) -> str | None:
    """"Mon, 8 Jan 2024 18:59:59 GMT" of v1 → "2024-01-08"."""
    from email.utils import parsedate_to_datetime

    if not isinstance(versions, list) or not versions or not isinstance(versions[0], dict):
        return None
    created = versions[0].get("created")
    try:
        return parsedate_to_datetime(created).date().isoformat() if isinstance(created, str) else None
    except (TypeError, ValueError):
        return None


def read_snapshot(path: str, report: Report, mapping=None) -> Iterator[Paper]:
    for lineno, obj in json_lines(path, report):
        if not isinstance(obj, dict):
            report(IngestError(path, lineno, "expected a JSON object; skipped"))
            continue
        problem = field_problem(obj)
        if problem:
            report(IngestError(path, lineno, f"{problem}; skipped"))
            continue
        aid = str(obj.get("id") or "").strip()
        parsed = obj.get("authors_parsed")
        authors = [_author(a) for a in parsed if isinstance(a, list)] if isinstance(parsed, list) else []
        paper = make_paper(
            path, lineno, report,
            title=obj.get("title"), abstract=obj.get("abstract"),
            own_id=f"arxiv:{aid}" if aid else None,
            doi=obj.get("doi") if isinstance(obj.get("doi"), str) else None,
            url=f"https://arxiv.org/abs/{aid}" if aid else None,
            authors=authors, date=_first_version_date(obj.get("versions")) or obj.get("update_date"),
            categories=str(obj.get("categories") or "").split(),
        )
        if paper is not None:
            yield paper
