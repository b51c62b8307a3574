"""How library code tells its caller about long work, without printing.

A caller passes ``stages``: called with a stage's label and its total (records), it
returns the function the stage calls with each increment. The CLI turns this into
progress bars on stderr (rate and ETA; quiet when stderr is not a terminal); notebooks
and tests pass nothing (``quiet``)."""
from __future__ import annotations

from collections.abc import Callable
from typing import Protocol


class Stages(Protocol):
    def __call__(self, label: str, total: int) -> Callable[[int], None]: ...


def _ignore(n: int) -> None:
    return None


def quiet(label: str, total: int) -> Callable[[int], None]:
    return _ignore
