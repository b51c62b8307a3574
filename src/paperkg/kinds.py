"""Entity types and roles, defined once.

Each type and each role is a ``StrEnum`` member with one spec row. The Neo4j schema
(labels, relationship types), the RDF vocabulary (classes, properties), the role rules,
``evaluate`` (categories) and ``plot`` (colours) all read these rows, so adding a type or
a role is one line here plus its terms in the ontology.
"""
from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class EntityType(StrEnum):
    METHOD = "method"
    DATASET = "dataset"
    BENCHMARK = "benchmark"
    TASK = "task"
    METRIC = "metric"


class Role(StrEnum):
    PROPOSED = "proposed"
    INTRODUCED = "introduced"
    EVALUATED_ON = "evaluated_on"
    COMPARED = "compared"
    USED = "used"
    MENTIONED = "mentioned"


class Relation(StrEnum):
    """Concept → concept (or repository) relations the link stage derives from papers."""

    BENCHMARKED_ON = "benchmarked_on"  # a paper proposes the method and evaluates on the data
    IMPLEMENTED_IN = "implemented_in"  # official code of the paper proposing the method
    CO_OCCURS = "co_occurs"  # named together by at least MIN_COOCCUR papers


@dataclass(frozen=True, slots=True)
class TypeSpec:
    label: str  # Neo4j label (beside ``Concept``)
    rdf: str  # local name of the class in the pk: ontology
    category: str  # evaluate's category: datasets and benchmarks are scored together as data
    colour: str  # plot colour
    data: bool  # a data collection: evaluated on, introduced rather than proposed
    claimable: bool  # a paper can propose/introduce one (tasks and metrics are only named)


@dataclass(frozen=True, slots=True)
class RoleSpec:
    rel: str  # Neo4j relationship type from the paper
    rdf: str  # local name of the property in the pk: ontology
    rank: int  # strength: a mention's strongest role wins (lower is stronger)
    claim: bool  # the paper's own contribution


@dataclass(frozen=True, slots=True)
class RelationSpec:
    rel: str  # Neo4j relationship type
    rdf: str  # local name of the property in the pk: ontology


TYPES: dict[EntityType, TypeSpec] = {
    EntityType.METHOD: TypeSpec("Method", "Method", "methods", "#4C72B0", data=False, claimable=True),
    EntityType.DATASET: TypeSpec("Dataset", "Dataset", "data", "#55A868", data=True, claimable=True),
    EntityType.BENCHMARK: TypeSpec("Benchmark", "Benchmark", "data", "#C44E52", data=True, claimable=True),
    EntityType.TASK: TypeSpec("Task", "Task", "tasks", "#8172B2", data=False, claimable=False),
    EntityType.METRIC: TypeSpec("Metric", "Metric", "metrics", "#CCB974", data=False, claimable=False),
}

ROLES: dict[Role, RoleSpec] = {
    Role.PROPOSED: RoleSpec("PROPOSES", "proposes", 0, claim=True),
    Role.INTRODUCED: RoleSpec("INTRODUCES", "introduces", 0, claim=True),
    Role.EVALUATED_ON: RoleSpec("EVALUATES_ON", "evaluatesOn", 1, claim=False),
    Role.COMPARED: RoleSpec("COMPARES_WITH", "comparesWith", 2, claim=False),
    Role.USED: RoleSpec("USES", "uses", 3, claim=False),
    Role.MENTIONED: RoleSpec("MENTIONS", "mentions", 4, claim=False),
}

RELATIONS: dict[Relation, RelationSpec] = {
    Relation.BENCHMARKED_ON: RelationSpec("BENCHMARKED_ON", "benchmarkedOn"),
    Relation.IMPLEMENTED_IN: RelationSpec("IMPLEMENTED_IN", "implementedIn"),
    Relation.CO_OCCURS: RelationSpec("CO_OCCURS", "coOccursWith"),
}

ENTITY_TYPES: tuple[str, ...] = tuple(EntityType)
ALL_ROLES: tuple[str, ...] = tuple(Role)
DATA_TYPES: frozenset[str] = frozenset(t for t, s in TYPES.items() if s.data)
CLAIM_ROLES: frozenset[str] = frozenset(r for r, s in ROLES.items() if s.claim)
CLAIMABLE: frozenset[str] = frozenset(t for t, s in TYPES.items() if s.claimable)
CATEGORIES: dict[str, tuple[str, ...]] = {}
for _t, _s in TYPES.items():
    CATEGORIES.setdefault(_s.category, ())
    CATEGORIES[_s.category] += (str(_t),)


def is_data(typ: str | None) -> bool:
    return typ in DATA_TYPES


def is_claim(role: str) -> bool:
    return role in CLAIM_ROLES


def stronger(a: str, b: str) -> str:
    """The stronger of two roles (a claim beats evaluated_on beats … mentioned)."""
    return a if ROLES[Role(a)].rank <= ROLES[Role(b)].rank else b


def fit_role(role: str, typ: str) -> str:
    """The role as it reads for this type: data is introduced, a method proposed; only
    data is evaluated on (a method there is used)."""
    if is_claim(role):
        return Role.INTRODUCED if is_data(typ) else Role.PROPOSED
    if role == Role.EVALUATED_ON and not is_data(typ):
        return Role.USED
    return Role(role)
