"""The grader as a whole: verdicts and scores of whole drills, the report, the metrics, any recording.

Each rule on its own: test_judging.py and test_direction.py; live checks: test_live.py.
"""

from __future__ import annotations

import json
import re
from typing import Any

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from massage_trainer.core.grading import (
    RULE_IDS,
    GradeConfig,
    Report,
    broken_samples,
    format_report,
    grade,
)
from massage_trainer.core.metrics import coverage_grid, speed_profile
from massage_trainer.core.recording import Phase, Recording, RecordingBuilder
from tests.tracer import Tracer, count, good_stroking, replay, rules

# ---------------------------------------------------------------- whole drills


def test_good_drill_passes(body: Any) -> None:
    report = grade(good_stroking().build(), body)
    assert report.violations == ()
    assert report.passed
    assert 70.0 <= report.score <= 100.0


def test_still_pointer_scores_low_without_a_direction_violation(body: Any) -> None:
    rec = Tracer(x=0.2, y=0.5).hold(10.0).build()
    report = grade(rec, body)
    assert count(report, "direction") == 0
    assert report.score < 10.0
    assert not report.passed
    assert report.metrics["moving_fraction"] == 0.0


def test_score_reflects_violations_and_is_clamped(body: Any) -> None:
    clean = grade(good_stroking().build(), body)
    tr = good_stroking()
    for _ in range(6):  # drag across the spine with pressure, again and again
        tr.to(0.2, 0.5, 0.5, pressure=0.2).to(-0.2, 0.5, 0.5)
    dirty = grade(tr.build(), body)
    assert count(dirty, "spine") == 6
    assert 0.0 <= dirty.score < clean.score - 25.0
    assert not dirty.passed


def test_pass_mark_decides_when_clean(body: Any) -> None:
    rec = good_stroking().build()
    score = grade(rec, body).score
    assert grade(rec, body, GradeConfig(pass_mark=score)).passed
    assert not grade(rec, body, GradeConfig(pass_mark=score + 0.1)).passed


# ---------------------------------------------------------------- report and metrics


def test_report_json_shape(body: Any) -> None:
    rec = Tracer(x=0.2, y=0.9).to(0.2, 0.1).build()
    data = grade(rec, body).to_dict()
    assert list(data) == ["score", "passed", "violations", "metrics"]
    assert isinstance(data["score"], float) and isinstance(data["passed"], bool)
    assert list(data["violations"][0]) == ["rule", "phase", "t", "x", "y", "message"]
    for key in ("duration_s", "coverage", "mean_speed"):
        assert isinstance(data["metrics"][key], float)
    json.dumps(data, allow_nan=False)


def test_report_to_dict_drops_non_finite_metrics() -> None:
    report = Report(50.0, False, (), {"coverage": 0.5, "rhythm": float("nan")})
    assert report.to_dict()["metrics"] == {"coverage": 0.5}


def test_violations_are_in_time_order(body: Any) -> None:
    rec = Tracer(x=0.2, y=0.9).to(0.2, 0.1).to(-0.2, 0.5).phase("kneading").to(0.2, 0.5).build()
    report = grade(rec, body)
    times = [v.t for v in report.violations]
    assert times == sorted(times)
    assert set(rules(report)) <= set(RULE_IDS)  # type: ignore[arg-type]


def test_metrics(body: Any) -> None:
    rec = good_stroking().build()
    m = grade(rec, body).metrics
    assert m["duration_s"] == pytest.approx(rec.duration)
    assert 0.1 < m["coverage"] <= 1.0
    assert 0.3 < m["mean_speed"] < 1.0
    assert m["symmetry"] > 0.9  # both sides worked alike
    assert 0.0 <= m["smoothness"] <= 1.0
    assert "rhythm" not in m
    one_side = grade(Tracer(x=0.2, y=0.1).to(0.2, 0.9).build(), body).metrics
    assert one_side["symmetry"] == 0.0


def test_rhythm_of_taps(body: Any) -> None:
    steady = grade(Tracer("percussion", x=0.2, y=0.3).taps(12, dy=0.03).build(), body)
    assert steady.metrics["rhythm"] > 0.9
    tr = Tracer("percussion", x=0.2, y=0.3)
    for period in [0.2, 0.5, 0.25, 0.45, 0.2, 0.5, 0.3]:
        tr.taps(1, period=period, dy=0.03)
    uneven = grade(tr.build(), body)
    assert uneven.metrics["rhythm"] < steady.metrics["rhythm"] - 0.3


def test_coverage_grid_and_speed_profile(body: Any) -> None:
    rec = good_stroking().build()
    grid = coverage_grid(rec, body)
    ny, nx = len(grid.y_edges) - 1, len(grid.x_edges) - 1
    assert grid.seconds.shape == grid.on_area.shape == (ny, nx)
    assert grid.y_edges[0] == 0.0 and grid.y_edges[-1] == pytest.approx(1.0)
    assert grid.seconds.sum() == pytest.approx(rec.duration, rel=0.02)
    assert grid.coverage == pytest.approx(grade(rec, body).metrics["coverage"])
    profile = speed_profile(rec)
    assert len(profile.t) == len(profile.speed) == len(profile.pressure) == rec.sample_count
    assert np.median(profile.speed) == pytest.approx(0.53, rel=0.2)  # 0.8 in 1.5 s


def test_format_report(body: Any) -> None:
    rec = Tracer(x=0.2, y=0.9).to(0.2, 0.1).build()
    text = format_report(grade(rec, body), "drill.json")
    assert text.startswith("drill.json: FAIL, score")
    assert "direction" in text and "coverage" in text
    assert re.search(r"  0:00\.\d\d  phase 1  direction  Stroking moved down", text)


# ---------------------------------------------------------------- property tests


TECHNIQUES = ["stroking", "rubbing", "kneading", "percussion", "vibration"]


@st.composite
def recordings(draw: Any) -> Recording:
    phases = []
    t0 = draw(st.floats(-10.0, 10.0))
    for _ in range(draw(st.integers(1, 4))):
        n = draw(st.integers(1, 60))
        seed = draw(st.integers(0, 2**32 - 1))
        rng = np.random.default_rng(seed)
        style = draw(st.sampled_from(["walk", "random", "still", "same-time"]))
        if style == "same-time":
            dt = np.zeros(n)
        else:
            dt = rng.exponential(0.02, n) * (rng.random(n) > 0.1)
        t = t0 + np.cumsum(dt)
        t0 = float(t[-1])
        if style == "walk":
            x = np.cumsum(rng.normal(0, 0.03, n)) + rng.uniform(-0.4, 0.4)
            y = np.cumsum(rng.normal(0, 0.03, n)) + rng.uniform(-0.2, 1.2)
        elif style == "still":
            x, y = np.full(n, rng.uniform(-1, 1)), np.full(n, rng.uniform(-1, 2))
        else:
            x, y = rng.uniform(-1, 1, n), rng.uniform(-1, 2, n)
        contact = rng.random(n) < draw(st.floats(0.0, 1.0))
        pressure = rng.choice([0.0, 0.3, 0.31, 1.0, *rng.random(4)], n)
        phases.append(Phase(draw(st.sampled_from(TECHNIQUES)), t, x, y, contact, pressure))
    return Recording(tuple(phases), draw(st.booleans()))


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(rec=recordings())
def test_any_valid_recording_grades(body: Any, rec: Recording) -> None:
    report = grade(rec, body)
    assert 0.0 <= report.score <= 100.0
    assert report.passed == (not report.violations and report.score >= 70.0)
    data = report.to_dict()
    json.dumps(data, allow_nan=False)
    assert all(v.rule in RULE_IDS for v in report.violations)
    assert all(0.0 <= data["metrics"][k] <= 1.0 for k in
               ("coverage", "smoothness", "symmetry", "moving_fraction", "contact_fraction"))
    live = replay(rec, body, rec.first_session)
    assert all(v.rule in RULE_IDS for v in live.violations)


def _taps_moving_in_the_air(technique: str) -> Recording:
    """Still touches of half a second, moving on lifted between them."""
    b = RecordingBuilder(technique)
    t, y = 0.0, 0.2
    for _ in range(6):
        for _ in range(30):
            b.add(t, 0.2, y, True, 0.25)
            t += 1 / 60
        for _ in range(30):
            y += 0.1 / 30
            b.add(t, 0.2, y, False, 0.0)
            t += 1 / 60
    return b.build()


def test_percussion_is_active_between_taps_and_vibration_only_in_contact(body: Any) -> None:
    # Percussion lifts by nature: moving on in the air between taps is part of it.
    percussion = grade(_taps_moving_in_the_air("percussion"), body).metrics
    vibration = grade(_taps_moving_in_the_air("vibration"), body).metrics
    assert percussion["contact_fraction"] == vibration["contact_fraction"] == pytest.approx(0.5, abs=0.01)
    assert percussion["moving_fraction"] > 0.55
    assert vibration["moving_fraction"] < 0.35
    assert "rhythm" in percussion and "rhythm" not in vibration


def test_the_report_rounds_metrics_to_four_places() -> None:
    report = Report(50.0, False, (), {"coverage": 0.123456789, "mean_speed": 2.0 / 3.0})
    assert report.to_dict()["metrics"] == {"coverage": 0.1235, "mean_speed": 0.6667}


def test_the_config_reaches_the_metrics(body: Any) -> None:
    rec = good_stroking().build()
    default = grade(rec, body).metrics
    coarse = grade(rec, body, GradeConfig(coverage_cell=0.1)).metrics
    assert coarse["coverage"] == pytest.approx(coverage_grid(rec, body, 0.1).coverage)
    assert coarse["coverage"] != pytest.approx(default["coverage"])
    fast = grade(rec, body, GradeConfig(min_speed=0.6)).metrics
    assert fast["moving_fraction"] < default["moving_fraction"] - 0.2


def test_a_violation_fails_the_drill_whatever_the_pass_mark(body: Any) -> None:
    tr = good_stroking()
    tr.to(0.2, 0.5, 0.5, pressure=0.2).to(-0.2, 0.5, 0.5)  # across the spine
    report = grade(tr.build(), body, GradeConfig(pass_mark=0.0))
    assert report.violations and not report.passed


def test_the_ink_follows_the_config(body: Any) -> None:
    rec = Tracer(x=-0.2, y=0.5).to(0.2, 0.5, 1.0, pressure=0.45).build()
    assert broken_samples(rec, body).any()
    assert not broken_samples(rec, body, GradeConfig(working_pressure=0.5)).any()


def test_format_report_of_a_clean_drill(body: Any) -> None:
    report = grade(good_stroking().build(), body)
    lines = format_report(report, "drill.json").split("\n")
    assert lines[0] == f"drill.json: PASS, score {report.score:.1f} / 100"
    assert lines[1:3] == ["No rule broken.", "Metrics:"]
    assert lines[3] == f"  {'duration_s':<16} {report.metrics['duration_s']:.3f}"
    assert len(lines) == 3 + len(report.metrics)
