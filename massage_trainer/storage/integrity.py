"""Is the database sound? The cheap checks made at every open, and the full check.

At open (storage/db.py): the file's header (a SQLite database, whole pages, as many pages as the
header says), `quick_check` of the small tables (learners, settings, migrations, the drill in
progress), a schema from a newer version (refused), and, once migrated, the columns every table
must have. The full `PRAGMA quick_check` reads every page: ~50 ms warm and ~400 ms cold on a
database of 1,000 drill runs (220 MB), too slow for every start, so it runs in `check_database`:
`massage-trainer db check`, or the GUI's background check. That also runs `foreign_key_check`
and the app's own checks: every recording parses and has the identity it was saved with, and
every stored report matches a fresh grade.
"""

from __future__ import annotations

import json
import sqlite3
import stat
import struct
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, Final

import sqlite_utils

from massage_trainer.storage.errors import DatabaseTooNew, StorageError, damaged, storage_error

if TYPE_CHECKING:
    from massage_trainer.core.recording import Recording

MAGIC: Final = b"SQLite format 3\x00"
MIGRATIONS_TABLE: Final = "_sqlite_migrations"
MIGRATION_SET: Final = "massage_trainer"
# Small enough to check at every open; drill_runs, the big one, is left to the full check.
SMALL_TABLES: Final = ("learners", "settings", MIGRATIONS_TABLE, "drill_in_progress")
# Every column each table has once every migration has run (tests/test_storage_damage.py holds
# this to a freshly migrated database). A newer migration's columns are added here.
EXPECTED_COLUMNS: Final[dict[str, frozenset[str]]] = {
    "learners": frozenset({"id", "name", "created_at"}),
    "settings": frozenset({"key", "value"}),
    "drill_runs": frozenset({"id", "learner_id", "drill", "started_at", "duration_s", "score", "passed",
                             "report", "recording", "imported_from", "unfinished", "recording_sha256"}),
    "drill_in_progress": frozenset({"learner_id", "drill", "started_at", "saved_at", "phase_index",
                                    "elapsed_s", "recording"}),
    MIGRATIONS_TABLE: frozenset({"id", "migration_set", "name", "applied_at"}),
    "question_banks": frozenset({"id", "name", "format", "imported_at", "removed_at"}),
    "bank_questions": frozenset({"bank_id", "question_id", "text_sha256", "position", "question"}),
    "quiz_answers": frozenset({"id", "learner_id", "question_id", "bank", "response", "score", "correct",
                               "answered_at", "mode", "session_id", "topic", "time_s"}),
    "review_cards": frozenset({"learner_id", "question_id", "card", "due"}),
}


def check_file(path: Path) -> None:
    """Before SQLite opens it: is the file a database, and is it all there? Raises DatabaseDamaged."""
    try:
        st = path.stat()
    except FileNotFoundError:
        return  # a new database
    except OSError as err:
        raise storage_error(err, path, "opening the database") from err
    if not stat.S_ISREG(st.st_mode):
        raise StorageError(f"{path}: the database is not a regular file.", path)
    if st.st_size == 0:
        from massage_trainer.storage.backup import list_backups

        if list_backups(path):  # it had data once: something emptied it
            raise damaged(path, "the file is empty")
        return  # created and never written
    try:
        with path.open("rb") as f:
            header = f.read(100)
    except OSError as err:
        raise StorageError(f"{path}: the database cannot be read ({err.strerror or err}).", path) from err
    if len(header) < 100 or not header.startswith(MAGIC):
        raise damaged(path, "the file is not a SQLite database")
    raw_size = struct.unpack(">H", header[16:18])[0]
    page_size = 65536 if raw_size == 1 else raw_size
    if page_size < 512 or page_size & (page_size - 1):
        raise damaged(path, "its header is broken")
    if st.st_size % page_size:
        raise damaged(path, "the file is cut short: it ends in the middle of a page")
    counter, pages = struct.unpack(">II", header[24:32])
    valid_for = struct.unpack(">I", header[92:96])[0]
    wal = path.with_name(path.name + "-wal")
    wal_empty = not wal.exists() or wal.stat().st_size == 0
    if wal_empty and counter == valid_for and st.st_size < pages * page_size:
        raise damaged(path, f"the file is cut short: {st.st_size // page_size} of its {pages} pages are there")


def check_at_open(db: sqlite_utils.Database, path: Path) -> None:
    """The small tables' quick_check, and no schema newer than this version's."""
    from massage_trainer.storage.db import all_migrations, known_version

    tables = set(db.table_names())
    for table in SMALL_TABLES:
        if table in tables:
            result = [r[0] for r in db.execute(f'PRAGMA quick_check("{table}")').fetchall()]
            if result != ["ok"]:
                raise damaged(path, f"the table {table}: {first_finding(result)}")
    version = int(db.execute("PRAGMA user_version").fetchone()[0])
    if version > known_version():
        raise DatabaseTooNew(path, f"schema version {version}; this version knows up to {known_version()}")
    if MIGRATIONS_TABLE in tables:
        known = set(all_migrations())
        names = [r[0] for r in db.execute(f"SELECT name FROM {MIGRATIONS_TABLE} WHERE migration_set = ?",
                                          [MIGRATION_SET]).fetchall()]
        unknown = [str(n) for n in names if n not in known]
        if unknown:
            raise DatabaseTooNew(path, f"the migration {unknown[0]!r}, unknown to this version")


def check_columns(db: sqlite_utils.Database, path: Path) -> None:
    """Every table has every column this version's migrations made."""
    tables = set(db.table_names())
    for table, columns in EXPECTED_COLUMNS.items():
        if table not in tables:
            raise damaged(path, f"the table {table} is missing")
        have = {str(r[1]) for r in db.execute(f'PRAGMA table_info("{table}")').fetchall()}
        missing = sorted(columns - have)
        if missing:
            raise damaged(path, f"the table {table} has lost its column(s) {', '.join(missing)}")


def first_finding(lines: list[str]) -> str:
    """quick_check's first finding, on one line (its "*** in database main ***" header left out)."""
    found = [ln.strip() for text in lines for ln in str(text).splitlines()
             if ln.strip() and not ln.startswith("***")]
    if not found:
        return "quick_check failed"
    return found[0] + (f" (and {len(found) - 1} more)" if len(found) > 1 else "")


@dataclass(frozen=True)
class Problem:
    """One thing the full check found: where (a table, a drill run) and what is wrong."""

    where: str
    what: str
    run_id: int | None = None  # the drill run, when the problem is one run's

    def __str__(self) -> str:
        return f"{self.where}: {self.what}"


# Grades a recording again: returns its report as Report.to_dict() would (the CLI passes the grader).
Regrade = Callable[["Recording"], dict[str, Any]]


def check_database(db: sqlite_utils.Database, regrade: Regrade | None = None) -> list[Problem]:
    """The full check: quick_check of every page, foreign keys, then every run's recording and report.

    Returns the problems found (an empty list: all is well). A page too damaged to read is one
    problem, not an exception.
    """
    found = [str(r[0]) for r in _safe(db, "PRAGMA quick_check(50)") if r[0] != "ok"]
    problems = [Problem("database", ln.strip()) for text in found for ln in text.splitlines()
                if ln.strip() and not ln.startswith("***")]
    for table, rowid, parent, _fk in _safe(db, "PRAGMA foreign_key_check"):
        problems.append(Problem(f"{table} row {rowid}", f"refers to a missing row of {parent}"))
    if not problems:
        problems += check_records(db, regrade)
    return problems


def _safe(db: sqlite_utils.Database, sql: str) -> list[tuple[Any, ...]]:
    try:
        return list(db.execute(sql).fetchall())
    except sqlite3.DatabaseError as err:
        return [(f"the check could not run ({err})",) + (None,) * 3]


def check_records(db: sqlite_utils.Database, regrade: Regrade | None = None) -> list[Problem]:
    """Every stored run: its recording parses, has the identity it was saved with, and its report
    reads and (with `regrade`) matches a fresh grade. The autosaved drills' recordings parse too."""
    from massage_trainer.core.identity import samples_sha256
    from massage_trainer.core.recording import RecordingError, recording_from_json

    problems: list[Problem] = []
    try:
        ids = [int(r[0]) for r in db.execute("SELECT id FROM drill_runs ORDER BY id").fetchall()]
        for run_id in ids:  # one at a time: a recording can be megabytes
            where = f"drill run {run_id}"
            try:
                row = db.execute("SELECT report, recording, recording_sha256 FROM drill_runs WHERE id = ?",
                                 [run_id]).fetchone()
            except sqlite3.DatabaseError as err:
                problems.append(Problem(where, f"cannot be read ({err})", run_id))
                continue
            try:
                recording = recording_from_json(row[1], where)
            except (RecordingError, TypeError) as err:
                problems.append(Problem(where, f"its recording cannot be read ({err})", run_id))
                continue
            if row[2] is not None and samples_sha256(recording) != row[2]:
                problems.append(Problem(where, "its recording has changed since it was saved "
                                        "(its SHA-256 is not the one stored)", run_id))
            try:
                stored = json.loads(row[0])
            except (TypeError, ValueError) as err:
                problems.append(Problem(where, f"its report cannot be read ({err})", run_id))
                continue
            if regrade is not None:
                fresh = json.loads(json.dumps(regrade(recording), allow_nan=False))
                if stored != fresh:
                    was, now = _score(stored), _score(fresh)
                    how = f"stored score {was}, now {now}" if was != now else f"the same score, {now}; details differ"
                    problems.append(Problem(where, f"its stored report differs from a fresh grade ({how})", run_id))
        for learner_id, text in db.execute("SELECT learner_id, recording FROM drill_in_progress").fetchall():
            try:
                recording_from_json(text, f"the autosaved drill of learner {learner_id}")
            except (RecordingError, TypeError) as err:
                problems.append(Problem(f"autosaved drill of learner {learner_id}", f"cannot be read ({err})"))
    except sqlite3.DatabaseError as err:
        problems.append(Problem("drill_runs", f"cannot be read ({err})"))
    return problems


def _score(report: object) -> str:
    score = report.get("score") if isinstance(report, dict) else None
    return f"{score:.1f}" if isinstance(score, int | float) else "unknown"
