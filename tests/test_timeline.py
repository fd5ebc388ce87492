"""The animation timeline: a pure function of time, checked at hand-worked moments."""

from __future__ import annotations

import itertools
import math

import numpy as np
import pytest

from massage_trainer.core.rules import FIRST_SESSION_LIMIT_MIN
from massage_trainer.core.technique_ids import IMPACT_TECHNIQUES, STROKING, TECHNIQUE_IDS
from massage_trainer.core.techniques import (
    GLIDE_MAX_PRESSURE,
    MAX_DRAWN_HZ,
    Glide,
    Movement,
    OtherHand,
    Pattern,
    PatternKind,
    SessionPhase,
    SessionPlan,
    Technique,
    TechniqueLibrary,
    Tempo,
)
from massage_trainer.core.timeline import HandTrack, Timeline, ease

UP = Movement("Up the back", ((0.1, 0.1), (0.1, 0.5)), OtherHand.MIRROR, 2.0,
              ((0.0, 0.2), (0.5, 0.6), (1.0, 0.2)))
OUT = Movement("Out to the side", ((0.1, 0.3), (0.3, 0.3)), OtherHand.MIRROR, 1.0,
               ((0.0, 0.5), (1.0, 0.5)))
GLIDE = Glide("Glide back", pressure=0.1, speed=0.5, min_seconds=0.6)


def technique(*movements: Movement, technique_id: str = STROKING) -> Technique:
    return Technique(technique_id, technique_id.title(), "other", "purpose", "how", "both",
                     "tempo", GLIDE, movements)


# The glide across the spine after UP on the right: from (0.1, 0.5) to (-0.1, 0.1),
# 0.447 at 0.5/s, rounded to whole samples at 240 Hz.
CROSS_S = 215 / 240


@pytest.fixture
def simple() -> Timeline:
    # Each movement on the right, then on the left: UP (2 s), a glide across (CROSS_S),
    # UP mirrored (2 s), a glide from (-0.1, 0.5) to (0.1, 0.3) (0.28 at 0.5/s, so the
    # 0.6 s minimum), OUT (1 s), a glide from (0.3, 0.3) to (-0.1, 0.3) (0.8 s), OUT mirrored.
    return Timeline.for_technique(technique(UP, OUT))


def test_duration_and_segments(simple: Timeline) -> None:
    assert simple.duration == pytest.approx(2 + CROSS_S + 2 + 0.6 + 1 + 0.8 + 1)
    assert [s.working for s in simple.segments] == [True, False] * 3 + [True]
    # Stepping goes movement by movement: each starts on the right side.
    assert simple.movement_starts == pytest.approx((0.0, 4.6 + CROSS_S))
    assert simple.hand_count == 2


def test_each_movement_is_worked_on_one_side_then_the_other(simple: Timeline) -> None:
    strokes = [s for s in simple.segments if s.working]
    assert [(s.movement_index, s.mirrored) for s in strokes] == [
        (0, False), (0, True), (1, False), (1, True)]
    for stroke in strokes:
        lead, other = simple.state_at(stroke.start + stroke.duration / 2).hands
        assert (lead.x < 0) is stroke.mirrored  # the leading hand works the left side
        assert other.x == pytest.approx(-lead.x)  # the other hand mirrors it
    for hand in range(simple.hand_count):
        x = simple.track(hand).x[simple.track(hand).working]
        assert (x > 0.05).any() and (x < -0.05).any()  # every hand works both sides


def test_start(simple: Timeline) -> None:
    f = simple.state_at(0.0)
    lead, other = f.hands
    assert (lead.x, lead.y) == pytest.approx((0.1, 0.1))
    assert (other.x, other.y) == pytest.approx((-0.1, 0.1))  # mirrored across the spine
    assert lead.pressure == pytest.approx(0.2)
    assert lead.contact and lead.working and f.working
    assert f.caption == "Up the back"
    assert (f.movement_index, f.step, f.phase_index, f.progress) == (0, 0, 0, 0.0)
    assert f.technique == STROKING


def test_mid_movement(simple: Timeline) -> None:
    f = simple.state_at(1.0)
    assert (f.hands[0].x, f.hands[0].y) == pytest.approx((0.1, 0.3))  # eased half-way
    assert f.hands[0].pressure == pytest.approx(0.6)  # the profile's peak at half the path
    assert f.progress == pytest.approx(0.5)


def test_strokes_are_eased_without_overshoot(simple: Timeline) -> None:
    # A quarter of the time covers less than a quarter of the path ...
    y = simple.state_at(0.5).hands[0].y
    assert y == pytest.approx(0.1 + 0.4 * (1 - math.cos(math.pi / 4)) / 2)
    assert y < 0.2
    # ... and the hand never goes past either end or back on itself.
    ys = simple.samples(0, np.linspace(0.0, 2.0, 400)).y
    assert np.all(np.diff(ys) >= -1e-12)
    assert ys.min() >= 0.1 - 1e-12 and ys.max() <= 0.5 + 1e-12
    assert float(ease(np.array([0.0]))[0]) == 0.0 and float(ease(np.array([1.0]))[0]) == 1.0


def test_glide(simple: Timeline) -> None:
    f = simple.state_at(2 + CROSS_S / 2)  # half-way through the glide across the spine
    assert not f.working and not f.hands[0].working
    assert f.hands[0].contact  # the hands never lift (rule 3)
    assert f.hands[0].pressure == pytest.approx(0.1)
    assert (f.hands[0].x, f.hands[0].y) == pytest.approx((0.0, 0.3))
    assert f.caption == "Glide back"
    assert f.movement_index == 0 and f.step == 0  # it follows the first movement


def test_end_and_clamping(simple: Timeline) -> None:
    end = simple.state_at(simple.duration)
    assert (end.hands[0].x, end.hands[0].y) == pytest.approx((-0.3, 0.3))  # on the left
    assert (end.hands[1].x, end.hands[1].y) == pytest.approx((0.3, 0.3))
    assert end.caption == "Out to the side" and end.movement_index == 1
    assert end.progress == 1.0
    assert simple.state_at(99.0) == end
    assert simple.state_at(-5.0) == simple.state_at(0.0)


def test_state_between_samples_interpolates(simple: Timeline) -> None:
    a, b = simple.state_at(1.0), simple.state_at(1.0 + 1 / 480)
    assert abs(a.hands[0].y - b.hands[0].y) < 0.002


def test_step_controls(simple: Timeline) -> None:
    second, last = simple.movement_starts[1], simple.movement_starts[-1]
    assert simple.next_movement_time(0.0) == pytest.approx(second)
    assert simple.next_movement_time(1.0) == pytest.approx(second)
    assert simple.next_movement_time(last) is None
    assert simple.previous_movement_time(second + 0.4) == pytest.approx(second)  # restart it
    assert simple.previous_movement_time(second) == 0.0  # at a start: the one before
    assert simple.previous_movement_time(1.0) == 0.0
    assert simple.previous_movement_time(0.0) is None


def test_trail(simple: Timeline) -> None:
    trail = simple.trail(0, 1.0, seconds=0.5, step=0.1)
    assert trail.shape == (6, 2)
    now = simple.state_at(1.0).hands[0]
    assert tuple(trail[-1]) == pytest.approx((now.x, now.y))  # newest last
    then = simple.state_at(0.5).hands[0]
    assert tuple(trail[0]) == pytest.approx((then.x, then.y), abs=1e-4)
    assert len(simple.trail(0, 0.2)) == 13  # nothing before t = 0
    assert simple.trail(1, 1.0)[:, 0] == pytest.approx(-0.1)


def test_loop_ends_where_it_starts() -> None:
    timeline = Timeline.for_technique(technique(UP, OUT), loop=True)
    assert not timeline.segments[-1].working
    start, end = timeline.state_at(0.0), timeline.state_at(timeline.duration)
    assert (end.hands[0].x, end.hands[0].y) == pytest.approx((start.hands[0].x, start.hands[0].y))


def test_segment_path_for_drawing(simple: Timeline) -> None:
    glide = simple.segment_path(1)
    assert tuple(glide[0]) == pytest.approx((0.1, 0.5))
    assert tuple(glide[-1]) == pytest.approx((-0.1, 0.1))  # across, to the left side's start
    other = simple.segment_path(1, hand=1)
    assert tuple(other[0]) == pytest.approx((-0.1, 0.5))
    assert tuple(other[-1]) == pytest.approx((0.1, 0.1))


# ---------------------------------------------------------------- patterns


def _with_pattern(pattern: Pattern, other: OtherHand = OtherHand.MIRROR,
                  tempo: Tempo = Tempo.DRAWN, technique_id: str = STROKING,
                  path: tuple[tuple[float, float], ...] = ((0.1, 0.2), (0.3, 0.2)),
                  seconds: float = 4.0) -> Timeline:
    movement = Movement("Pattern", path, other, seconds, ((0.0, 0.5), (1.0, 0.5)), pattern)
    return Timeline.for_technique(technique(movement, technique_id=technique_id), tempo=tempo)


def _first_stroke(timeline: Timeline, hand: int = 0) -> HandTrack:
    """The hand over the first stroke only (on the right side, for the leading hand)."""
    track = timeline.track(hand)
    rows = track.t < timeline.segments[0].end - 1e-9
    return HandTrack(track.t[rows], track.x[rows], track.y[rows], track.pressure[rows],
                     track.contact[rows], track.working[rows], track.segment[rows])


def _onsets(track: HandTrack) -> np.ndarray:
    return track.t[1:][track.contact[1:] & ~track.contact[:-1]]


def test_zigzag_goes_across_the_path_and_starts_and_ends_on_it() -> None:
    track = _first_stroke(_with_pattern(Pattern(PatternKind.ZIGZAG, 2.0, amplitude=0.02)))
    assert np.abs(track.y - 0.2).max() == pytest.approx(0.02, abs=1e-3)
    assert np.all(np.diff(track.x) >= -1e-12)  # never back toward the spine
    assert (track.x[0], track.y[0]) == pytest.approx((0.1, 0.2))
    assert (track.x[-1], track.y[-1]) == pytest.approx((0.3, 0.2), abs=1e-5)


def test_circles_stay_within_their_radius() -> None:
    track = _first_stroke(_with_pattern(Pattern(PatternKind.CIRCLES, 3.0, amplitude=0.012)))
    assert np.abs(track.y - 0.2).max() <= 0.012 + 1e-9
    assert np.abs(track.y - 0.2).max() > 0.01


def test_taps_lift_between_taps_and_alternate_hands() -> None:
    timeline = _with_pattern(Pattern(PatternKind.TAPS, 3.0, contact_fraction=0.4),
                             OtherHand.ALTERNATE)
    lead, other = _first_stroke(timeline, 0), _first_stroke(timeline, 1)
    assert lead.contact.any() and not lead.contact.all()
    assert np.all(lead.pressure[~lead.contact] == 0.0)
    assert not np.any(lead.contact & other.contact)  # the hands land in turn
    assert timeline.state_at(0.0).hands[0].contact
    assert not timeline.state_at(0.0).hands[1].contact
    # 3 taps a second: the first is down at t = 0, then one every third of a second.
    onsets = _onsets(lead)
    assert onsets[:3] == pytest.approx([1 / 3, 2 / 3, 1.0], abs=1e-2)
    assert np.diff(onsets) == pytest.approx(1 / 3, abs=1e-2)


def test_taps_at_real_tempo_come_at_their_real_rate() -> None:
    pattern = Pattern(PatternKind.TAPS, 3.0, contact_fraction=0.4, real_frequency=5.0)
    drawn = _first_stroke(_with_pattern(pattern, OtherHand.ALTERNATE))
    real = _first_stroke(_with_pattern(pattern, OtherHand.ALTERNATE, Tempo.REAL))
    assert np.diff(_onsets(drawn)) == pytest.approx(1 / 3, abs=1e-2)
    assert np.diff(_onsets(real)) == pytest.approx(1 / 5, abs=1e-2)
    # Each tap touches for the same share of its cycle: 0.4 / 5 s at real tempo.
    edges = np.flatnonzero(np.diff(np.concatenate(([0], real.contact.astype(int), [0]))))
    touches = real.t[edges[1::2] - 1] - real.t[edges[::2]]
    assert touches[:-1] == pytest.approx(0.08, abs=1e-2)


def test_percussion_and_vibration_lift_to_move_on_and_to_cross_the_spine() -> None:
    for technique_id in IMPACT_TECHNIQUES:
        timeline = _with_pattern(Pattern(PatternKind.TAPS, 3.0, contact_fraction=0.4),
                                 technique_id=technique_id)
        for hand in range(timeline.hand_count):
            track = timeline.track(hand)
            assert not track.contact[~track.working].any()  # lifted between strokes
            assert not track.contact[np.abs(track.x) < 0.05].any()  # never on the spine
    stroking = _with_pattern(Pattern(PatternKind.TAPS, 3.0, contact_fraction=0.4))
    assert stroking.track(0).contact[~stroking.track(0).working].all()  # it glides


def test_vibration_rests_in_place_at_each_point_with_a_tremor_and_lifts_between() -> None:
    path = ((0.25, 0.3), (0.25, 0.6), (0.3, 0.8))
    pattern = Pattern(PatternKind.OSCILLATION, 3.0, amplitude=0.006, real_frequency=8.0,
                      real_amplitude=0.01)
    for tempo, hz, amplitude in ((Tempo.DRAWN, 3.0, 0.006), (Tempo.REAL, 8.0, 0.01)):
        track = _first_stroke(_with_pattern(pattern, tempo=tempo, path=path, seconds=6.0))
        runs = np.flatnonzero(np.diff(np.concatenate(([0], track.contact.astype(int), [0]))))
        starts, ends = runs[::2], runs[1::2]
        assert len(starts) == len(path)  # one rest at each point, lifted between them
        for (px, py), a, b in zip(path, starts, ends, strict=True):
            x, y = track.x[a:b], track.y[a:b]
            offset = np.hypot(x - px, y - py)
            assert offset.max() == pytest.approx(amplitude, rel=0.05)  # in place
            # The tremor moves both axes: count its swings along x.
            steps = np.diff(x)
            swings = np.count_nonzero(np.diff(np.sign(steps[steps != 0])) != 0)
            assert swings / (track.t[b - 1] - track.t[a]) == pytest.approx(2 * hz, rel=0.15)
        assert track.t[ends[0] - 1] - track.t[starts[0]] >= 1.2


# ---------------------------------------------------------------- the real content
# ---------------------------------------------------------------- the real content


def _shortest_gap_between_touches(contact: np.ndarray, t: np.ndarray) -> float:
    onsets = t[1:][contact[1:] & ~contact[:-1]]
    return float(np.diff(onsets).min()) if len(onsets) > 1 else math.inf


@pytest.mark.parametrize("technique_id", TECHNIQUE_IDS)
def test_nothing_drawn_repeats_faster_than_three_times_a_second(content, technique_id) -> None:
    tech = content.techniques[technique_id]
    for movement in tech.movements:
        if movement.pattern is not None:
            assert movement.pattern.frequency <= MAX_DRAWN_HZ
    timeline = Timeline.for_technique(tech, loop=True)
    for hand in range(timeline.hand_count):
        track = timeline.track(hand)
        gap = _shortest_gap_between_touches(track.contact, track.t)
        assert gap >= 1 / MAX_DRAWN_HZ - 1e-6


@pytest.mark.parametrize("technique_id", TECHNIQUE_IDS)
def test_glides_are_light_and_in_contact_or_lifted_for_percussion_and_vibration(
        content, technique_id) -> None:
    technique = content.techniques[technique_id]
    timeline = Timeline.for_technique(technique, loop=True)
    for hand in range(timeline.hand_count):
        track = timeline.track(hand)
        gliding = ~track.working
        assert gliding.any()
        assert np.all(track.contact[gliding] != technique.impact)
        assert np.all(track.pressure[gliding] <= GLIDE_MAX_PRESSURE)


def test_stroking_goes_up_beside_the_spine_and_out_to_the_sides(content) -> None:
    strokes = content.techniques[STROKING].movements
    ups = [m for m in strokes if m.path[-1][1] - m.path[0][1] > 0.5]
    outs = [m for m in strokes if m.path[-1][0] - m.path[0][0] > 0.1]
    assert ups and outs
    for m in ups:
        assert all(0.08 <= abs(x) <= 0.15 for x, _ in m.path)
        assert m.path[0][1] < 0.1 and m.path[-1][1] > 0.85  # from the waist toward the neck


def test_state_at_on_the_real_content_is_cheap_to_call(content) -> None:
    timeline = Timeline.for_technique(content.techniques["rubbing"])
    frames = [timeline.state_at(t) for t in np.linspace(0, timeline.duration, 600)]
    assert {f.caption for f in frames} >= {m.caption for m in content.techniques["rubbing"].movements}


# ---------------------------------------------------------------- sessions


@pytest.fixture(scope="module")
def library(content) -> TechniqueLibrary:
    return content.techniques


@pytest.mark.parametrize("first_session", [True, False])
def test_session_begins_and_ends_with_stroking(library, first_session) -> None:
    plan = library.session_plan(first_session)
    timeline = Timeline.for_session(plan, library)
    assert timeline.first_session is first_session
    assert timeline.phases[0].technique == STROKING == timeline.phases[-1].technique
    assert [p.technique for p in timeline.phases] == [p.technique for p in plan.phases]
    assert timeline.state_at(0).technique == STROKING
    assert timeline.state_at(timeline.duration).technique == STROKING


@pytest.mark.parametrize("first_session", [True, False])
def test_closing_stroking_is_more_intense(library, first_session) -> None:
    timeline = Timeline.for_session(library.session_plan(first_session), library)
    track = timeline.track(0)

    def mean_pressure(span) -> float:
        inside = (track.t >= span.start) & (track.t < span.end)
        return float(track.pressure[inside].mean())

    assert mean_pressure(timeline.phases[-1]) > mean_pressure(timeline.phases[0])


def test_opening_stroking_rises_in_intensity(library) -> None:
    timeline = Timeline.for_session(library.session_plan(True), library)
    opening = [s for s in timeline.segments if s.phase_index == 0 and s.working]
    peaks = [max(timeline.state_at(s.start + f * s.duration).hands[0].pressure
                 for f in np.linspace(0, 1, 21)) for s in opening]
    assert peaks[-1] > peaks[0]
    assert peaks == sorted(peaks)


def test_first_session_plan_is_fifteen_minutes_at_most(library) -> None:
    plan = library.session_plan(first_session=True)
    assert plan.first_session
    assert plan.total_minutes <= FIRST_SESSION_LIMIT_MIN
    timeline = Timeline.for_session(plan, library)
    assert [p.minutes for p in timeline.phases] == [p.minutes for p in plan.phases]


def test_session_phases_tile_the_timeline(library) -> None:
    timeline = Timeline.for_session(library.session_plan(False), library)
    spans = timeline.phases
    assert spans[0].start == 0.0 and spans[-1].end == pytest.approx(timeline.duration)
    for a, b in itertools.pairwise(spans):
        assert a.end == pytest.approx(b.start)
    for span in spans:
        mid = timeline.state_at((span.start + span.end) / 2)
        assert mid.phase_index == span.index and mid.technique == span.technique
    # A demonstration shows a cycle or two of each technique, not minutes of it.
    assert timeline.duration < 5 * 60


def test_transition_glides_name_the_next_technique(library) -> None:
    timeline = Timeline.for_session(library.session_plan(True), library)
    transitions = [s for s in timeline.segments if s.transition]
    assert len(transitions) == len(timeline.phases) - 1
    assert "rubbing" in transitions[0].caption
    assert all(not s.working for s in transitions)


def test_cycles_repeat_the_movements() -> None:
    tech = technique(UP, OUT)
    lib = TechniqueLibrary((tech,))
    once = Timeline.for_session(SessionPlan("a", "A", False, "", (
        SessionPhase(STROKING, 1.0, cycles=1),)), lib)
    twice = Timeline.for_session(SessionPlan("b", "B", False, "", (
        SessionPhase(STROKING, 1.0, cycles=2),)), lib)
    assert len(twice.movement_starts) == 2 * len(once.movement_starts)
    assert [twice.state_at(t).movement_index for t in twice.movement_starts] == [0, 1, 0, 1]
