"""The Aiken parser (content/aiken.py): good files, and broken ones with the line of each broken question."""

from __future__ import annotations

import pytest

from massage_trainer.content.aiken import parse_aiken
from massage_trainer.core.questions import Answer

GOOD = """Which stroke opens a massage?
A. Percussion
B) Stroking
C. Kneading
ANSWER: B


Where is pressure never put?
It is a rule.
A. The spine
B. The muscles
ANSWER:A
"""


def test_a_good_file() -> None:
    result = parse_aiken(GOOD)
    assert result.errors == [] and result.skipped == []
    first, second = result.questions
    assert first.to_dict() == {
        "title": "Which stroke opens a massage?", "type": "single", "category": "",
        "text": "Which stroke opens a massage?",
        "answers": [{"text": "Percussion", "fraction": 0.0, "feedback": ""},
                    {"text": "Stroking", "fraction": 1.0, "feedback": ""},
                    {"text": "Kneading", "fraction": 0.0, "feedback": ""}]}
    assert second.text == "Where is pressure never put?\nIt is a rule."
    assert second.answers == (Answer("The spine", 1.0), Answer("The muscles", 0.0))


def test_windows_line_endings() -> None:
    assert len(parse_aiken(GOOD.replace("\n", "\r\n")).questions) == 2


BROKEN: list[tuple[str, str, list[tuple[int, str]], int]] = [
    ("answer not an option", "Q?\nA. a\nB. b\nANSWER: C", [(1, "is not one of the options (A, B)")], 0),
    ("answer of two letters", "Q?\nA. a\nB. b\nANSWER: AB", [(1, "is not one of the options")], 0),
    ("one option", "Q?\nA. a\nANSWER: A", [(1, "at least two options")], 0),
    ("no text", "A. a\nB. b\nANSWER: A", [(1, "no text")], 0),
    ("an option twice", "Q?\nA. a\nA. b\nANSWER: A", [(1, "the option A appears twice")], 0),
    ("no ANSWER line, then a good question", "Q?\nA. a\nB. b\n\nR?\nA. a\nB. b\nANSWER: B",
     [(1, "without an ANSWER: line")], 1),
    ("the file ends too soon", "Q?\nA. a\nB. b\nANSWER: A\n\nR?\nA. a", [(6, "the file ends")], 1),
    ("text only", "just words", [(1, "the file ends")], 0),
]


@pytest.mark.parametrize(("text", "errors", "good"), [row[1:] for row in BROKEN], ids=[row[0] for row in BROKEN])
def test_broken(text: str, errors: list[tuple[int, str]], good: int) -> None:
    result = parse_aiken(text)
    assert [e.line for e in result.errors] == [line for line, _ in errors]
    for error, (_, words) in zip(result.errors, errors, strict=True):
        assert words in error.message and error.message.isprintable()
    assert len(result.questions) == good


def test_an_empty_file_has_nothing() -> None:
    result = parse_aiken("\n\n  \n")
    assert (result.questions, result.skipped, result.errors) == ([], [], [])
