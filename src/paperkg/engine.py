"""The engines that run a build's stages: the protocol ``build`` drives, and the local
engine (this process and forked worker processes). The Dask engine is in ``cluster``.

With more than one worker, the local engine runs every pass over the papers on all of
them: pass one of extraction in chunks (``extract.parallel``), then pass two (the first
worker also resolving the concepts) and the edge pass, each in one contiguous part per
worker (``cluster.tasks``, as the Dask engine does). Forked workers inherit what they read (the
finished corpus pass, the resolution) instead of having it pickled; the parts' files and
tables are joined in order, so the build writes the same bytes with any worker count.

The concept resolver is built and finished in a worker process, never in this one: it leaves a process's memory in holes (its groups are freed once resolved), and a
worker forked from such a process for the edge pass would copy the pages it touches of
the resolution scattered among them. This process reads the finished resolution back
from a file, compact, and forks the edge pass's workers from that.
"""
from __future__ import annotations

import json
import os
import shutil
from collections.abc import Callable, Iterable, Iterator
from itertools import accumulate
from concurrent.futures import Executor
from typing import TYPE_CHECKING, Any, Protocol

from paperkg.errors import BuildError
from paperkg.forked import rss as _rss, run, take as _take
from paperkg.graph import GraphCounts
from paperkg.jsonl import dumps
from paperkg.model import Extraction, Paper
from paperkg.progress import Stages
from paperkg.store import layout, state

if TYPE_CHECKING:
    from paperkg.ingest import IngestResult
    from paperkg.link import Resolution

_PARTS = ".parts"  # the parts' scratch directory under the build's
READ_BLOCK = 16 << 20  # bytes of a big JSON Lines input parsed as one part
# What a pass in parts may take, all processes told (``memory``). A forked worker comes to
# copy what it reads of this process (reference counts are written to). In pass two the
# run's one resolver, finished, takes about RESOLVER_BYTES a name of the corpus pass: with
# 1M synthetic papers (333k names) pass two peaked at 1.79 GB, this process holding
# 0.52 GB, which these figures put at 1.97 GB. The edge pass runs in parts where
# ``workers`` copies of this process fit.
MEMORY = 2 << 30
RESOLVER_BYTES = 3000
# What resolving a mention costs against making it in pass two (measured at 1M papers on
# 2 cores: resolving 9.5M mentions took 35-45 s, pass two alone 80 s of CPU): the
# resolving worker's own part is smaller by so much.
RESOLVE_SHARE = 0.5


class Engine(Protocol):
    """Runs the build's stages; ``build`` does the rest (the directory, the order of the
    stages, the manifest). Each method writes its stage's files under ``tmp``."""

    workers: int
    updates: bool  # can add to an existing build

    def ingest(self, inputs: list[str], tmp: str, fmt: str | None, on_problem, strict: bool,
               mapping: dict[str, str] | None, prior: Iterable[Paper]) -> tuple[IngestResult, layout.PaperFile]:
        """Reads, deduplicates and writes ``papers.jsonl`` (and, for an engine that
        updates, the papers' keys in ``state/``)."""

    def extract(self, tmp: str, papers: layout.PaperFile, stage: Stages, old: str | None,
                done: set[str]) -> "Resolution":
        """Extracts (``extractions.jsonl``, ``corpus.json``) and resolves the run's concepts
        (``decisions.jsonl``; for an engine that updates, the resolver's state)."""

    def link(self, tmp: str, papers: layout.PaperFile, resolution: "Resolution", stage: Stages) -> GraphCounts: ...

    def executor(self) -> Executor | None: ...


class LocalEngine:
    """The stages in this process, with ``workers`` processes for every pass over the
    papers and for the exports."""

    updates = True

    def __init__(self, workers: int = 1, read_block: int = READ_BLOCK, memory: int = MEMORY) -> None:
        self.workers, self.read_block, self.memory = workers, read_block, memory
        self._parts: list[tuple[layout.PaperFile, str]] = []  # pass two's parts and shards, for the edge pass

    def ingest(self, inputs, tmp, fmt, on_problem, strict, mapping, prior):
        from paperkg.cluster.parts import plan
        from paperkg.ingest import ingest_parts, ingest_stream, read_part

        path = os.path.join(tmp, layout.PAPERS)
        fresh = isinstance(prior, tuple) and not prior  # an update's earlier papers are read here, first
        parts = plan(inputs, fmt, self.read_block) if self.workers > 1 and fresh else []
        if len(parts) < 2:
            result, merged = ingest_stream(inputs, tmp, fmt=fmt, on_problem=on_problem, strict=strict,
                                           mapping=mapping, prior=prior)
            return result, layout.PaperFile.write(path, state.keys_of(tmp, merged))
        # the files (and blocks of big JSON Lines files) parsed side by side, folded in order
        scratch = os.path.join(tmp, ".ingest")
        os.makedirs(scratch, exist_ok=True)
        jobs = [(paths, os.path.join(scratch, f"in-{k}"), part_fmt, strict, mapping, os.path.join(scratch, f"in-{k}.jsonl"))
                for k, (paths, part_fmt) in enumerate(parts)]
        read = self._run(read_part, jobs)
        result, merged = ingest_parts(read, tmp, on_problem)
        if result.count == sum(len(r.keys) for r in read):  # no record merged: the papers are the records as read
            papers = layout.PaperFile.join(path, ((r.lines, r.sizes) for r in read))
            state.write_keys(tmp, (key for r in read for key in r.keys))
        else:
            papers = layout.PaperFile.write(path, state.keys_of(tmp, merged))
        shutil.rmtree(scratch)
        return result, papers

    def extract(self, tmp, papers, stage, old, done):
        from paperkg.extract.parallel import CHUNK
        from paperkg.cluster.tasks import resolved
        from paperkg.link import Resolver

        self._parts = []
        if self.workers > 1 and old is None and len(papers) > CHUNK:
            return self._extract_in_parts(tmp, papers, stage)
        resolver = Resolver()
        with open(os.path.join(tmp, layout.EXTRACTIONS), "w", encoding="utf-8", newline="\n") as fh:
            for ex, line in _extractions(tmp, papers, old, done, self.workers, stage):
                fh.write(line or dumps(ex.to_dict()) + "\n")
                resolver.add(ex)
        return resolved(resolver, tmp, keep=True)

    def extract_only(self, tmp: str, papers: layout.PaperFile, stage: Stages, output: str) -> int:
        """The extraction stage alone (``paperkg extract``), streamed as the build's: pass
        one on the workers, then pass two in one part per worker, their shards joined in
        order into ``output``; no concept resolution, nothing held but the corpus pass.
        Returns the number of mentions written."""
        from paperkg.cluster.tasks import mentions_part
        from paperkg.extract import CorpusPass, first_pass
        from paperkg.streams import append_file

        n, spill, marks = len(papers), os.path.join(tmp, ".spill"), []
        cp = first_pass(papers, spill, self.workers, stage("extracting", n), CorpusPass(), marks=marks)
        cp.finish()
        scratch = os.path.join(tmp, _PARTS)
        os.makedirs(scratch, exist_ok=True)
        jobs = self._pass_two_jobs(papers, spill, cp, marks, scratch)  # one part with one worker, or a small run
        mentions = sum(self._run(mentions_part, jobs, stage("corpus pass", n), here=True))
        open(output, "wb").close()
        for job in jobs:
            append_file(output, job[3])
        os.remove(spill)
        return mentions

    def link(self, tmp, papers, resolution, stage):
        from paperkg.link import Linker

        state.save_ids(tmp, resolution.cid_of_key)
        keep = (os.path.join(tmp, state.PAIR_KEYS), os.path.join(tmp, state.PAIR_COUNTS))
        if self._parts and _rss() * self.workers <= self.memory:
            return self._link_in_parts(tmp, resolution, stage, keep)
        if self._parts:  # too big to fork: a worker comes to copy what it reads of this process
            shutil.rmtree(os.path.join(tmp, _PARTS))
            self._parts = []
        linker, tick = Linker(resolution, scratch=tmp), stage("linking", len(papers))
        with layout.GraphWriter(tmp, papers_written=True) as writer:
            for paper, ex in zip(papers, layout.read_extractions(tmp), strict=True):
                writer.paper(paper, *linker.paper(paper, ex))
                tick(1)
            return writer.finish(linker.concepts(), linker.repositories(), linker.concept_edges(keep))

    def executor(self) -> Executor | None:
        return None  # write_exports makes its own process pool

    # the passes in parts

    def _extract_in_parts(self, tmp: str, papers: layout.PaperFile, stage: Stages) -> "Resolution":
        """Pass one in chunks on the workers, its corpus pass folded here; then pass two
        and the resolution in worker processes: in one part per worker, the first worker
        also resolving (``_second_pass_in_parts``), when the memory budget allows; else one
        worker does all of pass two and the resolution."""
        from paperkg.cluster.tasks import resolve_whole
        from paperkg.extract import CorpusPass, first_pass

        n, spill, marks = len(papers), os.path.join(tmp, ".spill"), []
        cp = first_pass(papers, spill, self.workers, stage("extracting", n), CorpusPass(), marks=marks)
        cp.finish()
        layout.write_json(os.path.join(tmp, layout.CORPUS), cp.to_dict(), compact=True)
        scratch = os.path.join(tmp, _PARTS)
        os.makedirs(scratch, exist_ok=True)
        tick = stage("corpus pass", n)
        if _rss() * self.workers + RESOLVER_BYTES * len(cp.pieces) <= self.memory:
            resolution = self._second_pass_in_parts(tmp, papers, spill, cp, marks, tick)
        else:
            job = (papers, spill, cp, os.path.join(tmp, layout.EXTRACTIONS), tmp)
            resolution = self._run(resolve_whole, [job], tick, spill=scratch)[0]
        resolution = _take(resolution)
        if not self._parts:
            shutil.rmtree(scratch)
        del cp
        os.remove(spill)
        return resolution

    def _second_pass_in_parts(self, tmp: str, papers: layout.PaperFile, spill: str, cp, marks: list[int],
                              tick) -> Any:
        """Pass two in one part per worker, the first worker also growing the run's one
        resolver: from its own part's extractions as it makes them, then from the other
        parts' rows (``tasks.rows_of``), in part order, following their files as they grow.
        Its part is smaller by what resolving costs it (``RESOLVE_SHARE``), so that the
        workers end together. The parts' shards are joined in order into the extractions;
        their rows stay for the edge pass, cut again into even parts (``_link_jobs``)."""
        from paperkg.cluster.tasks import pass_two_job
        from paperkg.streams import append_file

        extractions, scratch, w = os.path.join(tmp, layout.EXTRACTIONS), os.path.join(tmp, _PARTS), self.workers
        first = max(0.0, (1 + RESOLVE_SHARE) / w - RESOLVE_SHARE)
        jobs = self._pass_two_jobs(papers, spill, cp, marks, scratch, [first] + [(1 - first) / (w - 1)] * (w - 1))
        tasks = [("resolve", *jobs[0], [job[3] for job in jobs[1:]], tmp)] + [("part", *job) for job in jobs[1:]]
        resolution = self._run(pass_two_job, tasks, tick, spill=scratch, processes=len(tasks))[0]
        open(extractions, "wb").close()
        for job in jobs:
            append_file(extractions, job[3])
        self._parts = _link_jobs(papers, [len(job[0]) for job in jobs], [job[3] for job in jobs], w)
        return resolution

    def _pass_two_jobs(self, papers: layout.PaperFile, spill: str, cp, marks: list[int], scratch: str,
                       shares: list[float] | None = None) -> list[tuple]:
        """Pass two's parts, one a worker, each a contiguous run of pass one's batches:
        (papers, spill, corpus pass, the part's shard, its bytes in the spill). ``shares``:
        each part's share of the papers (even by default, the empty parts left out); with
        ``shares``, a part may be empty."""
        from paperkg.extract.parallel import CHUNK

        n, batches = len(papers), len(marks) - 1
        ends = [0.0] + list(accumulate(shares or [1 / self.workers] * self.workers))
        cuts = [min(batches, round(e * batches)) for e in ends]
        cuts[-1] = batches
        return [(papers.part(a * CHUNK, min(b * CHUNK, n)), spill, cp, os.path.join(scratch, f"ex-{k}.jsonl"),
                 (marks[a], marks[b])) for k, (a, b) in enumerate(zip(cuts, cuts[1:])) if b > a or shares]

    def _link_in_parts(self, tmp: str, resolution: "Resolution", stage: Stages, keep: tuple[str, str]) -> GraphCounts:
        from paperkg.cluster.tasks import link_part
        from paperkg.link import Linker

        scratch = os.path.join(tmp, _PARTS)
        jobs = [(part, spans, resolution, os.path.join(scratch, f"link-{k}"))
                for k, (part, spans) in enumerate(self._parts)]
        n = sum(len(part) for part, _ in self._parts)
        linker = Linker(resolution, scratch=tmp)
        with layout.GraphWriter(tmp, papers_written=True) as writer:
            for job, (counts, part) in zip(jobs, self._run(link_part, jobs, stage("linking", n), here=True)):
                writer.append(job[3], counts)
                linker.merge(part)
            counts = writer.finish(linker.concepts(), linker.repositories(), linker.concept_edges(keep))
        shutil.rmtree(scratch)
        self._parts = []
        return counts

    def _run(self, fn: Callable, jobs: list[tuple], tick: Callable[[int], None] | None = None,
             here: bool = False, spill: str | None = None, processes: int | None = None) -> list[Any]:
        """``forked.run`` on this engine's workers."""
        return run(fn, jobs, self.workers, tick, here, spill, processes)


def _link_jobs(papers: layout.PaperFile, sizes: list[int], shards: list[str], workers: int) -> list[tuple]:
    """The edge pass's parts: the run's papers in ``workers`` even runs, cut where a frame
    of pass two's rows starts (each part of ``sizes`` papers left its rows beside its
    shard, a frame per ``tasks.TICK`` papers and one more, maybe empty, at its end); each
    run with the spans of rows it reads, (file, frames skipped, frames read)."""
    from paperkg.cluster.tasks import TICK, rows_of

    frames = []  # every frame: (its first paper in the run, its part, its place in the part)
    at = 0
    for k, size in enumerate(sizes):
        frames += [(at + j * TICK, k, j) for j in range(size // TICK + 1)]
        at += size
    n, out, f = at, [], 0
    for m in range(1, workers + 1):
        end = len(frames) if m == workers else f
        while end < len(frames) and frames[end][0] < round(m * n / workers):
            end += 1
        if end > f:
            spans: dict[int, list[int]] = {}
            for _, k, j in frames[f:end]:
                spans.setdefault(k, [j, 0])[1] += 1
            last = frames[end][0] if end < len(frames) else n
            out.append((papers.part(frames[f][0], last), [(rows_of(shards[k]), j, c) for k, (j, c) in spans.items()]))
        f = end
    return out


def _extractions(tmp: str, papers: layout.PaperFile, old: str | None, done: set[str], workers: int,
                 stage: Stages) -> Iterator[tuple[Extraction, str | None]]:
    """Every paper's extraction in paper order, with its JSON line when it is reused as
    is. A fresh build extracts all; an update reuses the old build's extractions of the
    papers in ``done`` and extracts only the others (new ones, and old ones whose id
    changed), its corpus pass continuing from the old build's (``corpus.json``). Names the
    new papers define are not hunted in old abstracts until a full rebuild. The corpus
    pass's state is kept in the new build."""
    from paperkg.extract import CorpusPass, extract_stream

    cp = CorpusPass()
    todo = papers
    if old:
        cp = layout.read_corpus_pass(old)
        todo = layout.PaperFile.write(os.path.join(tmp, ".todo.jsonl"), (p for p in papers if p.id not in done))
    fresh = extract_stream(todo, os.path.join(tmp, ".spill"), workers, stage("extracting", len(todo)), corpus=cp)
    reused = _lines(os.path.join(old, layout.EXTRACTIONS)) if old else iter(())
    tick = None
    for paper in papers:
        if paper.id in done:
            ex, line = next(reused)
            while ex.id != paper.id:  # an old paper whose id gave way to a stronger one
                ex, line = next(reused)
        else:
            ex, line = next(fresh), None
        if ex.id != paper.id:
            raise BuildError(f"{tmp}: extraction of {ex.id} where {paper.id} was expected; please report this")
        tick = tick or stage("corpus pass", len(papers))
        tick(1)
        yield ex, line
    fresh.close()  # its spill file goes
    layout.write_json(os.path.join(tmp, layout.CORPUS), cp.to_dict(), compact=True)
    if old:
        os.remove(todo.path)


def _lines(path: str) -> Iterator[tuple[Extraction, str]]:
    with open(path, encoding="utf-8") as fh:
        for line in fh:
            yield Extraction.from_dict(json.loads(line)), line
