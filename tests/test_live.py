"""LiveChecker: the grader's predicates sample by sample, as the learner draws."""

from __future__ import annotations

from typing import Any

import pytest

from massage_trainer.core.grading import GradeConfig, Violation, grade
from massage_trainer.core.live import LiveChecker
from massage_trainer.core.recording import RecordingBuilder
from massage_trainer.core.rules import FIRST_SESSION_LIMIT_S, rule
from massage_trainer.core.violation import Heading
from massage_trainer.core.wording import headline
from massage_trainer.core.zone_index import ZoneIndex
from tests.tracer import Tracer, key, replay, safety


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
    # The very same violations: place, zone, level, technique and words included.
    assert sorted((v for v in live.violations if v.rule in wanted), key=key) == \
        sorted((v for v in report.violations if v.rule in wanted), key=key)


@pytest.mark.parametrize("technique", ["stroking", "rubbing"])
@pytest.mark.parametrize("start, end, seconds", [
    ((-0.2, 0.8), (0.2, 0.6), 1.0),  # in toward the spine and down, across it
    ((-0.2, 0.6), (0.2, 0.9), 1.0),  # in and up, across the heart area
    ((0.2, 0.9), (-0.2, 0.85), 0.3),  # a quick flick across the top
])
def test_a_spine_crossing_is_named_alike_live_and_in_the_report(body: Any, technique: str,
                                                                start: tuple[float, float],
                                                                end: tuple[float, float],
                                                                seconds: float) -> None:
    rec = Tracer(technique, *start).to(*end, seconds).build()
    report, live = grade(rec, body), replay(rec, body)
    assert set(safety(report.violations)) == {"spine", "direction"}
    # The live alert and the report's row: the same sample, landmark and words.
    per_sample = [v for v in report.violations if rule(v.rule).per_sample]
    assert sorted(live.violations, key=key) == sorted(per_sample, key=key)
    for v in live.violations:
        (same,) = [r for r in report.violations if r.rule == v.rule]
        assert v.place is not None and same.place is not None
        assert v.place.level == same.place.level
        assert headline(v) == headline(same)


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


@pytest.mark.parametrize(("technique", "end", "heading"), [
    ("stroking", (0.2, 0.1), Heading.DOWN),
    ("rubbing", (0.06, 0.9), Heading.INWARD),
])
def test_a_live_direction_violation_is_at_the_centre_of_the_window_that_shows_it(
        body: Any, technique: str, end: tuple[float, float], heading: Heading) -> None:
    rec = Tracer(technique, x=0.25, y=0.9).to(*end, 1.0).build()
    found = [v for v in replay(rec, body).violations if v.rule == "direction"]
    assert len(found) == 1
    v = found[0]
    window = GradeConfig().smoothing_window_s
    # Found one window into the stroke, placed half a window in: where grade()'s centred window is.
    assert window / 2 <= v.t < window / 2 + 0.02
    f = v.t / 1.0  # along the straight line, at the stroke's steady pace
    assert (v.x, v.y) == pytest.approx((0.25 + (end[0] - 0.25) * f, 0.9 + (end[1] - 0.9) * f), abs=0.02)
    assert (v.phase, v.technique, v.heading) == (0, technique, heading)
    assert v.place == ZoneIndex(body).place(v.x, v.y)
    assert ("down toward the waist" if heading == Heading.DOWN else "in toward the spine") in v.message


@pytest.mark.parametrize(("back_on", "gap", "episodes"), [
    (0.11, 0.1, 1),  # back on the spine 0.09 s after leaving it: the same slip
    (0.13, 0.1, 2),  # 0.11 s after: a second one
    (0.13, 0.2, 1),
])
def test_breaches_less_than_the_episode_gap_apart_are_one_episode(body: Any, back_on: float,
                                                                   gap: float, episodes: int) -> None:
    config = GradeConfig(episode_gap_s=gap)
    b = RecordingBuilder("vibration")
    rows = [(0.0, 0.0), (0.01, 0.0), (0.02, 0.0)] + [(k / 100, 0.2) for k in range(3, round(back_on * 100))]
    rows += [(back_on, 0.0), (back_on + 0.01, 0.0)]
    live = LiveChecker(body, "vibration", config)
    for t, x in rows:
        b.add(t, x, 0.5, True, 0.2)
        live.add(t, x, 0.5, True, 0.2)
    assert [v.rule for v in live.violations] == ["spine"] * episodes
    graded = grade(b.build(), body, config)
    assert [key(v) for v in graded.violations if v.rule == "spine"] == [key(v) for v in live.violations]


def test_a_short_stroke_is_judged_whole_when_its_phase_ends(body: Any) -> None:
    live = LiveChecker(body, "stroking")
    b = RecordingBuilder("stroking")
    for k in range(21):  # 0.2 s down: shorter than the smoothing window
        row = (k / 100, 0.2, 0.6 - 0.005 * k, True, 0.5)
        b.add(*row)
        assert live.add(*row) == []
    closing = live.start_phase("kneading")
    assert [(v.rule, v.phase, v.t, v.x, v.y, v.heading) for v in closing] == \
        [("direction", 0, 0.0, 0.2, 0.6, Heading.DOWN)]  # at the stroke's start, in the phase it was in
    assert live.phase == 1 and live.violations == closing
    assert live.start_phase("stroking") == []  # nothing left to judge
    b.start_phase("kneading")
    b.add(0.3, 0.2, 0.5, True, 0.5)
    assert [v for v in grade(b.build(), body).violations if v.rule == "direction"] == closing


def test_a_short_stroke_up_closes_clean(body: Any) -> None:
    live = LiveChecker(body, "stroking")
    for k in range(21):
        live.add(k / 100, 0.2, 0.5 + 0.005 * k, True, 0.5)
    assert live.finish() == [] and live.violations == []


def test_live_duration_counts_from_the_first_sample(body: Any) -> None:
    live = LiveChecker(body, "stroking", first_session=True)
    assert live.add(100.0, 0.2, 0.5, True, 0.2) == []
    assert live.add(100.0 + FIRST_SESSION_LIMIT_S, 0.2, 0.5, True, 0.2) == []
    found = live.add(100.1 + FIRST_SESSION_LIMIT_S, 0.25, 0.4, True, 0.2)
    assert [(v.rule, v.phase, v.x, v.y) for v in found] == [("duration", 0, 0.25, 0.4)]
    assert found[0].elapsed_s == pytest.approx(FIRST_SESSION_LIMIT_S + 0.1)
    assert found[0].limit_s == FIRST_SESSION_LIMIT_S
    assert "still going at 15:00)" in found[0].message


def test_a_live_lift_is_placed_where_the_hand_lifted(body: Any) -> None:
    live = LiveChecker(body, "rubbing")
    live.add(0.0, 0.2, 0.3, True, 0.5)
    live.add(0.1, 0.2, 0.35, True, 0.5)
    assert live.add(0.2, -0.15, 0.6, False, 0.0) == []  # not yet known to be mid-phase
    assert live.add(0.3, -0.1, 0.7, False, 0.0) == []
    found = live.add(0.4, 0.2, 0.4, True, 0.5)
    assert [(v.rule, v.t, v.x, v.y, v.technique) for v in found] == [("contact", 0.2, -0.15, 0.6, "rubbing")]
    assert found[0].place == ZoneIndex(body).place(-0.15, 0.6)
    assert "Lifted the hands in the middle of rubbing, patient's left" in found[0].message


def test_a_fresh_checker_flags_nothing_and_keeps_no_session_limit(body: Any) -> None:
    live = LiveChecker(body, "stroking")
    assert live.active_rules == frozenset() and live.violations == []
    live.add(0.0, 0.2, 0.5, True, 0.2)
    assert live.add(2 * FIRST_SESSION_LIMIT_S, 0.2, 0.5, True, 0.2) == []  # not a first session


def test_live_duration_names_where_and_when(body: Any) -> None:
    live = LiveChecker(body, "kneading", first_session=True)
    live.add(0.0, 0.2, 0.5, True, 0.2)
    found = live.add(FIRST_SESSION_LIMIT_S + 0.5, 0.21, 0.45, True, 0.2)
    assert [(v.rule, v.t, v.x, v.y, v.technique) for v in found] == \
        [("duration", FIRST_SESSION_LIMIT_S + 0.5, 0.21, 0.45, "kneading")]


def _feed(live: LiveChecker, b: RecordingBuilder, rows: list[tuple[float, float, float, bool, float]]) -> None:
    for row in rows:
        b.add(*row)
        live.add(*row)


@pytest.mark.parametrize(("touch", "episodes"), [
    (0.5, 2),  # down for half a second between the lifts: two lifts
    (0.04, 1),  # touched for a moment only: one lift, as grade() counts it
])
def test_lifts_less_than_the_gap_apart_are_one(body: Any, touch: float, episodes: int) -> None:
    live, b = LiveChecker(body, "stroking"), RecordingBuilder("stroking")
    rows = [(k / 100, 0.2, 0.3 + k / 1000, True, 0.5) for k in range(30)]
    t = 0.3
    for _ in range(2):
        rows += [(t + k / 100, 0.2, 0.4, False, 0.0) for k in range(20)]  # lifted
        t += 0.2
        rows += [(t + k / 100, 0.2, 0.4, True, 0.5) for k in range(round(touch * 100))]
        t += touch
    rows += [(t + k / 100, 0.2, 0.4 + k / 100, True, 0.5) for k in range(30)]
    _feed(live, b, rows)
    graded = [key(v) for v in grade(b.build(), body).violations if v.rule == "contact"]
    assert [key(v) for v in live.violations if v.rule == "contact"] == graded
    assert len(graded) == episodes


def test_breaches_exactly_the_gap_apart_are_two_episodes(body: Any) -> None:
    config = GradeConfig(episode_gap_s=0.125)
    live, b = LiveChecker(body, "vibration", config), RecordingBuilder("vibration")
    _feed(live, b, [(0.0, 0.0, 0.5, True, 0.2), (0.0625, 0.2, 0.5, True, 0.2),
                    (0.125, 0.0, 0.5, True, 0.2)])
    assert [v.t for v in live.violations] == [0.0, 0.125]
    assert [v.t for v in grade(b.build(), body, config).violations if v.rule == "spine"] == [0.0, 0.125]


def test_a_breach_sampled_seldom_is_still_one_episode(body: Any) -> None:
    # Five samples a second, all on the spine: consecutive samples are one episode, however far apart.
    live, b = LiveChecker(body, "percussion"), RecordingBuilder("percussion")
    _feed(live, b, [(k * 0.2, 0.0, 0.3 + 0.01 * k, True, 0.2) for k in range(10)])
    assert [v.t for v in live.violations] == [0.0]
    assert [v.t for v in grade(b.build(), body).violations if v.rule == "spine"] == [0.0]


@pytest.mark.parametrize(("end", "heading"), [
    ((0.1, 0.3), Heading.DOWN),  # more down than in
    ((0.06, 0.85), Heading.INWARD),  # more in than down
])
def test_live_stroking_says_which_way(body: Any, end: tuple[float, float], heading: Heading) -> None:
    rec = Tracer(x=0.25, y=0.9).to(*end, 1.0).build()
    assert [v.heading for v in replay(rec, body).violations if v.rule == "direction"] == [heading]


def test_a_live_direction_violation_comes_one_full_window_in(body: Any) -> None:
    config = GradeConfig(smoothing_window_s=0.25)  # 16 samples at 64 Hz: exact in binary
    live, b = LiveChecker(body, "stroking", config), RecordingBuilder("stroking")
    found_at = []
    for k in range(64):
        b.add(k / 64, 0.2, 0.9 - k / 128, True, 0.5)
        found_at += [(k / 64, v.t) for v in live.add(k / 64, 0.2, 0.9 - k / 128, True, 0.5)]
    # Known once a full window has passed; placed at that window's centre, as grade() places it.
    assert found_at == [(0.25, 0.125)]
    assert [v.t for v in grade(b.build(), body, config).violations if v.rule == "direction"] == [0.125]


def test_rubbing_inward_along_the_spine_on_the_left_is_flagged_live(body: Any) -> None:
    # The window's mean x decides the side: just left of the midline, moving right is inward.
    rec = Tracer("rubbing", x=-0.045, y=0.5).to(-0.005, 0.5, 0.4).build()
    assert [v.rule for v in grade(rec, body).violations if v.rule == "direction"] == ["direction"]
    assert [v.heading for v in replay(rec, body).violations if v.rule == "direction"] == [Heading.INWARD]


def test_touching_down_late_in_a_phase_is_no_lift(body: Any) -> None:
    # The hand arrives in the air: nothing was lifted mid-phase, live or graded.
    rec = Tracer(x=0.2, y=0.2).hold(0.3, contact=False).to(0.2, 0.8).build()
    assert replay(rec, body).violations == []
    assert safety(grade(rec, body).violations) == []
