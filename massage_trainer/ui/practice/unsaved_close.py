"""Closing the window with a drill not yet saved asks first: Save again, Export…, Discard, or Cancel.

The Practice screen watches its window's close (an event filter: the shell's window
needs to know nothing of it). With a drill unsaved (ui/practice/unsaved.py) the close
waits and the question opens, window-modal:

- Save again tries every unsaved drill once more; when all are in, the window closes,
  else the question comes back with the new reason;
- Export… asks where to write the drill; once it is written, the window closes (the
  next unsaved one, if any, is asked about first);
- Discard throws the unsaved drills away and closes; Cancel (Esc) keeps the window open.

Whatever is still unsaved when the window does close is kept in the data folder, if that
can be written (`UnsavedDrills.keep_all`, from the screen's `before_close`).
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject
from PySide6.QtWidgets import QAbstractButton, QMessageBox, QWidget

from massage_trainer.ui.practice.messages import message_box
from massage_trainer.ui.practice.unsaved import Unsaved, UnsavedDrills


class CloseGuard(QObject):
    """Holds the window's close while a drill is unsaved, and asks what to do with it."""

    def __init__(self, unsaved: UnsavedDrills, host: QWidget, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.unsaved = unsaved
        self.host = host
        self.window: QWidget | None = None
        self.dialog: QMessageBox | None = None
        self._letting_go = False
        self._waiting = ""  # "save" or "export": the window closes once that is done
        unsaved.saved.connect(lambda _entry, _saved: self._tries_back())
        unsaved.failed.connect(lambda _entry: self._tries_back())
        unsaved.exportedOne.connect(self._exported)

    def watch(self, window: QWidget) -> None:
        """Watch this window's close (the screen's top-level window, once it has one)."""
        if window is not self.window:
            if self.window is not None:
                self.window.removeEventFilter(self)
            self.window = window
            window.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if (watched is self.window and event.type() == QEvent.Type.Close and self.unsaved.drills
                and not self._letting_go):
            event.ignore()
            self.ask()
            return True
        return super().eventFilter(watched, event)

    def ask(self) -> None:
        if self.dialog is not None and self.dialog.isVisible():
            return
        self._waiting = ""
        drills = self.unsaved.drills
        first = drills[0]
        head = "A drill is not yet saved" if len(drills) == 1 else f"{len(drills)} drills are not yet saved"
        which = first.describe() if len(drills) == 1 else f"The oldest is {first.describe()}"
        box = message_box(self.host, "Close with a drill not saved?", f"{head}: {first.why()}.",
                          name="unsavedClose", icon=QMessageBox.Icon.Question,
                          informative=f"{which}. Save again tries once more. Export… keeps it in a file "
                                      "you choose. Discard throws it away. Cancel keeps the window open.")
        save = box.addButton("Save again", QMessageBox.ButtonRole.AcceptRole)
        export = box.addButton("Export…", QMessageBox.ButtonRole.ActionRole)
        discard = box.addButton("Discard", QMessageBox.ButtonRole.DestructiveRole)
        cancel = box.addButton("Cancel", QMessageBox.ButtonRole.RejectRole)
        box.setDefaultButton(save)
        box.setEscapeButton(cancel)
        box.finished.connect(lambda _result: self._answered(box.clickedButton(), save, export, discard))
        self.dialog = box
        box.open()

    def _answered(self, clicked: QAbstractButton | None, save: QAbstractButton, export: QAbstractButton,
                  discard: QAbstractButton) -> None:
        self.dialog = None
        if clicked is save:
            self._waiting = "save"
            self.unsaved.retry_all()
            self._tries_back()
        elif clicked is export:
            self._waiting = "export"
            self.unsaved.export(self._next_to_export())
        elif clicked is discard:
            for entry in list(self.unsaved.drills):
                self.unsaved.discard(entry)
            self.close_window()

    def _next_to_export(self) -> Unsaved:
        drills = self.unsaved.drills
        return next((d for d in drills if d.exported_to is None), drills[0])

    def _tries_back(self) -> None:
        if self._waiting != "save" or any(d.trying for d in self.unsaved.drills):
            return
        self._waiting = ""
        if self.unsaved.drills:
            self.ask()  # still not saved: the new reason, and the choices again
        else:
            self.close_window()

    def _exported(self, _entry: Unsaved) -> None:
        if self._waiting != "export":
            return
        self._waiting = ""
        if any(d.exported_to is None for d in self.unsaved.drills):
            self.ask()
        else:
            self.close_window()

    def close_window(self) -> None:
        """Close the window after all: it is what the learner asked for."""
        if self.window is None:
            return
        self._letting_go = True
        try:
            self.window.close()
        finally:
            self._letting_go = False
