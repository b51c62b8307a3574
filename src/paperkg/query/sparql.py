"""SPARQL on an embedded pyoxigraph store loaded from a build's ``graph.ttl``."""
from __future__ import annotations

from typing import Any

from paperkg.errors import QueryError


def _term(value: Any):
    import pyoxigraph as ox

    if isinstance(value, str) and value.startswith("<") and value.endswith(">"):
        return ox.NamedNode(value[1:-1])
    if isinstance(value, bool):
        return ox.Literal(str(value).lower(), datatype=ox.NamedNode("http://www.w3.org/2001/XMLSchema#boolean"))
    if isinstance(value, int):
        return ox.Literal(str(value), datatype=ox.NamedNode("http://www.w3.org/2001/XMLSchema#integer"))
    if isinstance(value, float):
        return ox.Literal(repr(value), datatype=ox.NamedNode("http://www.w3.org/2001/XMLSchema#double"))
    return ox.Literal(str(value))


def _plain(term) -> Any:
    import pyoxigraph as ox

    if term is None:
        return None
    if isinstance(term, ox.Literal):
        dt = term.datatype.value
        if dt.endswith(("#integer", "#int", "#long")):
            return int(term.value)
        if dt.endswith(("#decimal", "#double", "#float")):
            return float(term.value)
        return term.value
    return term.value


def load_store(ttl_path: str):
    import os

    import pyoxigraph as ox

    if not os.path.exists(ttl_path):
        raise QueryError(f"{ttl_path}: not found; run 'paperkg build INPUT... -o OUT' first")
    store = ox.Store()
    try:
        store.bulk_load(path=ttl_path, format=ox.RdfFormat.TURTLE)
    except (SyntaxError, ValueError, OSError) as e:
        raise QueryError(f"{ttl_path}: cannot load ({e})") from e
    return store


def run_sparql(store, query: str, params: dict[str, Any], path: str = "<query>") -> tuple[list[str], list[list]]:
    import pyoxigraph as ox

    subs = {ox.Variable(k): _term(v) for k, v in params.items()}
    try:
        result = store.query(query, substitutions=subs)
    except SyntaxError as e:
        raise QueryError(f"{path}: SPARQL syntax error: {e}") from e
    except (RuntimeError, ValueError, OSError) as e:
        raise QueryError(f"{path}: {e}") from e
    if isinstance(result, ox.QuerySolutions):
        columns = [v.value for v in result.variables]
        rows = [[_plain(sol[c]) for c in columns] for sol in result]
        return columns, rows
    if isinstance(result, bool) or isinstance(result, ox.QueryBoolean):
        return ["result"], [[bool(result)]]
    return ["subject", "predicate", "object"], [[_plain(t.subject), _plain(t.predicate), _plain(t.object)]
                                                 for t in result]
