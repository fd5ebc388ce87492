"""What can go wrong with the records, as error types the GUI and the command line can tell apart.

Every error a storage function raises is a `StorageError` whose message is fit to show as it is:
plain words, the file, and what to do. The subclasses say which kind of trouble it is, so the
GUI can offer the right way out (a restore, freeing space, another folder):

- `DatabaseDamaged`: the file is not a sound database (truncated, bytes changed, not a database,
  a table missing a column); `backup` is the newest backup that passed its check, if any.
- `DatabaseTooNew`: written by a newer Massage Trainer; this version refuses to touch it.
- `StorageFull`, `StorageReadOnly`: the disk is full; the file, folder or disk cannot be written.
- `RunDamaged`: one drill run cannot be read; the rest of the record can.

`storage_error()` turns a sqlite3 or OS error into the right one of these.
"""

from __future__ import annotations

import errno
import os
import sqlite3
from pathlib import Path


class StorageError(Exception):
    """The database cannot be opened or used; the message says why in plain words."""

    def __init__(self, message: str, path: Path | None = None) -> None:
        super().__init__(message)
        self.path = path


class DatabaseDamaged(StorageError):
    """The database file is damaged. `backup` is the newest good backup to restore, or None."""

    def __init__(self, path: Path, detail: str, backup: Path | None = None) -> None:
        self.detail = detail
        self.backup = backup
        way_out = (f"The newest good backup is {backup}; restore it with `massage-trainer db restore`."
                   if backup is not None else "There is no good backup to restore it from.")
        super().__init__(f"{path}: the database is damaged ({detail}). {way_out}", path)


class DatabaseTooNew(StorageError):
    """The database was written by a newer version: this one will neither open nor downgrade it."""

    def __init__(self, path: Path, detail: str) -> None:
        self.detail = detail
        super().__init__(f"{path}: this database comes from a newer Massage Trainer ({detail}). "
                         "Open it with that version or a later one; this version leaves it unchanged.", path)


class StorageFull(StorageError):
    """The disk (or the user's quota) is full: nothing of the action was saved."""

    def __init__(self, path: Path | None, doing: str) -> None:
        super().__init__(f"{path or 'the database'}: the disk is full, so {doing} was not saved. "
                         "Free some space and try again; nothing was changed.", path)


class StorageReadOnly(StorageError):
    """The database file, its folder or its disk cannot be written."""

    def __init__(self, path: Path | None, doing: str) -> None:
        super().__init__(f"{path or 'the database'}: the file or its folder is read-only, so {doing} "
                         "is not possible. Make it writable (or choose another data folder with "
                         "MASSAGE_TRAINER_HOME) and try again; nothing was changed.", path)


class RunDamaged(StorageError):
    """One stored drill run cannot be read (its recording or report is damaged)."""

    def __init__(self, run_id: int, detail: str) -> None:
        self.run_id = run_id
        self.detail = detail
        super().__init__(f"drill run {run_id} is damaged and cannot be read ({detail}).")


_FULL = ("SQLITE_FULL",)
_READ_ONLY = ("SQLITE_READONLY", "SQLITE_PERM", "SQLITE_AUTH")
_DAMAGED = ("SQLITE_CORRUPT", "SQLITE_NOTADB")
_DAMAGED_WORDS = ("malformed", "not a database", "no such column", "no such table", "corrupt")


def storage_error(err: sqlite3.Error | OSError, path: Path | None, doing: str) -> StorageError:
    """The StorageError that says, in plain words, what `err` means for `doing` (e.g. "this drill")."""
    if isinstance(err, OSError):
        if err.errno in (errno.ENOSPC, errno.EDQUOT):
            return StorageFull(path, doing)
        if err.errno in (errno.EROFS, errno.EACCES, errno.EPERM):
            return StorageReadOnly(path, doing)
        return StorageError(f"{path or 'the database'}: {doing} failed: {err.strerror or err}.", path)
    name = getattr(err, "sqlite_errorname", None) or ""
    text = str(err).lower()
    if name.startswith(_FULL) or "disk is full" in text:
        return StorageFull(path, doing)
    if name.startswith(_READ_ONLY) or "readonly" in text or "read-only" in text:
        return StorageReadOnly(path, doing)
    if name.startswith(_DAMAGED) or any(w in text for w in _DAMAGED_WORDS):
        return damaged(path, str(err)) if path is not None else StorageError(f"the database is damaged ({err}).")
    if name.startswith(("SQLITE_BUSY", "SQLITE_LOCKED")) or "locked" in text:
        return StorageError(f"{path or 'the database'}: another program is using the database, so {doing} "
                            "could not be done. Close it and try again.", path)
    if name.startswith("SQLITE_CANTOPEN") or "unable to open" in text:
        if path is not None and not writable(path):
            return StorageReadOnly(path, doing)
        return StorageError(f"{path or 'the database'}: the database file cannot be opened (a missing "
                            "folder, or one this user may not open).", path)
    return StorageError(f"{path or 'the database'}: {doing} failed ({err}).", path)


def writable(path: Path) -> bool:
    """Can this process write the file (or, if it does not exist, create it in its folder)?"""
    target = path if path.exists() else path.parent
    return os.access(target, os.W_OK) and (not path.exists() or os.access(path.parent, os.W_OK))


def damaged(path: Path, detail: str) -> DatabaseDamaged:
    """DatabaseDamaged for the database at path, naming the newest good backup (if any)."""
    from massage_trainer.storage.backup import newest_good_backup

    try:
        backup = newest_good_backup(path)
    except (StorageError, OSError):
        backup = None
    return DatabaseDamaged(path, detail, backup)
