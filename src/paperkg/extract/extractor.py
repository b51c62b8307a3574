"""Per-paper extraction: spaCy spans + acronym pairs + naming rules → typed mentions with
roles, and links. ``Extractor.from_doc`` is pure given the paper and its doc; the corpus
pass lives in ``corpus.py``, worker processes in ``parallel.py``."""
from __future__ import annotations

import bisect
from dataclasses import dataclass

from paperkg.extract.acronyms import find_pairs
from paperkg.extract.candidates import ADJECTIVE_SUFFIX, Cand, Lexicon, is_version, select
from paperkg.extract.docview import DocView, paper_text, split_fields
from paperkg.extract.links import find_urls, is_official
from paperkg.extract.naming import naming_slots, title_name, title_prefix
from paperkg.extract.nlp import make_nlp
from paperkg.extract.resources import load_cues
from paperkg.extract.roles import DATA_TYPES, Slot, better, sentence_roles
from paperkg.extract.typing_rules import LABEL_TYPES, context_type, head_type
from paperkg.model import ENTITY_TYPES, Extraction, Link, Mention, Paper
from paperkg.normalize import norm_key

MAX_TEXT = 100_000  # characters per field; longer text is cut (ingest already reports it)


@dataclass(frozen=True, slots=True)
class Definition:
    short: str
    long: str
    type: str | None
    name: str
    aliases: frozenset[str]


@dataclass(frozen=True, slots=True)
class PaperResult:
    """An extraction plus the sentence starts the corpus pass needs."""

    extraction: Extraction
    sentence_starts: dict[str, tuple[int, ...]]
    shape_words: frozenset[str] = frozenset()  # words a shape pattern matched, for the corpus pass


class Extractor:
    def __init__(self) -> None:
        self.nlp = make_nlp()
        self.lex = Lexicon()
        self.cues = load_cues()

    @staticmethod
    def text_of(paper: Paper) -> str:
        """What the pipeline reads for a paper: title and abstract in one doc."""
        return paper_text(paper.title[:MAX_TEXT], paper.abstract[:MAX_TEXT])

    def extract(self, paper: Paper) -> PaperResult:
        return self.from_doc(paper, self.nlp(self.text_of(paper)))

    def from_doc(self, paper: Paper, doc) -> PaperResult:
        views, matches = split_fields(doc, paper.title[:MAX_TEXT], paper.abstract[:MAX_TEXT])
        defs, blocked = self._definitions(views)
        cands = self._acronym_cands(views, defs)
        cands += self._span_cands(matches, views, defs, blocked)
        cands = select(cands)
        cands += naming_slots(views["abstract"], cands, self.cues, self.lex)
        cands += title_name(views["title"], views["abstract"], cands, self.cues)
        title_prefix(views["title"], views["abstract"], cands, self.cues, self.lex)
        self._roles(views, cands)
        cands = self._decide(cands)
        self._phrase_aliases(views, cands)
        mentions = tuple(
            Mention(type=c.type or "method", name=c.name, surface=c.surface, role=c.role, field=c.field,
                    start=c.start, end=c.end, sentence=c.sentence, rule=c.rule, confidence=c.conf,
                    aliases=tuple(sorted(c.aliases - {c.name})), long_form=c.long_form)
            for c in cands
        )
        starts = {f: tuple(s.start_char for s in v.sents) for f, v in views.items()}
        shaped = frozenset(views[f].texts[s] for f, found in matches.items()
                           for s, e, label, _ in found if e - s == 1 and label.startswith("shape"))
        return PaperResult(Extraction(paper.id, paper.title, mentions, self._links(views)), starts, shaped)

    # -- candidates ---------------------------------------------------------------------
    def _definitions(self, views) -> tuple[dict[str, tuple[Definition, list]], set[str]]:
        """Acronyms the paper defines, resolved against the gazetteer where they agree."""
        defs: dict[str, tuple[Definition, list]] = {}
        blocked: set[str] = set()
        for fld, view in views.items():
            for p in find_pairs(view.text):
                if self.lex.is_blocked(p.short) or self.lex.is_blocked(p.long):
                    blocked.add(p.short)
                    continue
                by_long, by_short = self.lex.lookup(p.long), self.lex.lookup(p.short)
                entry = by_long or by_short
                agrees = by_long is not None or (
                    entry is not None and norm_key(p.long) in {norm_key(a) for a in (entry.name, *entry.aliases)})
                if agrees and entry.type in ENTITY_TYPES:
                    d = Definition(p.short, p.long, entry.type, entry.name,
                                   frozenset({*entry.aliases, p.long, p.short, entry.name}))
                else:
                    # Unknown, or the same short form defined differently (SAM the optimiser vs.
                    # SAM the segmenter): the paper's own definition wins.
                    d = Definition(p.short, p.long, head_type(p.long), p.short, frozenset({p.long}))
                defs.setdefault(p.short, (d, []))[1].append((fld, p))
        return defs, blocked

    def _acronym_cands(self, views, defs) -> list[Cand]:
        out: list[Cand] = []
        if not defs:
            return out
        rank = {s: 3 if d.type else 0 for s, (d, _) in defs.items()}
        for short, (d, occurrences) in defs.items():
            for fld, p in occurrences:
                rng = views[fld].token_range(p.long_start, p.long_end)
                if rng is not None:
                    out.append(Cand(fld, p.long_start, p.long_end, *rng, d.type, d.name,
                                    views[fld].text[p.long_start:p.long_end], "acronym-long", "acronym", 0.9,
                                    set(d.aliases) | {short}, long_form=d.long, supported=True,
                                    type_rank=rank[short]))
        for fld, view in views.items():
            for i, text in enumerate(view.texts):
                if text in defs:
                    d = defs[text][0]
                    out.append(Cand(fld, view.idx[i], view.end_char(i), i, i + 1, d.type, d.name, text,
                                    "acronym-short", "acronym", 0.9, set(d.aliases) | {text},
                                    long_form=d.long, supported=True, type_rank=rank[text]))
        return out

    def _span_cands(self, matches, views, defs, blocked) -> list[Cand]:
        out = []
        for fld, found in matches.items():
            view = views[fld]
            for start, end, label, ident in found:
                if label in ("generic", "ignore") or (fld == "title" and label.endswith("-noun")):
                    continue  # every title word is capitalised: "A Fairer Landmark Dataset" names nothing
                if label in ENTITY_TYPES:
                    text = view.span_text(start, end)
                    entry = self.lex.lookup(text)
                    if text in defs and defs[text][0].name != entry.name:
                        continue  # redefined locally
                    c = Cand(fld, view.idx[start], view.end_char(end - 1), start, end, label,
                             entry.name, text, f"gazetteer:{label}", "gazetteer", 0.95,
                             {entry.name, *entry.aliases, text}, supported=True, type_rank=3)
                    self._extend_version(view, c)
                    out.append(c)
                    continue
                c = self._shape_cand(fld, view, start, end, label, ident, defs, blocked)
                if c is not None:
                    out.append(c)
        return out

    def _shape_cand(self, fld, view: DocView, start, end, label, ident, defs, blocked) -> Cand | None:
        if label.endswith("-noun"):
            end -= 1  # the noun is context, not name
        text = view.span_text(start, end)
        m = ADJECTIVE_SUFFIX.search(text) if end - start == 1 else None
        if m:
            text = text[: m.start()]
        if not text or text in defs or text in blocked or self.lex.is_blocked(text):
            return None
        entry = self.lex.lookup(text) if m else None
        if entry is not None and entry.type not in ENTITY_TYPES:
            return None
        ctype = context_type(view.lowers[end : end + 8])
        typ = entry.type if entry else ctype or LABEL_TYPES.get(label)
        noun = label.endswith("-noun")
        c = Cand(fld, view.idx[start], view.idx[start] + len(text), start, end, typ,
                 entry.name if entry else text, text, ident, "noun" if noun else "shape", 0.75 if noun else 0.7,
                 {text}, needs_support=label == "shape-caps", supported=ctype is not None or entry is not None,
                 # a parameter count ("-7B") is as good as a noun: it names a model
                 type_rank=3 if entry else 2 if ctype or label == "shape-model" else 1 if typ else 0)
        if noun and end < len(view):
            c.aliases.add(f"{text} {view.texts[end]}")
        if not m:
            self._extend_version(view, c)
        return c

    @staticmethod
    def _extend_version(view: DocView, c: Cand) -> None:
        """"InternVideo 2", "Claude 3.5 Sonnet": a following version word belongs to the name."""
        j = c.last
        while j < len(view) and j < c.last + 2 and is_version(view.texts[j]) and view.adjacent(j):
            j += 1
        if j > c.last:
            c.last, c.end = j, view.end_char(j - 1)
            c.surface = c.name = view.text[c.start : c.end]
            c.aliases.add(c.surface)

    # -- decisions ----------------------------------------------------------------------
    def _roles(self, views, cands: list[Cand]) -> None:
        by_sentence: dict[tuple[str, int], list[Cand]] = {}
        for c in cands:
            sent_of = views[c.field].sent_of
            c.sentence = sent_of[c.first] if c.first < len(sent_of) else 0
            by_sentence.setdefault((c.field, c.sentence), []).append(c)
        for (fld, k), group in by_sentence.items():
            view = views[fld]
            sent = view.sents[k]
            lowers = view.lowers[sent.start : sent.end]
            for c in group:
                # "9.3% on HT-Step, 3.4% on HTM-Align": an unknown name evaluated on is data.
                before = lowers[max(0, c.first - sent.start - 3) : c.first - sent.start]
                if c.type_rank < 2 and c.source == "shape" and ("on" in before or "across" in before) \
                        and any(x in self.cues["eval"] for x in lowers):
                    if c.type not in DATA_TYPES:
                        c.type = "benchmark" if any(x.startswith("benchmark") for x in lowers) else "dataset"
                    c.type_rank = 2
            slots = [Slot(c.first - sent.start, c.last - sent.start, c.type or "method", c.source == "gazetteer")
                     for c in group]
            for c, (role, cue) in zip(group, sentence_roles(lowers, slots)):
                if c.cue == "title-prefix":
                    role, cue = ("introduced" if c.type in DATA_TYPES else "proposed"), "title-prefix"
                c.role, c.cue = role, cue
                if c.type_rank < 2 and cue == "propose":
                    t = context_type(view.lowers[c.last : c.last + 8])
                    if t:
                        c.type, c.type_rank = t, 2

    @staticmethod
    def _decide(cands: list[Cand]) -> list[Cand]:
        """Paper-level decisions: one type and the strongest role per name; drop candidates
        that needed support and found none."""
        info: dict[str, dict] = {}
        for c in cands:
            i = info.setdefault(norm_key(c.name), {"role": "mentioned", "type": None, "rank": -1, "supported": False})
            i["role"] = better(c.role, i["role"])
            if c.type is not None and c.type_rank > i["rank"]:
                i["type"], i["rank"] = c.type, c.type_rank
            i["supported"] = i["supported"] or c.supported or c.role in ("proposed", "introduced")
        out = []
        for c in cands:
            i = info[norm_key(c.name)]
            if c.needs_support and not i["supported"]:
                continue
            if c.source == "acronym" and i["type"] is None and i["role"] not in ("proposed", "introduced"):
                continue  # a definition whose long form says nothing about its type
            c.type = i["type"] or "method"
            if c.source == "shape" and i["type"] is None:
                c.conf = 0.6  # the type is only the default; the corpus pass may know better
            role = i["role"]
            if role in ("proposed", "introduced"):
                role = "introduced" if c.type in DATA_TYPES else "proposed"
            elif role == "evaluated_on" and c.type not in DATA_TYPES:
                role = "used"
            c.role = role
            out.append(c)
        return out

    def _phrase_aliases(self, views, cands: list[Cand]) -> None:
        """Keep how the text itself names a data collection: "the COCO keypoints dataset",
        "the ImageNet test set" add those phrases as aliases of COCO and ImageNet."""
        nouns = self.cues["dataset_nouns"] | self.cues["benchmark_nouns"] | {"set", "database", "competition", "split"}
        for c in cands:
            if c.type not in DATA_TYPES:
                continue
            view = views[c.field]
            words: list[str] = []
            j = c.last
            while j < len(view) and j < c.last + 3 and view.texts[j][:1].isalnum() and not view.is_stop(j):
                words.append(view.texts[j])
                j += 1
                if view.lowers[j - 1] in nouns:
                    c.aliases.add(f"{c.surface} {' '.join(words)}")

    @staticmethod
    def _links(views) -> tuple[Link, ...]:
        out = []
        for fld, view in views.items():
            starts = [s.start_char for s in view.sents]
            for u in find_urls(view.text):
                k = max(0, bisect.bisect_right(starts, u.start) - 1)
                sentence = view.sentence_text(k) if view.sents else view.text
                out.append(Link(u.url, u.kind, u.repo, is_official(sentence), fld, u.start, u.end))
        return tuple(out)
