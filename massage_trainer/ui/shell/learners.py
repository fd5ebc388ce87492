"""The learner picker: choose who is practising, and add, rename or delete a learner.

Each action is a plain method (create_learner, rename_current, delete_current); the
dialogs only ask for a name or a confirmation, window-modal and without blocking.
A name is shown as typed, never as markup. A refused name is said in a message box; trouble
with the records (a full disk, a damaged file) goes to `on_error`, the window's one message
(ui/shell/problems.py). A delete, backed up first, runs on the window's worker thread.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial

from PySide6.QtCore import Signal
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QMenu,
    QMessageBox,
    QPushButton,
    QWidget,
)

from massage_trainer.storage import Learner, LearnerError, Storage, StorageError
from massage_trainer.ui.kit import theme as th
from massage_trainer.ui.kit.dialogs import busy_while, message_box, plain_labels
from massage_trainer.ui.kit.worker import Job, Runner
from massage_trainer.ui.shell.jobs import delete_learner

ErrorReport = Callable[[str, StorageError], object]  # what could not be done, and why


class LearnerBar(QWidget):
    """The learner picker with New, Rename and Delete."""

    changed = Signal(object)  # Learner | None

    def __init__(self, storage: Storage, runner: Runner | None = None, on_error: ErrorReport | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.storage = storage
        self.runner = runner  # None: a delete runs at once, on this thread
        self.on_error = on_error
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(th.SPACING)
        label = QLabel("Learner:")
        self.combo = QComboBox()
        self.combo.setMinimumContentsLength(14)
        self.combo.setAccessibleName("Learner")
        self.combo.setPlaceholderText("No learner yet")  # before the first learner, not an empty box
        label.setBuddy(self.combo)
        # A push button keeps room for its menu's arrow beside the text (a tool button draws it over the text).
        self.menu_button = QPushButton("Manage learners")
        menu = QMenu(self.menu_button)
        self.new_action = QAction("New learner…", self)
        self.rename_action = QAction("Rename…", self)
        self.delete_action = QAction("Delete…", self)
        menu.addActions([self.new_action, self.rename_action, self.delete_action])
        self.menu_button.setMenu(menu)
        layout.addWidget(label)
        layout.addWidget(self.combo, 1)
        layout.addWidget(self.menu_button)
        self.new_action.triggered.connect(self.ask_new)
        self.rename_action.triggered.connect(self.ask_rename)
        self.delete_action.triggered.connect(self.ask_delete)
        self.combo.currentIndexChanged.connect(self._on_index)
        self._dialog: QWidget | None = None
        self.reload()

    def current(self) -> Learner | None:
        data = self.combo.currentData()
        return data if isinstance(data, Learner) else None

    def reload(self) -> None:
        """Read the learners again and choose the last one used (after a restore, say)."""
        try:
            last = self.storage.learners.last_used()
        except StorageError as err:
            last = None
            self._failed("The learners cannot be read", err)
        self._reload(select=last)

    def _failed(self, title: str, err: StorageError) -> None:
        if self.on_error is not None:
            self.on_error(title, err)
        else:
            self._show(message_box(self, QMessageBox.Icon.Warning, "Massage Trainer", title, str(err)))

    def _reload(self, select: Learner | None) -> None:
        try:
            learners = self.storage.learners.all()
        except StorageError as err:
            learners = []
            self._failed("The learners cannot be read", err)
        self.combo.blockSignals(True)
        self.combo.clear()
        for learner in learners:
            self.combo.addItem(learner.name, learner)
        index = next((i for i, lr in enumerate(learners) if select and lr.id == select.id), 0)
        if learners:
            self.combo.setCurrentIndex(index)
        self.combo.blockSignals(False)
        self.rename_action.setEnabled(bool(learners))
        self.delete_action.setEnabled(bool(learners))
        self._on_index()

    def _on_index(self, _index: int = 0) -> None:
        learner = self.current()
        if learner is not None:
            try:
                self.storage.learners.remember(learner)
            except StorageError as err:  # the choice is still made; only the next start forgets it
                self._failed("The choice of learner could not be saved", err)
        self.changed.emit(learner)

    def select(self, learner: Learner) -> None:
        self._reload(select=learner)

    def add_learner(self, learner: Learner) -> None:
        """A learner made elsewhere (the Today screen's welcome): listed, and chosen."""
        self._reload(select=learner)

    # Each action is a plain method, so the dialogs stay thin and tests can call them.
    def create_learner(self, name: str) -> Learner:
        learner = self.storage.learners.create(name)
        self._reload(select=learner)
        return learner

    def rename_current(self, name: str) -> Learner | None:
        current = self.current()
        if current is None:
            return None
        learner = self.storage.learners.rename(current.id, name)
        self._reload(select=learner)
        return learner

    def delete_current(self) -> Job | None:
        """Back up, then delete the current learner: on the worker thread, a busy bar up meanwhile."""
        current = self.current()
        if current is None:
            return None
        work = partial(delete_learner, self.storage.path, current.id)
        if self.runner is None:
            self._deleted(current, work())
            return None
        job = self.runner.run(work, partial(self._deleted, current))
        busy_while(job, self.window(), f"Backing up your records, then deleting {current.name}…")
        return job

    def _deleted(self, learner: Learner, problem: StorageError | LearnerError | None) -> None:
        if isinstance(problem, StorageError):
            self._failed("The learner could not be deleted", problem)
        elif problem is not None:
            box = message_box(self, QMessageBox.Icon.Warning, "Delete learner", str(problem))
            box.addButton(QMessageBox.StandardButton.Ok)
            self._show(box)
        self._reload(select=None if problem is None else learner)  # not deleted: still theirs

    def _text_dialog(self, title: str, prompt: str, value: str, done: Callable[[str], object], failed: str) -> None:
        dialog = QInputDialog(self)
        dialog.setWindowTitle(title)
        dialog.setLabelText(prompt)
        dialog.setTextValue(value)
        dialog.setObjectName("learnerNameDialog")
        plain_labels(dialog)  # the prompt holds the name as typed: "New name for <img …>:"
        dialog.setFont(self.window().font())

        def accept(text: str) -> None:
            try:
                done(text)
            except LearnerError as err:
                box = message_box(self, QMessageBox.Icon.Warning, title, str(err))  # the name as typed
                box.addButton(QMessageBox.StandardButton.Ok)
                self._show(box)
            except StorageError as err:
                self._failed(failed, err)

        dialog.textValueSelected.connect(accept)
        self._dialog = dialog
        dialog.open()

    def _show(self, dialog: QWidget) -> None:
        # Window-modal and non-blocking: the event loop (and the tests) keep running.
        self._dialog = dialog
        dialog.open()  # type: ignore[attr-defined]

    def ask_new(self) -> None:
        self._text_dialog("New learner", "Name of the new learner:", "", self.create_learner,
                          "The new learner could not be added")

    def ask_rename(self) -> None:
        current = self.current()
        if current is not None:
            self._text_dialog("Rename learner", f"New name for {current.name}:", current.name,
                              self.rename_current, "The learner could not be renamed")

    def ask_delete(self) -> None:
        current = self.current()
        if current is None:
            return
        box = message_box(self, QMessageBox.Icon.Warning, "Delete learner",  # the name as typed, never markup
                          f"Delete {current.name} and their whole record (drills, quiz answers, "
                          "progress)? This cannot be undone.", name="confirmDeleteLearner")
        box.addButton(QMessageBox.StandardButton.Cancel)
        delete = box.addButton("Delete", QMessageBox.ButtonRole.DestructiveRole)
        box.setDefaultButton(QMessageBox.StandardButton.Cancel)
        box.finished.connect(lambda _r: self.delete_current() if box.clickedButton() is delete else None)
        self._dialog = box
        box.open()
