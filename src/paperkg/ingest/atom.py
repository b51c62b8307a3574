"""Reader for arXiv API Atom feeds, streamed through expat.

Safety: no external entity is ever fetched (expat only does so through a handler, and we
set none), parameter entities are not parsed, and internal entities declared in a DOCTYPE
are *not expanded*: installing a plain ``DefaultHandler`` makes expat pass such
references through unexpanded, and we drop them with a warning. So a hostile feed can
neither read local files nor blow up memory with nested entities.
"""
from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from xml.parsers import expat

from paperkg.errors import IngestError
from paperkg.ingest.record import IngestWarning, Report, make_paper
from paperkg.model import Paper

ATOM = "http://www.w3.org/2005/Atom"
ARXIV = "http://arxiv.org/schemas/atom"
_CHUNK = 1 << 16


@dataclass
class _Entry:
    line: int
    values: dict[str, str] = field(default_factory=dict)
    authors: list[str] = field(default_factory=list)
    links: list[dict[str, str]] = field(default_factory=list)
    categories: list[str] = field(default_factory=list)


class _FeedHandler:
    def __init__(self, path: str, report: Report, parser: expat.XMLParserType, line_offset: int = 0) -> None:
        self.path, self.report, self.parser = path, report, parser
        self.offset = line_offset  # lines of the file before what this parser was given
        self.entry: _Entry | None = None
        self.text: list[str] = []
        self.done: list[_Entry] = []

    def start(self, name: str, attrs: dict[str, str]) -> None:
        ns, _, local = name.rpartition(" ")
        self.text = []
        if ns == ATOM and local == "entry":
            self.entry = _Entry(self.offset + self.parser.CurrentLineNumber)
        elif self.entry is not None and ns == ATOM and local == "link":
            self.entry.links.append(dict(attrs))
        elif self.entry is not None and local == "category" and "term" in attrs:
            self.entry.categories.append(attrs["term"])

    def end(self, name: str) -> None:
        ns, _, local = name.rpartition(" ")
        entry = self.entry
        if entry is None:
            return
        text = "".join(self.text).strip()
        if ns == ATOM and local == "entry":
            self.done.append(entry)
            self.entry = None
        elif ns == ATOM and local == "name":
            entry.authors.append(text)
        elif ns == ATOM and local in ("id", "title", "summary", "published", "updated"):
            entry.values[local] = text
        elif ns == ARXIV and local == "doi":
            entry.values["doi"] = text
        self.text = []

    def chars(self, data: str) -> None:
        self.text.append(data)

    def unexpanded(self, data: str) -> None:
        if data.startswith("&") and data.endswith(";"):
            self.report(IngestWarning(self.path, self.offset + self.parser.CurrentLineNumber,
                                      f"entity reference {data} not expanded (entities are disabled)"))


def _to_paper(e: _Entry, path: str, report: Report) -> Paper | None:
    eid = e.values.get("id", "")
    if "/api/errors" in eid or (e.values.get("title") == "Error" and not e.values.get("published")):
        # the arXiv API answers a bad query with an entry that describes the error
        report(IngestError(path, e.line, f"arXiv API error: {e.values.get('summary') or eid}; skipped"))
        return None
    url = next((l.get("href") for l in e.links if l.get("rel") == "alternate"), None) or e.values.get("id")
    return make_paper(
        path, e.line, report,
        title=e.values.get("title"), abstract=e.values.get("summary"),
        own_id=e.values.get("id"), doi=e.values.get("doi"), url=url,
        authors=e.authors, date=(e.values.get("published") or "")[:10] or None,
        categories=e.categories,
    )


# A resumed parse starts inside the feed: this opening gives it the namespaces back.
_RESUME = (b'<feed xmlns="http://www.w3.org/2005/Atom" xmlns:arxiv="http://arxiv.org/schemas/atom">')


def _parser(path: str, report: Report, line_offset: int) -> tuple[expat.XMLParserType, _FeedHandler]:
    parser = expat.ParserCreate(namespace_separator=" ")
    parser.SetParamEntityParsing(expat.XML_PARAM_ENTITY_PARSING_NEVER)
    h = _FeedHandler(path, report, parser, line_offset)
    parser.StartElementHandler = h.start
    parser.EndElementHandler = h.end
    parser.CharacterDataHandler = h.chars
    parser.DefaultHandler = h.unexpanded  # side effect: internal entities are not expanded
    return parser, h


def read_atom(path: str, report: Report, mapping=None) -> Iterator[Paper]:
    """Entries in order. A bad byte, a NUL or broken markup loses only the entry it is in:
    the parse resumes at the next ``<entry`` with a fresh parser."""
    with open(path, "rb") as fh:
        data = fh.read()
    pos, resumed = 0, False
    while pos < len(data):
        offset = data.count(b"\n", 0, pos)  # lines before this part of the file
        parser, h = _parser(path, report, offset)
        prefix = _RESUME if resumed else b""
        try:
            if prefix:
                parser.Parse(prefix, False)
            for i in range(pos, len(data), _CHUNK):
                parser.Parse(data[i : i + _CHUNK], False)
                yield from _drain(h, path, report)
            parser.Parse(b"", True)
        except expat.ExpatError as e:
            yield from _drain(h, path, report)
            bad = pos + max(0, parser.ErrorByteIndex - len(prefix))
            nxt = data.find(b"<entry", bad + 1)
            line = data.count(b"\n", 0, bad) + 1
            if nxt < 0 or (resumed and nxt == pos):
                if data[bad:].strip() not in (b"", b"</feed>"):
                    report(IngestError(path, line, f"malformed XML ({expat.ErrorString(e.code)}); rest of file skipped"))
                return
            at = data.count(b"\n", 0, nxt) + 1
            report(IngestError(path, line, f"malformed XML ({expat.ErrorString(e.code)}); "
                                           f"skipped to the next entry at line {at}"))
            pos, resumed = nxt, True
            continue
        yield from _drain(h, path, report)
        return


def _drain(h: _FeedHandler, path: str, report: Report) -> Iterator[Paper]:
    done, h.done = h.done, []
    for e in done:
        p = _to_paper(e, path, report)
        if p is not None:
            yield p
