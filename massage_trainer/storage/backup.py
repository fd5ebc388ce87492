"""Automatic backups of the database: checked copies, kept and thinned as Anki keeps its own.

A backup is made with SQLite's backup API into a temporary file in the backups folder (beside
the database, `backups/`), which must then pass `PRAGMA quick_check`; it is flushed to the disk
(fsync) and only then renamed into place, so a backup that is listed is whole and sound. A crash
mid-backup leaves a `.partial-*` file, never listed and removed by a later backup.

When: `backup_if_due` (the newest backup is over a day old; Storage.close() asks), and
`backup_before` an action that loses data or changes the schema: every migration of a database
with data (storage/db.py), deleting a learner or a drill run, importing recordings. `restore`
backs up the database it replaces first, or, when that one is too damaged to copy, keeps it
beside itself renamed (`massage-trainer.sqlite3.damaged-20261208-0113`): nothing is ever deleted.
`set_aside` does that renaming alone, for a damaged database with no backup to restore: the app
then starts with an empty record beside the damaged one.

Thinning: every backup from today (UTC), then one a day for 12 days, one a week for 10 weeks and
one a month for 9 months, each from a day (week, month) older than the one kept before it.
Files are the owner's only (0600, the folder 0700). The clock (`now`) is injected for tests.
"""

from __future__ import annotations

import os
import re
import shutil
import sqlite3
import tempfile
import time
from contextlib import closing, suppress
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Final

from massage_trainer.storage.errors import DatabaseDamaged, DatabaseTooNew, StorageError, storage_error

FOLDER: Final = "backups"
DAILY: Final = 12
WEEKLY: Final = 10
MONTHLY: Final = 9
DUE_AFTER: Final = timedelta(days=1)
STALE_PARTIAL_S: Final = 600.0  # a .partial-* file older than this (wall time) was left by a crash
_PARTIAL: Final = ".partial-"
_STAMP: Final = "%Y%m%d-%H%M%S"


@dataclass(frozen=True)
class Backup:
    path: Path
    taken_at: datetime  # UTC, from the file's name
    reason: str  # "" for a scheduled backup, else what it came before: "before-delete", ...


@dataclass(frozen=True)
class Restored:
    source: Path  # the backup restored
    previous: Path | None  # where the database it replaced is kept (None: there was none)
    previous_damaged: bool  # the replaced database was too damaged to back up: it was renamed


def _now(now: datetime | None) -> datetime:
    return (now or datetime.now(UTC)).astimezone(UTC)


def _default_path(db_path: Path | None) -> Path:
    if db_path is not None:
        return Path(db_path)
    from massage_trainer.storage.paths import database_path

    return database_path()


def backups_folder(db_path: Path | None = None) -> Path:
    return _default_path(db_path).parent / FOLDER


def _pattern(db_path: Path) -> re.Pattern[str]:
    return re.compile(rf"^{re.escape(db_path.stem)}-(\d{{8}}-\d{{6}})(?:-([a-z0-9_-]+))?(?:\.\d+)?"
                      rf"{re.escape(db_path.suffix)}$")


def list_backups(db_path: Path | None = None) -> list[Backup]:
    """The database's backups, newest first (partial files and others' files left out)."""
    db_path = _default_path(db_path)
    folder = backups_folder(db_path)
    if not folder.is_dir():
        return []
    pattern = _pattern(db_path)
    found = []
    for entry in folder.iterdir():
        match = pattern.match(entry.name)
        if match and entry.is_file():
            taken = datetime.strptime(match[1], _STAMP).replace(tzinfo=UTC)
            found.append(Backup(entry, taken, match[2] or ""))
    return sorted(found, key=lambda b: (b.taken_at, _mtime(b.path), b.path.name), reverse=True)


def backup_now(db_path: Path | None = None, now: datetime | None = None, reason: str = "") -> Path:
    """Copy the database into the backups folder, checked and flushed; then thin the backups.

    Raises DatabaseDamaged when the copy fails its check (the damaged copy is not kept),
    StorageFull / StorageReadOnly when it cannot be written, StorageError otherwise.
    """
    db_path, when = _default_path(db_path), _now(now)
    if not db_path.is_file():
        raise StorageError(f"{db_path}: there is no database to back up.", db_path)
    folder = backups_folder(db_path)
    try:
        _private_folder(folder)
        _remove_stale_partials(folder)
        fd, name = tempfile.mkstemp(prefix=_PARTIAL, suffix=db_path.suffix, dir=folder)  # mode 0600
        os.close(fd)
    except OSError as err:
        raise storage_error(err, folder, _doing(reason)) from err
    tmp = Path(name)
    try:
        with closing(sqlite3.connect(str(db_path), timeout=5.0)) as src, closing(sqlite3.connect(name)) as dst:
            src.backup(dst)
            dst.execute("PRAGMA journal_mode = DELETE")  # the copy stands alone, with no -wal beside it
            result = [r[0] for r in dst.execute("PRAGMA quick_check").fetchall()]
        if result != ["ok"]:
            raise DatabaseDamaged(db_path, f"a copy of it fails quick_check: {result[0]}")
        _fsync(tmp)
        final = _free_name(folder, db_path, when, reason)
        os.replace(tmp, final)
        _fsync_folder(folder)
    except sqlite3.Error as err:
        _remove(tmp)
        raise storage_error(err, folder if _is_full(err) else db_path, _doing(reason)) from err
    except OSError as err:
        _remove(tmp)
        raise storage_error(err, folder, _doing(reason)) from err
    except BaseException:
        _remove(tmp)
        raise
    thin(db_path, when)
    return final


def _doing(reason: str) -> str:
    if reason.startswith("before-"):
        return f"the backup made before the {reason.removeprefix('before-')} (which was not done either)"
    return "the backup"


def _is_full(err: sqlite3.Error) -> bool:
    return "full" in str(err).lower() or "readonly" in str(err).lower()


def backup_before(db_path: Path | None, action: str, now: datetime | None = None) -> Path | None:
    """A backup before `action` ("delete", "import", "restore"): None if there is nothing to keep yet."""
    db_path = _default_path(db_path)
    if not db_path.is_file() or db_path.stat().st_size == 0:
        return None
    return backup_now(db_path, now, f"before-{re.sub(r'[^a-z0-9_-]+', '-', action.lower())}")


def backup_if_due(db_path: Path | None = None, now: datetime | None = None) -> Path | None:
    """A backup when the newest one is over a day old (or there is none); None when not due."""
    db_path, when = _default_path(db_path), _now(now)
    if not db_path.is_file() or db_path.stat().st_size == 0:
        return None
    backups = list_backups(db_path)
    if backups and when - backups[0].taken_at <= DUE_AFTER:
        return None
    return backup_now(db_path, when)


def is_good(path: Path) -> bool:
    """The file is a database that passes quick_check (opened read-only: nothing is written; the
    empty -wal and -shm SQLite makes beside a WAL-mode file are removed again)."""
    extra = [path.with_name(path.name + s) for s in ("-wal", "-shm")]
    made = [p for p in extra if not p.exists()]
    try:
        with path.open("rb") as f:
            if not f.read(16).startswith(b"SQLite format 3"):
                return False
        with closing(sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)) as conn:
            return [r[0] for r in conn.execute("PRAGMA quick_check").fetchall()] == ["ok"]
    except (OSError, sqlite3.Error):
        return False
    finally:
        for p in made:
            with suppress(OSError):
                if p.stat().st_size == 0 or p.name.endswith("-shm"):
                    p.unlink()


def newest_good_backup(db_path: Path | None = None) -> Path | None:
    """The newest backup that passes quick_check, or None."""
    return next((b.path for b in list_backups(db_path) if is_good(b.path)), None)


def restore(backup: Path, db_path: Path | None = None, now: datetime | None = None) -> Restored:
    """Put `backup` in the database's place; the database it replaces is backed up first, or, too
    damaged to copy, kept beside itself renamed. Call it with no connection open (the app's
    instance lock held, or before Storage.open)."""
    from massage_trainer.storage.db import known_version
    from massage_trainer.storage.integrity import check_file

    backup, db_path, when = Path(backup), _default_path(db_path), _now(now)
    if not is_good(backup):
        raise StorageError(f"{backup}: not a sound database backup (it is missing, unreadable or damaged); "
                           "nothing was changed.", backup)
    with closing(sqlite3.connect(f"{backup.resolve().as_uri()}?mode=ro", uri=True)) as conn:
        version = int(conn.execute("PRAGMA user_version").fetchone()[0])
    if version > known_version():
        raise DatabaseTooNew(backup, f"schema version {version}; this version knows up to {known_version()}")
    previous: Path | None = None
    damaged = False
    if db_path.is_file():
        try:
            if db_path.stat().st_size == 0:
                raise DatabaseDamaged(db_path, "the file is empty")
            check_file(db_path)  # before SQLite opens it: it deletes the -wal of a file that is no database
            previous = backup_now(db_path, when, "before-restore")
        except DatabaseDamaged:
            previous, damaged = _set_aside(db_path, when), True
    _drop_wal(db_path)
    try:
        fd, name = tempfile.mkstemp(prefix=_PARTIAL, suffix=db_path.suffix, dir=db_path.parent)
        os.close(fd)
        tmp = Path(name)
        try:
            shutil.copyfile(backup, tmp)
            _fsync(tmp)
            os.replace(tmp, db_path)
        finally:
            _remove(tmp)
        _fsync_folder(db_path.parent)
    except OSError as err:
        raise storage_error(err, db_path, "the restore") from err
    return Restored(backup, previous, damaged)


def damaged_name(db_path: Path, now: datetime | None = None) -> Path:
    """Where a damaged database is set aside: beside it, `NAME.damaged-YYYYmmdd-HHMM` (free)."""
    stamp = _now(now).strftime("%Y%m%d-%H%M")
    candidate = db_path.with_name(f"{db_path.name}.damaged-{stamp}")
    n = 1
    while candidate.exists():
        n += 1
        candidate = db_path.with_name(f"{db_path.name}.damaged-{stamp}-{n}")
    return candidate


def set_aside(db_path: Path | None = None, now: datetime | None = None) -> Path:
    """Rename a damaged database (its -wal with it) beside itself, `damaged_name`, so that a new,
    empty one can be made in its place; nothing is deleted (only the -shm, SQLite's index of the
    -wal, which goes with it). Call it with no connection open. Returns where the file is now."""
    db_path = _default_path(db_path)
    target = _set_aside(db_path, _now(now))
    _remove(db_path.with_name(db_path.name + "-shm"))
    return target


def _set_aside(db_path: Path, now: datetime) -> Path:
    """Rename a damaged database (and its -wal, which belongs to it) out of the way; delete nothing."""
    target = damaged_name(db_path, now)
    try:
        wal = db_path.with_name(db_path.name + "-wal")
        if wal.exists():
            os.replace(wal, target.with_name(target.name + "-wal"))
        os.replace(db_path, target)
    except OSError as err:
        raise storage_error(err, db_path, "setting the damaged database aside") from err
    return target


def _drop_wal(db_path: Path) -> None:
    """Before another file takes the database's place, its -wal (already in the backup, or moved
    aside with the damaged file) must go: SQLite would replay it onto the new file."""
    wal = db_path.with_name(db_path.name + "-wal")
    if wal.exists() and db_path.exists():
        with suppress(sqlite3.Error), closing(sqlite3.connect(str(db_path), timeout=5.0)) as conn:
            conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    for suffix in ("-wal", "-shm"):
        _remove(db_path.with_name(db_path.name + suffix))


def thin(db_path: Path | None = None, now: datetime | None = None) -> list[Path]:
    """Delete the backups the thinning rule does not keep; returns those deleted."""
    backups = list_backups(db_path)
    keep = backups_to_keep(backups, _now(now))
    gone = [b.path for b in backups if b.path not in keep]
    for path in gone:
        _remove(path)
    return gone


def backups_to_keep(backups: list[Backup], now: datetime) -> set[Path]:
    """Anki's rule: today's, then 12 daily, 10 weekly and 9 monthly, newest first."""
    keep: set[Path] = set()
    daily, weekly, monthly = DAILY, WEEKLY, MONTHLY
    last: tuple[object, object, object] = (None, None, None)
    today = now.date()
    for b in sorted(backups, key=lambda b: b.taken_at, reverse=True):
        t = b.taken_at
        day, week, month = t.date(), t.isocalendar()[:2], (t.year, t.month)
        if day >= today:
            pass
        elif daily and day != last[0]:
            daily -= 1
        elif weekly and week != last[1]:
            weekly -= 1
        elif monthly and month != last[2]:
            monthly -= 1
        else:
            continue
        keep.add(b.path)
        last = (day, week, month)
    return keep


def _free_name(folder: Path, db_path: Path, when: datetime, reason: str) -> Path:
    base = f"{db_path.stem}-{when.strftime(_STAMP)}"
    tail = f"-{reason}" if reason else ""
    candidate, n = folder / f"{base}{tail}{db_path.suffix}", 1
    while candidate.exists():
        n += 1
        candidate = folder / f"{base}{tail}.{n}{db_path.suffix}"
    return candidate


def _private_folder(folder: Path) -> None:
    folder.mkdir(mode=0o700, parents=True, exist_ok=True)
    if os.name != "nt" and folder.stat().st_mode & 0o077:
        folder.chmod(0o700)


def _remove_stale_partials(folder: Path) -> None:
    for entry in folder.glob(_PARTIAL + "*"):
        with suppress(OSError):
            if time.time() - entry.stat().st_mtime > STALE_PARTIAL_S:
                entry.unlink()


def _remove(path: Path) -> None:
    with suppress(FileNotFoundError):
        path.unlink()


def _fsync(path: Path) -> None:
    with path.open("rb+") as f:
        os.fsync(f.fileno())


def _fsync_folder(folder: Path) -> None:
    if os.name == "nt":  # pragma: no cover - Windows cannot open a folder to flush it
        return
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _mtime(path: Path) -> int:
    try:
        return path.stat().st_mtime_ns
    except OSError:
        return 0
