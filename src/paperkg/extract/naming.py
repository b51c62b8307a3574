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
from paperkg.extract.typing_rules import context_type
from paperkg.normalize import norm_key


def _authors_speak(lowers: list[str], k: int, cues) -> bool:
    return any(x in cues["self"] for x in lowers[:k])


def naming_slots(view: DocView, cands: list[Cand], cues, lex: Lexicon) -> list[Cand]:
    """Names in a naming slot need no shape. After a proposal verb the slot must be
    followed by an appositive with a novelty word or a type noun ("we propose oni, a
    distributed architecture"), so "we present results, which …" names nothing; after
    "called / named / dubbed" up to four words are taken."""
    out: list[Cand] = []
    if cues["propose"].isdisjoint(view.lowers) and cues["name_cue"].isdisjoint(view.lowers):
        return out
    taken = {t for c in cands if c.field == "abstract" for t in range(c.first, c.last)}
    for sent in view.sents:
        lowers = view.lowers[sent.start : sent.end]
        for k, lw in enumerate(lowers):
            j = None
            if lw in cues["propose"] and _authors_speak(lowers, k, cues):
                j = k + 1 + (k + 1 < len(lowers) and lowers[k + 1] in ("the", "a", "an"))
                after = lowers[j + 1 : j + 8]
                if not (after[:1] == [","] and after[1:2] in (["a"], ["an"], ["the"])
                        and any(w in cues["novel"] or context_type([w]) for w in after[2:])):
                    j = None
            elif lw in cues["name_cue"] and k + 1 < len(lowers) and lowers[k + 1] not in ("a", "an", "the", "as"):
                j = k + 1
            if j is None or j >= len(lowers):
                continue
            i = sent.start + j
            text = view.texts[i]
            if i in taken or not text[:1].isalnum() or lowers[j] in cues["clause_stop"] \
                    or view.is_stop(i) or lex.is_blocked(text):
                continue
            end = i + 1
            if lw in cues["name_cue"]:  # "a critic model named sub-goal critic."
                while end < min(i + 4, sent.end) and view.texts[end][:1].isalnum() \
                        and not view.is_stop(end) and end not in taken:
                    end += 1
            name = view.span_text(i, end)
            typ = context_type(view.lowers[end : end + 8])
            out.append(Cand("abstract", view.idx[i], view.end_char(end - 1), i, end, typ, name, name,
                            "name-slot", "title", 0.75, {name}, supported=True, type_rank=2 if typ else 0))
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
                    return [Cand("title", 0, len(title.text), 0, len(title), same.type or "method", same.name,
                                 title.text, "title-name", "title", 0.8, same.aliases | {title.text},
                                 long_form=same.long_form, supported=True, cue="title-prefix", type_rank=2)]
                name = title.text
                return [
                    Cand("abstract", start, end, j, j + len(words), "method", name, surface, "title-name", "title",
                         0.8, {name, surface}, supported=True, type_rank=2),
                    Cand("title", 0, len(name), 0, len(title), "method", name, name, "title-name", "title", 0.8,
                         {name}, supported=True, cue="title-prefix", type_rank=2),
                ]
    return []


def title_prefix(title: DocView, abstract: DocView, cands: list[Cand], cues, lex: Lexicon) -> None:
    """Mark (or add) the name before "Name: subtitle" as the paper's contribution. A
    multi-word prefix needs a shaped word ("Video SimpleQA"); a single plain word must
    reappear in the abstract ("Timo"); "Towards …: …" and questions are not names."""
    cut = title.text.find(": ")
    if cut <= 0:
        return
    prefix = title.text[:cut].strip()
    words = prefix.split()
    if not words or len(words) > 5 or words[0].lower() in cues["title_skip"] or lex.is_blocked(prefix):
        return
    # the subtitle's first type noun types the name: "…: A Modular Retrieval Framework", "…: A Benchmark for …"
    typ = next((t for t in (context_type([w]) for w in title.text[cut + 2 :].lower().split()) if t), None)
    exact = next((c for c in cands if c.field == "title" and c.start == 0 and c.end == len(prefix)), None)
    if exact is not None:
        exact.cue, exact.supported = "title-prefix", True
        if typ and exact.type_rank < 2:
            exact.type, exact.type_rank = typ, 2
        if exact.rule.startswith(("shape", "acronym")):
            exact.rule = "title-prefix"
        return
    if any(c.field == "title" and c.start < cut for c in cands if c.source in ("acronym", "gazetteer")):
        return
    inside = [c for c in cands if c.field == "title" and c.end <= cut]
    in_abstract = f" {prefix}" in f" {abstract.text}"
    shaped = bool(inside) or any(any(ch.isupper() for ch in w[1:]) or any(ch.isdigit() for ch in w) for w in words)
    capitalised = all(w[:1].isupper() or w[:1].isdigit() for w in words)
    # a plain multi-word prefix ("Hi Robot") counts when the abstract repeats it verbatim
    if not capitalised or not (shaped or in_abstract) or (len(words) > 3 and not shaped):
        return
    defined = next((c for c in cands if c.field == "abstract" and c.long_form
                    and norm_key(c.long_form) == norm_key(prefix)), None)
    if defined is not None:  # "Thought Propagation: …" and the abstract defines "… (TP)": one concept
        for c in inside:
            cands.remove(c)
        rng = title.token_range(0, len(prefix))
        first, last = rng if rng else (0, len(title))
        cands.insert(0, Cand("title", 0, len(prefix), first, last, defined.type, defined.name, prefix, "title-prefix",
                             "title", 0.85, defined.aliases | {prefix}, long_form=defined.long_form, supported=True,
                             cue="title-prefix", type_rank=defined.type_rank))
        return
    for c in inside:
        cands.remove(c)
    rng = title.token_range(0, len(prefix))
    first, last = rng if rng else (0, len(title))
    cands.insert(0, Cand("title", 0, len(prefix), first, last, typ, prefix, prefix, "title-prefix", "title", 0.85,
                         {prefix}, supported=True, cue="title-prefix", type_rank=2 if typ else 0))
    cands.extend(_in_abstract(prefix, abstract, cands))


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
                for c in inside:
                    cands.remove(c)
                typ = context_type(abstract.lowers[rng[1] : rng[1] + 8])
                out.append(Cand("abstract", pos, end, rng[0], rng[1], typ, name, name, "title-prefix", "title",
                                0.85, {name}, supported=True, type_rank=2 if typ else 0))
        pos = abstract.text.find(name, end)
    return out
