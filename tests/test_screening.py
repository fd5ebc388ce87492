"""Rule 9 before a drill: each grade of contraindication does what the Reference says (core/screening.py)."""

from __future__ import annotations

from massage_trainer.core.reference import Grade
from massage_trainer.core.screening import screen


def first(content, grade):
    return next(c for c in content.reference.contraindications if c.grade == grade)


def test_nothing_ticked_begins(content):
    assert screen([]).may_begin and screen([]).stop_words() == screen([]).ask_words() == ""


def test_an_absolute_one_stops_even_with_a_doctors_clearance(content):
    fever = first(content, Grade.ABSOLUTE)
    result = screen([fever, first(content, Grade.RELATIVE)], cleared=True)
    assert not result.may_begin
    assert fever.text.lower() in result.stop_words() and "rule 9" in result.stop_words()


def test_a_relative_one_waits_for_the_doctor(content):
    pregnancy = first(content, Grade.RELATIVE)
    waiting = screen([pregnancy])
    assert not waiting.may_begin and "Begin once the person's doctor" in waiting.ask_words()
    cleared = screen([pregnancy], cleared=True)
    assert cleared.may_begin and "confirmed" in cleared.ask_words()


def test_a_local_one_warns_and_lets_the_drill_go_on(content):
    wound = first(content, Grade.LOCAL)
    result = screen([wound])
    assert result.may_begin and result.avoid == (wound,)
    assert "Leave that area" in result.avoid_words() and wound.text[1:] in result.avoid_words()
