"""Learner profiles. Every record a learner makes hangs off their row, so deleting
a learner deletes their record and nothing of anyone else's.

Names are checked here, the one home of that rule: spaces are collapsed, and control characters
(NUL and the like) and the bidirectional controls that can make a name display as another
(U+202A-U+202E, U+2066-U+2069, and the marks U+200E, U+200F, U+061C) are refused.
Each change is one transaction (storage/db.py `transaction`); a delete is backed up first.
"""

from __future__ import annotations

import sqlite3
import unicodedata
from dataclasses import dataclass
from typing import Final

import sqlite_utils

from massage_trainer.storage.db import database_file, reading, transaction
from massage_trainer.storage.errors import StorageError

MAX_NAME = 60
_LAST_LEARNER = "last_learner_id"
BIDI_CONTROLS: Final = frozenset({"\u061c", "\u200e", "\u200f", *map(chr, range(0x202A, 0x202F)),
                                  *map(chr, range(0x2066, 0x206A))})


@dataclass(frozen=True)
class Learner:
    id: int
    name: str


class LearnerError(ValueError):
    """A learner name or id that cannot be used; the message is fit to show."""


def clean_name(name: str) -> str:
    """The name as it is kept (spaces collapsed), or LearnerError saying what is wrong with it."""
    cleaned = " ".join(name.split())
    if not cleaned:
        raise LearnerError("A learner needs a name.")
    for i, char in enumerate(cleaned, 1):
        category = unicodedata.category(char)
        if char in BIDI_CONTROLS:
            raise LearnerError(f"A learner's name cannot hold the invisible text-direction character "
                               f"U+{ord(char):04X} (character {i}): it can make a name look like another.")
        if category in ("Cc", "Cs") or char == "\ufeff":
            raise LearnerError(f"A learner's name cannot hold the control character U+{ord(char):04X} "
                               f"(character {i}).")
    if len(cleaned) > MAX_NAME:
        raise LearnerError(f"A learner's name can be at most {MAX_NAME} characters.")
    return cleaned


def _is_name_clash(err: sqlite3.IntegrityError) -> bool:
    """Only the UNIQUE constraint on learners.name means "that name is taken"."""
    code = getattr(err, "sqlite_errorname", "")
    return (code in ("SQLITE_CONSTRAINT_UNIQUE", "") and "UNIQUE" in str(err)
            and "learners.name" in str(err))


def _integrity(err: sqlite3.IntegrityError, name: str, doing: str) -> Exception:
    if _is_name_clash(err):
        return LearnerError(f"There is already a learner called {name!r}.")
    return StorageError(f"{doing} could not be saved: the database refused it ({err}).")


class LearnerStore:
    def __init__(self, db: sqlite_utils.Database) -> None:
        self._db = db

    def all(self) -> list[Learner]:
        with reading(self._db, "reading the learners"):
            rows = self._db.execute("SELECT id, name FROM learners ORDER BY name COLLATE NOCASE").fetchall()
        return [Learner(int(r[0]), str(r[1])) for r in rows]

    def get(self, learner_id: int) -> Learner:
        with reading(self._db, "reading the learner"):
            row = self._db.execute("SELECT id, name FROM learners WHERE id = ?", [learner_id]).fetchone()
        if row is None:
            raise LearnerError(f"There is no learner with id {learner_id}.")
        return Learner(int(row[0]), str(row[1]))

    def find(self, name: str) -> Learner | None:
        """The learner of that name (any case, spaces collapsed), if there is one."""
        cleaned = clean_name(name)
        with reading(self._db, "reading the learners"):
            row = self._db.execute("SELECT id, name FROM learners WHERE name = ?", [cleaned]).fetchone()
        return None if row is None else Learner(int(row[0]), str(row[1]))

    def create(self, name: str) -> Learner:
        cleaned = clean_name(name)
        try:
            with transaction(self._db, "the new learner"):
                cur = self._db.execute("INSERT INTO learners (name) VALUES (?)", [cleaned])
        except sqlite3.IntegrityError as err:
            raise _integrity(err, cleaned, "The new learner") from None
        assert cur.lastrowid is not None
        return Learner(int(cur.lastrowid), cleaned)

    def rename(self, learner_id: int, name: str) -> Learner:
        cleaned = clean_name(name)
        try:
            with transaction(self._db, "the new name"):
                if self._db.execute("SELECT 1 FROM learners WHERE id = ?", [learner_id]).fetchone() is None:
                    raise LearnerError(f"There is no learner with id {learner_id}.")
                self._db.execute("UPDATE learners SET name = ? WHERE id = ?", [cleaned, learner_id])
        except sqlite3.IntegrityError as err:
            raise _integrity(err, cleaned, "The new name") from None
        return Learner(learner_id, cleaned)

    def delete(self, learner_id: int) -> None:
        """Back up, then delete the learner and, through ON DELETE CASCADE, their whole record,
        in one transaction."""
        self.get(learner_id)
        path = database_file(self._db)
        if path is not None:
            from massage_trainer.storage.backup import backup_before

            backup_before(path, "delete")
        with transaction(self._db, "deleting the learner"):
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
        with transaction(self._db, "the choice of learner"):
            self._db.execute(
                "INSERT INTO settings (key, value) VALUES (?, ?) "
                "ON CONFLICT(key) DO UPDATE SET value = excluded.value",
                [_LAST_LEARNER, str(learner.id)],
            )

    def _setting(self, key: str) -> str | None:
        with reading(self._db, "reading the settings"):
            row = self._db.execute("SELECT value FROM settings WHERE key = ?", [key]).fetchone()
        return None if row is None else str(row[0])
