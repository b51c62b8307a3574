"""The paper–concept edges of a run, as typed records (``paperkg.graph.Graph``).

- Paper → concept: one ``PaperConceptEdge`` per paper and concept, in the role of the
  paper's first mention of it, with every mention's place;
- Paper → repository: ``CodeEdge`` with ``official`` and where the link was found;
- derived (``kinds.Relation``): method BENCHMARKED_ON data (a paper proposes the method and
  evaluates on the data), method IMPLEMENTED_IN repository (official code of the proposing
  paper), concept CO_OCCURS concept (``papers`` ≥ ``min_cooccur``; smaller id first).

Derivation needs one paper's edges at a time plus counters, so it runs over a stream.
"""
from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from itertools import combinations

from paperkg.graph import Graph
from paperkg.kinds import EntityType, Relation, Role
from paperkg.link.concepts import Resolution, resolve
from paperkg.link.pairs import PairCounter
from paperkg.model import (CodeEdge, Concept, ConceptEdge, Extraction, Found, Link, Paper, PaperConceptEdge, Place,
                           Repository)

MIN_COOCCUR = 2  # CO_OCCURS needs this many papers naming both concepts (the push recomputes it alike)


def repo_id(host: str, repo: str) -> str:
    return f"repo:{host}/{repo}"


def _repo_host(url: str) -> str:
    return url.split("://", 1)[-1].split("/", 1)[0].removeprefix("www.")


def repository(url: str, repo: str) -> Repository:
    host = _repo_host(url)
    return Repository(repo_id(host, repo), repo, host, f"https://{host}/{repo}")


def edges_of_rows(pid: str, rows: Sequence[tuple], res: Resolution) -> list[PaperConceptEdge]:
    """A paper's edges from its mentions as ``model.ROW``s (``Extraction.found``)."""
    per_concept: dict[str, list] = defaultdict(list)
    concept_of = res.concept_of_row
    for row in rows:
        per_concept[concept_of(row)].append(row)
    return [PaperConceptEdge(pid, cid, ms[0][3], tuple(
        Place(fld, start, end, sentence, rule, surface, confidence)
        for _, _, surface, _, fld, start, end, sentence, _, _, rule, confidence in ms))
        for cid, ms in per_concept.items()]


def code_edges(pid: str, links: Sequence[Link], paper: Paper | None) -> list[tuple[Repository, CodeEdge]]:
    """A paper's repositories: links in its text, then the listing's own code field."""
    found: dict[str, tuple[Repository, CodeEdge]] = {}
    for link in links:
        if link.kind == "code" and link.repo:
            _add_code(found, pid, link.url, link.repo, link.official, link.field, link.start, link.end, link.sentence,
                      link.rule)
    if paper and paper.code_url:
        _add_listing_code(found, pid, paper.code_url)
    return list(found.values())


def with_listing_code(paper: Paper, text_edges: Sequence[CodeEdge],
                      repos: dict[str, Repository]) -> list[tuple[Repository, CodeEdge]]:
    """``code_edges`` of a paper whose text gave ``text_edges`` and whose listing now has a
    code field (a paper listed again, in an update): the same edges, without its text."""
    found = {e.repo: (repos[e.repo], e) for e in text_edges}
    if paper.code_url:
        _add_listing_code(found, paper.id, paper.code_url)
    return list(found.values())


def _add_listing_code(found: dict, pid: str, code_url: str) -> None:
    """The listing's own code field (e.g. a "github" field): the paper's official code."""
    from paperkg.extract import canonical, classify

    url = canonical(code_url)
    kind, repo = classify(url)
    if kind == "code" and repo:
        _add_code(found, pid, url, repo, True, "metadata", -1, -1, -1, "metadata")


def _add_code(found: dict, pid: str, url, repo, official, field, start, end, sentence, rule) -> None:
    r = repository(url, repo)
    if r.id in found:  # the first place stays; official if any link says so
        old = found[r.id][1]
        if official and not old.official:
            found[r.id] = (r, CodeEdge(pid, r.id, True, old.field, old.start, old.end, old.sentence, old.rule))
        return
    found[r.id] = (r, CodeEdge(pid, r.id, official, field, start, end, sentence, rule))


class Linker:
    """The edge pass over a stream of (paper, extraction), one paper at a time: each paper's
    edges come back at once (to be written), while the concept paper counts, the
    repositories and the derived relations accumulate in memory that grows with the
    vocabulary, not with the papers."""

    def __init__(self, res: Resolution, min_cooccur: int = MIN_COOCCUR, scratch: str | None = None) -> None:
        self.res = res
        self.deriver = Deriver(res.types(), min_cooccur, scratch)
        self.repos: dict[str, Repository] = {}
        self.papers_per_concept: Counter = Counter()

    def paper(self, paper: Paper, ex: Extraction | None) -> tuple[list[PaperConceptEdge], list[CodeEdge]]:
        return self.found(paper, ex.found() if ex is not None else None)

    def found(self, paper: Paper, found: Found | None) -> tuple[list[PaperConceptEdge], list[CodeEdge]]:
        """``paper`` with its extraction as ``Extraction.found`` gives it (None: none)."""
        edges, links = (edges_of_rows(found[0], found[1], self.res), found[2]) if found is not None else ([], ())
        code = []
        for r, e in code_edges(paper.id if paper else found[0], links, paper):
            self.repos.setdefault(r.id, r)
            code.append(e)
        self.papers_per_concept.update(e.concept for e in edges)
        self.deriver.add(edges, code)
        return edges, code

    def part(self) -> "LinkPart":
        """What this linker gathered over its papers beyond their edges, to be merged into
        the linker of the whole run (``merge``); its pair counts go to run files."""
        d = self.deriver
        return LinkPart(self.repos, self.papers_per_concept, d.evaluated, d.implemented, d.pairs.flush())

    def merge(self, part: "LinkPart") -> None:
        """Add a later part of the run, linked elsewhere with the same resolution: the
        tables come out as if this linker had seen its papers itself."""
        for rid, r in part.repos.items():
            self.repos.setdefault(rid, r)
        self.papers_per_concept.update(part.papers_per_concept)
        d = self.deriver
        d.evaluated.update(part.evaluated)
        d.implemented.update(part.implemented)
        d.pairs.runs.extend(part.pair_runs)

    def concepts(self) -> list[Concept]:
        self.res.count(self.papers_per_concept)
        return [self.res.concepts[k] for k in sorted(self.res.concepts)]

    def repositories(self) -> list[Repository]:
        return [self.repos[k] for k in sorted(self.repos)]

    def concept_edges(self, keep: tuple[str, str] | None = None) -> Iterator[ConceptEdge]:
        return self.deriver.edges(keep=keep)


@dataclass
class LinkPart:
    repos: dict[str, Repository]
    papers_per_concept: Counter
    evaluated: Counter
    implemented: Counter
    pair_runs: list[str]  # sorted run files of pair keys (``PairCounter``)


def link(papers: Sequence[Paper], extractions: Sequence[Extraction], resolution: Resolution | None = None,
         min_cooccur: int = MIN_COOCCUR) -> Graph:
    """The graph of a run held in memory; ``resolution`` is computed when not given."""
    res = resolution or resolve(extractions)
    by_id = {ex.id: ex for ex in extractions}
    linker = Linker(res, min_cooccur)
    edges: list[PaperConceptEdge] = []
    code: list[CodeEdge] = []
    for p in papers:
        e, c = linker.paper(p, by_id.get(p.id))
        edges += e
        code += c
    concepts = linker.concepts()
    return Graph.of(papers, concepts, linker.repositories(), edges, code, list(linker.concept_edges()))


class Deriver:
    """Derived relations, from one paper's edges at a time. Co-occurring pairs, the one
    count that grows with the papers, go to a ``PairCounter`` (spilled to ``scratch``)."""

    def __init__(self, types: dict[str, str], min_cooccur: int = MIN_COOCCUR, scratch: str | None = None) -> None:
        self.types, self.min_cooccur = types, min_cooccur
        self.evaluated: Counter = Counter()
        self.implemented: Counter = Counter()
        self.ids = sorted(types)
        self.index = {cid: i for i, cid in enumerate(self.ids)}  # index order is id order
        self.pairs = PairCounter(scratch)

    def add(self, edges: Sequence[PaperConceptEdge], code: Sequence[CodeEdge]) -> None:
        types = self.types
        proposed = [e.concept for e in edges if e.role == Role.PROPOSED and types[e.concept] == EntityType.METHOD]
        if proposed:
            data = [e.concept for e in edges if e.role == Role.EVALUATED_ON]
            official = [c.repo for c in code if c.official]
            for m in proposed:
                self.evaluated.update((m, d) for d in data)
                self.implemented.update((m, r) for r in official)
        if len(edges) > 1:
            n, index = len(self.ids), self.index
            self.pairs.add(i * n + j for i, j in combinations(sorted(index[e.concept] for e in edges), 2))

    def edges(self, pairs: Iterator[tuple[int, int]] | None = None,
              keep: tuple[str, str] | None = None) -> Iterator[ConceptEdge]:
        """The derived relations, in order. ``pairs``: the pair counts to use (an update's,
        merged with the build's before it) instead of this deriver's own; ``keep``: two
        files to write every pair's key and count to (``store.state``), for updates."""
        for (m, d), n in sorted(self.evaluated.items()):
            yield ConceptEdge(Relation.BENCHMARKED_ON, m, d, n)
        for (m, r), n in sorted(self.implemented.items()):
            yield ConceptEdge(Relation.IMPLEMENTED_IN, m, r, n)
        size, ids, least = len(self.ids), self.ids, self.min_cooccur
        counts = self.pairs.counts() if pairs is None else pairs
        if keep is not None:
            counts = _kept(counts, *keep)
        for key, n in counts:
            if n >= least:
                i, j = divmod(key, size)
                yield ConceptEdge(Relation.CO_OCCURS, ids[i], ids[j], n)


def _kept(counts: Iterator[tuple[int, int]], keys_path: str, counts_path: str) -> Iterator[tuple[int, int]]:
    from array import array

    keys, ns = array("q"), array("i")
    with open(keys_path, "wb") as kf, open(counts_path, "wb") as nf:
        for key, n in counts:
            keys.append(key)
            ns.append(n)
            if len(keys) >= 1 << 16:
                keys.tofile(kf), ns.tofile(nf)
                del keys[:], ns[:]
            yield key, n
        keys.tofile(kf), ns.tofile(nf)


def derive(edges: Iterable[PaperConceptEdge], code: Iterable[CodeEdge], types: dict[str, str],
           min_cooccur: int = MIN_COOCCUR) -> Iterator[ConceptEdge]:
    """Derived relations from edges grouped by paper (as ``link`` and the store give them)."""
    official: dict[str, list[CodeEdge]] = defaultdict(list)
    for e in code:
        official[e.paper].append(e)
    d = Deriver(types, min_cooccur)
    for paper, group in _by_paper(edges):
        d.add(group, official.get(paper, ()))
    return d.edges()


def _by_paper(edges: Iterable[PaperConceptEdge]) -> Iterator[tuple[str, list[PaperConceptEdge]]]:
    paper, group = None, []
    for e in edges:
        if e.paper != paper and group:
            yield paper, group
            group = []
        paper = e.paper
        group.append(e)
    if group:
        yield paper, group
