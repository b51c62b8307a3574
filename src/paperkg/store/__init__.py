"""The build directory: its manifest, how it is written, and how readers check it.

A build is written into a temporary directory beside OUT and swapped in only when
complete, so an interrupted or failed build never replaces a good one and never leaves a
half-written OUT. The manifest, ``OUT/build.json``, is written last: the paperkg version, the
inputs (path, size, sha256), the counts, and every file's size and sha256 (a sha256 per
64 MiB block for bigger files, so an update that appends hashes only what it wrote). Every
command that reads a build asks ``check`` first, which refuses a missing or inconsistent
build with one line, and first undoes an update that was killed part way (``inplace``). The
manifest holds no time stamp, so the same input gives a byte-identical build.
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


BLOCK = 64 << 20  # a big file is hashed in blocks: an update that appends rehashes only its last ones


def block_sha256(path: str, k: int) -> str:
    """sha256 of block ``k`` of a file."""
    h, left = hashlib.sha256(), BLOCK
    with open(path, "rb") as fh:
        fh.seek(k * BLOCK)
        while left and (chunk := fh.read(min(_CHUNK, left))):
            h.update(chunk)
            left -= len(chunk)
    return h.hexdigest()


def digest(meta: dict) -> str:
    """One sha256 naming a file's bytes: its own, or for a big file that of its block list."""
    if "sha256" in meta:
        return meta["sha256"]
    return hashlib.sha256("".join(meta["blocks"]).encode()).hexdigest()


def _describe(paths: list[str], known: dict[str, tuple[dict, int]] | None = None) -> list[dict]:
    """Size and hashes of each path, several files at once (a big build writes tens of GB):
    ``sha256`` for a file up to one ``BLOCK``, ``blocks`` for a bigger one. ``known``: path →
    (its entry in an earlier manifest, how many leading bytes are unchanged since), so an
    update hashes only what it wrote."""
    from concurrent.futures import ThreadPoolExecutor

    from paperkg.ingest.opener import is_url

    known, jobs, out = known or {}, [], []  # jobs: (entry, block or None); a file's blocks hash side by side
    for p in paths:
        if is_url(p):
            out.append(_input(p))
            continue
        size = os.path.getsize(p)
        entry = {"path": p, "bytes": size}
        if size <= BLOCK:
            jobs.append((entry, None))
        else:
            old, same = known.get(p, ({}, 0))
            keep = min(same, size) // BLOCK if "blocks" in old else 0
            entry["blocks"] = old.get("blocks", [])[:keep]
            jobs += [(entry, k) for k in range(keep, -(-size // BLOCK))]
        out.append(entry)

    def one(job: tuple[dict, int | None]) -> str:
        entry, k = job
        return sha256(entry["path"]) if k is None else block_sha256(entry["path"], k)

    with ThreadPoolExecutor(max(1, min(len(jobs), os.cpu_count() or 1))) as pool:
        for (entry, k), h in zip(jobs, pool.map(one, jobs)):  # in order: a file's blocks in turn
            if k is None:
                entry["sha256"] = h
            else:
                entry["blocks"].append(h)
    return out


class BlockHashes:
    """The sha256 of the whole ``BLOCK``s of a build's big files, hashed on a thread while
    the build writes on, the bytes still in the page cache; the manifest then hashes only
    what is left (``write_manifest``'s ``known``). At a million papers the build writes
    about 24 GB, and hashing it all at the end read most of it back from the disk."""

    def __init__(self, root: str) -> None:
        from concurrent.futures import ThreadPoolExecutor

        self.root, self._pool = root, ThreadPoolExecutor(1)
        self._blocks: dict[str, list] = {}

    def upto(self, name: str, end: int) -> None:
        """The file ``name`` (under the root) holds its final bytes up to ``end``."""
        got = self._blocks.setdefault(name, [])
        if len(got) * BLOCK > end:
            raise BuildError(f"{name}: hashed past {end} bytes, so written again after it was final; please report this")
        path = os.path.join(self.root, name)
        while (len(got) + 1) * BLOCK <= end:
            got.append(self._pool.submit(block_sha256, path, len(got)))

    def written(self) -> None:
        """Every file now under the root is final."""
        for name in _files(self.root):
            self.upto(name, os.path.getsize(os.path.join(self.root, name)))

    def __enter__(self) -> "BlockHashes":
        return self

    def __exit__(self, *exc) -> None:
        self._pool.shutdown(cancel_futures=True)  # a failed build does not wait for its hashes

    def known(self) -> dict[str, tuple[dict, int]]:
        """For ``write_manifest``: each file's block hashes and the bytes they cover."""
        self._pool.shutdown()
        return {name: ({"blocks": [f.result() for f in fs]}, len(fs) * BLOCK)
                for name, fs in self._blocks.items() if fs}


def _files(root: str) -> list[str]:
    out = []
    for dirpath, dirs, files in os.walk(root):
        dirs.sort()
        out += [os.path.relpath(os.path.join(dirpath, f), root) for f in sorted(files) if f != MANIFEST]
    return [p.replace(os.sep, "/") for p in out]


def _inputs(paths: Iterable[str]) -> list[dict]:
    from paperkg.ingest.detect import expand_inputs

    from concurrent.futures import ThreadPoolExecutor

    paths = expand_inputs(list(paths))
    with ThreadPoolExecutor(max(1, min(len(paths), os.cpu_count() or 1))) as pool:
        return list(pool.map(_input, paths))


def _input(p: str) -> dict:
    """An input's path, size and sha256 (its whole bytes, to compare with other copies)."""
    from paperkg.ingest.opener import is_url

    if is_url(p):
        import fsspec

        fs, inner = fsspec.core.url_to_fs(p)
        return {"path": p, "bytes": fs.size(inner), "sha256": sha256(p)}
    return {"path": p, "bytes": os.path.getsize(p), "sha256": sha256(p)}


def write_manifest(root: str, version: str, inputs: Iterable[str], counts: dict,
                   prior_inputs: Iterable[dict] = (), known: dict[str, tuple[dict, int]] | None = None) -> dict:
    """``prior_inputs``: the inputs of the build an update started from (kept, in front);
    ``known``: file name → (its old manifest entry, unchanged leading bytes), for files an
    update grew in place."""
    names = _files(root)
    described = _describe([os.path.join(root, f) for f in names],
                          {os.path.join(root, k): v for k, v in (known or {}).items()})
    manifest = {
        "paperkg": version,
        "inputs": [*prior_inputs, *_inputs(inputs)],
        "counts": counts,
        "files": {f: {k: v for k, v in d.items() if k != "path"} for f, d in zip(names, described)},
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
    from paperkg.store.inplace import recover

    if os.path.isdir(out) and recover(out):  # an update was killed part way: its changes are undone
        _CHECKED.pop(out, None)
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
    names = sorted(files)
    now = _describe([os.path.join(out, name) for name in names])  # the sizes agree (``check``): so do the forms
    return [name for name, meta in zip(names, now) if digest(meta) != digest(files[name])]


def require(out: str, name: str) -> str:
    """The path of one file of a checked build."""
    check(out)
    path = os.path.join(out, name)
    if not os.path.exists(path):
        raise BuildError(f"{path}: not found; run 'paperkg build INPUT... -o {out}' first")
    return path
