"""Question banks on the Quiz screen: the preview before an import, all or nothing, a bank as a topic,
a bank answered and removed (its answers stay)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox

from massage_trainer.core.quiz import QType
from massage_trainer.ui.quiz.words import RIGHT
from tests.quiz_helpers import answers, ask, digit, key, open_quiz, verdict

GOOD = """::Toward the heart:: Strokes on the back go <b>toward</b> the heart. {TRUE}

::First:: Which technique comes first? {=Stroking ~Kneading ~Percussion}

::Essay:: Describe a session. {}
"""
BROKEN = """::Good:: Strokes go toward the heart. {TRUE}

::Broken:: Which comes first? {=Stroking ~Kneading
"""


def preview(screen, qtbot, path: Path):
    screen.importer.preview_file(str(path))
    dialog = screen.importer.preview
    assert dialog is not None and dialog.bank.path == path
    qtbot.waitExposed(dialog)
    return dialog


def rows(tree) -> list[list[str]]:
    return [[tree.topLevelItem(i).text(c) for c in range(tree.columnCount())] for i in range(tree.topLevelItemCount())]


def test_a_good_file_is_previewed_then_imported_as_a_topic(window, qtbot, tmp_path) -> None:
    screen = open_quiz(window, qtbot)
    path = tmp_path / "instructor.gift"
    path.write_text(GOOD, encoding="utf-8")
    dialog = preview(screen, qtbot, path)
    assert rows(dialog.questions) == [
        ["Toward the heart", "true or false", "Strokes on the back go <b>toward</b> the heart."],
        ["First", "single choice", "Which technique comes first?"]]
    assert rows(dialog.skipped) == [["5", "Essay", "an essay cannot be marked automatically"]]
    assert dialog.errors is None and dialog.import_button.isEnabled()
    assert dialog.name.text() == "instructor"
    qtbot.mouseClick(dialog.import_button, Qt.MouseButton.LeftButton)
    assert [b.name for b in window.ctx.storage.banks.all()] == ["instructor"]
    assert "Imported 2 question(s)" in screen.start_page.note.text()
    topics = [screen.start_page.topics.itemText(i) for i in range(screen.start_page.topics.count())]
    assert topics[-1] == "Bank: instructor (2)"
    assert screen.start_page.banks.currentData() == "instructor"

    screen.start_page.topics.setCurrentIndex(screen.start_page.topics.count() - 1)
    qtbot.mouseClick(screen.start_page.topic_button, Qt.MouseButton.LeftButton)
    assert {q.topic for q in screen.run.questions} == {"bank:instructor"}
    assert screen.run.current.type in (QType.TRUE_FALSE, QType.SINGLE)
    digit(qtbot, screen, 1)  # True, or Stroking (the first choice): right either way
    key(qtbot, screen, Qt.Key.Key_Return)
    assert verdict(screen) == RIGHT
    assert screen.question_page.text.textFormat() == Qt.TextFormat.PlainText
    kept = answers(window)
    assert [(a.bank, a.correct, a.topic) for a in kept] == [("instructor", True, "bank:instructor")]

    screen.leave()
    qtbot.mouseClick(screen.start_page.remove_button, Qt.MouseButton.LeftButton)
    box = screen.importer.confirm
    assert box is not None
    qtbot.waitExposed(box)
    remove = next(b for b in box.buttons() if box.buttonRole(b) == QMessageBox.ButtonRole.DestructiveRole)
    qtbot.mouseClick(remove, Qt.MouseButton.LeftButton)
    assert window.ctx.storage.banks.all() == []
    assert "Removed the bank" in screen.start_page.note.text()
    assert all(not q.topic.startswith("bank:") for q in screen.pool.questions)
    assert [a.bank_removed for a in answers(window)] == [True]  # the answer stays in the history


def test_a_file_with_an_error_shows_its_line_and_imports_nothing(window, qtbot, tmp_path) -> None:
    screen = open_quiz(window, qtbot)
    path = tmp_path / "broken.gift"
    path.write_text(BROKEN, encoding="utf-8")
    dialog = preview(screen, qtbot, path)
    assert rows(dialog.questions) == [["Good", "true or false", "Strokes go toward the heart."]]
    assert dialog.errors is not None
    [[line, problem]] = rows(dialog.errors)
    assert line == "3" and "unclosed brace" in problem
    assert not dialog.import_button.isEnabled()
    dialog.accept()  # even were it accepted, nothing goes in
    assert window.ctx.storage.banks.all() == []
    assert "Nothing was imported" in screen.start_page.note.text()


def test_a_file_that_cannot_be_read_is_said_plainly(window, qtbot, tmp_path) -> None:
    screen = open_quiz(window, qtbot)
    screen.importer.preview_file(str(tmp_path / "missing.gift"))
    assert screen.importer.preview is None
    assert "no such file" in screen.start_page.note.text()


def test_bank_text_is_shown_as_plain_text(window, qtbot, tmp_path) -> None:
    screen = open_quiz(window, qtbot)
    path = tmp_path / "html.gift"
    path.write_text("::<img src=x>:: [plain]Is <b>this</b> bold? {TRUE}\n", encoding="utf-8")
    dialog = preview(screen, qtbot, path)
    qtbot.mouseClick(dialog.import_button, Qt.MouseButton.LeftButton)
    q = next(q for q in screen.pool.questions if q.topic == "bank:html")
    ask(screen, q)
    page = screen.question_page
    assert page.title.textFormat() == Qt.TextFormat.PlainText and page.title.text() == "<img src=x>"
    assert page.text.text() == "Is <b>this</b> bold?"
