"""The grader: every rule passing and failing, episodes, jitter, score, metrics, live checks."""

from __future__ import annotations

import json
import math
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
    Violation,
    format_report,
    grade,
)
from massage_trainer.core.live import LiveChecker
from massage_trainer.core.metrics import coverage_grid, speed_profile
from massage_trainer.core.recording import Phase, Recording, RecordingBuilder


class Tracer:
    """Draws a recording the way a learner would: segments at a steady sampling rate."""

    def __init__(self, technique: str = "stroking", x: float = 0.2, y: float = 0.1,
                 rate: float = 100.0, first_session: bool = False) -> None:
        self.builder = RecordingBuilder(technique, first_session)
        self.x, self.y, self.t, self.rate = x, y, 0.0, rate
        self.fresh = True

    def _add(self, x: float, y: float, contact: bool, pressure: float) -> None:
        self.builder.add(self.t, x, y, contact, pressure)
        self.t += 1.0 / self.rate

    def to(self, x: float, y: float, seconds: float = 1.0, pressure: float = 0.5,
           contact: bool = True, noise: float = 0.0, seed: int = 0) -> Tracer:
        """Move in a straight line; the first segment of a phase also samples its start."""
        rng = np.random.default_rng(seed)
        n = max(1, round(seconds * self.rate))
        for k in range(0 if self.fresh else 1, n + 1):
            f = k / n
            jx, jy = rng.uniform(-noise, noise, 2) if noise else (0.0, 0.0)
            self._add(self.x + (x - self.x) * f + jx, self.y + (y - self.y) * f + jy,
                      contact, pressure)
        self.fresh = False
        self.x, self.y = x, y
        return self

    def hold(self, seconds: float, pressure: float = 0.5, contact: bool = True) -> Tracer:
        return self.to(self.x, self.y, seconds, pressure, contact)

    def jump(self, x: float, y: float) -> Tracer:
        """Put the pointer somewhere else; the next segment starts there."""
        self.x, self.y, self.fresh = x, y, True
        return self

    def taps(self, count: int, period: float = 0.25, down: float = 0.05,
             pressure: float = 0.5, dx: float = 0.0, dy: float = 0.0) -> Tracer:
        """Percussion: short touches at a steady beat, drifting by (dx, dy) per tap."""
        for _ in range(count):
            self.to(self.x + dx, self.y + dy, down, pressure, contact=True)
            self.to(self.x, self.y, period - down, pressure, contact=False)
        return self

    def phase(self, technique: str) -> Tracer:
        self.builder.start_phase(technique)
        self.fresh = True
        return self

    def build(self) -> Recording:
        return self.builder.build()


def rules(report: Report, rule: str | None = None) -> list[str] | list[Violation]:
    if rule is None:
        return [v.rule for v in report.violations]
    return [v for v in report.violations if v.rule == rule]


def count(report: Report, rule: str) -> int:
    return sum(1 for v in report.violations if v.rule == rule)


def good_stroking(tracer: Tracer | None = None, x: float = 0.2, pressure: float = 0.5,
                  strokes: int = 3) -> Tracer:
    """Up with pressure, glide back down lightly, both sides."""
    tr = tracer or Tracer(x=x, y=0.1)
    if tracer is None:
        tr.jump(x, 0.1)
    for side in [x, -x] * strokes:
        tr.to(side, 0.1, 0.5, pressure=0.2)  # glide across at light pressure
        tr.to(side, 0.9, 1.5, pressure=pressure)
        tr.to(side, 0.1, 1.0, pressure=0.2)
    return tr


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


# ---------------------------------------------------------------- spine (rule 6)


@pytest.mark.parametrize(("pressure", "broken"), [(0.3, 0), (0.31, 1), (0.8, 1), (0.0, 0)])
def test_spine_working_pressure_boundary(body: Any, pressure: float, broken: int) -> None:
    rec = Tracer(x=-0.2, y=0.5).to(0.2, 0.6, 1.0, pressure=pressure).build()
    found = rules(grade(rec, body), "spine")
    assert len(found) == broken
    if broken:
        v = found[0]
        assert isinstance(v, Violation)
        assert abs(v.x) <= 0.05 and v.phase == 0
        assert "spine at about T" in v.message and "rule 6" in v.message


@pytest.mark.parametrize(("x", "broken"), [(0.045, 1), (0.055, 0), (-0.045, 1), (-0.055, 0)])
def test_spine_zone_edges(body: Any, x: float, broken: int) -> None:
    rec = Tracer(x=x, y=0.2).to(x, 0.8, 2.0).build()  # straight up, beside or on the spine
    assert count(grade(rec, body), "spine") == broken


@pytest.mark.parametrize("technique", ["percussion", "vibration"])
def test_impact_on_spine_at_any_pressure(body: Any, technique: str) -> None:
    light = Tracer(technique, x=0.0, y=0.3).taps(3, pressure=0.1).build()
    found = rules(grade(light, body), "spine")
    assert len(found) == 3  # one per tap: each tap is its own episode
    assert technique.capitalize() in found[0].message  # type: ignore[union-attr]
    beside = Tracer(technique, x=0.15, y=0.6).taps(3, pressure=0.1).build()
    assert count(grade(beside, body), "spine") == 0


def test_one_stroke_across_the_spine_is_one_violation(body: Any) -> None:
    rec = Tracer(x=-0.2, y=0.5).to(0.2, 0.5, 1.0).to(0.2, 0.3, 1.0, pressure=0.2) \
        .to(-0.2, 0.3, 1.0).build()
    assert count(grade(rec, body), "spine") == 2


def test_jitter_along_a_zone_edge_is_one_episode(body: Any) -> None:
    # Along the spine strip's edge (x = 0.05): jitter flickers in and out of the zone.
    rec = Tracer(x=0.05, y=0.2).to(0.05, 0.8, 3.0, noise=0.004, seed=3).build()
    assert count(grade(rec, body), "spine") == 1


# ---------------------------------------------------------------- caution zones (rule 7)


@pytest.mark.parametrize(("technique", "x", "y", "pressure", "broken"), [
    ("percussion", 0.14, 0.25, 0.5, 1),   # right kidney
    ("percussion", -0.14, 0.25, 0.5, 1),  # left kidney
    ("vibration", -0.09, 0.65, 0.5, 1),   # heart, beside the spine strip
    ("percussion", 0.14, 0.25, 0.3, 0),   # gentle is allowed
    ("percussion", 0.14, 0.25, 0.31, 1),
    ("stroking", 0.14, 0.25, 0.8, 0),     # only percussion and vibration
    ("kneading", -0.09, 0.65, 0.8, 0),
    ("percussion", 0.222, 0.23, 0.5, 1),  # just inside the right kidney's outer edge
    ("percussion", 0.228, 0.23, 0.5, 0),  # just outside
])
def test_caution_zone(body: Any, technique: str, x: float, y: float, pressure: float,
                      broken: int) -> None:
    rec = Tracer(technique, x=x, y=y).taps(4, pressure=pressure).build()
    found = rules(grade(rec, body), "caution-zone")
    assert len(found) == broken * 4
    if broken:
        assert "rule 7" in found[0].message and "area at about" in found[0].message  # type: ignore[union-attr]


def test_caution_message_names_the_caution_zone_on_the_spine(body: Any) -> None:
    rec = Tracer("percussion", x=0.0, y=0.68).taps(1).build()
    found = rules(grade(rec, body))
    assert found == ["spine", "caution-zone"]
    caution = rules(grade(rec, body), "caution-zone")[0]
    assert "heart area" in caution.message  # type: ignore[union-attr]


# ---------------------------------------------------------------- direction (rule 12)


@pytest.mark.parametrize(("technique", "start", "end", "pressure", "broken"), [
    ("stroking", (0.2, 0.1), (0.2, 0.9), 0.5, 0),    # up: right
    ("stroking", (0.2, 0.9), (0.2, 0.1), 0.5, 1),    # down
    ("stroking", (0.2, 0.9), (0.2, 0.1), 0.3, 0),    # down, but a glide
    ("stroking", (0.2, 0.9), (0.2, 0.1), 0.31, 1),
    ("stroking", (0.25, 0.5), (0.08, 0.5), 0.5, 1),  # inward on the right
    ("stroking", (-0.25, 0.5), (-0.08, 0.5), 0.5, 1),  # inward on the left
    ("stroking", (0.08, 0.5), (0.25, 0.5), 0.5, 0),  # outward
    ("stroking", (-0.08, 0.5), (-0.25, 0.5), 0.5, 0),
    ("rubbing", (0.2, 0.9), (0.2, 0.1), 0.5, 0),     # rubbing may go down
    ("rubbing", (0.25, 0.5), (0.08, 0.5), 0.5, 1),   # but not inward
    ("rubbing", (0.08, 0.5), (0.25, 0.5), 0.5, 0),
    ("percussion", (0.2, 0.9), (0.2, 0.1), 0.5, 0),  # no direction rule
    ("vibration", (0.25, 0.5), (0.08, 0.5), 0.5, 0),
])
def test_direction(body: Any, technique: str, start: tuple[float, float],
                   end: tuple[float, float], pressure: float, broken: int) -> None:
    rec = Tracer(technique, *start).to(*end, 2.0, pressure=pressure).build()
    found = rules(grade(rec, body), "direction")
    assert len(found) == broken
    if broken:
        assert "rule 12" in found[0].message  # type: ignore[union-attr]


@pytest.mark.parametrize(("degrees_from_down", "broken"), [(50, 1), (70, 0), (110, 0)])
def test_direction_cone_is_60_degrees(body: Any, degrees_from_down: float, broken: int) -> None:
    a = math.radians(degrees_from_down)
    # On the right side moving outward (+x) and down by the given angle.
    dx, dy = 0.3 * math.sin(a), -0.3 * math.cos(a)
    rec = Tracer(x=0.1, y=0.6).to(0.1 + dx, 0.6 + dy, 1.5).build()
    assert count(grade(rec, body), "direction") == broken


@pytest.mark.parametrize("seed", range(5))
def test_jitter_does_not_count_as_direction_change(body: Any, seed: int) -> None:
    # An upward stroke at 100 Hz with +-0.005 noise on every sample.
    rec = Tracer(x=0.2, y=0.1).to(0.2, 0.9, 2.5, noise=0.005, seed=seed).build()
    report = grade(rec, body)
    assert count(report, "direction") == 0
    assert report.metrics["smoothness"] > 0.9


def test_a_short_flick_down_is_judged_as_a_whole(body: Any) -> None:
    # 0.2 s: shorter than the smoothing window, so no sample has a full window.
    rec = Tracer(x=0.2, y=0.6).to(0.2, 0.5, 0.2).to(0.2, 0.8, 1.0, pressure=0.2).build()
    found = rules(grade(rec, body), "direction")
    assert [v.t for v in found] == [0.0]  # type: ignore[union-attr]
    live = replay(rec, body)
    assert [(v.rule, v.t) for v in live.violations] == [("direction", 0.0)]


def circles(tr: Tracer, end_x: float, seconds: float, radius: float = 0.012,
            hz: float = 3.0, phase0: float = 0.0) -> Tracer:
    """Small circles while travelling in a straight line: rubbing as the reference shows it."""
    x0, y0 = tr.x, tr.y
    n = round(seconds * tr.rate)
    for k in range(n + 1):
        f, a = k / n, 2 * math.pi * hz * k / tr.rate + phase0
        tr.builder.add(tr.t, x0 + (end_x - x0) * f + radius * math.cos(a),
                       y0 + radius * math.sin(a), True, 0.55)
        tr.t += 1.0 / tr.rate
    tr.x, tr.fresh = end_x, True
    return tr


@pytest.mark.parametrize("phase0", [0.0, math.pi / 2, math.pi, 3 * math.pi / 2])
def test_rubbing_circles_travelling_outward_pass(body: Any, phase0: float) -> None:
    # Circles start and end at any point of the turn; the stroke's cut-short
    # window ends must not turn their inward moments into violations.
    tr = Tracer("rubbing", x=0.09, y=0.62)
    circles(tr, 0.28, 2.5, phase0=phase0).to(-0.09, 0.62, 1.0, pressure=0.15)  # glide back
    tr.fresh = True
    rec = circles(tr, -0.28, 2.5, phase0=phase0).build()
    assert count(grade(rec, body), "direction") == 0
    assert [v.rule for v in replay(rec, body).violations] == []


def test_rubbing_big_circles_do_move_inward(body: Any) -> None:
    tr = Tracer("rubbing", x=0.2, y=0.5)
    rec = circles(tr, 0.22, 3.0, radius=0.06, hz=0.7).build()
    assert count(grade(rec, body), "direction") >= 1


def test_slow_creep_down_is_not_judged(body: Any) -> None:
    # 0.02 back lengths/s: below the speed at which direction means anything.
    rec = Tracer(x=0.2, y=0.6).to(0.2, 0.56, 2.0).build()
    assert count(grade(rec, body), "direction") == 0


def test_down_strokes_are_one_violation_each(body: Any) -> None:
    tr = Tracer(x=0.2, y=0.9)
    for _ in range(3):
        tr.to(0.2, 0.2, 1.5).to(0.2, 0.9, 1.0, pressure=0.2)  # down with pressure, glide up
    assert count(grade(tr.build(), body), "direction") == 3


def test_pause_inside_a_down_stroke_does_not_split_it(body: Any) -> None:
    rec = Tracer(x=0.2, y=0.9).to(0.2, 0.6, 1.0).hold(1.0).to(0.2, 0.2, 1.0).build()
    assert count(grade(rec, body), "direction") == 1


def test_glide_back_does_not_break_direction(body: Any) -> None:
    report = grade(good_stroking().build(), body)
    assert count(report, "direction") == 0


@pytest.mark.parametrize(("start_y", "end_y", "pressure", "broken"), [
    (0.1, 0.9, 0.5, 0),   # from the waist up: right
    (0.9, 0.1, 0.5, 1),   # from the neck down
    (0.9, 0.1, 0.3, 0),   # a glide breaks no direction rule
    (0.54, 0.5, 0.5, 0),  # drifts 0.04 down: within tolerance
    (0.56, 0.5, 0.5, 1),  # drifts 0.06 down
])
def test_kneading_overall_progress(body: Any, start_y: float, end_y: float, pressure: float,
                                   broken: int) -> None:
    # Kneading wiggles side to side; only its overall progress counts. Half the
    # phase at the start height, half at the end height, so the fifths are exact.
    tr = Tracer("kneading", x=0.2, y=start_y)
    for k in range(20):
        tr.to(0.25 if k % 2 else 0.15, start_y if k < 10 else end_y, 0.3, pressure=pressure)
    found = rules(grade(tr.build(), body), "direction")
    assert len(found) == broken
    if broken:
        assert "Kneading" in found[0].message  # type: ignore[union-attr]


# ---------------------------------------------------------------- contact (rule 3)


@pytest.mark.parametrize("technique", ["stroking", "rubbing", "kneading"])
def test_lift_mid_phase(body: Any, technique: str) -> None:
    rec = Tracer(technique, x=0.2, y=0.2).to(0.2, 0.5).hold(0.3, contact=False) \
        .to(0.2, 0.7, 0.5).hold(0.3, contact=False).to(0.2, 0.8, 0.5).build()
    found = rules(grade(rec, body), "contact")
    assert len(found) == 2
    assert "rule 3" in found[0].message  # type: ignore[union-attr]


def test_lift_before_first_and_after_last_contact_is_fine(body: Any) -> None:
    rec = Tracer(x=0.2, y=0.2).hold(0.5, contact=False).to(0.2, 0.8) \
        .hold(0.5, contact=False).build()
    assert count(grade(rec, body), "contact") == 0


@pytest.mark.parametrize("technique", ["percussion", "vibration"])
def test_lifting_techniques_are_exempt(body: Any, technique: str) -> None:
    rec = Tracer(technique, x=0.2, y=0.3).taps(8, dy=0.05).build()
    assert count(grade(rec, body), "contact") == 0


def test_lift_between_phases_is_not_mid_phase(body: Any) -> None:
    rec = Tracer(x=0.2, y=0.2).to(0.2, 0.8).hold(0.2, contact=False) \
        .phase("kneading").to(0.2, 0.3).hold(0.2, contact=False).phase("stroking") \
        .to(0.2, 0.8).build()
    assert count(grade(rec, body), "contact") == 0


# ---------------------------------------------------------------- order and intensity (rule 5)


def session(techniques: list[str], pressures: dict[int, float] | None = None) -> Recording:
    pressures = pressures or {}
    tr = Tracer(techniques[0], x=0.2, y=0.1)
    for i, technique in enumerate(techniques):
        if i:
            tr.phase(technique)
        tr.jump(0.2, 0.1).to(0.2, 0.9, 1.0, pressure=pressures.get(i, 0.35 + 0.05 * i))
    return tr.build()


@pytest.mark.parametrize(("techniques", "where"), [
    (["stroking", "kneading", "stroking"], []),
    (["stroking", "stroking"], []),
    (["kneading"], []),  # one phase: the rule is about sessions of two or more
    (["kneading", "stroking"], [0]),
    (["stroking", "kneading"], [1]),
    (["rubbing", "stroking", "kneading"], [0, 2]),
])
def test_order(body: Any, techniques: list[str], where: list[int]) -> None:
    found = rules(grade(session(techniques), body), "order")
    assert [v.phase for v in found] == where  # type: ignore[union-attr]


@pytest.mark.parametrize(("opening", "closing", "broken"), [
    (0.4, 0.5, 0), (0.5, 0.5, 1), (0.5, 0.4, 1), (0.4, 0.41, 0),
])
def test_intensity(body: Any, opening: float, closing: float, broken: int) -> None:
    rec = session(["stroking", "rubbing", "stroking"], {0: opening, 2: closing})
    found = rules(grade(rec, body), "intensity")
    assert len(found) == broken
    if broken:
        assert found[0].phase == 2 and "rule 5" in found[0].message  # type: ignore[union-attr]


def test_intensity_counts_only_contact_samples(body: Any) -> None:
    tr = Tracer(x=0.2, y=0.1).to(0.2, 0.9, 1.0, pressure=0.4)
    tr.phase("stroking").jump(0.2, 0.1).to(0.2, 0.9, 1.0, pressure=0.5) \
        .hold(1.0, pressure=0.0, contact=False)  # hovering at zero pressure does not count
    assert count(grade(tr.build(), body), "intensity") == 0


# ---------------------------------------------------------------- duration (rule 8)


@pytest.mark.parametrize(("seconds", "first_session", "broken"), [
    (900.0, True, 0), (900.1, True, 1), (1200.0, False, 0),
])
def test_first_session_duration(body: Any, seconds: float, first_session: bool,
                                broken: int) -> None:
    b = RecordingBuilder("stroking", first_session)
    for t in np.linspace(0.0, seconds, 200):
        b.add(float(t), 0.2, 0.5, True, 0.2)
    found = rules(grade(b.build(), body), "duration")
    assert len(found) == broken
    if broken:
        assert found[0].t == pytest.approx(seconds)  # type: ignore[union-attr]
        assert "15 minutes" in found[0].message  # type: ignore[union-attr]


# ---------------------------------------------------------------- area (rule 1)


@pytest.mark.parametrize(("x", "y", "contact", "broken"), [
    (0.1, 0.0, True, 0),       # on the waist line
    (0.1, -0.001, True, 1),    # just below it
    (0.1, 1.0, True, 0),       # at C7's height
    (0.1, 1.001, True, 1),     # just above
    (0.30, 0.5, True, 0),      # inside the outline
    (0.33, 0.5, True, 1),      # outside it
    (0.1, -0.2, False, 0),     # off the area but not touching
])
def test_area(body: Any, x: float, y: float, contact: bool, broken: int) -> None:
    rec = Tracer(x=x, y=y).hold(0.5, pressure=0.2, contact=contact).build()
    found = rules(grade(rec, body), "area")
    assert len(found) == broken
    if broken:
        assert "rule 1" in found[0].message  # type: ignore[union-attr]


def test_leaving_the_area_twice_is_two_violations(body: Any) -> None:
    rec = Tracer(x=0.2, y=0.5).to(0.2, 1.2, 1.0).to(0.2, 0.5, 1.0, pressure=0.2) \
        .to(0.2, 1.2, 1.0).build()
    found = rules(grade(rec, body), "area")
    assert len(found) == 2
    assert "above C7" in found[0].message  # type: ignore[union-attr]


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


# ---------------------------------------------------------------- live checking


def replay(rec: Recording, body: Any, first_session: bool = False) -> LiveChecker:
    live = LiveChecker(body, rec.phases[0].technique, first_session=first_session)
    for i, phase in enumerate(rec.phases):
        if i:
            live.start_phase(phase.technique)
        for row in zip(phase.t.tolist(), phase.x.tolist(), phase.y.tolist(),
                       phase.contact.tolist(), phase.pressure.tolist(), strict=True):
            live.add(*row)
    live.finish()
    return live


def key(v: Violation) -> tuple[str, int, float]:
    return (v.rule, v.phase, round(v.t, 6))


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
