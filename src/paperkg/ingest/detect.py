"""Which reader a file needs: by extension first, then by a look at its first bytes."""
from __future__ import annotations

import os
from collections.abc import Callable, Iterator

from paperkg.errors import IngestError
from paperkg.ingest.atom import read_atom
from paperkg.ingest.csv_reader import read_csv
from paperkg.ingest.hf_text import read_hf_text
from paperkg.ingest.json_reader import read_json_array, read_jsonl
from paperkg.ingest.opener import head, is_url
from paperkg.ingest.record import Report
from paperkg.ingest.snapshot import read_snapshot
from paperkg.model import Paper

Reader = Callable[[str, Report, dict[str, str] | None], Iterator[Paper]]

READERS: dict[str, Reader] = {
    "hf-text": read_hf_text,
    "jsonl": read_jsonl,
    "json": read_json_array,
    "arxiv-atom": read_atom,
    "arxiv-snapshot": read_snapshot,
    "csv": read_csv,
}
FORMATS = tuple(READERS)
SUFFIXES = (".txt", ".jsonl", ".ndjson", ".json", ".xml", ".atom", ".csv", ".gz")


def _whole_json(line: str) -> bool:
    """A JSON Lines file's first line is a whole value; a pretty-printed document's is not."""
    import json

    try:
        json.loads(line)
    except (ValueError, RecursionError):
        return len(line) >= 4096  # a first record longer than the sniffed head is cut, not broken
    return True


def detect_format(path: str) -> str:
    """Name of the reader for ``path``; raises IngestError when nothing fits."""
    name = path.lower().removesuffix(".gz")
    try:
        start = head(path).lstrip("\ufeff \t\r\n")
    except OSError as e:
        raise IngestError(path, None, f"cannot read file ({e.strerror})") from e
    if name.endswith((".xml", ".atom")) or start.startswith("<"):
        return "arxiv-atom"
    if name.endswith(".csv"):
        return "csv"
    if start.startswith("["):
        return "json"
    if start.startswith("{"):
        first = start.split("\n", 1)[0]
        if not _whole_json(first):
            return "json"  # a pretty-printed object, not one record a line
        return "arxiv-snapshot" if '"authors_parsed"' in first or '"update_date"' in first else "jsonl"
    if name.endswith(".txt"):
        return "hf-text"
    raise IngestError(path, None, "unknown input format (use --format)")


def expand_inputs(inputs: list[str]) -> list[str]:
    """Files named directly, plus every supported file under each directory (sorted). A
    path that does not exist is fatal: a typo must not turn into an empty build."""
    out: list[str] = []
    for item in inputs:
        if is_url(item):
            _require_url(item)
            out.append(item)
            continue
        if not os.path.lexists(item):
            raise IngestError(item, None, "no such file or directory")
        if os.path.isdir(item):
            for root, dirs, files in os.walk(item):
                dirs.sort()
                out.extend(os.path.join(root, f) for f in sorted(files)
                           if f.lower().endswith(SUFFIXES) and not f.startswith("."))
        else:
            out.append(item)
    return out


def _require_url(url: str) -> None:
    try:
        import fsspec

        fs, path = fsspec.core.url_to_fs(url)
        found = fs.isfile(path)
    except ImportError as e:
        raise IngestError(url, None, "reading URLs needs fsspec: pip install 'paperkg[dask]'") from e
    except Exception as e:  # fsspec's back ends raise their own errors (no credentials, unknown protocol, ...)
        raise IngestError(url, None, f"cannot open ({type(e).__name__}: {e})") from e
    if not found:
        raise IngestError(url, None, "no such file")
