"""The Quiz screen's background work: the question pool, answers kept, banks imported and removed.

These run on the worker thread (ui/kit/worker.py): they touch no widget, and each opens its own
connection on the learner's database for as long as it needs it (a sqlite3 connection belongs to
the thread that opened it). They take and return plain data.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from datetime import datetime
from pathlib import Path
from typing import Any, Final

import sqlite_utils

from massage_trainer.content import Content
from massage_trainer.content.bank import BankFormat, BankResult, guess_format, load_bank, read_bank_file
from massage_trainer.core.quiz import QType, Question, Result
from massage_trainer.core.quiz_bank import from_bank
from massage_trainer.core.review import CardState, utc
from massage_trainer.storage import (
    BUILTIN,
    BankStore,
    QuizStore,
    StoredBank,
    backup_before,
    database_path,
    open_database,
)

BANK_TOPIC: Final = "bank:"  # a bank's questions make one topic, "bank:<its name>"


@contextmanager
def database(home: Path, writing: bool = True) -> Iterator[sqlite_utils.Database]:
    """The database in `home`, on a connection of this thread's own."""
    db = open_database(database_path(home), writing=writing)
    try:
        yield db
    finally:
        db.close()


@dataclass(frozen=True)
class Pool:
    """Every question a quiz may ask: the built-in ones, then the banks' (their topic is the bank)."""

    questions: tuple[Question, ...]
    banks: tuple[StoredBank, ...] = ()
    bank_of: dict[str, str] = field(default_factory=dict)  # question id -> bank name (bank questions only)
    essays: int = 0  # bank essays left out: an instructor grades them, not the app

    def bank(self, question: Question) -> str:
        return self.bank_of.get(question.id, BUILTIN)

    def by_id(self) -> dict[str, Question]:
        return {q.id: q for q in self.questions}


def bank_topic(name: str) -> str:
    return BANK_TOPIC + name


def load_pool(content: Content, home: Path) -> Pool:
    """The built-in questions (read the first time, ~30 ms) and those of every bank in use."""
    builtin = content.questions
    with database(home, writing=False) as db:
        store = BankStore(db)
        banks = tuple(store.all())
        stored = store.questions()
    extra: list[Question] = []
    bank_of: dict[str, str] = {}
    essays = 0
    for s in stored:
        if s.question.type == QType.ESSAY.value:
            essays += 1
            continue
        try:
            question = from_bank(s.question, s.question_id)
        except ValueError:
            continue  # a bank question the engine cannot ask (the import preview said so)
        extra.append(replace(question, topic=bank_topic(s.bank)))
        bank_of[s.question_id] = s.bank
    return Pool(tuple(builtin) + tuple(extra), banks, bank_of, essays)


@dataclass(frozen=True)
class Cards:
    """A learner's review cards: what is due now, and when the next one falls due."""

    cards: tuple[CardState, ...]
    due: tuple[str, ...]
    next_due: datetime | None


def read_cards(home: Path, learner_id: int, question_ids: Sequence[str], now: datetime) -> Cards:
    with database(home, writing=False) as db:
        quiz = QuizStore(db)
        cards = tuple(quiz.cards_for(learner_id))
        due = quiz.due(learner_id, now, question_ids, new_limit=0)
    ids = set(question_ids)
    later = [c.due for c in cards if c.question_id in ids and c.due > utc(now)]
    return Cards(cards, due, min(later) if later else None)


@dataclass(frozen=True)
class ToRecord:
    """One answer to keep: what `QuizStore.record_answer` takes."""

    question: Question
    response: Any
    result: Result
    bank: str = BUILTIN
    time_s: float | None = None


def record(home: Path, learner_id: int, answers: Sequence[ToRecord], now: datetime, mode: str,
           session_id: str) -> int:
    """Keep the answers (each with its review card, in its own transaction); how many were kept."""
    with database(home) as db:
        quiz = QuizStore(db)
        for a in answers:
            quiz.record_answer(learner_id, a.question, a.response, a.result, now, mode, session_id,
                               bank=a.bank, time_s=a.time_s)
    return len(answers)


@dataclass(frozen=True)
class BankFile:
    """A bank file read and parsed, for the preview."""

    path: Path
    fmt: BankFormat
    result: BankResult


def read_bank(path: Path) -> BankFile:
    """Read and parse one GIFT or Aiken file; BankError when it cannot be read at all."""
    result = load_bank(path)
    fmt = guess_format(path, read_bank_file(path).decode("utf-8", errors="replace").removeprefix("\ufeff"))
    return BankFile(path, fmt, result)


def import_bank(home: Path, name: str, bank: BankFile, now: str) -> StoredBank:
    """Keep the file's questions as a bank, all or nothing (ValueError when the file has an error)."""
    if bank.result.errors or not bank.result.questions:
        raise ValueError("a file with errors, or with no question, imports nothing")
    backup_before(database_path(home), "import")
    with database(home) as db:
        return BankStore(db).replace(name, bank.fmt, bank.result.questions, now)


def remove_bank(home: Path, name: str, now: str) -> StoredBank:
    """Take a bank out; the answers to its questions stay in the history."""
    backup_before(database_path(home), "delete")
    with database(home) as db:
        return BankStore(db).remove(name, now)
