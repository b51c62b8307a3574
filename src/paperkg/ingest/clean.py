"""Text cleaning applied to every title and abstract before anything else sees it.

Offsets produced by the extractor index the *cleaned* strings, so this is the single place
where text changes: LaTeX accent escapes become Unicode letters (``T\\"ULU`` → ``TÜLU``,
``Gy\\"{o}rgy`` → ``György``), and in running text font wrappers lose their command
(``\\emph{x}`` → ``x``) and escaped specials and name macros their backslash (``\\oni`` →
``oni``). Mathematics (``$…$``, ``\\(…\\)``, ``\\[…\\]``) is kept exactly as written, so
``$\\Omega\\left(\\sqrt{\\kappa}\\right)$`` reaches Neo4j and RDF intact. Control characters go,
and runs of white space become one space.
"""
from __future__ import annotations

import re
import unicodedata

# LaTeX accent command → Unicode combining mark.
_ACCENTS = {
    '"': "\u0308", "'": "\u0301", "`": "\u0300", "^": "\u0302", "~": "\u0303",
    "=": "\u0304", ".": "\u0307", "u": "\u0306", "v": "\u030c", "H": "\u030b",
    "c": "\u0327", "k": "\u0328", "r": "\u030a",
}
# \"o  \"{o}  {\"o}  \'{\i}  \c{c}  (letter accents need the braces or a space: \v s)
_ACCENT_RE = re.compile(
    r"\{?\\(?:([\"'`^~=.])\s*|([uvHckr])(?:\s+|(?=\{)))\{?\\?([A-Za-z])\}?\}?"
)
_WRAPPER_RE = re.compile(
    r"\\(?:emph|textbf|textit|texttt|textsc|textsf|textrm|mathrm|mathbf|mathit|mathcal"
    r"|text|underline|url)\s*\{([^{}]*)\}"
)
_SPECIAL_RE = re.compile(r"\\([%&_#$])")
# Any other command without braces ("\oni", a paper's own name macro) keeps its name.
_MACRO_RE = re.compile(r"\\([A-Za-z]+)\b(?!\{)")
_CONTROL_RE = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u200b\ufeff]")
# Inline and display maths, kept as written: $…$ / $$…$$ (not an escaped \$), \(…\), \[…\]
_MATH_RE = re.compile(r"((?<!\\)\$\$.+?(?<!\\)\$\$|(?<!\\)\$.+?(?<!\\)\$|\\\(.+?\\\)|\\\[.+?\\\])", re.S)


def _accent(m: re.Match[str]) -> str:
    mark = _ACCENTS[m.group(1) or m.group(2)]
    letter = m.group(3)
    if letter == "i":  # \'{\i} is a dotless i carrying the accent
        letter = "i"
    return unicodedata.normalize("NFC", letter + mark)


def control_characters(text: str) -> list[str]:
    """The distinct control characters in ``text`` as ``U+XXXX`` names (for reports)."""
    return sorted({f"U+{ord(c):04X}" for c in _CONTROL_RE.findall(text)})


def _clean_prose(text: str) -> str:
    text = _ACCENT_RE.sub(_accent, text)
    for _ in range(3):  # nested wrappers: \emph{\textbf{x}}
        new = _WRAPPER_RE.sub(r"\1", text)
        if new == text:
            break
        text = new
    text = _SPECIAL_RE.sub(r"\1", text)
    return _MACRO_RE.sub(r"\1", text)


def clean_text(text: str) -> str:
    """Clean one field; idempotent (``clean_text(clean_text(x)) == clean_text(x)``)."""
    text = _CONTROL_RE.sub(" ", text)
    if "\\" in text or "$" in text:  # every LaTeX rule needs one of these: most texts skip them all
        parts = _MATH_RE.split(text)  # prose, math, prose, math, …: only the prose is cleaned
        text = "".join(_clean_prose(p) if i % 2 == 0 else p for i, p in enumerate(parts))
    if not text.isascii():
        text = unicodedata.normalize("NFC", text)
    return " ".join(text.split())  # runs of white space (str.isspace, the same set as re's \s) → one space
