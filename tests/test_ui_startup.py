"""Starting with records that cannot be opened as they are: damaged (restore the newest good backup,
or start afresh beside the kept file), from a newer version (refused), a disk that is full or a
file that cannot be written (said plainly). Each goes through `run_gui`, as a user starts the app."""

from __future__ import annotations

import os
import sqlite3
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from massage_trainer.storage import Storage, backup_now, database_path, list_backups
from massage_trainer.storage import db as db_module
from massage_trainer.ui.shell import app as app_module
from massage_trainer.ui.shell.crash import CrashReporter
from massage_trainer.ui.shell.main_window import MainWindow
from massage_trainer.ui.today.screen import TodayScreen
from tests.faults import FULL, READ_ONLY, Fault, faulty_connection, mount_permitted, read_only
from tests.shell_helpers import Answers

PAGE = 4096


def _flip(path: Path, offset: int, count: int) -> None:
    with path.open("r+b") as f:
        f.seek(offset)
        data = f.read(count)
        f.seek(offset)
        f.write(bytes(b ^ 0xFF for b in data))


DAMAGE = {
    "truncated": lambda p: os.truncate(p, p.stat().st_size // 2 + 123),
    "bytes flipped": lambda p: _flip(p, 0, 16),
    "not a database": lambda p: p.write_bytes(b"this is not sqlite" * 300),
}


def _records(backed_up: bool) -> Path:
    """Ann and Bob, Bob last chosen; with one good backup of that, or none. Closed, lock released."""
    storage = Storage.open()
    storage.learners.create("Ann")
    storage.learners.remember(storage.learners.create("Bob"))
    if backed_up:
        backup_now(storage.path)
    storage.close_database()
    storage.lock.release()  # not close(): its scheduled backup is the test's to choose
    return database_path()


class Started:
    """run_gui's event loop, replaced: it waits for the first frame and the daily backup, runs the
    test's `checks` on the window it would run, and quits."""

    def __init__(self, qtbot) -> None:
        self.qtbot = qtbot
        self.checks: Callable[[MainWindow], None] | None = None

    def __call__(self, app: QApplication) -> int:
        window = next(w for w in QApplication.topLevelWidgets() if isinstance(w, MainWindow) and w.isVisible())
        self.qtbot.waitUntil(window.painted)  # the first frame (Today's: it draws no diagram)
        self.qtbot.waitUntil(lambda: not window.runner.busy())  # the daily backup, after the first frame
        reporter = getattr(sys.excepthook, "__self__", None)
        assert isinstance(reporter, CrashReporter) and reporter.count == 0  # nothing went wrong unseen
        if self.checks is not None:
            self.checks(window)
        window.close()
        return 0


@pytest.fixture
def started(monkeypatch, qtbot) -> Started:
    loop = Started(qtbot)
    monkeypatch.setattr(app_module, "event_loop", loop)
    return loop


@pytest.mark.parametrize("how", DAMAGE)
def test_damaged_at_start_with_a_backup_is_restored_and_the_window_opens_with_the_records(
        qtbot, tmp_home, started, capsys, how):
    path = _records(backed_up=True)
    DAMAGE[how](path)
    damaged = path.read_bytes()
    answers = Answers(("damagedDatabase", "Restore the backup from"))

    def checks(window: MainWindow) -> None:
        bar = window.learner_bar
        assert [bar.combo.itemText(i) for i in range(bar.combo.count())] == ["Ann", "Bob"]
        assert bar.combo.currentText() == "Bob"
        assert len(list_backups(path)) == 1  # the one restored: a day has not passed since it

    started.checks = checks
    try:
        assert app_module.run_gui() == 0
    finally:
        answers.remove()
    seen = answers.seen[0]
    assert seen.text == "Your records file is damaged"
    assert str(path) in seen.informative and "Nothing has been deleted" in seen.informative
    assert seen.buttons[0].startswith("Restore the backup from ") and seen.buttons[1] == "Quit"
    assert all(f == Qt.TextFormat.PlainText for f in seen.formats)
    kept = [p for p in path.parent.iterdir() if p.name.startswith("massage-trainer.sqlite3.damaged-")]
    assert [p.read_bytes() for p in kept] == [damaged]  # set aside, renamed, not deleted
    assert "Traceback" not in capsys.readouterr().err


def test_damaged_at_start_with_no_backup_starts_an_empty_record_and_keeps_the_file(qtbot, tmp_home, started):
    path = _records(backed_up=False)
    DAMAGE["not a database"](path)
    damaged = path.read_bytes()
    answers = Answers(("damagedDatabase", "Start with an empty record"))

    def checks(window: MainWindow) -> None:
        # An empty record, as on a first run: no learner is made up; Today asks for a name.
        assert window.learner_bar.combo.count() == 0 and window.ctx.learner is None
        today = window.screens["today"]
        assert isinstance(today, TodayScreen)
        assert window.current_screen() == "today" and today.pages.currentWidget() is today.welcome
        # The daily backup, made on the worker after the first frame (a busy machine may start it late).
        qtbot.waitUntil(lambda: [b.reason for b in list_backups(path)] == [""], timeout=20_000)

    started.checks = checks
    try:
        assert app_module.run_gui() == 0
    finally:
        answers.remove()
    seen = answers.seen[0]
    assert "There is no backup to restore it from" in seen.informative
    assert seen.buttons == ["Start with an empty record", "Quit"]
    kept = next(p for p in path.parent.iterdir() if p.name.startswith("massage-trainer.sqlite3.damaged-"))
    assert f"kept as {kept.name}, in {kept.parent}" in seen.informative  # the name it said is the name it used
    assert kept.read_bytes() == damaged


def test_quit_at_the_damaged_question_changes_nothing(qtbot, tmp_home):
    path = _records(backed_up=True)
    DAMAGE["truncated"](path)
    before = _files(path.parent)
    answers = Answers(("damagedDatabase", "Quit"))
    try:
        assert app_module.run_gui() == 1
    finally:
        answers.remove()
    assert _files(path.parent) == before


def _files(home: Path) -> list[tuple[str, bytes]]:
    """The records and their backups (not the logs), with what they hold."""
    return sorted((str(p.relative_to(home)), p.read_bytes()) for p in home.rglob("*sqlite3*") if p.is_file())


def test_a_newer_database_is_refused_and_left_as_it_is(qtbot, tmp_home, capsys):
    path = _records(backed_up=False)
    conn = sqlite3.connect(path)
    conn.execute("PRAGMA user_version = 99")
    conn.commit()
    conn.close()
    before = path.read_bytes()
    answers = Answers(("databaseTooNew", "Quit"))
    try:
        assert app_module.run_gui() == 1
    finally:
        answers.remove()
    seen = answers.seen[0]
    assert seen.text == "Your records come from a newer Massage Trainer"
    assert "newer version" in seen.informative and "Install the newer version" in seen.informative
    assert str(path) in seen.informative and "99" in seen.informative
    assert path.read_bytes() == before
    assert "Traceback" not in capsys.readouterr().err


@pytest.mark.parametrize(("fault_message", "name", "words"), [
    (READ_ONLY, "storageReadOnly", "read-only"),
    (FULL, "storageFull", "is full"),
])
def test_a_read_only_file_or_a_full_disk_at_start_is_said_plainly(qtbot, tmp_home, monkeypatch, capsys,
                                                                   fault_message, name, words):
    path = _records(backed_up=False)
    fault = Fault()
    monkeypatch.setattr(db_module, "CONNECTION_CLASS", faulty_connection(fault))
    fault.message = fault_message
    answers = Answers((name, "Quit"))
    try:
        assert app_module.run_gui() == 1
    finally:
        answers.remove()
    seen = answers.seen[0]
    assert words in seen.informative and "Nothing was changed" in seen.informative
    assert str(path.parent) in seen.informative  # where
    assert seen.buttons == ["Quit"]
    err = capsys.readouterr().err
    assert "Traceback" not in err and words in err  # one line for a terminal, no crash report


@pytest.mark.skipif(not mount_permitted(), reason="mounting is not permitted here (needs root)")
def test_a_really_read_only_data_folder_is_said_plainly(qtbot, tmp_home, capsys):
    _records(backed_up=False)
    answers = Answers(("storageReadOnly", "Quit"))
    try:
        with read_only(tmp_home):
            assert app_module.run_gui() == 1
    finally:
        answers.remove()
    assert "read-only" in answers.seen[0].informative and "MASSAGE_TRAINER_HOME" in answers.seen[0].informative
    assert "Traceback" not in capsys.readouterr().err
