"""The one table of entity types and roles, and everything that derives from it."""
from __future__ import annotations

from paperkg import evaluate, kinds, plot
from paperkg.export import schema, vocab


def test_kinds_every_type_reaches_schema_vocab_evaluate_and_plot():
    for t, spec in kinds.TYPES.items():
        assert schema.LABEL_OF_TYPE[t] == spec.label
        assert vocab.CONCEPT_CLASS[t] == vocab.PK[spec.rdf]
        assert f"{t}s" in evaluate.GOLD_KEYS[spec.category]
        assert plot.TYPE_COLOURS[t] == spec.colour


def test_kinds_every_role_has_a_relationship_and_a_property():
    for r, spec in kinds.ROLES.items():
        assert schema.REL_OF_ROLE[r] == spec.rel
        assert vocab.ROLE_PROPERTY[spec.rel] == vocab.PK[spec.rdf]


def test_kinds_role_rules():
    assert kinds.CLAIM_ROLES == {"proposed", "introduced"}
    assert kinds.fit_role("proposed", "benchmark") == "introduced"
    assert kinds.fit_role("introduced", "method") == "proposed"
    assert kinds.fit_role("evaluated_on", "method") == "used"
    assert kinds.stronger("used", "evaluated_on") == "evaluated_on"
    assert kinds.stronger("mentioned", "introduced") == "introduced"
