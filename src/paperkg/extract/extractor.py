"""Per-paper extraction: spaCy spans + acronym pairs + naming rules → typed mentions with
roles, and links. ``Extractor.from_doc`` is pure given the paper and its doc; the corpus
pass lives in ``corpus.py``, worker processes in ``parallel.py``."""
from __future__ import annotations

import bisect
import re
from dataclasses import dataclass

from paperkg.extract.acronyms import find_pairs, is_caps_name, spelled_pairs, title_pair
from paperkg.extract.candidates import ADJECTIVE_SUFFIX, Cand, Lexicon, is_version, select
from paperkg.extract.context import context_names, sentence_evidence
from paperkg.extract.docview import DocView, paper_text, split_fields
from paperkg.extract.evidence import encode
from paperkg.extract.links import find_urls, is_official
from paperkg.extract.rules import FAMILY_RULE, VERSIONED_RULE
from paperkg.extract.naming import naming_slots, our_list_names, title_name, title_prefix
from paperkg.extract.nlp import make_nlp
from paperkg.extract.resources import load_cues, patterns_by_id
from paperkg.extract.roles import Slot, sentence_roles
from paperkg.extract.nlp import CASE_RULE
from paperkg.extract.vetoes import vetoed_tokens
from paperkg.extract.typing_rules import CONTEXT_WORDS, appositive_type, context_evidence, head_type, not_entity
from paperkg.kinds import CLAIMABLE, ENTITY_TYPES, fit_role, is_claim, is_data, stronger
from paperkg.model import Extraction, Link, Mention, Paper
from paperkg.normalize import norm_key

MAX_TEXT = 100_000  # characters per field; longer text is cut (ingest already reports it)


@dataclass(frozen=True, slots=True)
class Definition:
    short: str
    long: str
    type: str | None
    name: str
    aliases: frozenset[str]
    kind: str  # evidence kind behind the type: gazetteer or definition


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
        vetoed = {f: vetoed_tokens(views[f], found, self.cues) for f, found in matches.items()}
        defs, blocked = self._definitions(views, matches)
        cands = self._acronym_cands(views, defs)
        cands += self._span_cands(matches, views, defs, blocked, vetoed)
        cands += self._family_versions(views, vetoed)
        cands = select(cands)
        cands += naming_slots(views["abstract"], cands, self.cues, self.lex)
        cands += our_list_names(views["abstract"], cands, self.lex)
        cands += title_name(views["title"], views["abstract"], cands, self.cues)
        title_prefix(views["title"], views["abstract"], cands, self.cues, self.lex)
        cands += context_names(views["abstract"], cands, self.cues, self.lex, vetoed["abstract"])
        by_sentence = self._sentences(views, cands)
        self._context(views, by_sentence)
        self._roles(views, by_sentence)
        cands = self._decide(cands)
        self._phrase_aliases(views, cands)
        mentions = tuple(
            Mention(type=c.type or "method", name=c.name, surface=c.surface, role=c.role, field=c.field,
                    start=c.start, end=c.end, sentence=c.sentence, rule=c.rule, confidence=c.conf,
                    aliases=tuple(sorted(c.aliases - {c.name})), long_form=c.long_form,
                    evidence=encode(c.evidence))
            for c in cands
        )
        starts = {f: tuple(s.start_char for s in v.sents) for f, v in views.items()}
        shaped = frozenset(views[f].texts[s] for f, found in matches.items()
                           for s, e, kind, _ in found if e - s == 1 and kind == "shape")
        return PaperResult(Extraction(paper.id, paper.title, mentions, self._links(views)), starts, shaped)

    # -- candidates ---------------------------------------------------------------------
    def _definitions(self, views, matches) -> tuple[dict[str, tuple[Definition, list]], set[str]]:
        """Acronyms the paper defines, resolved against the gazetteer where they agree."""
        defs: dict[str, tuple[Definition, list]] = {}
        blocked: set[str] = set()
        for fld, p in self._pairs(views, matches):
            if self.lex.is_blocked(p.short) or self.lex.is_blocked(p.long):
                blocked.add(p.short)
                continue
            by_long, by_short = self.lex.lookup(p.long), self.lex.lookup(p.short)
            entry = by_long or by_short
            agrees = by_long is not None or (
                entry is not None and norm_key(p.long) in {norm_key(a) for a in (entry.name, *entry.aliases)})
            if agrees and entry.type in ENTITY_TYPES:
                d = Definition(p.short, p.long, entry.type, entry.name,
                               frozenset({*entry.aliases, p.long, p.short, entry.name}), "gazetteer")
            elif not_entity(p.long):
                blocked.add(p.short)  # "European Space Agency (ESA)": an organisation, not a concept
                continue
            else:
                # Unknown, or the same short form defined differently (SAM the optimiser vs.
                # SAM the segmenter): the paper's own definition wins.
                t = None if p.spelled else head_type(p.long)
                if t == "task" and self._technique_after(views[fld].text, p.short_end):
                    t = "method"  # "the Reward Difference Prediction (RDP) objective": a technique, not the task
                d = Definition(p.short, p.long, t, p.short, frozenset({p.long}), "definition")
            defs.setdefault(p.short, (d, []))[1].append((fld, p))
        return defs, blocked

    def _technique_after(self, text: str, short_end: int) -> bool:
        """The bracketed short form ending at ``short_end`` is followed by a technique noun
        ("(RDP) objective", "(NTP) loss"): the noun, not the long form's task word, is the
        head. Data nouns are left out: "the Vision-and-Language Navigation (VLN) benchmark" is
        a benchmark of the task."""
        m = _WORD_AFTER_BRACKET.match(text, short_end)
        return m is not None and m.group(1).lower() in self.cues["technique_nouns"]

    def _pairs(self, views, matches) -> list[tuple[str, object]]:
        """``(field, pair)`` for the paper's acronym definitions: bracketed pairs first, then a
        title name that its subtitle spells out, then phrases whose capitals spell an
        all-capital name of the paper that no bracket defines."""
        out = [(fld, p) for fld, view in views.items() for p in find_pairs(view.text)]
        defined = {p.short for _, p in out}
        p = title_pair(views["title"].text, self.cues["phrase_stops"])
        if p is not None and p.short not in defined:
            out.append(("title", p))
            defined.add(p.short)
        # all-capital words (the acronym shape's hits); names a list knows ("LLM", "GPT")
        # have their long forms there already
        caps = {views[f].texts[s] for f, found in matches.items() for s, e, _, pid in found if pid == _CAPS}
        shorts = {w for w in caps - defined if is_caps_name(w) and self.lex.lookup(w) is None}
        if shorts:
            out += [(fld, p) for fld, view in views.items() for p in spelled_pairs(view.text, shorts)]
        return out

    def _acronym_cands(self, views, defs) -> list[Cand]:
        out: list[Cand] = []
        if not defs:
            return out
        ev = {s: [(d.kind, d.type)] if d.type else [] for s, (d, _) in defs.items()}
        for short, (d, occurrences) in defs.items():
            for fld, p in occurrences:
                rng = views[fld].token_range(p.long_start, p.long_end)
                if rng is not None:
                    out.append(Cand(fld, p.long_start, p.long_end, *rng, d.name,
                                    views[fld].text[p.long_start:p.long_end], "acronym-long", "acronym", 0.9,
                                    list(ev[short]), set(d.aliases) | {short}, long_form=d.long, supported=True))
        for fld, view in views.items():
            for i, text in enumerate(view.texts):
                if text in defs:
                    d = defs[text][0]
                    # "… ABC, a framework for …": when the long form's head says nothing, an
                    # appositive types it (not a noun after it: "the VLN benchmark" is a
                    # benchmark of the task VLN)
                    t = appositive_type(view.lowers[i + 1 : i + 1 + CONTEXT_WORDS]) if d.type is None else None
                    context = [("appositive", t)] if t else []
                    out.append(Cand(fld, view.idx[i], view.end_char(i), i, i + 1, d.name, text,
                                    "acronym-short", "acronym", 0.9, list(ev[text]) + context,
                                    set(d.aliases) | {text}, long_form=d.long, supported=True))
        return out

    def _span_cands(self, matches, views, defs, blocked, vetoed) -> list[Cand]:
        out = []
        patterns = patterns_by_id()
        for fld, found in matches.items():
            view = views[fld]
            for start, end, label, ident in found:
                if label == "generic" and end == start + 1 and len(view.texts[start]) >= 3 \
                        and view.texts[start].isupper() and _data_version(view, end):
                    # "VQA v2.0": a field's acronym with a version names a release of its data
                    text = view.span_text(start, end + 1)
                    out.append(Cand(fld, view.idx[start], view.end_char(end), start, end + 1, text, text,
                                    VERSIONED_RULE, "shape", 0.7, [("shape", "dataset")], {text}, supported=True,
                                    shape_type="dataset"))
                    continue
                if label in ("generic", "ignore", "veto"):
                    continue
                if label in ENTITY_TYPES:
                    text = view.span_text(start, end)
                    entry = self.lex.lookup(text)
                    if text in defs and (defs[text][0].kind != "gazetteer" or defs[text][0].name != entry.name):
                        continue  # redefined locally: "SAM" as Sharpness-Aware Minimization is not Segment Anything
                    exact = text in (entry.name, *entry.aliases)
                    c = Cand(fld, view.idx[start], view.end_char(end - 1), start, end, entry.name, text,
                             f"gazetteer:{label}" if exact else CASE_RULE, "gazetteer", 0.95, [("gazetteer", label)],
                             {entry.name, *entry.aliases, text}, supported=True)
                    if label != "metric":  # "ECE 0.296" is a score, not a version
                        self._extend_version(view, c)
                    if c.last > end and label == "task" and _data_version(view, end):
                        c.evidence = [("shape", "dataset")]  # "VQA v2.0": a task's name with a version is its data
                    out.append(c)
                    continue
                pat = patterns[ident]
                if pat.kind == "noun" and fld == "title":
                    continue  # every title word is capitalised: "A Fairer Landmark Dataset" names nothing
                if vetoed[fld] and any(i in vetoed[fld] for i in range(start, end)):
                    continue
                c = self._shape_cand(fld, view, start, end, pat, defs, blocked)
                if c is not None:
                    out.append(c)
        return out

    def _shape_cand(self, fld, view: DocView, start, end, pat, defs, blocked) -> Cand | None:
        noun = pat.kind == "noun"
        if noun:
            end -= 1  # the noun is context, not name
        text = view.span_text(start, end)
        m = ADJECTIVE_SUFFIX.search(text) if end - start == 1 else None
        if m:
            text = text[: m.start()]
        if not text or text in defs or text in blocked or self.lex.is_blocked(text) or self.lex.is_generic_compound(text):
            return None
        entry = self.lex.lookup(text) if m else None
        if entry is not None and entry.type not in ENTITY_TYPES:
            return None
        if noun and m and entry is None:
            return None  # "an Olympiad-focused benchmark": the noun is not what the word before the suffix names
        # "ITER-like wall": a bare acronym left after its suffix needs support like any acronym
        needs_support = pat.needs_support or (m is not None and entry is None and _BARE_CAPS.match(text) is not None)
        evidence = [("gazetteer", entry.type)] if entry else []
        variant = _NUMBERED.match(text) if entry is None and not m and self.lex.lookup(text) is None else None
        if variant is not None:  # "EPIC-Kitchens-55": a listed collection with a number is a release of it
            known = self.lex.lookup(variant.group(1))
            if known is not None and is_data(known.type):
                evidence.append(("shape", known.type))
        if noun and not m:  # "a GSM8K-style benchmark": GSM8K is not that benchmark
            evidence.append(("head_noun", pat.type))
        elif pat.type:
            evidence.append(("shape", pat.type))
        evidence += context_evidence(view.lowers[end : end + CONTEXT_WORDS])
        c = Cand(fld, view.idx[start], view.idx[start] + len(text), start, end, entry.name if entry else text, text,
                 pat.id, "noun" if noun else "shape", 0.75 if noun else 0.7, evidence, {text},
                 needs_support=needs_support, supported=len(evidence) > (pat.type is not None and not noun),
                 shape_type=pat.type if pat.kind == "shape" else None)
        if noun and end < len(view):
            c.aliases.add(f"{text} {view.texts[end]}")
        if not m:
            self._extend_version(view, c)
        return c

    def _family_versions(self, views, vetoed) -> list[Cand]:
        """"Llama 3.3", "Qwen 3", "Gemma 4": a listed model family, capitalised, with a
        version no list has yet; the version is part of the name."""
        out = []
        families = self.lex.families
        for fld, view in views.items():
            lowers = view.lowers
            if families.isdisjoint(lowers):
                continue
            for i in (i for i, w in enumerate(lowers[:-1]) if w in families):
                if view.texts[i][:1].isupper() and i not in vetoed[fld] \
                        and is_version(view.texts[i + 1]) and any(ch.isdigit() for ch in view.texts[i + 1]) \
                        and view.adjacent(i + 1):
                    if self.lex.lookup(view.span_text(i, i + 2)) is not None:
                        continue  # a listed version ("Llama 3.1 8B" is Llama 3.1)
                    last = i + 2  # the size after it ("70B") is left out, as listed versions leave it
                    name = view.span_text(i, last)
                    out.append(Cand(fld, view.idx[i], view.end_char(last - 1), i, last, name, name,
                                    FAMILY_RULE, "shape", 0.75, [("shape", "method")], {name}, supported=True,
                                    shape_type="method"))
        return out

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
    def _sentences(self, views, cands: list[Cand]) -> dict[tuple[str, int], list[Cand]]:
        by_sentence: dict[tuple[str, int], list[Cand]] = {}
        for c in cands:
            sent_of = views[c.field].sent_of
            c.sentence = sent_of[c.first] if c.first < len(sent_of) else 0
            by_sentence.setdefault((c.field, c.sentence), []).append(c)
        return by_sentence

    def _context(self, views, by_sentence: dict[tuple[str, int], list[Cand]]) -> None:
        """Sentence evidence: cue phrases, lists, and "… on X" in a sentence about results."""
        for (fld, k), group in by_sentence.items():
            view = views[fld]
            sent = view.sents[k]
            lowers = view.lowers[sent.start : sent.end]
            sentence_evidence(lowers, group, sent.start, self.cues)
            if self.cues["eval"].isdisjoint(lowers):
                continue
            for c in group:
                # "9.3% on HT-Step, 3.4% on HTM-Align": an unknown name evaluated on is data.
                before = lowers[max(0, c.first - sent.start - 3) : c.first - sent.start]
                if c.source == "shape" and c.shape_type != "method" and ("on" in before or "across" in before) \
                        and not c.typed:
                    c.add("eval_context", "benchmark" if any(x.startswith("benchmark") for x in lowers) else "dataset")

    def _roles(self, views, by_sentence: dict[tuple[str, int], list[Cand]]) -> None:
        for (fld, k), group in by_sentence.items():
            view = views[fld]
            sent = view.sents[k]
            lowers = view.lowers[sent.start : sent.end]
            slots = [Slot(c.first - sent.start, c.last - sent.start, c.type or "method", c.source == "gazetteer")
                     for c in group]
            for c, (role, cue) in zip(group, sentence_roles(lowers, slots)):
                if c.cue == "title-prefix":
                    role, cue = "proposed", "title-prefix"
                c.role, c.cue = role, cue
                if is_claim(role) and c.source != "gazetteer" and c.type is not None and c.type not in CLAIMABLE:
                    c.add("claim", "method")  # "we propose … Prediction (PRDP)": a method, whatever its head says

    @staticmethod
    def _decide(cands: list[Cand]) -> list[Cand]:
        """Paper-level decisions: one type per name from all the evidence the paper gives it,
        and the strongest role; drop candidates that needed support and found none."""
        info: dict[str, dict] = {}
        for c in cands:
            i = info.get(norm_key(c.name))
            if i is None:
                i = info[norm_key(c.name)] = {"role": "mentioned", "evidence": [], "seen": set(), "supported": False}
            i["role"] = stronger(c.role, i["role"])
            for e in c.evidence:
                if e not in i["seen"] or e[0] == "list_mates":  # each list mate counts; other pieces once
                    i["evidence"].append(e)
                    i["seen"].add(e)
            i["supported"] = i["supported"] or c.supported or is_claim(c.role)
        out = []
        for c in cands:
            i = info[norm_key(c.name)]
            if c.needs_support and not i["supported"]:
                continue
            c.evidence = list(i["evidence"]) or [("default", "method")]
            if not i["evidence"]:
                c.conf = min(c.conf, 0.6)  # the type is only a default: report less confidence
            c.role = fit_role(i["role"], c.type)
            if c.type in ("task", "metric") and is_claim(c.role):
                c.role = "mentioned"  # a paper names a task or a metric; it proposes methods and data
            out.append(c)
        return out

    def _phrase_aliases(self, views, cands: list[Cand]) -> None:
        """Keep how the text itself names a data collection: "the COCO keypoints dataset",
        "the ImageNet test set" add those phrases as aliases of COCO and ImageNet."""
        nouns = self.cues["dataset_nouns"] | self.cues["benchmark_nouns"] | {"set", "database", "competition", "split"}
        for c in cands:
            if not is_data(c.type):
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
                out.append(Link(u.url, u.kind, u.repo, is_official(sentence), fld, u.start, u.end, k, "url"))
        return tuple(out)


_BARE_CAPS = re.compile(r"^[A-Z]{2,6}$")
_NUMBERED = re.compile(r"^(.+?)-[0-9]+[KkMm]?$")  # a name, a hyphen and a count or number
_WORD_AFTER_BRACKET = re.compile(r"\s*\)\s*([A-Za-z]+)")  # "… (RDP) objective": the word after the bracket
_DATA_VERSION = re.compile(r"^(?:[vV][0-9]+(?:\.[0-9]+)*|[0-9]{1,2}\.[0-9]+)$")  # v2, v2.0, 2.0 (not a year)


def _data_version(view: DocView, i: int) -> bool:
    """Token i is a release number right after the word before it ("VQA v2.0")."""
    return i < len(view) and _DATA_VERSION.match(view.texts[i]) is not None and view.adjacent(i)
_CAPS = "shape-caps"  # the pattern id of plain acronyms (patterns/shapes.jsonl)
