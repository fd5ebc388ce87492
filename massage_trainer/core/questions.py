"""Quiz questions as plain data: what a question bank file holds and what a quiz asks.

The instructors' bank parsers (content/gift.py, content/aiken.py) build them; the quiz engine
reads them. A `Question` holds every kind's fields; `to_dict` gives only the ones its type uses,
as `massage-trainer bank import --dry-run --json` prints them (docs/question-banks.md), and `from_dict`
reads them back (storage keeps a bank's questions so).
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Final, Literal, get_args

__all__ = ["QUESTION_TYPES", "Answer", "NumericAnswer", "Question", "QuestionType"]

QuestionType = Literal["single", "multiple", "true_false", "matching", "numeric", "short_answer",
                       "essay", "ordering", "hotspot", "direction"]
QUESTION_TYPES: Final[tuple[QuestionType, ...]] = get_args(QuestionType)


def _check_fraction(fraction: float) -> None:
    if not (math.isfinite(fraction) and -1.0 <= fraction <= 1.0):
        raise ValueError(f"a fraction is from -1 to 1, not {fraction!r}")


@dataclass(frozen=True)
class Answer:
    """A choice or a short answer: its text, the share of the marks it earns (-1..1), its feedback."""

    text: str
    fraction: float
    feedback: str = ""

    def __post_init__(self) -> None:
        _check_fraction(self.fraction)

    def to_dict(self) -> dict[str, Any]:
        return {"text": self.text, "fraction": self.fraction, "feedback": self.feedback}


@dataclass(frozen=True)
class NumericAnswer:
    """A number accepted: `value` give or take `tolerance`, or anything from `min` to `max`."""

    fraction: float
    feedback: str = ""
    value: float | None = None
    tolerance: float | None = None
    min: float | None = None
    max: float | None = None

    def __post_init__(self) -> None:
        _check_fraction(self.fraction)
        point = self.value is not None and self.tolerance is not None and self.tolerance >= 0
        span = self.min is not None and self.max is not None and self.min <= self.max
        if point == span or (point and self.min is not None) or (span and self.value is not None):
            raise ValueError("a numeric answer is either value and tolerance (>= 0) or min <= max")

    def accepts(self, number: float) -> bool:
        if self.value is not None and self.tolerance is not None:
            return abs(number - self.value) <= self.tolerance
        assert self.min is not None and self.max is not None
        return self.min <= number <= self.max

    def to_dict(self) -> dict[str, Any]:
        if self.value is not None:
            found: dict[str, Any] = {"value": self.value, "tolerance": self.tolerance}
        else:
            found = {"min": self.min, "max": self.max}
        return {**found, "fraction": self.fraction, "feedback": self.feedback}


@dataclass(frozen=True)
class Question:
    """One question. Which fields count depends on `type`:

    - single, multiple, short_answer: `answers`;
    - numeric: `numeric`;
    - true_false: `correct`, `feedback_wrong` (shown after a wrong answer), `feedback_right`;
    - matching: `pairs` of (left, right);
    - essay: none (it cannot be marked automatically).

    `explanation` is the general feedback, shown whatever the answer.
    """

    type: QuestionType
    title: str
    text: str
    category: str = ""
    explanation: str = ""
    answers: tuple[Answer, ...] = ()
    numeric: tuple[NumericAnswer, ...] = ()
    correct: bool | None = None
    feedback_wrong: str = ""
    feedback_right: str = ""
    pairs: tuple[tuple[str, str], ...] = ()

    def __post_init__(self) -> None:
        if self.type not in QUESTION_TYPES:
            raise ValueError(f"unknown question type {self.type!r}")
        if self.type == "true_false" and self.correct is None:
            raise ValueError("a true/false question says which is correct")

    def to_dict(self) -> dict[str, Any]:
        found: dict[str, Any] = {"title": self.title, "type": self.type, "category": self.category,
                                 "text": self.text}
        if self.type in ("single", "multiple", "short_answer"):
            found["answers"] = [answer.to_dict() for answer in self.answers]
        elif self.type == "numeric":
            found["answers"] = [answer.to_dict() for answer in self.numeric]
        elif self.type == "true_false":
            found.update(correct=self.correct, feedback_wrong=self.feedback_wrong,
                         feedback_right=self.feedback_right)
        elif self.type == "matching":
            found["pairs"] = [list(pair) for pair in self.pairs]
        if self.explanation:
            found["explanation"] = self.explanation
        return found

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Question:
        """The inverse of `to_dict` (as storage keeps a bank's questions); ValueError, KeyError or
        TypeError for data that is not one."""
        qtype = data["type"]
        fields: dict[str, Any] = {"type": qtype, "title": str(data["title"]), "text": str(data["text"]),
                                  "category": str(data.get("category", "")),
                                  "explanation": str(data.get("explanation", ""))}
        if qtype in ("single", "multiple", "short_answer"):
            fields["answers"] = tuple(Answer(str(a["text"]), float(a["fraction"]), str(a.get("feedback", "")))
                                      for a in data["answers"])
        elif qtype == "numeric":
            fields["numeric"] = tuple(NumericAnswer(float(a["fraction"]), str(a.get("feedback", "")),
                                                    a.get("value"), a.get("tolerance"), a.get("min"), a.get("max"))
                                      for a in data["answers"])
        elif qtype == "true_false":
            fields.update(correct=bool(data["correct"]), feedback_wrong=str(data.get("feedback_wrong", "")),
                          feedback_right=str(data.get("feedback_right", "")))
        elif qtype == "matching":
            fields["pairs"] = tuple((str(left), str(right)) for left, right in data["pairs"])
        return cls(**fields)
