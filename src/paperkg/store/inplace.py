"""Growing a build's big files in place, with an undo journal.

An update adds a day's papers to files that hold a million papers' worth of records;
copying them into the staged directory would cost more than the update itself. Instead
the staged directory holds hard links to OUT's big files, and the update appends to them
(after cutting off a tail it rewrites, such as the concept section of ``graph.ttl``).
Before the first byte changes, the journal (``OUT/.journal.json``, flushed to disk)
records each file's size and where its tail was cut, and the cut tail is saved beside it.
The update holds an exclusive lock on ``OUT/.journal.lock`` while it runs.

- On success the staged directory replaces OUT and the journal goes with the old one.
- On an error or Ctrl-C the files are put back at once.
- After a kill, the next command that checks OUT finds the journal with nobody holding
  the lock and puts the files back (``recover``), as SQLite does with a hot journal.

Only appends and cuts are journalled, so undoing is exact: cut each file to the point it
was cut at (or to its old size) and append the saved tail.
"""
from __future__ import annotations

import fcntl
import json
import os
import shutil

from paperkg.errors import BuildError

JOURNAL = ".journal.json"
LOCK = ".journal.lock"
TAILS = ".journal-tails"


class InPlace:
    """The in-place changes of one update of the build ``out`` (a context manager: undone
    on any exception)."""

    def __init__(self, out: str) -> None:
        self.out = out
        self.entries: dict[str, dict] = {}  # name → {"size": old size, "at": first changed byte, "tail": file}
        self._lock = None

    def __enter__(self) -> "InPlace":
        recover(self.out)
        self._lock = _lock(self.out, block=False)
        return self

    def __exit__(self, kind, *_) -> None:
        try:
            if kind is not None:
                self.undo()
        finally:
            if self._lock is not None:
                self._lock.close()
                self._lock = None

    def grow(self, name: str) -> str:
        """Say that ``name`` (a path relative to OUT) will be appended to; its path."""
        return self._note(name, None)

    def cut(self, name: str, at: int) -> str:
        """Save the bytes of ``name`` from ``at`` on, then truncate it there (to be
        appended to); its path."""
        return self._note(name, at)

    def tail(self, name: str) -> str | None:
        """Where the bytes cut off ``name`` are kept until the update ends (None: not cut)."""
        e = self.entries.get(name)
        return os.path.join(self.out, e["tail"]) if e and e["tail"] else None

    def changed_from(self, name: str) -> int | None:
        """The first byte of ``name`` this update changed (None: untouched)."""
        e = self.entries.get(name)
        return None if e is None else e["at"]

    def _note(self, name: str, at: int | None) -> str:
        path = os.path.join(self.out, name)
        if name in self.entries:
            raise BuildError(f"{path}: changed twice in one update; please report this")
        size = os.path.getsize(path)
        entry = {"size": size, "at": size if at is None else at, "tail": None}
        if at is not None and at < size:
            tails = os.path.join(self.out, TAILS)
            os.makedirs(tails, exist_ok=True)
            entry["tail"] = os.path.join(TAILS, name.replace("/", "__"))
            with open(path, "rb") as src, open(os.path.join(self.out, entry["tail"]), "wb") as dst:
                src.seek(at)
                shutil.copyfileobj(src, dst, 1 << 22)
                dst.flush()
                os.fsync(dst.fileno())
        self.entries[name] = entry
        _write_journal(self.out, self.entries)
        if entry["tail"]:
            os.truncate(path, at)
        return path

    def undo(self) -> None:
        _undo(self.out, self.entries)


def _write_journal(out: str, entries: dict) -> None:
    tmp = os.path.join(out, JOURNAL + ".tmp")
    with open(tmp, "w", encoding="utf-8") as fh:
        json.dump({"files": entries}, fh, sort_keys=True)
        fh.flush()
        os.fsync(fh.fileno())
    os.replace(tmp, os.path.join(out, JOURNAL))


def _undo(out: str, entries: dict) -> None:
    for name, e in sorted(entries.items()):
        path = os.path.join(out, name)
        if not os.path.exists(path):
            continue
        os.truncate(path, min(e["at"], os.path.getsize(path)))
        if e["tail"]:
            with open(os.path.join(out, e["tail"]), "rb") as src, open(path, "ab") as dst:
                shutil.copyfileobj(src, dst, 1 << 22)
        if os.path.getsize(path) != e["size"]:
            raise BuildError(f"{path}: could not be put back as it was before the update ({os.path.getsize(path)} "
                             f"bytes, not {e['size']}); rebuild with 'paperkg build … -o {out}'")
    for name in (JOURNAL,):
        p = os.path.join(out, name)
        if os.path.exists(p):
            os.remove(p)
    shutil.rmtree(os.path.join(out, TAILS), ignore_errors=True)


def _lock(out: str, block: bool):
    fh = open(os.path.join(out, LOCK), "a")
    try:
        fcntl.flock(fh, fcntl.LOCK_EX | (0 if block else fcntl.LOCK_NB))
    except BlockingIOError:
        fh.close()
        raise BuildError(f"{out}: an update of this build is running; wait for it to finish") from None
    return fh


def recover(out: str) -> bool:
    """Undo an update that was killed part way (its journal is there and nobody holds its
    lock); True if something was put back."""
    path = os.path.join(out, JOURNAL)
    if not os.path.exists(path):
        return False
    lock = _lock(out, block=False)
    try:
        if not os.path.exists(path):  # the update finished while we waited
            return False
        with open(path, encoding="utf-8") as fh:
            entries = json.load(fh)["files"]
        _undo(out, entries)
        return True
    finally:
        lock.close()
