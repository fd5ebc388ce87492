"""The instructors' imported question banks: each a name, its format and its questions.

`BankStore.replace(name, fmt, questions, now)` puts a whole bank in, in one transaction: a bank of
that name (case aside) is replaced, and a removed one comes back. Each question is kept as
core/questions.Question.to_dict() JSON under `question_key(bank, text)`: the bank's name and a hash
of the question's text, so a question whose text is unchanged keeps its id (and with it the
learners' answers and review cards, storage/quiz.py) across re-imports, and a changed one starts
afresh. `remove(name)` keeps the bank's row, marked removed: answers to its questions stay in the
learners' history, marked as from a removed bank.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from typing import Final

import sqlite_utils

from massage_trainer.core.questions import Question
from massage_trainer.storage.db import reading, transaction
from massage_trainer.storage.errors import StorageError

__all__ = ["BUILTIN", "BankNotFound", "BankStore", "StoredBank", "StoredQuestion", "question_key", "text_sha256"]

BUILTIN: Final = "builtin"  # the bank name of the built-in questions (assets/questions.yaml)
BANK_NAME_LIMIT: Final = 100


class BankNotFound(StorageError):
    """No bank (in use) has that name."""


@dataclass(frozen=True)
class StoredBank:
    id: int
    name: str
    format: str
    imported_at: str
    questions: int


@dataclass(frozen=True)
class StoredQuestion:
    question_id: str
    bank: str
    question: Question


def text_sha256(text: str) -> str:
    """The hash a question is known by: of its text, whitespace made single spaces."""
    return hashlib.sha256(" ".join(text.split()).encode("utf-8")).hexdigest()


def question_key(bank: str, text: str, nth: int = 1) -> str:
    """A bank question's stable id: `bank:NAME:HASH` (the name case-folded, 16 hex digits of the text's
    hash); the second question of the same text in one bank adds `:2`, and so on."""
    key = f"bank:{bank.casefold()}:{text_sha256(text)[:16]}"
    return key if nth == 1 else f"{key}:{nth}"


def clean_bank_name(name: str) -> str:
    cleaned = " ".join(name.split())
    if not cleaned:
        raise StorageError("a bank needs a name")
    if len(cleaned) > BANK_NAME_LIMIT or any(not ch.isprintable() for ch in cleaned):
        raise StorageError(f"a bank's name is at most {BANK_NAME_LIMIT} printable characters")
    if cleaned.casefold() == BUILTIN:
        raise StorageError(f"{BUILTIN!r} is the built-in questions' name; choose another for a bank")
    return cleaned


class BankStore:
    def __init__(self, db: sqlite_utils.Database) -> None:
        self.db = db

    def replace(self, name: str, fmt: str, questions: list[Question], now: str) -> StoredBank:
        """Put the bank in (replacing one of the same name), all of it or nothing, in one transaction."""
        name = clean_bank_name(name)
        with transaction(self.db, f"the import of bank {name!r}"):
            row = self.db.execute("SELECT id FROM question_banks WHERE name = ?", [name]).fetchone()
            if row is None:
                bank_id = int(self.db.execute(
                    "INSERT INTO question_banks (name, format, imported_at) VALUES (?, ?, ?)",
                    [name, fmt, now]).lastrowid or 0)
            else:
                bank_id = int(row[0])
                self.db.execute("UPDATE question_banks SET name = ?, format = ?, imported_at = ?, removed_at = NULL "
                                "WHERE id = ?", [name, fmt, now, bank_id])
                self.db.execute("DELETE FROM bank_questions WHERE bank_id = ?", [bank_id])
            seen: dict[str, int] = {}
            for position, question in enumerate(questions):
                digest = text_sha256(question.text)
                seen[digest] = seen.get(digest, 0) + 1
                self.db.execute(
                    "INSERT INTO bank_questions (bank_id, question_id, text_sha256, position, question) "
                    "VALUES (?, ?, ?, ?, ?)",
                    [bank_id, question_key(name, question.text, seen[digest]), digest, position,
                     json.dumps(question.to_dict(), ensure_ascii=False, allow_nan=False, sort_keys=True)])
        return StoredBank(bank_id, name, fmt, now, len(questions))

    def remove(self, name: str, now: str) -> StoredBank:
        """Mark the bank removed and drop its questions; the answers to them stay. BankNotFound if none."""
        bank = self.find(name)
        if bank is None:
            raise BankNotFound(f"there is no bank called {name!r} (see `massage-trainer bank list`)")
        with transaction(self.db, f"removing bank {bank.name!r}"):
            self.db.execute("UPDATE question_banks SET removed_at = ? WHERE id = ?", [now, bank.id])
            self.db.execute("DELETE FROM bank_questions WHERE bank_id = ?", [bank.id])
        return bank

    def find(self, name: str) -> StoredBank | None:
        return next((b for b in self.all() if b.name.casefold() == " ".join(name.split()).casefold()), None)

    def all(self) -> list[StoredBank]:
        """The banks in use (not removed), by name."""
        with reading(self.db, "reading the question banks"):
            rows = self.db.execute(
                "SELECT b.id, b.name, b.format, b.imported_at, count(q.question_id) FROM question_banks b "
                "LEFT JOIN bank_questions q ON q.bank_id = b.id WHERE b.removed_at IS NULL "
                "GROUP BY b.id ORDER BY b.name COLLATE NOCASE").fetchall()
        return [StoredBank(int(r[0]), r[1], r[2], r[3], int(r[4])) for r in rows]

    def questions(self, name: str | None = None) -> list[StoredQuestion]:
        """The questions of one bank in use, or of all of them (by bank name, then in the file's order)."""
        sql = ("SELECT q.question_id, b.name, q.question FROM bank_questions q JOIN question_banks b "
               "ON b.id = q.bank_id WHERE b.removed_at IS NULL")
        params: list[str] = []
        if name is not None:
            sql += " AND b.name = ?"
            params.append(" ".join(name.split()))
        with reading(self.db, "reading the question banks"):
            rows = self.db.execute(sql + " ORDER BY b.name COLLATE NOCASE, q.position", params).fetchall()
        found: list[StoredQuestion] = []
        for question_id, bank, text in rows:
            try:
                found.append(StoredQuestion(question_id, bank, Question.from_dict(json.loads(text))))
            except (ValueError, KeyError, TypeError) as err:
                raise StorageError(f"question {question_id} of bank {bank!r} is damaged and cannot be read "
                                   f"({err}); import the bank again") from err
        return found

    def question_ids(self) -> list[str]:
        """The ids of every question in a bank in use, in order."""
        return [q.question_id for q in self.questions()]
