"""What a worker runs, for either engine: the stage functions over one part of a run, and
concept resolution (which the local engine runs only in worker processes: ``engine``).

Each task reads its part from the build's directory (shared by all workers) and writes
its result there as a shard; what comes back to the client is small (keys, counts, the
part's share of the corpus pass and of concept resolution). A task may run twice (Dask
retries a lost worker's tasks), so each one writes its files from scratch.
"""
from __future__ import annotations

import os
import threading

from paperkg.jsonl import dumps
from paperkg.store import layout

TICK = 256  # papers between two progress reports of a part
_LOCAL = threading.local()  # one extraction pipeline per worker thread, built at its first task


def _extractor():
    ex = getattr(_LOCAL, "extractor", None)
    if ex is None:
        from paperkg.extract.extractor import Extractor

        ex = _LOCAL.extractor = Extractor()
    return ex


def count_lines(blocks: list[tuple[str, int, int]]) -> list[int]:
    from paperkg.cluster.parts import count_lines as count

    return [count(*b) for b in blocks]


def extract_part(papers: layout.PaperFile, spill: str):
    """Pass one over a part: the per-paper results go to ``spill``; the part's corpus pass
    state comes back."""
    from paperkg.extract import first_pass

    return first_pass(papers, spill, extractor=_extractor())


def apply_part(papers: layout.PaperFile, spill: str, cp, shard: str) -> str:
    """Pass two over a part (``resolve_part``), the part's concept resolver pickled beside
    its shard: its path comes back."""
    return dump_result(resolve_part(papers, spill, cp, shard), f"{shard}.resolver")


def dump_result(value, path: str) -> str:
    """A task's big result, pickled to ``path`` for ``load_result`` (a path is all that
    crosses between processes); the path comes back."""
    import pickle

    with open(path, "wb") as fh:
        pickle.dump(value, fh, protocol=pickle.HIGHEST_PROTOCOL)
    return path


def load_result(path: str):
    """A result ``dump_result`` left in a file, removed once read."""
    import pickle

    with open(path, "rb") as fh:
        value = pickle.load(fh)
    os.remove(path)
    return value


def resolve_part(papers: layout.PaperFile, spill: str, cp, shard: str, span: tuple[int, int] | None = None,
                 tick=None, rows: bool = True):
    """Pass two over a part (``second_part``; ``rows``: its rows kept for the edge pass)
    and the part's concept resolver, which comes back."""
    from paperkg.link import Resolver

    resolver = Resolver()
    second_part(papers, spill, cp, shard, span, tick, rows_of(shard) if rows else None,
                lambda found: resolver.add_rows(*found[:2]))
    return resolver


def rows_of(shard: str) -> str:
    """The file beside a part's extractions (``shard``) with them as ``Extraction.found``
    gives them, read by the part's edge pass (``link_part``)."""
    return f"{shard}.rows"


def second_part(papers: layout.PaperFile, spill: str, cp, shard: str, span: tuple[int, int] | None = None,
                tick=None, rows: str | None = None, each=None) -> int:
    """Pass two over a part: its final extractions, as JSON lines in ``shard``; with
    ``rows``, also as ``Extraction.found`` in that file (``streams.send_batch`` frames,
    written as they are made: a resolver may follow it), each also given to ``each``.
    ``span``: where the part's batches lie in ``spill`` when it holds the whole run's;
    ``tick(n)``: told of every ``n`` papers done. Returns the part's number of mentions."""
    from paperkg.extract import second_pass
    from paperkg.streams import feed

    mentions = 0
    with open(shard, "w", encoding="utf-8", newline="\n") as fh, feed(rows, TICK) as send:
        for i, ex in enumerate(second_pass(papers, spill, cp, span), 1):
            fh.write(dumps(ex.to_dict()) + "\n")
            mentions += len(ex.entities)
            if send is not None or each is not None:
                found = ex.found()
                if send is not None:
                    send(found)
                if each is not None:
                    each(found)
            if tick and i % TICK == 0:
                tick(TICK)
    if tick:
        tick(len(papers) % TICK)
    return mentions


def mentions_part(papers: layout.PaperFile, spill: str, cp, shard: str, span: tuple[int, int] | None = None,
                  tick=None) -> int:
    """Pass two over a part (``second_part``) with no concept resolution, for the
    extractions alone (``paperkg extract``): the part's number of mentions comes back."""
    return second_part(papers, spill, cp, shard, span, tick)


def resolved(resolver, tmp: str, keep: bool = False):
    """The run's resolution from its resolver (``keep``: whose state is saved first, for
    updates), its decisions written to ``decisions.jsonl`` and let go."""
    from paperkg.jsonl import write_jsonl
    from paperkg.store import state

    if keep:
        state.save(tmp, state.RESOLVER, resolver.groups)  # before resolution changes them
    resolution = resolver.finish()
    write_jsonl((d.to_dict() for d in resolution.decisions), os.path.join(tmp, layout.DECISIONS))
    resolution.decisions.clear()
    return resolution


def resolve_whole(papers: layout.PaperFile, spill: str, cp, shard: str, tmp: str, tick=None):
    """Pass two over the whole run and its resolution, in one worker."""
    return resolved(resolve_part(papers, spill, cp, shard, tick=tick, rows=False), tmp, keep=True)


def pass_two_job(role: str, *args, tick=None):
    """A job of pass two with one resolver: ``part`` (``second_part``'s arguments, its rows
    written as they are made) or ``resolve`` (a part too, maybe empty, and the
    later parts' shards): the run's one resolver grows from this part's extractions as they
    are made, then from the later parts' rows in order, following their files as they
    grow; the resolution comes back."""
    from paperkg.link.concepts import Resolver
    from paperkg.streams import follow_batches

    if role == "part":
        second_part(*args, tick=tick, rows=rows_of(args[3]))
        return None
    *part, later, tmp = args
    resolver = Resolver()
    second_part(*part, tick=tick, rows=rows_of(part[3]), each=lambda found: resolver.add_rows(*found[:2]))
    for shard in later:
        for batch in follow_batches(rows_of(shard)):
            for found in batch:
                resolver.add_rows(*found[:2])
    return resolved(resolver, tmp, keep=True)


def link_part(papers: layout.PaperFile, rows: list[tuple[str, int, int | None]], resolution, out: str, tick=None):
    """The edge pass over a part, from the rows pass two left (``rows_of``): ``rows``
    lists the spans it reads, (file, frames skipped, frames read or None: the rest). Its
    edge files go under the directory ``out``; the counts and the part's tables
    (``LinkPart``) come back. ``tick`` as for ``second_part``."""
    from itertools import chain

    from paperkg.link import Linker
    from paperkg.streams import read_frames

    os.makedirs(out, exist_ok=True)
    linker = Linker(resolution, scratch=out)
    with layout.GraphWriter(out, papers_written=True) as writer:
        found = chain.from_iterable(batch for span in rows for batch in read_frames(*span))
        for i, (paper, f) in enumerate(zip(papers, found, strict=True), 1):
            writer.paper(paper, *linker.found(paper, f))
            if tick and i % TICK == 0:
                tick(TICK)
        counts = writer.counts()
    if tick:
        tick(len(papers) % TICK)
    return counts, linker.part()
