"""A learner's quiz answers and review cards.

`record_answer` keeps an answer the moment it is given, and the question's review card updated by
core/review.review(), in one transaction: both land or neither, so closing the app mid-quiz loses
nothing answered. An essay waiting for a person to grade it (`Result.pending`) is kept with no
change to its card. `answers_for` is the history (an answer to a bank since removed is marked
`bank_removed`), `cards_for` the cards, and `due` what to review now (core/review.due_now).
"""

from __future__ import annotations

import json
import math
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import sqlite_utils
from fsrs import Scheduler

from massage_trainer.core.quiz import Question, Result
from massage_trainer.core.review import DEFAULT_SCHEDULER, CardState, due_now, new_card, review, utc
from massage_trainer.storage.banks import BUILTIN, BankStore
from massage_trainer.storage.db import reading, transaction
from massage_trainer.storage.errors import StorageError

__all__ = ["QuizAnswer", "QuizStore"]


@dataclass(frozen=True)
class QuizAnswer:
    id: int
    learner_id: int
    question_id: str
    bank: str  # the bank's name, or "builtin"
    response: Any  # as JSON gave it back: a list where a tuple was given
    score: float
    correct: bool
    answered_at: str
    mode: str
    session_id: str
    bank_removed: bool  # from a bank since removed
    topic: str = ""  # the question's topic when it was asked ("" for answers kept before 0006)
    time_s: float | None = None  # how long the learner took, when known


class QuizStore:
    def __init__(self, db: sqlite_utils.Database, scheduler: Scheduler = DEFAULT_SCHEDULER) -> None:
        self.db = db
        self.scheduler = scheduler

    def record_answer(self, learner_id: int, question: Question, response: Any, result: Result, now: datetime,
                      mode: str, session_id: str, bank: str = BUILTIN,
                      time_s: float | None = None) -> tuple[int, CardState]:
        """Keep one answer and the question's updated card, in one transaction. Returns the answer's
        id and the card. The question's topic is kept with the answer; `time_s` is how long the
        learner took over it, when known. ValueError when the response cannot be kept as JSON."""
        at = utc(now)
        try:
            response_json = json.dumps(response, ensure_ascii=False, allow_nan=False)
        except (TypeError, ValueError) as err:
            raise ValueError(f"a response to keep must be plain JSON data ({err})") from err
        with transaction(self.db, "this answer"):
            card = self._card(learner_id, question.id) or new_card(question.id, at)
            answer_id = int(self.db.execute(
                "INSERT INTO quiz_answers (learner_id, question_id, bank, response, score, correct, answered_at, "
                "mode, session_id, topic, time_s) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                [learner_id, question.id, bank, response_json, result.score, int(result.correct),
                 at.isoformat(), mode, session_id, question.topic, _seconds(time_s)]).lastrowid or 0)
            if not result.pending:
                card = review(card, result, at, self.scheduler)
                self.db.execute(
                    "INSERT INTO review_cards (learner_id, question_id, card, due) VALUES (?, ?, ?, ?) "
                    "ON CONFLICT (learner_id, question_id) DO UPDATE SET card = excluded.card, due = excluded.due",
                    [learner_id, question.id, card.to_json(), card.due.isoformat()])
        return answer_id, card

    def _card(self, learner_id: int, question_id: str) -> CardState | None:
        row = self.db.execute("SELECT card FROM review_cards WHERE learner_id = ? AND question_id = ?",
                              [learner_id, question_id]).fetchone()
        return None if row is None else _card_from(row[0], question_id)

    def answers_for(self, learner_id: int) -> list[QuizAnswer]:
        """Every answer the learner gave, oldest first."""
        with reading(self.db, "reading the quiz answers"):
            rows = self.db.execute(
                "SELECT a.id, a.learner_id, a.question_id, a.bank, a.response, a.score, a.correct, a.answered_at, "
                "a.mode, a.session_id, a.bank != ? AND NOT EXISTS (SELECT 1 FROM question_banks b "
                "WHERE b.name = a.bank COLLATE NOCASE AND b.removed_at IS NULL), a.topic, a.time_s "
                "FROM quiz_answers a WHERE a.learner_id = ? ORDER BY a.answered_at, a.id",
                [BUILTIN, learner_id]).fetchall()
        found = []
        for r in rows:
            try:
                response = json.loads(r[4])
            except ValueError:
                response = None  # a damaged response: the answer's score still counts
            found.append(QuizAnswer(int(r[0]), int(r[1]), r[2], r[3], response, float(r[5]), bool(r[6]), r[7],
                                    r[8], r[9], bool(r[10]), r[11] or "",
                                    None if r[12] is None else float(r[12])))
        return found

    def cards_for(self, learner_id: int) -> list[CardState]:
        """The learner's review cards, by question id."""
        with reading(self.db, "reading the review cards"):
            rows = self.db.execute("SELECT question_id, card FROM review_cards WHERE learner_id = ? "
                                   "ORDER BY question_id", [learner_id]).fetchall()
        return [_card_from(text, question_id) for question_id, text in rows]

    def due(self, learner_id: int, now: datetime, question_ids: Iterable[str] | None = None,
            limit: int | None = None, new_limit: int | None = None) -> tuple[str, ...]:
        """What the learner should review now, among `question_ids` (default: every imported bank's
        questions): cards due, most overdue first, then questions never answered (core/review.due_now)."""
        ids = BankStore(self.db).question_ids() if question_ids is None else list(question_ids)
        return due_now(self.cards_for(learner_id), ids, now, limit, new_limit)


def _seconds(time_s: float | None) -> float | None:
    if time_s is None:
        return None
    if not math.isfinite(time_s) or time_s < 0:
        raise ValueError(f"the time taken over an answer must be a finite number >= 0, found {time_s}")
    return float(time_s)


def _card_from(text: str, question_id: str) -> CardState:
    try:
        return CardState.from_json(text)
    except (ValueError, KeyError, TypeError) as err:
        raise StorageError(f"the review card of question {question_id} is damaged and cannot be read ({err})") from err
