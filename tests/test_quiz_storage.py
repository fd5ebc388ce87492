"""Quiz answers, review cards and imported banks in the database (storage/quiz.py, storage/banks.py)."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
import sqlite_utils
from fsrs import Scheduler

from massage_trainer.core import questions as bank
from massage_trainer.core.quiz import Answer, QType, Question, Result
from massage_trainer.storage import BankNotFound, BankStore, LearnerStore, QuizStore, StorageError
from massage_trainer.storage import db as db_module
from massage_trainer.storage.banks import question_key
from massage_trainer.storage.db import all_migrations, migrations, open_database, schema_version
from tests.faults import FULL, Fault, faulty_connection

T0 = datetime(2026, 3, 1, 9, 0, tzinfo=UTC)
RIGHT = Result(1.0, True)
WRONG = Result(0.0, False)


def engine_question(question_id: str) -> Question:
    return Question(id=question_id, type=QType.SINGLE, text="Which stroke opens?",
                    answers=(Answer("Stroking", 1.0), Answer("Percussion", 0.0)))


def bank_question(text: str, right: str = "Stroking") -> bank.Question:
    return bank.Question("single", text[:10], text, answers=(bank.Answer(right, 1.0), bank.Answer("Tapping", 0.0)))


@pytest.fixture
def db(tmp_path: Path) -> Iterator[sqlite_utils.Database]:
    database = open_database(tmp_path / "quiz.sqlite3")
    yield database
    database.close()


@pytest.fixture
def learner(db: sqlite_utils.Database) -> int:
    return LearnerStore(db).create("Ann").id


def store(db: sqlite_utils.Database) -> QuizStore:
    return QuizStore(db, Scheduler(enable_fuzzing=False))


@pytest.mark.parametrize("stop", range(1, len(all_migrations())))
def test_the_quiz_tables_arrive_from_every_older_version(tmp_path, stop):
    path = tmp_path / "old.sqlite3"
    old = sqlite_utils.Database(path)
    names = all_migrations()
    migrations.apply(old, stop_before=names[stop])
    old.execute("INSERT INTO learners (name) VALUES ('Old timer')")
    old.conn.commit()
    old.close()
    upgraded = open_database(path)
    assert schema_version(upgraded) == names
    learner_id = upgraded.execute("SELECT id FROM learners").fetchone()[0]
    store(upgraded).record_answer(learner_id, engine_question("q1"), 0, RIGHT, T0, "topic", "s1")
    assert [a.question_id for a in store(upgraded).answers_for(learner_id)] == ["q1"]
    assert {"question_banks", "bank_questions", "quiz_answers", "review_cards"} <= set(upgraded.table_names())


def test_an_answer_and_its_card_are_kept_together(db, learner):
    quiz = store(db)
    answer_id, card = quiz.record_answer(learner, engine_question("q1"), [0, 1], WRONG, T0, "daily", "s1")
    assert answer_id == 1 and card.reviews == 1
    [answer] = quiz.answers_for(learner)
    assert (answer.question_id, answer.bank, answer.response, answer.score, answer.correct, answer.mode,
            answer.session_id, answer.bank_removed) == ("q1", "builtin", [0, 1], 0.0, False, "daily", "s1", False)
    assert answer.answered_at == T0.isoformat()
    assert quiz.cards_for(learner) == [card]
    _, again = quiz.record_answer(learner, engine_question("q1"), [0], RIGHT, T0 + timedelta(minutes=2), "daily", "s1")
    assert again.reviews == 2 and quiz.cards_for(learner) == [again]


def test_a_pending_essay_is_kept_but_leaves_the_card(db, learner):
    quiz = store(db)
    essay = Question(id="e1", type=QType.ESSAY, text="Describe effleurage.")
    quiz.record_answer(learner, essay, "It glides.", Result(0.0, False, pending=True), T0, "exam", "x1")
    assert len(quiz.answers_for(learner)) == 1 and quiz.cards_for(learner) == []


def test_a_response_that_is_not_json_is_refused(db, learner):
    with pytest.raises(ValueError, match="plain JSON"):
        store(db).record_answer(learner, engine_question("q1"), object(), RIGHT, T0, "topic", "s1")
    assert store(db).answers_for(learner) == []


def test_when_the_card_cannot_be_written_the_answer_is_not_kept_either(tmp_path, monkeypatch):
    fault = Fault()
    monkeypatch.setattr(db_module, "CONNECTION_CLASS", faulty_connection(fault))
    database = open_database(tmp_path / "faulty.sqlite3")
    learner_id = LearnerStore(database).create("Ann").id
    fault.message, fault.only = FULL, "INTO review_cards"
    with pytest.raises(StorageError, match="disk is full"):
        store(database).record_answer(learner_id, engine_question("q1"), 0, RIGHT, T0, "topic", "s1")
    fault.message = None
    assert database.execute("SELECT count(*) FROM quiz_answers").fetchone()[0] == 0
    assert database.execute("SELECT count(*) FROM review_cards").fetchone()[0] == 0
    store(database).record_answer(learner_id, engine_question("q1"), 0, RIGHT, T0, "topic", "s1")  # and again: both
    assert database.execute("SELECT count(*) FROM quiz_answers").fetchone()[0] == 1
    assert len(store(database).cards_for(learner_id)) == 1
    database.close()


def test_due_after_answers(db, learner):
    quiz = store(db)
    ids = ["q1", "q2", "q3"]
    assert quiz.due(learner, T0, ids) == ("q1", "q2", "q3")  # nothing seen: all new, in order
    quiz.record_answer(learner, engine_question("q1"), 0, WRONG, T0, "daily", "s1")
    quiz.record_answer(learner, engine_question("q2"), 0, RIGHT, T0, "daily", "s1")
    # Again: due in fsrs's first learning step (1 minute); Good: the second step (10 minutes).
    assert quiz.due(learner, T0 + timedelta(seconds=30), ids) == ("q3",)
    assert quiz.due(learner, T0 + timedelta(minutes=2), ids) == ("q1", "q3")
    assert quiz.due(learner, T0 + timedelta(minutes=11), ids) == ("q1", "q2", "q3")
    assert quiz.due(learner, T0 + timedelta(minutes=11), ids, new_limit=0) == ("q1", "q2")


def test_a_bank_is_stored_and_read_back(db):
    banks = BankStore(db)
    questions = [bank_question("Which stroke opens?"), bank_question("Which stroke closes?")]
    stored = banks.replace("Basics", "gift", questions, "2026-03-01T09:00:00+00:00")
    assert stored.questions == 2 and [b.name for b in banks.all()] == ["Basics"]
    got = banks.questions("basics")
    assert [q.question for q in got] == questions
    assert got[0].question_id == question_key("Basics", "Which stroke opens?")
    assert store(db).due(1, T0) == tuple(q.question_id for q in got)


def test_reimport_keeps_the_history_of_unchanged_questions_only(db, learner):
    banks, quiz = BankStore(db), store(db)
    banks.replace("Basics", "gift", [bank_question("Which stroke opens?"), bank_question("Which stroke closes?")],
                  "t1")
    kept, changed = (q.question_id for q in banks.questions())
    for question_id in (kept, changed):
        quiz.record_answer(learner, engine_question(question_id), 0, RIGHT, T0, "topic", "s1", bank="Basics")
    banks.replace("BASICS", "gift", [bank_question("Which  stroke opens?", right="Gliding"),
                                     bank_question("Which stroke ends a massage?")], "t2")
    ids = [q.question_id for q in banks.questions()]
    assert ids[0] == kept and changed not in ids and [b.name for b in banks.all()] == ["BASICS"]
    cards = {c.question_id for c in quiz.cards_for(learner)}
    assert kept in cards and ids[1] not in cards
    # The unchanged question is not due (its card says 10 minutes); the new one is new.
    assert quiz.due(learner, T0 + timedelta(minutes=1)) == (ids[1],)
    assert [a.bank_removed for a in quiz.answers_for(learner)] == [False, False]


def test_removing_a_bank_keeps_its_answers_marked(db, learner):
    banks, quiz = BankStore(db), store(db)
    banks.replace("Basics", "aiken", [bank_question("Which stroke opens?")], "t1")
    [question] = banks.questions()
    quiz.record_answer(learner, engine_question(question.question_id), 0, RIGHT, T0, "topic", "s1", bank="Basics")
    quiz.record_answer(learner, engine_question("builtin-1"), 0, RIGHT, T0, "topic", "s1")
    banks.remove("basics", "t2")
    assert banks.all() == [] and banks.questions() == []
    assert [(a.bank, a.bank_removed) for a in quiz.answers_for(learner)] == [("Basics", True), ("builtin", False)]
    with pytest.raises(BankNotFound, match="no bank called 'Basics'"):
        banks.remove("Basics", "t3")
    banks.replace("Basics", "aiken", [bank_question("Which stroke opens?")], "t4")  # back again
    assert [a.bank_removed for a in quiz.answers_for(learner)] == [False, False]
    assert banks.questions()[0].question_id == question.question_id


def test_the_same_text_twice_in_one_bank_gets_two_ids(db):
    banks = BankStore(db)
    banks.replace("Dup", "aiken", [bank_question("Same?"), bank_question("Same?", right="Kneading")], "t")
    first, second = (q.question_id for q in banks.questions())
    assert second == first + ":2"


def test_a_bank_name_must_be_fit(db):
    with pytest.raises(StorageError, match="built-in"):
        BankStore(db).replace("Builtin", "gift", [], "t")
    with pytest.raises(StorageError, match="needs a name"):
        BankStore(db).replace("  ", "gift", [], "t")


def test_the_app_storage_offers_the_quiz_and_the_banks(tmp_home):
    from massage_trainer.storage import Storage

    storage = Storage.open()
    try:
        learner_id = storage.learners.create("Ann").id
        storage.banks.replace("Basics", "gift", [bank_question("Which stroke opens?")], "t")
        [question] = storage.banks.questions()
        assert storage.quiz.due(learner_id, T0) == (question.question_id,)
    finally:
        storage.close(backup=False)


def test_an_answer_keeps_its_topic_and_the_time_taken(db: sqlite_utils.Database, learner: int) -> None:
    quiz = store(db)
    question = replace(engine_question("q1"), topic="rules")
    quiz.record_answer(learner, question, 0, RIGHT, T0, "topic", "s1", time_s=12.5)
    quiz.record_answer(learner, question, 0, RIGHT, T0 + timedelta(minutes=1), "topic", "s1")
    first, second = quiz.answers_for(learner)
    assert (first.topic, first.time_s) == ("rules", 12.5)
    assert (second.topic, second.time_s) == ("rules", None)
    with pytest.raises(ValueError, match="time taken"):
        quiz.record_answer(learner, question, 0, RIGHT, T0, "topic", "s1", time_s=float("nan"))
    assert len(quiz.answers_for(learner)) == 2
