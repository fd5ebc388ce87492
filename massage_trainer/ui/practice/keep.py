"""Nothing lost: a drill in progress is never thrown away without asking.

Esc or Cancel pauses the drill and asks "Discard this drill's trace?" (Keep is
the default, and Esc in the question keeps it). Leaving the screen pauses the
drill, so it can be resumed on return.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject, Qt
from PySide6.QtWidgets import QMessageBox, QWidget

from massage_trainer.ui.practice.live import LiveDrill

DISCARD_QUESTION = "Discard this drill's trace?"


class DrillKeeper(QObject):
    """Asks before a drill's trace is thrown away; `discard` throws it away."""

    def __init__(self, live: LiveDrill, host: QWidget, discard: Callable[[], None],
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.live = live
        self.host = host
        self.discard = discard
        self.dialog: QMessageBox | None = None

    def ask_discard(self) -> None:
        """Pause and ask; a drill with nothing traced yet has nothing to lose, and simply stops."""
        d = self.live.drill
        if d is None or not self.live.active or (self.dialog is not None and self.dialog.isVisible()):
            return
        if d.sample_count == 0:
            self.discard()
            return
        was_running = self.live.pause()
        box = QMessageBox(QMessageBox.Icon.Question, "Discard the drill?", DISCARD_QUESTION,
                          QMessageBox.StandardButton.NoButton, self.host)
        box.setObjectName("discardDrill")
        box.setTextFormat(Qt.TextFormat.PlainText)
        box.setInformativeText(f"{d.sample_count} samples traced so far. Keep goes on with the drill; "
                               "Discard throws the trace away.")
        keep = box.addButton("Keep", QMessageBox.ButtonRole.RejectRole)
        throw = box.addButton("Discard", QMessageBox.ButtonRole.DestructiveRole)
        box.setDefaultButton(keep)
        box.setEscapeButton(keep)
        box.finished.connect(lambda _result: self._answered(box.clickedButton() is throw, was_running))
        self.dialog = box
        box.open()  # window-modal and non-blocking, like the screen's other dialogs

    def _answered(self, discard: bool, was_running: bool) -> None:
        self.dialog = None
        if discard:
            self.discard()
        elif was_running:
            self.live.resume()
