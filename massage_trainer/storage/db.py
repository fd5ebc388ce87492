"""The one SQLite database: opening it, its pragmas and its schema migrations.

Migrations are append-only: never edit one that has shipped; add a new one.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

import sqlite_utils
from sqlite_utils import Migrations

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


class StorageError(Exception):
    """The database cannot be opened or used; the message says why in plain words."""


def open_database(path: Path) -> sqlite_utils.Database:
    """Open (creating if needed) and migrate the database at path."""
    try:
        conn = sqlite3.connect(str(path), timeout=5.0)
        db = sqlite_utils.Database(conn)
        conn.execute("PRAGMA foreign_keys = ON")
        db.enable_wal()
        migrations.apply(db)
    except sqlite3.DatabaseError as err:
        raise StorageError(f"{path}: cannot open the database ({err})") from err
    return db


def all_migrations() -> list[str]:
    """The names of every migration this version knows, oldest first (all pending on an empty database)."""
    return [m.name for m in migrations.pending(sqlite_utils.Database(memory=True))]


def schema_version(db: sqlite_utils.Database) -> list[str]:
    """The names of the migrations applied, in order."""
    return [m.name for m in migrations.applied(db)]
