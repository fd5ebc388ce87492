"""Banks written out (content/bank_export.py, content/bank_apkg.py) read back as the same questions."""

from __future__ import annotations

import io
import sqlite3
import zipfile
from pathlib import Path

import pytest

from massage_trainer.content.aiken import parse_aiken
from massage_trainer.content.bank_apkg import MODEL_ID, apkg_bytes, deck_id, question_sides
from massage_trainer.content.bank_export import to_aiken, to_gift
from massage_trainer.content.gift import parse_gift
from massage_trainer.core.questions import Answer, Question

# Every kind GIFT holds, with the characters it escapes, weights, feedback and explanations.
GIFT = r"""$CATEGORY: Basics

::Opening::Which stroke opens a massage? {=Stroking#Yes, always ~%-50%Percussion#No ~Kneading ####It warms.}

::Pick two:: Which are strokes\: of the hands? {~%50%Stroking ~%50%Rubbing ~%-100%Tapping\#1#Not a stroke}

::Spine:: Pressure on the spine? {FALSE#Never on the spine.#Right. ####The spine is left alone.}

::True:: Stroking comes first. {TRUE}

::Only right:: Wrong feedback empty? {T##Right feedback only}

$CATEGORY: Numbers

::Year:: When did Ling write? {#=1822:0#exact =%50%1822:2#close =%25%1800..1850 ####Ling's time.}

::Match:: Match them. {=Stroking -> glides =Kneading -> lifts =Tapping -> strikes}

::Short:: Name the first stroke. {=stroking =%50%effleurage#close enough}

::Missing:: Stroking is done {=first ~last} in a session.

::Braces:: A set \{a\} and a tilde \~ and an equals \= sign? {=yes ~no}

$CATEGORY:

::Plain::[plain][not a tag] starts with a bracket {=ok ~not ok}
"""

AIKEN = """Which stroke opens a massage?
A. Percussion
B) Stroking
ANSWER: B

Which part is never pressed?
A. The spine
B. The shoulder blade
C. The buttock
ANSWER: A
"""


def test_gift_round_trip() -> None:
    original = parse_gift(GIFT)
    assert original.errors == [] and len(original.questions) == 11
    text, warnings = to_gift(original.questions)
    assert warnings == []
    again = parse_gift(text)
    assert again.errors == [] and again.skipped == []
    assert again.questions == original.questions


def test_gift_keeps_explanations_as_general_feedback() -> None:
    text, _ = to_gift(parse_gift(GIFT).questions[:1])
    assert "####It warms.}" in text


def test_aiken_round_trip() -> None:
    original = parse_aiken(AIKEN)
    assert original.errors == [] and len(original.questions) == 2
    text, warnings = to_aiken(original.questions)
    assert warnings == []
    assert parse_aiken(text).questions == original.questions
    # And through GIFT, too: an Aiken question is a single choice GIFT holds.
    assert parse_gift(to_gift(original.questions)[0]).questions == original.questions


def test_what_a_format_cannot_hold_is_left_out_with_a_warning() -> None:
    questions = parse_gift(GIFT).questions
    text, warnings = to_aiken(questions)
    single = [q for q in questions if q.type == "single" and all(a.fraction in (0, 1) for a in q.answers)]
    assert len(parse_aiken(text).questions) == len(single) == 3
    assert len(warnings) == len(questions) - 3 and all(w.startswith("left out") for w in warnings)
    ordering = Question("ordering", "Order", "Put them in order.")
    text, warnings = to_gift([ordering])
    assert warnings == ["left out 'Order': GIFT cannot hold a ordering question"]
    assert parse_gift(text).questions == []


def test_a_blank_line_in_a_text_does_not_split_the_question() -> None:
    question = Question("single", "Two lines", "First line\n\nsecond // line",
                        answers=(Answer("a", 1.0), Answer("b", 0.0)))
    [back] = parse_gift(to_gift([question])[0]).questions
    assert back.text == "First line\nsecond // line"
    comment = Question("single", "Comment", "A line\n// read as a comment", answers=question.answers)
    assert to_gift([comment])[1] == ["left out 'Comment': a line of it would read as a GIFT comment or category"]


def apkg_of(questions: list[Question]) -> bytes:
    return apkg_bytes([("Basics", [(f"bank:basics:{i}", q) for i, q in enumerate(questions)])])


def test_apkg_is_a_zip_whose_collection_holds_a_note_per_question(tmp_path: Path) -> None:
    questions = parse_gift(GIFT).questions
    data = apkg_of(questions)
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        (tmp_path / "collection.anki2").write_bytes(archive.read("collection.anki2"))
    conn = sqlite3.connect(tmp_path / "collection.anki2")
    try:
        rows = conn.execute("SELECT guid, mid, flds FROM notes").fetchall()
    finally:
        conn.close()
    assert len(rows) == len(questions) and {mid for _, mid, _ in rows} == {MODEL_ID}
    fields = sorted(flds.split("\x1f") for _, _, flds in rows)
    assert ["Which stroke opens a massage?" in f[0] for f in fields].count(True) == 1
    assert {f[4] for f in fields} == {f"bank:basics:{i}" for i in range(len(questions))}
    again = apkg_of(questions)  # stable ids: the same guids each time
    with zipfile.ZipFile(io.BytesIO(again)) as archive:
        (tmp_path / "again.anki2").write_bytes(archive.read("collection.anki2"))
    conn = sqlite3.connect(tmp_path / "again.anki2")
    try:
        assert {g for g, in conn.execute("SELECT guid FROM notes")} == {g for g, _, _ in rows}
    finally:
        conn.close()


def test_apkg_text_is_escaped_and_sides_hold_the_answer() -> None:
    question = Question("single", "T", "<b>bold</b>?", answers=(Answer("<i>yes</i>", 1.0), Answer("no", 0.0)),
                        explanation="Because.")
    front, back = question_sides(question)
    assert "<b>" not in front and "&lt;b&gt;" in front and back == "&lt;i&gt;yes&lt;/i&gt;"
    assert deck_id("Basics") == deck_id("basics") != deck_id("Other")


def test_anki_itself_imports_the_apkg(tmp_path: Path) -> None:
    pytest.importorskip("anki", reason="Anki's library is a test dependency of the full environment")
    from anki.collection import Collection, ImportAnkiPackageRequest

    questions = parse_gift(GIFT).questions
    package = tmp_path / "banks.apkg"
    package.write_bytes(apkg_of(questions))
    (tmp_path / "fresh").mkdir()
    collection = Collection(str(tmp_path / "fresh" / "collection.anki2"))
    try:
        collection.import_anki_package(ImportAnkiPackageRequest(package_path=str(package)))
        notes = [collection.get_note(n) for n in collection.find_notes("")]
        assert len(notes) == len(questions)
        assert {n["Id"] for n in notes} == {f"bank:basics:{i}" for i in range(len(questions))}
        opening = next(n for n in notes if "opens a massage" in n["Question"])
        assert opening["Answer"] == "Stroking" and opening["Explanation"] == "It warms."
        assert "Massage Trainer::Basics" in [d.name for d in collection.decks.all_names_and_ids()]
        collection.import_anki_package(ImportAnkiPackageRequest(package_path=str(package)))  # again: updated
        assert len(collection.find_notes("")) == len(questions)
    finally:
        collection.close()
