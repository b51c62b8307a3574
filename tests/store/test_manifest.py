"""The manifest's hashes: a big file's blocks (hashed side by side) are each the sha256 of
those bytes, in order; an update's unchanged leading blocks are taken from the old entry;
``verify`` finds a changed byte in any block."""
from __future__ import annotations

import hashlib
import json

import pytest

import paperkg.store as store


def _tree(tmp_path):
    root = tmp_path / "out"
    root.mkdir()
    big = bytes(range(256)) * 23 + b"tail"  # 5,892 bytes: five whole blocks of 1,000 and a short one
    (root / "big.ttl").write_bytes(big)
    (root / "small.json").write_text('{"a": 1}\n')
    (root / "sub").mkdir()
    (root / "sub" / "other.csv").write_bytes(big[::-1] * 2)
    return root, big


def test_blocks_are_each_blocks_sha256_in_order(tmp_path, monkeypatch):
    monkeypatch.setattr(store, "BLOCK", 1000)
    root, big = _tree(tmp_path)
    manifest = store.write_manifest(str(root), "0", [], {})
    files = manifest["files"]
    assert sorted(files) == ["big.ttl", "small.json", "sub/other.csv"]
    assert files["big.ttl"]["blocks"] == [hashlib.sha256(big[i:i + 1000]).hexdigest() for i in range(0, len(big), 1000)]
    assert len(files["sub/other.csv"]["blocks"]) == 12
    assert files["small.json"]["sha256"] == hashlib.sha256(b'{"a": 1}\n').hexdigest()
    on_disk = json.loads((root / store.MANIFEST).read_text())
    assert on_disk["files"] == files


def test_an_update_rehashes_only_blocks_past_what_is_unchanged(tmp_path, monkeypatch):
    monkeypatch.setattr(store, "BLOCK", 1000)
    root, big = _tree(tmp_path)
    old = {"bytes": 3000, "blocks": ["kept-0", "kept-1", "kept-2"]}
    # 2,500 bytes unchanged: blocks 0 and 1 are taken as they were, block 2 on are hashed again
    manifest = store.write_manifest(str(root), "0", [], {}, known={"big.ttl": (old, 2500)})
    blocks = manifest["files"]["big.ttl"]["blocks"]
    assert blocks[:2] == ["kept-0", "kept-1"]
    assert blocks[2:] == [hashlib.sha256(big[i:i + 1000]).hexdigest() for i in range(2000, len(big), 1000)]


def test_verify_finds_a_changed_byte_in_a_late_block(tmp_path, monkeypatch):
    monkeypatch.setattr(store, "BLOCK", 1000)
    root, big = _tree(tmp_path)
    store.write_manifest(str(root), "0", [], {})
    store._CHECKED.clear()
    assert store.verify(str(root)) == []
    changed = bytearray(big)
    changed[4321] ^= 1
    (root / "big.ttl").write_bytes(bytes(changed))
    store._CHECKED.clear()
    assert store.verify(str(root)) == ["big.ttl"]


def test_blocks_hashed_while_a_file_grows_make_the_manifest_a_fresh_hash_makes(tmp_path, monkeypatch):
    monkeypatch.setattr(store, "BLOCK", 1000)
    root, big = _tree(tmp_path)
    fresh = store.write_manifest(str(root), "0", [], {})["files"]
    grown = root / "grown.ttl"
    hashes = store.BlockHashes(str(root))
    hashes.written()  # what is there now is final
    with open(grown, "wb") as fh:
        for at in range(0, len(big), 700):  # final up to each write's end: its whole blocks hashed
            fh.write(big[at:at + 700])
            fh.flush()
            hashes.upto("grown.ttl", min(at + 700, len(big)))
    known = hashes.known()
    assert known["grown.ttl"] == ({"blocks": fresh["big.ttl"]["blocks"][:5]}, 5000)  # the short last one left
    assert known["sub/other.csv"][1] == 11000 and "small.json" not in known
    manifest = store.write_manifest(str(root), "0", [], {}, known=known)["files"]
    assert manifest["grown.ttl"] == fresh["big.ttl"]
    assert {k: v for k, v in manifest.items() if k != "grown.ttl"} == fresh


def test_a_file_hashed_then_written_again_is_refused(tmp_path, monkeypatch):
    from paperkg.errors import BuildError

    monkeypatch.setattr(store, "BLOCK", 1000)
    root, _ = _tree(tmp_path)
    with store.BlockHashes(str(root)) as hashes:
        hashes.written()
        with pytest.raises(BuildError, match="big.ttl: hashed past 10 bytes"):
            hashes.upto("big.ttl", 10)  # truncated and written again: its blocks hashed before are wrong
