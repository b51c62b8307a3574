"""The examples run: the SLURM one as far as it can without SLURM (the job script)."""
from __future__ import annotations

import subprocess
import sys

import pytest

from paths import ROOT

pytest.importorskip("dask_jobqueue", reason="dask-jobqueue is part of the dev install")


def test_slurm_example_writes_a_job_script():
    script = ROOT / "examples" / "slurm" / "build_on_slurm.py"
    run = subprocess.run([sys.executable, str(script), "in.jsonl", "-o", "out", "--cores", "8", "--memory", "16GB",
                          "--host", "127.0.0.1", "--dry-run"], capture_output=True, text=True, timeout=120)
    assert run.returncode == 0, run.stderr
    lines = run.stdout.splitlines()
    assert "#SBATCH --cpus-per-task=8" in lines
    worker = next(line for line in lines if "distributed.cli.dask_worker" in line)
    assert "--nthreads 1" in worker and "--nworkers 8" in worker  # one single-threaded worker per core
