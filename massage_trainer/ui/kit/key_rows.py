"""A screen's key table as data: one row per action, shared by its shortcuts, its F1 help and
docs/keys.md (the screens' tests check the three agree)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Final


@dataclass(frozen=True)
class KeyRow:
    keys: tuple[str, ...]  # as Qt names them
    action: str  # the name of what the screen does
    words: str  # what the help and docs/keys.md say they do


DIGITS: Final = tuple(str(d) for d in range(1, 10))
