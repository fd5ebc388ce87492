"""LiveChecker: the grader's predicates sample by sample, as the learner draws."""

from __future__ import annotations

from typing import Any

from massage_trainer.core.grading import Violation, grade
from massage_trainer.core.live import LiveChecker
from tests.tracer import Tracer, key, replay


def test_live_matches_grade_on_per_sample_rules(body: Any) -> None:
    tr = Tracer(x=-0.2, y=0.5).to(0.2, 0.5, 1.0).to(0.2, 1.2, 1.0, pressure=0.2) \
        .hold(0.3, contact=False).to(0.05, 0.2, 1.0, noise=0.004) \
        .phase("percussion").jump(0.0, 0.25).taps(3, dx=0.07).taps(3, pressure=0.2, dy=-0.05)
    rec = tr.build()
    report = grade(rec, body)
    live = replay(rec, body)
    wanted = {"spine", "caution-zone", "area", "contact"}
    batch = sorted(key(v) for v in report.violations if v.rule in wanted)
    assert sorted(key(v) for v in live.violations if v.rule in wanted) == batch
    assert {r for r, _, _ in batch} == wanted
    assert [v.message for v in live.violations if v.rule == "spine"][:1] == \
        [v.message for v in report.violations if v.rule == "spine"][:1]


def test_live_direction_and_active_rules(body: Any) -> None:
    live = LiveChecker(body, "stroking")
    new: list[Violation] = []
    t = 0.0
    for k in range(100):  # up: fine
        new += live.add(t, 0.2, 0.1 + 0.008 * k, True, 0.5)
        t += 0.01
    assert new == [] and live.active_rules == frozenset()
    for k in range(100):  # down with pressure
        new += live.add(t, 0.2, 0.9 - 0.008 * k, True, 0.5)
        t += 0.01
    assert [v.rule for v in new] == ["direction"]  # reported once, when the episode starts
    assert live.active_rules == {"direction"}
    new += live.add(t, 0.2, 0.1, True, 0.2)  # a glide
    assert live.active_rules == frozenset()
    new += live.add(t + 0.01, 0.0, 0.1, True, 0.5)
    assert live.active_rules == {"spine"}
    assert [v.rule for v in new] == ["direction", "spine"]


def test_live_ignores_jitter(body: Any) -> None:
    rec = Tracer(x=0.2, y=0.1).to(0.2, 0.9, 2.5, noise=0.005, seed=4).build()
    assert replay(rec, body).violations == []


def test_live_duration(body: Any) -> None:
    live = LiveChecker(body, "stroking", first_session=True)
    assert live.add(0.0, 0.2, 0.5, True, 0.2) == []
    assert live.add(900.0, 0.2, 0.5, True, 0.2) == []
    assert [v.rule for v in live.add(900.1, 0.2, 0.5, True, 0.2)] == ["duration"]
    assert live.add(901.0, 0.2, 0.5, True, 0.2) == []
    assert "duration" in live.active_rules
