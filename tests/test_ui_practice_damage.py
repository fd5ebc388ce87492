"""Damage found after the database was opened, on the Practice screen: a damaged row is listed as
damaged and breaks nothing; Report, Replay and Export on it say plainly what they can and cannot do;
drills that cannot be read at all are one clear message in the history card, never a traceback."""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QMessageBox

from massage_trainer.core.recording import load_recording
from massage_trainer.storage import database_path
from massage_trainer.ui.practice.history import DAMAGED
from tests.practice_helpers import drag, finish, message_named, open_practice, start

PAGE = 4096


@pytest.fixture
def practice(window: Any, qtbot: Any) -> Any:
    return open_practice(window, qtbot)


def two_drills(practice: Any, qtbot: Any) -> list[Any]:
    for x in (0.16, -0.16):
        start(practice, qtbot)
        drag(practice, qtbot, [(x, 0.1), (x, 0.9)])
        finish(practice, qtbot)
    practice.show_choose()
    return list(practice.history.runs)


def sql(window: Any, statement: str) -> None:
    """Change the database behind the app's back, as damage would."""
    conn = sqlite3.connect(database_path(window.ctx.storage.home))
    try:
        conn.execute(statement)
        conn.commit()
    finally:
        conn.close()


def row_texts(practice: Any) -> list[list[str]]:
    tree = practice.choose_page.history
    return [[tree.topLevelItem(i).text(c) for c in range(4)] for i in range(tree.topLevelItemCount())]


def select(practice: Any, run_id: int) -> None:
    practice.history.select_run(run_id)
    assert practice.selected_run_id() == run_id


def no_box_open() -> bool:
    return not any(isinstance(w, QMessageBox) and w.isVisible() for w in QApplication.topLevelWidgets())


def test_a_damaged_row_is_listed_as_damaged_and_the_rest_as_they_are(window: Any, practice: Any, qtbot: Any,
                                                                     tmp_path: Path) -> None:
    _newer, older = two_drills(practice, qtbot)
    sql(window, f"UPDATE drill_runs SET report = '{{not json' WHERE id = {older.id}")
    practice.show_choose()
    rows = row_texts(practice)
    assert len(rows) == 2 and rows[0][3] in ("Passed", "Not passed")
    assert rows[1][1:] == ["Stroking (effleurage)", "—", DAMAGED] and DAMAGED == "Damaged — cannot be read"
    item = practice.choose_page.history.topLevelItem(1)
    assert item.toolTip(3) == "This drill's record is damaged: its report is not readable JSON."
    assert practice.choose_page.history.isVisible() and not practice.choose_page.history_problem.isVisible()
    assert no_box_open()

    # Its recording is sound: the report is graded again from it, and says why.
    select(practice, older.id)
    qtbot.mouseClick(practice.choose_page.report_button, Qt.MouseButton.LeftButton)
    assert practice.pages.currentWidget() is practice.result_page
    note = practice.result_page.saved_note.text()
    assert "Its stored report is damaged (its report is not readable JSON)" in note
    assert "graded again from its recording" in note
    assert practice.results.last_report.score == older.score
    # Replay and Export work too: the recording is what they need.
    practice.show_choose()
    select(practice, older.id)
    qtbot.mouseClick(practice.choose_page.replay_button, Qt.MouseButton.LeftButton)
    assert practice.pages.currentWidget() is practice.replay_page
    practice.show_choose()
    select(practice, older.id)
    out = tmp_path / "rescued.json"
    practice.export_run(older.id, out)
    assert load_recording(out) == window.ctx.storage.drills.recording(older.id)


def test_a_damaged_recording_says_plainly_why_report_replay_and_export_cannot(
        window: Any, practice: Any, qtbot: Any, tmp_path: Path) -> None:
    newer, older = two_drills(practice, qtbot)
    sql(window, f"UPDATE drill_runs SET recording = '[1, 2' WHERE id = {older.id}")
    practice.show_choose()
    for button, verb in ((practice.choose_page.report_button, "opened"),
                         (practice.choose_page.replay_button, "opened"),
                         (practice.choose_page.export_button, "exported")):
        select(practice, older.id)
        if verb == "exported":
            practice.export_run(older.id, tmp_path / "never.json")
        else:
            qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
        box = message_named(qtbot, "practiceMessage")
        text = box.text()
        assert text.startswith(f"This drill cannot be {verb}: it is damaged and cannot be read (")
        assert "The other drills are not affected." in text and "Restore a backup from Backups…" in text
        assert "Traceback" not in text and box.textFormat() == Qt.TextFormat.PlainText
        box.close()
        assert practice.pages.currentWidget() is practice.choose_page
    assert not (tmp_path / "never.json").exists()
    # The sound drill still opens.
    select(practice, newer.id)
    qtbot.mouseClick(practice.choose_page.report_button, Qt.MouseButton.LeftButton)
    assert practice.pages.currentWidget() is practice.result_page


def test_a_renamed_column_is_one_message_in_the_history_card(window: Any, practice: Any, qtbot: Any) -> None:
    two_drills(practice, qtbot)
    sql(window, "ALTER TABLE drill_runs RENAME COLUMN report TO old_report")
    practice.show_choose()
    page = practice.choose_page
    assert page.history_problem.isVisible()
    assert page.history_problem.text() == ("Your drills cannot be read: the database is damaged. "
                                           "Restore a backup from Backups… (or run massage-trainer db restore).")
    assert not page.history.isVisible() and not page.history_empty.isVisible()
    assert not page.report_button.isEnabled() and no_box_open()


def test_a_damaged_drill_runs_page_is_one_message_in_the_history_card(window: Any, practice: Any,
                                                                      qtbot: Any) -> None:
    two_drills(practice, qtbot)
    window.ctx.storage.db.execute("PRAGMA wal_checkpoint(TRUNCATE)")  # the pages into the main file
    path = database_path(window.ctx.storage.home)
    conn = sqlite3.connect(path)
    root = int(conn.execute("SELECT rootpage FROM sqlite_master WHERE name = 'drill_runs'").fetchone()[0])
    conn.close()
    with path.open("r+b") as f:
        f.seek((root - 1) * PAGE)
        data = f.read(8)
        f.seek((root - 1) * PAGE)
        f.write(bytes(b ^ 0xFF for b in data))
    practice.show_choose()
    page = practice.choose_page
    assert page.history_problem.isVisible()
    assert page.history_problem.text().startswith("Your drills cannot be read: the database is damaged. ")
    assert no_box_open()
