"""The grader's settings: every threshold grade() and the live checks use, with the spec's defaults.

The defaults are defined where they belong (the rules' thresholds in
core/rules.py, the score's in core/scoring.py, the metrics' in
core/metrics.py); this only gathers them, so a caller can change one.
"""

from __future__ import annotations

from dataclasses import dataclass

from massage_trainer.core import metrics, rules, scoring


@dataclass(frozen=True)
class GradeConfig:
    """The grader's thresholds; the defaults follow the spec."""

    pass_mark: float = scoring.PASS_MARK
    working_pressure: float = rules.WORKING_PRESSURE
    first_session_limit_s: float = rules.FIRST_SESSION_LIMIT_S
    smoothing_window_s: float = rules.SMOOTHING_WINDOW_S
    min_speed: float = rules.MIN_SPEED
    direction_cone_deg: float = rules.DIRECTION_CONE_DEG
    kneading_drift: float = rules.KNEADING_DRIFT
    coverage_cell: float = metrics.COVERAGE_CELL
    episode_gap_s: float = rules.EPISODE_GAP_S
