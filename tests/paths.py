"""Paths shared by the tests (tests/ is on pytest's pythonpath)."""
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "tests" / "fixtures"
SEEDS = ROOT / "data" / "hf-papers"
GOLD_DEV = ROOT / "data" / "gold" / "seed_dev30.jsonl"
SHARED_EVAL = ROOT.parent / "shared" / "eval"
QUERIES = ROOT / "queries"
NOTEBOOKS = ROOT / "notebooks"
