"""The score: quality from the metrics, minus each rule's halving penalties; and the verdict."""

from __future__ import annotations

from typing import Any

import pytest

from massage_trainer.core import scoring
from massage_trainer.core.grading import GradeConfig, grade
from massage_trainer.core.rules import CONTACT, DIRECTION, RULES, SPINE, rule
from massage_trainer.core.violation import Violation
from tests.tracer import Tracer, good_stroking


def broken(*rule_ids: str) -> tuple[Violation, ...]:
    return tuple(Violation(r, 0, float(k), 0.2, 0.5) for k, r in enumerate(rule_ids))


def test_each_rule_costs_its_severity_then_half_as_much_each_time() -> None:
    spine, direction = rule(SPINE).severity, rule(DIRECTION).severity
    assert scoring.penalty(()) == 0.0
    assert scoring.penalty(broken(SPINE)) == spine
    assert scoring.penalty(broken(SPINE, SPINE, SPINE)) == spine * (1 + 1 / 2 + 1 / 4)
    # Each rule halves on its own, whatever the order.
    assert scoring.penalty(broken(SPINE, DIRECTION, SPINE, DIRECTION)) == 1.5 * (spine + direction)
    assert scoring.penalty(broken(*[CONTACT] * 40)) < 2 * rule(CONTACT).severity


@pytest.mark.parametrize("graded", RULES, ids=lambda r: r.id)
def test_every_rule_is_penalised_by_its_table_severity(graded: Any) -> None:
    assert scoring.penalty(broken(graded.id, graded.id)) == pytest.approx(1.5 * graded.severity)


@pytest.mark.parametrize(("metrics", "quality"), [
    ({"coverage": 0.1, "moving_fraction": 0.5, "smoothness": 0.25}, 40 * 0.5 + 40 * 0.5 + 20 * 0.25),
    ({"coverage": 0.2, "moving_fraction": 1.0, "smoothness": 1.0}, 100.0),
    ({"coverage": 0.9, "moving_fraction": 0.0, "smoothness": 0.0}, 40.0),  # coverage earns 40 at most
    ({"coverage": 0.0, "moving_fraction": 0.25, "smoothness": 0.5}, 40 * 0.25 + 20 * 0.5),
])
def test_quality_weighs_coverage_movement_and_smoothness(metrics: dict[str, float],
                                                         quality: float) -> None:
    assert scoring.quality(metrics) == pytest.approx(quality)


def test_a_lower_coverage_target_earns_full_marks_sooner() -> None:
    metrics = {"coverage": 0.1, "moving_fraction": 0.0, "smoothness": 0.0}
    assert scoring.quality(metrics, coverage_target=0.1) == pytest.approx(40.0)
    assert scoring.quality(metrics, coverage_target=0.4) == pytest.approx(10.0)


@pytest.mark.parametrize(("quality", "rule_ids", "score"), [
    (90.0, (SPINE,), 90.0 - rule(SPINE).severity),
    (80.04, (), 80.0),  # to one decimal
    (80.06, (), 80.1),
    (130.0, (), 100.0),  # clamped
    (10.0, (SPINE, SPINE), 0.0),
    (-5.0, (), 0.0),
])
def test_score_is_quality_minus_penalty_clamped_to_one_decimal(quality: float,
                                                                rule_ids: tuple[str, ...],
                                                                score: float) -> None:
    assert scoring.score(quality, broken(*rule_ids)) == score


def test_passing_needs_no_violation_and_the_pass_mark() -> None:
    assert scoring.passed((), 70.0)
    assert not scoring.passed((), 69.9)
    assert not scoring.passed(broken(DIRECTION), 100.0)
    assert scoring.passed((), 50.0, pass_mark=50.0)
    assert not scoring.passed((), 49.9, pass_mark=50.0)


def test_a_report_scores_its_own_metrics_and_violations(body: Any) -> None:
    tr = good_stroking()
    tr.to(0.2, 0.5, 0.5, pressure=0.2).to(-0.2, 0.5, 0.5)  # once across the spine
    report = grade(tr.build(), body)
    assert [v.rule for v in report.violations].count(SPINE) == 1
    quality = scoring.quality(report.metrics)
    assert report.score == round(quality - scoring.penalty(report.violations), 1)
    assert not report.passed
    clean = grade(good_stroking().build(), body, GradeConfig(coverage_target=0.9))
    assert clean.score == round(scoring.quality(clean.metrics, 0.9), 1)


def test_a_pointer_that_never_moves_scores_only_its_coverage(body: Any) -> None:
    report = grade(Tracer(x=0.2, y=0.5).hold(10.0).build(), body)
    assert report.metrics["moving_fraction"] == 0.0 and report.metrics["smoothness"] == 0.0
    assert report.score == round(40 * report.metrics["coverage"] / scoring.COVERAGE_TARGET, 1)
