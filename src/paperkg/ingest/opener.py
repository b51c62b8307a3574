"""Opening input files as text, transparently decompressing ``.gz``.

Text is decoded as UTF-8 with a leading byte-order mark dropped (``utf-8-sig``), so a BOM
never hides a CSV's first column or a JSON Lines file's first record; undecodable bytes
become U+FFFD rather than stopping the read. Only regular files are opened: a FIFO or a
device would block or never end.
"""
from __future__ import annotations

import gzip
import os
import stat
import zlib
from typing import IO

from paperkg.errors import IngestError

# What a damaged compressed file raises part-way through (truncated stream, bad CRC, bad block)
DAMAGED = (EOFError, gzip.BadGzipFile, zlib.error)


def require_regular(path: str) -> None:
    """Refuse anything but a regular file, before opening it."""
    try:
        mode = os.stat(path).st_mode
    except OSError as e:
        raise IngestError(path, None, f"cannot read file ({e.strerror or e})") from e
    if not stat.S_ISREG(mode):
        raise IngestError(path, None, "not a regular file; skipped")


def open_text(path: str) -> IO[str]:
    if path.endswith(".gz"):
        return gzip.open(path, "rt", encoding="utf-8-sig", errors="replace", newline="")
    return open(path, encoding="utf-8-sig", errors="replace", newline="")


def head(path: str, size: int = 4096) -> str:
    """The first characters of a file (decompressed), for format sniffing."""
    with open_text(path) as fh:
        try:
            return fh.read(size)
        except DAMAGED:
            return ""
