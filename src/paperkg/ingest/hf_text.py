"""Reader for Hugging Face daily-papers listing dumps (text copied from the web page).

The page text is a title line followed by an abstract line, with page furniture in
between. Furniture lines are dropped; a title glued to the "Subscribe" button text is
recovered; a title that is followed by another title instead of an abstract is reported
as dangling rather than paired with the wrong text.
"""
from __future__ import annotations

import re
from collections.abc import Iterator

from paperkg.errors import IngestError
from paperkg.ingest.record import Report, make_paper
from paperkg.model import Paper

_NOISE = re.compile(
    r"^(?:new|subscribe|daily papers|byak and the research community"
    r"|get trending papers in your email inbox(?: once a day)?!?"
    r"|(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]* \d{1,2}(?:, \d{4})?)$",
    re.I,
)
_GLUED = re.compile(r"^Subscribe(?=[A-Z0-9\[\"'(])")


def is_noise(line: str) -> bool:
    return bool(_NOISE.match(line))


def looks_like_abstract(line: str) -> bool:
    """Abstracts are long prose; titles are short and rarely end in a full stop.

    Seen in the seed dumps: every title is under 250 characters, every abstract over 300.
    A short line still counts as an abstract when it ends a sentence and has two of them.
    """
    if len(line) > 300:
        return True
    return line.endswith((".", '."', ".)")) and (line.count(". ") >= 1 or len(line) > 150)


def read_hf_text(path: str, report: Report, mapping=None) -> Iterator[Paper]:
    pending: tuple[int, str] | None = None
    with open(path, encoding="utf-8-sig", errors="replace") as fh:
        for lineno, raw in enumerate(fh, 1):
            line = raw.strip()
            if not line or is_noise(line):
                continue
            line = _GLUED.sub("", line)
            if pending is None:
                if looks_like_abstract(line):
                    report(IngestError(path, lineno, "abstract without a title before it; skipped"))
                    continue
                pending = (lineno, line)
                continue
            if not looks_like_abstract(line):
                report(IngestError(path, pending[0], f"title {pending[1][:60]!r} has no abstract; skipped"))
                pending = (lineno, line)
                continue
            paper = make_paper(path, pending[0], report, title=pending[1], abstract=line)
            pending = None
            if paper is not None:
                yield paper
    if pending is not None:
        report(IngestError(path, pending[0], f"title {pending[1][:60]!r} has no abstract; skipped"))
