"""The link stage's borders: it uses extract's public API only, and knows nothing of export
(Neo4j names and RDF terms are export's)."""
from __future__ import annotations

import ast

import pytest

from paths import ROOT

LINK = sorted((ROOT / "src" / "paperkg" / "link").glob("*.py"))


def _imports(path) -> set[str]:
    found = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.ImportFrom) and node.module:
            found.add(node.module)
        elif isinstance(node, ast.Import):
            found.update(a.name for a in node.names)
    return found


@pytest.mark.parametrize("path", LINK, ids=lambda p: p.name)
def test_borders_link_imports_no_export_and_no_extract_internals(path):
    mods = _imports(path)
    assert not [m for m in mods if m.startswith("paperkg.export")]
    assert not [m for m in mods if m.startswith("paperkg.extract.")]
    assert len(LINK) >= 4
