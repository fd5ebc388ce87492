"""Rule 12, direction: strokes judged on their smoothed motion, kneading on its overall progress."""

from __future__ import annotations

import math
from typing import Any

import pytest

from massage_trainer.core.grading import grade
from tests.tracer import Tracer, circles, count, good_stroking, replay, rules

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
