"""Learner profiles. Every record a learner makes hangs off their row, so deleting
a learner deletes their record and nothing of anyone else's."""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass

import sqlite_utils

MAX_NAME = 60
_LAST_LEARNER = "last_learner_id"


@dataclass(frozen=True)
class Learner:
    id: int
    name: str


class LearnerError(ValueError):
    """A learner name or id that cannot be used; the message is fit to show."""


def _clean(name: str) -> str:
    cleaned = " ".join(name.split())
    if not cleaned:
        raise LearnerError("A learner needs a name.")
    if len(cleaned) > MAX_NAME:
        raise LearnerError(f"A learner's name can be at most {MAX_NAME} characters.")
    return cleaned


class LearnerStore:
    def __init__(self, db: sqlite_utils.Database) -> None:
        self._db = db

    def all(self) -> list[Learner]:
        rows = self._db.execute("SELECT id, name FROM learners ORDER BY name COLLATE NOCASE").fetchall()
        return [Learner(int(r[0]), str(r[1])) for r in rows]

    def get(self, learner_id: int) -> Learner:
        row = self._db.execute("SELECT id, name FROM learners WHERE id = ?", [learner_id]).fetchone()
        if row is None:
            raise LearnerError(f"There is no learner with id {learner_id}.")
        return Learner(int(row[0]), str(row[1]))

    def create(self, name: str) -> Learner:
        cleaned = _clean(name)
        try:
            with self._db.conn:
                cur = self._db.execute("INSERT INTO learners (name) VALUES (?)", [cleaned])
        except sqlite3.IntegrityError:
            raise LearnerError(f"There is already a learner called {cleaned!r}.") from None
        assert cur.lastrowid is not None
        return Learner(int(cur.lastrowid), cleaned)

    def rename(self, learner_id: int, name: str) -> Learner:
        cleaned = _clean(name)
        self.get(learner_id)
        try:
            with self._db.conn:
                self._db.execute("UPDATE learners SET name = ? WHERE id = ?", [cleaned, learner_id])
        except sqlite3.IntegrityError:
            raise LearnerError(f"There is already a learner called {cleaned!r}.") from None
        return Learner(learner_id, cleaned)

    def delete(self, learner_id: int) -> None:
        """Delete the learner and, through ON DELETE CASCADE, their whole record."""
        self.get(learner_id)
        with self._db.conn:
            self._db.execute("DELETE FROM learners WHERE id = ?", [learner_id])
            if self._setting(_LAST_LEARNER) == str(learner_id):
                self._db.execute("DELETE FROM settings WHERE key = ?", [_LAST_LEARNER])

    def last_used(self) -> Learner | None:
        value = self._setting(_LAST_LEARNER)
        if value is None:
            return None
        try:
            return self.get(int(value))
        except (LearnerError, ValueError):
            return None

    def remember(self, learner: Learner) -> None:
        with self._db.conn:
            self._db.execute(
                "INSERT INTO settings (key, value) VALUES (?, ?) "
                "ON CONFLICT(key) DO UPDATE SET value = excluded.value",
                [_LAST_LEARNER, str(learner.id)],
            )

    def _setting(self, key: str) -> str | None:
        row = self._db.execute("SELECT value FROM settings WHERE key = ?", [key]).fetchone()
        return None if row is None else str(row[0])
