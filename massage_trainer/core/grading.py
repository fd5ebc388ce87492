"""Grading a drill recording against the rules (docs/recording-format.md).

`grade` is three steps, each in its own module: judge the recording against
every rule (core/judging.py, with the predicates of core/predicates.py and
the rule table of core/rules.py), measure it (core/metrics.py), and score it
(core/scoring.py). `broken_samples` gives the judgement's samples for the
ink; `format_report` the report as text for a person.

The rule ids, `Violation` and `GradeConfig` are importable from here too.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, Final

from massage_trainer.core import scoring
from massage_trainer.core.body import Body
from massage_trainer.core.config import GradeConfig
from massage_trainer.core.doing import doing_metrics
from massage_trainer.core.geometry import BoolArray
from massage_trainer.core.judging import judge
from massage_trainer.core.metrics import measure
from massage_trainer.core.rules import (
    AREA,
    CAUTION_ZONE,
    CONTACT,
    DIRECTION,
    DURATION,
    INTENSITY,
    ORDER,
    RULE_IDS,
    RULE_NUMBERS,
    SPINE,
)
from massage_trainer.core.samples import Recording
from massage_trainer.core.violation import Violation
from massage_trainer.core.wording import clock

__all__ = [
    "AREA", "CAUTION_ZONE", "CONTACT", "DIRECTION", "DURATION", "INTENSITY", "ORDER",
    "RULE_IDS", "RULE_NUMBERS", "SPINE", "GradeConfig", "Report", "Violation",
    "broken_samples", "format_report", "grade",
]

DEFAULT_CONFIG: Final = GradeConfig()


@dataclass(frozen=True)
class Report:
    score: float
    passed: bool
    violations: tuple[Violation, ...]
    metrics: Mapping[str, float] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        """The spec's report object; never holds NaN or infinity."""
        return {
            "score": self.score,
            "passed": self.passed,
            "violations": [v.to_dict() for v in self.violations],
            "metrics": {k: round(v, 4) for k, v in self.metrics.items() if math.isfinite(v)},
        }


def grade(recording: Recording, body: Body, config: GradeConfig = DEFAULT_CONFIG) -> Report:
    """Check every rule of the spec, compute the metrics, and score the drill."""
    judgement = judge(recording, body, config)
    violations = judgement.violations()
    metrics = measure(recording, body, config.smoothing_window_s, config.min_speed,
                      config.coverage_cell)
    metrics.update(doing_metrics(judgement.doings))
    score = scoring.score(scoring.quality(metrics, judgement.doings), violations)
    return Report(score, scoring.passed(violations, score, config.pass_mark), violations, metrics)


def broken_samples(recording: Recording, body: Body, config: GradeConfig = DEFAULT_CONFIG) -> BoolArray:
    """The samples that break a per-sample rule, from the very masks grade() judges by.

    Lifted samples mid-phase (rule 3) are among them. The whole-drill rules
    (order, intensity, kneading's overall progress) belong to no single
    sample and are shown by their markers only.
    """
    return judge(recording, body, config).broken()


def format_report(report: Report, source: str) -> str:
    """The report as text for a person (the `grade` command's default output)."""
    verdict = "PASS" if report.passed else "FAIL"
    lines = [f"{source}: {verdict}, score {report.score:.1f} / 100"]
    if report.violations:
        lines.append(f"{len(report.violations)} violation(s):")
        width = max(len(v.rule) for v in report.violations)
        for v in report.violations:
            lines.append(f"  {clock(v.t):>9}  phase {v.phase + 1}  {v.rule:<{width}}  {v.message}")
    else:
        lines.append("No rule broken.")
    lines.append("Metrics:")
    for key, value in report.metrics.items():
        if math.isfinite(value):
            lines.append(f"  {key:<16} {value:.3f}")
    return "\n".join(lines)
