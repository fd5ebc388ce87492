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


def schema_version(db: sqlite_utils.Database) -> list[str]:
    """The names of the migrations applied, in order."""
    return [m.name for m in migrations.applied(db)]
