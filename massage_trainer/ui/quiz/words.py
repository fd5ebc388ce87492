"""Questions, responses and results in words: the marks, the right answer, what the learner gave.

Plain text only, for plain-text labels (a bank's text is untrusted). Nothing here grades:
the result comes from core's `check`.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Final

from massage_trainer.core.body import Body
from massage_trainer.core.quiz import QType, Question, Result

TYPE_NAMES: Final = {
    QType.SINGLE: "single choice", QType.MULTIPLE: "multiple choice", QType.TRUE_FALSE: "true or false",
    QType.MATCHING: "matching", QType.NUMERIC: "a number", QType.SHORT_ANSWER: "short answer",
    QType.ESSAY: "essay", QType.ORDERING: "put in order", QType.HOTSPOT: "find it on the back",
    QType.DIRECTION: "draw the direction",
}
HOW: Final = {
    QType.SINGLE: "Choose one answer (keys 1–9), then Submit (Enter).",
    QType.MULTIPLE: "Choose every answer that applies (keys 1–9 tick and untick); a wrong pick costs.",
    QType.TRUE_FALSE: "True (key 1) or False (key 2).",
    QType.MATCHING: "Choose the match for each item.",
    QType.NUMERIC: "Type a number, such as 15 or 15.5.",
    QType.SHORT_ANSWER: "Type the answer.",
    QType.ORDERING: "Put the items in order: drag them, or select one and press Alt+Up or Alt+Down.",
    QType.HOTSPOT: "Click the place on the back, or choose a zone from the list.",
    QType.DIRECTION: "Hold the mouse button down and trace one stroke on the back, the way it goes.",
}
RIGHT: Final = "✓ Right"  # a tick, a half-filled circle and a cross: the mark never rests on colour alone
PARTIAL: Final = "◐ Partly right"
WRONG: Final = "✗ Not right"


def percent(score: float) -> str:
    return f"{round(score * 100)}%"


def mark(result: Result) -> str:
    """The verdict in words and a shape: ✓ Right, ◐ Partly right (with the score), ✗ Not right."""
    if result.correct:
        return RIGHT
    if result.partial:
        return f"{PARTIAL}: {percent(result.score)} of the credit"
    return WRONG


def _names(items: Sequence[str], names: Mapping[str, str]) -> str:
    return ", then ".join(names.get(i, i) for i in items)


def right_answer(q: Question, body: Body, names: Mapping[str, str]) -> str:
    """The answer key in words (names: technique id -> its name)."""
    if q.type in (QType.SINGLE, QType.MULTIPLE):
        best = max(a.fraction for a in q.answers)
        picked = [a.text for a in q.answers if (a.fraction > 0 if q.type == QType.MULTIPLE else a.fraction == best)]
        return "; ".join(picked)
    if q.type == QType.SHORT_ANSWER:
        best = max(a.fraction for a in q.answers)
        return next(a.text for a in q.answers if a.fraction == best)
    if q.type == QType.TRUE_FALSE:
        return "True" if q.correct else "False"
    if q.type == QType.MATCHING:
        return "; ".join(f"{left} → {right}" for left, right in q.pairs)
    if q.type == QType.NUMERIC:
        top = max(q.numbers, key=lambda n: n.fraction)
        return _number(top.lo) if top.lo == top.hi else f"{_number(top.lo)} to {_number(top.hi)}"
    if q.type == QType.ORDERING:
        return _names(q.order, names)
    if q.type == QType.HOTSPOT:
        return " or ".join(body.zone(z).name for z in q.zones)
    if q.type == QType.DIRECTION:
        return f"one stroke of {names.get(q.technique, q.technique).lower()}, the way the technique goes"
    return "graded by your instructor"


def _number(value: float) -> str:
    return f"{value:g}"


def given(q: Question, response: object, body: Body, names: Mapping[str, str]) -> str:
    """What the learner answered, in words."""
    if response is None:
        return "no answer"
    if q.type == QType.SINGLE and isinstance(response, int):
        return q.answers[response].text
    if q.type == QType.MULTIPLE and isinstance(response, (list, tuple)):
        return "; ".join(q.answers[i].text for i in response) or "nothing chosen"
    if q.type == QType.TRUE_FALSE:
        return "True" if response else "False"
    if q.type == QType.MATCHING and isinstance(response, Mapping):
        return "; ".join(f"{left} → {response.get(left, '(none)')}" for left, _ in q.pairs)
    if q.type == QType.NUMERIC and isinstance(response, (int, float)):
        return _number(float(response))
    if q.type == QType.ORDERING and isinstance(response, (list, tuple)):
        return _names([str(i) for i in response], names)
    if q.type == QType.HOTSPOT and isinstance(response, (list, tuple)):
        return body.describe((float(response[0]), float(response[1])))
    if q.type == QType.DIRECTION:
        return "a stroke traced on the back"
    return str(response)
