"""Helpers for the Quiz screen's GUI tests: open it, ask one question, press keys, read the record."""

from __future__ import annotations

from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QApplication

from massage_trainer.core.quiz import QType
from tests.gui_helpers import FakeClock


def open_quiz(window, qtbot):
    """The Quiz screen on show, its clock in the test's hand and its work done at once."""
    qtbot.mouseClick(window.rail.buttons["quiz"], Qt.MouseButton.LeftButton)
    assert window.current_screen() == "quiz"
    screen = window.screens["quiz"]
    screen.clock = FakeClock()
    screen.runner.synchronous = True
    screen.rng.seed(1)
    screen.start.refresh()
    assert screen.pool is not None
    return screen


def of_type(screen, qtype: QType, where=lambda q: True):
    return next(q for q in screen.pool.questions if q.type == qtype and where(q))


def ask(screen, question, mode="topic"):
    assert screen.begin([question], mode)
    assert screen.pages.currentWidget() is screen.question_page
    return screen.question_page.input


def key(qtbot, screen, k, modifier=Qt.KeyboardModifier.NoModifier) -> None:
    """A key pressed wherever the focus is on the screen, as the keyboard sends it."""
    target = QApplication.focusWidget() or screen
    qtbot.keyClick(target, k, modifier)


def digit(qtbot, screen, n: int) -> None:
    key(qtbot, screen, getattr(Qt.Key, f"Key_{n}"))


def at(diagram, x, y) -> QPoint:
    return diagram.to_widget(x, y).toPoint()


def answers(window):
    return window.ctx.storage.quiz.answers_for(window.ctx.learner.id)


def verdict(screen) -> str:
    page = screen.question_page
    assert page.feedback.isVisible()
    return str(page.mark.text())
