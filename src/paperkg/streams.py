"""Helpers for streaming records between stages, and for the worker processes that do it."""
from __future__ import annotations

import contextlib
import pickle
from collections.abc import Callable, Iterable, Iterator
from typing import Any, BinaryIO, TypeVar

T = TypeVar("T")


def batched(items: Iterable[T], size: int) -> Iterator[list[T]]:
    """Lists of ``size`` items in order, the last one shorter (``itertools.batched`` from
    Python 3.12, which this project does not require)."""
    batch: list[T] = []
    for item in items:
        batch.append(item)
        if len(batch) == size:
            yield batch
            batch = []
    if batch:
        yield batch


def dump_batch(batch: list, fh: BinaryIO) -> None:
    """Append one batch to a spill file (read back in order by ``load_batches``)."""
    pickle.dump(batch, fh, protocol=pickle.HIGHEST_PROTOCOL)


def load_batches(path: str, span: tuple[int, int] | None = None) -> Iterator[list]:
    """The batches of a spill file, in the order they were dumped; ``span``: only those
    between these two byte offsets (offsets taken before ``dump_batch`` calls)."""
    with open(path, "rb") as fh:
        stop = None
        if span is not None:
            fh.seek(span[0])
            stop = span[1]
        while stop is None or fh.tell() < stop:
            try:
                yield pickle.load(fh)
            except EOFError:
                return


_DONE, _FAILED = (1 << 64) - 1, (1 << 64) - 2  # a feed's closing frame: written out, or its writer failed


def send_batch(batch: list, fh: BinaryIO) -> None:
    """Append one batch to a feed: a file another process reads while it grows
    (``follow_batches``). Each batch is one length-prefixed frame, flushed at once."""
    data = pickle.dumps(batch, protocol=pickle.HIGHEST_PROTOCOL)
    fh.write(len(data).to_bytes(8, "little") + data)
    fh.flush()


def close_feed(fh: BinaryIO, failed: bool = False) -> None:
    """The feed's last frame: its reader stops there, with an error if ``failed``."""
    fh.write((_FAILED if failed else _DONE).to_bytes(8, "little"))
    fh.flush()


@contextlib.contextmanager
def feed(path: str | None, every: int) -> Iterator[Callable[[Any], None] | None]:
    """Write a feed to ``path`` (None: no feed, and None is given): the function given
    takes one item at a time and sends a frame of every ``every`` items, the rest at the
    end, then the closing frame; marked failed if the block raises."""
    if path is None:
        yield None
        return
    with open(path, "wb") as fh:
        batch: list = []

        def add(item) -> None:
            batch.append(item)
            if len(batch) == every:
                send_batch(batch, fh)
                batch.clear()

        try:
            yield add
            send_batch(batch, fh)
        except BaseException:
            close_feed(fh, failed=True)
            raise
        close_feed(fh)


def read_frames(path: str, skip: int = 0, count: int | None = None) -> Iterator[list]:
    """The batches of a finished feed (``send_batch``'s frames): ``count`` of them (None:
    all) after the first ``skip``, which are passed over unread."""
    import os

    from paperkg.errors import BuildError

    with open(path, "rb") as fh:
        k = 0
        while count is None or k < skip + count:
            head = fh.read(8)
            n = int.from_bytes(head, "little") if len(head) == 8 else _FAILED
            if n == _DONE and count is None:
                return
            if n in (_DONE, _FAILED):
                raise BuildError(f"{path}: the feed ends before frame {skip + (count or 0)}, or its writer failed")
            if k < skip:
                fh.seek(n, os.SEEK_CUR)
            else:
                yield pickle.loads(fh.read(n))
            k += 1


def follow_batches(path: str, poll: float = 0.02) -> Iterator[list]:
    """The batches of a feed in order, as its writer (another process) appends them,
    waiting for more until its closing frame. Raises ``BuildError`` if the writer said it
    failed (its own error is the one to report)."""
    import os
    import time

    from paperkg.errors import BuildError

    while not os.path.exists(path):
        time.sleep(poll)
    with open(path, "rb") as fh:
        while True:
            at = fh.tell()
            head = fh.read(8)
            n = int.from_bytes(head, "little") if len(head) == 8 else None
            if n == _DONE:
                return
            if n == _FAILED:
                raise BuildError(f"{path}: the process writing this feed failed")
            data = fh.read(n) if n is not None else b""
            if n is None or len(data) < n:  # a frame not written whole yet
                fh.seek(at)
                time.sleep(poll)
                continue
            yield pickle.loads(data)


def append_file(dst: str, src: str, remove: bool = True) -> None:
    """Append the file ``src`` to the file ``dst`` (parts written side by side, joined in
    order); ``src`` is removed unless told otherwise."""
    import os

    with open(dst, "r+b" if os.path.exists(dst) else "wb") as out, open(src, "rb") as part:
        out.seek(0, 2)  # not "ab": the kernel's copy refuses a file opened to append
        copy_into(part, out)
    if remove:
        os.remove(src)


def copy_into(src: BinaryIO, dst: BinaryIO) -> None:
    """The rest of ``src`` into ``dst`` where it stands: inside the kernel where it can
    (``copy_file_range``, Linux), through a buffer where it cannot."""
    import os
    import shutil

    dst.flush()
    left = os.fstat(src.fileno()).st_size - src.tell()
    try:
        while left > 0:
            n = os.copy_file_range(src.fileno(), dst.fileno(), min(left, 1 << 30))
            if n == 0:
                break
            left -= n
    except (AttributeError, OSError):  # another system or file system: the same bytes the slow way
        pass
    if left > 0:
        shutil.copyfileobj(src, dst, 1 << 22)


def die_with_parent(parent: int) -> None:
    """Ask Linux to kill this worker when its parent dies (a killed build leaves no
    orphans behind); elsewhere, or if the parent is already gone, do what can be done."""
    import os
    import signal

    try:
        import ctypes

        ctypes.CDLL("libc.so.6", use_errno=True).prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
    except (OSError, AttributeError):
        pass
    if os.getppid() != parent:
        os._exit(1)


def fork_pool(workers: int):
    """A pool of ``workers`` forked processes that die with this one. Forked, so what the
    parent holds (a pipeline, a resolution) reaches them without being pickled; set it
    before the pool is made."""
    import multiprocessing as mp
    import os
    from concurrent.futures import ProcessPoolExecutor

    return ProcessPoolExecutor(workers, mp_context=mp.get_context("fork"), initializer=die_with_parent,
                               initargs=(os.getpid(),))


@contextlib.contextmanager
def long_lived_heap(every: int = 1000) -> Iterator[None]:
    """Make the cyclic garbage collector's full passes rare (one per ``every`` passes over
    the middle generation, not ten) while a build runs. A build's main process holds
    millions of small objects that live to the end (the resolver's groups, the key index,
    the corpus votes); each full pass walks all of them and frees next to nothing, and
    loading an update's state paid three times the unpickling in such passes. Young
    objects are still collected as often as before."""
    import gc

    before = gc.get_threshold()
    gc.set_threshold(before[0], before[1], max(before[2], every))
    try:
        yield
    finally:
        gc.set_threshold(*before)
