"""The untimed quiz modes: a topic quiz and the daily five, run with feedback after each answer.

`topic_quiz` and `daily_five` choose the questions; `QuizRun` takes the
answers one by one and says at once how each went. The timed exam, with
feedback only at the end, is core/exam.py.
"""

from __future__ import annotations

import math
import random
from collections.abc import Iterable, Sequence
from datetime import datetime
from typing import Final

from massage_trainer.core.body import Body
from massage_trainer.core.quiz import Question, Result
from massage_trainer.core.quiz_check import check
from massage_trainer.core.review import CardState, due_now, utc

__all__ = ["DAILY", "QuizRun", "daily_five", "topic_quiz"]

DAILY: Final = 5


def topic_quiz(pool: Sequence[Question], topic: str, count: int | None = None,
               rng: random.Random | None = None) -> tuple[Question, ...]:
    """The questions of one topic, in the pool's order or shuffled by `rng`; at most `count`."""
    chosen = [q for q in pool if q.topic == topic]
    if rng is not None:
        rng.shuffle(chosen)
    return tuple(chosen if count is None else chosen[:max(count, 0)])


def daily_five(pool: Sequence[Question], cards: Iterable[CardState], now: datetime,
               size: int = DAILY) -> tuple[Question, ...]:
    """The day's few questions: those due (most overdue first), then ones never seen, then, if
    the learner is ahead, those due soonest. Always `size` of them while the pool has as many."""
    by_id = {q.id: q for q in pool}
    card_list = list(cards)
    picked = list(due_now(card_list, by_id, now, limit=size))
    if len(picked) < size:
        at = utc(now)
        soonest = sorted((c for c in card_list if c.question_id in by_id and c.due > at),
                         key=lambda c: (c.due, c.question_id))
        picked += [c.question_id for c in soonest if c.question_id not in picked][:size - len(picked)]
    return tuple(by_id[i] for i in picked)


class QuizRun:
    """Questions answered one at a time, each checked at once."""

    def __init__(self, questions: Sequence[Question], body: Body | None = None) -> None:
        if not questions:
            raise ValueError("a quiz needs at least one question")
        self.questions = tuple(questions)
        self._body = body
        self._results: list[Result] = []

    @property
    def done(self) -> bool:
        return len(self._results) == len(self.questions)

    @property
    def current(self) -> Question | None:
        """The question to answer next; None once all are answered."""
        return None if self.done else self.questions[len(self._results)]

    @property
    def results(self) -> tuple[Result, ...]:
        return tuple(self._results)

    def answer(self, response: object) -> Result:
        """Check the response to the current question and move on."""
        question = self.current
        if question is None:
            raise RuntimeError("the quiz is over")
        result = check(question, response, self._body)
        self._results.append(result)
        return result

    @property
    def score(self) -> float:
        """The mean score of the questions answered so far, 0..1 (0 before any)."""
        if not self._results:
            return 0.0
        return math.fsum(r.score for r in self._results) / len(self._results)
