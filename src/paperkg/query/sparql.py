"""SPARQL on a build: an on-disk pyoxigraph store kept next to it, in ``OUT/sparql/``.

The store is made once with ``bulk_load`` (RocksDB holds the data, so loading does not hold
the graph in Python's memory), by ``paperkg build --sparql`` or by the first query, and
records which ``graph.ttl`` it was made from (its sha256 in ``build.json``). A later query
opens it read-only in well under a second; when the build has changed, the store is made
anew, never used stale. It lives outside the manifest: RocksDB's files are not
byte-identical from run to run, and a new build (swapped in whole) starts without one.

Parameters are bound as RDF terms (never pasted as text) in a ``VALUES`` block at the top of
the outermost ``WHERE``. pyoxigraph's ``substitutions=`` follow SEP-0007's substitute
operation: the query is planned with the variable unbound and the value is put into that
plan, so a selective parameter cannot drive the join order; a ``VALUES`` block is part of
the query the optimiser plans, and the join starts from it.
"""
from __future__ import annotations

import json
import os
import re
import shutil
import sys
import time
from typing import Any

from paperkg.errors import QueryError

STORE_DIR = "sparql"
_STAMP = "made-from.json"
_XSD = "http://www.w3.org/2001/XMLSchema#"


def _term(value: Any):
    import pyoxigraph as ox

    if isinstance(value, str) and value.startswith("<") and value.endswith(">"):
        return ox.NamedNode(value[1:-1])
    if isinstance(value, bool):
        return ox.Literal(str(value).lower(), datatype=ox.NamedNode(_XSD + "boolean"))
    if isinstance(value, int):
        return ox.Literal(str(value), datatype=ox.NamedNode(_XSD + "integer"))
    if isinstance(value, float):
        return ox.Literal(repr(value), datatype=ox.NamedNode(_XSD + "double"))
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
    """An in-memory store of one Turtle file (tests, small files)."""
    import pyoxigraph as ox

    if not os.path.exists(ttl_path):
        raise QueryError(f"{ttl_path}: not found; run 'paperkg build INPUT... -o OUT' first")
    store = ox.Store()
    try:
        store.bulk_load(path=ttl_path, format=ox.RdfFormat.TURTLE)
    except (SyntaxError, ValueError, OSError) as e:
        raise QueryError(f"{ttl_path}: cannot load ({e})") from e
    return store


def _made_from(out: str) -> dict:
    from paperkg.store import check, digest
    from paperkg.store.layout import rdf_file

    name = rdf_file(out)
    meta = check(out)["files"][name]
    return {name: digest(meta), "bytes": meta["bytes"]}


def ensure_store(out: str, progress=None) -> str:
    """The path of an up-to-date persistent store for the build ``out``, made if needed."""
    import pyoxigraph as ox

    from paperkg.store import require
    from paperkg.store.layout import open_rdf, rdf_file

    name = rdf_file(out)
    ttl = require(out, name)
    want = _made_from(out)
    path = os.path.join(out, STORE_DIR)
    stamp = os.path.join(path, _STAMP)
    try:
        with open(stamp, encoding="utf-8") as fh:
            if json.load(fh) == want:
                return path
    except (OSError, ValueError):
        pass
    say = progress or (lambda msg: print(msg, file=sys.stderr))
    say(f"making the SPARQL store {path} from {name} ({want['bytes'] / 1e6:,.0f} MB); later queries reuse it")
    shutil.rmtree(path, ignore_errors=True)
    partial = path + ".partial"
    shutil.rmtree(partial, ignore_errors=True)
    t0 = time.perf_counter()
    try:
        store = ox.Store(partial)
        fmt = ox.RdfFormat.TURTLE if ".ttl" in name else ox.RdfFormat.N_TRIPLES
        with open_rdf(ttl) as fh:
            store.bulk_load(fh, format=fmt)
        store.flush()
        quads = len(store)
        del store
    except (SyntaxError, ValueError, OSError) as e:
        shutil.rmtree(partial, ignore_errors=True)
        raise QueryError(f"{ttl}: cannot load ({e})") from e
    with open(os.path.join(partial, _STAMP), "w", encoding="utf-8") as fh:
        json.dump(want, fh)
    os.rename(partial, path)  # whole or not at all
    secs = time.perf_counter() - t0
    say(f"SPARQL store ready: {quads:,} triples in {secs:.1f}s ({quads / max(secs, 1e-9):,.0f} triples/s)")
    return path


def open_store(out: str, progress=None):
    """The build's persistent store, opened read-only (several queries may run at once)."""
    import pyoxigraph as ox

    return ox.Store.read_only(ensure_store(out, progress))


_WHERE = re.compile(r"\bWHERE\s*\{", re.IGNORECASE)


def _bind_at(query: str, name: str) -> int | None:
    """Where ``?name`` gets its VALUES: just inside the ``WHERE {`` of the group that first uses
    it in a pattern (a subquery's own WHERE when the variable lives there: a subquery sees only
    its own variables, and binding it outside would filter after the subquery's LIMIT)."""
    wheres = [m.end() for m in _WHERE.finditer(query)]
    for occ in re.finditer(rf"[?$]{re.escape(name)}\b", query):
        before = [w for w in wheres if w <= occ.start()]
        if before and not re.search(r"\bSELECT\b", query[before[-1] : occ.start()], re.IGNORECASE):
            return before[-1]
    return None


def bind(query: str, params: dict[str, Any]) -> str:
    """The query with a ``VALUES`` block for each parameter its patterns use, placed at the
    start of the group that first uses it; values are serialised RDF terms, so no value can
    change the query's shape."""
    at: dict[int, list[str]] = {}
    for name in sorted(params):
        pos = _bind_at(query, name)
        if pos is not None:
            at.setdefault(pos, []).append(name)
    if not at and any(re.search(rf"[?$]{re.escape(k)}\b", query) for k in params):
        raise QueryError("parameters need a WHERE { … } clause to bind into")
    for pos in sorted(at, reverse=True):
        names = at[pos]
        block = (f" VALUES ({' '.join('?' + n for n in names)}) "
                 f"{{ ({' '.join(str(_term(params[n])) for n in names)}) }} ")
        query = query[:pos] + block + query[pos:]
    return query


def run_sparql(store, query: str, params: dict[str, Any], path: str = "<query>") -> tuple[list[str], list[list]]:
    import pyoxigraph as ox

    try:
        result = store.query(bind(query, params))
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


def _child(out: str, query: str, params: dict, path: str, conn) -> None:
    try:
        conn.send(("ok", run_sparql(open_store(out), query, params, path)))
    except QueryError as e:
        conn.send(("error", str(e)))


def run_with_timeout(out: str, query: str, params: dict[str, Any], path: str, timeout: float):
    """Run in a child process that is stopped after ``timeout`` seconds: a runaway query
    ends with one clear line instead of holding the terminal."""
    import multiprocessing as mp

    ensure_store(out)  # made here, with its progress line, not in the child
    ctx = mp.get_context("fork")
    parent, child = ctx.Pipe(duplex=False)
    proc = ctx.Process(target=_child, args=(out, query, params, path, child), daemon=True)
    proc.start()
    child.close()
    if not parent.poll(timeout):
        proc.kill()
        proc.join()
        raise QueryError(f"{path}: stopped after {timeout:g}s (--timeout); narrow it with --param or LIMIT")
    status, value = parent.recv()
    proc.join()
    if status == "error":
        raise QueryError(value)
    return value
