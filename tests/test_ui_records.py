"""Trouble with the records while the window is open, the Backups dialog, a restore, the daily backup.

A full disk or a damaged file met after open is one plain message (a damaged one offers "Restore a
backup…"); the window goes on working. The Backups dialog lists the backups, restores one after
asking, and the window then shows the restored learners and drills.
"""

from __future__ import annotations

import sqlite3
import threading
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QInputDialog, QMessageBox

from massage_trainer.core.grading import grade
from massage_trainer.core.recording import Phase, Recording
from massage_trainer.storage import Storage, backup_now, database_path, list_backups
from massage_trainer.storage import db as db_module
from massage_trainer.storage.backup import backups_folder
from massage_trainer.ui.shell import jobs
from massage_trainer.ui.shell.backups import BackupsDialog
from massage_trainer.ui.shell.problems import RESTORE_A_BACKUP
from tests.faults import FULL, Fault, faulty_connection
from tests.gui_helpers import open_window
from tests.practice_helpers import answer, message_named, open_practice, shown_named, start

MALFORMED = "database disk image is malformed"


def recording(x: float = 0.15) -> Recording:
    t = np.arange(120) / 60.0
    return Recording((Phase("stroking", t, np.full(120, x), 0.1 + t * 0.3, np.ones(120, bool), np.full(120, 0.5)),))


class Faults(Fault):
    """Writes fail with `message`; reads (SELECT) with `read` (None: no fault)."""

    read: str | None = None


def _faulty(fault: Faults) -> type[sqlite3.Connection]:
    base = faulty_connection(fault)

    class ReadFaults(base):  # type: ignore[valid-type, misc]
        def execute(self, sql: str, parameters: Any = (), /) -> sqlite3.Cursor:
            if fault.read and sql.lstrip().upper().startswith("SELECT"):
                raise sqlite3.DatabaseError(fault.read)
            return super().execute(sql, parameters)

    return ReadFaults


@pytest.fixture
def fault(monkeypatch) -> Faults:
    fault = Faults()
    monkeypatch.setattr(db_module, "CONNECTION_CLASS", _faulty(fault))
    return fault


@pytest.fixture
def records(tmp_home, body) -> Path:
    """Ann with one drill in a good backup, and a second drill made since; closed."""
    storage = Storage.open()
    ann = storage.learners.create("Ann")
    storage.learners.remember(ann)
    for day in (1, 2):
        rec = recording(0.1 + day / 50)
        storage.drills.save(ann.id, "technique:stroking", f"2026-05-0{day}T10:00:00+00:00", rec, grade(rec, body))
        if day == 1:
            backup_now(storage.path)
    storage.close_database()
    storage.lock.release()
    return database_path()


@pytest.fixture
def win(qtbot, fault, records):
    """The window on the records, its storage on the fault-injecting connection."""
    window, storage = open_window(qtbot)
    window.activateWindow()
    qtbot.waitActive(window)
    yield window
    window.runner.wait()
    window.close()
    storage.close()


def _rename(qtbot, window, name: str) -> None:
    window.learner_bar.rename_action.trigger()
    dialog = shown_named(qtbot, QInputDialog, "learnerNameDialog")
    dialog.setTextValue(name)
    dialog.accept()


def test_a_rename_on_a_full_disk_is_one_plain_message_and_the_app_goes_on(win, qtbot, fault, capsys):
    fault.message = FULL
    _rename(qtbot, win, "Anna")
    box = message_named(qtbot, "storageProblem")
    assert box.text() == "The learner could not be renamed"
    assert "is full" in box.informativeText() and "Nothing was changed" in box.informativeText()
    assert str(database_path().parent) in box.informativeText()
    assert [b.text() for b in box.buttons()] == ["Close"]  # nothing to restore: the file is sound
    assert box.textFormat() == Qt.TextFormat.PlainText
    answer(qtbot, box, "Close")
    assert win.learner_bar.current().name == "Ann"
    fault.message = None  # space freed: the same action now works, and the rest of the window too
    _rename(qtbot, win, "Anna")
    qtbot.waitUntil(lambda: win.learner_bar.combo.currentText() == "Anna")
    qtbot.mouseClick(win.rail.buttons["reference"], Qt.MouseButton.LeftButton)
    assert win.current_screen() == "reference"
    assert "Traceback" not in capsys.readouterr().err


def test_a_new_learner_and_a_delete_on_a_full_disk_are_said_and_change_nothing(win, qtbot, fault):
    fault.message = FULL
    win.learner_bar.new_action.trigger()
    dialog = shown_named(qtbot, QInputDialog, "learnerNameDialog")
    dialog.setTextValue("Bob")
    dialog.accept()
    box = message_named(qtbot, "storageProblem")
    assert box.text() == "The new learner could not be added" and "is full" in box.informativeText()
    answer(qtbot, box, "Close")
    win.learner_bar.delete_action.trigger()
    answer(qtbot, message_named(qtbot, "confirmDeleteLearner"), "Delete")
    box = message_named(qtbot, "storageProblem")
    assert box.text() == "The learner could not be deleted" and "is full" in box.informativeText()
    answer(qtbot, box, "Close")
    fault.message = None
    assert [lr.name for lr in win.ctx.storage.learners.all()] == ["Ann"]
    assert win.learner_bar.current().name == "Ann"


def test_a_delete_is_backed_up_first_off_the_gui_thread(win, qtbot, monkeypatch):
    threads: list[int] = []
    real = jobs.delete_learner

    def delete(*args: Any) -> Any:
        threads.append(threading.get_ident())
        return real(*args)

    monkeypatch.setattr("massage_trainer.ui.shell.learners.delete_learner", delete)
    win.learner_bar.create_learner("Bob")
    win.learner_bar.delete_action.trigger()
    answer(qtbot, message_named(qtbot, "confirmDeleteLearner"), "Delete")
    qtbot.waitUntil(lambda: win.learner_bar.combo.count() == 1)
    assert threads and threads[0] != threading.get_ident()
    assert win.learner_bar.current().name == "Ann"
    assert "before-delete" in [b.reason for b in list_backups(database_path())]


def test_damage_met_after_open_offers_the_restore_and_the_window_reloads(win, qtbot, fault):
    screen = open_practice(win, qtbot)
    qtbot.waitUntil(lambda: len(screen.history.runs) == 2)
    fault.read = MALFORMED
    win.learner_bar.reload()  # as after any read: the learners list meets the damage
    box = message_named(qtbot, "storageProblem")
    fault.read = None
    assert box.text() == "The learners cannot be read"
    assert "damaged" in box.informativeText() and "restore the newest good backup" in box.informativeText()
    assert "Nothing has been deleted" in box.informativeText()
    answer(qtbot, box, RESTORE_A_BACKUP)
    dialog = shown_named(qtbot, BackupsDialog, "backupsDialog")
    assert dialog.folder.text() == str(backups_folder(database_path()))
    assert dialog.folder.textFormat() == Qt.TextFormat.PlainText
    assert dialog.folder.textInteractionFlags() & Qt.TextInteractionFlag.TextSelectableByMouse
    assert dialog.list.topLevelItemCount() == 1 and dialog.chosen() is not None
    row = dialog.list.topLevelItem(0)
    assert row is not None
    assert row.text(1).endswith(("KB", "MB")) and row.text(2) == "Daily" and "2" in row.text(0)
    qtbot.mouseClick(dialog.restore_button, Qt.MouseButton.LeftButton)
    answer(qtbot, message_named(qtbot, "confirmRestore"), "Restore")
    qtbot.waitUntil(lambda: dialog.outcome.isVisible())
    assert dialog.outcome.text().startswith("Restored: your records are as they were on ")
    # The records as they were just before are backed up first, and listed to restore again.
    assert [b.reason for b in list_backups(database_path())] == ["before-restore", ""]
    assert dialog.list.topLevelItemCount() == 2
    # The window shows the restored record: the learners, and the drill history on show.
    qtbot.waitUntil(lambda: len(screen.history.runs) == 1)
    assert win.learner_bar.current().name == "Ann"
    assert [lr.name for lr in win.ctx.storage.learners.all()] == ["Ann"]
    dialog.close_button.click()


def test_the_backups_button_is_reached_by_keyboard_and_named(win, qtbot):
    button = win.backups_button
    assert button.accessibleName() == "Backups" and button.text() == "Backups…"
    win.learner_bar.menu_button.setFocus()
    qtbot.keyClick(win.learner_bar.menu_button, Qt.Key.Key_Tab)
    qtbot.waitUntil(lambda: button.hasFocus())
    qtbot.keyClick(button, Qt.Key.Key_Space)
    dialog = shown_named(qtbot, BackupsDialog, "backupsDialog")
    assert dialog.list.accessibleName() and dialog.folder.accessibleName() == "Backups folder"
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: not dialog.isVisible())


def test_no_restore_over_a_drill_in_progress(win, qtbot):
    screen = open_practice(win, qtbot)
    start(screen, qtbot)
    before = database_path().read_bytes()
    dialog = win.open_backups()
    assert isinstance(dialog, BackupsDialog)
    qtbot.mouseClick(dialog.restore_button, Qt.MouseButton.LeftButton)
    answer(qtbot, message_named(qtbot, "confirmRestore"), "Restore")
    box = message_named(qtbot, "restoreRefused")
    assert "A drill is in progress" in box.informativeText()
    answer(qtbot, box, "OK")
    assert database_path().read_bytes() == before and screen.drill is not None
    dialog.close()


def test_the_daily_backup_runs_off_the_gui_thread_once_a_day(win, qtbot, tmp_home):
    path = database_path()
    before = [b.path for b in list_backups(path)]
    job = win.back_up_when_due()  # the backup of the fixture is from now: not due yet
    qtbot.waitUntil(job.is_finished)
    assert [b.path for b in list_backups(path)] == before
    for backup in before:
        backup.unlink()
    job = win.back_up_when_due()
    qtbot.waitUntil(job.is_finished)
    assert [b.reason for b in list_backups(path)] == [""]
    win.ctx.storage.backup_if_due()  # what close() asks: made already today, so nothing more
    assert len(list_backups(path)) == 1


def test_the_window_looks_again_every_hour_whether_a_backup_is_due(win, qtbot, monkeypatch):
    from massage_trainer.ui.shell import main_window

    asked: list[int] = []
    monkeypatch.setattr(main_window, "back_up_if_due", lambda path, now: asked.append(1))
    win.keep_backed_up()
    qtbot.waitUntil(lambda: asked == [1])
    timer = win._backup_timer
    assert timer is not None and timer.isActive() and timer.interval() == 3_600_000
    timer.timeout.emit()  # an hour on
    qtbot.waitUntil(lambda: asked == [1, 1])


def test_a_daily_backup_that_finds_damage_offers_the_restore(win, qtbot, monkeypatch):
    from massage_trainer.storage import DatabaseDamaged
    from massage_trainer.ui.shell import main_window

    damage = DatabaseDamaged(database_path(), "a copy of it fails quick_check: page 4 is never used",
                             list_backups(database_path())[0].path)
    monkeypatch.setattr(main_window, "back_up_if_due", lambda path, now: damage)
    win.back_up_when_due()
    box = message_named(qtbot, "storageProblem")
    assert box.text() == "The daily backup could not be made" and "page 4" in box.informativeText()
    assert RESTORE_A_BACKUP in [b.text() for b in box.buttons()]
    answer(qtbot, box, "Close")
    assert isinstance(box, QMessageBox)
