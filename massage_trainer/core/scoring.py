"""The score (0-100) and the verdict: how well the technique was done, minus the violations.

Each phase earns marks for how near it came to doing the technique well
(its measures, core/doing.py), and the drill for moving smoothly:

    quality = 25 * time        # active time against the plan (or the phase's span)
            + 15 * balance     # the weaker side's work against the stronger's
            + 20 * reach       # the cells covered, against half of them; for percussion
                               #   and vibration, which work places, the balance again
            + 25 * form        # the technique's measures, against a good value
            + 10 * moving_fraction + 5 * smoothness     # from the metrics
    penalty = for each rule, its k-th violation costs its severity / 2**(k-1)
    score   = clamp(quality - penalty, 0, 100), to one decimal

Phases count by their span. A "good" value is above the rule's threshold: the
rule says whether the technique was done at all (a pass needs no violation),
the score how well. A form measure earns full marks at GOOD_STRETCH times its
threshold (at a third of it, for a limit from above); a still pointer scores low.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Final

from massage_trainer.core.doing import PhaseDoing
from massage_trainer.core.form import Measure
from massage_trainer.core.rules import rule
from massage_trainer.core.violation import Violation

__all__ = [
    "BALANCE_GOOD", "CELLS_GOOD", "GOOD_STRETCH", "PASS_MARK", "W_BALANCE", "W_FORM", "W_MOVEMENT",
    "W_REACH", "W_SMOOTHNESS", "W_TIME", "form_mark", "passed", "penalty", "phase_marks", "quality",
    "score",
]

# Quality weights (they sum to 100).
W_TIME: Final = 25.0
W_BALANCE: Final = 15.0
W_REACH: Final = 20.0
W_FORM: Final = 25.0
W_MOVEMENT: Final = 10.0
W_SMOOTHNESS: Final = 5.0
BALANCE_GOOD: Final = 0.75  # the weaker side's share of the stronger side's work for full marks
CELLS_GOOD: Final = 0.5  # the share of the cells covered for full marks
GOOD_STRETCH: Final = 1.5  # a form measure earns full marks this far past its threshold
PASS_MARK: Final = 70.0


def form_mark(m: Measure) -> float:
    """0-1: how near a form measure came to a good value."""
    if m.at_least:
        good = GOOD_STRETCH * m.target
        return min(1.0, max(0.0, m.value / good)) if good > 0 else 1.0
    good = m.target / (2 * GOOD_STRETCH)
    return 1.0 if m.value <= good else min(1.0, good / m.value)


def phase_marks(d: PhaseDoing) -> dict[str, float]:
    """A phase's marks, each 0-1: time, balance, reach and form."""
    planned = d.planned_s if d.planned_s is not None else d.span_s
    time = min(1.0, d.active_s / planned) if planned > 0 else 0.0
    strong = max(d.work_left_s, d.work_right_s)
    balance = min(1.0, min(d.work_left_s, d.work_right_s) / strong / BALANCE_GOOD) if strong > 0 else 0.0
    reach = (min(1.0, d.cells_covered / (CELLS_GOOD * d.cells_total)) if d.cells_total
             else balance)
    form = min((form_mark(m) for m in d.form), default=0.0) if d.worked else 0.0
    return {"time": time, "balance": balance, "reach": reach, "form": form}


def quality(metrics: Mapping[str, float], doings: Sequence[PhaseDoing]) -> float:
    """The quality part of the score (0-100): the phases' marks, weighted by their span,
    and the movement and smoothness metrics."""
    spans = [max(d.span_s, 1e-9) for d in doings]
    total = sum(spans)
    marks = {"time": 0.0, "balance": 0.0, "reach": 0.0, "form": 0.0}
    for d, span in zip(doings, spans, strict=True):
        for key, value in phase_marks(d).items():
            marks[key] += value * span / total
    return (W_TIME * marks["time"] + W_BALANCE * marks["balance"] + W_REACH * marks["reach"]
            + W_FORM * marks["form"] + W_MOVEMENT * metrics["moving_fraction"]
            + W_SMOOTHNESS * metrics["smoothness"])


def penalty(violations: Iterable[Violation]) -> float:
    """Score points the violations cost: each rule's k-th costs its severity / 2**(k-1)."""
    seen: dict[str, int] = {}
    total = 0.0
    for v in violations:
        k = seen.get(v.rule, 0)
        total += rule(v.rule).severity * 0.5**k  # never overflows: past 1,074 halvings it is 0
        seen[v.rule] = k + 1
    return total


def score(quality: float, violations: Iterable[Violation]) -> float:
    """Quality minus the penalties, clamped to 0-100, to one decimal."""
    return round(min(100.0, max(0.0, quality - penalty(violations))), 1)


def passed(violations: tuple[Violation, ...], score: float, pass_mark: float = PASS_MARK) -> bool:
    """A drill passes when no rule is broken and its score reaches the pass mark."""
    return not violations and score >= pass_mark
