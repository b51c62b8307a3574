"""The spaCy pipeline: ``spacy.blank("en")``, a tokenizer that keeps names whole, and one
rule component that splits sentences and writes candidate spans to ``doc.spans``.

Tokenizer changes, each because names break otherwise:
- no split at hyphens between letters, so ``MA-RLHF``, ``BIG-Bench``, ``Video-LLaMA`` are
  one token each (English compounds like ``state-of-the-art`` become one token too, which
  the rules expect);
- no split at a hyphen between digits, so ``Qwen2.5-7B-Instruct`` is one token;
- no split of unit suffixes after digits, so ``WebVid-2M`` and ``HowTo100M`` stay whole.

The ``paperkg_rules`` component runs two PhraseMatchers over the gazetteers (exact case
for short names and acronyms, lower case for multi-word names) and the token patterns of
``patterns/*.jsonl``. Span label = entity type (or ``generic``/``ignore``) for gazetteer
hits, the pattern's kind (``shape``, ``noun``, ``veto``) for pattern hits; ``span.id_`` =
gazetteer id or pattern id. It also sets the sentence starts, by the rule of spaCy's
``sentencizer`` (a new sentence at the first token after sentence-final punctuation that is
not punctuation itself) read from the words it has looked up anyway: the same starts, without
a second pass that makes a ``Token`` per word. A word that spells a distinctive gazetteer name in another
case ("Webshop" for WebShop, "Resnet" for ResNet) is a gazetteer hit too (``CASE_RULE``).
"""
from __future__ import annotations

import re
from functools import lru_cache

from paperkg.extract.fastmatch import AnchoredPattern, anchored, single_token_regex

SPANS_KEY = "paperkg"
CASE_RULE = "gazetteer-case"  # rule id of a gazetteer name found in another case
MATCHES_KEY = "paperkg.matches"  # doc.user_data: the same spans as (start, end, label, id) tuples
TOKENS_KEY = "paperkg.tokens"  # doc.user_data: token texts and lower forms, shared with the extractor
ARRAY_KEY = "paperkg.arrays"  # doc.user_data: ORTH, IDX, SENT_START columns, shared with the extractor
_FLAGS = ("IS_LOWER", "IS_PUNCT", "LIKE_NUM")


def case_foldable(alias: str) -> bool:
    """A single-word name distinctive enough to find in another case: a capital inside it
    (WebShop, ALFWorld) and six or more characters or a digit, so that "ReAct" or "STaR"
    never turn the ordinary words "react" and "star" into names."""
    return (" " not in alias and "-" not in alias and any(c.isupper() for c in alias[1:])
            and any(c.islower() for c in alias) and (len(alias) >= 6 or any(c.isdigit() for c in alias)))


def token_columns(doc) -> tuple[list[int], list[int], list[int]]:
    """ORTH ids, character offsets and sentence-start flags (1 or -1) as plain lists, made
    once per doc by the rule component and kept in ``doc.user_data``."""
    return doc.user_data[ARRAY_KEY]


def _sentence_starts(texts, punct: list[bool], final: frozenset) -> list[int]:
    """spaCy's sentencizer rule over token texts: after a token in ``final``, the next
    token that is neither punctuation nor in ``final`` starts a sentence."""
    starts = [-1] * len(texts)
    if starts:
        starts[0] = 1
    seen = False
    for i, text in enumerate(texts):
        if text in final:
            seen = True
        elif seen and not punct[i]:
            starts[i] = 1
            seen = False
    return starts


def _alias_attr(alias: str) -> str:
    """Multi-word names are matched case-insensitively ("direct preference optimization");
    single words and acronyms keep their case, so "CLIP" never matches "clip"."""
    words = alias.replace("-", " ").split()
    return "LOWER" if len(words) >= 2 and len(alias) >= 10 and not any(w.isupper() and len(w) > 1 for w in words) else "ORTH"


class RuleAnnotator:
    """Gazetteer phrase matching plus token patterns. Patterns run on fast paths where
    their form allows (one-token regexes decided once per distinct word; noun-anchored
    patterns tried only before their noun) and through spaCy's Matcher otherwise."""

    def __init__(self, nlp, write_spans: bool = True) -> None:
        from spacy.matcher import Matcher, PhraseMatcher

        self.write_spans = write_spans

        from paperkg.extract.resources import load_gazetteers, load_ordinary, load_patterns

        self.vocab = nlp.vocab
        self.exact = PhraseMatcher(nlp.vocab, attr="ORTH")
        self.lower = PhraseMatcher(nlp.vocab, attr="LOWER")
        self.labels: dict[str, tuple[str, str]] = {}
        self.folded: dict[str, tuple[str, str]] = {}  # lower form of a case-foldable alias -> label
        tokenizer = nlp.tokenizer
        ordinary = load_ordinary()  # "Mutual" is a word, not MuTual
        for entry in load_gazetteers():
            self.labels[entry.id] = (entry.type, entry.id)
            exact, lower = [], []
            for alias in (entry.name, *entry.aliases):
                if case_foldable(alias) and alias.lower() not in ordinary:
                    self.folded.setdefault(alias.lower(), (entry.type, entry.id))
                (lower if _alias_attr(alias) == "LOWER" else exact).append(tokenizer(alias))
            if exact:
                self.exact.add(entry.id, exact)
            if lower:
                self.lower.add(entry.id, lower)
        self.matcher = Matcher(nlp.vocab)
        self.lexical: list[tuple[str, re.Pattern[str], int]] = []
        self.anchored: list[AnchoredPattern] = []
        self._has_matcher = False
        for pat in load_patterns():
            self.labels[pat.id] = (pat.kind, pat.id)
            single = single_token_regex(pat.pattern)
            fast = anchored(pat.id, pat.pattern, _FLAGS)
            if single is not None:
                self.lexical.append((pat.id, re.compile(single[0]), single[1]))
            elif fast is not None:
                self.anchored.append(fast)
            else:
                self.matcher.add(pat.id, [list(pat.pattern)])
                self._has_matcher = True
        self._words: dict[int, tuple[tuple[str, ...], dict[str, bool], str, str]] = {}
        self._shapes: dict[str, tuple[str, ...]] = {}
        self._anchors = frozenset().union(*(p.anchor for p in self.anchored))
        from spacy.pipeline import Sentencizer

        self._final = frozenset(Sentencizer.default_punct_chars)

    def _word(self, orth: int):
        """Per distinct word: lexical pattern hits, lexeme flags, lower form (cached)."""
        hit = self._words.get(orth)
        if hit is None:
            lex = self.vocab[orth]
            word = lex.orth_
            ids = tuple(pid for pid, rx, min_len in self.lexical if len(word) >= min_len and rx.search(word))
            folded = self.folded.get(lex.lower_) if not lex.is_lower else None
            if folded is not None:
                ids += (CASE_RULE,)
            flags = {"IS_LOWER": lex.is_lower, "IS_PUNCT": lex.is_punct, "LIKE_NUM": lex.like_num,
                     "IS_SPACE": lex.is_space}
            if len(self._words) > 500_000:
                self._words.clear()
            hit = self._words[orth] = (ids, flags, lex.lower_, word)
        return hit

    def shape_hits(self, word: str) -> tuple[str, ...]:
        """Ids of the one-token shape patterns that ``word`` matches (as ``_word`` finds
        them, from the string alone: adding the word to spaCy's vocabulary would cost more
        than matching it, and a run asks this of every name it has)."""
        hit = self._shapes.get(word)
        if hit is None:
            hit = tuple(pid for pid, rx, min_len in self.lexical if len(word) >= min_len and rx.search(word))
            if not word.islower() and self.folded.get(word.lower()) is not None:
                hit += (CASE_RULE,)
            if len(self._shapes) > 500_000:
                self._shapes.clear()
            self._shapes[word] = hit
        return hit

    def __call__(self, doc):
        from spacy.tokens import Span

        strings = doc.vocab.strings
        orths = doc.to_array("ORTH").tolist()
        found: list[tuple[int, int, str, str]] = []
        matches = [*self.exact(doc), *self.lower(doc)]
        if self._has_matcher:
            matches += self.matcher(doc)
        for match_id, start, end in matches:
            found.append((start, end, *self.labels[strings[match_id]]))
        cache, word = self._words, self._word
        words = [cache.get(o) or word(o) for o in orths]
        ids, flags, lowers, texts = zip(*words) if words else ((), (), (), ())
        sent_starts = _sentence_starts(texts, [f["IS_PUNCT"] for f in flags], self._final)
        doc.user_data[ARRAY_KEY] = (orths, doc.to_array("IDX").tolist(), sent_starts)
        exact: set | None = None
        for i in [i for i, hit in enumerate(ids) if hit]:  # most words match no pattern
            for pid in ids[i]:
                if pid == CASE_RULE:
                    exact = {(s, e) for s, e, *_ in found} if exact is None else exact
                    if (i, i + 1) not in exact:  # the exact spelling was matched already
                        found.append((i, i + 1, *self.folded[lowers[i]]))
                else:
                    found.append((i, i + 1, *self.labels[pid]))
        doc.user_data[TOKENS_KEY] = (texts, lowers)
        if self.anchored and not self._anchors.isdisjoint(lowers):
            positions = [i for i, lw in enumerate(lowers) if lw in self._anchors]

            def flag(pos: int, name: str) -> bool:
                if name == "IS_SENT_START":  # after the title/abstract break counts as a start
                    return sent_starts[pos] == 1 or pos == 0 or words[pos - 1][1]["IS_SPACE"]
                return words[pos][1][name]

            for pat in self.anchored:
                for start, end in pat.find(lowers, flag, positions):
                    found.append((start, end, *self.labels[pat.id]))
        doc.user_data[MATCHES_KEY] = found
        if self.write_spans:  # for spaCy's own tools: sentences and spans on the Doc itself
            import numpy

            doc.from_array(["SENT_START"], numpy.array(sent_starts, dtype="int64").astype("uint64").reshape(-1, 1))
            doc.spans[SPANS_KEY] = [Span(doc, s, e, label=label, span_id=ident) for s, e, label, ident in found]
        return doc


def _register() -> None:
    from spacy.language import Language

    if not Language.has_factory("paperkg_rules"):
        Language.factory("paperkg_rules", default_config={"write_spans": True})(
            lambda nlp, name, write_spans: RuleAnnotator(nlp, write_spans))


@lru_cache(maxsize=2)
def make_nlp(write_spans: bool = False):
    """The extraction pipeline (cached per process). The extractor reads the rule matches
    from ``doc.user_data``; ``write_spans=True`` also fills ``doc.spans["paperkg"]`` for
    use with spaCy's own tools (displaCy, span inspection)."""
    import spacy
    from spacy.tokenizer import Tokenizer
    from spacy.util import compile_infix_regex, compile_prefix_regex, compile_suffix_regex

    _register()
    nlp = spacy.blank("en")
    d = nlp.Defaults
    infixes = [p for p in d.infixes if "(?:-|–|—|--|---|——|~)" not in p and p != r"(?<=[0-9])[+\-\*^](?=[0-9-])"]
    suffixes = [p for p in d.suffixes if "km|km²" not in p]
    suffixes.append(r"(?<=[0-9][A-Za-z])\.")  # the full stop after "WebVid-2M." is punctuation
    # One Tokenizer built with every rule at once (setting them one by one reloads the
    # special cases each time).
    nlp.tokenizer = Tokenizer(
        nlp.vocab, rules=d.tokenizer_exceptions, prefix_search=compile_prefix_regex(d.prefixes).search,
        suffix_search=compile_suffix_regex(suffixes).search, infix_finditer=compile_infix_regex(infixes).finditer,
        token_match=d.token_match, url_match=d.url_match)
    nlp.add_pipe("paperkg_rules", config={"write_spans": write_spans})
    return nlp
