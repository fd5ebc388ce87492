"""Plain-text formatting shared by the screens."""

from __future__ import annotations

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
