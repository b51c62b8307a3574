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


class Block(str):
    """The path of a file, standing for one block of its lines: the bytes ``[start, end)``
    (both at line starts), whose first line is line ``first_line`` of the file. Readers of
    line formats see a file holding just those lines, numbered as in the whole file, and
    messages name the file; so one big file can be read as parts side by side."""

    start: int
    end: int
    first_line: int

    def __new__(cls, path: str, start: int, end: int, first_line: int) -> "Block":
        block = super().__new__(cls, path)
        block.start, block.end, block.first_line = start, end, first_line
        return block

    def __reduce__(self):
        return Block, (str(self), self.start, self.end, self.first_line)


def is_url(path: str) -> bool:
    """An fsspec URL (``s3://…``, ``file://…``), read through fsspec (installed with Dask)."""
    return "://" in path


def open_binary(path: str) -> IO[bytes]:
    if is_url(path):
        import fsspec

        return fsspec.open(str(path), "rb").open()
    return open(path, "rb")


def read_range(path: str, start: int, end: int) -> bytes:
    with open_binary(path) as fh:
        fh.seek(start)
        return fh.read(end - start)


def require_regular(path: str) -> None:
    """Refuse anything but a regular file, before opening it."""
    if is_url(path):
        return  # fsspec says what is wrong with a URL when it is opened
    try:
        mode = os.stat(path).st_mode
    except OSError as e:
        raise IngestError(path, None, f"cannot read file ({e.strerror or e})") from e
    if not stat.S_ISREG(mode):
        raise IngestError(path, None, "not a regular file; skipped")


def open_text(path: str) -> IO[str]:
    if isinstance(path, Block):
        import io

        data = read_range(path, path.start, path.end)
        return io.StringIO(data.decode("utf-8-sig" if path.start == 0 else "utf-8", errors="replace"), newline="")
    if is_url(path):
        import fsspec

        return fsspec.open(str(path), "rt", compression="gzip" if path.endswith(".gz") else None,
                           encoding="utf-8-sig", errors="replace", newline="").open()
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
