"""Opening the records at start-up, before the window: a damaged file, a newer one, a disk that is
full or cannot be written, another copy of the app.

`open_storage()` returns the open Storage, or None once the learner has been told why the app
will not start (and chose Quit). A damaged file offers the newest good backup (by its date), or,
with none, an empty record beside the damaged file, which is kept; a restore runs off the GUI
thread under a busy bar, then the records are opened again. A newer file is refused, never
opened; a full disk or a read-only folder is said plainly, with where and what to do: none of
it is a crash, and none shows a traceback. These dialogs come before the window, so they block
(`exec`) at the screen's type scale.
"""

from __future__ import annotations

import sys
from datetime import UTC, datetime
from pathlib import Path
from typing import Final

from PySide6.QtCore import QEventLoop
from PySide6.QtWidgets import QMessageBox

from massage_trainer.storage import (
    AlreadyRunning,
    DatabaseDamaged,
    DatabaseTooNew,
    InstanceLock,
    Restored,
    Storage,
    StorageError,
    StorageFull,
    StorageReadOnly,
    data_home,
    set_aside,
)
from massage_trainer.storage.backup import damaged_name
from massage_trainer.storage.errors import storage_error
from massage_trainer.ui.kit.dialogs import busy_while, message_box, screen_scale
from massage_trainer.ui.kit.worker import Job, Runner
from massage_trainer.ui.shell.jobs import restore_backup
from massage_trainer.ui.shell.problems import backup_date, words

TITLE: Final = "Massage Trainer"
QUIT: Final = "Quit"
EMPTY_RECORD: Final = "Start with an empty record"
ATTEMPTS: Final = 4  # opens after a restore or a fresh start; past that, the way out itself is failing


def open_storage(home: Path | None = None, scale: float | None = None) -> Storage | None:
    """The records, opened; or None after saying why not (the app then quits)."""
    scale = screen_scale() if scale is None else scale
    for _ in range(ATTEMPTS):
        try:
            return Storage.open(home)
        except AlreadyRunning as err:
            say(QMessageBox.Icon.Information, "Massage Trainer is already open", str(err), "alreadyRunning", scale,
                "OK")
            return None
        except DatabaseDamaged as err:
            if not ask_damaged(err, home, scale):
                return None
        except StorageError as err:
            refuse(err, scale)
            return None
        except OSError as err:
            refuse(storage_error(err, home, "opening the data folder"), scale)
            return None
    return None


def say(icon: QMessageBox.Icon, heading: str, text: str, name: str, scale: float, button: str = QUIT) -> None:
    """One message before the window, and one line on stderr for whoever started the app from a terminal."""
    print(f"massage-trainer: {heading}: {' '.join(text.split())}", file=sys.stderr)
    box = message_box(None, icon, TITLE, heading, text, name=name, scale=scale)
    box.addButton(button, QMessageBox.ButtonRole.AcceptRole)
    box.exec()


def refuse(err: StorageError, scale: float) -> None:
    """Say why the records cannot be opened: a newer file, a full disk, a folder that cannot be written."""
    if isinstance(err, DatabaseTooNew):
        heading, name = "Your records come from a newer Massage Trainer", "databaseTooNew"
    elif isinstance(err, StorageFull):
        heading, name = "The disk is full", "storageFull"
    elif isinstance(err, StorageReadOnly):
        heading, name = "Massage Trainer cannot save your records", "storageReadOnly"
    else:
        heading, name = "Massage Trainer cannot open your records", "storageError"
    say(QMessageBox.Icon.Warning, heading, words(err), name, scale)


def ask_damaged(err: DatabaseDamaged, home: Path | None, scale: float) -> bool:
    """Restore the newest good backup, or (with none) start afresh beside the damaged file; or Quit.
    True when the records should be opened again."""
    assert err.path is not None
    now = datetime.now(UTC)
    if err.backup is not None:
        taken = backup_date(err.path, err.backup)
        text = (f"{words(err)} The newest good backup is from {taken}. Restore it to go on with your records "
                "as they were then; the damaged file is kept beside them, renamed.")
        way_out = f"Restore the backup from {taken}"
    else:
        kept = damaged_name(err.path, now)
        text = (f"{words(err)} There is no backup to restore it from. You can start with an empty record: the "
                f"damaged file is kept as {kept.name}, in {kept.parent}, for someone to try to recover.")
        way_out = EMPTY_RECORD
    print(f"massage-trainer: {err}", file=sys.stderr)
    box = message_box(None, QMessageBox.Icon.Warning, TITLE, "Your records file is damaged", text,
                      name="damagedDatabase", scale=scale)
    go_on = box.addButton(way_out, QMessageBox.ButtonRole.AcceptRole)
    box.addButton(QUIT, QMessageBox.ButtonRole.RejectRole)
    box.setDefaultButton(go_on)
    box.exec()
    if box.clickedButton() is not go_on:
        return False
    lock = InstanceLock(home or data_home())
    try:
        lock.acquire()  # no other copy of the app may open the file while it is replaced
    except AlreadyRunning as busy:
        say(QMessageBox.Icon.Information, "Massage Trainer is already open", str(busy), "alreadyRunning", scale, "OK")
        return False
    try:
        if err.backup is None:
            set_aside(err.path, now)
            return True
        outcome = restore_now(err.backup, err.path, now, f"Restoring the backup from {taken}…", scale)
    except StorageError as failed:
        outcome = failed
    finally:
        lock.release()
    if isinstance(outcome, StorageError):
        say(QMessageBox.Icon.Warning, "The backup could not be restored", words(outcome), "restoreFailed", scale,
            "OK")
    return True


def restore_now(backup: Path, db_path: Path, now: datetime, text: str, scale: float) -> Restored | StorageError:
    """Restore on a worker thread, a busy bar up until it is done."""
    runner = Runner()
    outcome: list[Restored | StorageError] = []
    job = runner.run(lambda: restore_backup(backup, db_path, now), outcome.append,
                     lambda message: outcome.append(StorageError(message)))
    busy_while(job, None, text, scale=scale)
    wait_for(job)
    runner.deleteLater()
    return outcome[0]


def wait_for(job: Job) -> None:
    """Run the event loop until the job is done (a dialog before the window has no loop of its own)."""
    if not job.is_finished():
        loop = QEventLoop()
        job.finished.connect(loop.quit)
        loop.exec()
