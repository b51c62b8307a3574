"""Candidate mentions and the choice among overlapping ones."""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from paperkg.extract.evidence import Evidence, decide, is_strong
from paperkg.extract.resources import GazetteerEntry, load_cues, load_gazetteers
from paperkg.normalize import concept_key, norm_key

# Priority when two candidates cover the same characters: a definition in the paper or a
# gazetteer entry beats the title prefix, which beats a noun pattern, which beats a shape.
PRIORITY = {"acronym": 4, "gazetteer": 3, "title": 2, "noun": 1, "shape": 0, "corpus": 0}
# "LLM-based", "GPT-4-generated": the suffix describes, the name is what is before it.
ADJECTIVE_SUFFIX = re.compile(
    r"-(?:based|like|style|level|driven|powered|generated|guided|aware|free|specific|centric|"
    r"friendly|only|augmented|enhanced|assisted|informed|conditioned|tuned|finetuned|"
    r"fine-tuned|labeled|labelled|annotated|sized|scale|class|grade|type|series|family|"
    r"related|inspired|derived|compatible|native|as-a-judge|judged|trained|pretrained|pre-trained|distilled|"
    r"initialized|initialised|optimized|optimised|induced|supervised|tailored|oriented|agnostic|dependent|"
    r"invariant|equivariant|efficient|focused|centered|centred|intensive|enabled|wise|engineered|designed|"
    r"crafted|written|curated)$",
    re.IGNORECASE,  # title case too: "LLM-Driven", "CLIP-Based"
)
_VERSION = re.compile(r"^(?:v?\d+(?:\.\d+)*|V\d+(?:\.\d+)*)$")
_FAMILY = re.compile(r"^([A-Za-z]{3,})[ -][vV]?\d+(?:\.\d+)*[a-z]?(?: [A-Za-z]+)?$")
_UNSEEN = object()
_GREEK = frozenset(
    "alpha beta gamma delta epsilon zeta eta theta iota kappa lambda rho sigma tau phi chi psi omega".split())


@dataclass
class Cand:
    field: str
    start: int
    end: int
    first: int  # token index in the field's doc
    last: int
    name: str
    surface: str
    rule: str
    source: str  # key of PRIORITY
    conf: float
    evidence: list[Evidence] = field(default_factory=list)  # what the type rests on (evidence.py)
    aliases: set[str] = field(default_factory=set)
    long_form: str | None = None
    needs_support: bool = False
    supported: bool = False
    role: str = "mentioned"
    cue: str = "none"
    sentence: int = 0
    shape_type: str | None = None  # the type the name's own form says (-Bench, -7B), if any

    @property
    def type(self) -> str | None:
        return decide(self.evidence)[0] if self.evidence else None

    @property
    def typed(self) -> bool:
        """Typed by the paper's own words, a list or a gazetteer, not only by form or default."""
        return is_strong(self.evidence)

    def add(self, kind: str, typ: str | None) -> None:
        if typ is not None and (kind, typ) not in self.evidence:
            self.evidence.append((kind, typ))


class Lexicon:
    """Gazetteer lookups by exact alias and by normalised key."""

    def __init__(self) -> None:
        self.by_exact: dict[str, GazetteerEntry] = {}
        self.by_key: dict[str, GazetteerEntry] = {}
        self.by_singular: dict[str, GazetteerEntry] = {}
        self._seen: dict[str, GazetteerEntry | None] = {}  # lookups already made (words recur)
        for e in load_gazetteers():
            for alias in (e.name, *e.aliases):
                self.by_exact.setdefault(alias, e)
                self.by_key.setdefault(norm_key(alias), e)
                self.by_singular.setdefault(concept_key(alias), e)
        self.blocked_keys = {k for k, e in self.by_key.items() if e.type in ("generic", "ignore")}
        # model families that come in versions ("Llama 3.1", "Qwen 2.5", "Gemma-2"): the
        # family word of every listed method named "<Word> <version>", lower-cased
        self.families = frozenset(
            m.group(1).lower() for e in load_gazetteers() if e.type == "method"
            for alias in (e.name, *e.aliases) if (m := _FAMILY.match(alias))) - _GREEK

    def lookup(self, text: str) -> GazetteerEntry | None:
        """By exact alias, by normalised key, then by singular ("ViTs", "Vision Transformers")."""
        hit = self._seen.get(text, _UNSEEN)
        if hit is _UNSEEN:
            hit = self.by_exact.get(text) or self.by_key.get(norm_key(text)) \
                or self.by_singular.get(concept_key(text))
            if len(self._seen) > 200_000:
                self._seen.clear()
            self._seen[text] = hit
        return hit

    def is_blocked(self, text: str) -> bool:
        key = norm_key(text)
        return key in self.blocked_keys or key.rstrip("s") in self.blocked_keys

    def is_generic_compound(self, text: str) -> bool:
        """"LLM-judge", "RL-agent", "LLM-teacher": every part a generic term or an ordinary
        lower-case word."""
        parts = text.split("-")
        return len(parts) > 1 and all(p.islower() and p.isalpha() or self.is_blocked(p) for p in parts)


def is_version(word: str) -> bool:
    return bool(_VERSION.match(word)) or word.lower() in load_cues()["version"]


def select(cands: list[Cand]) -> list[Cand]:
    """Keep non-overlapping candidates, longest first, then by source priority; merge what
    the losers knew about the same characters (aliases, a type, support)."""
    order = sorted(cands, key=lambda c: (c.field, -(c.end - c.start), -PRIORITY[c.source], c.start))
    kept: list[Cand] = []
    taken: dict[str, list[Cand]] = {}
    for c in order:
        clash = next((k for k in taken.get(c.field, ()) if c.start < k.end and k.start < c.end), None)
        if clash is None:
            kept.append(c)
            taken.setdefault(c.field, []).append(c)
        elif clash.start == c.start and clash.end == c.end:
            clash.aliases |= c.aliases
            clash.supported = clash.supported or c.supported or c.source in ("acronym", "gazetteer", "noun")
            for ev in c.evidence:
                clash.add(*ev)
            clash.shape_type = clash.shape_type or c.shape_type
    return sorted(kept, key=lambda c: (c.field != "title", c.start))
