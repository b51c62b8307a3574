"""paperkg: research-paper listings in, a paper–concept knowledge graph out.

The stages are importable on their own (``paperkg.ingest``, ``paperkg.extract``,
``paperkg.link``, ``paperkg.export``); the names below are the short way in for
notebooks and scripts. Nothing heavy is imported until it is used.
"""
from __future__ import annotations

from importlib import import_module
from typing import Any

__version__ = "0.1.0"

_LAZY = {
    "read_papers": "paperkg.ingest",
    "extract_papers": "paperkg.extract",
    "open_graph": "paperkg.store.layout",
}
# (``paperkg.build`` and ``paperkg.evaluate`` are modules: ``from paperkg.build import build``.)

__all__ = ["__version__", *_LAZY]


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        return getattr(import_module(_LAZY[name]), name)
    raise AttributeError(f"module 'paperkg' has no attribute {name!r}")
