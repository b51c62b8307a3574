"""A paperkg build on a SLURM cluster, with dask-jobqueue.

    pip install 'paperkg[dask]' dask-jobqueue
    python build_on_slurm.py /shared/arxiv-metadata-oai-snapshot.json -o /shared/arxiv-kg \
        --jobs 8 --cores 32 --memory 64GB --queue normal --walltime 04:00:00

Run it on the login node (or in a small job of its own): it starts the Dask scheduler
there, asks SLURM for ``--jobs`` worker jobs of ``--cores`` single-threaded worker
processes each, builds, and gives the jobs back. The input and the output directory must
be on a file system every node mounts at the same path (the client writes there too). The
build's output is the same, byte for byte, as ``paperkg build`` on one machine.
``--dry-run`` prints the job script SLURM would get, and submits nothing.
"""
from __future__ import annotations

import argparse
import sys


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("inputs", nargs="+")
    ap.add_argument("-o", "--out", required=True)
    ap.add_argument("--jobs", type=int, default=4, help="SLURM jobs of workers")
    ap.add_argument("--cores", type=int, default=16, help="cores per job: one worker process per core")
    ap.add_argument("--memory", default="32GB", help="memory per job (extraction needs about 1 GB per worker)")
    ap.add_argument("--queue", default=None)
    ap.add_argument("--account", default=None)
    ap.add_argument("--walltime", default="02:00:00")
    ap.add_argument("--interface", default=None, help="network interface the workers reach the scheduler on (ib0)")
    ap.add_argument("--host", default=None, help="address the scheduler binds to (default: the interface's)")
    ap.add_argument("--dry-run", action="store_true", help="print the job script and stop")
    args = ap.parse_args()

    from dask_jobqueue import SLURMCluster

    cluster = SLURMCluster(
        cores=args.cores,
        processes=args.cores,  # single-threaded workers: extraction is pure Python, one core each
        memory=args.memory,
        queue=args.queue,
        account=args.account,
        walltime=args.walltime,
        interface=args.interface,
        scheduler_options={"host": args.host} if args.host else {},
        job_extra_directives=["--job-name=paperkg"],
    )
    try:
        if args.dry_run:
            print(cluster.job_script())
            return 0
        cluster.scale(jobs=args.jobs)
        from paperkg.build import build
        from paperkg.cli import StageBars
        from paperkg.cluster import DaskEngine

        bars = StageBars()
        with DaskEngine(scheduler=cluster.scheduler_address) as engine:
            engine.client.wait_for_workers(1)
            result = build(args.inputs, args.out, engine=engine, stages=bars,
                           on_problem=lambda e: print(e, file=sys.stderr))
        bars.close()
        print(result.summary, file=sys.stderr)
    finally:
        cluster.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
