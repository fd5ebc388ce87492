"""Finishing a drill: graded and saved off the GUI thread, a busy indicator meanwhile, nothing lost
when saving fails; the history read in the background; earlier identical runs still count."""

from __future__ import annotations

import sqlite3

import pytest
from PySide6.QtCore import Qt

from massage_trainer.core.demo import demo_recording
from massage_trainer.core.recording import Phase, Recording, load_recording, save_recording
from massage_trainer.storage import database_path
from massage_trainer.ui.practice.history import when
from tests.practice_helpers import dialog_named, drag, finish, open_practice, start

CLEAN_STROKE = [(0.16, 0.1), (0.16, 0.9)]


@pytest.fixture
def practice(window, qtbot):
    """The Practice screen with its background work on the worker thread, as in the app."""
    return open_practice(window, qtbot, synchronous=False)


def test_finishing_grades_and_saves_in_the_background_then_shows_the_report(window, practice, qtbot):
    start(practice, qtbot)
    drag(practice, qtbot, CLEAN_STROKE, steps=40, seconds=2.0)
    with qtbot.waitSignal(practice.results.reportShown, timeout=10_000):
        qtbot.keyClick(practice.diagram, Qt.Key.Key_F)
    results = practice.results
    assert practice.pages.currentWidget() is practice.result_page
    assert not results.is_busy() and practice.result_page.busy.isHidden()
    me = window.ctx.learner
    assert window.ctx.storage.drills.all_for(me.id) == [results.last_run]
    assert results.report_view.report == results.last_report
    assert practice.result_page.saved_note.text() == f"Saved to {me.name}'s record."
    assert all(b.isEnabled() for b in practice.result_page.buttons)
    # The history is read again in the background too, and lists the new run.
    practice.show_choose()
    qtbot.waitUntil(lambda: practice.choose_page.history.topLevelItemCount() == 1, timeout=10_000)


def test_a_busy_indicator_shows_while_the_drill_is_saved(window, practice, qtbot):
    practice.runner.synchronous = True  # a first drill, so there is an earlier report that must not show
    start(practice, qtbot)
    drag(practice, qtbot, CLEAN_STROKE)
    finish(practice, qtbot)
    earlier = practice.results.last_run
    practice.runner.synchronous = False
    start(practice, qtbot)
    drag(practice, qtbot, [(-0.16, 0.1), (-0.16, 0.9)])
    # Another connection holds the database's write lock: the save has to wait for it.
    blocker = sqlite3.connect(database_path(window.ctx.storage.home), isolation_level=None)
    blocker.execute("BEGIN IMMEDIATE")
    try:
        with qtbot.waitSignal(practice.results.busyChanged) as busy:
            qtbot.keyClick(practice.diagram, Qt.Key.Key_F)
        assert busy.args == [True] and practice.results.is_busy()
        page = practice.result_page
        assert practice.pages.currentWidget() is page
        assert page.busy.isVisible() and "Grading and saving" in page.busy.text()
        assert not any(b.isEnabled() for b in page.buttons)
        # The drill's ink stays on the diagram meanwhile; no stale report shows.
        assert practice.diagram.has_layer(practice.ink) and practice.ink.runs
        assert practice.results.report_view.isHidden()
    finally:
        with qtbot.waitSignal(practice.results.reportShown, timeout=10_000):
            blocker.execute("COMMIT")
        blocker.close()
    assert not practice.result_page.busy.isVisible()
    assert practice.results.report_view.isVisible()
    assert window.ctx.storage.drills.all_for(window.ctx.learner.id) == [practice.results.last_run, earlier]


def test_a_drill_that_cannot_be_saved_keeps_its_report_and_its_recording(window, practice, qtbot,
                                                                        tmp_path):
    practice.runner.synchronous = True
    me = window.ctx.learner
    start(practice, qtbot)
    drag(practice, qtbot, CLEAN_STROKE)
    window.ctx.storage.learners.delete(me.id)  # gone behind the screen's back: the save must fail
    finish(practice, qtbot)
    results, page = practice.results, practice.result_page
    assert results.last_run is None and results.last_report is not None
    assert results.report_view.report == results.last_report
    note = page.saved_note.text()
    assert note.startswith("Could not save this drill: ") and f"no learner with id {me.id}" in note
    assert page.retry_button.isVisible() and page.export_button.isEnabled()
    # The recording can still be kept in a file...
    qtbot.mouseClick(page.export_button, Qt.MouseButton.LeftButton)
    dialog = dialog_named(qtbot, "exportDialog")
    out = tmp_path / "unsaved.json"
    dialog.selectFile(str(out))
    dialog.accept()
    qtbot.waitUntil(out.exists)
    assert load_recording(out) == results.last_recording
    # ... or saved, once the database takes it again.
    window.ctx.storage.db.execute("INSERT INTO learners (id, name) VALUES (?, ?)", [me.id, me.name])
    window.ctx.storage.db.conn.commit()
    recording = results.last_recording
    qtbot.mouseClick(page.retry_button, Qt.MouseButton.LeftButton)
    assert page.saved_note.text() == f"Saved to {me.name}'s record."
    assert not page.retry_button.isVisible()
    saved = window.ctx.storage.drills.all_for(me.id)
    assert saved == [results.last_run]
    assert window.ctx.storage.drills.recording(saved[0].id) == recording


def test_the_history_is_read_in_the_background_for_each_learner(window, practice, qtbot):
    practice.runner.synchronous = True
    start(practice, qtbot)
    drag(practice, qtbot, CLEAN_STROKE)
    finish(practice, qtbot)
    me = window.ctx.learner
    practice.runner.synchronous = False
    with qtbot.waitSignal(practice.history.loaded, timeout=10_000):
        window.learner_bar.create_learner("Someone else")
    assert practice.choose_page.history.topLevelItemCount() == 0
    assert practice.choose_page.history_empty.isVisible()
    with qtbot.waitSignal(practice.history.loaded, timeout=10_000):
        window.learner_bar.select(me)
    assert practice.choose_page.history.topLevelItemCount() == 1
    assert practice.choose_page.history_title.text() == f"{me.name}'s drills"


def test_importing_the_same_recording_twice_adds_it_once(window, practice, qtbot, tmp_path, content):
    practice.runner.synchronous = True
    path = tmp_path / "same.json"
    save_recording(demo_recording(content.techniques["stroking"]), path)
    first = practice.import_file(path)
    assert first is not None
    assert practice.import_file(path) is None
    assert practice.choose_page.note.text() == (
        f"This recording is already in Learner 1's drills (saved {when(first.started_at)}); it was not added again.")
    assert [r.id for r in window.ctx.storage.drills.all_for(first.learner_id)] == [first.id]
    assert practice.choose_page.history.topLevelItemCount() == 1
    assert practice.selected_run_id() == first.id


def test_a_second_attempt_compares_with_the_first(window, practice, qtbot, tmp_path, content):
    practice.runner.synchronous = True
    demo = demo_recording(content.techniques["stroking"])
    later = Recording(tuple(Phase(p.technique, p.t + 1.0, p.x, p.y, p.contact, p.pressure) for p in demo.phases))
    paths = [tmp_path / "one.json", tmp_path / "two.json"]
    for recording, path in zip((demo, later), paths, strict=True):
        save_recording(recording, path)
    first, second = (practice.import_file(p) for p in paths)
    assert first is not None and second is not None and second.id != first.id
    practice.show_saved_report(second.id)
    text = practice.results.report_view.change_label.text()
    assert f"your last attempt ({first.score:.1f})" in text
    _x, scores = practice.results.report_view.history_chart.curve.getData()
    assert list(scores) == [first.score, second.score]
