"""The learner picker: choose who is practising, and add, rename or delete a learner.

Each action is a plain method (create_learner, rename_current, delete_current); the
dialogs only ask for a name or a confirmation, window-modal and without blocking.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QInputDialog, QLabel, QMenu, QMessageBox, QToolButton, QWidget

from massage_trainer.storage import Learner, LearnerError, Storage
from massage_trainer.ui.kit import theme as th


class LearnerBar(QWidget):
    """The learner picker with New, Rename and Delete."""

    changed = Signal(object)  # Learner | None

    def __init__(self, storage: Storage, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.storage = storage
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(th.SPACING)
        label = QLabel("Learner:")
        self.combo = QComboBox()
        self.combo.setMinimumContentsLength(14)
        self.combo.setAccessibleName("Learner")
        label.setBuddy(self.combo)
        self.menu_button = QToolButton()
        self.menu_button.setText("Manage learners")
        self.menu_button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
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
        self._reload(select=storage.learners.last_used())

    def current(self) -> Learner | None:
        data = self.combo.currentData()
        return data if isinstance(data, Learner) else None

    def _reload(self, select: Learner | None) -> None:
        learners = self.storage.learners.all()
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
            self.storage.learners.remember(learner)
        self.changed.emit(learner)

    def select(self, learner: Learner) -> None:
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

    def delete_current(self) -> None:
        current = self.current()
        if current is not None:
            self.storage.learners.delete(current.id)
            self._reload(select=None)

    def _text_dialog(self, title: str, prompt: str, value: str, done: Callable[[str], object]) -> None:
        dialog = QInputDialog(self)
        dialog.setWindowTitle(title)
        dialog.setLabelText(prompt)
        dialog.setTextValue(value)
        dialog.setObjectName("learnerNameDialog")

        def accept(text: str) -> None:
            try:
                done(text)
            except LearnerError as err:
                box = QMessageBox(QMessageBox.Icon.Warning, title, str(err), QMessageBox.StandardButton.Ok, self)
                box.setTextFormat(Qt.TextFormat.PlainText)  # the message holds the name as typed
                self._show(box)

        dialog.textValueSelected.connect(accept)
        self._dialog = dialog
        dialog.open()

    def _show(self, dialog: QWidget) -> None:
        # Window-modal and non-blocking: the event loop (and the tests) keep running.
        self._dialog = dialog
        dialog.open()  # type: ignore[attr-defined]

    def ask_new(self) -> None:
        self._text_dialog("New learner", "Name of the new learner:", "", self.create_learner)

    def ask_rename(self) -> None:
        current = self.current()
        if current is not None:
            self._text_dialog("Rename learner", f"New name for {current.name}:", current.name,
                              self.rename_current)

    def ask_delete(self) -> None:
        current = self.current()
        if current is None:
            return
        box = QMessageBox(QMessageBox.Icon.Warning, "Delete learner",
                          f"Delete {current.name} and their whole record (drills, quiz answers, "
                          "progress)? This cannot be undone.",
                          QMessageBox.StandardButton.Cancel, self)
        delete = box.addButton("Delete", QMessageBox.ButtonRole.DestructiveRole)
        box.setDefaultButton(QMessageBox.StandardButton.Cancel)
        box.setObjectName("confirmDeleteLearner")
        box.setTextFormat(Qt.TextFormat.PlainText)  # a learner's name is shown as typed, never as markup
        box.finished.connect(lambda _r: self.delete_current() if box.clickedButton() is delete else None)
        self._dialog = box
        box.open()
