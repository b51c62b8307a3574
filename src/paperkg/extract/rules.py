"""Rule ids made in Python (not in a pattern file), registered once so that every rule id
a mention can carry is known: ``paperkg explain`` and the tests read this table."""
from __future__ import annotations

VETO_CATALOGUE = "veto-catalogue-number"
FAMILY_RULE = "family-version"
VERSIONED_RULE = "generic-version"

PYTHON_RULES: dict[str, str] = {
    "acronym-long": "the long form of an acronym the paper defines (Schwartz-Hearst pairing)",
    "acronym-short": "the short form of an acronym the paper defines",
    "name-slot": "the words in a naming slot: 'we propose X, a …', 'called X', 'we call it X'",
    "title-name": "a short title the abstract introduces as a name",
    "title-prefix": "the name before 'Name: subtitle' (or ' - ', ' — ') or after a closing 'with Name'",
    "corpus": "a name another paper of the run defines, found in this paper",
    "context-name": "a plain capitalised word that a data list or cue names ('on MMLU and Snorkeltown')",
    "gazetteer-case": "a distinctive gazetteer name written in another case (Webshop for WebShop)",  # nlp.CASE_RULE
    FAMILY_RULE: "a listed model family with a version no list has yet ('Llama 3.3', 'Qwen 3')",
    VERSIONED_RULE: "a field's acronym with a version names a release of its data ('VQA v2.0')",
    VETO_CATALOGUE: "a sky catalogue word before a number (NGC 6752) is never a name",
}


def rule_ids() -> set[str]:
    """Every rule id a mention may carry: pattern ids, gazetteer rules and Python rules."""
    from paperkg.extract.resources import load_patterns
    from paperkg.kinds import ENTITY_TYPES

    return {p.id for p in load_patterns()} | {f"gazetteer:{t}" for t in ENTITY_TYPES} | set(PYTHON_RULES)
