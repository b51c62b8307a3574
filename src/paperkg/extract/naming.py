"""Rules for the places where a paper gives something its name.

- title prefix: "Name: subtitle", the most common way a paper names its contribution;
- title as name: a short title with no colon that the abstract introduces ("Recurrent
  Relational Networks" … "we introduce the recurrent relational network");
- naming slots: "we propose oni, a distributed architecture", "a model named sub-goal
  critic": the words in the slot are a name whatever their shape.
"""
from __future__ import annotations

from paperkg.extract.candidates import Cand, Lexicon
from paperkg.extract.docview import DocView
from paperkg.extract.typing_rules import (CONTEXT_WORDS, container_type, context_evidence, context_type,
                                          enumeration_items)
from paperkg.normalize import norm_key


def _authors_speak(lowers: list[str], k: int, cues) -> bool:
    return not cues["self"].isdisjoint(lowers[:k])


def _capitalised_run(view: DocView, i: int, stop: int, taken: set[int]) -> int:
    """End of a run of capitalised words from token i ("Visual Caption Boosting"), at most 5."""
    end = i
    while end < min(i + 5, stop) and end not in taken and view.texts[end][:1].isupper():
        end += 1
    return end


def _slot_start(lowers: list[str], k: int, cues) -> int | None:
    """Where the name starts after cue word k, or None when the words are no naming slot.

    - a proposal verb, its name followed by an appositive with a novelty word or type noun
      ("we propose oni, a distributed architecture") or an acronym ("… Boosting (VCB)");
    - "called / named / dubbed" X;
    - "we call it / this / our method X", "which we term X"."""
    lw = lowers[k]
    if lw in cues["propose"] and _authors_speak(lowers, k, cues):
        return k + 1 + (k + 1 < len(lowers) and lowers[k + 1] in ("the", "a", "an"))
    if lw in cues["name_cue"] and k + 1 < len(lowers) and lowers[k + 1] not in ("a", "an", "the", "as"):
        return k + 1
    if lw in cues["call_verbs"] and _authors_speak(lowers, k, cues) and k + 1 < len(lowers):
        j = k + 1
        if lowers[j] in ("our", "the", "this") and j + 2 < len(lowers) and lowers[j + 1] in cues["our_nouns"]:
            return j + 2
        if lowers[j] in ("it", "this", "them", "these"):
            return j + 1
        if k >= 1 and lowers[k - 1] == "we" and k >= 2 and lowers[k - 2] in ("which", "that"):
            return j  # "…, which we call X"
    return None


def _appositive_follows(lowers: list[str], j: int, cues) -> bool:
    after = lowers[j : j + 8]
    if after[:1] == ["("]:
        return True
    return (after[:1] == [","] and after[1:2] in (["a"], ["an"], ["the"])
            and any(w in cues["novel"] or context_type([w]) for w in after[2:]))


def _coined(text: str) -> bool:
    """A word shaped like a coined name though no shape rule takes it: hyphenated title case
    ("Math-Rev") or a capital inside ("DeepThink")."""
    return text[:1].isupper() and ("-" in text.strip("-") or any(c.isupper() for c in text[1:]))


def our_list_names(view: DocView, cands: list[Cand], lex: Lexicon) -> list[Cand]:
    """"Our verifiers, Math-Rev and Code-Rev, …": coined words listed right after "our" and
    a plural noun are names (the roles make them the paper's own)."""
    lowers, texts = view.lowers, view.texts
    if "our" not in lowers:
        return []
    slots = [w + 2 for k, lw in enumerate(lowers) if lw == "our" for w in (k + 1, k + 2)
             if w + 2 < len(view) and lowers[w].endswith("s") and lowers[w + 1] == ","]
    if not slots:
        return []
    taken = {t for c in cands if c.field == "abstract" for t in range(c.first, c.last)}
    out: list[Cand] = []
    for j in slots:
        while j < len(view) and j not in taken and _coined(texts[j]) and not lex.is_blocked(texts[j]):
            out.append(Cand("abstract", view.idx[j], view.end_char(j), j, j + 1, texts[j], texts[j], "name-slot",
                            "title", 0.7, [], {texts[j]}, supported=True))
            taken.add(j)
            j += 1
            joiners = 0
            while j < len(view) and joiners < 2 and lowers[j] in (",", "and"):  # ", ", " and ", ", and "
                j, joiners = j + 1, joiners + 1
            if not joiners:
                break
    return out


def naming_slots(view: DocView, cands: list[Cand], cues, lex: Lexicon) -> list[Cand]:
    """Names in a naming slot need no shape. After a proposal verb the slot must be
    followed by an appositive with a novelty word or a type noun, or an acronym in
    brackets ("we propose oni, a distributed architecture"; "we introduce Visual Caption
    Boosting (VCB)"), so "we present results, which …" names nothing; after "called /
    named / dubbed" or "we call it" up to four words are taken."""
    out: list[Cand] = []
    slot_words = cues["propose"] | cues["name_cue"] | cues["call_verbs"]
    if slot_words.isdisjoint(view.lowers):
        return out
    taken = {t for c in cands if c.field == "abstract" for t in range(c.first, c.last)}
    for sent in view.sents:
        lowers = view.lowers[sent.start : sent.end]
        if slot_words.isdisjoint(lowers):
            continue
        for k, lw in enumerate(lowers):
            if lw not in slot_words:
                continue
            j = _slot_start(lowers, k, cues)
            if j is None or j >= len(lowers):
                continue
            # "we present (1) X, a framework …; and (2) Y, a curriculum": each marked item is a slot
            starts = (enumeration_items(lowers, j) if lw in cues["propose"] else []) or [j]
            for j in starts:
                if j >= len(lowers):
                    continue
                i = sent.start + j
                text = view.texts[i]
                if i in taken or not text[:1].isalnum() or lowers[j] in cues["clause_stop"] \
                        or view.is_stop(i) or lex.is_blocked(text):
                    continue
                if lw in cues["call_verbs"] and not (text[:1].isupper() or any(ch.isdigit() for ch in text)):
                    continue  # "which we term human priors": a phrase, not a name
                absorbed = None
                if lw in cues["propose"]:
                    end = _capitalised_run(view, i, sent.end, taken) if text[:1].isupper() else i + 1
                    end = max(end, i + 1)
                    inner = next((c for c in cands if c.field == "abstract" and c.first == end), None)
                    known = inner is not None and (inner.source in ("gazetteer", "shape") or inner.rule == "acronym-short")
                    if known and text[:1].isupper() and lowers[j] not in cues["novel"] \
                            and lowers[j] not in cues["established"] \
                            and _appositive_follows(lowers, inner.last - sent.start, cues):
                        # "we introduce Fine-Grained RLHF, a framework …": a modifier and a known
                        # name before the appositive make a new name
                        absorbed, end = inner, inner.last
                    if not _appositive_follows(lowers, end - sent.start, cues):
                        continue
                    span = view.span_text(i, end)
                    if end - i > 1 and lex.is_blocked(span) or lex.is_generic_compound(span) \
                            and any(lex.is_blocked(p) for p in span.split("-")):
                        continue  # "an LLM-teacher, a …" names nothing; a coined "drop-path, a …" does
                else:  # "a critic model named sub-goal critic."
                    end = i + 1
                    while end < min(i + 4, sent.end) and view.texts[end][:1].isalnum() \
                            and not view.is_stop(end) and end not in taken:
                        end += 1
                if absorbed is not None:
                    cands.remove(absorbed)
                name = view.span_text(i, end)
                out.append(Cand("abstract", view.idx[i], view.end_char(end - 1), i, end, name, name, "name-slot", "title",
                                0.75, context_evidence(view.lowers[end : end + CONTEXT_WORDS]), {name}, supported=True))
                taken.update(range(i, end))
    return out


def title_name(title: DocView, abstract: DocView, cands: list[Cand], cues) -> list[Cand]:
    """A short title with no colon is itself the name when the abstract introduces it."""
    words = title.text.split()
    if ":" in title.text or not 1 < len(words) <= 4 or any(c.field == "title" for c in cands):
        return []
    stem = title.text.lower().rstrip("s")
    if cues["propose"].isdisjoint(abstract.lowers):
        return []
    for sent in abstract.sents:
        lowers = abstract.lowers[sent.start : sent.end]
        for k, lw in enumerate(lowers):
            if lw not in cues["propose"] or not _authors_speak(lowers, k, cues):
                continue
            j = sent.start + k + 1 + (k + 1 < len(lowers) and lowers[k + 1] in ("the", "a", "an"))
            if j + len(words) > sent.end:
                continue
            surface = abstract.span_text(j, j + len(words))
            if surface.lower().rstrip("s") == stem:
                start, end = abstract.idx[j], abstract.end_char(j + len(words) - 1)
                same = next((c for c in cands if c.field == "abstract" and (c.start, c.end) == (start, end)), None)
                if same is not None:  # already a candidate (an acronym's long form): the title names it
                    return [Cand("title", 0, len(title.text), 0, len(title), same.name, title.text, "title-name",
                                 "title", 0.8, list(same.evidence), same.aliases | {title.text},
                                 long_form=same.long_form, supported=True, cue="title-prefix")]
                name = title.text
                ev = context_evidence(abstract.lowers[j + len(words) : j + len(words) + CONTEXT_WORDS])
                return [
                    Cand("abstract", start, end, j, j + len(words), name, surface, "title-name", "title",
                         0.8, list(ev), {name, surface}, supported=True),
                    Cand("title", 0, len(name), 0, len(title), name, name, "title-name", "title", 0.8,
                         list(ev), {name}, supported=True, cue="title-prefix"),
                ]
    return []


# "Name: subtitle", "Name - subtitle", "Name — subtitle", "Name – subtitle"
_SEPARATORS = (": ", " - ", " — ", " – ", " -- ")


def _split_title(text: str) -> tuple[str, str] | None:
    cuts = [(text.find(sep), sep) for sep in _SEPARATORS if text.find(sep) > 0]
    if not cuts:
        return None
    cut, sep = min(cuts)
    return text[:cut].strip(), text[cut + len(sep) :]


def _subtitle_type(subtitle: str, cues) -> str | None:
    """The type noun of the subtitle's first phrase: "…: A Modular Retrieval Framework",
    "…: A Benchmark for …", "…: A Suite of Models for …"; a type noun further on is about
    something else ("…: Online Planning for Missions … in Unstructured Environments")."""
    words = subtitle.lower().replace(",", " , ").replace(":", " : ").split()
    if words[:1] == ["towards"] or words[:1] == ["toward"]:
        words = words[1:]
    if words and words[0] in cues["eval_gerunds"]:
        return "benchmark"  # "X: Evaluating Multimodal Agents on …" names an evaluation
    if words and words[0].endswith("ing") and context_type(words[:1]) is None:
        return None  # "X: Bridging Generality and …": what follows is an object, not a type
    for n, w in enumerate(words):
        if w in cues["phrase_stops"] and not (w == "of" and words[n - 1 : n] and words[n - 1] in cues["containers"]):
            return None
        t = context_type([w])
        if t:
            return container_type(t, w, words[n + 1 :])
    return None


def title_prefix(title: DocView, abstract: DocView, cands: list[Cand], cues, lex: Lexicon) -> None:
    """Mark (or add) the name before "Name: subtitle" (or " - ", " — ") as the paper's
    contribution, or a coined name closing the title after "with"/"via" ("Better Video
    Grounding with FooNet"). A multi-word prefix needs a shaped word ("Video SimpleQA"); a
    single plain word must reappear in the abstract ("Timo"); "Towards …: …" and questions
    are not names. The subtitle's type noun types the name; with none, the name is a method
    only by default, and the abstract's own words ("we introduce X, a benchmark") win."""
    split = _split_title(title.text)
    if split is None:
        _title_with(title, abstract, cands, lex)
        return
    prefix, subtitle = split
    cut = len(prefix)
    words = prefix.split()
    if not words or len(words) > 5 or words[0].lower() in cues["title_skip"] or lex.is_blocked(prefix):
        return
    typ = _subtitle_type(subtitle, cues)
    ev = [("subtitle", typ)] if typ else []
    exact = next((c for c in cands if c.field == "title" and c.start == 0 and c.end == len(prefix)), None)
    if exact is not None:
        exact.cue, exact.supported = "title-prefix", True
        for e in ev:
            exact.add(*e)
        if exact.source in ("shape", "acronym", "noun"):
            exact.rule = "title-prefix"
        return
    defined = next((c for c in cands if c.field == "abstract" and c.long_form
                    and norm_key(c.long_form) == norm_key(prefix)), None)
    if defined is None and any(c.field == "title" and c.start < cut for c in cands
                               if c.source in ("acronym", "gazetteer")):
        return
    inside = [c for c in cands if c.field == "title" and c.end <= cut]  # replaced by the whole prefix
    in_abstract = f" {prefix}" in f" {abstract.text}"
    # a capital after a hyphen is title case ("Zeroth-Order"), not a shaped name
    shaped = bool(inside) or any(any(ch.isupper() and w[n - 1] != "-" for n, ch in enumerate(w[1:], 1))
                                 or any(ch.isdigit() for ch in w) for w in words)
    capitalised = all(w[:1].isupper() or w[:1].isdigit() for w in words)
    # a plain multi-word prefix ("Hi Robot") counts when the abstract repeats it verbatim,
    # a long one only when it is shaped or the abstract defines it as an acronym
    if defined is None and (not capitalised or not (shaped or in_abstract) or (len(words) > 3 and not shaped)):
        return
    for c in inside:
        cands.remove(c)
    rng = title.token_range(0, len(prefix))
    first, last = rng if rng else (0, len(title))
    if defined is not None:  # "Thought Propagation: …" and the abstract defines "… (TP)": one concept
        cands.insert(0, Cand("title", 0, len(prefix), first, last, defined.name, prefix, "title-prefix", "title", 0.85,
                             list(defined.evidence) + ev, defined.aliases | {prefix}, long_form=defined.long_form,
                             supported=True, cue="title-prefix"))
        return
    cands.insert(0, Cand("title", 0, len(prefix), first, last, prefix, prefix, "title-prefix", "title", 0.85,
                         list(ev), {prefix}, supported=True, cue="title-prefix"))
    cands.extend(_in_abstract(prefix, abstract, cands))


def _title_with(title: DocView, abstract: DocView, cands: list[Cand], lex: Lexicon) -> None:
    """"… with Name" / "… via Name" closing the title: a coined name there is the paper's own."""
    if len(title) < 3 or title.lowers[-2] not in ("with", "via"):
        return
    last = next((c for c in cands if c.field == "title" and c.first == len(title) - 1 and c.last == len(title)), None)
    if last is not None and last.source in ("shape", "noun"):
        last.cue, last.supported, last.rule = "title-prefix", True, "title-prefix"
        return
    word = title.texts[-1]
    if last is None and word[:1].isupper() and len(word) > 2 and f" {word}" in f" {abstract.text}" \
            and not lex.is_blocked(word):  # a plain word counts when the abstract repeats it ("… with Quokka")
        cands.append(Cand("title", title.idx[-1], title.end_char(len(title) - 1), len(title) - 1, len(title), word,
                          word, "title-prefix", "title", 0.8, [], {word}, supported=True, cue="title-prefix"))
        cands.extend(_in_abstract(word, abstract, cands))


def _in_abstract(name: str, abstract: DocView, cands: list[Cand]) -> list[Cand]:
    """The title's name where the abstract repeats it, replacing shorter candidates inside
    it ("Video SimpleQA" over "SimpleQA"); the words after it type it ("…, the first
    benchmark for …")."""
    out = []
    pos = abstract.text.find(name)
    while pos >= 0:
        end = pos + len(name)
        rng = abstract.token_range(pos, end)
        if rng and abstract.idx[rng[0]] == pos and abstract.end_char(rng[1] - 1) == end:
            inside = [c for c in cands if c.field == "abstract" and pos <= c.start and c.end <= end]
            clash = [c for c in cands if c.field == "abstract" and c.start < end and pos < c.end and c not in inside]
            if not clash:
                ev = [e for c in inside for e in c.evidence]
                for c in inside:
                    cands.remove(c)
                ev += context_evidence(abstract.lowers[rng[1] : rng[1] + CONTEXT_WORDS])
                out.append(Cand("abstract", pos, end, rng[0], rng[1], name, name, "title-prefix", "title",
                                0.85, ev, {name}, supported=True))
        pos = abstract.text.find(name, end)
    return out
