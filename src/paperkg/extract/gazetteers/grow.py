"""Grow the gazetteers from facts the field's own packages keep (a developer tool).

    python -m paperkg.extract.gazetteers.grow [--check]

Downloads pinned wheels with pip (``--no-deps``, nothing installed or imported) and reads
names out of their files:
- ``transformers``: the display names of its model families (``MODEL_NAMES_MAPPING``);
- ``torchvision``: the dataset classes its ``datasets`` package exports;
- ``lm-eval``: the title of each benchmark task's README.

A name is dropped when it is an ordinary English word (``/usr/share/dict/words``, Debian's
``wamerican``: "Falcon", "Whisper", "Kinetics" would match prose) or a short plain word
("Phi"), when every word of it is ordinary ("Translation Tasks", "Time Series Transformer"),
when it is a description rather than a name ("Encoder decoder", "Task-name"), or when the
hand-kept lists know it already. What is left
is written to ``grown.jsonl`` with its provenance (package, version, file) in ``source``,
sorted, so a re-run with the same pins gives the same file; ``--check`` fails when the file is
out of date. ``ordinary.txt`` lists the listed names that are ordinary words in another case
("MuTual" / "Mutual"), so the extractor never finds those by folding case. The lists are read at extraction time like any other gazetteer; nothing here is
needed at run time.
"""
from __future__ import annotations

import argparse
import json
import re
import subprocess
import sys
import tempfile
import zipfile
from collections.abc import Iterator
from pathlib import Path

PINS = {"transformers": "4.57.1", "torchvision": "0.24.1", "lm-eval": "0.4.9.1"}
OUT = Path(__file__).with_name("grown.jsonl")
ORDINARY = Path(__file__).with_name("ordinary.txt")
WORDS = Path("/usr/share/dict/words")
# Helpers and containers a package exports beside its real datasets
_NOT_NAMES = {"ImageFolder", "DatasetFolder", "VisionDataset", "FakeData", "wrap_dataset_for_transforms_v2",
              "CocoCaptions", "CocoDetection", "Task-name", "Changelog", "Auto", "Template"}


def _wheel(package: str, dest: str) -> zipfile.ZipFile:
    subprocess.run([sys.executable, "-m", "pip", "download", "--quiet", "--no-deps", "--only-binary", ":all:",
                    "-d", dest, f"{package}=={PINS[package]}"], check=True)
    stem = package.replace("-", "_")
    (path,) = [p for p in Path(dest).glob("*.whl") if p.name.lower().startswith(stem.lower() + "-")]
    return zipfile.ZipFile(path)


def transformers_models(whl: zipfile.ZipFile) -> Iterator[tuple[str, str, str]]:
    path = "transformers/models/auto/configuration_auto.py"
    text = whl.read(path).decode()
    block = text[text.index("MODEL_NAMES_MAPPING") :]
    block = block[: block.index("\n)\n")]
    for _, display in re.findall(r'\(\s*"([^"]+)",\s*"([^"]+)"\s*\)', block):
        yield display, "method", path


def torchvision_datasets(whl: zipfile.ZipFile) -> Iterator[tuple[str, str, str]]:
    path = "torchvision/datasets/__init__.py"
    text = whl.read(path).decode()
    block = text[text.index("__all__") :]
    for name in re.findall(r'"([A-Za-z0-9_]+)"', block[: block.index(")")]):
        yield name, "dataset", path


def lm_eval_tasks(whl: zipfile.ZipFile) -> Iterator[tuple[str, str, str]]:
    for path in sorted(n for n in whl.namelist() if re.fullmatch(r"lm_eval/tasks/[^/]+/README\.md", n)):
        first = whl.read(path).decode(errors="replace").lstrip().split("\n", 1)[0]
        if first.startswith("# ") and not first.startswith("##"):
            yield first[2:].strip(), "benchmark", path


def is_name(name: str, words: set[str]) -> bool:
    """A proper name of one to three words, each capitalised or with a digit, not an
    ordinary word, not a description."""
    parts = name.split()
    if not 1 <= len(parts) <= 3 or len(name) > 30 or name in _NOT_NAMES:
        return False
    if not all(p[:1].isupper() or p[:1].isdigit() for p in parts):
        return False
    if not re.fullmatch(r"[A-Za-z0-9][A-Za-z0-9.+\- ]*", name):
        return False
    def plain(p: str) -> bool:  # no inner capital, no digit: could be a word of prose
        return p[1:].islower() and p.replace("-", "").isalpha()

    if len(parts) == 1:
        # "Falcon", "Whisper", and short plain words ("Phi", "Doge") read as prose
        return not (plain(name) and (name.lower() in words or len(name) <= 4))
    # "Translation Tasks", "Time Series Transformer": every word ordinary, so prose matches it
    return not all(plain(p) and p.lower() in words for p in parts)


def _hand_keys() -> set[str]:
    """Keys of every name in the hand-kept lists (all gazetteer files but this tool's own)."""
    from paperkg.extract.resources import _file_lines, _files, parse_gazetteer
    from paperkg.normalize import concept_key

    pkg = "paperkg.extract.gazetteers"
    keys: set[str] = set()
    for fname in _files(pkg, ".jsonl"):
        if fname != OUT.name:
            for e in parse_gazetteer(*_file_lines(pkg, fname)):
                keys.update(concept_key(a) for a in (e.name, *e.aliases))
    return keys


def ordinary_folds(rows: list[dict], words: set[str]) -> list[str]:
    """Lower forms of case-foldable names (hand-kept and grown) that are ordinary words."""
    from paperkg.extract.nlp import case_foldable
    from paperkg.extract.resources import _file_lines, _files, parse_gazetteer

    pkg = "paperkg.extract.gazetteers"
    aliases = [a for r in rows for a in (r["name"], *r["aliases"])]
    for fname in _files(pkg, ".jsonl"):
        if fname != OUT.name:
            aliases += [a for e in parse_gazetteer(*_file_lines(pkg, fname)) for a in (e.name, *e.aliases)]
    return sorted({a.lower() for a in aliases if case_foldable(a) and a.lower() in words})


def grow(dest: str) -> list[dict]:
    from paperkg.normalize import concept_key, slug

    words = {w.strip().lower() for w in WORDS.read_text(encoding="utf-8", errors="replace").splitlines()}
    known = _hand_keys()
    sources = (("transformers", transformers_models), ("torchvision", torchvision_datasets),
               ("lm-eval", lm_eval_tasks))
    rows: dict[str, dict] = {}
    for package, read in sources:
        whl = _wheel(package, dest)
        for name, typ, path in read(whl):
            if not is_name(name, words) or concept_key(name) in known:
                continue
            rid = f"{typ}:{slug(name)}"
            rows.setdefault(rid, {"id": rid, "name": name, "type": typ, "aliases": [],
                                  "source": f"{package}=={PINS[package]}:{path}"})
    return [rows[k] for k in sorted(rows)]


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--check", action="store_true", help="fail if grown.jsonl is not what the pins give")
    args = ap.parse_args(argv)
    if not WORDS.exists():
        print(f"{WORDS}: missing; install Debian's wamerican (apt-get install wamerican)", file=sys.stderr)
        return 2
    with tempfile.TemporaryDirectory() as dest:
        rows = grow(dest)
    words = {w.strip().lower() for w in WORDS.read_text(encoding="utf-8", errors="replace").splitlines()}
    folds = ordinary_folds(rows, words)
    files = {OUT: "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows),
             ORDINARY: "".join(w + "\n" for w in folds)}
    if args.check:
        stale = [p.name for p, text in files.items() if not p.exists() or p.read_text(encoding="utf-8") != text]
        print(f"out of date: {', '.join(stale)}" if stale else f"up to date ({len(rows)} names, {len(folds)} folds)")
        return 1 if stale else 0
    for path, text in files.items():
        path.write_text(text, encoding="utf-8")
    print(f"wrote {len(rows)} names to {OUT.name} and {len(folds)} ordinary words to {ORDINARY.name}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
