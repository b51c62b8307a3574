from __future__ import annotations

import random
import re
import string
import unicodedata

from paperkg.ingest.clean import clean_text
from paperkg.normalize import norm_key, text_key


def _reference(text: str) -> str:
    """The evaluation README's key, spelt out: LaTeX accent escapes dropped, NFKD, combining
    marks dropped, lower case, only a-z and 0-9 kept."""
    text = re.sub(r"\\[\"'`^~=.uvHckr]\{?([A-Za-z])\}?", r"\1", text)
    text = "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))
    return re.sub(r"[^a-z0-9]+", "", text.lower())


def test_normalize_fast_paths_agree_with_the_reference():
    rng = random.Random(7)
    alphabet = string.printable + "ÄéΩ模ﬁ\u00a0\\\"'{}"
    for _ in range(5000):
        text = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 30)))
        assert text_key(text) == norm_key(text) == _reference(text), repr(text)


def test_normalize_examples():
    assert norm_key("Llama-3.1 8B") == "llama318b"
    assert norm_key('T\\"ULU 3') == norm_key("TÜLU 3") == "tulu3"


def test_clean_text_white_space_runs_become_one_space():
    assert clean_text("  a\t\n b\u00a0\u2003c  ") == "a b c"
    assert clean_text("no LaTeX here, 5% off") == "no LaTeX here, 5% off"
