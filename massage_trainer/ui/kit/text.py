"""Plain-text formatting shared by the screens."""

from __future__ import annotations


def clock_text(seconds: float, decimals: int = 1) -> str:
    """m:ss.s, the way the grader's report reads time."""
    seconds = max(0.0, seconds)
    minutes = int(seconds // 60)
    rest = seconds - minutes * 60
    width = 3 + decimals if decimals else 2
    return f"{minutes}:{rest:0{width}.{decimals}f}"
