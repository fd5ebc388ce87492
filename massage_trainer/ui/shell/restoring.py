"""Restoring a backup while the window is open: the connection closed, the file put back off the
GUI thread (a busy bar meanwhile), the database opened again, and every screen reloaded.

storage/backup.py's `restore` does the restoring (the database it replaces is backed up first, or
set aside if damaged); this module only sequences it around the window. A drill in progress is
not restored over: the learner is asked to finish or discard it first.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QMessageBox, QWidget

from massage_trainer.storage import Restored, StorageError
from massage_trainer.ui.kit.dialogs import busy_while, message_box
from massage_trainer.ui.kit.worker import Job
from massage_trainer.ui.shell.jobs import restore_backup
from massage_trainer.ui.shell.problems import report

if TYPE_CHECKING:
    from massage_trainer.ui.shell.main_window import MainWindow

DRILL_IN_PROGRESS = ("A drill is in progress. Finish it (F) or discard it first, then restore the backup: "
                     "the records restored would not have it.")


def drill_in_progress(window: MainWindow) -> bool:
    """Is a drill being traced, paused, or waiting to be finished, on a screen already built?"""
    for widget in window.screens.built():
        live = getattr(widget, "live", None)  # the Practice screen's drill in progress
        if live is not None and getattr(live, "active", False):
            return True
    return False


def restore_in_window(window: MainWindow, backup: Path, taken: str,
                      done: Callable[[Restored | None], object] | None = None,
                      over: QWidget | None = None) -> Job | None:
    """Restore `backup` (taken at `taken`, as shown); done(Restored) after, or done(None) if it failed
    (said in a message). None, after saying why, when a drill in progress stands in the way.
    `over`: the dialog the busy bar blocks (the Backups dialog), else the window."""
    if drill_in_progress(window):
        box = message_box(over or window, QMessageBox.Icon.Information, "Massage Trainer", "Finish the drill first",
                          DRILL_IN_PROGRESS, name="restoreRefused")
        box.addButton(QMessageBox.StandardButton.Ok)
        box.open()
        return None
    for widget in window.screens.built():
        before_close = getattr(widget, "before_close", None)
        if callable(before_close):
            before_close()  # a save still under way reaches the database before it is replaced
    storage = window.ctx.storage
    storage.close_database()

    def finished(result: Restored | StorageError) -> None:
        try:
            storage.reopen()
        except StorageError as err:
            report(window, "Your records could not be opened after the restore", err)
            result = err
        else:
            window.reload_records()
            if isinstance(result, StorageError):
                report(window, "The backup could not be restored", result)
        if done is not None:
            done(result if isinstance(result, Restored) else None)

    job = window.runner.run(partial(restore_backup, backup, storage.path, storage.clock()), finished,
                            lambda message: finished(StorageError(message)))
    busy_while(job, over or window, f"Restoring the backup from {taken}…")
    return job


def restored_words(done: Restored, taken: str) -> str:
    """What a restore did, in plain words: what the records are now, and where the old ones are kept."""
    if done.previous is None:
        return f"Restored: your records are as they were on {taken}."
    if done.previous_damaged:
        return (f"Restored: your records are as they were on {taken}. The damaged file they replace is "
                f"kept beside them as {done.previous}.")
    return (f"Restored: your records are as they were on {taken}. The records as they were just before are "
            f"backed up as {done.previous.name}, in this list.")
