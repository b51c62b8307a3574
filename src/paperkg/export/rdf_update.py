"""An update's additions to a plain RDF file (``update``): the new papers' section, the
triples re-listed papers gain, and the concept section written again after them."""
from __future__ import annotations

import os
from collections.abc import Callable, Iterator

from paperkg.export.rdf import (ID, Group, _chunks, _code, _counted, _paper, _seg, _terms, _write, concept_groups,
                                paper_iri, section_groups)
from paperkg.graph import Graph


def paper_groups(graph: Graph, version: str, annotations: bool = True, relisted=()) -> Iterator[Group]:
    """The paper section of a graph that holds only some papers (an update's new ones),
    without the agent and activity a build's first part describes. ``relisted``: (old
    paper, new paper, old code edges, new code edges) of papers listed again, whose new
    triples come first (the merge only adds, so the old ones all still hold)."""
    P, C = _terms()
    activity = f"<{ID}activity/extract/paperkg-{_seg(version)}>"
    for old, new, before, after in relisted:
        had = set(_paper(old, P, C, activity)) | {po for e in before for po in _code(e, P)}
        gained = [po for po in (*_paper(new, P, C, activity), *(po for e in after for po in _code(e, P)))
                  if po not in had]
        if gained:
            yield f"<{paper_iri(new.id)}>", gained
    for section in ("papers", "edges", "code"):
        yield from section_groups(graph, version, annotations, section)


def append_rdf(new_papers: Graph, whole: Graph, path: str, version: str, annotations: bool = True,
               relisted=(), splice: Callable[[str], int | None] | None = None) -> dict:
    """Add an update to a plain RDF file already cut at its concept section: the new
    papers' section (with what ``relisted`` papers gain), then the concept section of the
    ``whole`` graph: from ``splice(path)`` when given (it appends the section and returns
    its triples, or None if it cannot), else made from the records. Returns the paper
    triples added, the concept section's triples and the byte where it now starts."""
    turtle = ".ttl" in os.path.basename(path)
    papers, concepts = [0], [0]
    _write(_chunks(_counted(paper_groups(new_papers, version, annotations, relisted), papers), turtle, True), path,
           append=True)
    at = os.path.getsize(path)
    spliced = splice(path) if splice else None
    if spliced is None:
        _write(_chunks(_counted(concept_groups(whole, version), concepts), turtle, True), path, append=True)
    return {"paper_triples": papers[0], "concept_triples": concepts[0] if spliced is None else spliced,
            "concepts_at": at}
