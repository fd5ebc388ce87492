"""Rule 12, direction: strokes judged on their smoothed motion, kneading on its overall progress."""

from __future__ import annotations

import math
from typing import Any

import numpy as np
import pytest

from massage_trainer.core.grading import GradeConfig, Violation, grade
from massage_trainer.core.live import LiveChecker
from massage_trainer.core.predicates import direction_breach, direction_judged, heading, kneading_regression
from massage_trainer.core.recording import Recording, RecordingBuilder
from massage_trainer.core.violation import Heading
from massage_trainer.core.zone_index import ZoneIndex
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


@pytest.mark.parametrize(("technique", "start", "end", "heading"), [
    ("stroking", (0.2, 0.9), (0.2, 0.1), Heading.DOWN),
    ("stroking", (0.25, 0.5), (0.08, 0.5), Heading.INWARD),
    ("stroking", (0.25, 0.9), (0.1, 0.3), Heading.DOWN),  # down more than in
    ("stroking", (-0.25, 0.7), (-0.06, 0.6), Heading.INWARD),  # in more than down
    ("rubbing", (0.25, 0.7), (0.1, 0.5), Heading.INWARD),  # more down than in: rubbing may go down
])
def test_the_grader_says_which_way_the_stroke_went(body: Any, technique: str, start: tuple[float, float],
                                                    end: tuple[float, float], heading: Heading) -> None:
    found = rules(grade(Tracer(technique, *start).to(*end, 1.0).build(), body), "direction")
    assert [v.heading for v in found] == [heading]  # type: ignore[union-attr]


def _flick(t0: float, points: list[tuple[float, float]], lead_x: float) -> Recording:
    """A light glide at lead_x until t0, a flick through `points` every 0.05 s, a glide on."""
    b = RecordingBuilder("stroking")
    for k in range(round(t0 * 20)):
        b.add(k / 20, lead_x, 0.5, True, 0.2)
    for k, (x, y) in enumerate(points):
        b.add(t0 + 0.05 * k, x, y, True, 0.5)
    x, y = points[-1]
    for k in range(1, 11):
        b.add(t0 + 0.05 * (len(points) - 1) + 0.05 * k, x, y, True, 0.2)
    return b.build()


RIGHT_IN = [(0.09 - 0.0075 * k, 0.5) for k in range(5)]
LEFT_IN = [(-0.09 + 0.0075 * k, 0.5) for k in range(5)]
DOWN = [(0.2, 0.6 - 0.025 * k) for k in range(5)]


@pytest.mark.parametrize(("t0", "points", "lead_x", "heading"), [
    (0.0, DOWN, 0.0, Heading.DOWN),
    (5.0, DOWN, 0.25, Heading.DOWN),
    (0.0, RIGHT_IN, 0.0, Heading.INWARD),
    (5.0, RIGHT_IN, -0.25, Heading.INWARD),  # after gliding on the other side
    (5.0, LEFT_IN, 0.25, Heading.INWARD),
    (5.0, [(0.2, 0.6), (0.2, 0.6), (0.2, 0.5)], 0.25, Heading.DOWN),  # still, then down
    (5.0, [(0.09, 0.5), (0.09, 0.5), (0.06, 0.5)], 0.25, Heading.INWARD),  # still, then in
    (5.0, [(0.2, 0.6), (0.2, 0.5)], 0.25, Heading.DOWN),  # two samples
    (5.0, [(0.03 - 0.0125 * k, 0.5) for k in range(5)], 0.25, Heading.INWARD),  # across the midline
], ids=["down at the start", "down later", "inward at the start", "inward on the right",
        "inward on the left", "still then down", "still then in", "two samples", "across the midline"])
def test_a_stroke_shorter_than_the_window_is_judged_on_its_net_motion(
        body: Any, t0: float, points: list[tuple[float, float]], lead_x: float, heading: Heading) -> None:
    rec = _flick(t0, points, lead_x)
    x0, y0 = points[0]
    found = rules(grade(rec, body), "direction")
    assert [(v.t, v.x, v.y, v.heading) for v in found] == [(t0, x0, y0, heading)]  # type: ignore[union-attr]
    live = [v for v in replay(rec, body).violations if v.rule == "direction"]
    assert [(v.t, v.x, v.y, v.heading) for v in live] == [(t0, x0, y0, heading)]


def test_a_narrower_window_judges_a_short_stroke_sample_by_sample(body: Any) -> None:
    rec = Tracer(x=0.2, y=0.6, rate=100.0).to(0.2, 0.5, 0.25).to(0.2, 0.8, 1.0, pressure=0.2).build()
    whole = rules(grade(rec, body), "direction")
    assert [v.t for v in whole] == [0.0]  # type: ignore[union-attr]
    narrow = rules(grade(rec, body, GradeConfig(smoothing_window_s=0.1)), "direction")
    assert len(narrow) == 1 and 0.04 < narrow[0].t < 0.1  # type: ignore[union-attr]


def _down_up_down(technique: str = "stroking") -> Tracer:
    return Tracer(technique, x=0.2, y=0.9).to(0.2, 0.5, 1.0).to(0.2, 0.7, 0.6).to(0.2, 0.3, 1.0)


@pytest.mark.parametrize(("gap", "episodes"), [(0.1, 2), (2.0, 1)])
def test_breaches_within_a_stroke_closer_than_the_gap_are_one_episode(body: Any, gap: float,
                                                                      episodes: int) -> None:
    config = GradeConfig(episode_gap_s=gap)
    rec = _down_up_down().build()
    assert count(grade(rec, body, config), "direction") == episodes
    live = LiveChecker(body, "stroking", config)
    for row in zip(*(getattr(rec.phases[0], a).tolist() for a in ("t", "x", "y", "contact", "pressure")),
                   strict=True):
        live.add(*row)
    assert [v.rule for v in live.violations] == ["direction"] * episodes


def test_strokes_in_different_phases_are_different_episodes(body: Any) -> None:
    tr = Tracer(x=0.2, y=0.9).to(0.2, 0.4, 1.0).phase("stroking").jump(0.2, 0.4).to(0.2, 0.1, 0.6)
    tr.phase("rubbing").jump(0.25, 0.5).to(0.1, 0.5, 1.0)
    found = rules(grade(tr.build(), body, GradeConfig(episode_gap_s=5.0)), "direction")
    assert [v.phase for v in found] == [0, 1, 2]  # type: ignore[union-attr]


def test_kneading_drift_is_placed_where_its_last_fifth_begins(body: Any) -> None:
    tr = Tracer(x=0.2, y=0.1).to(0.2, 0.9, 1.0).phase("kneading").jump(0.2, 0.8)
    for k in range(20):
        tr.to(0.25 if k % 2 else 0.15, 0.8 if k < 10 else 0.2, 0.3)
    rec = tr.build()
    found = rules(grade(rec, body), "direction")
    assert len(found) == 1
    v = found[0]
    assert isinstance(v, Violation)
    kneading = rec.phases[1]
    last_fifth = len(kneading) - int(len(kneading) * 0.2)
    assert (v.phase, v.technique) == (1, "kneading")
    assert (v.t, v.x, v.y) == (kneading.t[last_fifth], kneading.x[last_fifth], kneading.y[last_fifth])
    zones = ZoneIndex(body)
    assert v.levels == (zones.level(0.8), zones.level(0.2))
    assert v.levels[0] != v.levels[1]


# ---------------------------------------------------------------- the predicates at their edges


def test_direction_is_judged_from_the_minimum_speed_on() -> None:
    cfg = GradeConfig(min_speed=0.25)
    vx, vy = np.array([0.25, 0.0, 0.2]), np.array([0.0, -0.25, 0.0])
    assert direction_judged(vx, vy, cfg).tolist() == [True, True, False]
    x = np.full(3, 0.2)
    assert direction_breach("stroking", x, -vx, vy, cfg).tolist() == [True, True, False]


def test_the_cone_is_open_at_its_edge() -> None:
    # A zero cone: only exactly down or exactly inward would be inside, and the edge is not.
    cfg = GradeConfig(direction_cone_deg=0.0)
    x, vx, vy = np.array([0.2, 0.2]), np.array([-0.5, 0.0]), np.array([0.0, -0.5])
    assert direction_breach("stroking", x, vx, vy, cfg).tolist() == [False, False]


@pytest.mark.parametrize("technique", ["kneading", "percussion", "vibration"])
def test_only_stroking_and_rubbing_are_judged_stroke_by_stroke(technique: str) -> None:
    x, vx, vy = np.array([0.2]), np.array([-1.0]), np.array([-1.0])
    assert direction_breach(technique, x, vx, vy, GradeConfig()).tolist() == [False]


def test_a_stroke_down_and_in_at_45_degrees_is_worded_as_down() -> None:
    assert heading("stroking", -0.25, -0.25) == Heading.DOWN
    assert heading("stroking", -0.25, -0.125) == Heading.INWARD
    assert heading("rubbing", 0.0, -1.0) == Heading.INWARD


@pytest.mark.parametrize(("y", "index"), [
    ([0.5, 0.375], 1),  # two samples: the last fifth is the last sample
    ([0.5, 0.5, 0.5, 0.5, 0.375], 4),
    ([0.5] * 5 + [0.375] * 5, 8),  # ten samples: a fifth is two
    ([0.5, 0.4375], None),  # 0.0625 down: not more than the drift allowed
    ([0.5], None),
])
def test_kneading_regression_on_few_samples(y: list[float], index: int | None) -> None:
    assert kneading_regression(np.array(y), GradeConfig(kneading_drift=0.0625)) == index
