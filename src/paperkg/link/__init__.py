"""Link stage: per-paper mentions → canonical concepts → the paper–concept graph as typed
records (``paperkg.graph.Graph``)."""
from __future__ import annotations

from paperkg.link.concepts import Decision, Evidence, Resolution, Resolver, resolve
from paperkg.link.edges import MIN_COOCCUR, Linker, derive, link

__all__ = ["MIN_COOCCUR", "Decision", "Evidence", "Linker", "Resolution", "Resolver", "derive", "link", "resolve"]
