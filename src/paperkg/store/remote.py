"""A build whose OUT is an fsspec URL (``s3://bucket/arxiv-kg``).

An object store has no directories to swap in whole, so the build is made in a local
directory (under ``$TMPDIR``: on a cluster, a directory every worker sees) and uploaded.
The manifest, which every command checks first, is what makes a build complete: the old
one is removed before anything is replaced, and the new one is uploaded last, so OUT never
looks complete while it is half-written. Files the old build had and the new one lacks are
removed.
"""
from __future__ import annotations

import contextlib
import os
import posixpath
import shutil
import tempfile
from collections.abc import Iterator

from paperkg.errors import BuildError


def _fs(out: str):
    try:
        import fsspec
    except ImportError as e:
        raise BuildError(f"{out}: writing to a URL needs fsspec: pip install 'paperkg[dask]'") from e
    try:
        return fsspec.core.url_to_fs(out)
    except Exception as e:  # an unknown protocol, a missing back end (s3fs, gcsfs, ...)
        raise BuildError(f"{out}: cannot write there ({type(e).__name__}: {e})") from e


@contextlib.contextmanager
def built_locally(out: str) -> Iterator[str]:
    """A local directory to build into; on success its files are uploaded to ``out``."""
    from paperkg.store import MANIFEST

    fs, root = _fs(out)
    if fs.exists(root) and fs.ls(root) and not fs.exists(f"{root}/{MANIFEST}"):
        raise BuildError(f"{out}: exists and is not a paperkg build (no {MANIFEST}); choose another -o")
    local = tempfile.mkdtemp(prefix="paperkg-remote-")
    try:
        yield os.path.join(local, "out")
        upload(os.path.join(local, "out"), fs, root)
    finally:
        shutil.rmtree(local, ignore_errors=True)


def upload(local: str, fs, root: str) -> None:
    from paperkg.store import MANIFEST, _files

    names = _files(local)
    old = f"{root}/{MANIFEST}"
    before = set()
    if fs.exists(old):
        fs.rm(old)  # from here on OUT is an incomplete build, and every command says so
        before = {p[len(root) + 1 :] for p in fs.find(root)}
    for parent in sorted({posixpath.dirname(f"{root}/{name}") for name in names}):
        fs.makedirs(parent, exist_ok=True)  # a file system needs them; an object store ignores this
    for name in names:
        fs.put_file(os.path.join(local, name), f"{root}/{name}")
    for name in sorted(before - set(names) - {MANIFEST}):
        fs.rm(f"{root}/{name}")
    fs.put_file(os.path.join(local, MANIFEST), old)
