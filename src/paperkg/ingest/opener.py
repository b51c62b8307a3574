"""Opening input files as text, transparently decompressing ``.gz``."""
from __future__ import annotations

import gzip
from typing import IO


def open_text(path: str) -> IO[str]:
    if path.endswith(".gz"):
        return gzip.open(path, "rt", encoding="utf-8", errors="replace")
    return open(path, encoding="utf-8", errors="replace", newline="")


def head(path: str, size: int = 4096) -> str:
    """The first characters of a file (decompressed), for format sniffing."""
    with open_text(path) as fh:
        return fh.read(size)
