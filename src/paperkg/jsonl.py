"""Deterministic JSON Lines I/O for the records written between stages."""
from __future__ import annotations

import json
import os
from collections.abc import Iterable, Iterator
from typing import Any

from paperkg.errors import BuildError


_ENCODER = json.JSONEncoder(ensure_ascii=False, separators=(",", ":"))  # made once: a build encodes millions


def dumps(obj: Any) -> str:
    """One compact, key-stable JSON line (non-ASCII kept readable)."""
    return _ENCODER.encode(obj)


def line_bytes(obj: Any) -> bytes:
    """``dumps`` as one UTF-8 line, newline included: what a JSON Lines file holds."""
    return (dumps(obj) + "\n").encode("utf-8")


def write_jsonl(rows: Iterable[dict[str, Any]], path: str) -> int:
    """Write rows to ``path`` (``-`` for stdout is the CLI's business); return the count."""
    os.makedirs(os.path.dirname(os.path.abspath(path)), exist_ok=True)
    n = 0
    with open(path, "w", encoding="utf-8", newline="\n") as fh:
        for row in rows:
            fh.write(dumps(row))
            fh.write("\n")
            n += 1
    return n


def read_jsonl(path: str) -> Iterator[dict[str, Any]]:
    if not os.path.exists(path):
        raise BuildError(f"{path}: file not found")
    with open(path, encoding="utf-8") as fh:
        for lineno, line in enumerate(fh, 1):
            if line.strip():
                try:
                    yield json.loads(line)
                except json.JSONDecodeError as e:
                    raise BuildError(f"{path}:{lineno}: invalid JSON ({e.msg})") from e
