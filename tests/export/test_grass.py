"""queries/paperkg.grass, the Neo4j Browser stylesheet: a caption and a colour per label."""
from __future__ import annotations

import re

from paperkg.export.schema import CONCEPT_PROPS, PAPER_PROPS, REPOSITORY_PROPS, Label
from paperkg.kinds import TYPES
from paths import QUERIES


def test_grass_styles_every_label_with_a_caption_the_schema_has():
    text = (QUERIES / "paperkg.grass").read_text()
    rules = dict(re.findall(r"node\.(\w+)\s*\{(.*?)\n\}", text, re.S))
    assert set(rules) == {str(l) for l in Label}
    props = {Label.PAPER: PAPER_PROPS, Label.REPOSITORY: REPOSITORY_PROPS}
    for label, body in rules.items():
        (caption,) = re.findall(r'caption:\s*"\{(\w+)\}"', body)
        assert caption in props.get(label, CONCEPT_PROPS), (label, caption)
        assert re.search(r"\bcolor:\s*#[0-9A-F]{6};", body), label
    for spec in TYPES.values():  # concept colours are the plots' colours
        assert f"color: {spec.colour};" in rules[spec.label]
