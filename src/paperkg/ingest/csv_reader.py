"""Reader for CSV exports with ``title`` and ``abstract`` columns (others optional).

Damage is reported, never silently absorbed: a record with fewer or more fields than the
header is skipped with both counts; a quote that is never closed (the csv module would
swallow every later row into one field) is found by the record's odd number of quote
marks and reported with the lines it took; a byte-order mark never hides the first column
(``opener`` drops it). ``--map title=COLUMN`` names columns that are called otherwise.
"""
from __future__ import annotations

import csv
from collections.abc import Iterator

from paperkg.errors import IngestError
from paperkg.ingest.json_reader import Mapping, paper_from_object
from paperkg.ingest.opener import open_text
from paperkg.ingest.record import Report
from paperkg.model import Paper

csv.field_size_limit(1 << 24)  # a 1 MB abstract must be reported, not crash the reader


def _header_problem(header: list[str], mapping: Mapping | None) -> str | None:
    names = set(header) | {k for k, v in (mapping or {}).items() if v.lower() in header}
    if "title" in names and {"abstract", "summary"} & names:
        return None
    shown = ", ".join(header[:12]) + (", …" if len(header) > 12 else "")
    return (f"CSV needs 'title' and 'abstract' columns (found: {shown}); name yours with "
            "--map title=COLUMN --map abstract=COLUMN; file skipped")


def read_csv(path: str, report: Report, mapping: Mapping | None = None) -> Iterator[Paper]:
    with open_text(path) as fh:
        lines = fh.read().splitlines(keepends=True)
    reader = csv.DictReader(lines)
    header = [h.strip().lower() for h in (reader.fieldnames or [])]
    problem = _header_problem(header, mapping)
    if problem:
        report(IngestError(path, 1, problem))
        return
    reader.fieldnames = header
    low = {k: v.lower() for k, v in (mapping or {}).items()}
    start = reader.line_num + 1
    try:
        for row in reader:
            first, end = start, reader.line_num
            start = end + 1
            if end == len(lines) and end > first and "".join(lines[first - 1 : end]).count('"') % 2:
                report(IngestError(path, first, "unclosed quote: the record starting here runs to the end of the "
                                                f"file, taking {end - first} line(s) after it; skipped"))
                return
            if None in row or None in row.values():
                n = len(header) + len(row.get(None) or ()) - sum(v is None for v in row.values())
                report(IngestError(path, first, f"record has {n} fields, the header {len(header)}; skipped"))
                continue
            obj = {k: v for k, v in row.items() if k and v not in (None, "")}
            paper = paper_from_object(obj, path, first, report, low)
            if paper is not None:
                yield paper
    except csv.Error as e:
        report(IngestError(path, reader.line_num, f"malformed CSV ({e}); rest of file skipped"))
