"""The build directory: its manifest, how it is written, and how readers check it.

A build is written into a temporary directory beside OUT and swapped in only when
complete, so an interrupted or failed build never replaces a good one and never leaves a
half-written OUT. The manifest, ``OUT/build.json``, is written last: the paperkg version, the
inputs (path, size, sha256), the counts, and every file's size and sha256. Every command
that reads a build asks ``check`` first, which refuses a missing or inconsistent build with
one line. The manifest holds no time stamp, so the same input gives a byte-identical build.
"""
from __future__ import annotations

import contextlib
import glob
import hashlib
import json
import os
import shutil
import tempfile
from collections.abc import Iterable, Iterator

from paperkg.errors import BuildError

MANIFEST = "build.json"
_CHUNK = 1 << 20


def sha256(path: str) -> str:
    """Of a file, or of what an fsspec URL names."""
    from paperkg.ingest.opener import open_binary

    h = hashlib.sha256()
    with open_binary(path) as fh:
        while chunk := fh.read(_CHUNK):
            h.update(chunk)  # hashlib lets other threads run meanwhile: files hash side by side
    return h.hexdigest()


def _describe(paths: list[str]) -> list[dict]:
    """Size and sha256 of each path, several files at once (a big build writes tens of GB)."""
    from concurrent.futures import ThreadPoolExecutor

    def one(p: str) -> dict:
        from paperkg.ingest.opener import is_url

        if is_url(p):
            import fsspec

            fs, inner = fsspec.core.url_to_fs(p)
            size = fs.size(inner)
        else:
            size = os.path.getsize(p)
        return {"path": p, "bytes": size, "sha256": sha256(p)}

    with ThreadPoolExecutor(max(1, min(len(paths), os.cpu_count() or 1))) as pool:
        return list(pool.map(one, paths))


def _files(root: str) -> list[str]:
    out = []
    for dirpath, dirs, files in os.walk(root):
        dirs.sort()
        out += [os.path.relpath(os.path.join(dirpath, f), root) for f in sorted(files) if f != MANIFEST]
    return [p.replace(os.sep, "/") for p in out]


def _inputs(paths: Iterable[str]) -> list[dict]:
    from paperkg.ingest.detect import expand_inputs

    return _describe(expand_inputs(list(paths)))


def write_manifest(root: str, version: str, inputs: Iterable[str], counts: dict,
                   prior_inputs: Iterable[dict] = ()) -> dict:
    """``prior_inputs``: the inputs of the build an update started from (kept, in front)."""
    names = _files(root)
    described = _describe([os.path.join(root, f) for f in names])
    manifest = {
        "paperkg": version,
        "inputs": [*prior_inputs, *_inputs(inputs)],
        "counts": counts,
        "files": {f: {"bytes": d["bytes"], "sha256": d["sha256"]} for f, d in zip(names, described)},
    }
    with open(os.path.join(root, MANIFEST), "w", encoding="utf-8", newline="\n") as fh:
        json.dump(manifest, fh, indent=2, sort_keys=True)
        fh.write("\n")
    return manifest


def prepare(out: str) -> None:
    """Say at once when ``out`` cannot be a build: its parent cannot be made, or it is
    something that is not a paperkg build (a typo in -o must not delete someone's data)."""
    parent = os.path.dirname(os.path.abspath(out))
    try:
        os.makedirs(parent, exist_ok=True)
    except OSError as e:
        raise BuildError(f"{out}: cannot create the output directory ({e.strerror or e})") from e
    refuse_foreign(out)


def refuse_foreign(out: str) -> None:
    if os.path.lexists(out) and not os.path.isdir(out):
        raise BuildError(f"{out}: exists and is not a directory; choose another -o")
    # a build made before manifests existed (stats.json beside papers.jsonl) may be replaced too
    legacy = all(os.path.exists(os.path.join(out, f)) for f in ("stats.json", "papers.jsonl"))
    if os.path.isdir(out) and os.listdir(out) and not os.path.exists(os.path.join(out, MANIFEST)) and not legacy:
        raise BuildError(f"{out}: exists and is not a paperkg build (no {MANIFEST}); choose another -o")


@contextlib.contextmanager
def staged(out: str) -> Iterator[str]:
    """A temporary directory beside ``out`` to build into; on success it replaces ``out``,
    on any failure (or Ctrl-C) it is removed and ``out`` is left as it was."""
    out = os.path.normpath(out)
    refuse_foreign(out)
    parent = os.path.dirname(os.path.abspath(out))
    base = os.path.basename(os.path.abspath(out))
    try:
        os.makedirs(parent, exist_ok=True)
        for stale in glob.glob(os.path.join(parent, f".{base}.partial-*")):
            shutil.rmtree(stale, ignore_errors=True)  # left by a build that was killed
        tmp = tempfile.mkdtemp(prefix=f".{base}.partial-", dir=parent)
    except OSError as e:
        raise BuildError(f"{out}: cannot create the output directory ({e.strerror or e})") from e
    try:
        yield tmp
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    if os.path.isdir(out):
        old = tmp.replace(".partial-", ".old-")
        os.rename(out, old)
        os.rename(tmp, out)
        shutil.rmtree(old, ignore_errors=True)
    else:
        os.rename(tmp, out)


_CHECKED: dict[str, tuple[float, dict]] = {}


def check(out: str) -> dict:
    """The manifest of a complete, unchanged build, or ``BuildError`` with one clear line."""
    path = os.path.join(out, MANIFEST)
    try:
        stamp = os.stat(path).st_mtime_ns
    except OSError:
        if os.path.isdir(out):
            raise BuildError(f"{out}: not a complete paperkg build (no {MANIFEST}); "
                             f"run 'paperkg build INPUT... -o {out}'") from None
        raise BuildError(f"{out}: not found; run 'paperkg build INPUT... -o {out}' first") from None
    cached = _CHECKED.get(out)
    if cached and cached[0] == stamp:
        return cached[1]
    try:
        with open(path, encoding="utf-8") as fh:
            manifest = json.load(fh)
        files = manifest["files"]
    except (OSError, ValueError, KeyError, TypeError) as e:
        raise BuildError(f"{path}: unreadable manifest ({e}); rebuild with 'paperkg build … -o {out}'") from e
    for name, meta in sorted(files.items()):
        p = os.path.join(out, name)
        try:
            size = os.path.getsize(p)
        except OSError:
            raise BuildError(f"{p}: missing from the build; rebuild with 'paperkg build … -o {out}'") from None
        if size != meta["bytes"]:
            raise BuildError(f"{p}: {size} bytes where the manifest says {meta['bytes']}; the build is damaged "
                             f"or was changed: rebuild with 'paperkg build … -o {out}'")
    _CHECKED[out] = (stamp, manifest)
    return manifest


def verify(out: str) -> list[str]:
    """Every file's sha256 against the manifest (slow on big builds); the names that differ."""
    files = check(out)["files"]
    return [name for name, meta in sorted(files.items()) if sha256(os.path.join(out, name)) != meta["sha256"]]


def require(out: str, name: str) -> str:
    """The path of one file of a checked build."""
    check(out)
    path = os.path.join(out, name)
    if not os.path.exists(path):
        raise BuildError(f"{path}: not found; run 'paperkg build INPUT... -o {out}' first")
    return path
