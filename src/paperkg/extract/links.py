"""URLs in titles and abstracts: found, canonicalised, classified.

Catches ``http(s)://…`` and ``www.…`` anywhere, and bare ``host.tld/path`` forms only when
the host ends in a well-known top-level domain and has a path or is a known code host
(``clvrai.com/boss``, ``github.com/a/b``), so "e.g." or "Fig.3" are never URLs. Trailing
punctuation that belongs to the sentence (``.``, ``,``, ``)``, ``}}``) is removed, keeping
a ``)`` that closes a ``(`` inside the URL.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

_TLDS = "com|org|net|io|ai|edu|dev|app|me|co|info|xyz|site|page|tech|cc|gov|uk|de|cn|fr|jp|ca|ch|nl|kr|tw|hk|sg|in|ru|eu|us|ly|tv|be"
_URL = re.compile(
    r"(?:https?://|www\.)[^\s<>\"'{}]+"
    rf"|(?<![\w@./-])(?:[a-z0-9][a-z0-9-]*\.)+(?:{_TLDS})/[^\s<>\"'{{}}]*",
    re.IGNORECASE,
)
_ANCHOR = re.compile(rf"://|www\.|\.(?:{_TLDS})/", re.IGNORECASE)
_TRAIL = ".,;:!?'\"*]}>"
_CODE_HOSTS = {"github.com": "code", "gitlab.com": "code", "bitbucket.org": "code"}
_VIDEO_HOSTS = ("youtube.com", "youtu.be", "vimeo.com", "bilibili.com")
_OTHER_HOSTS = ("arxiv.org", "doi.org", "openreview.net", "aclanthology.org", "paperswithcode.com",
                "twitter.com", "x.com", "wikipedia.org", "kaggle.com")
_OFFICIAL = re.compile(
    r"\b(?:our|we|code|codes|data|dataset|models?|project|page|website|demo|available|released?|"
    r"open[- ]sourced?|publicly|can be found|is at|are at|at|here|github)\b",
    re.IGNORECASE,
)
_NOT_OFFICIAL = re.compile(r"\b(?:baseline|prior work|previous work|existing|from \w+ et al)\b", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class FoundURL:
    url: str
    kind: str
    repo: str | None
    start: int
    end: int


def _trim(raw: str) -> str:
    """Remove sentence punctuation glued to the end; keep balanced brackets."""
    while raw:
        last = raw[-1]
        if last in _TRAIL:
            raw = raw[:-1]
        elif last == ")" and raw.count("(") < raw.count(")"):
            raw = raw[:-1]
        else:
            break
    return raw


def canonical(raw: str) -> str:
    url = raw
    if not re.match(r"https?://", url, re.I):
        url = "https://" + url
    scheme, rest = url.split("://", 1)
    host, _, path = rest.partition("/")
    url = f"{scheme.lower()}://{host.lower()}" + (f"/{path}" if path else "")
    return url.rstrip("/")


def classify(url: str) -> tuple[str, str | None]:
    """``(kind, repo)`` for a canonical URL."""
    rest = url.split("://", 1)[1]
    host, _, path = rest.partition("/")
    host = host.removeprefix("www.")
    parts = [p for p in path.split("/") if p]
    if host in _CODE_HOSTS:
        if len(parts) >= 2:
            name = parts[1].removesuffix(".git")
            return "code", f"{parts[0]}/{name}"
        return "other", None
    if host == "huggingface.co":
        if parts[:1] == ["datasets"] and len(parts) >= 3:
            return "dataset", f"{parts[1]}/{parts[2]}"
        if parts[:1] == ["spaces"] and len(parts) >= 3:
            return "project-page", f"{parts[1]}/{parts[2]}"
        if len(parts) >= 2 and parts[0] not in ("papers", "docs", "blog"):
            return "model", f"{parts[0]}/{parts[1]}"
        return "other", None
    if host.endswith(_VIDEO_HOSTS):
        return "video", None
    if host.endswith(_OTHER_HOSTS):
        return "other", None
    return "project-page", None


def find_urls(text: str) -> list[FoundURL]:
    out: list[FoundURL] = []
    if not _ANCHOR.search(text):
        return out  # every URL form has "://", "www." or a "tld/" in it
    for m in _URL.finditer(text):
        raw = m.group(0)
        glued = re.search(r"(?<=.)https?://", raw)  # "…/doc_lmhttps://…": two URLs run together
        if glued:
            raw = raw[: glued.start()]
        raw = _trim(raw)
        if len(raw) < 8 or "." not in raw:
            continue
        url = canonical(raw)
        kind, repo = classify(url)
        out.append(FoundURL(url, kind, repo, m.start(), m.start() + len(raw)))
    return out


def is_official(sentence: str) -> bool:
    """The sentence presents the link as the paper's own ("our code", "available at",
    "we release"), and does not attribute it to a baseline or prior work."""
    return bool(_OFFICIAL.search(sentence)) and not _NOT_OFFICIAL.search(sentence)
