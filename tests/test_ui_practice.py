"""The Practice screen, driven through real widgets with a hand-moved clock."""

import json
import subprocess
import sys

import pytest
from PySide6.QtCore import QPointF, Qt
from PySide6.QtGui import QColor, QInputDevice, QPointingDevice, QTabletEvent
from PySide6.QtWidgets import QApplication, QMessageBox

from massage_trainer.cli import main as cli_main
from massage_trainer.core.drill import DrillState
from massage_trainer.core.grading import SPINE, grade
from massage_trainer.core.recording import load_recording
from massage_trainer.ui.diagram.ink import EARLIER_OPACITY, Ink
from tests.practice_helpers import (
    answer,
    at,
    blend,
    colour_near,
    dialog_named,
    distance_near,
    drag,
    finish,
    message_named,
    open_practice,
    start,
    turn_wheel,
)


@pytest.fixture
def practice(window, qtbot):
    """The Practice screen on show, its clock in the test's hand, its background work done at once."""
    return open_practice(window, qtbot)


def test_practice_is_on_the_rail(window):
    assert "practice" in window.rail.buttons
    assert window.screens["practice"].title == "Practice"


def test_a_stroke_over_the_spine_turns_the_ink_and_names_it(practice, qtbot):
    start(practice, qtbot)
    drag(practice, qtbot, [(0.2, 0.6), (-0.2, 0.6)], steps=40, seconds=1.6)
    title = practice.drill_page.feedback_title.text()
    assert "spine at about T" in title and "(rule 6)" in title
    assert "Never work on the spine" in practice.drill_page.feedback_text.text()
    assert practice.drill_page.feedback_card.alert
    inks = {run.ink for run in practice.ink.runs}
    assert Ink.BROKEN in inks and Ink.WORKING in inks
    assert "6" in [m.number for m in practice.ink.markers]
    assert SPINE in {v.rule for v in practice.drill.violations}
    # The warning stays up a while, then clears, never faster than 3 Hz.
    practice.refresh()
    assert practice.drill_page.feedback_card.alert
    practice.clock.now += 3.5
    practice.refresh()
    assert not practice.drill_page.feedback_card.alert


def test_a_clean_stroke_up_the_side(practice, qtbot):
    start(practice, qtbot)
    drag(practice, qtbot, [(0.16, 0.1), (0.16, 0.9)], steps=60, seconds=2.5)
    assert practice.drill.violations == []
    assert {run.ink for run in practice.ink.runs} == {Ink.WORKING}
    assert practice.ink.markers == []
    assert not practice.drill_page.feedback_card.alert
    assert practice.drill_page.feedback_title.text() == "Trace on the back"


def test_pressure_keys_wheel_and_glide(practice, qtbot):
    start(practice, qtbot)
    diagram, drill = practice.diagram, practice.drill
    qtbot.keyClick(diagram, Qt.Key.Key_Up)
    assert drill.pressure == pytest.approx(0.6)
    qtbot.keyClick(diagram, Qt.Key.Key_Down)
    qtbot.keyClick(diagram, Qt.Key.Key_Down)
    assert drill.pressure == pytest.approx(0.4)
    qtbot.keyClick(diagram, Qt.Key.Key_2)
    assert drill.pressure == pytest.approx(0.2)
    assert "light glide" in practice.drill_page.gauge.text()
    turn_wheel(diagram, 240)  # two notches
    assert drill.pressure == pytest.approx(0.4)
    assert "0.40 — working" in practice.drill_page.gauge.text()
    for _ in range(8):  # a touchpad: eight small deltas make one notch
        turn_wheel(diagram, 15)
    assert drill.pressure == pytest.approx(0.5)
    turn_wheel(diagram, -180)  # a notch and a half down, then the other half
    assert drill.pressure == pytest.approx(0.4)
    turn_wheel(diagram, -60)
    assert drill.pressure == pytest.approx(0.3)
    turn_wheel(diagram, 240)
    # G toggles the glide: a light pass down the back, then across the spine, breaks nothing.
    qtbot.keyClick(diagram, Qt.Key.Key_G)
    assert practice.drill_page.glide_button.isChecked()
    drag(practice, qtbot, [(0.16, 0.9), (0.16, 0.2), (-0.16, 0.2)], steps=30, seconds=1.5)
    assert drill.violations == []
    assert {run.ink for run in practice.ink.runs} == {Ink.GLIDE}
    assert drill.last_pressure == pytest.approx(0.2)


def test_tablet_pen_gives_its_pressure(practice, qtbot):
    start(practice, qtbot)
    diagram = practice.diagram
    pen = QPointingDevice("test pen", 7, QInputDevice.DeviceType.Stylus,
                          QPointingDevice.PointerType.Pen,
                          QInputDevice.Capability.Position | QInputDevice.Capability.Pressure, 1, 2)

    def send(kind, x, y, pressure):
        pos = diagram.to_widget(x, y)
        event = QTabletEvent(kind, pen, pos, QPointF(diagram.mapToGlobal(pos)), pressure,
                             0.0, 0.0, 0.0, 0.0, 0.0, Qt.KeyboardModifier.NoModifier,
                             Qt.MouseButton.LeftButton, Qt.MouseButton.LeftButton)
        QApplication.sendEvent(diagram, event)

    send(QTabletEvent.Type.TabletPress, 0.15, 0.2, 0.8)
    for k in range(1, 21):
        practice.clock.now += 0.05
        send(QTabletEvent.Type.TabletMove, 0.15, 0.2 + 0.02 * k, 0.8)
    send(QTabletEvent.Type.TabletRelease, 0.15, 0.6, 0.0)
    assert practice.drill.last_pressure == pytest.approx(0.8)
    assert "pen" in practice.drill_page.gauge.text()
    recording, _report = practice.drill.finish()
    contact = recording.phases[0].contact
    assert recording.phases[0].pressure[contact] == pytest.approx(0.8)


def test_screening_stops_the_drill(practice, qtbot):
    qtbot.mouseClick(practice.choose_page.start_button, Qt.MouseButton.LeftButton)
    box = practice.screening_page.checks[0]
    box.setChecked(True)
    assert not practice.screening_page.begin_button.isEnabled()
    assert practice.screening_page.stop_card.isVisible()
    text = practice.screening_page.stop_text.text()
    assert box.text().lower() in text and "doctor" in text and "rule 9" in text
    assert practice.begin() is False
    assert practice.drill is None
    assert not practice.diagram.input_enabled()
    box.setChecked(False)
    assert practice.screening_page.begin_button.isEnabled() and not practice.screening_page.stop_card.isVisible()


def test_finished_drill_is_saved_for_this_learner_only(window, practice, qtbot):
    start(practice, qtbot)
    drag(practice, qtbot, [(0.16, 0.1), (0.16, 0.9)], steps=40, seconds=2.0)
    finish(practice, qtbot)
    store = window.ctx.storage.drills
    me = window.ctx.learner
    runs = store.all_for(me.id)
    assert len(runs) == 1 and runs[0].drill == "technique:stroking"
    assert practice.results.last_run == runs[0]
    assert me.name in practice.result_page.saved_note.text()
    assert practice.results.report_view.report == practice.results.last_report
    # The report shown is what the grader says of the saved recording.
    assert grade(store.recording(runs[0].id), window.ctx.content.body) == practice.results.last_report
    assert runs[0].report == practice.results.last_report.to_dict()

    other = window.learner_bar.create_learner("Someone else")
    assert window.ctx.learner == other
    assert practice.pages.currentWidget() is practice.choose_page
    assert store.all_for(other.id) == []
    assert practice.choose_page.history.topLevelItemCount() == 0 and practice.choose_page.history_empty.isVisible()
    window.learner_bar.select(me)
    assert practice.choose_page.history.topLevelItemCount() == 1


def test_timer_moves_through_a_session_and_ends_with_the_report(practice, qtbot):
    start(practice, qtbot, "session")
    spec = practice.drill.spec
    assert practice.drill_page.cue_label.text().startswith("Now: stroking")
    drag(practice, qtbot, [(0.16, 0.1), (0.16, 0.8)], steps=20, seconds=1.0, release=False)
    practice.clock.now += spec.phases[0].seconds
    practice.refresh()
    assert practice.drill.phase_index == 1
    assert practice.drill_page.cue_label.text().startswith(f"Now: {spec.phases[1].label}")
    assert "▶" in practice.drill_page.plan_label.text()
    for k in range(10):  # the button is still down: tracing goes on into rubbing
        practice.clock.now += 0.05
        qtbot.mouseMove(practice.diagram, at(practice.diagram, 0.16, 0.8 - 0.01 * k))
    qtbot.keyClick(practice.diagram, Qt.Key.Key_N)
    assert practice.drill.phase_index == 2
    assert "Close firmer" not in practice.drill_page.how_text.text()
    for _ in range(3):
        qtbot.keyClick(practice.diagram, Qt.Key.Key_N)
    assert practice.drill_page.how_title.text() == "How to do it: stroking"
    assert "Close firmer than you opened" in practice.drill_page.how_text.text()
    practice.clock.now += spec.total_seconds
    practice.refresh()
    assert practice.drill is None  # handed over to be graded and saved
    assert practice.pages.currentWidget() is practice.result_page
    assert practice.results.last_run.drill == "session"
    assert [p.technique for p in practice.results.last_recording.phases][:2] == ["stroking", "rubbing"]


def test_escape_asks_before_discarding_and_discard_saves_nothing(window, practice, qtbot):
    start(practice, qtbot)
    drag(practice, qtbot, [(0.16, 0.1), (0.16, 0.5)])
    qtbot.keyClick(practice.diagram, Qt.Key.Key_Escape)
    box = message_named(qtbot, "discardDrill")
    assert box.text() == "Discard this drill's trace?"
    assert box.defaultButton().text() == "Keep"
    assert practice.drill.state == DrillState.PAUSED
    answer(qtbot, box, "Discard")
    assert practice.pages.currentWidget() is practice.choose_page
    assert "nothing was saved" in practice.choose_page.note.text()
    assert window.ctx.storage.drills.all_for(window.ctx.learner.id) == []
    assert not practice.diagram.input_enabled()
    assert practice.ink.runs == []


def test_keep_goes_on_and_the_question_is_left_out_of_the_time(practice, qtbot):
    start(practice, qtbot)
    drag(practice, qtbot, [(0.16, 0.1), (0.16, 0.5)], seconds=1.5)
    qtbot.mouseClick(practice.drill_page.cancel_button, Qt.MouseButton.LeftButton)
    box = message_named(qtbot, "discardDrill")
    practice.clock.now += 40  # the learner reads the question a long while
    qtbot.keyClick(box, Qt.Key.Key_Return)  # the default: Keep
    qtbot.waitUntil(lambda: not box.isVisible())
    assert practice.drill.running and practice.diagram.input_enabled()
    assert practice.drill.elapsed == pytest.approx(1.5)
    assert practice.pages.currentWidget() is practice.drill_page
    assert len(practice.ink.runs) > 0


def test_leaving_the_screen_pauses_a_drill_to_resume_on_return(window, practice, qtbot):
    start(practice, qtbot)
    drag(practice, qtbot, [(0.16, 0.1), (0.16, 0.5)], seconds=1.5)
    qtbot.keyClick(window, Qt.Key.Key_2, Qt.KeyboardModifier.ControlModifier)  # Ctrl+1 is Today
    qtbot.waitUntil(lambda: window.current_screen() == "atlas")
    assert practice.drill.state == DrillState.PAUSED
    assert not practice.timer.isActive()
    assert not window.ctx.diagram.has_layer(practice.ink)
    practice.clock.now += 300
    qtbot.mouseClick(window.rail.buttons["practice"], Qt.MouseButton.LeftButton)
    assert practice.pages.currentWidget() is practice.drill_page
    assert practice.drill_page.cue_label.text() == "Paused: the clock has stopped"
    assert practice.drill_page.resume_button.isVisible()
    qtbot.mouseClick(practice.drill_page.resume_button, Qt.MouseButton.LeftButton)
    assert practice.drill.running and practice.timer.isActive()
    assert not practice.drill_page.resume_button.isVisible()
    assert practice.drill.elapsed == pytest.approx(1.5)
    drag(practice, qtbot, [(0.16, 0.5), (0.16, 0.8)], seconds=1.0)
    finish(practice, qtbot)
    assert practice.results.last_recording.duration == pytest.approx(2.5, abs=0.1)


def test_escape_with_nothing_traced_just_stops(practice, qtbot):
    start(practice, qtbot)
    qtbot.keyClick(practice.diagram, Qt.Key.Key_Escape)
    assert practice.pages.currentWidget() is practice.choose_page


def test_export_then_import_round_trip(window, practice, qtbot, tmp_path, capsys):
    start(practice, qtbot)
    drag(practice, qtbot, [(0.16, 0.1), (0.16, 0.9)], steps=40, seconds=2.0)
    finish(practice, qtbot)
    run = practice.results.last_run
    out = tmp_path / "mine.json"
    assert practice.export_run(run.id, out)
    assert load_recording(out) == practice.results.last_recording
    # The command line grades the exported file exactly as the app did.
    assert cli_main(["grade", "--json", str(out)]) == 0
    assert json.loads(capsys.readouterr().out) == run.report

    practice.show_choose()
    # The same samples are the same recording: it is in the record already.
    assert practice.import_file(out) is None
    assert practice.choose_page.note.text().startswith("This recording is already in Learner 1's drills (saved ")
    assert len(window.ctx.storage.drills.all_for(window.ctx.learner.id)) == 1
    # Another learner's record takes it, graded as the app graded it.
    window.learner_bar.create_learner("Second")
    imported = practice.import_file(out)
    assert imported is not None and imported.imported_from == "mine.json"
    assert imported.drill == "technique:stroking" and imported.score == run.score
    assert practice.selected_run_id() == imported.id
    history = practice.choose_page.history
    qtbot.waitUntil(lambda: history.topLevelItemCount() == 1)
    assert history.topLevelItem(0).text(3).endswith("(imported)")


def test_a_corrupted_import_says_so_and_changes_nothing(window, practice, qtbot, tmp_path):
    start(practice, qtbot)
    drag(practice, qtbot, [(0.16, 0.1), (0.16, 0.9)])
    finish(practice, qtbot)
    practice.show_choose()
    store = window.ctx.storage.drills
    before = store.all_for(window.ctx.learner.id)
    bad = tmp_path / "broken.json"
    bad.write_text('{"format": "massage-trainer/recording", "version": 1, "phases": [', encoding="utf-8")
    assert practice.import_file(bad) is None
    box = next(w for w in QApplication.topLevelWidgets() if isinstance(w, QMessageBox) and w.isVisible())
    assert str(bad) in box.text() and "not valid JSON" in box.text()
    assert "Traceback" not in box.text()
    box.close()
    assert store.all_for(window.ctx.learner.id) == before
    assert practice.choose_page.history.topLevelItemCount() == len(before)


def test_history_replays_and_reports_a_saved_drill(window, practice, qtbot):
    start(practice, qtbot)
    drag(practice, qtbot, [(0.2, 0.6), (-0.2, 0.6)])
    finish(practice, qtbot)
    practice.show_choose()
    practice.choose_page.history.setCurrentItem(practice.choose_page.history.topLevelItem(0))
    assert practice.choose_page.replay_button.isEnabled()
    qtbot.mouseClick(practice.choose_page.replay_button, Qt.MouseButton.LeftButton)
    assert practice.pages.currentWidget() is practice.replay_page
    replay = practice.results.replay_view
    assert replay.is_attached() and not practice.diagram.has_layer(practice.ink)
    practice.show_choose()
    assert not replay.is_attached() and practice.diagram.has_layer(practice.ink)
    practice.choose_page.history.setCurrentItem(practice.choose_page.history.topLevelItem(0))
    qtbot.mouseClick(practice.choose_page.report_button, Qt.MouseButton.LeftButton)
    assert practice.pages.currentWidget() is practice.result_page
    assert practice.results.report_view.report.score == practice.results.last_run.score


def test_nothing_traced_is_not_saved(window, practice, qtbot):
    start(practice, qtbot)
    practice.finish_drill()
    assert practice.pages.currentWidget() is practice.choose_page
    assert "Nothing was traced" in practice.choose_page.note.text()
    assert window.ctx.storage.drills.all_for(window.ctx.learner.id) == []


def test_screenshot_script_shows_live_feedback_then_the_report(window, qtbot):
    import argparse

    window.show_screen("practice")
    screen = window.screens["practice"]
    screen.prepare_screenshot(argparse.Namespace(technique="stroking", at=23.0))
    assert screen.pages.currentWidget() is screen.drill_page
    assert screen.drill_page.feedback_card.alert and screen.ink.markers
    screen.prepare_screenshot(argparse.Namespace(technique="stroking", at=61.0))
    assert screen.pages.currentWidget() is screen.result_page


# A fresh interpreter with the app's window on the Practice screen, so sys.modules shows what loaded.
PRACTICE_IN_A_FRESH_PROCESS = """
import os, sys, time
os.environ["QT_QPA_PLATFORM"] = "offscreen"
from massage_trainer.storage import Storage
from massage_trainer.content import load_content
from massage_trainer.ui.kit import theme as th
from massage_trainer.ui.shell.app import build_window, ensure_app
app = ensure_app()
storage = Storage.open()
window = build_window(load_content(), storage, th.LIGHT)
window.show_screen("practice")
window.show()
app.processEvents()
"""

CHARTS_LAZY = PRACTICE_IN_A_FRESH_PROCESS + """
print("pyqtgraph" in sys.modules)
window.close()
storage.close()
"""


def test_charts_are_not_loaded_before_a_report():
    out = subprocess.run([sys.executable, "-c", CHARTS_LAZY], capture_output=True, text=True,
                         check=True)
    assert out.stdout.strip() == "False"


def test_ink_is_drawn_in_its_styles_and_survives_a_resize(window, practice, qtbot):
    theme = window.ctx.theme
    start(practice, qtbot)
    drag(practice, qtbot, [(0.16, 0.1), (0.16, 0.9)], steps=40, seconds=2.0, release=False)
    drag(practice, qtbot, [(0.16, 0.9), (0.2, 0.6), (-0.2, 0.6)], steps=30, seconds=1.2)
    diagram = practice.diagram
    assert colour_near(diagram, 0.16, 0.4).name() == theme.ink.lower()
    assert colour_near(diagram, -0.02, 0.6).name() == theme.violation.lower()
    before = diagram.scale()
    window.resize(1600, 1000)  # the ink image is drawn afresh at the new size
    qtbot.waitUntil(lambda: diagram.scale() != before)
    assert colour_near(diagram, 0.16, 0.4).name() == theme.ink.lower()
    assert colour_near(diagram, -0.02, 0.6).name() == theme.violation.lower()


def test_export_and_import_through_the_file_dialogs(window, practice, qtbot, tmp_path):
    start(practice, qtbot)
    drag(practice, qtbot, [(0.16, 0.1), (0.16, 0.9)])
    finish(practice, qtbot)
    qtbot.mouseClick(practice.result_page.export_button, Qt.MouseButton.LeftButton)
    dialog = dialog_named(qtbot, "exportDialog")
    out = tmp_path / "exported.json"
    dialog.selectFile(str(out))
    dialog.accept()
    qtbot.waitUntil(out.exists)
    assert load_recording(out) == practice.results.last_recording

    practice.show_choose()
    qtbot.mouseClick(practice.choose_page.import_button, Qt.MouseButton.LeftButton)
    dialog = dialog_named(qtbot, "importDialog")
    dialog.selectFile(str(out))
    dialog.accept()
    # The drill just exported is that very recording: it is not added twice.
    note = practice.choose_page.note
    qtbot.waitUntil(lambda: note.text().startswith("This recording is already in Learner 1's drills (saved "))
    assert len(window.ctx.storage.drills.all_for(window.ctx.learner.id)) == 1


def test_the_gauge_follows_shift_at_once_and_a_glide_ends_with_its_phase(practice, qtbot):
    start(practice, qtbot, "session")
    diagram, gauge, drill = practice.diagram, practice.drill_page.gauge, practice.drill
    assert "working (mouse)" in gauge.text()
    qtbot.mouseClick(diagram, Qt.MouseButton.LeftButton, pos=at(diagram, 0.16, 0.3))  # the clock starts
    qtbot.keyPress(diagram, Qt.Key.Key_Shift, Qt.KeyboardModifier.ShiftModifier)
    assert gauge.text() == "0.20 — light glide (glide held)" and drill.glide
    qtbot.keyRelease(diagram, Qt.Key.Key_Shift)
    assert gauge.text() == "0.50 — working (mouse)" and not drill.glide
    # Shift held as the phase ends: the next phase starts at the working pressure.
    qtbot.keyPress(diagram, Qt.Key.Key_Shift, Qt.KeyboardModifier.ShiftModifier)
    assert drill.glide
    practice.clock.now += drill.phase.seconds + 0.1
    practice.refresh()
    assert drill.phase_index == 1
    assert gauge.text() == "0.50 — working (mouse)" and not drill.glide
    qtbot.keyRelease(diagram, Qt.Key.Key_Shift)
    # The G toggle too: on in one phase, off when the learner moves on.
    qtbot.keyClick(diagram, Qt.Key.Key_G)
    assert "glide held" in gauge.text()
    qtbot.mouseClick(practice.drill_page.next_button, Qt.MouseButton.LeftButton)
    assert drill.phase_index == 2
    assert not practice.drill_page.glide_button.isChecked()
    assert gauge.text() == "0.50 — working (mouse)"


CHARTS_BEFORE_THE_DRILL = PRACTICE_IN_A_FRESH_PROCESS + """
from PySide6.QtCore import QEventLoop
screen = window.screens["practice"]
before = "pyqtgraph" in sys.modules
screen.ask_screening()
deadline = time.monotonic() + 30
while "pyqtgraph" not in sys.modules and time.monotonic() < deadline:
    app.processEvents(QEventLoop.ProcessEventsFlag.WaitForMoreEvents, 50)  # waits on events, not a sleep
print(before, "pyqtgraph" in sys.modules, screen.drill is None, screen.current_page() is screen.screening_page)
window.close()
storage.close()
"""


def test_the_charts_load_while_the_screening_page_is_read():
    out = subprocess.run([sys.executable, "-c", CHARTS_BEFORE_THE_DRILL], capture_output=True, text=True,
                         check=True)
    # Not at start-up, but before the drill starts: the first report then opens at once.
    assert out.stdout.split() == ["False", "True", "True", "True"]


def test_the_history_columns_grow_with_the_type(window, practice, qtbot):
    start(practice, qtbot)
    drag(practice, qtbot, [(0.2, 0.2), (0.2, 0.6)])
    finish(practice, qtbot)
    practice.show_choose()
    tree = practice.choose_page.history
    qtbot.waitUntil(lambda: tree.topLevelItemCount() == 1)
    small = tree.font().pointSizeF()
    window.resize(3840, 2160)  # a projector: the window's type grows up to 2.6x
    qtbot.waitUntil(lambda: tree.font().pointSizeF() > 1.5 * small)
    item = tree.topLevelItem(0)
    metrics = tree.fontMetrics()
    for c in range(tree.columnCount()):
        assert tree.columnWidth(c) >= metrics.horizontalAdvance(item.text(c)), (c, item.text(c))
    assert not tree.horizontalScrollBar().isVisible()
    window.resize(1100, 700)  # a small window: the drill's name gives way, nothing scrolls sideways
    qtbot.waitUntil(lambda: tree.font().pointSizeF() < 1.5 * small)
    assert sum(tree.columnWidth(c) for c in range(tree.columnCount())) <= tree.viewport().width()


def test_a_new_phase_fades_the_ink_of_the_earlier_ones(window, practice, qtbot):
    theme = window.ctx.theme
    start(practice, qtbot, "session")
    diagram = practice.diagram
    drag(practice, qtbot, [(0.16, 0.1), (0.16, 0.8)], steps=30, seconds=1.5, release=False)
    under = colour_near(diagram, 0.3, 0.45)  # the skin, where nothing is traced
    assert colour_near(diagram, 0.16, 0.4).name() == theme.ink.lower()
    qtbot.keyClick(diagram, Qt.Key.Key_N)  # rubbing: the stroking's ink goes faint
    faint = blend(QColor(theme.ink), EARLIER_OPACITY, under)
    assert distance_near(diagram, 0.16, 0.4, faint) <= 6
    assert distance_near(diagram, 0.16, 0.4, QColor(theme.ink)) > 40
    # The stroke kept on into rubbing is drawn in full, from where the new phase began.
    drag(practice, qtbot, [(0.16, 0.8), (0.24, 0.7)], steps=10, seconds=0.5)
    assert colour_near(diagram, 0.2, 0.75).name() == theme.ink.lower()


def _box(practice, words):
    return next(b for b in practice.screening_page.checks if words in b.text())


def test_screening_by_grade_stop_ask_avoid(practice, qtbot):
    """Absolute stops; relative waits for the doctor's clearance, ticked by the learner; local warns."""
    qtbot.mouseClick(practice.choose_page.start_button, Qt.MouseButton.LeftButton)
    page = practice.screening_page
    pregnancy = _box(practice, "Pregnancy")
    qtbot.mouseClick(pregnancy.box, Qt.MouseButton.LeftButton)
    assert not page.begin_button.isEnabled() and page.ask_card.isVisible() and not page.stop_card.isVisible()
    assert "You ticked: pregnancy. Massage only once a doctor has said it is safe" in page.ask_text.text()
    assert practice.begin() is False and practice.drill is None
    qtbot.mouseClick(page.clearance.box, Qt.MouseButton.LeftButton)
    assert page.begin_button.isEnabled() and "confirmed" in page.ask_text.text()
    fever = _box(practice, "fever")
    qtbot.mouseClick(fever.box, Qt.MouseButton.LeftButton)  # absolute: the clearance does not lift it
    assert not page.begin_button.isEnabled() and page.stop_card.isVisible()
    qtbot.mouseClick(fever.box, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(pregnancy.box, Qt.MouseButton.LeftButton)
    wound = _box(practice, "open wound")
    qtbot.mouseClick(wound.box, Qt.MouseButton.LeftButton)
    assert page.avoid_card.isVisible() and "You ticked: an open wound" in page.avoid_text.text()
    assert page.begin_button.isEnabled() and page.begin_button.text() == "Begin, around that area"
    qtbot.mouseClick(page.begin_button, Qt.MouseButton.LeftButton)
    assert practice.drill is not None
