from __future__ import annotations

import random
from collections import Counter

from paperkg.link.pairs import PairCounter


def test_pairs_spilled_runs_count_like_a_counter(tmp_path):
    rng = random.Random(3)
    keys = [rng.randrange(500) for _ in range(20_000)]
    spilled = PairCounter(str(tmp_path), limit=1_000)  # twenty runs on disk
    for i in range(0, len(keys), 7):
        spilled.add(keys[i:i + 7])
    assert len(spilled.runs) >= 19
    assert list(spilled.counts()) == sorted(Counter(keys).items())
    assert list(tmp_path.iterdir()) == []  # run files removed


def test_pairs_in_memory_without_scratch():
    held = PairCounter()
    held.add([5, 1, 5, 3])
    assert list(held.counts()) == [(1, 1), (3, 1), (5, 2)] and held.runs == []
