"""A bank's question (core/questions.py, as the GIFT and Aiken parsers make it) as a question the quiz
engine asks (core/quiz.py).

The two models differ on purpose: a bank question keeps what the file said (a numeric answer as
value and tolerance, or min and max; true/false feedback for each side), the engine's question keeps
what grading needs (an id to schedule its review by, a topic, ranges). `from_bank` joins them;
`to_bank` goes back, so `bank export` can write the app's own questions too.
"""

from __future__ import annotations

from typing import cast

from massage_trainer.core import questions as bank
from massage_trainer.core.quiz import Answer, NumericAnswer, QType, Question

__all__ = ["from_bank", "to_bank"]


def _numeric(answer: bank.NumericAnswer) -> NumericAnswer:
    # The engine gives a number no negative credit: a wrong number simply earns nothing.
    fraction = max(0.0, answer.fraction)
    if answer.value is not None and answer.tolerance is not None:
        return NumericAnswer.around(answer.value, answer.tolerance, fraction, answer.feedback)
    assert answer.min is not None and answer.max is not None  # a bank answer is one or the other
    return NumericAnswer.between(answer.min, answer.max, fraction, answer.feedback)


def from_bank(question: bank.Question, question_id: str) -> Question:
    """The engine's question for a bank's, under a stable id (its review is kept by that id).

    ValueError when the bank question lacks what its type needs (an ordering, hotspot or direction
    question comes from our own content, never from a GIFT or Aiken file)."""
    return Question(
        id=question_id,
        type=QType(question.type),
        text=question.text,
        answers=tuple(Answer(a.text, a.fraction, a.feedback) for a in question.answers),
        correct=question.correct,
        feedback_right=question.feedback_right,
        feedback_wrong=question.feedback_wrong,
        pairs=question.pairs,
        numbers=tuple(_numeric(a) for a in question.numeric),
        title=question.title,
        topic=question.category,
        explanation=question.explanation,
    )


def _bank_numeric(answer: NumericAnswer) -> bank.NumericAnswer:
    if answer.lo == answer.hi:
        return bank.NumericAnswer(answer.fraction, answer.feedback, value=answer.lo, tolerance=0.0)
    return bank.NumericAnswer(answer.fraction, answer.feedback, min=answer.lo, max=answer.hi)


def to_bank(question: Question) -> bank.Question | None:
    """The bank-file form of one of the app's own questions, for `bank export`; None for the
    types a GIFT, Aiken or Anki file cannot hold (ordering, hotspot, direction)."""
    if question.type in (QType.ORDERING, QType.HOTSPOT, QType.DIRECTION):
        return None
    return bank.Question(
        type=cast(bank.QuestionType, question.type.value),  # the two models name the types alike
        title=question.title or question.id,
        text=question.text,
        category=question.topic,
        explanation=question.explanation,
        answers=tuple(bank.Answer(a.text, a.fraction, a.feedback) for a in question.answers),
        numeric=tuple(_bank_numeric(a) for a in question.numbers),
        correct=question.correct,
        feedback_wrong=question.feedback_wrong,
        feedback_right=question.feedback_right,
        pairs=question.pairs,
    )
