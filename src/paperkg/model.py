"""Typed, closed records passed between the stages.

Every record is a frozen, slotted dataclass: misspelt fields fail at construction and
nothing downstream can mutate what an earlier stage produced. ``to_dict``/``from_dict``
give the JSON Lines shape written between stages.
"""
from __future__ import annotations

from dataclasses import dataclass, fields
from typing import Any, Literal, NamedTuple

from paperkg.kinds import ALL_ROLES as ROLES, ENTITY_TYPES, EntityType, Role  # noqa: F401  (re-exported)

Field = Literal["title", "abstract"]
LinkKind = Literal["code", "project-page", "model", "dataset", "video", "other"]



class _Record:
    """``to_dict``/``from_dict`` for flat records (fields of plain values)."""

    __slots__ = ()

    def to_dict(self) -> dict[str, Any]:
        # by hand, not dataclasses.asdict (which deep-copies): the same JSON, several times faster
        out = {}
        for k in _names(type(self)):
            v = getattr(self, k)
            out[k] = list(v) if isinstance(v, tuple) else v
        return out

    @classmethod
    def from_dict(cls, data: dict[str, Any]):
        return _from_dict(cls, data)


_NAMES: dict[type, tuple[str, ...]] = {}


def _names(cls) -> tuple[str, ...]:
    """A record class's field names, in order (``dataclasses.fields`` is slow to call per record)."""
    got = _NAMES.get(cls)
    if got is None:
        got = _NAMES[cls] = tuple(f.name for f in fields(cls))
    return got


def _from_dict(cls, data: dict[str, Any]):
    names = _names(cls)
    unknown = set(data).difference(names)
    if unknown:
        raise ValueError(f"{cls.__name__}: unknown field(s) {sorted(unknown)}")
    kwargs = {k: tuple(v) if isinstance(v, list) else v for k, v in data.items()}
    return cls(**kwargs)


@dataclass(frozen=True, slots=True)
class Paper:
    """One paper after ingest: cleaned text, stable id, every place it was seen."""

    id: str
    title: str
    abstract: str
    authors: tuple[str, ...] = ()
    date: str | None = None
    url: str | None = None
    categories: tuple[str, ...] = ()
    sources: tuple[str, ...] = ()
    code_url: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {"id": self.id, "title": self.title, "abstract": self.abstract, "authors": list(self.authors),
                "date": self.date, "url": self.url, "categories": list(self.categories),
                "sources": list(self.sources), "code_url": self.code_url}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> "Paper":
        return _from_dict(cls, data)


@dataclass(frozen=True, slots=True)
class Mention:
    """A named thing found in a paper's title or abstract, with exact provenance."""

    type: str
    name: str
    surface: str
    role: str
    field: str
    start: int
    end: int
    sentence: int
    rule: str
    confidence: float
    aliases: tuple[str, ...] = ()
    long_form: str | None = None
    evidence: tuple[str, ...] = ()  # "kind:type" pieces the type rests on (extract/evidence.py)

    def to_dict(self) -> dict[str, Any]:
        # by hand: dataclasses.asdict deep-copies and is the slowest part of writing a build
        d = {"type": self.type, "name": self.name, "surface": self.surface, "role": self.role, "field": self.field,
             "start": self.start, "end": self.end, "sentence": self.sentence, "rule": self.rule,
             "confidence": self.confidence, "aliases": list(self.aliases)}
        if self.long_form is not None:
            d["long_form"] = self.long_form
        d["evidence"] = list(self.evidence)
        return d

    def row(self) -> tuple:
        """This mention as a ``ROW`` of built-in values."""
        return (str(self.type), self.name, self.surface, str(self.role), self.field, self.start, self.end,
                self.sentence, self.aliases, self.long_form, self.rule, self.confidence)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> "Mention":
        try:  # the shape this class writes; anything else goes the checked way
            return cls(data["type"], data["name"], data["surface"], data["role"], data["field"], data["start"],
                       data["end"], data["sentence"], data["rule"], data["confidence"], tuple(data["aliases"]),
                       data.get("long_form"), tuple(data["evidence"])) if len(data) in (12, 13) else \
                _from_dict(cls, data)
        except KeyError:
            return _from_dict(cls, data)


@dataclass(frozen=True, slots=True)
class Link:
    """A URL found in the text, canonicalised and classified."""

    url: str
    kind: str
    repo: str | None
    official: bool
    field: str
    start: int
    end: int
    sentence: int = 0
    rule: str = "url"  # how it was found: a URL in the text ("url") or the listing's own field ("metadata")

    def to_dict(self) -> dict[str, Any]:
        return {"url": self.url, "kind": self.kind, "repo": self.repo, "official": self.official, "field": self.field,
                "start": self.start, "end": self.end, "sentence": self.sentence, "rule": self.rule}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> "Link":
        return _from_dict(cls, data)


@dataclass(frozen=True, slots=True)
class Extraction:
    """Everything the extractor found in one paper."""

    id: str
    title: str
    entities: tuple[Mention, ...] = ()
    links: tuple[Link, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "title": self.title,
            "entities": [m.to_dict() for m in self.entities],
            "links": [l.to_dict() for l in self.links],
        }

    def found(self) -> "Found":
        """This extraction as ``Found``."""
        return self.id, [m.row() for m in self.entities], self.links

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> "Extraction":
        return cls(
            id=data["id"],
            title=data["title"],
            entities=tuple(Mention.from_dict(m) for m in data.get("entities", ())),
            links=tuple(Link.from_dict(l) for l in data.get("links", ())),
        )


# An extraction as it streams between the processes of a build (pass two to the concept
# resolver and to the edge pass): the paper's id, a row per mention, its links. A row is a
# plain tuple of a mention's fields in ROW's order, without its type evidence: unpickled,
# rows cost a fraction of what parsing JSON into Mentions does.
ROW = ("type", "name", "surface", "role", "field", "start", "end", "sentence", "aliases", "long_form", "rule",
       "confidence")
Found = tuple[str, list[tuple], tuple[Link, ...]]


@dataclass(frozen=True, slots=True)
class Concept:
    """A canonical concept shared by papers: the node the graph is built around."""

    id: str
    type: str
    name: str
    aliases: tuple[str, ...]
    acronym: str | None
    long_form: str | None
    papers: int
    proposed_by: tuple[str, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        return {"id": self.id, "type": self.type, "name": self.name, "aliases": list(self.aliases),
                "acronym": self.acronym, "long_form": self.long_form, "papers": self.papers,
                "proposed_by": list(self.proposed_by)}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> "Concept":
        return _from_dict(cls, data)


# --- the link stage's result: what export, push, serve and the notebooks read -------------


class Place(NamedTuple):
    """Where one mention of a concept sits in its paper. A named tuple, not a frozen
    dataclass: the edge pass makes one per mention, and every reader of the paper edges
    (the exports above all) one per place read; a tuple is made in a fraction of the time."""

    field: str
    start: int
    end: int
    sentence: int
    rule: str
    surface: str
    confidence: float

    def to_list(self) -> list[Any]:
        return list(self)


@dataclass(frozen=True, slots=True)
class PaperConceptEdge:
    """A paper names a concept, in one role (its first mention's), at these places (first
    first); one per paper and concept."""

    paper: str
    concept: str
    role: str
    places: tuple[Place, ...]

    @property
    def confidence(self) -> float:
        return max(p.confidence for p in self.places)

    def to_dict(self) -> dict[str, Any]:
        # places as compact rows: this is the biggest file of a build
        return {"paper": self.paper, "concept": self.concept, "role": self.role,
                "places": [p.to_list() for p in self.places]}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> "PaperConceptEdge":
        return cls(data["paper"], data["concept"], data["role"], tuple(map(Place._make, data["places"])))


@dataclass(frozen=True, slots=True)
class Repository(_Record):
    """A code repository a paper links to."""

    id: str
    name: str
    host: str
    url: str


@dataclass(frozen=True, slots=True)
class CodeEdge(_Record):
    """A paper links to a repository; ``official`` when it is the paper's own code."""

    paper: str
    repo: str
    official: bool
    field: str
    start: int
    end: int
    sentence: int
    rule: str


@dataclass(frozen=True, slots=True)
class ConceptEdge(_Record):
    """A relation derived from the papers (``kinds.Relation``), with how many papers support it."""

    relation: str
    source: str
    target: str
    papers: int
