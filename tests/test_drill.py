"""The drill model, driven by a hand-moved clock: plans, phases, pointer, pressure, grading."""

import itertools

import numpy as np
import pytest

from massage_trainer.core.drill import (
    FIRST_SESSION_DRILL,
    SESSION_DRILL,
    Drill,
    DrillPhase,
    DrillSpec,
    DrillState,
    NothingRecorded,
    drill_specs,
    format_clock,
    format_seconds,
    headline,
    technique_drill_id,
)
from massage_trainer.core.grading import CONTACT, DIRECTION, SPINE, grade
from massage_trainer.core.rules import DOING_RULES
from massage_trainer.core.technique_ids import TECHNIQUE_IDS
from tests.clock import FakeClock
from tests.tracer import safety


@pytest.fixture(scope="module")
def specs(content):
    return {s.id: s for s in drill_specs(content.techniques)}


def stroke(drill, clock, points, pressure=None, rate=60.0, speed=0.3):
    """Press at the first point, move through the rest at `speed` back lengths a second."""
    found = drill.pointer_down(*points[0], pressure)
    for (x0, y0), (x1, y1) in itertools.pairwise(points):
        n = max(1, round(np.hypot(x1 - x0, y1 - y0) / speed * rate))
        for k in range(1, n + 1):
            clock.advance(1 / rate)
            f = k / n
            found += drill.pointer_move(x0 + (x1 - x0) * f, y0 + (y1 - y0) * f, pressure)
    return found


def running(spec, body, clock):
    drill = Drill(spec, body, clock=clock)
    drill.start()
    return drill


# --- the plans ------------------------------------------------------------------------


def test_a_drill_for_every_technique_and_the_sessions(specs, content):
    ids = list(specs)
    assert ids[:5] == [technique_drill_id(t) for t in TECHNIQUE_IDS]
    assert ids[5:] == [SESSION_DRILL, FIRST_SESSION_DRILL]
    stroking = specs["technique:stroking"]
    assert stroking.techniques == ("stroking",) and "effleurage" in stroking.title


def test_session_drills_follow_the_plans_order(specs, content):
    lib = content.techniques
    for drill_id, first in ((SESSION_DRILL, False), (FIRST_SESSION_DRILL, True)):
        spec = specs[drill_id]
        plan = lib.session_plan(first_session=first)
        assert spec.techniques == tuple(p.technique for p in plan.phases)
        assert spec.techniques[0] == spec.techniques[-1] == "stroking"
        assert spec.first_session is first
    session = specs[SESSION_DRILL]
    real = lib.session_plan(first_session=False)
    assert session.total_seconds < real.total_minutes * 60  # a practice pace
    assert all(p.real_minutes is not None for p in session.phases)


def test_first_session_is_capped_at_15_minutes(specs):
    first = specs[FIRST_SESSION_DRILL]
    assert first.time_limit_s == 900.0
    assert first.total_seconds <= 900.0
    with pytest.raises(ValueError, match="time limit"):
        DrillSpec("x", "x", "", (DrillPhase("stroking", 600), DrillPhase("stroking", 600)),
                  first_session=True, time_limit_s=900.0)


def test_formatting():
    assert format_seconds(180) == "3 min"
    assert format_seconds(90) == "1 min 30 s"
    assert format_seconds(45) == "45 s"
    assert format_clock(61.2) == "1:02"
    assert format_clock(0) == "0:00"


# --- the clock and the phases -----------------------------------------------------------


def test_phases_advance_on_their_planned_time(specs, body):
    clock = FakeClock()
    spec = specs[SESSION_DRILL]
    drill = running(spec, body, clock)
    clock.advance(30)  # reading the instructions: the clock waits for the first touch
    drill.tick()
    assert drill.elapsed == 0 and not drill.clock_started
    drill.pointer_down(0.2, 0.3)
    assert drill.clock_started
    first, second = spec.phases[0], spec.phases[1]
    assert drill.cue.startswith(f"Now: stroking — {format_seconds(first.seconds)}")
    assert "in a real session" in drill.cue
    assert drill.remaining == pytest.approx(spec.total_seconds)
    clock.advance(first.seconds - 0.05)
    drill.tick()
    assert drill.phase_index == 0
    clock.advance(0.1)
    drill.tick()
    assert drill.phase_index == 1 and drill.technique == second.technique
    assert drill.cue.startswith(f"Now: {second.label} — ")
    assert drill.phase_elapsed == pytest.approx(0.05)
    assert drill.remaining == pytest.approx(spec.total_seconds - first.seconds - 0.05)


def test_next_phase_by_key_and_the_end(specs, body):
    clock = FakeClock()
    spec = specs[SESSION_DRILL]
    drill = running(spec, body, clock)
    clock.advance(5)
    drill.next_phase()
    assert drill.phase_index == 1
    # The skipped time does not come out of the next phase.
    assert drill.phase_remaining == pytest.approx(spec.phases[1].seconds)
    for _ in range(len(spec.phases) - 2):
        drill.next_phase()
    assert drill.phase_index == len(spec.phases) - 1 and drill.next_technique is None
    drill.next_phase()
    assert drill.state == DrillState.ENDED
    assert drill.pointer_down(0.15, 0.3) == [] and drill.sample_count == 0


def test_time_up_ends_the_drill_and_stops_recording(specs, body):
    clock = FakeClock()
    drill = running(specs["technique:stroking"], body, clock)
    stroke(drill, clock, [(0.15, 0.1), (0.15, 0.5)])
    clock.advance(60)
    drill.tick()
    assert drill.state == DrillState.ENDED and drill.remaining == 0
    count = drill.sample_count
    assert drill.pointer_move(0.15, 0.6) == []
    assert drill.sample_count == count
    elapsed = drill.elapsed
    clock.advance(30)
    assert drill.elapsed == elapsed  # the clock stops at the end


# --- the pointer and live checking --------------------------------------------------------


def test_working_stroke_over_the_spine_is_flagged_at_once(specs, body):
    clock = FakeClock()
    drill = running(specs["technique:stroking"], body, clock)
    found = stroke(drill, clock, [(-0.2, 0.6), (0.2, 0.6)])  # mouse: the control's 0.5
    rules = [v.rule for v in found]
    assert SPINE in rules and DIRECTION in rules  # across the spine, inward on the left
    spine = next(v for v in found if v.rule == SPINE)
    assert abs(spine.x) <= 0.08 and spine.y == pytest.approx(0.6)
    text = headline(spine)
    assert text.endswith("(rule 6)") and "spine at about T" in text
    assert rules.count(SPINE) == 1  # one episode, reported once


def test_spine_is_flagged_the_moment_it_is_reached(specs, body):
    clock = FakeClock()
    drill = running(specs["technique:stroking"], body, clock)
    drill.pointer_down(0.15, 0.5)
    for x in np.linspace(0.15, 0.0, 30):
        clock.advance(1 / 60)
        new = drill.pointer_move(float(x), 0.5)
        if any(v.rule == SPINE for v in new):
            break
    else:
        pytest.fail("crossing onto the spine raised nothing")
    assert SPINE in drill.active_rules


def test_a_clean_stroke_up_the_side_breaks_nothing(specs, body):
    clock = FakeClock()
    drill = running(specs["technique:stroking"], body, clock)
    drill.set_pressure(0.6)
    found = stroke(drill, clock, [(0.15, 0.1), (0.15, 0.9)])
    assert found == [] and drill.active_rules == frozenset()
    recording, report = drill.finish()
    # One stroke is safe, though not yet the technique done (revision 2's rules).
    assert safety(report.violations) == []
    assert recording.phases[0].pressure.max() == pytest.approx(0.6)


def test_light_glide_back_down_and_across_is_fine(specs, body):
    clock = FakeClock()
    drill = running(specs["technique:stroking"], body, clock)
    found = stroke(drill, clock, [(0.15, 0.1), (0.15, 0.9)])
    drill.set_glide(True)  # the button stays down: back down, then across the spine, lightly
    path = [(0.15, float(y)) for y in np.linspace(0.9, 0.1, 120)]
    path += [(float(x), 0.1) for x in np.linspace(0.15, -0.15, 60)]
    for x, y in path:
        clock.advance(1 / 60)
        found += drill.pointer_move(x, y)
    assert drill.last_pressure == pytest.approx(0.2)
    assert found == []
    _, report = drill.finish()
    assert safety(report.violations) == []


def test_lifting_mid_stroking_breaks_rule_3(specs, body):
    clock = FakeClock()
    drill = running(specs["technique:stroking"], body, clock)
    stroke(drill, clock, [(0.15, 0.1), (0.15, 0.8)])
    assert drill.pointer_up(0.15, 0.8) == []  # not known to be mid-phase yet
    clock.advance(0.5)
    found = drill.pointer_down(0.15, 0.1)
    assert [v.rule for v in found] == [CONTACT]
    assert found[0].y == pytest.approx(0.8)  # reported where the hand lifted
    assert headline(found[0]).endswith("(rule 3)")
    recording, report = drill.finish()
    contact = recording.phases[0].contact
    assert not contact.all()
    assert safety(report.violations) == [CONTACT]


def test_percussion_may_lift(specs, body):
    clock = FakeClock()
    drill = running(specs["technique:percussion"], body, clock)
    drill.set_pressure(0.3)
    found = []
    for i in range(10):
        found += drill.pointer_down(0.2, 0.5 + 0.02 * i)
        clock.advance(0.08)
        found += drill.pointer_up(0.2, 0.5 + 0.02 * i)
        clock.advance(0.12)
    assert found == []


def test_pressure_control(specs, body):
    drill = running(specs["technique:stroking"], body, FakeClock())
    assert drill.pressure == 0.5
    assert drill.nudge(1) == 0.6 and drill.nudge(-3) == pytest.approx(0.3)
    assert drill.set_pressure(7) == 1.0 and drill.set_pressure(0) == 0.05
    assert drill.set_pressure(float("nan")) == 0.05
    drill.set_pressure(0.7)
    drill.set_glide(True)
    assert drill.mouse_pressure == 0.2
    drill.set_glide(False)
    drill.pointer_down(0.15, 0.2)
    assert drill.last_pressure == 0.7
    drill.pointer_move(0.15, 0.25, 0.35)  # a pen gives its own pressure
    assert drill.last_pressure == 0.35


def test_samples_are_timed_by_the_injected_clock(specs, body):
    clock = FakeClock(start=50.0)
    drill = running(specs["technique:stroking"], body, clock)
    clock.advance(2.0)
    drill.pointer_down(0.15, 0.2)
    clock.advance(0.25)
    drill.pointer_move(0.15, 0.3)
    recording, _ = drill.finish()
    # t is 0 at the first touch, not at start().
    assert recording.phases[0].t.tolist() == pytest.approx([0.0, 0.25])


def test_finish_grades_with_grade(specs, body):
    clock = FakeClock()
    drill = running(specs[SESSION_DRILL], body, clock)
    stroke(drill, clock, [(0.15, 0.1), (0.15, 0.9)], pressure=0.4)
    drill.next_phase()
    stroke(drill, clock, [(0.2, 0.2), (0.2, 0.4)])
    recording, report = drill.finish()
    assert [p.technique for p in recording.phases] == ["stroking", "rubbing"]
    assert report == grade(recording, body)
    assert drill.state == DrillState.FINISHED
    assert drill.finish() == (recording, report)


def test_skipped_phases_keep_live_phase_numbers_in_step(specs, body):
    clock = FakeClock()
    drill = running(specs[SESSION_DRILL], body, clock)
    drill.next_phase()  # nothing traced in the opening stroking
    found = stroke(drill, clock, [(-0.2, 0.6), (0.2, 0.6)])
    recording, report = drill.finish()
    assert recording.phases[0].technique == "rubbing"
    assert {v.phase for v in found} == {0}
    assert {v.phase for v in report.violations if v.rule == SPINE} == {0}


def test_nothing_traced(specs, body):
    clock = FakeClock()
    drill = running(specs["technique:stroking"], body, clock)
    clock.advance(3)
    with pytest.raises(NothingRecorded):
        drill.finish()
    assert drill.state == DrillState.CANCELLED
    fresh = Drill(specs["technique:stroking"], body, clock=clock)
    with pytest.raises(NothingRecorded):
        fresh.finish()


def test_cancel_keeps_nothing(specs, body):
    clock = FakeClock()
    drill = running(specs["technique:stroking"], body, clock)
    stroke(drill, clock, [(0.15, 0.1), (0.15, 0.5)])
    drill.cancel()
    assert drill.state == DrillState.CANCELLED
    assert drill.pointer_move(0.15, 0.6) == []
    with pytest.raises(NothingRecorded):
        drill.finish()


def test_first_session_recording_stays_within_the_limit(specs, body):
    clock = FakeClock()
    spec = specs[FIRST_SESSION_DRILL]
    drill = running(spec, body, clock)
    drill.pointer_down(0.15, 0.2, 0.2)
    for _ in range(int(spec.total_seconds) + 120):
        clock.advance(1.0)
        drill.pointer_move(0.15, 0.2, 0.2)
        drill.tick()
    assert drill.state == DrillState.ENDED
    recording, report = drill.finish()
    assert recording.first_session and recording.duration <= 900.0
    assert "duration" not in {v.rule for v in report.violations}


def test_live_and_grade_agree_on_a_drawn_drill(specs, body):
    """The rules flagged live are the per-sample rules grade() finds in the recording."""
    clock = FakeClock()
    drill = running(specs["technique:stroking"], body, clock)
    live = stroke(drill, clock, [(0.2, 0.1), (0.2, 0.8), (-0.2, 0.8), (-0.2, 0.1), (0.0, 0.3)])
    live += drill.pointer_up(0.0, 0.3)
    live += drill.pointer_down(0.1, 0.2)
    _recording, report = drill.finish()
    # The rules of a whole phase (revision 2) are the progress panel's to show live, not alerts.
    assert sorted((v.rule, v.phase) for v in live) == sorted(
        (v.rule, v.phase) for v in report.violations if v.rule not in DOING_RULES)
    assert "incomplete" in {v.rule for v in report.violations}  # a few seconds of a minute's plan


def test_a_pause_is_left_out_of_the_recordings_time(specs, body):
    clock = FakeClock()
    drill = running(specs["technique:stroking"], body, clock)
    stroke(drill, clock, [(0.15, 0.1), (0.15, 0.4)], speed=0.3)  # 1 s of work
    before = drill.elapsed
    assert drill.pause()
    assert drill.paused and not drill.is_down  # the hand lifts where it is
    clock.advance(600)  # ten minutes away: the clock stands still
    assert drill.elapsed == pytest.approx(before)
    assert drill.tick() == [] and drill.phase_index == 0
    assert drill.pointer_down(0.15, 0.5) == []  # nothing is recorded while paused
    assert drill.resume()
    clock.advance(0.5)
    assert drill.elapsed == pytest.approx(before + 0.5)
    stroke(drill, clock, [(0.15, 0.5), (0.15, 0.8)])
    recording, _ = drill.finish()
    t = recording.samples.t
    assert np.diff(t).max() < 1.0  # no ten-minute gap
    assert recording.duration == pytest.approx(before + 0.5 + 1.0, abs=0.05)
    lift = int(np.flatnonzero(t <= before + 1e-9)[-1])
    assert not recording.samples.contact[lift]  # the hand was lifted at the pause


def test_pause_and_resume_only_from_their_states(specs, body):
    clock = FakeClock()
    drill = Drill(specs["technique:stroking"], body, clock=clock)
    assert not drill.pause() and not drill.resume()
    drill.start()
    assert not drill.resume()
    assert drill.pause() and not drill.pause()
    clock.advance(specs["technique:stroking"].total_seconds + 5)
    assert drill.tick() == [] and drill.paused  # a paused drill's time never runs out
    drill.cancel()
    assert drill.state == DrillState.CANCELLED and not drill.resume()


def test_a_saved_drill_resumes_as_it_was(specs, body):
    from massage_trainer.core.unfinished import resume_drill

    clock = FakeClock()
    spec = specs["session"]
    drill = running(spec, body, clock)
    stroke(drill, clock, [(0.15, 0.1), (0.15, 0.5)])
    drill.pointer_up(0.15, 0.5)
    stroke(drill, clock, [(-0.15, 0.1), (0.15, 0.6)])  # over the spine, after a lift
    drill.next_phase()
    clock.advance(0.5)
    stroke(drill, clock, [(0.2, 0.3), (0.3, 0.3)])
    saved = drill.snapshot()
    assert saved is not None
    recording = saved.build()
    later = FakeClock(5000.0)
    back = resume_drill(spec, body, recording, drill.phase_index, drill.elapsed, later)
    assert back.paused and back.phase_index == drill.phase_index
    assert back.elapsed == pytest.approx(drill.elapsed)
    assert [v.rule for v in back.violations] == [v.rule for v in drill.violations]
    assert back.resume()
    later.advance(1.0)
    assert back.elapsed == pytest.approx(drill.elapsed + 1.0)
    mine, _ = back.finish()
    theirs = recording
    assert [p.technique for p in mine.phases] == [p.technique for p in theirs.phases]
    assert np.array_equal(mine.phases[0].t, theirs.phases[0].t)
    assert np.array_equal(mine.phases[0].contact, theirs.phases[0].contact)


def test_a_saved_drill_keeps_its_times_whenever_its_first_touch_was(specs, body):
    from massage_trainer.core.samples import RecordingBuilder
    from massage_trainer.core.unfinished import resume_drill

    spec = specs["technique:stroking"]
    saved = RecordingBuilder("stroking", False, 60.0)
    for k in range(20):  # first touched 2 s in, as an older autosave may be
        saved.add(2.0 + 0.05 * k, 0.15, 0.1 + 0.02 * k, True, 0.5)
    recording = saved.build()
    back = resume_drill(spec, body, recording, 0, 3.5, FakeClock(9000.0))
    assert back.paused and back.elapsed == pytest.approx(3.5)
    snapshot = back.snapshot()
    assert snapshot is not None
    mine = snapshot.build().phases[0]
    assert np.array_equal(mine.t[:-1], recording.phases[0].t)
    assert mine.t[-1] == pytest.approx(3.5) and not mine.contact[-1]  # paused: the hand lifted


def test_a_pointer_dragged_far_off_the_diagram_still_makes_a_recording_that_saves(specs, body, tmp_path):
    from massage_trainer.core.recording import MAX_ABS_XY, load_recording, save_recording

    clock = FakeClock()
    drill = running(specs["technique:stroking"], body, clock)
    stroke(drill, clock, [(0.15, 0.1), (0.15, 0.9)])
    clock.advance(0.1)
    drill.pointer_move(-40.0, 25.0)  # a small window on a big screen: far off the back
    recording, _ = drill.finish()
    assert recording.phases[0].x.min() == -MAX_ABS_XY and recording.phases[0].y.max() == MAX_ABS_XY
    path = tmp_path / "far.json"
    save_recording(recording, path)
    assert load_recording(path) == recording
