"""The Dask engine: ``paperkg build --engine dask`` runs the build's stages as Dask tasks.

The stages are the local engine's own functions, run over parts of the run
(``cluster.tasks``): reading (a file, or a block of lines of a big one), extraction and
the corpus pass, and the edge pass, each part written by a worker into the build's
directory as a shard. The client folds what comes back in input order: deduplication from
the records' compact keys, the corpus pass's votes and claimed names, the concept
resolvers, the link tables; so the output is byte for byte the local engine's, however
the run was cut. The exports are written by the workers too, plain RDF in parts joined in
order. Dask schedules, retries the tasks of a lost worker, and moves the (small) results.

Every worker and the client must see the output directory at the same path (one machine,
or a shared file system); inputs may also be fsspec URLs (``s3://…``). Dask is an optional
extra: ``pip install 'paperkg[dask]'``.
"""
from __future__ import annotations

import os
import shutil
from collections.abc import Iterator

from paperkg.errors import BuildError
from paperkg.store import layout
from paperkg.streams import append_file

PART_SIZE = (500, 10_000)  # papers per extraction and link task: at least four parts a worker, within these


class DaskEngine:
    """Runs a build on a Dask cluster: the one at ``scheduler`` (``tcp://HOST:8786``), or a
    ``LocalCluster`` of ``workers`` single-threaded processes bound to 127.0.0.1."""

    updates = False

    def __init__(self, scheduler: str | None = None, workers: int = 2, part_size: int | None = None,
                 block_size: int | None = None, timeout: str | None = None) -> None:
        try:
            from distributed import Client, LocalCluster
        except ImportError as e:
            raise BuildError("--engine dask needs Dask: pip install 'paperkg[dask]'") from e
        from paperkg.cluster.parts import BLOCK_SIZE

        self.part_size, self.block_size = part_size, block_size or BLOCK_SIZE
        self.cluster = None
        try:
            if scheduler:
                import dask

                self.client = Client(scheduler, timeout=timeout or dask.config.get("distributed.comm.timeouts.connect"))
            else:
                import logging

                self.cluster = LocalCluster(n_workers=workers, threads_per_worker=1, processes=True,
                                            host="127.0.0.1", dashboard_address="127.0.0.1:0", silence_logs=logging.ERROR)
                self.client = Client(self.cluster)
        except OSError as e:  # no scheduler there, or a timeout
            self.close()
            raise BuildError(f"cannot reach the Dask scheduler {scheduler}: {e}") from e
        self._scratch = ""
        self.client_seconds: dict[str, float] = {}  # serial work on the client, by stage (folds, finishing)
        self._parts: list[layout.PaperFile] = []
        self._shards: list[str] = []

    @property
    def workers(self) -> int:
        """Worker threads now (a cluster may grow while it builds)."""
        return max(1, sum(self.client.nthreads().values()))

    def close(self) -> None:
        for part in ("client", "cluster"):
            if getattr(self, part, None) is not None:
                getattr(self, part).close()
                setattr(self, part, None)

    def __enter__(self) -> "DaskEngine":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    # the stages, as build() calls them

    def ingest(self, inputs, tmp, fmt, on_problem, strict, mapping, prior):
        from paperkg.cluster.parts import plan
        from paperkg.ingest import ingest_parts, read_part

        scratch = self._scratch_dir(tmp)
        parts = plan(inputs, fmt, self.block_size, count=self._count_lines)
        futures = [self.client.submit(read_part, paths, os.path.join(scratch, f"in-{k}"), part_fmt, strict,
                                      mapping, pure=False) for k, (paths, part_fmt) in enumerate(parts)]
        result, merged = ingest_parts(self._in_order(futures, fold="ingest"), tmp, on_problem)
        return result, layout.PaperFile.write(os.path.join(tmp, layout.PAPERS), merged)

    def extract(self, tmp, papers, stage, old, done):
        from paperkg.cluster.tasks import apply_part, extract_part, load_result, resolved
        from paperkg.extract import CorpusPass
        from paperkg.link import Resolver

        n, scratch = len(papers), self._scratch_dir(tmp)
        size = self.part_size or min(max(-(-n // (4 * self.workers)), PART_SIZE[0]), PART_SIZE[1])
        self._parts = [papers.part(a, min(a + size, n)) for a in range(0, n, size)]
        spills = [os.path.join(scratch, f"ex-{k}") for k in range(len(self._parts))]
        self._shards = [f"{s}.jsonl" for s in spills]
        futures = [self.client.submit(extract_part, p, s, pure=False) for p, s in zip(self._parts, spills)]
        cp = CorpusPass()
        for part in self._in_order(futures, stage("extracting", n), fold="extract"):
            cp.merge(part)
        with self._timed("extract"):
            cp.finish()
        shipped = self.client.scatter(cp.shipped(), broadcast=True)
        futures = [self.client.submit(apply_part, p, s, shipped, shard, pure=False)
                   for p, s, shard in zip(self._parts, spills, self._shards)]
        resolver, extractions = Resolver(), os.path.join(tmp, layout.EXTRACTIONS)
        open(extractions, "wb").close()
        for shard, path in zip(self._shards, self._in_order(futures, stage("corpus pass", n), fold="corpus pass")):
            append_file(extractions, shard)  # the edge pass reads the part's rows (``tasks.rows_of``)
            resolver.merge(load_result(path))  # read here: a busy worker serves its results slowly
        for s in spills:
            os.remove(s)
        layout.write_json(os.path.join(tmp, layout.CORPUS), cp.to_dict(), compact=True)
        with self._timed("resolve"):
            return resolved(resolver, tmp)

    def link(self, tmp, papers, resolution, stage):
        from paperkg.cluster.tasks import link_part, rows_of
        from paperkg.link import Linker

        scratch = self._scratch_dir(tmp)
        dirs = [os.path.join(scratch, f"link-{k}") for k in range(len(self._parts))]
        res = self.client.scatter(resolution, broadcast=True)
        futures = [self.client.submit(link_part, p, [(rows_of(shard), 0, None)], res, d, pure=False)
                   for p, shard, d in zip(self._parts, self._shards, dirs)]
        linker = Linker(resolution, scratch=tmp)
        with layout.GraphWriter(tmp, papers_written=True) as writer:
            for d, (counts, part) in zip(dirs, self._in_order(futures, stage("linking", len(papers)), fold="link")):
                writer.append(d, counts)
                linker.merge(part)
            with self._timed("link"):
                counts = writer.finish(linker.concepts(), linker.repositories(), linker.concept_edges())
        shutil.rmtree(scratch)
        return counts

    def executor(self):
        return self.client.get_executor(pure=False)

    # helpers

    def _scratch_dir(self, tmp: str) -> str:
        self._scratch = os.path.join(tmp, ".dask")
        os.makedirs(self._scratch, exist_ok=True)
        return self._scratch

    def _count_lines(self, blocks: list[tuple[str, int, int]]) -> list[int]:
        from paperkg.cluster.tasks import count_lines

        groups = [blocks[i : i + 8] for i in range(0, len(blocks), 8)]
        futures = [self.client.submit(count_lines, g, pure=False) for g in groups]
        return [n for counts in self._in_order(futures) for n in counts]

    def _timed(self, label: str):
        import contextlib
        import time

        @contextlib.contextmanager
        def timer():
            t = time.perf_counter()
            try:
                yield
            finally:
                self.client_seconds[label] = self.client_seconds.get(label, 0.0) + time.perf_counter() - t

        return timer()

    def _in_order(self, futures: list, tick=None, fold: str | None = None) -> Iterator:
        """The futures' results in submit order (a task's error is raised here, at its
        turn); ``tick`` counts each part's papers as it completes, in any order. Each
        future is let go once its result is taken (the list is emptied), so Dask does not
        run a task again when a worker holding a result already used is lost."""
        from distributed import as_completed

        index = {f.key: i for i, f in enumerate(futures)}
        sizes = [len(p) for p in self._parts] if tick else ()
        pending, ready = list(futures), {}
        futures.clear()
        nxt, done = 0, None
        try:
            done = as_completed(pending)
            pending.clear()
            for f in done:
                i = index[f.key]
                ready[i] = f
                if tick and f.status == "finished":
                    tick(sizes[i])
                while nxt in ready:
                    with self._timed(f"{fold} (fetch)" if fold else "fetch"):
                        result = ready.pop(nxt).result()
                    if fold is None:
                        yield result
                    else:
                        with self._timed(fold):  # what the caller does with it, before asking for the next
                            yield result
                    nxt += 1
        finally:
            left = list(ready.values()) + list(getattr(done, "futures", ()))
            if left:
                self.client.cancel(left)
