"""Extraction throughput against bare spaCy tokenisation, on the same texts, in one run.

    python benchmarks/bench_extract.py [--papers 20000] [--workers 2] [--repeat 3]

Prints abstracts/s for bare ``spacy.blank("en")`` tokenisation (one process) and for full
extraction (workers, corpus pass included), their wall-time ratio and their CPU-time ratio
(all processes), and peak memory. Target: wall ratio ≤ 3.5.
"""
from __future__ import annotations

import argparse
import sys

from common import machine, peak_mb, seed_corpus, timed_cpu


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--papers", type=int, default=20_000)
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--repeat", type=int, default=3)
    args = ap.parse_args()

    import spacy

    from paperkg.extract import extract_papers

    papers = seed_corpus(args.papers)
    texts = [t for p in papers for t in (p.title, p.abstract)]
    nlp = spacy.blank("en")

    def tokenise():
        for _ in nlp.pipe(texts, batch_size=256):
            pass

    def extract():
        extract_papers(papers, workers=args.workers)

    tok, tok_cpu, tok_runs = timed_cpu(tokenise, args.repeat)
    ext, ext_cpu, ext_runs = timed_cpu(extract, args.repeat)
    own, kids = peak_mb()
    n = len(papers)
    print(f"machine: {machine()}")
    print(f"papers: {n}, repeats: {args.repeat} (medians below)")
    print(f"bare tokenisation (1 process): {n / tok:,.0f} abstracts/s  runs: {[round(r, 2) for r in tok_runs]}")
    print(f"extraction ({args.workers} workers): {n / ext:,.0f} abstracts/s  runs: {[round(r, 2) for r in ext_runs]}")
    print(f"wall ratio (tokenisation rate / extraction rate): {ext / tok:.2f}")
    print(f"CPU ratio (extraction CPU s / tokenisation CPU s, all processes): {ext_cpu / tok_cpu:.2f}")
    print(f"peak memory: main {own:,.0f} MB, largest worker {kids:,.0f} MB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
