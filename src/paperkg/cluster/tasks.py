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
                 tick=None):
    """Pass two over a part (``second_part``) and the part's concept resolver, which
    comes back."""
    from paperkg.link import Resolver

    resolver = Resolver()
    second_part(papers, spill, cp, shard, span, tick, resolver.add)
    return resolver


def second_part(papers: layout.PaperFile, spill: str, cp, shard: str, span: tuple[int, int] | None = None,
                tick=None, each=None) -> None:
    """Pass two over a part: its final extractions, as JSON lines in ``shard``, each also
    given to ``each``. ``span``: where the part's batches lie in ``spill`` when it holds
    the whole run's; ``tick(n)``: told of every ``n`` papers done."""
    from paperkg.extract import second_pass

    with open(shard, "w", encoding="utf-8", newline="\n") as fh:
        for i, ex in enumerate(second_pass(papers, spill, cp, span), 1):
            fh.write(dumps(ex.to_dict()) + "\n")
            if each is not None:
                each(ex)
            if tick and i % TICK == 0:
                tick(TICK)
    if tick:
        tick(len(papers) % TICK)


def mentions_part(papers: layout.PaperFile, spill: str, cp, shard: str, span: tuple[int, int] | None = None,
                  tick=None) -> int:
    """Pass two over a part (``second_part``) with no concept resolution, for the
    extractions alone (``paperkg extract``): the part's number of mentions comes back."""
    count = [0]

    def add(ex) -> None:
        count[0] += len(ex.entities)

    second_part(papers, spill, cp, shard, span, tick, add)
    return count[0]


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
    return resolved(resolve_part(papers, spill, cp, shard, tick=tick), tmp, keep=True)


def resolve_parts(paths: list[str], tmp: str):
    """The parts' resolvers (``dump_result`` files) merged in order and resolved."""
    resolver = load_result(paths[0])
    for path in paths[1:]:
        resolver.merge(load_result(path))
    return resolved(resolver, tmp, keep=True)


def pass_two_fed(role: str, *args, tick=None):
    """A job of pass two with one resolver: ``feed`` (a part, ``second_part``'s arguments
    and a file: what the resolver reads of each extraction goes there as it is made) or
    ``resolve`` (the resolver, following the parts' files in order, each removed once
    read; the resolution comes back)."""
    from paperkg.link.concepts import Resolver, fed
    from paperkg.streams import close_feed, follow_batches, send_batch

    if role == "resolve":
        feeds, tmp = args
        resolver = Resolver()
        for path in feeds:
            for batch in follow_batches(path):
                for item in batch:
                    resolver.add_fed(item)
            os.remove(path)
        return resolved(resolver, tmp, keep=True)
    *part, feed = args
    with open(feed, "wb") as fh:
        batch: list = []

        def send(ex) -> None:
            batch.append(fed(ex))
            if len(batch) == TICK:  # a frame per progress tick's worth of papers
                send_batch(batch, fh)
                batch.clear()

        try:
            second_part(*part, tick=tick, each=send)
            send_batch(batch, fh)
        except BaseException:
            close_feed(fh, failed=True)
            raise
        close_feed(fh)


def link_part(papers: layout.PaperFile, shard: str, resolution, out: str, tick=None):
    """The edge pass over a part: its edge files under the directory ``out``; the counts
    and the part's tables (``LinkPart``) come back. ``tick`` as for ``apply_part``."""
    import json

    from paperkg.link import Linker
    from paperkg.model import Extraction

    os.makedirs(out, exist_ok=True)
    linker = Linker(resolution, scratch=out)
    with layout.GraphWriter(out, papers_written=True) as writer, open(shard, encoding="utf-8") as fh:
        for i, (paper, line) in enumerate(zip(papers, fh, strict=True), 1):
            writer.paper(paper, *linker.paper(paper, Extraction.from_dict(json.loads(line))))
            if tick and i % TICK == 0:
                tick(TICK)
        counts = writer.counts()
    if tick:
        tick(len(papers) % TICK)
    return counts, linker.part()
