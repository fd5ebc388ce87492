"""The Backups dialog: where the backups are, each with its date and size, and restoring one.

The folder is shown as selectable plain text. Restore… asks first; the restore itself (the current
records backed up first) runs through ui/shell/restoring.py, off the GUI thread, and the window
reloads the learners and the screen on show. Which backups exist, and which are kept, is
storage/backup.py's to say.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
)

from massage_trainer.storage import Backup, Restored, list_backups
from massage_trainer.storage.backup import DAILY, MONTHLY, WEEKLY, backups_folder
from massage_trainer.ui.kit import theme as th
from massage_trainer.ui.kit.dialogs import fit_to, message_box, plain_label
from massage_trainer.ui.kit.text import local_time_text, size_text
from massage_trainer.ui.kit.widgets import heading
from massage_trainer.ui.shell.restoring import restore_in_window, restored_words

if TYPE_CHECKING:
    from massage_trainer.ui.shell.main_window import MainWindow

ABOUT = (f"Massage Trainer backs up your records by itself: once a day, and before a learner is deleted, "
         f"recordings are imported or a backup is restored. Older ones are thinned out: all of today's, then "
         f"one a day for {DAILY} days, one a week for {WEEKLY} weeks and one a month for {MONTHLY} months.")
REASONS = {"": "Daily", "before-delete": "Before a delete", "before-import": "Before an import",
           "before-restore": "Before a restore"}


def reason_text(reason: str) -> str:
    return REASONS.get(reason, "Before an update of the app" if reason.startswith("before-") else reason)


def _size(path: Path) -> str:
    try:
        return size_text(path.stat().st_size)
    except OSError:
        return "cannot be read"


class BackupsDialog(QDialog):
    """Where the backups are, the list (newest first), and Restore… for the one chosen."""

    def __init__(self, window: MainWindow, select: Path | None = None) -> None:
        super().__init__(window)
        self.window_ = window
        self.setObjectName("backupsDialog")
        self.setWindowTitle("Backups")
        db_path = window.ctx.storage.path
        self.db_path = db_path
        layout = QVBoxLayout(self)
        s = th.SPACING
        layout.setContentsMargins(s * 3, s * 3, s * 3, s * 3)
        layout.setSpacing(s * 2)
        layout.addWidget(plain_label(heading("Backups of your records", 2)))
        about = plain_label(QLabel(ABOUT))
        about.setWordWrap(True)
        layout.addWidget(about)
        where = QVBoxLayout()
        where.setSpacing(s // 2)
        where.addWidget(plain_label(QLabel("They are kept in this folder:")))
        self.folder = plain_label(QLabel(str(backups_folder(db_path))), selectable=True)
        self.folder.setObjectName("backupsFolder")
        self.folder.setAccessibleName("Backups folder")
        self.folder.setWordWrap(True)
        self.folder.setFocusPolicy(Qt.FocusPolicy.StrongFocus)  # Tab reaches it, to select and copy
        where.addWidget(self.folder)
        layout.addLayout(where)

        self.list = QTreeWidget()
        self.list.setObjectName("backupsList")
        self.list.setAccessibleName("Backups, newest first")
        self.list.setHeaderLabels(["Taken", "Size", "Made"])
        self.list.setRootIsDecorated(False)
        self.list.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.list.setUniformRowHeights(True)
        self.list.header().setStretchLastSection(True)
        layout.addWidget(self.list, 1)
        self.empty = plain_label(QLabel("There are no backups yet: the first is made soon after the app starts."))
        self.empty.setWordWrap(True)
        layout.addWidget(self.empty)
        self.outcome = plain_label(QLabel(), selectable=True)
        self.outcome.setObjectName("restoreOutcome")
        self.outcome.setWordWrap(True)
        self.outcome.hide()
        layout.addWidget(self.outcome)

        buttons = QHBoxLayout()
        buttons.setSpacing(s)
        self.restore_button = QPushButton("Restore…")
        self.restore_button.setAccessibleName("Restore the chosen backup")
        self.close_button = QPushButton("Close")
        self.close_button.setDefault(True)
        buttons.addStretch(1)
        buttons.addWidget(self.restore_button)
        buttons.addWidget(self.close_button)
        layout.addLayout(buttons)
        self.restore_button.clicked.connect(self.ask_restore)
        self.close_button.clicked.connect(self.accept)
        self.list.itemSelectionChanged.connect(self._sync)
        self.list.itemActivated.connect(lambda *_: self.ask_restore())
        self.confirm: QMessageBox | None = None
        self.refresh(select)
        fit_to(self, window)
        fm = self.fontMetrics()
        self.resize(min(fm.averageCharWidth() * 88, window.width() - 2 * s),
                    min(fm.height() * 26, window.height() - 2 * s))

    def refresh(self, select: Path | None = None) -> None:
        """List the backups again (a directory listing: quick), choosing `select` or the newest."""
        self.list.clear()
        self.backups = list_backups(self.db_path)
        for backup in self.backups:
            item = QTreeWidgetItem([local_time_text(backup.taken_at), _size(backup.path), reason_text(backup.reason)])
            item.setData(0, Qt.ItemDataRole.UserRole, str(backup.path))
            item.setToolTip(0, backup.path.name)
            self.list.addTopLevelItem(item)
        chosen = self.list.topLevelItem(next((i for i, b in enumerate(self.backups) if b.path == select), 0))
        if chosen is not None:
            self.list.setCurrentItem(chosen)
        self.list.setVisible(bool(self.backups))
        self.empty.setVisible(not self.backups)
        self._fit_columns()
        self._sync()

    def _fit_columns(self) -> None:
        """Each column as wide as its widest text, and a gap of three characters before the next."""
        fm = self.list.fontMetrics()
        gap = fm.averageCharWidth() * 3
        for column in (0, 1):
            texts = [self.list.headerItem().text(column)] + [
                item.text(column) for item in (self.list.topLevelItem(i) for i in range(self.list.topLevelItemCount()))
                if item is not None]
            self.list.setColumnWidth(column, max(fm.horizontalAdvance(t) for t in texts) + gap)

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self._fit_columns()  # at the type the dialog shows in
        (self.list if self.backups else self.close_button).setFocus()

    def chosen(self) -> Backup | None:
        items = self.list.selectedItems()
        if not items:
            return None
        path = Path(str(items[0].data(0, Qt.ItemDataRole.UserRole)))
        return next((b for b in self.backups if b.path == path), None)

    def _sync(self) -> None:
        self.restore_button.setEnabled(self.chosen() is not None)

    def ask_restore(self) -> QMessageBox | None:
        backup = self.chosen()
        if backup is None:
            return None
        taken = local_time_text(backup.taken_at)
        box = message_box(self, QMessageBox.Icon.Question, "Restore a backup", f"Restore the backup from {taken}?",
                          "Your records go back to how they were then: what was added or changed since is taken "
                          "out of them. Your records as they are now are backed up first, so nothing is lost: "
                          "they will be in this list, to restore again.", name="confirmRestore")
        restore = box.addButton("Restore", QMessageBox.ButtonRole.AcceptRole)
        box.addButton(QMessageBox.StandardButton.Cancel)
        box.setDefaultButton(QMessageBox.StandardButton.Cancel)
        box.finished.connect(lambda _r: self.restore(backup) if box.clickedButton() is restore else None)
        self.confirm = box
        box.open()
        return box

    def restore(self, backup: Backup) -> None:
        taken = local_time_text(backup.taken_at)

        def done(result: Restored | None) -> None:
            self.refresh()
            if result is not None:
                self.outcome.setText(restored_words(result, taken))
                self.outcome.show()

        restore_in_window(self.window_, backup.path, taken, done, over=self)
