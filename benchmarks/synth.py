"""Synthetic corpora with a vocabulary that grows with the corpus, as on arXiv.

    python benchmarks/synth.py --papers 100000 -o /tmp/synth-100k.jsonl [--seed 1]

Each paper takes a seed abstract (cycled) and a unique id. About a third of the papers coin
a new name and say so ("We introduce Name, a …"); most papers also use one to three names
coined earlier, picked with a heavy head (recent and popular names more often), so the
concept table grows with the corpus while later papers keep reusing earlier names. Names
are made from syllables by a seeded generator: the same arguments give the same file.
"""
from __future__ import annotations

import argparse
import json
import random
import sys

from common import seed_corpus

_SYLLABLES = ("ka", "lo", "mi", "ner", "tos", "vax", "qui", "ral", "zen", "dor", "fy", "gle", "hu", "jor",
              "pex", "sol", "tri", "ul", "wen", "yst", "bri", "cor", "dex", "fen")
_KINDS = (("method", "a method for {t}", "We apply {n} to"), ("benchmark", "a benchmark for {t}", "We evaluate on {n} for"),
          ("dataset", "a dataset for {t}", "We train on the {n} dataset for"))
_TOPICS = ("long-context reasoning", "video question answering", "robot grasping", "code repair",
           "protein design", "speech translation", "table understanding", "image editing")


def coin(rng: random.Random, taken: set[str]) -> str:
    """A name not coined before (two to four syllables and a suffix: millions of names)."""
    while True:
        stem = "".join(rng.choice(_SYLLABLES) for _ in range(rng.randint(2, 4))).capitalize()
        name = stem + rng.choice(("Net", "Bench", "-X", "GPT", "LM", "Former", "-2", "Eval", "QA"))
        if name not in taken:
            taken.add(name)
            return name


def generate(n: int, seed: int = 1):
    """Yield ``n`` paper dicts (id, title, abstract)."""
    rng = random.Random(seed)
    base = seed_corpus(min(n, 484))
    names: list[tuple[str, int]] = []  # (name, kind index)
    taken: set[str] = set()
    for i in range(n):
        p = base[i % len(base)]
        topic = rng.choice(_TOPICS)
        extra, title = [], p.title
        if rng.random() < 1 / 3:
            name, kind = coin(rng, taken), rng.randrange(len(_KINDS))
            names.append((name, kind))
            extra.append(f"We introduce {name}, {_KINDS[kind][1].format(t=topic)}.")
            title = f"{name}: {p.title}"
        for _ in range(rng.randint(1, 3) if names else 0):
            # heavy head: a few names are used everywhere, most rarely
            name, kind = names[min(int(rng.paretovariate(1.2)) - 1, len(names) - 1) if rng.random() < 0.5
                               else rng.randrange(len(names))]
            extra.append(f"{_KINDS[kind][2].format(n=name)} {topic}.")
        yield {"id": f"synth:{i}", "title": title, "abstract": " ".join([p.abstract, *extra])}


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--papers", type=int, required=True)
    ap.add_argument("-o", "--output", required=True)
    ap.add_argument("--seed", type=int, default=1)
    args = ap.parse_args()
    with open(args.output, "w", encoding="utf-8") as fh:
        for rec in generate(args.papers, args.seed):
            fh.write(json.dumps(rec, ensure_ascii=False) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
