"""What the Today screen shows, read on the worker thread (ui/kit/worker.py).

`load_today` touches no widget and opens its own read-only connection (a sqlite3 connection
belongs to the thread that opened it). It reads the app's own questions the first time (not at
start-up), the imported banks, the learner's review cards, answers and drills, and returns plain
data: how much is due, the drill worth practising next (core/suggest.py) and the week in one line.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Final

from massage_trainer.content import ContentError
from massage_trainer.core.quiz import Question
from massage_trainer.core.review import utc
from massage_trainer.core.suggest import RunSummary, Suggestion, next_drill, violation_counts
from massage_trainer.storage import (
    BankStore,
    DrillRun,
    DrillStore,
    QuizAnswer,
    QuizStore,
    StorageError,
    database_path,
    open_database,
)

WEEK: Final = timedelta(days=7)


@dataclass(frozen=True)
class Week:
    """The last seven days, in numbers."""

    drills: int = 0
    minutes: float = 0.0
    answered: int = 0
    right: int = 0

    def line(self) -> str:
        if not self.drills and not self.answered:
            return "This week: nothing yet. A drill or a quiz shows here."
        drills = "1 drill" if self.drills == 1 else f"{self.drills} drills"
        asked = "1 question" if self.answered == 1 else f"{self.answered} questions"
        right = f", {round(100 * self.right / self.answered)}% right" if self.answered else ""
        return f"This week: {drills} ({self.minutes:.0f} min), {asked} answered{right}."


@dataclass(frozen=True)
class TodayData:
    due: int = 0  # review cards due now
    new: int = 0  # questions never answered yet
    suggestion: Suggestion | None = None
    week: Week = Week()
    problem: str = ""  # why some of it could not be read ("" when all was)


def week_of(runs: Sequence[DrillRun], answers: Sequence[QuizAnswer], now: datetime) -> Week:
    since = utc(now) - WEEK
    done = [r for r in runs if r.damaged is None and _when(r.started_at) >= since]
    asked = [a for a in answers if _when(a.answered_at) >= since]
    return Week(len(done), sum(r.duration_s for r in done) / 60.0, len(asked), sum(a.correct for a in asked))


def _when(iso: str) -> datetime:
    try:
        return utc(datetime.fromisoformat(iso.replace("Z", "+00:00")))
    except ValueError:
        return datetime.min.replace(tzinfo=UTC)  # unreadable: not this week


def summaries(runs: Sequence[DrillRun]) -> list[RunSummary]:
    return [RunSummary(r.drill, _when(r.started_at), r.score, violation_counts(r.report))
            for r in runs if r.damaged is None and not r.unfinished]


def load_today(home: Path, questions: Callable[[], tuple[Question, ...]], learner_id: int, now: datetime,
               course: Sequence[tuple[str, str]]) -> TodayData:
    """Everything the Today screen shows for one learner (runs on the worker thread)."""
    problems = []
    try:
        ids = [q.id for q in questions()]
    except ContentError:
        ids, problems = [], ["the app's own questions cannot be read"]
    try:
        db = open_database(database_path(home), writing=False)
    except (StorageError, sqlite3.Error) as err:
        return TodayData(problem=f"Your records cannot be read now: {err}")
    try:
        ids += BankStore(db).question_ids()
        quiz = QuizStore(db)
        due = quiz.due(learner_id, now, ids, new_limit=0)  # the cards due, not the questions never seen
        cards = {c.question_id for c in quiz.cards_for(learner_id)}
        fresh = sum(1 for q in set(ids) if q not in cards)
        runs = DrillStore(db).all_for(learner_id)
        answers = quiz.answers_for(learner_id)
    except (StorageError, sqlite3.Error) as err:
        return TodayData(problem=f"Your records cannot be read now: {err}")
    finally:
        db.close()
    return TodayData(len(due), fresh, next_drill(summaries(runs), course, utc(now)),
                     week_of(runs, answers, now), "; ".join(problems).capitalize())
