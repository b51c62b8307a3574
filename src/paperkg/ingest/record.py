"""Turning one raw input record into a validated ``Paper`` with a stable id."""
from __future__ import annotations

import hashlib
import re
from collections.abc import Callable, Iterable

from paperkg.errors import IngestError
from paperkg.ingest.clean import clean_text, control_characters
from paperkg.model import Paper
from paperkg.normalize import norm_key

MAX_ABSTRACT = 100_000  # characters; real abstracts stay under 5,000
MAX_TITLE = 2_000

# New-style (2401.01234, optional version) and old-style (hep-th/9901001, math.GT/0309136) ids.
_ARXIV_ID = re.compile(r"^(?:arxiv:)?(\d{4}\.\d{4,5}|[a-z-]+(?:\.[A-Za-z]{2})?/\d{7})(?:v\d+)?$", re.I)
_ARXIV_URL = re.compile(r"arxiv\.org/(?:abs|pdf|html)/(\d{4}\.\d{4,5}|[a-z-]+(?:\.[A-Za-z]{2})?/\d{7})", re.I)
_DOI = re.compile(r"^(?:doi:|https?://(?:dx\.)?doi\.org/)?(10\.\d{4,9}/\S+)$", re.I)


class IngestWarning(IngestError):
    """A problem that was repaired; the record is kept."""


Report = Callable[[IngestError], None]

_SURROGATE = re.compile("[\ud800-\udfff]")
# What each input field may be; anything else skips the record with a clear message.
_TEXT = (str,)
_ID = (str, int)
FIELD_TYPES: dict[str, tuple[tuple[type, ...], str]] = {
    "title": (_TEXT, "a string"), "abstract": (_TEXT, "a string"), "summary": (_TEXT, "a string"),
    "date": (_TEXT, "a string"), "published": (_TEXT, "a string"), "publishedAt": (_TEXT, "a string"),
    "update_date": (_TEXT, "a string"), "url": (_TEXT, "a string"), "doi": (_TEXT, "a string"),
    "id": (_ID, "a string or a number"), "authors": ((str, list), "a string or a list of strings"),
    "categories": ((str, list), "a string or a list of strings"),
}


def field_problem(obj: dict) -> str | None:
    """Why a raw record cannot be read, or None: a field of the wrong type, a list of the
    wrong things, or a lone surrogate (text no UTF-8 writer can write)."""
    for key, value in obj.items():
        spec = FIELD_TYPES.get(key)
        if spec is not None and value is not None and not (isinstance(value, spec[0]) and not isinstance(value, bool)):
            return f"field {key!r} must be {spec[1]}, got {type(value).__name__}"
        if key in ("authors", "categories") and isinstance(value, list) and not all(
                isinstance(v, str) or isinstance(v, dict) and isinstance(v.get("name"), str) for v in value):
            return f"field {key!r} must be {spec[1]}, got a list of other things"
    for key in ("title", "abstract", "summary"):
        value = obj.get(key)
        m = _SURROGATE.search(value) if isinstance(value, str) else None
        if m:
            return f"lone surrogate in {key} (U+{ord(m.group()):04X})"
    return None


def arxiv_id(*candidates: str | None) -> str | None:
    """The version-less arXiv id found in any candidate id or URL, else None."""
    for c in candidates:
        if not c:
            continue
        c = c.strip()
        m = _ARXIV_ID.match(c) or _ARXIV_URL.search(c)
        if m:
            return m.group(1)
    return None


def paper_id(*, arxiv: str | None, doi: str | None, own_id: str | None, title: str) -> str:
    """Stable id by precedence: arXiv id, DOI, the input's own id, hash of the title."""
    if arxiv:
        return f"arxiv:{arxiv}"
    if doi:
        m = _DOI.match(doi.strip())
        if m:
            return f"doi:{m.group(1).lower()}"
    if own_id and own_id.strip():
        return own_id.strip()
    return "title:" + hashlib.sha1(norm_key(title).encode()).hexdigest()[:16]


def make_paper(
    path: str,
    line: int,
    report: Report,
    *,
    title: str | None,
    abstract: str | None,
    own_id: str | None = None,
    doi: str | None = None,
    url: str | None = None,
    authors: Iterable[str] = (),
    date: str | None = None,
    categories: Iterable[str] = (),
    code_url: str | None = None,
) -> Paper | None:
    """Validate and clean one record; report and return None when it must be skipped."""
    title = title if isinstance(title, str) else None
    abstract = abstract if isinstance(abstract, str) else None
    authors = [a for a in authors if isinstance(a, str)]
    for text in (title or "", abstract or "", *authors):
        m = _SURROGATE.search(text)
        if m:
            report(IngestError(path, line, f"lone surrogate in text (U+{ord(m.group()):04X}); skipped"))
            return None
    if not title or not title.strip():
        report(IngestError(path, line, "record has no title; skipped"))
        return None
    if not abstract or not abstract.strip():
        report(IngestError(path, line, "record has no abstract; skipped"))
        return None
    if len(abstract) > MAX_ABSTRACT:
        report(IngestError(path, line, f"abstract is {len(abstract):,} characters (limit {MAX_ABSTRACT:,}); skipped"))
        return None
    if len(title) > MAX_TITLE:
        report(IngestError(path, line, f"title is {len(title):,} characters (limit {MAX_TITLE:,}); skipped"))
        return None
    bad = control_characters(title + abstract)
    if bad:
        report(IngestWarning(path, line, f"control character(s) {', '.join(bad)} replaced by spaces"))
    title_c, abstract_c = clean_text(title), clean_text(abstract)
    pid = paper_id(arxiv=arxiv_id(own_id, url), doi=doi, own_id=own_id, title=title_c)
    return Paper(
        id=pid,
        title=title_c,
        abstract=abstract_c,
        authors=tuple(clean_text(a) for a in authors if a and a.strip()),
        date=date or None,
        url=url or None,
        categories=tuple(categories),
        sources=(f"{path}:{line}",),
        code_url=code_url or None,
    )
