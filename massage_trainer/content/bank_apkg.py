"""Question banks as an Anki deck (.apkg), made with the `genanki` library.

One note per question, of our own note type (`MODEL_ID`, fields Question, Answer, Explanation,
Bank, Id), in the deck `Massage Trainer::BANK` of each bank. The ids are stable, so importing a
newer export into Anki updates the notes it made before instead of adding them again: the note
type's and the parent deck's are fixed, a bank's deck id and each note's guid are made from the
bank's name and the question's id. Text is HTML-escaped: Anki renders its fields as HTML, and
imported text is never to be rendered (docs/question-banks.md).
"""

from __future__ import annotations

import hashlib
import html
import tempfile
from collections.abc import Iterable
from pathlib import Path
from typing import Final

from massage_trainer.core.questions import NumericAnswer, Question

__all__ = ["DECK_NAME", "MODEL_ID", "apkg_bytes", "deck_id", "question_sides"]

MODEL_ID: Final = 1_718_200_301
DECK_NAME: Final = "Massage Trainer"
FIELDS: Final = ("Question", "Answer", "Explanation", "Bank", "Id")
_CSS: Final = ".card { font-family: sans-serif; font-size: 20px; text-align: left; }"


def deck_id(bank: str) -> int:
    """A bank's deck id: from its name (case aside), in the range Anki's ids take."""
    digest = hashlib.sha256(f"massage-trainer deck {bank.casefold()}".encode()).digest()
    return int.from_bytes(digest[:7], "big") + (1 << 32)


def _html(text: str) -> str:
    return html.escape(text.strip()).replace("\n", "<br>")


def _numeric(answer: NumericAnswer) -> str:
    if answer.value is not None:
        shown = f"{answer.value:g}" + (f" ± {answer.tolerance:g}" if answer.tolerance else "")
    else:
        shown = f"{answer.min:g} to {answer.max:g}"
    return shown if answer.fraction == 1.0 else f"{shown} ({answer.fraction:.0%})"


def question_sides(question: Question) -> tuple[str, str]:
    """The note's front (the question, with its options) and back (the right answer), as HTML."""
    front = [_html(question.text)]
    if question.type in ("single", "multiple"):
        front += ["<ul>", *(f"<li>{_html(a.text)}</li>" for a in question.answers), "</ul>"]
        back = [_html(a.text) + ("" if a.fraction == 1.0 else f" ({a.fraction:.0%})")
                for a in question.answers if a.fraction > 0]
    elif question.type == "short_answer":
        back = [_html(a.text) for a in question.answers if a.fraction > 0]
    elif question.type == "true_false":
        back = ["True" if question.correct else "False"]
    elif question.type == "matching":
        front += ["<ul>", *(f"<li>{_html(left)}</li>" for left, _ in question.pairs), "</ul>"]
        back = [f"{_html(left)} → {_html(right)}" for left, right in question.pairs]
    elif question.type == "numeric":
        back = [html.escape(_numeric(a)) for a in question.numeric if a.fraction > 0]
    else:
        back = []
    return "\n".join(front), "<br>".join(back)


def apkg_bytes(banks: Iterable[tuple[str, Iterable[tuple[str, Question]]]]) -> bytes:
    """The .apkg file of these banks: (bank name, [(question id, question)]) each."""
    import genanki

    model = genanki.Model(
        MODEL_ID, "Massage Trainer question",
        fields=[{"name": name} for name in FIELDS],
        templates=[{"name": "Card 1", "qfmt": "{{Question}}",
                    "afmt": "{{FrontSide}}<hr id=answer>{{Answer}}<br><br><i>{{Explanation}}</i>"}],
        css=_CSS)
    decks = []
    for bank, questions in banks:
        deck = genanki.Deck(deck_id(bank), f"{DECK_NAME}::{bank}")
        for question_id, question in questions:
            front, back = question_sides(question)
            deck.add_note(genanki.Note(model=model, guid=genanki.guid_for(question_id),
                                       fields=[front, back, _html(question.explanation), _html(bank),
                                               html.escape(question_id)]))
        decks.append(deck)
    with tempfile.TemporaryDirectory(prefix="massage-trainer-apkg-") as folder:
        path = Path(folder) / "deck.apkg"
        genanki.Package(decks).write_to_file(str(path))
        return path.read_bytes()
