"""Plain lists read once from a spaCy ``Doc``: token texts, lower forms, character offsets
and sentence bounds. The rules walk these instead of creating a ``Token`` or ``Span``
object per access, which is most of the cost of rule code written the obvious way."""
from __future__ import annotations

import bisect
from dataclasses import dataclass

from spacy.lang.en.stop_words import STOP_WORDS


@dataclass(frozen=True, slots=True)
class Sent:
    start: int  # token index, inclusive
    end: int  # token index, exclusive
    start_char: int


@dataclass(frozen=True, slots=True)
class DocView:
    text: str
    texts: list[str]
    lowers: list[str]
    idx: list[int]
    sents: list[Sent]
    sent_of: list[int]

    @classmethod
    def build(cls, text: str, texts: list[str], lowers: list[str], idx: list[int], sent_start: list[int]) -> "DocView":
        starts = [0] if texts else []  # the first token starts a sentence whatever its flag
        flags, i = sent_start[: len(texts)], 0
        while True:  # list.index finds the next start without a Python step per token
            try:
                i = flags.index(1, i + 1)
            except ValueError:
                break
            starts.append(i)
        bounds = list(zip(starts, starts[1:] + [len(texts)]))
        sent_of = [0] * len(texts)
        for k, (a, b) in enumerate(bounds):
            sent_of[a:b] = [k] * (b - a)
        return cls(text, texts, lowers, idx, [Sent(a, b, idx[a]) for a, b in bounds], sent_of)

    def __len__(self) -> int:
        return len(self.texts)

    def end_char(self, i: int) -> int:
        return self.idx[i] + len(self.texts[i])

    def span_text(self, first: int, last: int) -> str:
        return self.text[self.idx[first] : self.end_char(last - 1)]

    def token_range(self, start_char: int, end_char: int) -> tuple[int, int] | None:
        """Token indices covering a character range (widened to whole tokens): the first
        token ending after ``start_char`` up to the first starting at or after ``end_char``
        (tokens are in order and do not overlap, so both are binary searches)."""
        idx = self.idx
        first = bisect.bisect_right(idx, start_char) - 1
        if first < 0 or self.end_char(first) <= start_char:
            first += 1
        if first >= len(idx):
            return None
        return first, max(first, bisect.bisect_left(idx, end_char, first))

    def is_stop(self, i: int) -> bool:
        return self.lowers[i] in STOP_WORDS

    def sentence_text(self, k: int) -> str:
        s = self.sents[k]
        end = self.end_char(s.end - 1) if s.end > s.start else s.start_char
        return self.text[s.start_char : end]

    def adjacent(self, i: int) -> bool:
        """Token i follows token i-1 after exactly one space."""
        return self.idx[i] == self.end_char(i - 1) + 1


SEPARATOR = "\n\n"  # between title and abstract in the one doc made per paper
Match = tuple[int, int, str, str]


def paper_text(title: str, abstract: str) -> str:
    return f"{title}{SEPARATOR}{abstract}"


def split_fields(doc, title: str, abstract: str) -> tuple[dict[str, DocView], dict[str, list[Match]]]:
    """Views and rule matches of the title and the abstract, from the paper's one doc.

    Tokens before the separator are the title's, tokens after it the abstract's, with
    offsets made relative to each field; the abstract's first token starts a sentence;
    a match that crosses the separator is dropped."""
    from paperkg.extract.nlp import MATCHES_KEY, TOKENS_KEY, token_columns

    _, idx, sent_start = token_columns(doc)
    texts, lowers = map(list, doc.user_data[TOKENS_KEY])
    body = len(title) + len(SEPARATOR)
    t_end = bisect.bisect_left(idx, len(title))  # the first token at or after the title's end
    a_start = bisect.bisect_left(idx, body, t_end)  # the first token of the abstract
    views = {
        "title": DocView.build(title, texts[:t_end], lowers[:t_end], idx[:t_end], sent_start[:t_end]),
        "abstract": DocView.build(abstract, texts[a_start:], lowers[a_start:], list(map(body.__rsub__, idx[a_start:])),
                                  [1] + sent_start[a_start + 1 :]),
    }
    matches: dict[str, list[Match]] = {"title": [], "abstract": []}
    for s, e, label, ident in doc.user_data[MATCHES_KEY]:
        if e <= t_end:
            matches["title"].append((s, e, label, ident))
        elif s >= a_start:
            matches["abstract"].append((s - a_start, e - a_start, label, ident))
    return views, matches
