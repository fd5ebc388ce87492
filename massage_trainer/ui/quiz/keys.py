"""The Quiz screen's keys: one table (`QUIZ_KEYS`) for the shortcuts, F1's help and docs/keys.md.

Live while a question is on the screen, with the focus anywhere on it. A line edit (a number, a
short answer) keeps the digits it is typed: Qt gives the typing to the field before a shortcut.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from functools import partial
from typing import Final

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QWidget

from massage_trainer.ui.kit.key_rows import DIGITS, KeyRow

QUIZ_KEYS: Final = (
    KeyRow(DIGITS, "choose", "choose the n-th answer (multiple choice: tick or untick it; 1 True, 2 False)"),
    KeyRow(("Return", "Enter"), "go",
           "submit the answer; after the feedback, the next question (in an exam: keep the answer, go on)"),
    KeyRow(("Alt+Up",), "up", "put the chosen item earlier (put in order)"),
    KeyRow(("Alt+Down",), "down", "put the chosen item later (put in order)"),
)


class QuizKeys:
    """Shortcuts that fire while the focus is anywhere on `host`, once enabled."""

    def __init__(self, host: QWidget, actions: Mapping[str, Callable[..., object]]) -> None:
        self.shortcuts: list[QShortcut] = []
        for row in QUIZ_KEYS:
            for key in row.keys:
                action = partial(actions["choose"], int(key)) if row.action == "choose" else actions[row.action]
                sc = QShortcut(QKeySequence(key), host)
                sc.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
                sc.setAutoRepeat(False)
                sc.activated.connect(action)
                sc.setEnabled(False)
                self.shortcuts.append(sc)

    def set_enabled(self, on: bool) -> None:
        for sc in self.shortcuts:
            sc.setEnabled(on)
