"""The Quiz screen's modes: the timed exam (its clock injected), the spaced review, the daily five
and topic quizzes opened from elsewhere, and a quiz without a learner."""

from __future__ import annotations

import argparse
from datetime import timedelta

import pytest
from PySide6.QtCore import Qt

from massage_trainer.core.quiz import QType
from massage_trainer.ui.kit.context import ScreenshotError
from massage_trainer.ui.quiz.screen import NO_LEARNER
from massage_trainer.ui.quiz.script import VIEWS
from massage_trainer.ui.quiz.words import RIGHT, WRONG
from tests.quiz_helpers import answers, ask, digit, key, of_type, open_quiz, verdict


def test_an_exam_runs_out_of_time_and_reviews_every_answer(window, qtbot) -> None:
    screen = open_quiz(window, qtbot)
    start = screen.start_page
    start.exam_count.setValue(3)
    start.exam_minutes.setValue(1)
    qtbot.mouseClick(start.exam_button, Qt.MouseButton.LeftButton)
    page = screen.question_page
    assert screen.pages.currentWidget() is page and screen.exam is not None
    assert page.countdown.isVisible() and page.countdown.text() == "Time left 1:00"
    assert not page.submit_button.isVisible() and page.finish_button.isVisible()
    first = screen.exam.question
    response = None
    if first.type in (QType.SINGLE, QType.MULTIPLE, QType.TRUE_FALSE):
        digit(qtbot, screen, 1)
        response = page.input.response()
    screen.clock.advance(10)
    key(qtbot, screen, Qt.Key.Key_Return)  # kept, and on to the next: no verdict in an exam
    assert screen.exam.index == 1 and not page.feedback.isVisible()
    qtbot.mouseClick(page.previous_button, Qt.MouseButton.LeftButton)
    assert screen.exam.index == 0
    if response is not None:
        assert page.input.response() == response  # the answer is still there, and may be changed
    screen.clock.advance(45)
    qtbot.waitUntil(lambda: "0:05" in page.countdown.text() or "0:04" in page.countdown.text())
    assert answers(window) == []  # nothing is kept until the exam ends
    screen.clock.advance(10)
    qtbot.waitUntil(lambda: screen.pages.currentWidget() is screen.review_page)  # the timer finishes it
    review = screen.exam.review
    assert review is not None and review.timed_out
    assert screen.review_page.score.text().startswith("The time ran out.")
    assert len(screen.review_page.cards) == 3
    kept = answers(window)
    assert [a.mode for a in kept] == ["exam"] * 3 and len({a.session_id for a in kept}) == 1
    assert [a.question_id for a in kept] == [q.id for q in screen.exam.exam.questions]
    assert kept[0].time_s == 10 + 45 + 10  # the seconds it was on show, both times
    assert sum(a.time_s or 0 for a in kept) == 65


def test_the_exam_finished_by_hand_grades_each_answer(window, qtbot) -> None:
    screen = open_quiz(window, qtbot)
    q = of_type(screen, QType.TRUE_FALSE)
    assert screen.begin_exam([q, of_type(screen, QType.NUMERIC)], 600)
    digit(qtbot, screen, 1 if q.correct else 2)
    qtbot.mouseClick(screen.question_page.finish_button, Qt.MouseButton.LeftButton)
    assert screen.pages.currentWidget() is screen.review_page
    texts = [w.text() for w in screen.review_page.cards[0].findChildren(type(screen.review_page.score))]
    assert texts[0] == f"1. {RIGHT}"
    second = [w.text() for w in screen.review_page.cards[1].findChildren(type(screen.review_page.score))]
    assert second[0] == f"2. {WRONG}" and "Your answer: no answer" in second
    assert [a.correct for a in answers(window)] == [True, False]


def test_a_wrong_answer_comes_back_in_the_spaced_review(window, qtbot) -> None:
    screen = open_quiz(window, qtbot)
    start = screen.start_page
    assert start.due.text().startswith("Nothing is due")
    assert not start.review_button.isEnabled()
    q = of_type(screen, QType.TRUE_FALSE)
    ask(screen, q)
    digit(qtbot, screen, 2 if q.correct else 1)
    key(qtbot, screen, Qt.Key.Key_Return)
    assert verdict(screen) == WRONG
    qtbot.mouseClick(screen.question_page.next_button, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(screen.summary_page.done_button, Qt.MouseButton.LeftButton)
    assert screen.pages.currentWidget() is start
    assert start.due.text().startswith("Nothing is due now. The next review is due ")
    later = screen.now() + timedelta(minutes=30)
    screen.now = lambda: later
    screen.start.refresh()
    assert start.due.text() == "1 question is due now."
    assert start.review_button.isEnabled()
    qtbot.mouseClick(start.review_button, Qt.MouseButton.LeftButton)
    assert screen.pages.currentWidget() is screen.question_page
    assert screen.run.questions == (q,) and screen.mode == "review"
    digit(qtbot, screen, 1 if q.correct else 2)
    key(qtbot, screen, Qt.Key.Key_Return)
    assert verdict(screen) == RIGHT
    assert [(a.mode, a.correct) for a in answers(window)] == [("topic", False), ("review", True)]


def test_navigate_opens_the_daily_five_and_a_topic(window, qtbot) -> None:
    screen = open_quiz(window, qtbot)
    window.ctx.navigate("quiz", {"mode": "daily"})
    assert screen.pages.currentWidget() is screen.question_page
    assert len(screen.run.questions) == 5 and screen.mode == "daily"
    window.ctx.navigate("quiz", {"mode": "topic", "topic": "zones"})
    assert screen.mode == "topic" and {q.topic for q in screen.run.questions} == {"zones"}
    window.ctx.navigate("quiz", {"mode": "exam"})
    assert screen.pages.currentWidget() is screen.start_page
    assert screen.start_page.exam_button.hasFocus()
    window.ctx.navigate("quiz", {"mode": "review"})
    assert screen.pages.currentWidget() is screen.start_page  # nothing due: it says so
    assert "Nothing is due" in screen.start_page.note.text()


def test_the_topics_list_every_topic(window, qtbot) -> None:
    screen = open_quiz(window, qtbot)
    topics = [screen.start_page.topics.itemData(i) for i in range(screen.start_page.topics.count())]
    assert topics == ["indications", "contraindications", "rules", "techniques", "session", "zones", "types"]
    screen.start_page.topics.setCurrentIndex(2)
    qtbot.mouseClick(screen.start_page.topic_button, Qt.MouseButton.LeftButton)
    assert {q.topic for q in screen.run.questions} == {"rules"} and len(screen.run.questions) == 10


def test_without_a_learner_it_asks_for_one(window, qtbot) -> None:
    screen = open_quiz(window, qtbot)
    window.ctx.learner = None
    screen._on_learner(None)
    qtbot.mouseClick(screen.start_page.daily_button, Qt.MouseButton.LeftButton)
    assert screen.pages.currentWidget() is screen.start_page
    assert "Choose or add a learner first" in screen.start_page.note.text()
    assert not screen.begin([of_type(screen, QType.SINGLE)], "topic")
    assert screen.start_page.note.text() == NO_LEARNER


def test_help_lists_the_keys(window, qtbot) -> None:
    screen = open_quiz(window, qtbot)
    help_ = screen.screen_help()
    assert "diagram" in help_.where
    assert [k for k, _ in help_.keys] == ["1 2 3 4 5 6 7 8 9", "Return Enter", "Alt+Up", "Alt+Down"]


def test_answers_are_kept_off_the_gui_thread(window, qtbot) -> None:
    qtbot.mouseClick(window.rail.buttons["quiz"], Qt.MouseButton.LeftButton)
    screen = window.screens["quiz"]
    assert not screen.runner.synchronous
    qtbot.waitUntil(lambda: screen.cards is not None)  # the pool and the cards, read on the worker thread
    assert len(screen.pool.questions) == len(window.ctx.content.questions)
    q = of_type(screen, QType.TRUE_FALSE)
    ask(screen, q, "daily")
    digit(qtbot, screen, 1 if q.correct else 2)
    key(qtbot, screen, Qt.Key.Key_Return)
    assert verdict(screen) == RIGHT  # the verdict at once; the record follows
    job = screen.last_job
    assert job is not None
    if not job.is_finished():
        with qtbot.waitSignal(job.finished):
            pass
    assert [(a.question_id, a.mode, a.correct) for a in answers(window)] == [(q.id, "daily", True)]


def test_an_exam_cut_short_by_a_change_of_learner_is_kept_for_whoever_sat_it(window, qtbot) -> None:
    screen = open_quiz(window, qtbot)
    first = window.ctx.learner
    q = of_type(screen, QType.TRUE_FALSE)
    assert screen.begin_exam([q], 600)
    digit(qtbot, screen, 1 if q.correct else 2)
    other = window.learner_bar.create_learner("Second")  # chosen at once, as the menu does
    assert window.ctx.learner is not None and window.ctx.learner.id == other.id
    assert screen.pages.currentWidget() is screen.start_page and screen.exam is None
    kept = window.ctx.storage.quiz.answers_for(first.id)
    assert [(a.question_id, a.mode, a.correct) for a in kept] == [(q.id, "exam", True)]
    assert window.ctx.storage.quiz.answers_for(other.id) == []


def test_each_screenshot_view_sets_the_screen_up(window, qtbot) -> None:
    screen = open_quiz(window, qtbot)
    for view in VIEWS:
        screen.prepare_screenshot(argparse.Namespace(view=view))
        page = screen.pages.currentWidget()
        if view == "start":
            assert page is screen.start_page
        elif view == "review":
            assert page is screen.review_page and len(screen.review_page.cards) == 4
        else:
            assert page is screen.question_page
            assert screen.question_page.feedback.isVisible() == (view == "feedback")
            if view not in ("exam", "feedback"):
                assert screen.run is not None and screen.run.current.type.value == view
        screen.leave()
    with pytest.raises(ScreenshotError, match="no view 'nope'"):
        screen.prepare_screenshot(argparse.Namespace(view="nope"))
