"""Fast paths for two common forms of spaCy token pattern, with the Matcher's meaning.

spaCy's Matcher tries every pattern at every token. Two forms need far less:
- one token tested only by a ``TEXT`` regex (and a minimum ``LENGTH``): decide once per
  distinct word and remember;
- patterns that end in a required ``{"LOWER": {"IN": [...]}}`` anchor, preceded by tokens
  tested only by boolean lexical flags (optionally ``"OP": "?"``): look only just before
  each anchor word. Like the Matcher, every length that matches is returned.
Anything else goes to the Matcher unchanged.
"""
from __future__ import annotations

from dataclasses import dataclass


def single_token_regex(pattern) -> tuple[str, int] | None:
    """``(regex, min_length)`` when a pattern is one token tested only by a TEXT regex."""
    if len(pattern) != 1:
        return None
    tok = dict(pattern[0])
    text = tok.pop("TEXT", None)
    length = tok.pop("LENGTH", {})
    if tok or not isinstance(text, dict) or set(text) != {"REGEX"} or set(length) - {">="}:
        return None
    return text["REGEX"], int(length.get(">=", 0))


@dataclass(frozen=True)
class AnchoredPattern:
    id: str
    steps: tuple[tuple[dict[str, bool], bool], ...]  # (flag tests, optional) before the anchor
    anchor: frozenset[str]

    def _match(self, flag, pos: int, step: int, end: int) -> bool:
        """Can steps[step:] consume exactly tokens pos..end-1?"""
        if step == len(self.steps):
            return pos == end
        tests, optional = self.steps[step]
        if pos < end and all(flag(pos, k) == v for k, v in tests.items()):
            if self._match(flag, pos + 1, step + 1, end):
                return True
        return optional and self._match(flag, pos, step + 1, end)

    def find(self, lowers, flag, positions=None) -> list[tuple[int, int]]:
        """Matches ending at each anchor word; ``flag(pos, name)`` reads a token's flag.
        ``positions`` may list candidate anchor positions found by the caller."""
        out = []
        if positions is None:
            positions = range(len(lowers))
        for i in positions:
            if lowers[i] in self.anchor:
                for start in range(max(0, i - len(self.steps)), i):
                    if self._match(flag, start, 0, i):
                        out.append((start, i + 1))
        return out


def anchored(pid: str, pattern, flag_names: tuple[str, ...]) -> AnchoredPattern | None:
    """The fast form of ``pattern``, or None when it does not have that shape."""
    if len(pattern) < 2:
        return None
    last = pattern[-1]
    if set(last) != {"LOWER"} or not isinstance(last["LOWER"], dict) or set(last["LOWER"]) != {"IN"}:
        return None
    allowed = set(flag_names) | {"IS_SENT_START"}
    steps = []
    for tok in pattern[:-1]:
        tok = dict(tok)
        op = tok.pop("OP", None)
        if op not in (None, "?") or not tok or set(tok) - allowed or not all(isinstance(v, bool) for v in tok.values()):
            return None
        steps.append((tok, op == "?"))
    if steps[0][1]:
        return None  # a leading optional step would change which starts count as matches
    return AnchoredPattern(pid, tuple(steps), frozenset(w.lower() for w in last["LOWER"]["IN"]))
