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
    spelled: bool = False  # found without brackets (a title's subtitle, capitals): its head types nothing


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


# "P3O": a letter, then how many words start with it
_COUNTED = re.compile(r"([A-Za-z])([2-4])(?![0-9])")


def spellings(short: str) -> list[str]:
    """What a short form may spell: itself; digits a long form does not write out are
    counts or versions, so "P3O" may stand for "PPPO" (three P-words) and "KiTS21" for
    "KiTS" (its year)."""
    out = [short]
    if any(c.isdigit() for c in short) and sum(c.isalpha() for c in short) >= 2:
        for alt in (_COUNTED.sub(lambda m: m.group(1) * int(m.group(2)), short),
                    "".join(c for c in short if not c.isdigit())):
            if alt not in out:
                out.append(alt)
    return out


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


_NOT_FIRST = frozenset("we our us i it they this these that which".split())


def _plausible(short: str, long: str) -> bool:
    words = long.split()
    return (
        len(long) > len(short)
        and words[0].lower() not in _NOT_FIRST
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
            lf = None
            for spelt in spellings(head):
                lf = best_long_form(spelt, window)
                lf = _extend_left(spelt, window, lf) if lf else None
                if lf and _plausible(head, lf):
                    break
                lf = None
            if lf:
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


_CAPS_WORD = re.compile(r"[A-Z][A-Z0-9]{2,9}")
_PHRASE_WORD = re.compile(r"[A-Za-z][A-Za-z-]*")
_NOT_CAPITAL = re.compile(r"[^A-Z]+")


def is_caps_name(word: str) -> bool:
    """An all-capital word with three or more letters ("OREAL", "SEAL"): a short form a
    phrase elsewhere may spell out by its capitals."""
    return _CAPS_WORD.fullmatch(word) is not None and sum(c.isalpha() for c in word) >= 3


def spelled_pairs(text: str, shorts: set[str]) -> list[AcronymPair]:
    """Long forms that spell a short form by their capitals, without brackets: "termed
    OREAL, … through Outcome REwArd-based reinforcement Learning". The phrase's capital
    letters, in order, are exactly the short form's letters; it has two or more words and
    some lower-case letters (an all-capital heading spells nothing)."""
    pairs: list[AcronymPair] = []
    if not shorts:
        return pairs
    capitals = _NOT_CAPITAL.sub("", text)
    # the letters must run in the text's capitals more often than the short form itself does
    shorts = {s for s in shorts if capitals.count("".join(c for c in s if c.isalpha())) > text.count(s)}
    if not shorts:
        return pairs
    words = list(_PHRASE_WORD.finditer(text))
    starts: dict[str, list[int]] = {}
    for i, w in enumerate(words):
        starts.setdefault(w.group(0)[0], []).append(i)
    for short in sorted(shorts):
        letters = "".join(c for c in short if c.isalpha())
        for i in starts.get(letters[0], ()):
            first = words[i]
            if first.group(0) == short:
                continue
            caps = ""
            for j in range(i, min(i + len(letters) + 3, len(words))):
                if j > i and text[words[j - 1].end() : words[j].start()].strip():
                    break  # punctuation between words: the phrase has ended
                caps += "".join(c for c in words[j].group(0) if c.isupper())
                if not letters.startswith(caps):
                    break
                if caps == letters:
                    if j > i and any(c.islower() for c in text[first.start() : words[j].end()]):
                        start, end = first.start(), words[j].end()
                        pairs.append(AcronymPair(short, text[start:end], -1, -1, start, end, spelled=True))
                    break
    return pairs


def title_pair(title: str, stops: frozenset[str]) -> AcronymPair | None:
    """"SEAL: SEmantic-Augmented Imitation Learning via …": a one-word title name whose
    subtitle's first phrase is its long form by the Schwartz-Hearst match."""
    head, sep, rest = title.partition(": ")
    if not sep or " " in head or not is_short_form(head):
        return None
    phrase = []
    for w in rest.split():
        if w.lower() in stops:
            break
        phrase.append(w)
    long = " ".join(phrase)
    lf = best_long_form(head, long) if long else None
    if lf != long or not _plausible(head, long) or long.split()[0][0].lower() != head[0].lower():
        return None
    start = len(head) + len(sep)
    return AcronymPair(head, long, 0, len(head), start, start + len(long), spelled=True)
