from __future__ import annotations

import shutil

import pytest

from paperkg.store import layout


@pytest.fixture()
def stored(seed_build, tmp_path):
    """The seed build's records without its exports, to write them again."""
    root = tmp_path / "records"
    root.mkdir()
    for name in (layout.PAPERS, layout.CONCEPTS, layout.REPOSITORIES, layout.PAPER_EDGES, layout.CODE_EDGES,
                 layout.CONCEPT_EDGES, layout.LINK_COUNTS):
        shutil.copy(seed_build / name, root / name)
    return root
