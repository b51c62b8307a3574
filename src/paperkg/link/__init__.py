"""Link stage: per-paper mentions → canonical concepts → the paper–concept graph."""
from __future__ import annotations

from paperkg.link.concepts import Decision, Evidence, Resolution, resolve
from paperkg.link.graph import build_graph

__all__ = ["Decision", "Evidence", "Resolution", "build_graph", "resolve"]
