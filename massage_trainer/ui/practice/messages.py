"""The Practice screen's words for trouble, and its message boxes: plain text, never markup.

Storage says what went wrong as an error type (storage/errors.py: StorageFull,
StorageReadOnly, DatabaseDamaged, RunDamaged, StorageError); `reason()` turns each
into the few plain words a learner reads ("the disk is full"), never an errno.
The boxes (ui/kit/dialogs.py's) are window-modal and non-blocking (tests and the
event loop run on), at the window's scale, and show their text as plain text with
no link to click: a learner's name or a file's name reads exactly as it was typed.
"""

from __future__ import annotations

import errno
import sqlite3
from typing import Final

from PySide6.QtWidgets import QMessageBox, QWidget

from massage_trainer.core.safe_text import describe_os_error
from massage_trainer.storage import (
    DatabaseDamaged,
    DatabaseTooNew,
    RunDamaged,
    StorageError,
    StorageFull,
    StorageReadOnly,
)
from massage_trainer.storage.errors import storage_error
from massage_trainer.ui.kit.dialogs import message_box as kit_message_box

RESTORE: Final = "Restore a backup from Backups… (or run massage-trainer db restore)."


def reason(err: BaseException) -> str:
    """What went wrong, in a few plain words that can follow a colon."""
    if isinstance(err, OSError) and not isinstance(err, StorageError):
        if err.errno is None:  # core's own words (a link, a FIFO at the target)
            return str(err.strerror or "") or "the file could not be written"
        return describe_os_error(err)  # the one home of an OS error's words
    if isinstance(err, sqlite3.Error):
        err = storage_error(err, None, "it")
    if isinstance(err, StorageFull):
        return "the disk is full"
    if isinstance(err, StorageReadOnly):
        return "the data folder is read-only"
    if isinstance(err, DatabaseDamaged):
        return "the database is damaged"
    if isinstance(err, DatabaseTooNew):
        return "the database comes from a newer Massage Trainer"
    if isinstance(err, RunDamaged):
        return f"it is damaged and cannot be read ({err.detail})"
    text = " ".join(str(err).split()).rstrip(".")  # a StorageError's own plain words, or the job's one line
    return text[:1].lower() + text[1:] if text else "something went wrong that the program did not expect"


def way_out(err: BaseException | None) -> str:
    """What the learner can do about it, as a sentence (or nothing)."""
    if isinstance(err, StorageFull) or (isinstance(err, OSError) and err.errno in (errno.ENOSPC, errno.EDQUOT)):
        return "Free some space on the disk."
    if isinstance(err, StorageReadOnly):
        return "Make the data folder writable."
    if isinstance(err, DatabaseDamaged | RunDamaged):
        return RESTORE
    return ""


def message_box(parent: QWidget, title: str, text: str, name: str = "practiceMessage",
                icon: QMessageBox.Icon = QMessageBox.Icon.Warning, informative: str = "") -> QMessageBox:
    """A window-modal box at the window's scale, in plain text with no link to follow
    (ui/kit/dialogs.py); add its buttons, then open() it."""
    return kit_message_box(parent, icon, title, text, informative, name)


def warn(parent: QWidget, title: str, text: str) -> QMessageBox:
    """Say what went wrong, with OK; the box opens and the caller goes on."""
    box = message_box(parent, title, text)
    box.addButton(QMessageBox.StandardButton.Ok)
    box.open()
    return box
