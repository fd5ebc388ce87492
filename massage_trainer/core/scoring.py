"""The score (0-100) and the verdict: quality from the metrics, minus the violations' penalties.

    quality = 40 * min(1, coverage / 0.20)    # how much of the back was worked
            + 40 * moving_fraction            # real movement, not a still pointer
            + 20 * smoothness                 # few jerky turns and reversals
    penalty = for each rule, its k-th violation costs its severity / 2**(k-1)
    score   = clamp(quality - penalty, 0, 100), to one decimal

A rule's severity is the rule table's (core/rules.py), so a rule broken again
and again costs at most twice its severity, and a pointer that never moves
scores close to 0. A drill passes when it has no violation and its score
reaches the pass mark.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Final

from massage_trainer.core.rules import rule
from massage_trainer.core.violation import Violation

__all__ = [
    "COVERAGE_TARGET", "PASS_MARK", "W_COVERAGE", "W_MOVEMENT", "W_SMOOTHNESS",
    "passed", "penalty", "quality", "score",
]

# Quality weights (they sum to 100) and the coverage that earns full marks.
W_COVERAGE: Final = 40.0
W_MOVEMENT: Final = 40.0
W_SMOOTHNESS: Final = 20.0
COVERAGE_TARGET: Final = 0.20
PASS_MARK: Final = 70.0


def quality(metrics: Mapping[str, float], coverage_target: float = COVERAGE_TARGET) -> float:
    """The quality part of the score (0-100), from the coverage, moving and smoothness metrics."""
    return (W_COVERAGE * min(1.0, metrics["coverage"] / coverage_target)
            + W_MOVEMENT * metrics["moving_fraction"] + W_SMOOTHNESS * metrics["smoothness"])


def penalty(violations: Iterable[Violation]) -> float:
    """Score points the violations cost: each rule's k-th costs its severity / 2**(k-1)."""
    seen: dict[str, int] = {}
    total = 0.0
    for v in violations:
        k = seen.get(v.rule, 0)
        total += rule(v.rule).severity / 2.0**k
        seen[v.rule] = k + 1
    return total


def score(quality: float, violations: Iterable[Violation]) -> float:
    """Quality minus the penalties, clamped to 0-100, to one decimal."""
    return round(min(100.0, max(0.0, quality - penalty(violations))), 1)


def passed(violations: tuple[Violation, ...], score: float, pass_mark: float = PASS_MARK) -> bool:
    """A drill passes when no rule is broken and its score reaches the pass mark."""
    return not violations and score >= pass_mark
