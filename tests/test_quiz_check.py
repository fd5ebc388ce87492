"""The quiz engine's check(): every question type, right, wrong and partly right (docs/quiz-engine.md)."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from massage_trainer.core.quiz import Answer, NumericAnswer, QType, Question, Result
from massage_trainer.core.quiz_check import check, normalise, ordered_run


def q(type_: QType, **fields: object) -> Question:
    return Question(id="q1", type=type_, text="?", explanation="Because.", **fields)  # type: ignore[arg-type]


SINGLE = q(QType.SINGLE, answers=(Answer("Stroking", 1.0, "Yes, it opens."), Answer("Kneading", 0.0, "No."),
                                  Answer("Rubbing", 0.5, "Close.")))
MULTIPLE = q(QType.MULTIPLE, answers=(
    Answer("spine", 0.5, "The spine is never worked."), Answer("kidneys", 0.5),
    Answer("shoulder blade", -0.5, "It may be worked."), Answer("waist", -1.0)))


def test_single_right_wrong_and_partial() -> None:
    right = check(SINGLE, 0)
    assert (right.score, right.correct, right.feedback, right.explanation) == (1.0, True, "Yes, it opens.", "Because.")
    wrong = check(SINGLE, 1)
    assert (wrong.score, wrong.correct, wrong.feedback) == (0.0, False, "No.")
    partial = check(SINGLE, 2)
    assert (partial.score, partial.correct, partial.partial) == (0.5, False, True)


def test_single_refuses_what_is_not_an_index() -> None:
    with pytest.raises(TypeError):
        check(SINGLE, True)
    with pytest.raises(ValueError):
        check(SINGLE, 3)


def test_multiple_full_partial_and_penalty_clamped_at_zero() -> None:
    full = check(MULTIPLE, {0, 1})
    assert (full.score, full.correct) == (1.0, True)
    assert check(MULTIPLE, [0]).score == 0.5
    assert check(MULTIPLE, [0, 1, 2]).score == 0.5  # a wrong pick costs its fraction
    assert check(MULTIPLE, [0, 2]).score == 0.0
    clamped = check(MULTIPLE, [2, 3])  # -1.5 in all: clamped to 0
    assert (clamped.score, clamped.correct) == (0.0, False)
    assert check(MULTIPLE, [0, 0, 0]).score == 0.5  # one answer counts once
    assert check(MULTIPLE, []).score == 0.0
    assert "never worked" in check(MULTIPLE, [0, 2]).feedback


def test_thirds_add_up_to_full_credit() -> None:
    thirds = q(QType.MULTIPLE, answers=tuple(Answer(str(i), 1 / 3) for i in range(3)))
    assert check(thirds, [0, 1, 2]).correct


@given(st.lists(st.floats(-1.0, 1.0), min_size=1, max_size=8), st.data())
def test_multiple_choice_score_is_always_in_0_to_1(fractions: list[float], data: st.DataObject) -> None:
    question = q(QType.MULTIPLE, answers=tuple(Answer(str(i), f) for i, f in enumerate(fractions)))
    picked = data.draw(st.sets(st.integers(0, len(fractions) - 1)))
    result = check(question, picked)
    assert 0.0 <= result.score <= 1.0
    assert result.correct == (result.score == 1.0)


def test_true_false() -> None:
    question = q(QType.TRUE_FALSE, correct=False)
    assert check(question, False).correct
    assert not check(question, True).correct
    assert check(question, True).score == 0.0
    with pytest.raises(TypeError):
        check(question, "false")


def test_matching_counts_the_pairs_right() -> None:
    question = q(QType.MATCHING, pairs=(("stroking", "opens"), ("kneading", "works deep"),
                                        ("percussion", "taps"), ("vibration", "shakes")))
    right = {"stroking": "opens", "kneading": "works deep", "percussion": "taps", "vibration": "shakes"}
    assert check(question, right).correct
    half = dict(right, stroking="taps", percussion="opens")
    assert check(question, half).score == 0.5
    assert check(question, {}).score == 0.0


@pytest.mark.parametrize(("value", "score"), [(60, 1.0), (55, 1.0), (65, 1.0), (66, 0.5), (90, 0.5),
                                              (91, 0.0), (10, 0.0), (float("nan"), 0.0)])
def test_numeric_value_with_tolerance_and_a_range(value: float, score: float) -> None:
    question = q(QType.NUMERIC, numbers=(NumericAnswer.around(60, 5), NumericAnswer.between(50, 90, 0.5, "Near.")))
    result = check(question, value)
    assert result.score == score
    assert result.correct == (score == 1.0)


def test_numeric_refuses_text() -> None:
    with pytest.raises(TypeError):
        check(q(QType.NUMERIC, numbers=(NumericAnswer.around(1),)), "1")


def test_short_answer_ignores_case_and_white_space() -> None:
    question = q(QType.SHORT_ANSWER, answers=(Answer("effleurage", 1.0), Answer("gliding  stroke", 0.5, "Nearly.")))
    assert check(question, "  EffLeurage ").correct
    partial = check(question, "Gliding\tStroke")
    assert (partial.score, partial.feedback) == (0.5, "Nearly.")
    assert check(question, "kneading").score == 0.0
    assert normalise(" A \n b ") == "a b"


def test_essay_waits_for_a_person() -> None:
    result = check(q(QType.ESSAY), "My answer")
    assert (result.score, result.correct, result.pending) == (0.0, False, True)


SESSION = ("stroking", "rubbing", "kneading", "percussion", "vibration", "stroking")


def test_ordering_full_credit_only_when_exact() -> None:
    question = q(QType.ORDERING, order=SESSION)
    assert check(question, list(SESSION)).correct
    swapped = ("stroking", "kneading", "rubbing", "percussion", "vibration", "stroking")
    result = check(question, swapped)
    assert not result.correct
    assert result.score == pytest.approx(5 / 6)  # the longest run in the right order: 5 of 6
    assert check(question, list(reversed(SESSION))).score == pytest.approx(3 / 6)  # stroking, one, stroking


def test_ordering_without_partial_credit_and_with_items_missing() -> None:
    strict = q(QType.ORDERING, order=SESSION, partial_order=False)
    assert check(strict, SESSION[:5]).score == 0.0
    lenient = q(QType.ORDERING, order=SESSION)
    assert check(lenient, SESSION[:3]).score == pytest.approx(3 / 6)
    assert check(lenient, (*SESSION, "stroking")).score == pytest.approx(6 / 7)  # an extra item costs


def test_ordered_run_is_the_longest_common_subsequence() -> None:
    assert ordered_run("abcde", "aebdc") == 3
    assert ordered_run("abc", "") == 0


def test_no_answer_scores_zero_for_every_type() -> None:
    result = check(SINGLE, None)
    assert (result.score, result.correct, result.explanation) == (0.0, False, "Because.")


def test_a_question_without_its_answer_key_is_refused() -> None:
    with pytest.raises(ValueError, match="lacks its answer key"):
        q(QType.TRUE_FALSE)
    with pytest.raises(ValueError):
        Answer("x", 1.5)
    with pytest.raises(ValueError):
        NumericAnswer.between(2, 1)
    with pytest.raises(ValueError):
        Result(1.2, True)


def test_body_questions_need_the_body() -> None:
    with pytest.raises(ValueError, match="body="):
        check(q(QType.HOTSPOT, zones=("spine",)), (0.0, 0.5))
