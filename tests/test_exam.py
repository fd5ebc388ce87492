"""The timed exam and the untimed modes (core/exam.py, core/quiz_modes.py), on a hand-driven clock."""

from __future__ import annotations

import random
from datetime import UTC, datetime, timedelta

import pytest
from fsrs import Scheduler

from massage_trainer.core.exam import Exam, ExamOver
from massage_trainer.core.quiz import Answer, QType, Question, Result
from massage_trainer.core.quiz_modes import QuizRun, daily_five, topic_quiz
from massage_trainer.core.review import new_card, review
from tests.clock import FakeClock


def tf(i: int, topic: str = "safety") -> Question:
    return Question(id=f"q{i}", type=QType.TRUE_FALSE, text=f"Statement {i}", correct=True, topic=topic,
                    explanation=f"Why {i}.")


POOL = tuple(tf(i, "safety" if i % 2 else "techniques") for i in range(10))


def test_the_exam_gives_no_feedback_until_the_end() -> None:
    clock = FakeClock()
    exam = Exam(POOL[:3], 600, clock=clock)
    exam.start()
    exam.answer(0, True)  # kept, with no word on it
    exam.answer(1, False)
    exam.answer(1, True)  # changed before the end
    clock.advance(100)
    assert exam.remaining_s() == 500
    review_ = exam.finish()
    assert not review_.timed_out
    assert review_.elapsed_s == 100
    assert [i.result.correct for i in review_.items] == [True, True, False]
    assert review_.unanswered == 1
    assert review_.correct == 2
    assert review_.score == pytest.approx(2 / 3)
    assert [i.result.explanation for i in review_.items] == ["Why 0.", "Why 1.", "Why 2."]
    assert exam.finish() is review_
    with pytest.raises(ExamOver):
        exam.answer(2, True)


def test_the_exam_times_out_and_the_unanswered_score_zero() -> None:
    clock = FakeClock()
    exam = Exam(POOL[:4], 60, clock=clock)
    exam.start()
    exam.answer(0, True)
    clock.advance(59.9)
    assert not exam.timed_out
    exam.answer(1, True)
    clock.advance(0.1)
    assert exam.timed_out
    assert exam.remaining_s() == 0
    with pytest.raises(ExamOver, match="time is up"):
        exam.answer(2, True)
    assert exam.finished
    review_ = exam.finish()
    assert review_.timed_out
    assert review_.elapsed_s == 60
    assert [i.result.score for i in review_.items] == [1.0, 1.0, 0.0, 0.0]
    assert [i.response for i in review_.items] == [True, True, None, None]
    assert review_.score == 0.5


def test_the_exam_must_be_started_and_sensible() -> None:
    exam = Exam(POOL[:1], 10, clock=FakeClock())
    with pytest.raises(RuntimeError):
        exam.answer(0, True)
    exam.start()
    with pytest.raises(RuntimeError):
        exam.start()
    with pytest.raises(IndexError):
        exam.answer(5, True)
    with pytest.raises(ValueError):
        Exam([], 10)
    with pytest.raises(ValueError):
        Exam(POOL, 0)


def test_an_exam_draws_a_set_number_of_questions() -> None:
    exam = Exam.draw(POOL, 4, 300, random.Random(7), clock=FakeClock())
    assert len(exam.questions) == 4
    assert len({q.id for q in exam.questions}) == 4
    assert len(Exam.draw(POOL, 50, 300, random.Random(7)).questions) == len(POOL)


def test_a_topic_quiz_keeps_to_its_topic() -> None:
    chosen = topic_quiz(POOL, "safety")
    assert [q.id for q in chosen] == ["q1", "q3", "q5", "q7", "q9"]
    shuffled = topic_quiz(POOL, "safety", count=3, rng=random.Random(1))
    assert len(shuffled) == 3
    assert all(q.topic == "safety" for q in shuffled)
    assert topic_quiz(POOL, "none") == ()


def test_a_quiz_run_gives_feedback_after_each_answer() -> None:
    run = QuizRun(POOL[:2])
    assert run.current == POOL[0]
    first = run.answer(True)
    assert first.correct
    assert first.explanation == "Why 0."
    run.answer(False)
    assert run.done
    assert run.current is None
    assert run.score == 0.5
    with pytest.raises(RuntimeError):
        run.answer(True)


NOW = datetime(2026, 3, 1, 9, 0, tzinfo=UTC)
NO_FUZZ = Scheduler(enable_fuzzing=False)


def test_the_daily_five_takes_what_is_due_then_new_then_the_soonest() -> None:
    cards = [review(new_card(q.id, NOW), Result(1.0, True), NOW, NO_FUZZ) for q in POOL[:8]]
    later = NOW + timedelta(minutes=30)  # learning steps: due again after 10 minutes
    assert [q.id for q in daily_five(POOL, cards, later)] == ["q0", "q1", "q2", "q3", "q4"]
    # Only two cards due; then the two never seen; then the soonest due of the rest.
    cards = [review(c, Result(1.0, True), later, NO_FUZZ) if c.question_id not in ("q5", "q6") else c
             for c in cards]
    picked = [q.id for q in daily_five(POOL, cards, later)]
    assert picked[:4] == ["q5", "q6", "q8", "q9"]
    assert len(picked) == 5
    assert len(daily_five(POOL[:3], [], NOW)) == 3


def test_a_question_with_a_penalty_choice_never_scores_below_zero_in_an_exam() -> None:
    multiple = Question(id="m", type=QType.MULTIPLE, text="?",
                        answers=(Answer("a", 1.0), Answer("b", -1.0), Answer("c", -1.0)))
    exam = Exam([multiple], 30, clock=FakeClock())
    exam.start()
    exam.answer(0, {1, 2})
    assert exam.finish().score == 0.0
