"""Helpers for the shell's GUI tests: answer a dialog the app shows with exec(), before its window exists."""

from __future__ import annotations

from dataclasses import dataclass, field

from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QApplication, QMessageBox

# A learner name (at most 60 characters) that would draw a 3000-pixel image, bold text and a link.
HOSTILE = '<img src=x width=3000 height=3000><b>x</b><a href="e">l</a>'
HOSTILE_FOLDER = '<img src="x" width=3000 height=3000><b>x<a href="e">l'  # no slash: one folder


@dataclass
class Seen:
    """A message box as it was shown: its name, text, informative text and button labels."""

    name: str
    text: str
    informative: str
    buttons: list[str] = field(default_factory=list)
    formats: list[object] = field(default_factory=list)  # each label's text format


class Answers(QObject):
    """Clicks, in turn, the button starting with each label on the message box of each name, as
    soon as that box is shown (its exec() then returns); records every box it answers."""

    def __init__(self, *answers: tuple[str, str]) -> None:
        super().__init__()
        self.answers = list(answers)
        self.seen: list[Seen] = []
        app = QApplication.instance()
        assert app is not None
        app.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if (event.type() == QEvent.Type.Show and isinstance(watched, QMessageBox) and self.answers
                and watched.objectName() == self.answers[0][0]):
            _, label = self.answers.pop(0)
            from PySide6.QtWidgets import QLabel

            self.seen.append(Seen(watched.objectName(), watched.text(), watched.informativeText(),
                                  [b.text() for b in watched.buttons()],
                                  [lb.textFormat() for lb in watched.findChildren(QLabel) if lb.text()]))
            button = next(b for b in watched.buttons() if b.text().startswith(label))
            QTimer.singleShot(0, button.click)
        return False

    def remove(self) -> None:
        app = QApplication.instance()
        if app is not None:
            app.removeEventFilter(self)
