"""Trouble with the records, in plain words: what happened, that nothing was deleted, what to do.

`words()` says it for each kind of StorageError; `report()` shows it in the running window, one
message at a time, with "Restore a backup…" when the file is damaged. At start-up, before the
window, ui/shell/startup.py asks with the same words. Never a traceback: the error types carry
plain messages (storage/errors.py).
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QMessageBox

from massage_trainer.storage import (
    DatabaseDamaged,
    DatabaseTooNew,
    LearnerError,
    StorageError,
    StorageFull,
    StorageReadOnly,
    list_backups,
)
from massage_trainer.ui.kit.dialogs import message_box
from massage_trainer.ui.kit.text import local_time_text

if TYPE_CHECKING:
    from pathlib import Path

    from massage_trainer.ui.shell.main_window import MainWindow

log = logging.getLogger(__name__)

RESTORE_A_BACKUP = "Restore a backup…"
KEPT = "Nothing has been deleted."


def backup_date(db_path: Path | None, backup: Path) -> str:
    """When the backup was taken, in the learner's local time (its file's name, if it is not listed)."""
    listed = next((b for b in list_backups(db_path) if b.path == backup), None) if db_path else None
    return local_time_text(listed.taken_at) if listed else backup.name


def words(err: StorageError | LearnerError) -> str:
    """What went wrong and what to do, in plain words, naming the file."""
    if isinstance(err, DatabaseDamaged):
        return (f"Massage Trainer cannot read its records file, {err.path}: it is damaged ({err.detail}). "
                f"{KEPT}")
    if isinstance(err, DatabaseTooNew):
        return (f"The records file {err.path} was saved by a newer version of Massage Trainer "
                f"({err.detail}). This version cannot open it, and has left it as it is. Install the newer "
                "version (or a later one) to go on with these records.")
    if isinstance(err, StorageFull):
        where = err.path.parent if err.path is not None and err.path.suffix else err.path
        return (f"The disk that holds {where or 'your records'} is full, so nothing could be saved. Nothing "
                "was changed. Free some space on that disk (empty the bin, delete large files you do not "
                "need), then try again.")
    if isinstance(err, StorageReadOnly):
        return (f"Massage Trainer cannot write to {err.path or 'your records'}: the file, its folder or the "
                "disk is read-only. Nothing was changed. Make the folder writable (its owner or an "
                "administrator can), or start Massage Trainer with MASSAGE_TRAINER_HOME set to a folder you "
                "can write to.")
    return str(err)


def report(window: MainWindow, title: str, err: StorageError | LearnerError) -> QMessageBox | None:
    """Say what went wrong (`title`: what could not be done) in the window; the rest of it goes on.

    A damaged file adds "Restore a backup…", which opens the Backups dialog with the newest good
    backup chosen. One such message at a time: while one is up, another is only logged.
    """
    log.warning("%s: %s", title, err)
    if window.problem is not None and window.problem.isVisible():
        return None
    damaged = isinstance(err, DatabaseDamaged)
    more = ""
    if damaged:
        assert isinstance(err, DatabaseDamaged)
        more = (f" You can restore the newest good backup, from {backup_date(err.path, err.backup)}: your "
                "records as they were then." if err.backup else
                " There is no good backup to restore it from; Backups… lists what there is.")
    box = message_box(window, QMessageBox.Icon.Warning, "Massage Trainer", title, words(err) + more,
                      name="storageProblem")
    restore = box.addButton(RESTORE_A_BACKUP, QMessageBox.ButtonRole.AcceptRole) if damaged else None
    close = box.addButton("Close", QMessageBox.ButtonRole.RejectRole)
    box.setDefaultButton(restore or close)
    box.setEscapeButton(close)
    chosen = err.backup if isinstance(err, DatabaseDamaged) else None

    def answered(_result: int) -> None:
        window.problem = None
        if restore is not None and box.clickedButton() is restore:
            window.open_backups(select=chosen)

    box.finished.connect(answered)
    window.problem = box
    box.open()
    return box
