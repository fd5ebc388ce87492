"""The Progress screen as a learner sees it: read off the GUI thread, its charts' points and its lists
worked out by hand (tests/progress_helpers.py), a new learner told what to do, and Export CSV… ."""

from __future__ import annotations

import csv
import errno
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFileDialog, QMessageBox

from massage_trainer.core.rules import rule
from massage_trainer.core.safe_text import describe_os_error
from massage_trainer.ui.progress.charts import NO_TOPIC, stamp
from massage_trainer.ui.progress.lists import shorten
from massage_trainer.ui.progress.screen import NO_LEARNER, NOTHING_YET
from massage_trainer.ui.progress.view import ProgressView
from tests.progress_helpers import NOW, add_answer, seed_record

WEEKS = ["2026-10-19", "2026-10-26", "2026-11-02", "2026-11-09", "2026-11-16", "2026-11-23", "2026-11-30",
         "2026-12-07"]


def open_progress(window: Any, qtbot: Any) -> Any:
    """Click Progress on the rail; the screen says it is reading, then shows what it read."""
    qtbot.mouseClick(window.rail.buttons["progress"], Qt.MouseButton.LeftButton)
    screen = window.screens["progress"]
    assert screen.loading() and screen.message.text() == f"Reading {window.ctx.learner.name}'s progress…"
    with qtbot.waitSignal(screen.loaded, timeout=20_000):
        pass
    assert not screen.loading()
    return screen


@pytest.fixture
def seeded(window: Any, content: Any) -> Any:
    """The current learner's record as the store tests have it, and a real question answered wrongly twice."""
    storage = window.ctx.storage
    storage.clock = lambda: NOW
    ann = window.ctx.learner.id
    seed_record(storage.db, ann, storage.learners.create("Bob").id)
    question = content.questions[0]
    add_answer(storage.db, ann, question.id, "2026-12-04T09:00:00", 0.0, question.topic)
    add_answer(storage.db, ann, question.id, "2026-12-05T09:00:00", 0.0)  # kept before 0006: its topic from content
    return question


def xy(item: Any) -> tuple[list[float], list[float]]:
    x, y = item.getData()
    return [float(v) for v in x], [round(float(v), 4) for v in y]


def test_the_charts_hold_the_learners_points(window, qtbot, seeded) -> None:
    screen = open_progress(window, qtbot)
    view = screen.view
    assert isinstance(view, ProgressView) and screen.pages.currentWidget() is view
    assert screen.summary.text() == "Learner 1: 10 quiz answers and 5 drills."
    curves = view.accuracy.curves
    assert set(curves) == {"safety", "technique", "", seeded.topic}
    assert xy(curves["safety"]) == ([stamp(date(2026, 11, 23)), stamp(date(2026, 11, 30))], [0.0, 25.0])
    assert xy(curves[""]) == ([stamp(date(2026, 11, 30)), stamp(date(2026, 12, 7))], [75.0, 100.0])  # q3, q4
    assert xy(curves[seeded.topic]) == ([stamp(date(2026, 11, 30))], [0.0])  # both answers, one with no topic kept
    assert xy(curves["technique"])[1] == [50.0, 50.0]
    # Each topic has its own marker and dash as well as its colour, and a legend entry.
    styles = {(c.opts["symbol"], c.property("dash")) for c in curves.values()}
    assert len(styles) == len(curves) == len(view.accuracy.entries)
    assert xy(view.scores.curve)[1] == [50.0, 40.0, 80.0, 30.0]  # the unfinished drill left out
    assert list(view.scores.points.data["symbol"]) == ["x", "x", "o", "x"]
    assert [round(float(h), 4) for h in view.time.drills.opts["height"]] == [5, 0, 10, 0, 0, 0, 2.5, 1]
    assert [round(float(h), 4) for h in view.time.quiz.opts["height"]] == [0, 0, 0, 0, 0, 0, 2.5, 1]
    assert len(view.time.drills.opts["x"]) == len(WEEKS)
    assert view.time.widget.accessibleDescription() == "22 minutes over 8 weeks"  # 18.5 of drills, 3.5 of answers
    assert view.scores.widget.accessibleDescription() == "4 drills finished, 1 passed; the last scored 30"


def test_the_lists_name_the_weakest_the_rules_and_the_review(window, qtbot, seeded) -> None:
    view = open_progress(window, qtbot).view
    assert view.questions.rows() == [(shorten(seeded.text), seeded.topic, "0 %", "2"),
                                     ("question q2", "safety", "12 %", "2"),  # no text known: named by id
                                     ("question q1", "technique", "50 %", "3"),
                                     ("question q3", NO_TOPIC, "75 %", "2")]
    assert view.topics.rows()[0] == (seeded.topic, "0 %", "2")
    assert view.rules.rows() == [(rule("direction").citation, "4", "2", "steady"),
                                 (rule("spine").citation, "2", "2", "up 2"),
                                 (rule("contact").citation, "1", "0", "down 1")]
    assert "2 questions are due for review now. 3 in all within the next seven days." in view.review.text()
    assert view.review.text().endswith(".") and "10 Dec" in view.review.text()


def test_shown_again_it_reads_what_is_new(window, qtbot, seeded) -> None:
    screen = open_progress(window, qtbot)
    drawn = screen.view.scores.curve
    qtbot.mouseClick(window.rail.buttons["atlas"], Qt.MouseButton.LeftButton)
    add_answer(window.ctx.storage.db, window.ctx.learner.id, "q5", "2026-12-08T10:00:00", 0.0, "safety")
    assert open_progress(window, qtbot) is screen and screen.view.scores.curve is drawn
    assert screen.summary.text() == "Learner 1: 11 quiz answers and 5 drills."
    assert xy(screen.view.accuracy.curves["safety"])[1] == [0.0, 25.0, 0.0]  # this week's answer
    assert screen.view.questions.rows()[1][:1] == ("question q2",)


def test_a_change_of_learner_reads_again(window, qtbot, seeded) -> None:
    screen = open_progress(window, qtbot)
    with qtbot.waitSignal(screen.loaded, timeout=20_000):
        window.learner_bar.select(window.ctx.storage.learners.find("Bob"))
    assert screen.summary.text() == "Bob: 1 quiz answer and 1 drill."
    assert screen.view.rules.rows() == [(rule("spine").citation, "1", "1", "up 1")]
    assert screen.view.questions.rows() == []


def test_a_new_learner_is_told_what_to_do(window, qtbot) -> None:
    screen = open_progress(window, qtbot)
    assert screen.pages.currentWidget() is screen.message_page and screen.message.text() == NOTHING_YET
    assert screen.view is None  # no chart built, so pyqtgraph is not needed yet
    assert not screen.export_button.isEnabled()


def test_without_a_learner_it_asks_for_one(window, qtbot) -> None:
    screen = open_progress(window, qtbot)
    job = window.learner_bar.delete_current()
    if job is not None:
        with qtbot.waitSignal(job.finished, timeout=20_000):
            pass
    assert window.ctx.learner is None
    assert screen.message.text() == NO_LEARNER and not screen.export_button.isEnabled()


def test_export_csv_writes_the_whole_history(window, qtbot, seeded, tmp_path, monkeypatch) -> None:
    screen = open_progress(window, qtbot)
    target = tmp_path / "ann"  # no suffix given: .csv is added
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(target), "CSV files (*.csv)"))
    with qtbot.waitSignal(screen.exported, timeout=20_000):
        qtbot.mouseClick(screen.export_button, Qt.MouseButton.LeftButton)
    with target.with_suffix(".csv").open(encoding="utf-8-sig", newline="") as f:
        rows = list(csv.reader(f))
    assert rows[0] == ["date", "kind", "item", "question", "bank", "topic", "score", "result", "time_s"]
    assert len(rows) == 1 + 10 + 5
    asked = [r for r in rows if r[2] == seeded.id]
    assert len(asked) == 2 and asked[0][3] == seeded.text and asked[0][5:8] == [seeded.topic, "0", "wrong"]
    assert ["2026-12-03T09:00:00+00:00", "quiz", "q3", "", "builtin", "", "100", "correct", ""] in rows
    assert f"Exported 15 rows of history to {target.with_suffix('.csv')}." == screen.note.text()
    assert window.status.currentMessage() == screen.note.text()


def test_an_export_that_cannot_be_written_says_so_once(window, qtbot, seeded, tmp_path, monkeypatch) -> None:
    screen = open_progress(window, qtbot)
    not_a_folder = tmp_path / "notes.txt"
    not_a_folder.write_text("a file, where a folder should be")
    target = not_a_folder / "history.csv"  # no one can write here, root included
    words = describe_os_error(NotADirectoryError(errno.ENOTDIR, "Not a directory"))
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(target), ""))
    with qtbot.waitSignal(screen.exported, timeout=20_000):
        screen.export_shortcut.activated.emit()
    boxes = [b for b in screen.findChildren(QMessageBox) if b.isVisible()]
    assert [b.objectName() for b in boxes] == ["exportFailed"]
    text = boxes[0].text()
    assert text == f"{target}: the history could not be written: {words}. Choose another place or name."
    assert not target.exists() and not screen.note.isVisible()
    boxes[0].close()


def test_f1_help_names_the_screens_keys_as_the_key_map_does(window, qtbot) -> None:
    screen = open_progress(window, qtbot)
    doc = (Path(__file__).resolve().parent.parent / "docs" / "keys.md").read_text(encoding="utf-8")
    section = doc.split("## Progress\n")[1].split("\n## ")[0]
    rows = [tuple(cell.strip().strip("`") for cell in line.split("|")[1:3])
            for line in section.splitlines() if line.startswith("| `")]
    help_ = screen.screen_help()
    assert help_.keys == tuple(rows) and "Export CSV…" in help_.where
