"""A drill that cannot be saved is never lost: on a full disk or a read-only folder the report shows,
Export… writes it, it is tried again (by hand, every 30 s, after any other save), it stays across
pages, it is kept in the data folder, and closing the window asks first."""

from __future__ import annotations

import errno
import json
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt

from massage_trainer.cli import main as cli_main
from massage_trainer.core.recording import load_recording
from massage_trainer.storage import db as db_module
from massage_trainer.storage import keep_unsaved, kept_unsaved
from massage_trainer.ui.practice import jobs as jobs_module
from massage_trainer.ui.practice.unsaved import RETRY_MS
from tests.faults import FULL, READ_ONLY, Fault, faulty_connection, mount_permitted, tmpfs
from tests.practice_helpers import answer, dialog_named, drag, finish, message_named, open_practice, start

STROKE = [(0.16, 0.1), (0.16, 0.9)]
needs_mount = pytest.mark.skipif(not mount_permitted(), reason="mounting is not permitted here (needs root)")
RAW = ("Errno", "errno", "sqlite", "OperationalError", "Traceback", "database or disk is full")


@pytest.fixture
def fault(monkeypatch: pytest.MonkeyPatch) -> Fault:
    """Every database connection opened from now on fails its writes while `fault.message` is set."""
    fault = Fault()
    monkeypatch.setattr(db_module, "CONNECTION_CLASS", faulty_connection(fault))
    return fault


@pytest.fixture
def practice(window: Any, qtbot: Any) -> Any:
    return open_practice(window, qtbot)


def unsaved_drill(practice: Any, qtbot: Any, fault: Fault, message: str = FULL,
                  stroke: list[tuple[float, float]] = STROKE) -> Any:
    """Trace a drill and finish it while the database fails: its report is on show."""
    start(practice, qtbot)
    drag(practice, qtbot, stroke)
    fault.message = message
    finish(practice, qtbot)
    return practice.results.last_recording


def export_through_the_dialog(qtbot: Any, button: Any, out: Path) -> None:
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    dialog = dialog_named(qtbot, "exportDialog")
    dialog.selectFile(str(out))
    dialog.accept()
    qtbot.waitUntil(out.exists)


def test_a_full_disk_at_finish_shows_the_report_exports_and_saves_once_there_is_room(
        window: Any, practice: Any, qtbot: Any, fault: Fault, tmp_path: Path, capsys: Any) -> None:
    me = window.ctx.learner
    recording = unsaved_drill(practice, qtbot, fault)
    results, page = practice.results, practice.result_page
    assert practice.pages.currentWidget() is page and results.report_view.isVisible()
    assert results.report_view.report == results.last_report and results.last_run is None
    note = page.saved_note.text()
    assert note.startswith("Could not save this drill: the disk is full. Free some space on the disk.")
    assert "tried again every 30 seconds" in note and not any(word in note for word in RAW)
    assert page.retry_button.isVisible() and page.export_button.isEnabled() and page.replay_button.isEnabled()
    assert window.ctx.storage.drills.all_for(me.id) == []
    # A copy waits in the data folder, in case the app is closed or crashes.
    [kept] = kept_unsaved(window.ctx.storage.home)
    assert load_recording(kept.path) == recording and "A copy is kept in the data folder." in note

    # Export… writes it to the file the learner chooses, and the file grades as the app graded it.
    out = tmp_path / "full-disk.json"
    export_through_the_dialog(qtbot, page.export_button, out)
    assert load_recording(out) == recording
    assert cli_main(["grade", "--json", str(out)]) == 0
    assert json.loads(capsys.readouterr().out)["score"] == results.last_report.score

    # Trying again while the disk is still full says so, and keeps it.
    qtbot.mouseClick(page.retry_button, Qt.MouseButton.LeftButton)
    assert page.saved_note.text().startswith("Could not save this drill: the disk is full.")
    assert page.retry_button.isEnabled()

    # Space comes back: Try saving again puts it in the record, once.
    fault.message = None
    qtbot.mouseClick(page.retry_button, Qt.MouseButton.LeftButton)
    assert page.saved_note.text() == f"Saved to {me.name}'s record."
    assert not page.retry_button.isVisible()
    [run] = window.ctx.storage.drills.all_for(me.id)
    assert run == results.last_run and window.ctx.storage.drills.recording(run.id) == recording
    assert kept_unsaved(window.ctx.storage.home) == [] and practice.unsaved.drills == []


def test_the_unsaved_drill_stays_across_the_drills_list_and_the_timer_saves_it(
        window: Any, practice: Any, qtbot: Any, fault: Fault) -> None:
    recording = unsaved_drill(practice, qtbot, fault)
    unsaved = practice.unsaved
    assert unsaved.timer.isActive() and unsaved.timer.interval() == RETRY_MS == 30_000
    qtbot.mouseClick(practice.result_page.done_button, Qt.MouseButton.LeftButton)
    page = practice.choose_page
    assert practice.pages.currentWidget() is page
    assert page.unsaved_card.isVisible()
    text = page.unsaved_text.text()
    assert text.startswith(f"1 drill not yet saved ({window.ctx.learner.name}'s Stroking (effleurage) drill of ")
    assert "the disk is full" in text and not any(word in text for word in RAW)
    assert page.unsaved_save_button.isEnabled() and page.unsaved_export_button.isEnabled()
    # Another drill started and given up does not lose it.
    start(practice, qtbot)
    practice.cancel_drill()
    assert page.unsaved_card.isVisible() and len(unsaved.drills) == 1

    # The timer fires while the disk is full: still kept. Once there is room, it goes in.
    unsaved.timer.timeout.emit()
    assert len(unsaved.drills) == 1 and unsaved.timer.isActive()
    fault.message = None
    unsaved.timer.timeout.emit()
    assert unsaved.drills == [] and not unsaved.timer.isActive()
    assert not page.unsaved_card.isVisible()
    assert page.note.text().endswith("is saved now: it is in the record.")
    [run] = window.ctx.storage.drills.all_for(window.ctx.learner.id)
    assert window.ctx.storage.drills.recording(run.id) == recording
    assert page.history.topLevelItemCount() == 1


def test_save_now_and_export_on_the_drills_list(window: Any, practice: Any, qtbot: Any, fault: Fault,
                                               tmp_path: Path) -> None:
    recording = unsaved_drill(practice, qtbot, fault)
    practice.show_choose()
    page = practice.choose_page
    out = tmp_path / "from-the-list.json"
    export_through_the_dialog(qtbot, page.unsaved_export_button, out)
    assert load_recording(out) == recording
    assert f"It was exported to {out}." in page.unsaved_text.text()
    fault.message = None
    qtbot.mouseClick(page.unsaved_save_button, Qt.MouseButton.LeftButton)
    assert practice.unsaved.drills == [] and not page.unsaved_card.isVisible()
    assert len(window.ctx.storage.drills.all_for(window.ctx.learner.id)) == 1


def test_the_next_drill_saved_takes_the_unsaved_one_with_it(window: Any, practice: Any, qtbot: Any,
                                                           fault: Fault) -> None:
    first = unsaved_drill(practice, qtbot, fault)
    fault.message = None
    start(practice, qtbot)
    drag(practice, qtbot, [(-0.16, 0.1), (-0.16, 0.9)])
    finish(practice, qtbot)
    assert practice.result_page.saved_note.text() == f"Saved to {window.ctx.learner.name}'s record."
    runs = window.ctx.storage.drills.all_for(window.ctx.learner.id)
    assert len(runs) == 2 and practice.unsaved.drills == []
    assert first in [window.ctx.storage.drills.recording(r.id) for r in runs]


def test_a_read_only_folder_is_named_in_plain_words(window: Any, practice: Any, qtbot: Any, fault: Fault) -> None:
    unsaved_drill(practice, qtbot, fault, READ_ONLY)
    note = practice.result_page.saved_note.text()
    assert note.startswith("Could not save this drill: the data folder is read-only. Make the data folder writable.")
    assert not any(word in note for word in RAW)
    fault.message = None
    qtbot.mouseClick(practice.result_page.retry_button, Qt.MouseButton.LeftButton)
    assert practice.unsaved.drills == []


def test_with_no_copy_in_the_data_folder_the_note_does_not_claim_one(
        window: Any, practice: Any, qtbot: Any, fault: Fault, monkeypatch: pytest.MonkeyPatch) -> None:
    from massage_trainer.storage import StorageFull

    def full(*_args: object) -> None:
        raise StorageFull(None, "keeping the drill in a file")

    monkeypatch.setattr(jobs_module, "keep_unsaved", full)
    unsaved_drill(practice, qtbot, fault)
    assert "A copy is kept" not in practice.result_page.saved_note.text()
    assert kept_unsaved(window.ctx.storage.home) == []
    fault.message = None
    practice.unsaved.retry_all()
    assert practice.unsaved.drills == []


# --- closing the window with a drill unsaved ----------------------------------------------------


def test_closing_asks_and_cancel_keeps_the_window_open(window: Any, practice: Any, qtbot: Any,
                                                       fault: Fault) -> None:
    unsaved_drill(practice, qtbot, fault)
    window.close()
    box = message_named(qtbot, "unsavedClose")
    assert window.isVisible()
    assert box.text() == "A drill is not yet saved: the disk is full."
    assert box.informativeText().startswith(f"{window.ctx.learner.name}'s Stroking (effleurage) drill of ")
    assert sorted(b.text() for b in box.buttons()) == ["Cancel", "Discard", "Export…", "Save again"]
    answer(qtbot, box, "Cancel")
    assert window.isVisible() and len(practice.unsaved.drills) == 1
    fault.message = None
    practice.unsaved.retry_all()


def test_closing_then_save_again_saves_it_and_closes(window: Any, practice: Any, qtbot: Any,
                                                     fault: Fault) -> None:
    recording = unsaved_drill(practice, qtbot, fault)
    window.close()
    box = message_named(qtbot, "unsavedClose")
    answer(qtbot, box, "Save again")  # still full: asked again, with the reason
    again = message_named(qtbot, "unsavedClose")
    assert window.isVisible() and "the disk is full" in again.text()
    fault.message = None
    answer(qtbot, again, "Save again")
    qtbot.waitUntil(lambda: not window.isVisible())
    [run] = window.ctx.storage.drills.all_for(window.ctx.learner.id)
    assert window.ctx.storage.drills.recording(run.id) == recording
    assert kept_unsaved(window.ctx.storage.home) == []


def test_closing_then_export_writes_it_and_closes_keeping_a_copy(window: Any, practice: Any, qtbot: Any,
                                                                fault: Fault, tmp_path: Path) -> None:
    recording = unsaved_drill(practice, qtbot, fault)
    window.close()
    answer(qtbot, message_named(qtbot, "unsavedClose"), "Export…")
    dialog = dialog_named(qtbot, "exportDialog")
    out = tmp_path / "at-close.json"
    dialog.selectFile(str(out))
    dialog.accept()
    qtbot.waitUntil(lambda: not window.isVisible())
    assert load_recording(out) == recording
    # Still not in the record, so a copy stays in the data folder for the next start.
    [kept] = kept_unsaved(window.ctx.storage.home)
    assert load_recording(kept.path) == recording
    fault.message = None
    practice.unsaved.retry_all()
    assert kept_unsaved(window.ctx.storage.home) == []


def test_closing_then_discard_throws_it_away(window: Any, practice: Any, qtbot: Any, fault: Fault) -> None:
    unsaved_drill(practice, qtbot, fault)
    window.close()
    answer(qtbot, message_named(qtbot, "unsavedClose"), "Discard")
    qtbot.waitUntil(lambda: not window.isVisible())
    assert practice.unsaved.drills == [] and kept_unsaved(window.ctx.storage.home) == []
    fault.message = None
    assert window.ctx.storage.drills.all_for(window.ctx.learner.id) == []


def test_a_drill_kept_by_a_past_session_is_saved_at_the_next_start(window: Any, qtbot: Any, content: Any) -> None:
    from massage_trainer.core.demo import demo_recording

    me = window.ctx.learner
    recording = demo_recording(content.techniques["kneading"])
    keep_unsaved(window.ctx.storage.home, me.id, "technique:kneading", "2026-05-01T10:00:00+00:00", recording)
    practice = open_practice(window, qtbot)  # built now: it looks in the data folder
    qtbot.waitUntil(lambda: window.ctx.storage.drills.count(me.id) == 1)
    qtbot.waitUntil(lambda: practice.unsaved.drills == [])
    [run] = window.ctx.storage.drills.all_for(me.id)
    assert run.drill == "technique:kneading" and run.started_at == "2026-05-01T10:00:00+00:00"
    assert window.ctx.storage.drills.recording(run.id) == recording
    assert kept_unsaved(window.ctx.storage.home) == []
    assert practice.choose_page.note.text().endswith("is saved now: it is in the record.")


# --- a real full disk ---------------------------------------------------------------------------


def fill(folder: Path) -> Path:
    """Write a file until the disk says it is full (ENOSPC)."""
    filler = folder / "filler.bin"
    with filler.open("wb") as f:
        try:
            while True:
                f.write(b"\0" * 65536)
                f.flush()
        except OSError as err:
            assert err.errno == errno.ENOSPC
    return filler


@needs_mount
def test_a_really_full_disk_at_finish_loses_nothing(tmp_home: Path, qtbot: Any, tmp_path: Path) -> None:
    from tests.gui_helpers import open_window

    with tmpfs(tmp_home, "8m"):
        window, storage = open_window(qtbot)
        try:
            window.activateWindow()
            qtbot.waitUntil(window.isActiveWindow)
            practice = open_practice(window, qtbot)
            start(practice, qtbot)
            drag(practice, qtbot, STROKE, steps=80, seconds=4.0)
            storage.db.execute("PRAGMA wal_checkpoint(TRUNCATE)")  # no room left in the log either
            filler = fill(tmp_home)
            finish(practice, qtbot)
            note = practice.result_page.saved_note.text()
            assert note.startswith("Could not save this drill: the disk is full.")
            assert "A copy is kept" not in note and not any(word in note for word in RAW)
            assert practice.result_page.export_button.isEnabled()
            out = tmp_path / "elsewhere.json"  # another disk: the export works
            practice.files.export(practice.results.last_recording, out)
            assert load_recording(out) == practice.results.last_recording
            filler.unlink()
            practice.unsaved.timer.timeout.emit()
            assert practice.unsaved.drills == []
            me = window.ctx.learner
            assert me is not None
            [run] = storage.drills.all_for(me.id)
            assert storage.drills.recording(run.id) == practice.results.last_recording
        finally:
            window.close()
            storage.close()
