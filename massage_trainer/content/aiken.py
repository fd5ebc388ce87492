"""Moodle's Aiken format, read into core questions: single-choice questions in plain text.

    Which stroke opens a massage?
    A. Percussion
    B) Stroking
    ANSWER: B

A question is its text (one line or more), then its options, each a capital letter, `.` or `)`
and a space, then `ANSWER:` and the right letter. Blank lines between questions are ignored. Each
broken question is one error naming its first line; reading goes on with the next question.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Final

from massage_trainer.content.bank import BankProblem, BankResult, split_lines, title_from
from massage_trainer.core.questions import Answer, Question
from massage_trainer.core.safe_text import printable

__all__ = ["AikenError", "parse_aiken"]

_OPTION: Final = re.compile(r"([A-Z])[.)][ \t]+(.*)")
_ANSWER: Final = re.compile(r"ANSWER[ \t]*:[ \t]*(.*)", re.I)


class AikenError(Exception):
    """A question that is broken: the message names what is wrong, the parser adds its line."""


@dataclass
class _Draft:
    start: int
    text: list[str] = field(default_factory=list)
    options: list[tuple[str, str]] = field(default_factory=list)

    def finish(self, letter: str) -> Question:
        text = "\n".join(self.text).strip()
        if not text:
            raise AikenError("the question has no text before its options")
        if len(self.options) < 2:
            raise AikenError("a question needs at least two options (A. … B. …) before its ANSWER: line")
        letters = [option for option, _ in self.options]
        twice = sorted({option for option in letters if letters.count(option) > 1})
        if twice:
            raise AikenError(f"the option {twice[0]} appears twice")
        letter = letter.strip().upper()
        if len(letter) != 1 or letter not in letters:
            raise AikenError(f"ANSWER: {printable(letter, 20)!r} is not one of the options ({', '.join(letters)})")
        answers = tuple(Answer(words.strip(), 1.0 if option == letter else 0.0) for option, words in self.options)
        if any(not answer.text for answer in answers):
            raise AikenError("an option is empty")
        return Question("single", title_from(text), text, answers=answers)


def parse_aiken(text: str) -> BankResult:
    """Every question of an Aiken file's text; each broken one is an error naming its first line."""
    result = BankResult()
    draft: _Draft | None = None
    for number, raw in enumerate(split_lines(text), start=1):
        line = raw.strip()
        if not line:
            continue
        answer = _ANSWER.fullmatch(line)
        option = _OPTION.fullmatch(line)
        if draft is None:
            draft = _Draft(number)
        if answer is not None:
            try:
                result.questions.append(draft.finish(answer.group(1)))
            except AikenError as err:
                result.errors.append(BankProblem(draft.start, str(err)))
            draft = None
        elif option is not None:
            draft.options.append((option.group(1), option.group(2)))
        elif draft.options:  # text after the options: the ANSWER: line is missing; a new question starts
            result.errors.append(BankProblem(draft.start, "the options end without an ANSWER: line"))
            draft = _Draft(number, [line])
        else:
            draft.text.append(line)
    if draft is not None:
        result.errors.append(BankProblem(draft.start, "the file ends before this question's ANSWER: line"))
    return result
