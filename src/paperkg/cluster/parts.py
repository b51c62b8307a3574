"""Cutting a run's input into parts that workers read side by side.

A file is one part, except a big uncompressed JSON Lines file (the arXiv snapshot is
4.5 GB), which is cut into blocks of about ``block_size`` bytes at line starts. A block
must know the number of its first line, so that messages and sources say ``path:line`` of
the whole file: the lines before each block are counted first, by the workers too.
"""
from __future__ import annotations

from collections.abc import Callable, Sequence

from paperkg.errors import IngestError
from paperkg.ingest.detect import detect_format, expand_inputs
from paperkg.ingest.opener import Block, open_binary

SPLIT = ("jsonl", "arxiv-snapshot")  # formats of one record a line
BLOCK_SIZE = 64 << 20


def file_size(path: str) -> int:
    with open_binary(path) as fh:
        return fh.seek(0, 2)


def line_starts(path: str, size: int, block_size: int) -> list[int]:
    """Byte offsets cutting the file into blocks of about ``block_size``: each at the start
    of a line, from 0 to ``size``."""
    cuts = [0]
    with open_binary(path) as fh:
        at = block_size
        while at < size:
            fh.seek(at - 1)
            while True:  # the first line start at or after ``at``
                chunk = fh.read(1 << 16)
                nl = chunk.find(b"\n")
                if nl >= 0 or not chunk:
                    break
            cut = fh.tell() - len(chunk) + nl + 1 if chunk else size
            if cut >= size:
                break
            cuts.append(cut)
            at = max(cut, at) + block_size
    cuts.append(size)
    return cuts


def count_lines(path: str, start: int, end: int) -> int:
    """Line ends in ``[start, end)``, counted as a text reader splits lines (``\\n``,
    ``\\r\\n`` and a lone ``\\r`` each end one): the lines of a block that ends at a line
    start, as every block but a file's last does."""
    n, last = 0, b""
    with open_binary(path) as fh:
        fh.seek(start)
        left = end - start
        while left > 0:
            chunk = fh.read(min(left, 1 << 22))
            if not chunk:
                break
            left -= len(chunk)
            n += chunk.count(b"\n") + chunk.count(b"\r") - chunk.count(b"\r\n")
            if last == b"\r" and chunk[:1] == b"\n":
                n -= 1  # a \r\n cut between two reads is one line end
            last = chunk[-1:]
    return n


def plan(inputs: Sequence[str], fmt: str | None, block_size: int = BLOCK_SIZE,
         count: Callable[[list[tuple[str, int, int]]], list[int]] | None = None) -> list[tuple[list[str], str | None]]:
    """The parts of a run's input, in input order: each a list of paths (a file, or a
    ``Block`` of one) and the format to read them with (``fmt``; a block's is found from
    its whole file). ``count`` counts the lines of many blocks at once (on the cluster);
    by default, here."""
    parts: list[tuple[list[str], str | None]] = []
    blocks: list[tuple[int, str, int, int]] = []  # (part, path, start, end)
    for path in expand_inputs(list(inputs)):
        try:
            name = fmt or detect_format(path)
            size = file_size(path)
        except (IngestError, OSError):
            parts.append(([path], fmt))  # the reader says what is wrong with it, as the local engine does
            continue
        if name not in SPLIT or path.lower().endswith(".gz") or size <= block_size:
            parts.append(([path], fmt))
            continue
        cuts = line_starts(path, size, block_size)
        for a, b in zip(cuts, cuts[1:]):
            blocks.append((len(parts), path, a, b))
            parts.append(([], name))
    if blocks:
        counted = (count or _count_here)([(p, a, b) for _, p, a, b in blocks])
        first, previous = 1, None
        for (k, path, a, b), n in zip(blocks, counted):
            if path != previous:
                first, previous = 1, path
            parts[k] = ([Block(path, a, b, first)], parts[k][1])
            first += n
    return parts


def _count_here(blocks: list[tuple[str, int, int]]) -> list[int]:
    return [count_lines(*b) for b in blocks]
