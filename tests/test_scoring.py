"""The score: quality from the metrics, minus each rule's halving penalties; and the verdict."""

from __future__ import annotations

from typing import Any

import pytest

from massage_trainer.core import scoring
from massage_trainer.core.doing import PhaseDoing
from massage_trainer.core.form import Measure
from massage_trainer.core.grading import grade
from massage_trainer.core.judging import judge
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


def doing(**changes: Any) -> PhaseDoing:
    """A stroking phase done well by every measure, with `changes`."""
    base: dict[str, Any] = dict(
        technique="stroking", planned_s=60.0, span_s=60.0, active_s=60.0, work_left_s=30.0,
        work_right_s=30.0, cells_covered=40, cells_total=58,
        form=(Measure("stroke length", 0.3, 0.15),), worked=True)
    base.update(changes)
    return PhaseDoing(**base)


MOVING = {"moving_fraction": 1.0, "smoothness": 1.0}


def test_a_phase_done_well_by_every_measure_earns_full_quality() -> None:
    assert scoring.phase_marks(doing()) == {"time": 1.0, "balance": 1.0, "reach": 1.0, "form": 1.0}
    assert scoring.quality(MOVING, [doing()]) == pytest.approx(100.0)


@pytest.mark.parametrize(("changes", "mark", "value"), [
    ({"active_s": 30.0}, "time", 0.5),  # half the plan's time
    ({"planned_s": None, "active_s": 45.0}, "time", 0.75),  # no plan: against the span
    ({"work_left_s": 15.0}, "balance", 0.5 / scoring.BALANCE_GOOD),
    ({"work_left_s": 0.0}, "balance", 0.0),
    ({"cells_covered": 29}, "reach", 1.0),  # half the cells earn full marks
    ({"cells_covered": 10}, "reach", 10 / 29),
    ({"form": (Measure("stroke length", 0.15, 0.15),)}, "form", 1 / scoring.GOOD_STRETCH),
    ({"worked": False}, "form", 0.0),
])
def test_each_mark_grows_with_its_measure(changes: dict[str, Any], mark: str, value: float) -> None:
    assert scoring.phase_marks(doing(**changes))[mark] == pytest.approx(value)


def test_quality_weighs_each_mark_and_the_movement() -> None:
    half_time = scoring.quality(MOVING, [doing(active_s=30.0)])
    assert half_time == pytest.approx(100 - scoring.W_TIME / 2)
    still = scoring.quality({"moving_fraction": 0.0, "smoothness": 0.0}, [doing()])
    assert still == pytest.approx(100 - scoring.W_MOVEMENT - scoring.W_SMOOTHNESS)
    # Phases count by their span: a short poor phase costs less than a long one.
    poor = doing(span_s=10.0, active_s=0.0, planned_s=10.0)
    assert scoring.quality(MOVING, [doing(), poor]) == pytest.approx(100 - scoring.W_TIME * 10 / 70)


def test_percussion_and_vibration_reach_is_their_balance() -> None:
    taps = doing(technique="percussion", cells_covered=0, cells_total=0, work_left_s=10.0,
                 form=(Measure("taps per second", 3.0, 1.0),))
    assert scoring.phase_marks(taps)["reach"] == pytest.approx(10 / 30 / scoring.BALANCE_GOOD)


def test_a_form_measure_earns_full_marks_past_its_threshold() -> None:
    assert scoring.form_mark(Measure("loops", 2.0, 4.0)) == pytest.approx(2 / 6)
    assert scoring.form_mark(Measure("loops", 6.0, 4.0)) == 1.0
    # A limit from above: full marks well inside it, less toward it.
    assert scoring.form_mark(Measure("drift", 0.02, 0.1, at_least=False)) == 1.0
    assert scoring.form_mark(Measure("drift", 0.1, 0.1, at_least=False)) == pytest.approx(1 / 3)


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
    rec = tr.build()
    report = grade(rec, body)
    assert [v.rule for v in report.violations].count(SPINE) == 1
    quality = scoring.quality(report.metrics, judge(rec, body).doings)
    assert report.score == round(quality - scoring.penalty(report.violations), 1)
    assert not report.passed


def test_a_pointer_that_never_moves_scores_low(body: Any) -> None:
    report = grade(Tracer(x=0.2, y=0.5).hold(10.0).build(), body)
    assert report.metrics["moving_fraction"] == 0.0 and report.metrics["smoothness"] == 0.0
    assert report.score < 30 and not report.passed
