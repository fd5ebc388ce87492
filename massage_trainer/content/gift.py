"""Moodle's GIFT question format, read into core questions (the subset: docs/question-banks.md).

Questions are separated by blank lines; a line starting with // is a comment; `$CATEGORY: name`
sets the category of the questions after it. A question is `::title::`, an optional format tag
([html], [markdown], [plain], [moodle]), its text and one answer block in braces. Which kind it is
follows from the block, in Moodle's order: `{}` an essay; `{#...}` numeric; any `~` a choice
(single if an answer starts with =, multiple otherwise); no `=` true/false; `->` matching;
otherwise short answer. Text after the block makes it a missing-word question. `\\~ \\= \\# \\{ \\}
\\: \\\\` stand for the characters themselves.

Each broken question is one error naming its first line; the rest of the file is still read.
"""

from __future__ import annotations

import math
import re
from dataclasses import replace
from typing import Final

from massage_trainer.content.bank import (
    BankProblem,
    BankResult,
    Skipped,
    needs_image,
    plain_text,
    split_lines,
    title_from,
)
from massage_trainer.core.questions import Answer, NumericAnswer, Question, QuestionType
from massage_trainer.core.safe_text import printable

__all__ = ["GiftError", "parse_gift"]

# While a question is parsed, each escaped character stands in as one of these noncharacters, so
# that splitting on ~ = # { } : never sees it; they go back to the characters in the final text.
_ESCAPABLE: Final = "~=#{}:\\"
_MARKS: Final = "".join(chr(0xFDD0 + i) for i in range(len(_ESCAPABLE)))
_TO_MARK: Final = dict(zip(_ESCAPABLE, _MARKS, strict=True))
_UNMARK: Final = str.maketrans(dict(zip(_MARKS, _ESCAPABLE, strict=True)))
_SCRUB: Final = str.maketrans(dict.fromkeys(_MARKS, "\ufffd"))
_FORMAT_TAG: Final = re.compile(r"\[(html|markdown|plain|moodle)\]")
_WEIGHT: Final = re.compile(r"%([^%]*)%")
_NUMBER: Final = re.compile(r"[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d{1,4})?")
_TRUE_FALSE: Final = {"T": True, "TRUE": True, "F": False, "FALSE": False}
MISSING_WORD: Final = "_____"


class GiftError(Exception):
    """A question that is broken: the message names what is wrong, the parser adds its line."""


def _mark(text: str) -> str:
    """`text` with each escape (\\~ and the like) turned into its stand-in."""
    text = text.translate(_SCRUB)
    out: list[str] = []
    i = 0
    while i < len(text):
        ch = text[i]
        if ch == "\\" and i + 1 < len(text) and text[i + 1] in _TO_MARK:
            out.append(_TO_MARK[text[i + 1]])
            i += 2
        else:
            out.append(ch)
            i += 1
    return "".join(out)


def _quote(marked: str) -> str:
    return repr(printable(marked.translate(_UNMARK).strip(), 60))


class _Question:
    """One question being read: its format, and the text it turns into."""

    def __init__(self, fmt: str) -> None:
        self.fmt = fmt
        self.image: str | None = None

    def text(self, marked: str) -> str:
        raw = marked.translate(_UNMARK)
        self.image = self.image or needs_image(raw, self.fmt)
        return plain_text(raw, self.fmt)


def _split_answers(block: str, markers: str, kind: str) -> list[tuple[str, str]]:
    """The answers of a block as (marker, body), each starting at one of `markers`."""
    starts = [i for i, ch in enumerate(block) if ch in markers]
    if not starts:
        raise GiftError(f"{kind}: no answer starts with {' or '.join(markers)}")
    if block[:starts[0]].strip():
        raise GiftError(f"{kind}: text before the first answer ({_quote(block[:starts[0]])}); "
                        f"each answer starts with {' or '.join(markers)}")
    ends = [*starts[1:], len(block)]
    return [(block[s], block[s + 1:e]) for s, e in zip(starts, ends, strict=True)]


def _weight(body: str, default: float) -> tuple[float, str]:
    """The fraction an answer earns (from a leading %weight%, -100 to 100) and the rest of it."""
    body = body.lstrip()
    if not body.startswith("%"):
        return default, body
    found = _WEIGHT.match(body)
    if found is None:
        raise GiftError(f"a weight is not closed: {_quote(body)}; write it as %50%")
    number = found.group(1).strip()
    if not _NUMBER.fullmatch(number) or not -100 <= float(number) <= 100:
        raise GiftError(f"bad weight %{printable(found.group(1), 40)}%: a weight is a percentage from -100 to 100")
    return float(number) / 100, body[found.end():]


def _feedback(body: str) -> tuple[str, str]:
    head, _, feedback = body.partition("#")
    return head, feedback


def _choices(q: _Question, block: str, kind: QuestionType) -> list[Answer]:
    answers = []
    for marker, body in _split_answers(block, "=~" if kind != "short_answer" else "=", "an answer block"):
        fraction, rest = _weight(body, 1.0 if marker == "=" else 0.0)
        head, feedback = _feedback(rest)
        text = q.text(head)
        if not text:
            raise GiftError("an answer is empty")
        answers.append(Answer(text, fraction, q.text(feedback)))
    if kind == "single" and len(answers) < 2:
        raise GiftError("a choice question needs at least two answers")
    if kind == "multiple" and not any(a.fraction > 0 for a in answers):
        raise GiftError("no answer is right: give at least one a positive weight, such as ~%100%")
    if kind == "short_answer" and not any(a.fraction > 0 for a in answers):
        raise GiftError("no answer earns any marks: give at least one a positive weight")
    return answers


def _number(text: str, what: str) -> float:
    text = text.strip()
    if not _NUMBER.fullmatch(text) or not math.isfinite(float(text)):
        raise GiftError(f"bad numeric answer: {what} {_quote(text) if text else 'is missing'} is not a number")
    return float(text)


def _numeric_answer(q: _Question, body: str, fraction: float) -> NumericAnswer:
    head, feedback = _feedback(body)
    head = head.strip()
    if ".." in head:
        low, _, high = head.partition("..")
        lo, hi = _number(low, "the minimum"), _number(high, "the maximum")
        if lo > hi:
            raise GiftError(f"bad numeric answer: the minimum {lo:g} is above the maximum {hi:g}")
        return NumericAnswer(fraction, q.text(feedback), min=lo, max=hi)
    value, colon, tolerance = head.partition(":")
    number = _number(value, "the value")
    margin = _number(tolerance, "the tolerance") if colon else 0.0
    if margin < 0:
        raise GiftError(f"bad numeric answer: the tolerance {margin:g} is below zero")
    return NumericAnswer(fraction, q.text(feedback), value=number, tolerance=margin)


def _numeric(q: _Question, block: str) -> list[NumericAnswer]:
    body = block[1:]
    if "~" in body:
        raise GiftError("a numeric question's wrong-answer feedback (~) is not supported")
    if not body.strip():
        raise GiftError("bad numeric answer: a numeric question needs a number, such as {#3.14:0.01}")
    if not body.lstrip().startswith("="):
        return [_numeric_answer(q, body, 1.0)]
    answers = []
    for _, part in _split_answers(body, "=", "a numeric question"):
        fraction, rest = _weight(part, 1.0)
        answers.append(_numeric_answer(q, rest, fraction))
    return answers


def _matching(q: _Question, block: str) -> list[tuple[str, str]]:
    pairs = []
    for _, body in _split_answers(block, "=", "a matching question"):
        left, arrow, right = body.partition("->")
        if not arrow:
            raise GiftError(f"a matching pair has no ->: {_quote(body)}")
        pair = (q.text(left), q.text(right))
        if not pair[1]:
            raise GiftError(f"a matching pair has nothing after ->: {_quote(body)}")
        pairs.append(pair)
    if sum(1 for left, _ in pairs if left) < 2:
        raise GiftError("a matching question needs at least two pairs")
    return pairs


def _answer_block(text: str) -> tuple[str, str | None, str]:
    """(before, the block's inside or None when there are no braces, after)."""
    opened = text.find("{")
    closed = text.find("}")
    if closed != -1 and (opened == -1 or closed < opened):
        raise GiftError("a } with no { before it (write \\} for the character)")
    if opened == -1:
        return text, None, ""
    closed = text.find("}", opened)
    nested = text.find("{", opened + 1)
    if closed == -1:
        raise GiftError("unclosed brace: the answer block's { has no } (or a blank line splits it)")
    if nested != -1 and nested < closed:
        raise GiftError("a { inside an answer block (write \\{ for the character)")
    after = text[closed + 1:]
    if "{" in after:
        raise GiftError("more than one answer block; a question has one (leave a blank line between two questions)")
    if "}" in after:
        raise GiftError("a } with no { before it (write \\} for the character)")
    return text[:opened], text[opened + 1:closed], after


def _question(marked: str, category: str) -> Question | Skipped:
    """One question's text (escapes marked), or raise GiftError. A Skipped carries line 0."""
    text = marked.strip()
    title = ""
    if text.startswith("::"):
        end = text.find("::", 2)
        if end == -1:
            raise GiftError("the title's :: is not closed (write \\: for a colon)")
        title, text = text[2:end].translate(_UNMARK).strip(), text[end + 2:].lstrip()
    tag = _FORMAT_TAG.match(text)
    q = _Question(tag.group(1) if tag else "moodle")
    text = text[tag.end():] if tag else text
    before, block, after = _answer_block(text)
    if block is None:
        shown = q.text(before)
        return Skipped(0, title or title_from(shown), "a description (no answer block in braces), not a question")
    question_text = q.text(before + MISSING_WORD + after if after.strip() else before)
    if not question_text:
        raise GiftError("the question has no text")
    title = title or title_from(question_text)
    block, general, explanation = block.partition("####")
    explanation = q.text(explanation) if general else ""
    inside = block.strip()
    found = Question("essay", title, question_text, category, explanation)
    if not inside:
        pass
    elif inside.startswith("#"):
        found = replace(found, type="numeric", numeric=tuple(_numeric(q, inside)))
    elif "~" in inside:
        kind: QuestionType = "single" if "=" in inside else "multiple"
        found = replace(found, type=kind, answers=tuple(_choices(q, inside, kind)))
    elif "=" not in inside:
        head, _, feedback = inside.partition("#")
        wrong, _, right = feedback.partition("#")
        word = head.strip().upper()
        if word not in _TRUE_FALSE:
            raise GiftError(f"the answer block {_quote(inside)} is none of T, F, TRUE or FALSE, and no answer "
                            "starts with = or ~")
        found = replace(found, type="true_false", correct=_TRUE_FALSE[word], feedback_wrong=q.text(wrong),
                        feedback_right=q.text(right))
    elif "->" in inside:
        found = replace(found, type="matching", pairs=tuple(_matching(q, inside)))
    else:
        found = replace(found, type="short_answer", answers=tuple(_choices(q, inside, "short_answer")))
    if q.image:
        return Skipped(0, title, q.image)
    if found.type == "essay":
        return Skipped(0, title, "an essay cannot be marked automatically")
    return found


def _blocks(text: str) -> list[list[tuple[int, str]]]:
    """The questions' lines, split at blank lines, comments left out: each (line from 1, text)."""
    blocks: list[list[tuple[int, str]]] = []
    current: list[tuple[int, str]] = []
    for number, line in enumerate(split_lines(text), start=1):
        if not line.strip():
            if current:
                blocks.append(current)
            current = []
        elif not line.lstrip().startswith("//"):
            current.append((number, line))
    if current:
        blocks.append(current)
    return blocks


def parse_gift(text: str) -> BankResult:
    """Every question of a GIFT file's text; each broken one is an error naming its first line."""
    result = BankResult()
    category = ""
    for lines in _blocks(text):
        first = lines[0][1].lstrip()
        if first.startswith("$CATEGORY:"):
            category = " ".join(first[len("$CATEGORY:"):].split())
            lines = lines[1:]
            if not lines:
                continue
        start = lines[0][0]
        try:
            found = _question(_mark("\n".join(line for _, line in lines)), category)
        except GiftError as err:
            result.errors.append(BankProblem(start, str(err)))
            continue
        if isinstance(found, Skipped):
            result.skipped.append(Skipped(start, found.title, found.reason))
        else:
            result.questions.append(found)
    return result
