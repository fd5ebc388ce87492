"""The timed exam: a set number of questions, a time limit, and feedback only at the end.

`Exam` keeps the learner's responses without a word on them; `finish()`
grades them all with `check()` and returns the `ExamReview`, every question
with its response and result. The clock is injected (`clock`, default
`time.monotonic`), so a test runs the time out without waiting. Once the
time is up no answer is taken (`ExamOver`), and the questions left
unanswered score 0.
"""

from __future__ import annotations

import math
import random
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from massage_trainer.core.body import Body
from massage_trainer.core.quiz import Question, Result
from massage_trainer.core.quiz_check import check

__all__ = ["Exam", "ExamItem", "ExamOver", "ExamReview"]

Clock = Callable[[], float]


class ExamOver(Exception):
    """An answer offered after the exam finished or ran out of time."""


@dataclass(frozen=True)
class ExamItem:
    question: Question
    response: object  # None: left unanswered
    result: Result


@dataclass(frozen=True)
class ExamReview:
    """The exam graded: every answer, for the review afterwards."""

    items: tuple[ExamItem, ...]
    timed_out: bool
    elapsed_s: float  # at most the time limit

    @property
    def score(self) -> float:
        """The mean score over every question, 0..1 (unanswered ones count 0)."""
        return math.fsum(i.result.score for i in self.items) / len(self.items)

    @property
    def correct(self) -> int:
        return sum(1 for i in self.items if i.result.correct)

    @property
    def unanswered(self) -> int:
        return sum(1 for i in self.items if i.response is None)


class Exam:
    """A timed exam over `questions`; call `start()`, `answer()` each, then `finish()`."""

    def __init__(self, questions: Sequence[Question], time_limit_s: float, *,
                 clock: Clock = time.monotonic, body: Body | None = None) -> None:
        if not questions:
            raise ValueError("an exam needs at least one question")
        if not (math.isfinite(time_limit_s) and time_limit_s > 0):
            raise ValueError(f"an exam's time limit must be a number of seconds above 0, found {time_limit_s}")
        self.questions = tuple(questions)
        self.time_limit_s = float(time_limit_s)
        self._clock = clock
        self._body = body
        self._responses: list[object] = [None] * len(self.questions)
        self._started: float | None = None
        self._review: ExamReview | None = None

    @classmethod
    def draw(cls, pool: Sequence[Question], count: int, time_limit_s: float, rng: random.Random, *,
             clock: Clock = time.monotonic, body: Body | None = None) -> Exam:
        """An exam of `count` questions drawn from the pool without repeats (all of it if smaller)."""
        if count < 1:
            raise ValueError(f"an exam needs at least one question, asked for {count}")
        picked = rng.sample(list(pool), min(count, len(pool)))
        return cls(picked, time_limit_s, clock=clock, body=body)

    @property
    def started(self) -> bool:
        return self._started is not None

    @property
    def finished(self) -> bool:
        return self._review is not None

    def start(self) -> None:
        if self._started is not None:
            raise RuntimeError("the exam has already started")
        self._started = self._clock()

    def elapsed_s(self) -> float:
        if self._started is None:
            return 0.0
        return min(max(self._clock() - self._started, 0.0), self.time_limit_s)

    def remaining_s(self) -> float:
        return self.time_limit_s - self.elapsed_s()

    @property
    def timed_out(self) -> bool:
        return self._started is not None and self._clock() - self._started >= self.time_limit_s

    def response(self, index: int) -> object:
        """The response kept for question `index` (None: not answered yet)."""
        return self._responses[index]

    @property
    def answered(self) -> int:
        return sum(1 for r in self._responses if r is not None)

    def answer(self, index: int, response: object) -> None:
        """Keep (or replace) the response to question `index`; no feedback until the end.

        ExamOver once the exam has finished or its time is up (which finishes it)."""
        if self._started is None:
            raise RuntimeError("start the exam before answering")
        if self._review is not None:
            raise ExamOver("the exam has finished")
        if self.timed_out:
            self.finish()
            raise ExamOver("the time is up")
        if not 0 <= index < len(self.questions):
            raise IndexError(f"the exam has no question {index}")
        self._responses[index] = response

    def finish(self) -> ExamReview:
        """Grade every response (the unanswered score 0); the same review on each call."""
        if self._review is None:
            if self._started is None:
                raise RuntimeError("the exam was never started")
            timed_out = self.timed_out
            elapsed = self.elapsed_s()
            items = tuple(ExamItem(q, r, check(q, r, self._body))
                          for q, r in zip(self.questions, self._responses, strict=True))
            self._review = ExamReview(items, timed_out, elapsed)
        return self._review
