"""A learner's record, written straight into the tables, for the Progress tests: answers with any
date, topic and time (an empty topic as kept before migration 0006), drill runs with any report."""

from __future__ import annotations

import json
from datetime import UTC, datetime

import sqlite_utils

NOW = datetime(2026, 12, 8, 12, 0, tzinfo=UTC)  # a Tuesday; its week began on Monday 2026-12-07


def add_answer(db: sqlite_utils.Database, learner: int, question_id: str, at: str, score: float,
               topic: str = "", time_s: float | None = None, bank: str = "builtin") -> None:
    db.execute(
        "INSERT INTO quiz_answers (learner_id, question_id, bank, response, score, correct, answered_at, mode, "
        "session_id, topic, time_s) VALUES (?, ?, ?, '0', ?, ?, ?, 'topic', 's1', ?, ?)",
        [learner, question_id, bank, score, int(score == 1.0), f"{at}+00:00", topic, time_s])
    db.conn.commit()


def add_run(db: sqlite_utils.Database, learner: int, drill: str, at: str, score: float, duration_s: float,
            rules: tuple[str, ...] = (), passed: bool = False, unfinished: bool = False,
            report: str | None = None) -> None:
    text = report if report is not None else json.dumps(
        {"score": score, "passed": passed, "metrics": {},
         "violations": [{"rule": r, "phase": 0, "t": 1.0, "message": r} for r in rules]})
    db.execute(
        "INSERT INTO drill_runs (learner_id, drill, started_at, duration_s, score, passed, report, recording, "
        "unfinished) VALUES (?, ?, ?, ?, ?, ?, ?, '{}', ?)",
        [learner, drill, f"{at}+00:00", duration_s, score, int(passed), text, int(unfinished)])
    db.conn.commit()


def add_card(db: sqlite_utils.Database, learner: int, question_id: str, due: str) -> None:
    db.execute("INSERT INTO review_cards (learner_id, question_id, card, due) VALUES (?, ?, '{}', ?)",
               [learner, question_id, f"{due}+00:00"])
    db.conn.commit()


def seed_record(db: sqlite_utils.Database, ann: int, bob: int) -> None:
    """The record tests/test_progress_store.py works its sums out from by hand."""
    add_answer(db, ann, "q1", "2026-12-01T09:00:00", 1.0, "technique", 30)
    add_answer(db, ann, "q1", "2026-12-02T09:00:00", 0.0, "technique", 30)
    add_answer(db, ann, "q1", "2026-12-07T09:00:00", 0.5, "technique", 60)
    add_answer(db, ann, "q2", "2026-11-29T23:59:59", 0.0, "safety")
    add_answer(db, ann, "q2", "2026-12-06T09:00:00", 0.25, "safety", 90)
    add_answer(db, ann, "q3", "2026-12-03T09:00:00", 1.0)  # kept before 0006: no topic
    add_answer(db, ann, "q3", "2026-12-03T10:00:00.250000", 0.5)
    add_answer(db, ann, "q4", "2026-12-08T08:00:00", 1.0)  # no topic, and none in the fallback
    add_answer(db, bob, "q1", "2026-12-01T09:00:00", 0.0, "technique", 500)
    add_run(db, ann, "technique:stroking", "2026-12-01T10:00:00", 80, 120, ("spine", "direction", "direction"),
            passed=True)
    add_run(db, ann, "session", "2026-11-05T10:00:00", 40, 600, ("direction", "contact"))
    add_run(db, ann, "session", "2026-10-20T10:00:00", 50, 300, ("direction",))
    add_run(db, ann, "session", "2026-12-07T10:00:00", 10, 60, ("spine",), unfinished=True)
    add_run(db, ann, "technique:kneading", "2026-12-02T10:00:00", 30, 30, report="not json")
    add_run(db, bob, "session", "2026-12-01T10:00:00", 20, 900, ("spine",))
    add_card(db, ann, "q1", "2026-12-08T11:00:00")
    add_card(db, ann, "q2", "2026-12-01T00:00:00")
    add_card(db, ann, "q3", "2026-12-10T09:00:00")
    add_card(db, ann, "q4", "2026-12-20T09:00:00")
    add_card(db, bob, "q1", "2026-12-01T00:00:00")
