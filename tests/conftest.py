from __future__ import annotations

import os
from pathlib import Path  # noqa: F401

import pytest

from paths import FIXTURES


@pytest.fixture
def fixtures() -> Path:
    return FIXTURES


@pytest.fixture
def problems():
    """Collects reported problems as 'path:line: message' strings, paths made relative."""
    seen: list[str] = []

    def report(err):
        seen.append(str(err).replace(str(FIXTURES) + os.sep, ""))

    report.seen = seen
    return report
