"""The one SQLite database: opening it, its pragmas, its schema migrations, and its transactions.

Migrations are append-only: never edit one that has shipped; add a new one (and add its columns
to `EXPECTED_COLUMNS` in storage/integrity.py).

Opening checks, in order: the file's header (not a database, truncated), the small tables'
`quick_check` (the full one costs ~50 ms warm and ~400 ms cold on 1,000 runs, so it is left to
`massage-trainer db check` and storage/integrity.py's `full_check`), a schema newer than this
version (refused, never downgraded), that the file can be written (a read-only file or folder is
refused here, not at the first save), then a backup if a migration is pending on a database with
data, the migrations, and the columns every table must have.
"""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from functools import cache
from pathlib import Path

import sqlite_utils
from sqlite_utils import Migrations

from massage_trainer.storage.errors import StorageError, storage_error

# The connection class: tests swap in a subclass that injects faults (a full disk, a read-only file).
CONNECTION_CLASS: type[sqlite3.Connection] = sqlite3.Connection

migrations = Migrations("massage_trainer")


@migrations(name="0001_learners")
def _m0001_learners(db: sqlite_utils.Database) -> None:
    db.execute(
        """
        CREATE TABLE learners (
            id INTEGER PRIMARY KEY,
            name TEXT NOT NULL UNIQUE COLLATE NOCASE,
            created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now'))
        )
        """
    )
    db.execute("CREATE TABLE settings (key TEXT PRIMARY KEY, value TEXT NOT NULL)")


@migrations(name="0002_drill_runs")
def _m0002_drill_runs(db: sqlite_utils.Database) -> None:
    # One row per finished (or imported) drill; the recording is the spec's JSON.
    db.execute(
        """
        CREATE TABLE drill_runs (
            id INTEGER PRIMARY KEY,
            learner_id INTEGER NOT NULL REFERENCES learners(id) ON DELETE CASCADE,
            drill TEXT NOT NULL,
            started_at TEXT NOT NULL,
            duration_s REAL NOT NULL,
            score REAL NOT NULL,
            passed INTEGER NOT NULL,
            report TEXT NOT NULL,
            recording TEXT NOT NULL,
            imported_from TEXT
        )
        """
    )
    db.execute("CREATE INDEX drill_runs_by_drill ON drill_runs (learner_id, drill, started_at)")
    db.execute("CREATE INDEX drill_runs_by_time ON drill_runs (learner_id, started_at)")


@migrations(name="0003_drill_in_progress")
def _m0003_drill_in_progress(db: sqlite_utils.Database) -> None:
    # The autosaved trace of a drill not yet finished: at most one per learner. A run kept
    # without being finished (after a crash or a closed window) is marked unfinished.
    db.execute(
        """
        CREATE TABLE drill_in_progress (
            learner_id INTEGER PRIMARY KEY REFERENCES learners(id) ON DELETE CASCADE,
            drill TEXT NOT NULL,
            started_at TEXT NOT NULL,
            saved_at TEXT NOT NULL,
            phase_index INTEGER NOT NULL,
            elapsed_s REAL NOT NULL,
            recording TEXT NOT NULL
        )
        """
    )
    db.execute("ALTER TABLE drill_runs ADD COLUMN unfinished INTEGER NOT NULL DEFAULT 0")


@migrations(name="0004_recording_sha256")
def _m0004_recording_sha256(db: sqlite_utils.Database) -> None:
    # A run's recording identity (core/identity.py): with the learner, it finds a duplicate import.
    db.execute("ALTER TABLE drill_runs ADD COLUMN recording_sha256 TEXT")
    db.execute("CREATE INDEX drill_runs_by_recording ON drill_runs (learner_id, recording_sha256)")
    from massage_trainer.core.identity import samples_sha256
    from massage_trainer.core.recording import recording_from_json

    for run_id, text in db.execute("SELECT id, recording FROM drill_runs").fetchall():
        try:
            digest = samples_sha256(recording_from_json(text, f"drill run {run_id}"))
        except ValueError:
            continue  # a row that cannot be read has no identity; it can still be deleted
        db.execute("UPDATE drill_runs SET recording_sha256 = ? WHERE id = ?", [digest, run_id])


@migrations(name="0005_quiz")
def _m0005_quiz(db: sqlite_utils.Database) -> None:
    # The instructors' imported banks (storage/banks.py): one row per bank name, kept when removed
    # (removed_at set) so the answers to its questions stay in the learners' history, marked so.
    db.execute(
        """
        CREATE TABLE question_banks (
            id INTEGER PRIMARY KEY,
            name TEXT NOT NULL UNIQUE COLLATE NOCASE,
            format TEXT NOT NULL,
            imported_at TEXT NOT NULL,
            removed_at TEXT
        )
        """
    )
    # A bank's questions: core/questions.Question.to_dict() as JSON, under an id made of the bank's
    # name and a hash of the question's text, so an unchanged question keeps its id on a re-import.
    db.execute(
        """
        CREATE TABLE bank_questions (
            bank_id INTEGER NOT NULL REFERENCES question_banks(id) ON DELETE CASCADE,
            question_id TEXT NOT NULL,
            text_sha256 TEXT NOT NULL,
            position INTEGER NOT NULL,
            question TEXT NOT NULL,
            PRIMARY KEY (bank_id, question_id)
        )
        """
    )
    # Every answer the moment it is given (storage/quiz.py), one transaction with its review card.
    db.execute(
        """
        CREATE TABLE quiz_answers (
            id INTEGER PRIMARY KEY,
            learner_id INTEGER NOT NULL REFERENCES learners(id) ON DELETE CASCADE,
            question_id TEXT NOT NULL,
            bank TEXT NOT NULL,
            response TEXT NOT NULL,
            score REAL NOT NULL,
            correct INTEGER NOT NULL,
            answered_at TEXT NOT NULL,
            mode TEXT NOT NULL,
            session_id TEXT NOT NULL
        )
        """
    )
    db.execute("CREATE INDEX quiz_answers_by_learner ON quiz_answers (learner_id, answered_at)")
    db.execute(
        """
        CREATE TABLE review_cards (
            learner_id INTEGER NOT NULL REFERENCES learners(id) ON DELETE CASCADE,
            question_id TEXT NOT NULL,
            card TEXT NOT NULL,
            due TEXT NOT NULL,
            PRIMARY KEY (learner_id, question_id)
        )
        """
    )



@migrations(name="0006_quiz_topic_time")
def _m0006_quiz_topic_time(db: sqlite_utils.Database) -> None:
    # Each answer keeps its question's topic as asked (the Progress screen groups by it without
    # reading every bank) and the seconds the learner took (time practised per week). Older answers
    # have an empty topic, filled from the questions when read, and no time.
    db.execute("ALTER TABLE quiz_answers ADD COLUMN topic TEXT NOT NULL DEFAULT ''")
    db.execute("ALTER TABLE quiz_answers ADD COLUMN time_s REAL")


@migrations(name="0007_progress_indexes")
def _m0007_progress_indexes(db: sqlite_utils.Database) -> None:
    # The Progress screen's sums (storage/progress.py) read these indexes alone: never a response's
    # JSON, never a drill's recording (whose overflow pages stand before the columns after it).
    # By day (the expression storage/progress.py groups by, so the sums stream in the index's order)...
    db.execute("CREATE INDEX quiz_answers_by_day ON quiz_answers "
               "(learner_id, substr(answered_at, 1, 10), topic, question_id, score, time_s)")
    # ...and by question (the weakest questions).
    db.execute("CREATE INDEX quiz_answers_by_question ON quiz_answers (learner_id, question_id, score, topic, bank)")
    db.execute("CREATE INDEX drill_runs_for_progress ON drill_runs "
               "(learner_id, started_at, drill, score, passed, duration_s, unfinished)")


def open_database(path: Path, writing: bool = True) -> sqlite_utils.Database:
    """Open (creating if needed), check and migrate the database at path.

    `writing=False`: a connection only to read with (a listing on a worker thread), opened with the
    same checks but no write: no probe, no migration (one pending is refused), so a full disk or a
    read-only folder does not stop the drills being read.

    Raises DatabaseDamaged, DatabaseTooNew, StorageReadOnly, StorageFull or StorageError.
    """
    from massage_trainer.storage import integrity

    path = Path(path)
    integrity.check_file(path)
    try:
        conn = sqlite3.connect(str(path), timeout=5.0, factory=CONNECTION_CLASS)
    except sqlite3.Error as err:
        raise storage_error(err, path, "opening the database") from err
    conn.text_factory = lenient_text
    db = sqlite_utils.Database(conn)
    try:
        keep_private(path)
        conn.execute("PRAGMA foreign_keys = ON")
        conn.execute("PRAGMA synchronous = FULL")  # a commit that returned is on the disk
        integrity.check_at_open(db, path)
        if not writing:
            if migrations.pending(db):
                raise StorageError(f"{path}: the database needs upgrading before it can be read; open it "
                                   "with Massage Trainer first.", path)
            integrity.check_columns(db, path)
            return db
        _probe_write(conn)
        if db.execute("PRAGMA journal_mode").fetchone()[0] != "wal":
            db.enable_wal()
        pending = migrations.pending(db)
        if pending and any(t != migrations.migrations_table for t in db.table_names()):
            from massage_trainer.storage.backup import backup_now

            backup_now(path, reason=f"before-{pending[0].name}")
        migrations.apply(db)
        if db.execute("PRAGMA user_version").fetchone()[0] < known_version():
            db.execute(f"PRAGMA user_version = {known_version()}")
        integrity.check_columns(db, path)
    except StorageError:
        conn.close()
        raise
    except (sqlite3.Error, OSError) as err:
        conn.close()
        raise storage_error(err, path, "opening the database") from err
    return db


def lenient_text(value: bytes) -> str:
    """TEXT as str, a byte that is not UTF-8 (damage) read as U+FFFD: one damaged row then fails
    to parse on its own (and is shown as damaged) instead of failing the whole query."""
    return value.decode("utf-8", errors="replace")


@cache
def known_version() -> int:
    """The schema version this program writes to PRAGMA user_version: how many migrations it knows."""
    return len(all_migrations())


def _probe_write(conn: sqlite3.Connection) -> None:
    """Write page 1 and roll it back: a read-only file, folder or disk says so now. (BEGIN IMMEDIATE
    alone succeeds on a read-only file in WAL mode: only the first page written fails.)"""
    version = int(conn.execute("PRAGMA user_version").fetchone()[0])
    conn.execute("BEGIN IMMEDIATE")
    try:
        conn.execute(f"PRAGMA user_version = {version}")
    finally:
        conn.execute("ROLLBACK")


def keep_private(path: Path) -> None:
    """Make a file of ours readable by its owner only (0600); no-op on Windows or for others' files."""
    if os.name == "nt" or not path.exists():
        return
    st = path.stat()
    if st.st_uid == os.getuid() and st.st_mode & 0o077:
        path.chmod(0o600)


def database_file(db: sqlite_utils.Database) -> Path | None:
    """The file the database lives in (None in memory)."""
    for _seq, name, file in db.execute("PRAGMA database_list").fetchall():
        if name == "main":
            return Path(file) if file else None
    return None


@contextmanager
def transaction(db: sqlite_utils.Database, doing: str) -> Iterator[None]:
    """One user action as one transaction: every statement in the block is committed, or none.

    `doing` names the action for the message ("this drill", "the new learner"). sqlite3's
    IntegrityError passes through for the caller to explain; every other sqlite3 error becomes a
    StorageError (StorageFull, StorageReadOnly, DatabaseDamaged, ...).
    """
    conn = db.conn
    try:
        conn.execute("BEGIN IMMEDIATE")
        yield
        conn.commit()
    except BaseException as err:
        if conn.in_transaction:
            with suppress(sqlite3.Error):  # the first error is the one to report
                conn.rollback()
        if isinstance(err, sqlite3.Error) and not isinstance(err, sqlite3.IntegrityError):
            raise storage_error(err, database_file_or_none(db), doing) from err
        raise


@contextmanager
def reading(db: sqlite_utils.Database, doing: str) -> Iterator[None]:
    """Reads: a sqlite3 error (a bad page, a lost column) becomes a StorageError naming `doing`."""
    try:
        yield
    except sqlite3.Error as err:
        raise storage_error(err, database_file_or_none(db), doing) from err


def database_file_or_none(db: sqlite_utils.Database) -> Path | None:
    try:
        return database_file(db)
    except sqlite3.Error:
        return None


def all_migrations() -> list[str]:
    """The names of every migration this version knows, oldest first (all pending on an empty database)."""
    return [m.name for m in migrations.pending(sqlite_utils.Database(memory=True))]


def schema_version(db: sqlite_utils.Database) -> list[str]:
    """The names of the migrations applied, in order."""
    return [m.name for m in migrations.applied(db)]
