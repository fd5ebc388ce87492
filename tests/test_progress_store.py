"""A learner's progress summed up in SQL (storage/progress.py), its CSV (storage/history_csv.py) and the
rules it folds by (core/progress.py); every figure here is worked out by hand from tests/progress_helpers.py."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
import sqlite_utils

from massage_trainer.core.progress import trend_words, week_of, weeks_between
from massage_trainer.core.quiz import Answer, QType, Question, Result
from massage_trainer.storage import LearnerStore, ProgressStore, QuizStore
from massage_trainer.storage.db import open_database
from massage_trainer.storage.history_csv import HEADER, export_history, history_csv, history_rows
from massage_trainer.storage.progress import DrillScore, ReviewDue, RuleCount, TopicScore, TopicWeek, WeekTime
from tests.progress_helpers import NOW, add_answer, seed_record

TOPICS = {"q3": "safety", "q1": "ignored: the answer keeps its own"}
W1123, W1130, W1207 = date(2026, 11, 23), date(2026, 11, 30), date(2026, 12, 7)


@pytest.fixture
def db(tmp_path: Path) -> Iterator[sqlite_utils.Database]:
    database = open_database(tmp_path / "progress.sqlite3")
    yield database
    database.close()


@pytest.fixture
def ann(db: sqlite_utils.Database) -> int:
    learners = LearnerStore(db)
    ann, bob = learners.create("Ann").id, learners.create("Bob").id
    seed_record(db, ann, bob)
    return ann


def test_accuracy_by_topic_per_iso_week(db, ann) -> None:
    data = ProgressStore(db).load(ann, NOW, TOPICS)
    assert data.topic_weeks == (
        TopicWeek("safety", W1123, 0.0, 1),  # Sunday 23:59:59 is still the week before
        TopicWeek("safety", W1130, 1.75 / 3, 3),  # q2's 0.25 with q3's 1.0 and 0.5, its topic from TOPICS
        TopicWeek("technique", W1130, 0.5, 2),
        TopicWeek("", W1207, 1.0, 1),  # q4: no topic anywhere
        TopicWeek("technique", W1207, 0.5, 1),
    )
    assert data.answers == 8 and data.runs == 5
    assert data.topics() == ["safety", "technique", ""]


def test_without_the_fallback_old_answers_have_no_topic(db, ann) -> None:
    weeks = ProgressStore(db).load(ann, NOW).topic_weeks
    assert TopicWeek("", W1130, 0.75, 2) in weeks
    assert TopicWeek("safety", W1130, 0.25, 1) in weeks


def test_the_weakest_questions_and_topics(db, ann) -> None:
    data = ProgressStore(db).load(ann, NOW, TOPICS)
    assert [(q.question_id, q.topic, q.mean, q.count) for q in data.weakest_questions] == [
        ("q2", "safety", 0.125, 2), ("q1", "technique", 0.5, 3), ("q3", "safety", 0.75, 2)]  # q4: once only
    assert data.weakest_topics == (TopicScore("safety", 1.75 / 4, 4), TopicScore("technique", 0.5, 3))


def test_drill_scores_leave_out_unfinished_runs(db, ann) -> None:
    assert ProgressStore(db).load(ann, NOW).drill_scores == (
        DrillScore("2026-10-20T10:00:00+00:00", "session", 50.0, False),
        DrillScore("2026-11-05T10:00:00+00:00", "session", 40.0, False),
        DrillScore("2026-12-01T10:00:00+00:00", "technique:stroking", 80.0, True),
        DrillScore("2026-12-02T10:00:00+00:00", "technique:kneading", 30.0, False),  # its report is damaged
    )


def test_time_practised_per_week_in_minutes(db, ann) -> None:
    times = ProgressStore(db).load(ann, NOW).week_times
    assert times == (
        WeekTime(date(2026, 10, 19), 5.0, 0.0),
        WeekTime(date(2026, 10, 26), 0.0, 0.0),  # a week off is shown as one
        WeekTime(date(2026, 11, 2), 10.0, 0.0),
        WeekTime(date(2026, 11, 9), 0.0, 0.0),
        WeekTime(date(2026, 11, 16), 0.0, 0.0),
        WeekTime(W1123, 0.0, 0.0),  # an answer with no time
        WeekTime(W1130, 2.5, 2.5),  # 2 min + 30 s of drills; 30 + 30 + 90 s of answers
        WeekTime(W1207, 1.0, 1.0),  # the unfinished drill's minute counts
    )
    assert times[-2].minutes == 5.0


def test_rules_broken_most_often_with_their_trend(db, ann) -> None:
    rules = ProgressStore(db).load(ann, NOW).rules
    assert rules == (RuleCount("direction", 4, 2, 2), RuleCount("spine", 2, 2, 0), RuleCount("contact", 1, 0, 1))
    assert [r.trend for r in rules] == ["steady", "up 2", "down 1"]


def test_review_due_now_and_this_week(db, ann) -> None:
    assert ProgressStore(db).load(ann, NOW).review == ReviewDue(2, 3, "2026-12-10T09:00:00+00:00")


def test_a_new_learner_has_nothing_to_show(db) -> None:
    new = LearnerStore(db).create("New").id
    data = ProgressStore(db).load(new, NOW)
    assert data.empty and data.topic_weeks == () and data.week_times == () and data.rules == ()
    assert data.review == ReviewDue(0, 0, None)


def test_answers_kept_by_the_quiz_store_are_read(db) -> None:
    learner = LearnerStore(db).create("Cy").id
    question = Question(id="q9", type=QType.SINGLE, text="Which stroke opens?", topic="order",
                        answers=(Answer("Stroking", 1.0), Answer("Percussion", 0.0)))
    for result in (Result(1.0, True), Result(0.0, False)):
        QuizStore(db).record_answer(learner, question, 0, result, NOW, "topic", "s", time_s=45)
    data = ProgressStore(db).load(learner, NOW)
    assert data.topic_weeks == (TopicWeek("order", W1207, 0.5, 2),)
    assert data.week_times == (WeekTime(W1207, 0.0, 1.5),)
    assert data.review == ReviewDue(0, 1, "2026-12-08T12:01:00+00:00")  # fsrs: a new card again in a minute


def test_the_week_rules() -> None:
    assert week_of(date(2026, 12, 13)) == W1207 and week_of(W1207) == W1207  # Sunday, Monday
    assert weeks_between(date(2026, 12, 6), date(2026, 12, 8)) == [W1130, W1207]
    assert (trend_words(5, 2), trend_words(1, 3), trend_words(0, 0)) == ("up 3", "down 2", "steady")


def test_the_history_has_every_answer_and_run_oldest_first(db, ann, tmp_path) -> None:
    path = tmp_path / "history.csv"
    assert export_history(db, ann, path, TOPICS, {"q1": "=Which stroke opens?"}) == 13
    with path.open(encoding="utf-8-sig", newline="") as f:
        rows = list(csv.reader(f))
    assert tuple(rows[0]) == HEADER
    assert rows[1] == ["2026-10-20T10:00:00+00:00", "drill", "session", "", "", "", "50", "failed", "300"]
    assert rows[4] == ["2026-12-01T09:00:00+00:00", "quiz", "q1", "'=Which stroke opens?", "builtin", "technique",
                       "100", "correct", "30"]
    assert ["2026-12-03T09:00:00+00:00", "quiz", "q3", "", "builtin", "safety", "100", "correct", ""] in rows
    assert ["2026-12-07T10:00:00+00:00", "drill", "session", "", "", "", "10", "unfinished", "60"] in rows
    assert [r[0] for r in rows[1:]] == sorted(r[0] for r in rows[1:])
    assert sum(r[1] == "quiz" for r in rows) == 8 and sum(r[1] == "drill" for r in rows) == 5


def test_an_export_that_cannot_be_written_leaves_the_old_file(db, ann, tmp_path) -> None:
    folder = tmp_path / "a folder"
    folder.mkdir()
    with pytest.raises(OSError):
        export_history(db, ann, folder, TOPICS)
    assert folder.is_dir()
    add_answer(db, ann, "q5", "2026-12-08T09:00:00", 0.5)
    text = history_csv(history_rows(db, ann)).decode("utf-8-sig")
    assert len(list(csv.reader(io.StringIO(text)))) == 15


def test_a_damaged_date_is_left_off_the_calendar_not_the_read(db, ann) -> None:
    db.execute("UPDATE quiz_answers SET answered_at = 'garbage' WHERE question_id = 'q4'")
    db.execute("UPDATE drill_runs SET started_at = '2026-13-01T10:00:00+00:00' WHERE drill = 'technique:kneading'")
    db.conn.commit()
    data = ProgressStore(db).load(ann, NOW, TOPICS)
    assert data.answers == 8 and data.runs == 5
    assert [w for w in data.topic_weeks if w.topic == ""] == []  # q4's only answer
    assert [s.drill for s in data.drill_scores] == ["session", "session", "technique:stroking"]
    assert data.week_times[-2] == WeekTime(W1130, 2.0, 2.5)
