"""Jobs on forked worker processes: the local engine's way of running a pass in parts
(``run``). The workers inherit the jobs' arguments instead of having them pickled, report
progress through a shared counter, and may hand a big result back through a file."""
from __future__ import annotations

import os
from collections.abc import Callable
from typing import Any

from paperkg.errors import BuildError


def run(fn: Callable, jobs: list[tuple], workers: int, tick: Callable[[int], None] | None = None,
        here: bool = False, spill: str | None = None, processes: int | None = None) -> list[Any]:
    """``fn(*job)`` for every job on forked workers (the jobs' arguments are inherited,
    not pickled); the results in job order. ``here``: this process runs the first job
    itself, beside ``workers - 1`` others (it holds what the jobs read already: one copy
    fewer of what a worker's reading makes its own). ``spill``: the workers' results come
    back through files in that directory (``take`` reads one), not through a pipe
    that would hold each whole. ``processes``: the pool's size, if not ``workers``
    (jobs that wait for each other must all run at once). With ``tick``, ``fn`` is given one too (``tick=``):
    the workers' progress reaches it through a shared counter, read twice a second."""
    import gc
    import multiprocessing as mp
    from concurrent.futures import FIRST_EXCEPTION, wait
    from concurrent.futures.process import BrokenProcessPool

    from paperkg.streams import fork_pool

    global _JOBS, _COUNTER
    mine, seen = [0], [0]

    def report(n: int = 0) -> None:  # this process's papers and the workers', as one count
        mine[0] += n
        if tick:
            now = mine[0] + (_COUNTER.value if _COUNTER is not None else 0)
            tick(now - seen[0])
            seen[0] = now

    def run_here(job: tuple):
        return fn(*job, tick=report) if tick else fn(*job)

    _JOBS, _COUNTER = (fn, jobs, spill), mp.get_context("fork").Value("q", 0) if tick else None
    first = 1 if here else 0
    gc.freeze()  # the workers' collector leaves what they inherit alone: its pages stay shared
    try:
        with fork_pool(processes or max(1, min(workers - first, len(jobs) - first))) as pool:
            futures = [pool.submit(_job, k) for k in range(first, len(jobs))]
            results = [run_here(jobs[0])] if here else []
            pending = set(futures)
            while pending:
                done, pending = wait(pending, timeout=0.5, return_when=FIRST_EXCEPTION)
                report()
                failed = next((f.exception() for f in done if f.exception()), None)
                if failed is not None:
                    raise failed
            return results + [f.result() for f in futures]
    except BrokenProcessPool as e:
        raise BuildError("a worker process died (killed, or out of memory); try fewer --workers") from e
    finally:
        _JOBS, _COUNTER = None, None
        gc.unfreeze()


_JOBS: tuple[Callable, list[tuple], str | None] | None = None  # set before the pool forks
_COUNTER: Any = None


class Spilled(str):
    """The path of a worker's pickled result (``run(spill=...)``)."""


def _job(k: int):
    fn, jobs, spill = _JOBS
    result = fn(*jobs[k], tick=_count) if _COUNTER is not None else fn(*jobs[k])
    if spill is None or result is None:
        return result
    from paperkg.cluster.tasks import dump_result

    return Spilled(dump_result(result, os.path.join(spill, f".{fn.__name__}-{k}")))


def take(result):
    """A result of ``run``: read from its file (then removed) if a worker left it there."""
    from paperkg.cluster.tasks import load_result

    return load_result(result) if isinstance(result, Spilled) else result


def rss() -> int:
    """This process's resident memory in bytes (Linux; elsewhere its peak)."""
    try:
        with open("/proc/self/statm") as fh:
            return int(fh.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")
    except (OSError, ValueError, IndexError):
        import resource

        return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024


def _count(n: int) -> None:
    with _COUNTER.get_lock():
        _COUNTER.value += n
