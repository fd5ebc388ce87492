"""Each technique's drill done with a mouse as its instructions say, on a hand-moved clock:
the contact lock, a click as a blow, the vibration control, the clock waiting for the first touch."""

import pytest
from PySide6.QtCore import Qt

from massage_trainer.core.device import STEADY_HZ, TAP_S
from massage_trainer.core.instructions import instructions
from tests.practice_helpers import (
    at,
    kneading_as_taught,
    move,
    open_practice,
    percussion_as_taught,
    press,
    release,
    rubbing_as_taught,
    run_out,
    start_short,
    stroking_as_taught,
    vibration_as_taught,
    wait,
)

AS_TAUGHT = {
    "stroking": stroking_as_taught,
    "rubbing": rubbing_as_taught,
    "kneading": kneading_as_taught,
    "percussion": percussion_as_taught,
    "vibration": vibration_as_taught,
}


@pytest.fixture
def practice(window, qtbot):
    return open_practice(window, qtbot)


@pytest.mark.parametrize("technique", list(AS_TAUGHT))
def test_each_drill_done_as_its_instructions_say_passes(practice, qtbot, technique):
    start_short(practice, qtbot, technique)
    how = practice.drill_page.how_text.text()
    assert instructions(technique).device in how
    AS_TAUGHT[technique](practice, qtbot)
    run_out(practice)
    report, recording = practice.results.last_report, practice.results.last_recording
    assert [v.rule for v in report.violations] == [] and report.passed
    assert recording.phases[0].planned_s == 20.0


def test_the_clock_does_not_run_before_the_first_touch(practice, qtbot):
    start_short(practice, qtbot, "stroking")
    page = practice.drill_page
    assert "The clock starts when you touch the back" in page.clock_label.text()
    move(practice, qtbot, (0.2, 0.3), 1.0)  # the pointer in the air
    wait(practice, 60.0)  # reading the instructions a minute
    assert practice.drill.running and practice.drill.elapsed == 0.0
    assert page.clock_label.text().startswith("0:20")
    press(practice, qtbot, (0.2, 0.3))
    assert "touch the back" not in page.clock_label.text()
    wait(practice, 5.0)
    assert practice.drill.elapsed == pytest.approx(5.0)
    release(practice, qtbot, (0.2, 0.3))
    run_out(practice)
    assert practice.results.last_recording.phases[0].t[0] == 0.0  # t starts at the touch


def test_the_contact_lock_records_contact_as_a_held_button_does(practice, qtbot):
    start_short(practice, qtbot, "stroking")
    page = practice.drill_page
    move(practice, qtbot, (0.2, 0.2), 0.2)
    assert "○" in page.hand_label.text() and "lifted" in page.hand_label.text()
    qtbot.keyClick(practice.diagram, Qt.Key.Key_C)
    assert "●" in page.hand_label.text() and "contact lock on" in page.hand_label.text()
    move(practice, qtbot, (0.2, 0.8), 1.5)  # no button: the lock holds the hand down
    qtbot.keyClick(practice.diagram, Qt.Key.Key_C)
    assert "lifted" in page.hand_label.text()
    locked = practice.drill.snapshot().build().phases[0]
    assert locked.contact.tolist() == [True] * (len(locked) - 1) + [False]
    assert locked.y[-2] == pytest.approx(0.8, abs=0.01) and locked.pressure[1] == pytest.approx(0.5)
    assert practice.ink.segment_count == len(locked) - 2  # drawn like a held button's stroke


def test_a_click_in_percussion_is_a_blow_inked_as_it_lands(practice, qtbot):
    start_short(practice, qtbot, "percussion")
    diagram = practice.diagram
    qtbot.mouseClick(diagram, Qt.MouseButton.LeftButton, pos=at(diagram, 0.3, 0.6))
    assert practice.ink.tap_count == 1  # the mark is there before any timer tick
    press(practice, qtbot, (0.3, 0.7))
    move(practice, qtbot, (0.35, 0.8), 1.0)  # held and dragged: no contact drawn
    release(practice, qtbot, (0.35, 0.8))
    assert practice.ink.tap_count == 2 and practice.ink.segment_count == 0
    phase = practice.drill.snapshot().build().phases[0]
    onsets = [i for i in range(len(phase)) if phase.contact[i] and (i == 0 or not phase.contact[i - 1])]
    assert len(onsets) == 2 and phase.contact.sum() == 2  # two blows, each one sample in contact
    assert phase.t[onsets[1] + 1] - phase.t[onsets[1]] == pytest.approx(TAP_S)
    assert phase.x[-1] == pytest.approx(0.35, abs=0.01)  # the drag is kept, in the air


def test_v_trembles_in_place_at_a_steady_rate_and_lifts_when_released(practice, qtbot):
    start_short(practice, qtbot, "vibration")
    page = practice.drill_page
    move(practice, qtbot, (0.3, 0.6), 0.2)
    qtbot.keyPress(practice.diagram, Qt.Key.Key_V)
    assert "trembling" in page.hand_label.text()
    wait(practice, 1.0, rate=10)  # the pointer rests
    qtbot.keyRelease(practice.diagram, Qt.Key.Key_V)
    assert "lifted" in page.hand_label.text()
    phase = practice.drill.snapshot().build().phases[0]
    held = phase.contact
    assert held.sum() == pytest.approx(STEADY_HZ, abs=2) and not held[-1]
    assert abs(phase.x[held] - 0.3).max() > 0.005  # it trembles, though the pointer rests
    assert practice.ink.segment_count >= STEADY_HZ - 2  # and the ink shows it


def test_f1_shows_every_drill_key_and_p_pauses_and_resumes(practice, qtbot):
    from massage_trainer.ui.practice.keys import DRILL_KEYS, key_label

    start_short(practice, qtbot, "stroking")
    page = practice.drill_page
    assert not page.help_card.isVisible()
    qtbot.keyClick(practice.diagram, Qt.Key.Key_F1)
    assert page.help_card.isVisible()
    shown = "\n".join(label.text() for label in page.help_card.findChildren(type(page.how_text)))
    for row in DRILL_KEYS:
        assert f"{key_label(row)}: {row.words}" in shown
    press(practice, qtbot, (0.2, 0.3))
    qtbot.keyClick(practice.diagram, Qt.Key.Key_P)
    assert practice.drill.paused and page.resume_button.isVisible()
    qtbot.keyClick(practice.diagram, Qt.Key.Key_P)
    assert practice.drill.running


def rules_broken(practice) -> set[str]:
    return {v.rule for v in practice.results.last_report.violations}


def test_one_short_stroke_fails_incomplete(practice, qtbot):
    start_short(practice, qtbot, "stroking")
    press(practice, qtbot, (0.15, 0.15))
    move(practice, qtbot, (0.15, 0.6), 2.0)
    release(practice, qtbot, (0.15, 0.6))
    run_out(practice)
    assert "incomplete" in rules_broken(practice) and not practice.results.last_report.passed


def test_strokes_on_one_side_only_fail_coverage(practice, qtbot):
    start_short(practice, qtbot, "stroking")
    stroking_as_taught(practice, qtbot, xs=(0.1, 0.18, 0.26, 0.14, 0.22, 0.1), sides=(1,))
    run_out(practice)
    broken = rules_broken(practice)
    assert "coverage" in broken and "incomplete" not in broken


def test_straight_strokes_for_kneading_fail_form(practice, qtbot):
    start_short(practice, qtbot, "kneading")
    kneading_as_taught(practice, qtbot, straight=True)
    run_out(practice)
    broken = rules_broken(practice)
    assert "form" in broken and "incomplete" not in broken


def test_percussion_with_the_button_held_and_dragged_fails_form(practice, qtbot):
    start_short(practice, qtbot, "percussion")
    press(practice, qtbot, (0.25, 0.5))
    for _ in range(3):  # both sides, the button held all along
        move(practice, qtbot, (0.3, 0.85), 2.5)
        move(practice, qtbot, (-0.3, 0.85), 1.0)
        move(practice, qtbot, (-0.25, 0.5), 2.5)
    release(practice, qtbot, (-0.25, 0.5))
    assert practice.ink.tap_count == 1  # one blow where it was pressed, nothing drawn by the drag
    run_out(practice)
    assert "form" in rules_broken(practice)


def test_progress_shows_each_target_met_or_not_yet(practice, qtbot):
    start_short(practice, qtbot, "stroking")
    rows = practice.drill_page.progress_rows
    assert all(row.text().startswith("○ not yet") for row in rows)
    assert "Time:" in rows[0].text() and "Sides:" in rows[1].text() and "Form:" in rows[2].text()
    stroking_as_taught(practice, qtbot)
    texts = [row.text() for row in rows]
    assert all(text.startswith("✓ met") for text in texts), texts


def pen_event(practice, kind, x, y, pressure, buttons=Qt.MouseButton.LeftButton):
    from PySide6.QtCore import QPointF
    from PySide6.QtGui import QInputDevice, QPointingDevice, QTabletEvent
    from PySide6.QtWidgets import QApplication

    pen = QPointingDevice("test pen", 7, QInputDevice.DeviceType.Stylus, QPointingDevice.PointerType.Pen,
                          QInputDevice.Capability.Position | QInputDevice.Capability.Pressure, 1, 2)
    diagram = practice.diagram
    pos = diagram.to_widget(x, y)
    kinds = {"press": QTabletEvent.Type.TabletPress, "move": QTabletEvent.Type.TabletMove,
             "release": QTabletEvent.Type.TabletRelease}
    event = QTabletEvent(kinds[kind], pen, pos, QPointF(diagram.mapToGlobal(pos)), pressure, 0.0, 0.0, 0.0,
                         0.0, 0.0, Qt.KeyboardModifier.NoModifier, buttons, buttons)
    QApplication.sendEvent(diagram, event)


def test_a_pen_tap_is_a_blow(practice, qtbot):
    start_short(practice, qtbot, "percussion")
    pen_event(practice, "press", 0.3, 0.6, 0.7)
    for k in range(1, 6):  # the pen stays down a while and slides: still one short blow
        practice.clock.now += 0.1
        pen_event(practice, "move", 0.3 + 0.01 * k, 0.6, 0.7)
        practice.refresh()
    pen_event(practice, "release", 0.35, 0.6, 0.0)
    phase = practice.drill.snapshot().build().phases[0]
    assert phase.contact.sum() == 1 and phase.pressure[0] == pytest.approx(0.7)
    assert practice.ink.tap_count == 1


def test_a_pen_held_in_vibration_trembles(practice, qtbot):
    start_short(practice, qtbot, "vibration")
    pen_event(practice, "press", 0.3, 0.6, 0.6)
    wait(practice, 1.0)  # the pen rests on the skin
    pen_event(practice, "release", 0.3, 0.6, 0.0)
    phase = practice.drill.snapshot().build().phases[0]
    assert phase.contact.sum() == pytest.approx(STEADY_HZ, abs=2)
    assert abs(phase.x[phase.contact] - 0.3).max() > 0.005


def test_a_hovering_pen_places_the_contact_lock(practice, qtbot):
    start_short(practice, qtbot, "stroking")
    pen_event(practice, "move", 0.22, 0.4, 0.0, buttons=Qt.MouseButton.NoButton)  # in the air
    qtbot.keyClick(practice.diagram, Qt.Key.Key_C)
    phase = practice.drill.snapshot().build().phases[0]
    assert phase.contact.tolist() == [True]
    assert (phase.x[0], phase.y[0]) == pytest.approx((0.22, 0.4), abs=0.005)


def test_progress_is_measured_off_the_gui_thread(window, qtbot):
    practice = open_practice(window, qtbot, synchronous=False)
    start_short(practice, qtbot, "stroking")
    rows = practice.drill_page.progress_rows
    stroking_as_taught(practice, qtbot, xs=(0.1,))  # one stroke on each side
    practice.clock.now += 1.0
    practice.refresh()  # a measure is due: it runs on the worker, and its rows come back
    qtbot.waitUntil(lambda: "left 0 s" not in rows[1].text() and "Sides: left" in rows[1].text())
    assert rows[1].text().startswith("✓ met")  # both sides worked
    assert rows[0].text().startswith("○ not yet")  # 6 s of the 20 s planned
