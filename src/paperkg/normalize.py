"""Name normalisation shared by ingest (title identity), link and evaluate.

This is the comparison key defined in the evaluation README: NFKD, accents dropped, LaTeX
escape backslashes and quote marks dropped, lower-cased, only a–z and 0–9 kept. So
``TÜLU 3``, ``T\\"ULU 3`` and ``tulu-3`` all give ``tulu3``.
"""
from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

_LATEX_ACCENT = re.compile(r"\\[\"'`^~=.uvHckr]\{?([A-Za-z])\}?")
_NOT_ALNUM = re.compile(r"[^a-z0-9]+")


_ASCII_DROP = {c: None for c in range(128) if not chr(c).isalnum() or chr(c).isupper()}


def text_key(text: str) -> str:
    """``norm_key`` without its cache, for long texts (abstracts) seen once."""
    if "\\" in text:
        text = _LATEX_ACCENT.sub(r"\1", text)
    if text.isascii():  # nothing to decompose; dropping characters is one C pass
        return text.lower().translate(_ASCII_DROP)
    decomposed = unicodedata.normalize("NFKD", text)
    text = "".join(c for c in decomposed if not unicodedata.combining(c))
    return _NOT_ALNUM.sub("", text.lower())


@lru_cache(maxsize=200_000)
def norm_key(text: str) -> str:
    """The comparison key of a name: ``"Llama-3.1 8B"`` → ``"llama318b"``."""
    return text_key(text)


_ACRONYM_PLURAL = re.compile(r"[A-Z0-9]s$")
_WORD_PLURAL = re.compile(r"[A-Za-z]{3}[^s\W]s$")


@lru_cache(maxsize=200_000)
def concept_key(text: str) -> str:
    """The key under which one concept's names meet: ``norm_key`` of the singular.
    An acronym's plural ("ViTs", "NeRFs", "LLMs") and a plural closing a multi-word name
    ("Vision Transformers", "Neural Radiance Fields") name the same thing as the singular;
    "Atlas" or "Sparse Gaussian Process" are left alone (no "ss", one-word names keep
    their s)."""
    if _ACRONYM_PLURAL.search(text) or (" " in text.strip() and _WORD_PLURAL.search(text)):
        text = text[:-1]
    return norm_key(text)


def slug(text: str, limit: int = 80) -> str:
    """A readable, stable id fragment: ``"Direct Preference Optimization"`` →
    ``"direct-preference-optimization"``; ``"RealCustom++"`` → ``"realcustom-plus-plus"``."""
    text = text.replace("++", " plus plus ").replace("+", " plus ")
    decomposed = unicodedata.normalize("NFKD", text)
    stripped = "".join(c for c in decomposed if not unicodedata.combining(c)).lower()
    out = re.sub(r"[^a-z0-9]+", "-", stripped).strip("-")
    if not out:
        # Non-Latin names keep a readable id through their code points.
        out = "u" + "-".join(f"{ord(c):x}" for c in text.strip()[:12])
    return out[:limit].rstrip("-")
