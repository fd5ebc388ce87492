"""Checking a response to a question: `check(question, response) -> Result` (docs/quiz-engine.md).

The response each type takes:

| type | response |
| --- | --- |
| single | the index of the chosen answer (int) |
| multiple | the indices of the chosen answers (a collection of ints) |
| true_false | bool |
| matching | a mapping of each left item to the right item chosen for it |
| numeric | a number |
| short_answer, essay | text |
| ordering | the items in the order given |
| hotspot | the click, an (x, y) point in the body frame |
| direction | the traced stroke: a Recording, or (t, x, y, contact, pressure) samples |

`None` is no answer: score 0. A response of the wrong shape is a caller's
mistake and raises TypeError. Hotspot and direction need the Body
(core/quiz_body.py grades them).
"""

from __future__ import annotations

import math
from collections.abc import Collection, Mapping, Sequence

from massage_trainer.core.body import Body
from massage_trainer.core.quiz import QType, Question, Result, scored
from massage_trainer.core.quiz_body import check_direction, check_hotspot

__all__ = ["check", "normalise", "ordered_run"]

NO_ANSWER = "No answer given."


def check(question: Question, response: object, body: Body | None = None) -> Result:
    """Grade one response; see the module docstring for each type's response."""
    if response is None:
        return scored(0.0, NO_ANSWER, question)
    t = question.type
    if t == QType.SINGLE:
        return _single(question, response)
    if t == QType.MULTIPLE:
        return _multiple(question, response)
    if t == QType.TRUE_FALSE:
        return _true_false(question, response)
    if t == QType.MATCHING:
        return _matching(question, response)
    if t == QType.NUMERIC:
        return _numeric(question, response)
    if t == QType.SHORT_ANSWER:
        return _short_answer(question, response)
    if t == QType.ESSAY:
        _text(question, response)
        return Result(0.0, False, "A teacher will read and grade this answer.", question.explanation,
                      pending=True)
    if t == QType.ORDERING:
        return _ordering(question, response)
    if body is None:
        raise ValueError(f"question {question.id!r} ({t.value}) is graded on the body: pass body=")
    if t == QType.HOTSPOT:
        return check_hotspot(question, response, body)
    return check_direction(question, response, body)


def _wrong_shape(question: Question, response: object, expected: str) -> TypeError:
    return TypeError(f"question {question.id!r} ({question.type.value}) takes {expected}, "
                     f"not {type(response).__name__}")


def _index(question: Question, value: object) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise _wrong_shape(question, value, "an answer's index (int)")
    if not 0 <= value < len(question.answers):
        raise ValueError(f"question {question.id!r} has no answer {value}")
    return value


def _single(question: Question, response: object) -> Result:
    """The chosen answer's fraction (a wrong answer's penalty counts as 0)."""
    answer = question.answers[_index(question, response)]
    return scored(answer.fraction, answer.feedback, question)


def _multiple(question: Question, response: object) -> Result:
    """The sum of the chosen answers' fractions, wrong ones negative, clamped to 0..1.

    Each answer counts once, however often it is named."""
    if isinstance(response, (str, bytes, Mapping)) or not isinstance(response, Collection):
        raise _wrong_shape(question, response, "a collection of answer indices")
    picked = sorted({_index(question, i) for i in response})
    answers = [question.answers[i] for i in picked]
    feedback = " ".join(a.feedback for a in answers if a.feedback)
    return scored(math.fsum(a.fraction for a in answers), feedback, question)


def _true_false(question: Question, response: object) -> Result:
    if not isinstance(response, bool):
        raise _wrong_shape(question, response, "True or False")
    right = response == question.correct
    if right:
        return scored(1.0, question.feedback_right or "Right.", question)
    return scored(0.0, question.feedback_wrong or f"No: it is {question.correct}.", question)


def _matching(question: Question, response: object) -> Result:
    """The fraction of the pairs matched right."""
    if not isinstance(response, Mapping):
        raise _wrong_shape(question, response, "a mapping of left items to right items")
    right = sum(1 for left, item in question.pairs if response.get(left) == item)
    n = len(question.pairs)
    return scored(right / n, f"{right} of {n} pairs matched.", question)


def _numeric(question: Question, response: object) -> Result:
    """The best fraction among the ranges the number falls in; 0 outside them all."""
    if isinstance(response, bool) or not isinstance(response, (int, float)):
        raise _wrong_shape(question, response, "a number")
    value = float(response)
    if not math.isfinite(value):
        return scored(0.0, "That is not a number.", question)
    hits = [a for a in question.numbers if a.accepts(value)]
    if not hits:
        return scored(0.0, "", question)
    best = max(hits, key=lambda a: a.fraction)
    return scored(best.fraction, best.feedback, question)


def normalise(text: str) -> str:
    """Text compared without regard to case or to runs of white space."""
    return " ".join(text.split()).casefold()


def _text(question: Question, response: object) -> str:
    if not isinstance(response, str):
        raise _wrong_shape(question, response, "text")
    return response


def _short_answer(question: Question, response: object) -> Result:
    """The best fraction among the accepted answers that match, ignoring case and white space."""
    given = normalise(_text(question, response))
    hits = [a for a in question.answers if normalise(a.text) == given]
    if not hits:
        return scored(0.0, "", question)
    best = max(hits, key=lambda a: a.fraction)
    return scored(max(best.fraction, 0.0), best.feedback, question)


def ordered_run(key: Sequence[str], given: Sequence[str]) -> int:
    """The length of the longest subsequence of `given` that keeps `key`'s order (their LCS)."""
    prev = [0] * (len(given) + 1)
    for k in key:
        row = [0]
        for j, g in enumerate(given):
            row.append(prev[j] + 1 if k == g else max(prev[j + 1], row[j]))
        prev = row
    return prev[-1]


def _ordering(question: Question, response: object) -> Result:
    """Full credit only for the exact order. Otherwise, if the question allows partial credit
    (`partial_order`, the default), the longest subsequence of the response in the right
    relative order over the longer of the two lists, so a missing or extra item costs; else 0."""
    if isinstance(response, (str, bytes)) or not isinstance(response, Sequence):
        raise _wrong_shape(question, response, "a sequence of items")
    given = [str(item) for item in response]
    key = list(question.order)
    if given == key:
        return scored(1.0, "The right order.", question)
    run = ordered_run(key, given)
    score = run / max(len(key), len(given)) if question.partial_order else 0.0
    return scored(score, f"{run} of {len(key)} in the right order.", question)
