"""Short form ↔ long form pairs, after Schwartz & Hearst (PSB 2003), written for paperkg.

"A simple algorithm for identifying abbreviation definitions in biomedical text": take a
parenthesised short form, look at the words just before it, and walk both strings from
the right, matching every letter or digit of the short form to a character of the long
form, the first one at the start of a word. Both orders are handled:
``Direct Preference Optimization (DPO)`` and ``DPO (Direct Preference Optimization)``.
Offsets index the text given, so callers can make exact mentions of both forms.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

# Inside the brackets: a short form, optionally followed by ";" or "," and more (a citation).
_PAREN = re.compile(r"\(([^()]{1,80})\)")
_WORD = re.compile(r"\S+")


@dataclass(frozen=True, slots=True)
class AcronymPair:
    short: str
    long: str
    short_start: int
    short_end: int
    long_start: int
    long_end: int


def is_short_form(text: str) -> bool:
    """S&H: 2–10 characters, at most two words, a letter among them, starts alnum.
    We also require a capital so lower-case parentheticals ("(e.g.)", "(ours)") are not taken."""
    return (
        2 <= len(text) <= 10
        and len(text.split()) <= 2
        and text[0].isalnum()
        and any(c.isupper() for c in text)
        and any(c.isalpha() for c in text)
    )


def best_long_form(short: str, long: str) -> str | None:
    """S&H's right-to-left character match; returns the shortest suffix of ``long`` that
    explains every alphanumeric of ``short``, or None."""
    s, l = len(short) - 1, len(long) - 1
    while s >= 0:
        c = short[s].lower()
        if not c.isalnum():
            s -= 1
            continue
        # The first short-form character must start a word of the long form.
        while l >= 0 and (long[l].lower() != c or (s == 0 and l > 0 and long[l - 1].isalnum())):
            l -= 1
        if l < 0:
            return None
        l -= 1
        s -= 1
    start = long.rfind(" ", 0, l + 1) + 1
    return long[start:]


_FUNCTION_WORDS = frozenset("a an and by for from in of on or the to via with".split())


def _extend_left(short: str, window: str, lf: str) -> str:
    """Refinement of S&H: right-to-left matching can settle on an inner letter, giving
    "Policy Optimization" for "Proximal Policy Optimization (PPO)". While the word before
    the long form starts with the short form's first letter and the content words still
    fit the short form's length, take it in."""
    letters = sum(c.isalnum() for c in short)
    head = window[: len(window) - len(lf)].rstrip()
    while head:
        prev = head.rsplit(" ", 1)[-1]
        candidate = f"{prev} {lf}"
        content = [w for w in candidate.split() if w.lower() not in _FUNCTION_WORDS]
        if not prev[:1].lower() == short[0].lower() or len(content) > letters:
            break
        lf, head = candidate, head[: len(head) - len(prev)].rstrip()
    return lf


_LAST_WORD = re.compile(r"(\S+)\s*$")


def _window(text: str, end: int, max_words: int) -> tuple[int, str]:
    """Up to ``max_words`` words ending at ``end``, not crossing a sentence or bracket."""
    words = list(_WORD.finditer(text, max(0, end - 300), end))[-max_words:]
    if not words:
        return end, ""
    start = words[0].start()
    chunk = text[start:end]
    cut = max(chunk.rfind(". "), chunk.rfind("; "), chunk.rfind(": "), chunk.rfind("("), chunk.rfind(")"))
    if cut >= 0:
        start += cut + 2 if chunk[cut] in ".;:" else cut + 1
    return start, text[start:end]


def _plausible(short: str, long: str) -> bool:
    words = long.split()
    return (
        len(long) > len(short)
        and short.lower() not in long.lower().split()
        and len(words) <= min(len(short) + 5, 2 * len(short))
        and not long[0].isdigit()
    )


def find_pairs(text: str) -> list[AcronymPair]:
    pairs: list[AcronymPair] = []
    for m in _PAREN.finditer(text):
        inner = m.group(1)
        head = re.split(r"[;,]", inner, maxsplit=1)[0].strip()
        h_start = m.start(1) + inner.find(head)
        if is_short_form(head):
            w_start, window = _window(text, m.start(), min(len(head) + 5, 2 * len(head)))
            window = window.rstrip()
            lf = best_long_form(head, window)
            if lf:
                lf = _extend_left(head, window, lf)
            if lf and _plausible(head, lf):
                lf_start = w_start + len(window) - len(lf)
                pairs.append(AcronymPair(head, lf, h_start, h_start + len(head), lf_start, lf_start + len(lf)))
                continue
        # Reverse order: SHORT (long form words)
        if len(head.split()) >= 2 and head == inner.strip():
            lo = max(0, m.start() - 64)  # the word before the bracket: a short look back, not the whole text
            before = _LAST_WORD.search(text, lo, m.start())
            if before:
                sf = before.group(1).strip(",;:")
                if is_short_form(sf) and " " not in sf:
                    lf = best_long_form(sf, head)
                    if lf and lf == head and _plausible(sf, lf):
                        s0 = before.start(1)
                        pairs.append(AcronymPair(sf, lf, s0, s0 + len(sf), h_start, h_start + len(head)))
    return pairs
