"""What a build keeps so that ``build --update`` can add papers without reading it all again.

Under ``OUT/state/``:

- ``keys.pkl``: deduplication's key of every paper (``ingest.merge.record_key``), in paper
  order, so new records are matched against old papers without reading ``papers.jsonl``;
- ``resolver.pkl``: the concept resolver's groups as they stood before resolution (what
  every mention of the run contributed), so an update adds its papers' mentions and
  resolves again without reading the old extractions;
- ``link.pkl``: each concept key's id;
- ``pair_keys.bin`` and ``pair_counts.bin``: the count of every pair of concepts named
  together, singletons too (two papers of two days make a pair that crosses the
  ``MIN_COOCCUR`` line), keyed over the sorted concept ids of ``concepts.jsonl``;
- ``exports.json``: where the concept section of each plain RDF file starts.

These are internal and version-bound; the pickles are read with an allowlist of classes
(``_Unpickler``), so a build from elsewhere cannot run code through them.
"""
from __future__ import annotations

import io
import json
import os
import pickle

from paperkg.errors import BuildError

STATE = "state"
KEYS = f"{STATE}/keys.pkl"
RESOLVER = f"{STATE}/resolver.pkl"
LINK = f"{STATE}/link.pkl"
PAIR_KEYS = f"{STATE}/pair_keys.bin"  # int64 i * n + j over the sorted concept ids, in order
PAIR_COUNTS = f"{STATE}/pair_counts.bin"  # int32 papers naming both, one per key
EXPORTS = f"{STATE}/exports.json"

_ALLOWED = {
    ("collections", "Counter"),
    ("builtins", "set"),
    ("builtins", "frozenset"),
    ("paperkg.link.groups", "_rebuild_group"),
    ("paperkg.model", "Repository"),
    ("paperkg.kinds", "EntityType"),
    ("paperkg.kinds", "Role"),
    ("paperkg.kinds", "Relation"),
}


_FOUND: dict[tuple[str, str], type] = {}


class _Unpickler(pickle.Unpickler):
    def find_class(self, module: str, name: str):
        found = _FOUND.get((module, name))  # asked once per object: the state is pickled without a memo
        if found is None:
            if (module, name) not in _ALLOWED:
                raise pickle.UnpicklingError(f"{module}.{name} is not allowed in a build's state")
            found = _FOUND[(module, name)] = super().find_class(module, name)
        return found


def save(root: str, name: str, obj) -> None:
    """Write ``obj`` to ``root/name`` (without the pickler's memo: the resolver's groups
    are millions of objects, and a memo would hold them all once more)."""
    os.makedirs(os.path.join(root, STATE), exist_ok=True)
    with open(os.path.join(root, name), "wb") as fh:
        p = pickle.Pickler(fh, protocol=pickle.HIGHEST_PROTOCOL)
        p.fast = True  # nothing in the state refers to itself
        p.dump(obj)


def load(root: str, name: str):
    path = os.path.join(root, name)
    try:
        with open(path, "rb") as fh:
            return _Unpickler(io.BufferedReader(fh, 1 << 20)).load()
    except FileNotFoundError:
        raise BuildError(f"{path}: not found") from None
    except (pickle.UnpicklingError, EOFError, ValueError, TypeError, AttributeError) as e:
        raise BuildError(f"{path}: unreadable ({e}); build {root} again in full") from e


class BatchWriter:
    """Items streamed to a state file in pickled batches (``batches`` reads them back), so
    a million papers' keys are never held at once."""

    def __init__(self, root: str, name: str, size: int = 10_000) -> None:
        os.makedirs(os.path.join(root, STATE), exist_ok=True)
        self.fh, self.size, self.batch = open(os.path.join(root, name), "wb"), size, []

    def add(self, item) -> None:
        self.batch.append(item)
        if len(self.batch) >= self.size:
            self._dump()

    def __enter__(self) -> "BatchWriter":
        return self

    def __exit__(self, *exc) -> None:
        if self.batch:
            self._dump()
        self.fh.close()

    def _dump(self) -> None:
        # without the memo: the bytes follow the values only, not which of them happen to be
        # one object (a cached title key shared by two papers, in one process and not another)
        pickler = pickle.Pickler(self.fh, protocol=pickle.HIGHEST_PROTOCOL)
        pickler.fast = True
        pickler.dump(self.batch)
        self.batch = []


def batches(root: str, name: str):
    """The items of a ``BatchWriter`` file, in order."""
    with open(os.path.join(root, name), "rb") as fh:
        reader = io.BufferedReader(fh, 1 << 20)
        while True:
            try:
                yield from _Unpickler(reader).load()
            except EOFError:
                return


def save_ids(root: str, cid_of_key: dict) -> None:
    """Each concept key's id (``LINK``), keys as plain strings (no enum to unpickle)."""
    save(root, LINK, {"cid_of_key": {tuple(str(x) for x in k): v for k, v in cid_of_key.items()}})


def keys_of(root: str, papers):
    """The papers, unchanged, their deduplication keys written to ``KEYS`` as they pass."""
    from paperkg.ingest.merge import record_key

    with BatchWriter(root, KEYS) as keys:
        for p in papers:
            keys.add(record_key(p))
            yield p


def write_keys(root: str, keys) -> None:
    """``KEYS`` from the papers' deduplication keys, made already (in paper order)."""
    with BatchWriter(root, KEYS) as out:
        for key in keys:
            out.add(key)


def has(root: str) -> bool:
    return all(os.path.exists(os.path.join(root, n)) for n in (KEYS, RESOLVER, LINK, PAIR_KEYS, PAIR_COUNTS))


def write_exports(root: str, data: dict) -> None:
    os.makedirs(os.path.join(root, STATE), exist_ok=True)
    with open(os.path.join(root, EXPORTS), "w", encoding="utf-8", newline="\n") as fh:
        json.dump(data, fh, indent=2, sort_keys=True)
        fh.write("\n")


def read_exports(root: str) -> dict:
    path = os.path.join(root, EXPORTS)
    if not os.path.exists(path):
        return {}
    with open(path, encoding="utf-8") as fh:
        return json.load(fh)
