"""The SQLite database: schema, migrations, learners and their records."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import sqlite_utils

from massage_trainer.storage.db import StorageError, open_database
from massage_trainer.storage.drills import DrillRun, DrillStore
from massage_trainer.storage.in_progress import InProgress, InProgressStore
from massage_trainer.storage.learners import Learner, LearnerError, LearnerStore
from massage_trainer.storage.lock import AlreadyRunning, InstanceLock
from massage_trainer.storage.paths import data_home, database_path

__all__ = [
    "AlreadyRunning",
    "DrillRun",
    "DrillStore",
    "InProgress",
    "InProgressStore",
    "InstanceLock",
    "Learner",
    "LearnerError",
    "LearnerStore",
    "Storage",
    "StorageError",
    "data_home",
    "database_path",
    "open_database",
]


@dataclass
class Storage:
    """What the app holds open for its lifetime: the instance lock and the database."""

    home: Path
    lock: InstanceLock
    db: sqlite_utils.Database
    learners: LearnerStore
    drills: DrillStore
    in_progress: InProgressStore

    @staticmethod
    def open(home: Path | None = None) -> Storage:
        """Take the instance lock, then open the database; raises AlreadyRunning or StorageError."""
        home = home or data_home()
        lock = InstanceLock(home)
        lock.acquire()
        try:
            db = open_database(database_path(home))
        except Exception:
            lock.release()
            raise
        return Storage(home, lock, db, LearnerStore(db), DrillStore(db), InProgressStore(db))

    def close(self) -> None:
        self.db.close()
        self.lock.release()
