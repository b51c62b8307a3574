"""Every notebook runs top to bottom in a python3 kernel and draws at least one picture."""
from __future__ import annotations

import time

import nbformat
import pytest
from nbclient import NotebookClient

from paths import NOTEBOOKS

pytestmark = pytest.mark.slow  # embedded server, notebooks or the Node linter

BOOKS = sorted(NOTEBOOKS.glob("*.ipynb"))


def test_notebooks_are_stored_without_outputs():
    for path in BOOKS:
        nb = nbformat.read(path, as_version=4)
        assert all(not c.get("outputs") for c in nb.cells if c.cell_type == "code"), path.name
        assert nb.cells[0].cell_type == "markdown" and "**Question:**" in nb.cells[0].source


@pytest.mark.parametrize("path", BOOKS, ids=lambda p: p.name)
def test_notebook_runs_and_draws(path, seed_build, monkeypatch):
    monkeypatch.setenv("PAPERKG_BUILD", str(seed_build))
    nb = nbformat.read(path, as_version=4)
    t = time.perf_counter()
    NotebookClient(nb, timeout=120, kernel_name="python3", resources={"metadata": {"path": str(NOTEBOOKS)}}).execute()
    elapsed = time.perf_counter() - t
    images = [o for c in nb.cells if c.cell_type == "code" for o in c.outputs if "image/png" in o.get("data", {})]
    assert images, f"{path.name} produced no picture"
    assert elapsed < 60, f"{path.name} took {elapsed:.0f}s"
