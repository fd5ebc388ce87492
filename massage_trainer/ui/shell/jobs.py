"""The shell's background work: the daily backup, a learner's delete (backed up first), a restore.

These run on the window's worker thread (ui/kit/worker.py): each opens its own connection, as a
sqlite3 connection belongs to the thread that opened it, and each returns its StorageError rather
than raising it, so the GUI can tell a damaged file (offer a restore) from a full disk.
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from massage_trainer.storage import (
    LearnerError,
    LearnerStore,
    Restored,
    StorageError,
    backup_if_due,
    open_database,
    restore,
)


def back_up_if_due(db_path: Path, now: datetime) -> Path | StorageError | None:
    """The scheduled backup (storage/backup.py decides if it is due): its path, None, or what went wrong."""
    try:
        return backup_if_due(db_path, now)
    except StorageError as err:
        return err
    except OSError as err:
        return StorageError(f"{db_path}: the backup failed: {err.strerror or err}.", db_path)


def delete_learner(db_path: Path, learner_id: int) -> StorageError | LearnerError | None:
    """Back up, then delete the learner and their whole record (LearnerStore.delete does both)."""
    try:
        db = open_database(db_path)
    except StorageError as err:
        return err
    try:
        LearnerStore(db).delete(learner_id)
    except (StorageError, LearnerError) as err:
        return err
    finally:
        db.close()
    return None


def restore_backup(backup: Path, db_path: Path, now: datetime) -> Restored | StorageError:
    """Put the backup in the database's place (the one there is backed up first, or set aside if
    damaged), then open it once here: migrated and checked before the window reads it."""
    try:
        done = restore(backup, db_path, now)
        open_database(db_path).close()
    except StorageError as err:
        return err
    return done
