"""Reader for CSV exports with ``title`` and ``abstract`` columns (others optional)."""
from __future__ import annotations

import csv
from collections.abc import Iterator

from paperkg.errors import IngestError
from paperkg.ingest.json_reader import paper_from_object
from paperkg.ingest.opener import open_text
from paperkg.ingest.record import Report
from paperkg.model import Paper

csv.field_size_limit(1 << 24)  # a 1 MB abstract must be reported, not crash the reader


def read_csv(path: str, report: Report) -> Iterator[Paper]:
    with open_text(path) as fh:
        reader = csv.DictReader(fh)
        header = [h.strip().lower() for h in (reader.fieldnames or [])]
        if "title" not in header or not ({"abstract", "summary"} & set(header)):
            report(IngestError(path, 1, "CSV needs 'title' and 'abstract' columns; file skipped"))
            return
        reader.fieldnames = header
        start = reader.line_num + 1
        try:
            for row in reader:
                obj = {k: v for k, v in row.items() if k and v not in (None, "")}
                paper = paper_from_object(obj, path, start, report)
                start = reader.line_num + 1
                if paper is not None:
                    yield paper
        except csv.Error as e:
            report(IngestError(path, reader.line_num, f"malformed CSV ({e}); rest of file skipped"))
