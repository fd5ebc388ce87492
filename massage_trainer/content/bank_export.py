"""Question banks written back out as GIFT or Aiken text, for another quiz tool or another copy of the app.

`to_gift(questions)` and `to_aiken(questions)` return the file's text and a warning for each
question the format cannot hold, which is left out. What they write reads back, with
content/gift.py or content/aiken.py, as the same questions (tests/test_bank_export.py holds them
to it): GIFT keeps titles, categories, each answer's weight and feedback, and the explanation as
`####` general feedback; Aiken holds only single-choice questions with one right answer, and
keeps only their text and options.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Final

from massage_trainer.core.questions import NumericAnswer, Question

__all__ = ["GIFT_TYPES", "to_aiken", "to_gift"]

GIFT_TYPES: Final = frozenset({"single", "multiple", "true_false", "matching", "numeric", "short_answer"})
_ESCAPED: Final = re.compile(r"([~=#{}:\\])")
_BLANK_LINES: Final = re.compile(r"\n[ \t]*(\n[ \t]*)+")
_AIKEN_LETTERS: Final = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
_AIKEN_LINE: Final = re.compile(r"\s*([A-Z][.)][ \t]|ANSWER[ \t]*:)", re.I)


def _gift_text(text: str) -> str:
    """Text safe inside a GIFT question: its special characters escaped, no blank line (which
    would end the question)."""
    return _BLANK_LINES.sub("\n", _ESCAPED.sub(r"\\\1", text.strip()))


def _weight(fraction: float) -> str:
    """`%w%`: the fewest digits that read back as exactly this fraction."""
    for digits in range(1, 18):
        shown = f"{fraction * 100:.{digits}g}"
        if float(shown) / 100 == fraction:
            return f"%{shown}%"
    return f"%{fraction * 100!r}%"  # pragma: no cover - 17 significant digits always suffice


def _number(value: float | None) -> str:
    return repr(float(value or 0.0))


def _with_feedback(body: str, feedback: str) -> str:
    return f"{body}#{_gift_text(feedback)}" if feedback else body


def _numeric(answer: NumericAnswer) -> str:
    if answer.value is not None:
        span = f"{_number(answer.value)}:{_number(answer.tolerance)}"
    else:
        span = f"{_number(answer.min)}..{_number(answer.max)}"
    return _with_feedback(f"={_weight(answer.fraction)}{span}", answer.feedback)


def _gift_block(question: Question) -> str:
    if question.type in ("single", "multiple", "short_answer"):
        parts = []
        any_right = any(a.fraction > 0 for a in question.answers)
        for i, answer in enumerate(question.answers):
            if question.type == "short_answer" or (question.type == "single" and (answer.fraction > 0 or
                                                                                   (not any_right and i == 0))):
                marker, plain = "=", 1.0
            else:
                marker, plain = "~", 0.0
            weight = "" if answer.fraction == plain else _weight(answer.fraction)
            parts.append(_with_feedback(f"{marker}{weight}{_gift_text(answer.text)}", answer.feedback))
        inside = " ".join(parts)
    elif question.type == "numeric":
        inside = "#" + " ".join(_numeric(a) for a in question.numeric)
    elif question.type == "true_false":
        inside = "TRUE" if question.correct else "FALSE"
        if question.feedback_wrong or question.feedback_right:
            inside += f"#{_gift_text(question.feedback_wrong)}"
        if question.feedback_right:
            inside += f"#{_gift_text(question.feedback_right)}"
    else:  # matching
        inside = " ".join(f"={_gift_text(left)} -> {_gift_text(right)}" for left, right in question.pairs)
    if question.explanation:
        inside += f" ####{_gift_text(question.explanation)}"
    return "{" + inside + "}"


def to_gift(questions: Iterable[Question]) -> tuple[str, list[str]]:
    """The questions as a GIFT file, and a warning for each one left out (a type GIFT cannot hold)."""
    lines: list[str] = ["// Exported by Massage Trainer (massage-trainer bank export)", ""]
    warnings: list[str] = []
    category: str | None = None
    for question in questions:
        if question.type not in GIFT_TYPES:
            warnings.append(f"left out {question.title!r}: GIFT cannot hold a {question.type} question")
            continue
        if question.category != category:
            category = question.category
            lines += [f"$CATEGORY: {' '.join(category.split())}".rstrip(), ""]
        title = f"::{_gift_text(question.title)}::" if question.title.strip() else ""
        text = _gift_text(question.text)
        if text.startswith("["):
            text = "[plain]" + text  # no format tag can be read from the text itself
        written = f"{title}{text} {_gift_block(question)}"
        if any(line.lstrip().startswith("//") for line in written.split("\n")) or written.startswith("$"):
            warnings.append(f"left out {question.title!r}: a line of it would read as a GIFT comment or category")
            continue
        lines += [written, ""]
    return "\n".join(lines), warnings


def _aiken_refusal(question: Question) -> str | None:
    if question.type != "single":
        return f"Aiken holds single-choice questions only, not {question.type}"
    right = [a for a in question.answers if a.fraction == 1.0]
    if len(right) != 1 or any(a.fraction not in (0.0, 1.0) for a in question.answers):
        return "Aiken holds exactly one right answer and no partial credit"
    if len(question.answers) > len(_AIKEN_LETTERS):
        return f"Aiken holds at most {len(_AIKEN_LETTERS)} options"
    if any("\n" in a.text for a in question.answers):
        return "an option runs over more than one line"
    if any(_AIKEN_LINE.match(line) for line in question.text.split("\n")):
        return "a line of its text would read as an option or an ANSWER: line"
    return None


def to_aiken(questions: Iterable[Question]) -> tuple[str, list[str]]:
    """The single-choice questions as an Aiken file, and a warning for each one left out."""
    blocks: list[str] = []
    warnings: list[str] = []
    for question in questions:
        refusal = _aiken_refusal(question)
        if refusal is not None:
            warnings.append(f"left out {question.title!r}: {refusal}")
            continue
        text = _BLANK_LINES.sub("\n", question.text.strip())
        options = [f"{letter}. {' '.join(a.text.split())}"
                   for letter, a in zip(_AIKEN_LETTERS, question.answers, strict=False)]
        right = next(i for i, a in enumerate(question.answers) if a.fraction == 1.0)
        blocks.append("\n".join([text, *options, f"ANSWER: {_AIKEN_LETTERS[right]}"]))
    return "\n\n".join(blocks) + ("\n" if blocks else ""), warnings
