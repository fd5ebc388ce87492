"""The drill's device controls, on a hand-moved clock: planned times, the first touch, the
contact lock, a click as a blow, the vibration control's tremor."""

import numpy as np
import pytest

from massage_trainer.core.device import STEADY_HZ, TAP_S, TREMOR_RADIUS, steady_times, tremor_offset
from massage_trainer.core.drill import Drill, DrillPhase, DrillSpec
from massage_trainer.core.rules import INCOMPLETE
from tests.clock import FakeClock


def drill_of(body, *phases: tuple[str, float]) -> tuple[Drill, FakeClock]:
    spec = DrillSpec("test", "Test", "", tuple(DrillPhase(t, s) for t, s in phases))
    clock = FakeClock()
    drill = Drill(spec, body, clock=clock)
    drill.start()
    return drill, clock


def contact_runs(contact) -> int:
    c = np.asarray(contact, dtype=np.int8)
    return int(np.sum(np.diff(np.concatenate(([0], c))) == 1))


def test_each_phase_records_its_planned_time_when_its_time_runs_out_or_n_skips(body):
    drill, clock = drill_of(body, ("stroking", 20.0), ("rubbing", 30.0), ("kneading", 25.0))
    drill.pointer_down(0.2, 0.2)
    clock.advance(20.5)
    drill.pointer_move(0.2, 0.4)
    drill.tick()  # stroking's time ran out
    assert drill.technique == "rubbing"
    drill.pointer_move(0.25, 0.4)
    clock.advance(3.0)
    drill.pointer_move(0.3, 0.4)
    drill.next_phase()  # skipped after 3 s of its 30
    drill.pointer_move(0.3, 0.5)
    recording, report = drill.finish()
    assert [(p.technique, p.planned_s) for p in recording.phases] == [
        ("stroking", 20.0), ("rubbing", 30.0), ("kneading", 25.0)]
    # The skipped phase is recorded as it was done: its span is 3 s of the 30 planned.
    rubbing = recording.phases[1]
    assert rubbing.t[-1] - rubbing.t[0] == pytest.approx(3.0, abs=0.6)
    assert (INCOMPLETE, 1) in {(v.rule, v.phase) for v in report.violations}  # and fails for it


def test_the_clock_waits_for_the_first_touch(body):
    drill, clock = drill_of(body, ("stroking", 20.0))
    drill.pointer_move(0.2, 0.3)  # the pointer in the air: no touch
    clock.advance(50.0)
    drill.tick()
    assert not drill.clock_started and drill.elapsed == 0.0 and drill.running
    assert drill.phase_remaining == 20.0 and drill.sample_count == 0
    drill.pointer_down(0.2, 0.3)
    clock.advance(5.0)
    drill.tick()
    assert drill.elapsed == pytest.approx(5.0) and drill.phase_remaining == pytest.approx(15.0)


@pytest.mark.parametrize("touch", ["lock", "vibrate"])
def test_the_lock_and_the_vibration_control_start_the_clock_too(body, touch):
    drill, clock = drill_of(body, ("vibration", 20.0))
    drill.pointer_move(0.2, 0.3)
    clock.advance(9.0)
    drill.toggle_lock() if touch == "lock" else drill.set_vibrate(True)
    assert drill.clock_started and drill.is_down
    clock.advance(1.0)
    drill.tick()
    assert drill.elapsed == pytest.approx(1.0)


def test_the_contact_lock_records_contact_as_a_held_button_does(body):
    def trace(lock: bool):
        drill, clock = drill_of(body, ("stroking", 20.0))
        drill.pointer_move(0.2, 0.2)
        drill.toggle_lock() if lock else drill.pointer_down(0.2, 0.2)
        for k in range(1, 31):
            clock.advance(0.05)
            drill.pointer_move(0.2, 0.2 + 0.02 * k)
        drill.toggle_lock() if lock else drill.pointer_up(0.2, 0.8)
        return drill.finish()[0].phases[0]

    locked, held = trace(True), trace(False)
    assert locked == held
    assert locked.contact.tolist() == [True] * 31 + [False]
    assert locked.pressure[0] == pytest.approx(0.5)


def test_a_click_in_percussion_is_one_short_blow_even_held_and_dragged(body):
    drill, clock = drill_of(body, ("percussion", 20.0))
    drill.pointer_down(0.2, 0.3)
    for k in range(1, 21):  # the button stays down and drags
        clock.advance(0.02)
        drill.pointer_move(0.2 + 0.01 * k, 0.3)
    drill.tick()
    drill.pointer_up(0.4, 0.3)
    phase = drill.finish()[0].phases[0]
    assert phase.contact.tolist()[:2] == [True, False] and not phase.contact[2:].any()
    assert phase.t[:2].tolist() == pytest.approx([0.0, TAP_S])
    assert phase.x[:2].tolist() == pytest.approx([0.2, 0.2])  # lifted where it landed
    assert phase.x[-1] == pytest.approx(0.4)  # then dragged in the air


def test_clicks_in_a_row_are_blows_lifted_between(body):
    drill, clock = drill_of(body, ("percussion", 20.0))
    for k in range(10):
        drill.pointer_move(0.15 + 0.01 * k, 0.3)
        drill.pointer_down(0.15 + 0.01 * k, 0.3)
        clock.advance(0.05)  # released before its lift is due: the blow still lasts TAP_S
        drill.pointer_up(0.15 + 0.01 * k, 0.3)
        clock.advance(0.2)
        drill.tick()
    phase = drill.finish()[0].phases[0]
    assert contact_runs(phase.contact) == 10
    onsets = phase.t[phase.contact]
    lifts = phase.t[1:][phase.contact[:-1] & ~phase.contact[1:]]
    assert (lifts - onsets).tolist() == pytest.approx([TAP_S] * 10)


def test_steady_times_and_the_tremor():
    assert steady_times(1.0, 1.05) == pytest.approx([1 + 1 / 60, 1 + 2 / 60, 1 + 3 / 60])
    assert steady_times(1.0, 1.01) == []
    t = np.linspace(0, 1, 601)
    dx, dy = np.array([tremor_offset(s) for s in t]).T
    assert np.max(np.hypot(dx, dy)) == pytest.approx(TREMOR_RADIUS)
    assert np.sum(np.diff(np.sign(dx)) != 0) == 16  # 8 Hz: x crosses the middle 16 times a second


def test_the_vibration_control_trembles_in_place_at_a_steady_rate_while_the_pointer_rests(body):
    drill, clock = drill_of(body, ("vibration", 20.0))
    drill.pointer_move(0.2, 0.4)
    drill.set_vibrate(True)
    for _ in range(20):  # the pointer rests; only the timer ticks
        clock.advance(0.1)
        drill.tick()
    drill.set_vibrate(False)
    phase = drill.finish()[0].phases[0]
    held = phase.contact
    assert held.sum() == pytest.approx(2.0 * STEADY_HZ + 1, abs=1) and not held[-1]
    assert np.diff(phase.t[held]) == pytest.approx(np.full(held.sum() - 1, 1 / STEADY_HZ))
    assert np.abs(phase.x[held] - 0.2).max() == pytest.approx(TREMOR_RADIUS, abs=1e-3)
    assert np.abs(phase.y[held] - 0.4).max() == pytest.approx(TREMOR_RADIUS, abs=1e-3)


def test_a_held_button_trembles_in_a_vibration_phase_and_only_there(body):
    drill, clock = drill_of(body, ("vibration", 20.0), ("stroking", 20.0))
    drill.pointer_down(0.2, 0.4)
    clock.advance(1.0)
    drill.tick()
    drill.pointer_up(0.2, 0.4)
    vibration = drill.sample_count
    assert vibration >= STEADY_HZ
    drill.next_phase()
    drill.pointer_down(0.2, 0.4)
    clock.advance(1.0)
    drill.tick()  # no tremor in stroking: a resting pointer records nothing
    assert drill.sample_count == vibration + 1  # the touch alone


def test_the_lock_is_let_go_where_percussion_begins(body):
    drill, clock = drill_of(body, ("stroking", 20.0), ("percussion", 20.0))
    drill.pointer_move(0.2, 0.2)
    drill.toggle_lock()
    clock.advance(1.0)
    drill.pointer_move(0.2, 0.5)
    drill.next_phase()
    assert not drill.hand.lock and not drill.is_down
    clock.advance(1.0)
    drill.pointer_move(0.25, 0.6)  # in the air: nothing recorded in percussion
    drill.toggle_lock()  # C strikes one blow there
    clock.advance(1.0)
    drill.tick()
    recording, _ = drill.finish()
    assert recording.phases[0].contact.all()
    assert recording.phases[1].contact.tolist() == [True, False]
