"""The linked graph as typed records: what the link stage produces and every exporter,
``push``, ``serve`` and the analysis helpers read.

Each accessor returns a fresh iterator, so a graph opened from a build directory
(``store.layout.open_graph``) streams from disk and is never held whole; a graph made in
memory (``Graph.of``) reads the same way. ``counts`` says how many records of each kind
there are, so writers know which files to make before they stream.
"""
from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field

from paperkg.model import CodeEdge, Concept, ConceptEdge, Paper, PaperConceptEdge, Repository


@dataclass(frozen=True, slots=True)
class GraphCounts:
    papers: int
    concepts: dict[str, int]  # by entity type
    repositories: int
    paper_edges: dict[str, int]  # by role
    code_edges: int
    concept_edges: dict[str, int]  # by relation

    def to_dict(self) -> dict:
        return {"papers": self.papers, "concepts": self.concepts, "repositories": self.repositories,
                "paper_edges": self.paper_edges, "code_edges": self.code_edges, "concept_edges": self.concept_edges}

    @classmethod
    def from_dict(cls, d: dict) -> "GraphCounts":
        return cls(**d)

    @property
    def nodes(self) -> int:
        return self.papers + sum(self.concepts.values()) + self.repositories

    @property
    def edges(self) -> int:
        return sum(self.paper_edges.values()) + self.code_edges + sum(self.concept_edges.values())


@dataclass(frozen=True)
class Graph:
    papers: Callable[[], Iterator[Paper]]
    concepts: Callable[[], Iterator[Concept]]
    repositories: Callable[[], Iterator[Repository]]
    paper_edges: Callable[[], Iterator[PaperConceptEdge]]
    code_edges: Callable[[], Iterator[CodeEdge]]
    concept_edges: Callable[[], Iterator[ConceptEdge]]
    _counts: list = field(default_factory=list, repr=False)  # filled on first use

    @classmethod
    def of(cls, papers: Iterable[Paper], concepts: Iterable[Concept], repositories: Iterable[Repository],
           paper_edges: Iterable[PaperConceptEdge], code_edges: Iterable[CodeEdge],
           concept_edges: Iterable[ConceptEdge]) -> "Graph":
        held = [tuple(x) for x in (papers, concepts, repositories, paper_edges, code_edges, concept_edges)]
        return cls(*(lambda t=t: iter(t) for t in held))

    def watched(self, progress: Callable[[int], None] | None, every: int = 5000) -> "Graph":
        """The same graph, calling ``progress(n)`` as every ``n`` records stream by (for a
        progress bar over a writer that reads it once)."""
        if progress is None:
            return self
        return Graph(*(lambda f=f: _tick(f(), progress, every) for f in (
            self.papers, self.concepts, self.repositories, self.paper_edges, self.code_edges, self.concept_edges)),
            _counts=self._counts)

    def only(self, papers: set[str], concepts: set[str], repositories: set[str]) -> "Graph":
        """The part of the graph an update changed: these papers with their edges, these
        concepts and repositories, no derived relations (a server recomputes them)."""
        return Graph(lambda: (p for p in self.papers() if p.id in papers),
                     lambda: (c for c in self.concepts() if c.id in concepts),
                     lambda: (r for r in self.repositories() if r.id in repositories),
                     lambda: (e for e in self.paper_edges() if e.paper in papers),
                     lambda: (e for e in self.code_edges() if e.paper in papers),
                     lambda: iter(()))

    def node_ids(self) -> Iterator[str]:
        yield from (p.id for p in self.papers())
        yield from (c.id for c in self.concepts())
        yield from (r.id for r in self.repositories())

    def counts(self) -> GraphCounts:
        if not self._counts:
            self._counts.append(count(self))
        return self._counts[0]


def count(graph: Graph) -> GraphCounts:
    """Counts by one pass over every record kind."""
    return GraphCounts(
        papers=sum(1 for _ in graph.papers()),
        concepts=dict(sorted(Counter(c.type for c in graph.concepts()).items())),
        repositories=sum(1 for _ in graph.repositories()),
        paper_edges=dict(sorted(Counter(e.role for e in graph.paper_edges()).items())),
        code_edges=sum(1 for _ in graph.code_edges()),
        concept_edges=dict(sorted(Counter(e.relation for e in graph.concept_edges()).items())),
    )


def _tick(records: Iterator, progress: Callable[[int], None], every: int) -> Iterator:
    n = 0
    for r in records:
        yield r
        n += 1
        if n == every:
            progress(n)
            n = 0
    if n:
        progress(n)
