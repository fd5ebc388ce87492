"""The SQLite database: schema, migrations, learners and their records (drills, quiz answers, review
cards), the imported question banks, backups and checks."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

import sqlite_utils

from massage_trainer.storage.backup import (
    Backup,
    Restored,
    backup_before,
    backup_if_due,
    backup_now,
    list_backups,
    newest_good_backup,
    restore,
    set_aside,
)
from massage_trainer.storage.banks import BUILTIN, BankNotFound, BankStore, StoredBank, StoredQuestion
from massage_trainer.storage.db import open_database
from massage_trainer.storage.drills import (
    DrillRun,
    DrillStore,
    ImportCancelled,
    Imported,
    ToImport,
    drill_for_recording,
)
from massage_trainer.storage.errors import (
    DatabaseDamaged,
    DatabaseTooNew,
    RunDamaged,
    StorageError,
    StorageFull,
    StorageReadOnly,
    storage_error,
)
from massage_trainer.storage.in_progress import InProgress, InProgressStore
from massage_trainer.storage.integrity import Problem, check_database
from massage_trainer.storage.learners import Learner, LearnerError, LearnerStore, clean_name
from massage_trainer.storage.lock import AlreadyRunning, InstanceLock
from massage_trainer.storage.paths import data_home, database_path, keep_private_folder
from massage_trainer.storage.progress import ProgressData, ProgressStore
from massage_trainer.storage.quiz import QuizAnswer, QuizStore
from massage_trainer.storage.unsaved import KeptDrill, forget_unsaved, keep_unsaved, kept_unsaved

__all__ = [
    "BUILTIN",
    "AlreadyRunning",
    "Backup",
    "BankNotFound",
    "BankStore",
    "DatabaseDamaged",
    "DatabaseTooNew",
    "DrillRun",
    "DrillStore",
    "ImportCancelled",
    "Imported",
    "InProgress",
    "InProgressStore",
    "InstanceLock",
    "KeptDrill",
    "Learner",
    "LearnerError",
    "LearnerStore",
    "Problem",
    "ProgressData",
    "ProgressStore",
    "QuizAnswer",
    "QuizStore",
    "Restored",
    "RunDamaged",
    "Storage",
    "StorageError",
    "StorageFull",
    "StorageReadOnly",
    "StoredBank",
    "StoredQuestion",
    "ToImport",
    "backup_before",
    "backup_if_due",
    "backup_now",
    "check_database",
    "clean_name",
    "data_home",
    "database_path",
    "drill_for_recording",
    "forget_unsaved",
    "keep_unsaved",
    "kept_unsaved",
    "list_backups",
    "newest_good_backup",
    "open_database",
    "restore",
    "set_aside",
]


def _utc_now() -> datetime:
    return datetime.now(UTC)


@dataclass
class Storage:
    """What the app holds open for its lifetime: the instance lock and the database."""

    home: Path
    lock: InstanceLock
    db: sqlite_utils.Database
    learners: LearnerStore
    drills: DrillStore
    in_progress: InProgressStore
    clock: Callable[[], datetime] = field(default=_utc_now)

    @property
    def path(self) -> Path:
        return database_path(self.home)

    @property
    def quiz(self) -> QuizStore:
        """The learners' quiz answers and review cards (on this connection: the GUI thread's)."""
        return QuizStore(self.db)

    @property
    def progress(self) -> ProgressStore:
        """The learners' progress, summed up (on this connection: the GUI thread's)."""
        return ProgressStore(self.db)

    @property
    def banks(self) -> BankStore:
        """The instructors' imported question banks."""
        return BankStore(self.db)

    @staticmethod
    def open(home: Path | None = None, clock: Callable[[], datetime] = _utc_now) -> Storage:
        """Take the instance lock, then open the database.

        Raises AlreadyRunning, or a StorageError: DatabaseDamaged (offer `restore` of its `backup`),
        DatabaseTooNew, StorageReadOnly, StorageFull. The lock is released when the open fails, so
        a restore can follow (storage/backup.py `restore`), then Storage.open again.
        """
        try:
            if home is None:
                home = data_home()
            else:
                home.mkdir(mode=0o700, parents=True, exist_ok=True)
                keep_private_folder(home)
            lock = InstanceLock(home)
            lock.acquire()
        except OSError as err:
            raise storage_error(err, home or None, "opening the data folder") from err
        try:
            db = open_database(database_path(home))
        except BaseException:
            lock.release()
            raise
        return Storage(home, lock, db, LearnerStore(db), DrillStore(db), InProgressStore(db), clock)

    def close_database(self) -> None:
        """Close the connection and keep the lock: a restore can follow, then `reopen()`."""
        self.db.close()

    def reopen(self) -> None:
        """Open the database again (after a restore), the lock still held; the stores are new,
        so who holds this Storage reads the restored database. Raises as `open` does."""
        db = open_database(self.path)
        self.db, self.learners = db, LearnerStore(db)
        self.drills, self.in_progress = DrillStore(db), InProgressStore(db)

    def backup_if_due(self) -> Path | None:
        """A backup when the newest is over a day old (close() asks too); StorageError if it fails."""
        return backup_if_due(self.path, self.clock())

    def close(self, backup: bool = True) -> None:
        """Close the database, back it up if a backup is due, and release the lock. A failed backup
        does not stop the close (the next close tries again). The GUI passes backup=False: it backs
        up after start-up and hourly while it runs, off its thread, and a backup at close (~2.6 s for
        220 MB) would keep the lock, so a quick restart would be told the app is still open."""
        self.db.close()
        try:
            if backup:
                self.backup_if_due()
        except (StorageError, OSError):
            pass
        finally:
            self.lock.release()
