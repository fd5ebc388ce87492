"""Plain-text formatting shared by the screens."""

from __future__ import annotations

from datetime import datetime
from decimal import ROUND_HALF_UP, Decimal


def clock_text(seconds: float, decimals: int = 1) -> str:
    """m:ss.s, the way the grader's report reads time."""
    seconds = max(0.0, seconds)
    minutes = int(seconds // 60)
    rest = seconds - minutes * 60
    width = 3 + decimals if decimals else 2
    return f"{minutes}:{rest:0{width}.{decimals}f}"


def score_text(score: float) -> str:
    """A score to one decimal, halves rounded up, as the report and the history both show it.

    Rounded from its decimal digits, not its binary value, so 60.25 reads 60.3
    and 74.95 reads 75.0, the way a learner rounds them.
    """
    return str(Decimal(repr(score)).quantize(Decimal("0.1"), ROUND_HALF_UP))


def local_time_text(moment: datetime) -> str:
    """A moment (aware, any zone) as the learner's local date and time: 8 Dec 2026, 01:13."""
    return moment.astimezone().strftime("%d %b %Y, %H:%M").lstrip("0")


def size_text(size: int) -> str:
    """A file's size in the units people read: 812 bytes, 48 KB, 3.4 MB, 1.2 GB."""
    if size < 1000:
        return f"{size} bytes"
    unit, scale = next((u, s) for u, s in (("KB", 1e3), ("MB", 1e6), ("GB", 1e9)) if size < s * 1000 or u == "GB")
    value = size / scale
    return f"{value:.1f} {unit}" if value < 10 else f"{value:.0f} {unit}"
