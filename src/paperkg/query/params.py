"""Query parameters declared in query files with Neo4j Browser's ``:param`` syntax.

``:param name => value`` lines (in ``.rq`` files inside ``#`` comments) give each
parameter its default; ``--param name=value`` on the command line overrides it. Values are
JSON-like literals: ``"text"`` or ``'text'``, numbers, ``true``/``false``, lists.
"""
from __future__ import annotations

import json
import re
from typing import Any

from paperkg.errors import QueryError

_PARAM = re.compile(r"^\s*(?:#\s*|//\s*)?:param\s+([A-Za-z_][A-Za-z0-9_]*)\s*=>\s*(.+?)\s*;?\s*$")


def parse_value(text: str) -> Any:
    text = text.strip()
    if len(text) >= 2 and text[0] == text[-1] == "'":
        text = json.dumps(text[1:-1])
    try:
        return json.loads(text)
    except json.JSONDecodeError:
        return text  # a bare word is a string


def declared(text: str, path: str = "<query>") -> tuple[dict[str, Any], str]:
    """Defaults declared in the file, and the query text without the ``:param`` lines."""
    params: dict[str, Any] = {}
    body = []
    for line in text.splitlines():
        m = _PARAM.match(line)
        if m:
            params[m.group(1)] = parse_value(m.group(2))
            if not line.lstrip().startswith(("#", "//")):
                continue  # a bare Browser command is not part of the query
        body.append(line)
    return params, "\n".join(body)


def overrides(pairs: tuple[str, ...]) -> dict[str, Any]:
    out = {}
    for pair in pairs:
        name, sep, value = pair.partition("=")
        if not sep or not name.strip():
            raise QueryError(f"--param expects name=value, got {pair!r}")
        out[name.strip()] = parse_value(value)
    return out
