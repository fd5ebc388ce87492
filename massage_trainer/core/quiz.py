"""The quiz engine's question model and its result (docs/quiz-engine.md).

A `Question` is one flat, frozen record for every type: each type reads only
the fields it needs (`answers` for single, multiple and short answer, `correct`
for true/false, `pairs` for matching, `numbers` for numeric, `order` for
ordering, `zones` for hotspot, `technique` for draw the direction). Fractions
are 0..1 of the question's credit, negative for a wrong pick that costs.

The content's question files (core/questions.py, written from GIFT) are
turned into these by an adapter; this module does not read any file.
`check()` (core/quiz_check.py) grades a response and returns a `Result`.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from enum import StrEnum
from typing import Final

__all__ = ["EPSILON", "Answer", "NumericAnswer", "QType", "Question", "Result", "scored"]

# Scores this close to 1 count as right (fractions such as 1/3 + 1/3 + 1/3 add up short of 1).
EPSILON: Final = 1e-6


class QType(StrEnum):
    SINGLE = "single"
    MULTIPLE = "multiple"
    TRUE_FALSE = "true_false"
    MATCHING = "matching"
    NUMERIC = "numeric"
    SHORT_ANSWER = "short_answer"
    ESSAY = "essay"
    ORDERING = "ordering"
    HOTSPOT = "hotspot"
    DIRECTION = "direction"


@dataclass(frozen=True)
class Answer:
    """A choice (single, multiple) or an accepted answer (short answer), with its credit."""

    text: str
    fraction: float = 0.0  # -1..1: 1 is full credit, a negative fraction a penalty
    feedback: str = ""

    def __post_init__(self) -> None:
        if not (math.isfinite(self.fraction) and -1.0 <= self.fraction <= 1.0):
            raise ValueError(f"an answer's fraction must lie in -1..1, found {self.fraction}")


@dataclass(frozen=True)
class NumericAnswer:
    """An accepted range of numbers, lo..hi inclusive, with its credit."""

    lo: float
    hi: float
    fraction: float = 1.0
    feedback: str = ""

    def __post_init__(self) -> None:
        if not (math.isfinite(self.lo) and math.isfinite(self.hi) and self.lo <= self.hi):
            raise ValueError(f"a numeric answer needs finite lo <= hi, found {self.lo}..{self.hi}")
        if not (math.isfinite(self.fraction) and 0.0 <= self.fraction <= 1.0):
            raise ValueError(f"a numeric answer's fraction must lie in 0..1, found {self.fraction}")

    @classmethod
    def around(cls, value: float, tolerance: float = 0.0, fraction: float = 1.0,
               feedback: str = "") -> NumericAnswer:
        """GIFT's `{#value:tolerance}`."""
        if not (math.isfinite(tolerance) and tolerance >= 0):
            raise ValueError(f"a tolerance must be a finite number >= 0, found {tolerance}")
        return cls(value - tolerance, value + tolerance, fraction, feedback)

    @classmethod
    def between(cls, lo: float, hi: float, fraction: float = 1.0, feedback: str = "") -> NumericAnswer:
        """GIFT's `{#min..max}`."""
        return cls(lo, hi, fraction, feedback)

    def accepts(self, value: float) -> bool:
        return self.lo <= value <= self.hi


@dataclass(frozen=True)
class Question:
    """One question of any type; see the module docstring for which fields each type reads."""

    id: str
    type: QType
    text: str
    answers: tuple[Answer, ...] = ()  # single, multiple: the choices; short answer: the accepted
    correct: bool | None = None  # true/false
    feedback_right: str = ""  # true/false: shown after a right answer (GIFT's second `#`)
    feedback_wrong: str = ""  # true/false: shown after a wrong answer (GIFT's first `#`)
    pairs: tuple[tuple[str, str], ...] = ()  # matching: (left, right)
    numbers: tuple[NumericAnswer, ...] = ()  # numeric
    order: tuple[str, ...] = ()  # ordering: the items (technique ids) in their right order
    zones: tuple[str, ...] = ()  # hotspot: the ids of the zones (assets/body.yaml) that are right
    technique: str = ""  # direction: the technique whose stroke is traced
    title: str = ""
    topic: str = ""  # the category the topic quiz picks by
    explanation: str = ""  # shown after the answer, right or wrong
    fact_ids: tuple[str, ...] = ()  # the reference facts (assets/reference.yaml) it tests
    partial_order: bool = True  # ordering: partial credit by the longest run in the right order

    def __post_init__(self) -> None:
        if not self.id:
            raise ValueError("a question needs an id")
        object.__setattr__(self, "type", QType(self.type))
        need = {
            QType.SINGLE: bool(self.answers), QType.MULTIPLE: bool(self.answers),
            QType.SHORT_ANSWER: bool(self.answers), QType.TRUE_FALSE: self.correct is not None,
            QType.MATCHING: bool(self.pairs), QType.NUMERIC: bool(self.numbers),
            QType.ORDERING: len(self.order) >= 2, QType.HOTSPOT: bool(self.zones),
            QType.DIRECTION: bool(self.technique), QType.ESSAY: True,
        }
        if not need[self.type]:
            raise ValueError(f"question {self.id!r} of type {self.type.value} lacks its answer key")
        if self.type == QType.MATCHING and len({left for left, _ in self.pairs}) != len(self.pairs):
            raise ValueError(f"question {self.id!r}: a matching question's left items must differ")


@dataclass(frozen=True)
class Result:
    """What `check()` says of one response."""

    score: float  # 0..1
    correct: bool  # full credit
    feedback: str = ""  # about this response: the chosen answers' feedback, or the grader's words
    explanation: str = ""  # the question's explanation, the same whatever the response
    pending: bool = False  # an essay: a person grades it; score 0 until then
    rules: tuple[str, ...] = ()  # direction: the rule ids the stroke broke

    def __post_init__(self) -> None:
        if not (math.isfinite(self.score) and 0.0 <= self.score <= 1.0):
            raise ValueError(f"a score must lie in 0..1, found {self.score}")

    @property
    def partial(self) -> bool:
        """Some credit, not all: fsrs rates it Hard (core/review.py)."""
        return self.score > 0.0 and not self.correct


def scored(score: float, feedback: str, question: Question, rules: tuple[str, ...] = ()) -> Result:
    """A Result with the score clamped to 0..1 and `correct` meaning full credit."""
    s = min(1.0, max(0.0, score))
    if s >= 1.0 - EPSILON:
        s = 1.0
    return Result(s, s == 1.0, feedback, question.explanation, rules=rules)
