"""The questions answered on the body: a hotspot click, and a direction drawn (core/quiz_body.py)."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from massage_trainer.core.grading import grade
from massage_trainer.core.quiz import QType, Question
from massage_trainer.core.quiz_body import STROKE_RULES, stroke_recording, stroke_violations
from massage_trainer.core.quiz_check import check
from massage_trainer.core.rules import DOING_RULES
from tests.tracer import Tracer

KIDNEYS = Question(id="kidneys", type=QType.HOTSPOT, text="Click a kidney area.",
                   zones=("kidney-left", "kidney-right"), explanation="Below the lower ribs.")
STROKE = Question(id="stroke", type=QType.DIRECTION, text="Trace one stroke of stroking.", technique="stroking")


@pytest.mark.parametrize("point", [(0.15, 0.2), (-0.15, 0.25)])
def test_hotspot_in_a_named_zone(body: Any, point: tuple[float, float]) -> None:
    result = check(KIDNEYS, point, body)
    assert (result.score, result.correct) == (1.0, True)
    assert "kidney" in result.feedback
    assert result.explanation == "Below the lower ribs."


@pytest.mark.parametrize(("point", "words"), [
    ((0.0, 0.5), "spine"),  # in a zone, but not one the question names
    ((0.3, 0.6), "right"),  # in no zone at all
    ((0.0, 1.3), "above C7"),
])
def test_hotspot_out_of_the_zones(body: Any, point: tuple[float, float], words: str) -> None:
    result = check(KIDNEYS, point, body)
    assert (result.score, result.correct) == (0.0, False)
    assert words in result.feedback


def test_hotspot_names_only_zones_the_body_has(body: Any) -> None:
    wrong = Question(id="x", type=QType.HOTSPOT, text="?", zones=("liver",))
    with pytest.raises(KeyError):
        check(wrong, (0.1, 0.1), body)
    with pytest.raises(TypeError):
        check(KIDNEYS, (0.1,), body)


def test_a_stroke_up_the_side_passes(body: Any) -> None:
    rec = Tracer("stroking", 0.2, 0.1).to(0.2, 0.9, 2.0, pressure=0.5).build()
    result = check(STROKE, rec, body)
    assert (result.score, result.correct, result.rules) == (1.0, True, ())


def test_a_stroke_down_with_working_pressure_fails_on_direction(body: Any) -> None:
    rec = Tracer("stroking", 0.2, 0.9).to(0.2, 0.1, 2.0, pressure=0.5).build()
    result = check(STROKE, rec, body)
    assert (result.score, result.correct, result.rules) == (0.0, False, ("direction",))
    assert "rule 12" in result.feedback


def test_a_stroke_across_the_spine_fails_on_spine(body: Any) -> None:
    rec = Tracer("stroking", -0.25, 0.5).to(0.25, 0.5, 2.0, pressure=0.6).build()
    result = check(STROKE, rec, body)
    assert not result.correct
    assert "spine" in result.rules


def test_a_glide_shows_no_direction(body: Any) -> None:
    rec = Tracer("stroking", 0.2, 0.1).to(0.2, 0.9, 2.0, pressure=0.1).build()
    result = check(STROKE, rec, body)
    assert result.score == 0.0
    assert "glide" in result.feedback


def test_the_stroke_may_come_as_samples(body: Any) -> None:
    samples = [(k / 100, 0.2, 0.1 + 0.8 * k / 200, True, 0.5) for k in range(201)]
    assert check(STROKE, samples, body).correct
    assert stroke_recording("stroking", samples).phases[0].technique == "stroking"
    with pytest.raises(ValueError):
        check(STROKE, [], body)  # nothing traced
    kneading = Tracer("kneading", 0.2, 0.1).to(0.2, 0.9).build()
    with pytest.raises(ValueError, match="one phase of stroking"):
        check(STROKE, kneading, body)


def test_the_drill_rules_the_grader_would_give_are_left_out(body: Any) -> None:
    rec = Tracer("stroking", 0.2, 0.9).to(0.2, 0.1, 2.0, pressure=0.5).build()
    whole = {v.rule for v in grade(rec, body).violations}
    assert whole & set(DOING_RULES)  # a stroke is far from a whole drill...
    kept = {v.rule for v in stroke_violations(rec, body)}
    assert kept == {"direction"}  # ...so only the stroke's own rules are kept


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.tuples(st.floats(-0.5, 0.5), st.floats(-0.1, 1.1)), st.tuples(st.floats(-0.5, 0.5), st.floats(-0.1, 1.1)),
       st.floats(0.0, 1.0), st.sampled_from(["stroking", "rubbing"]))
def test_a_stroke_is_graded_on_its_own_rules_only(body: Any, start: tuple[float, float], end: tuple[float, float],
                                                  pressure: float, technique: str) -> None:
    rec = Tracer(technique, *start).to(*end, 1.0, pressure=pressure).build()
    question = Question(id="s", type=QType.DIRECTION, text="?", technique=technique)
    result = check(question, rec, body)
    assert set(result.rules) <= set(STROKE_RULES)
    assert result.correct == (result.score == 1.0)
