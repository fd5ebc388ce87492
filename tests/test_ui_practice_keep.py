"""Nothing lost: the autosave of a drill in progress, closing mid-drill, and the offer after a crash."""

import os
import select
import signal
import subprocess
import sys
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QLabel, QMessageBox

from massage_trainer.core.drill import DrillState
from massage_trainer.core.drill_plans import format_clock
from massage_trainer.core.unfinished import AUTOSAVE_S
from tests.gui_helpers import open_window
from tests.practice_helpers import answer, drag, message_named, open_practice, start


def test_the_trace_is_autosaved_every_few_seconds_and_cleared_when_finished(window, qtbot):
    practice = open_practice(window, qtbot, synchronous=False)
    store, learner = window.ctx.storage.in_progress, window.ctx.learner
    start(practice, qtbot)
    drag(practice, qtbot, [(0.16, 0.1), (0.16, 0.5)], seconds=2.0)
    practice.refresh()
    practice.runner.wait()
    assert store.get(learner.id) is None  # not yet: only 2 s of the drill
    drag(practice, qtbot, [(0.16, 0.5), (0.16, 0.9)], seconds=AUTOSAVE_S)
    with qtbot.waitSignal(practice.keeper.saved):
        practice.refresh()
    saved = store.get(learner.id)
    assert saved is not None and saved.drill == "technique:stroking"
    assert saved.elapsed_s == pytest.approx(2.0 + AUTOSAVE_S)
    assert saved.recording().sample_count == practice.drill.sample_count
    with qtbot.waitSignal(practice.results.reportShown):
        qtbot.keyClick(practice.diagram, Qt.Key.Key_F)
    assert store.get(learner.id) is None  # kept whole as a run: nothing to offer back
    assert len(window.ctx.storage.drills.all_for(learner.id)) == 1


def test_discarding_clears_the_autosave(window, qtbot):
    practice = open_practice(window, qtbot)
    store, learner = window.ctx.storage.in_progress, window.ctx.learner
    start(practice, qtbot)
    drag(practice, qtbot, [(0.16, 0.1), (0.16, 0.9)], seconds=AUTOSAVE_S + 1)
    practice.refresh()
    assert store.get(learner.id) is not None
    qtbot.keyClick(practice.diagram, Qt.Key.Key_Escape)
    answer(qtbot, message_named(qtbot, "discardDrill"), "Discard")
    assert store.get(learner.id) is None


def test_closing_the_window_mid_drill_keeps_the_trace(window, qtbot):
    practice = open_practice(window, qtbot, synchronous=False)
    learner = window.ctx.learner
    start(practice, qtbot)
    drag(practice, qtbot, [(0.16, 0.1), (0.16, 0.5)], seconds=1.5)
    window.close()  # waits for the save it starts
    saved = window.ctx.storage.in_progress.get(learner.id)
    assert saved is not None and saved.elapsed_s == pytest.approx(1.5)
    assert practice.drill.state == DrillState.PAUSED



@pytest.mark.parametrize("synchronous", [True, False])
def test_changing_learner_mid_drill_keeps_the_trace_for_when_they_come_back(window, qtbot, synchronous):
    practice = open_practice(window, qtbot, synchronous=synchronous)
    me = window.ctx.learner
    start(practice, qtbot)
    drag(practice, qtbot, [(0.16, 0.1), (0.16, 0.5)], seconds=1.5)
    traced = practice.drill.sample_count
    other = window.learner_bar.create_learner("Sam")
    assert window.ctx.learner == other
    assert practice.pages.currentWidget() is practice.choose_page
    assert practice.choose_page.note.text() == (
        "Learner 1's drill is kept, paused; it will be offered when Learner 1 is chosen again.")
    assert not practice.diagram.input_enabled() and practice.ink.runs == []
    assert not [w for w in QApplication.topLevelWidgets() if isinstance(w, QMessageBox) and w.isVisible()]
    drag(practice, qtbot, [(0.16, 0.1), (0.16, 0.5)])  # Sam's strokes draw nothing: no drill runs
    assert practice.ink.runs == []

    window.learner_bar.select(me)
    box = message_named(qtbot, "recoverDrill")
    assert box.text() == "Learner 1's unfinished drill is waiting"
    assert box.informativeText().startswith(
        f"Learner 1's Stroking (effleurage) drill stopped at {format_clock(1.5)} and was not finished.")
    answer(qtbot, box, "Resume")
    assert practice.pages.currentWidget() is practice.drill_page
    assert practice.drill.state == DrillState.PAUSED
    assert practice.drill.sample_count == traced and practice.drill.elapsed == pytest.approx(1.5)
    assert practice.ink.runs  # the trace is drawn again
    drawn = practice.ink.segment_count
    qtbot.mouseClick(practice.drill_page.resume_button, Qt.MouseButton.LeftButton)
    practice.refresh()
    assert practice.ink.segment_count == drawn  # once: the samples fed back are not drawn twice
    drag(practice, qtbot, [(0.16, 0.5), (0.16, 0.9)])
    assert practice.drill.running and practice.drill.sample_count > traced
    with qtbot.waitSignal(practice.results.reportShown):
        qtbot.keyClick(practice.diagram, Qt.Key.Key_F)
    practice.runner.wait()
    assert [run.learner_id for run in window.ctx.storage.drills.all_for(me.id)] == [me.id]
    assert window.ctx.storage.drills.all_for(other.id) == []
    assert window.ctx.storage.in_progress.get(me.id) is None



def test_the_start_up_question_choosing_the_learner_is_not_asked_twice(window, qtbot):
    practice = open_practice(window, qtbot)
    start(practice, qtbot)
    drag(practice, qtbot, [(0.16, 0.1), (0.16, 0.5)])
    window.learner_bar.create_learner("Sam")  # Learner 1's drill is set aside
    window.offer_recovery()  # as at the next start, with Sam chosen
    answer(qtbot, message_named(qtbot, "recoverDrill"), "Resume")  # chooses Learner 1 again
    assert window.ctx.learner.name == "Learner 1"
    assert practice.drill.state == DrillState.PAUSED and practice.drill.sample_count > 0
    assert not [w for w in QApplication.topLevelWidgets() if isinstance(w, QMessageBox) and w.isVisible()]

def test_a_learner_with_no_drill_set_aside_is_asked_nothing(window, qtbot):
    practice = open_practice(window, qtbot)
    start(practice, qtbot)  # nothing traced yet
    window.learner_bar.create_learner("Sam")
    assert practice.choose_page.note.text() == (
        "The drill was stopped because the learner changed; nothing had been traced yet.")
    assert window.ctx.storage.in_progress.get(window.ctx.learner.id) is None
    window.learner_bar.rename_current("Sam B")  # the same learner: no question
    assert not [w for w in QApplication.topLevelWidgets() if isinstance(w, QMessageBox) and w.isVisible()]


def test_renaming_the_learner_mid_drill_lets_the_drill_go_on(window, qtbot):
    practice = open_practice(window, qtbot)
    start(practice, qtbot)
    drag(practice, qtbot, [(0.16, 0.1), (0.16, 0.5)])
    window.learner_bar.rename_current("Learner One")
    assert practice.drill.running and practice.pages.currentWidget() is practice.drill_page
    assert practice.ink.runs

DRILL_THEN_WAIT = """
import os, sys
os.environ["QT_QPA_PLATFORM"] = "offscreen"
from massage_trainer.content import load_content
from massage_trainer.storage import Storage
from massage_trainer.ui.kit import theme as th
from massage_trainer.ui.practice.script import play_script
from massage_trainer.ui.shell.app import build_window, ensure_app
app = ensure_app()
storage = Storage.open()
storage.learners.remember(storage.learners.create("Learner 1"))
window = build_window(load_content(), storage, th.LIGHT)
window.show()
window.show_screen("practice")
screen = window.screens["practice"]
play_script(screen, screen.spec_by_id("technique:stroking"), 12.0)  # a scripted clock: 12 s of drill
saved = storage.in_progress.get(window.ctx.learner.id)
print("autosaved" if saved is not None and saved.elapsed_s >= 5 else "not saved", flush=True)
app.exec()  # still drilling when the test kills it
"""


@pytest.fixture
def killed_mid_drill(tmp_home):
    """A real app process on the test's home, killed with SIGKILL in the middle of a drill."""
    tmp_home.mkdir(parents=True, exist_ok=True)
    env = {**os.environ, "MASSAGE_TRAINER_HOME": str(tmp_home)}
    proc = subprocess.Popen([sys.executable, "-c", DRILL_THEN_WAIT], stdout=subprocess.PIPE, text=True, env=env)
    try:
        assert proc.stdout is not None
        ready, _, _ = select.select([proc.stdout], [], [], 120)  # never hang on a stuck process
        assert ready and proc.stdout.readline().strip() == "autosaved"
    finally:
        proc.send_signal(signal.SIGKILL)
        proc.wait(timeout=30)
    assert proc.returncode == -signal.SIGKILL


@pytest.mark.usefixtures("killed_mid_drill")
def test_after_a_kill_the_next_start_offers_to_resume(qtbot):
    window, storage = open_window(qtbot)
    try:
        window.offer_recovery()
        box = message_named(qtbot, "recoverDrill")
        assert box.informativeText().startswith("Learner 1's ") and "was not finished" in box.informativeText()
        details = box.findChild(QLabel, "qt_msgbox_informativelabel")
        assert details is not None and details.textFormat() == Qt.TextFormat.PlainText  # a name is never markup
        assert {b.text() for b in box.buttons()} == {"Resume", "Keep as unfinished", "Discard"}
        assert box.defaultButton().text() == "Resume"
        answer(qtbot, box, "Resume")
        practice: Any = window.screens["practice"]
        assert window.current_screen() == "practice"
        assert practice.pages.currentWidget() is practice.drill_page
        assert practice.drill.state == DrillState.PAUSED
        assert practice.drill.elapsed >= 5 and practice.drill.sample_count > 0
        assert practice.ink.runs  # the trace is drawn again
        qtbot.mouseClick(practice.drill_page.resume_button, Qt.MouseButton.LeftButton)
        assert practice.drill.running
    finally:
        window.close()
        storage.close()


@pytest.mark.usefixtures("killed_mid_drill")
def test_after_a_kill_the_trace_can_be_kept_as_an_unfinished_run(qtbot):
    window, storage = open_window(qtbot)
    try:
        practice = open_practice(window, qtbot)
        window.offer_recovery()
        answer(qtbot, message_named(qtbot, "recoverDrill"), "Keep as unfinished")
        learner = window.ctx.learner
        assert learner is not None
        runs = storage.drills.all_for(learner.id)
        assert len(runs) == 1 and runs[0].unfinished
        assert storage.in_progress.all() == []
        assert practice.choose_page.history.topLevelItem(0).text(3) == "Unfinished"
        assert "unfinished" in practice.choose_page.note.text()
        assert window.offer_recovery() is None  # offered once
    finally:
        window.close()
        storage.close()


@pytest.mark.usefixtures("killed_mid_drill")
def test_after_a_kill_the_trace_can_be_discarded(qtbot):
    window, storage = open_window(qtbot)
    try:
        window.offer_recovery()
        answer(qtbot, message_named(qtbot, "recoverDrill"), "Discard")
        assert storage.in_progress.all() == []
        assert [len(storage.drills.all_for(who.id)) for who in storage.learners.all()] == [0]
    finally:
        window.close()
        storage.close()
