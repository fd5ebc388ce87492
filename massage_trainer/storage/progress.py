"""A learner's progress in one read: `ProgressStore.load` returns a frozen `ProgressData`.

Everything is summed in SQL (GROUP BY over the covering indexes of migration 0007, so the
recordings and responses are never read), then folded by core/progress.py's rules: days into ISO
weeks, answers kept before migration 0006 (topic '') given their topic from `topics`, the
weakest with at least `MIN_ANSWERS` answers, and each rule's trend over the last four weeks.

Scores are fractions 0..1 for quiz answers (as core/quiz_check.py gives them) and points 0..100
for drills (as the grader gives them). A drill kept unfinished counts as time practised but not
as a score; a report that is not JSON is left out of the rules, never failing the read.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Final

import sqlite_utils

from massage_trainer.core.progress import MIN_ANSWERS, Tally, day_of, trend_start, trend_words, week_of, weeks_between
from massage_trainer.core.review import utc
from massage_trainer.storage.db import reading

__all__ = ["DrillScore", "ProgressData", "ProgressStore", "ReviewDue", "RuleCount", "TopicScore", "TopicWeek",
           "WeakQuestion", "WeekTime"]

WEAKEST: Final = 10  # questions listed as the weakest
WEAKEST_TOPICS: Final = 5
# Each group's day as a number (20261208), once per group: a day as text would be decoded row by row.
_DAY: Final = "CAST(replace(substr(answered_at, 1, 10), '-', '') AS INTEGER)"


@dataclass(frozen=True)
class TopicWeek:
    topic: str  # "" when neither the answer nor `topics` knows it
    week: date  # the Monday of the ISO week
    mean: float  # mean score, 0..1
    count: int


@dataclass(frozen=True)
class DrillScore:
    started_at: str  # ISO 8601, UTC
    drill: str
    score: float  # 0..100
    passed: bool


@dataclass(frozen=True)
class WeekTime:
    week: date
    drill_minutes: float
    quiz_minutes: float

    @property
    def minutes(self) -> float:
        return self.drill_minutes + self.quiz_minutes


@dataclass(frozen=True)
class WeakQuestion:
    question_id: str
    bank: str
    topic: str
    mean: float  # 0..1
    count: int


@dataclass(frozen=True)
class TopicScore:
    topic: str
    mean: float  # 0..1
    count: int


@dataclass(frozen=True)
class RuleCount:
    rule: str  # the rule id (core/rules.py)
    total: int  # violations in every drill
    recent: int  # in the last four weeks
    previous: int  # in the four weeks before those

    @property
    def trend(self) -> str:
        """"up 3", "down 2" or "steady" (core/progress.py)."""
        return trend_words(self.recent, self.previous)


@dataclass(frozen=True)
class ReviewDue:
    now: int  # cards due now
    this_week: int  # due within seven days, those due now among them
    next_due: str | None  # when the first card not yet due falls due (ISO 8601), if any


@dataclass(frozen=True)
class ProgressData:
    learner_id: int
    answers: int  # quiz answers in all
    runs: int  # drill runs in all
    topic_weeks: tuple[TopicWeek, ...] = ()  # by week, then topic
    drill_scores: tuple[DrillScore, ...] = ()  # oldest first
    week_times: tuple[WeekTime, ...] = ()  # every week from the first practised to the last
    weakest_questions: tuple[WeakQuestion, ...] = ()  # lowest mean first
    weakest_topics: tuple[TopicScore, ...] = ()  # lowest mean first
    rules: tuple[RuleCount, ...] = ()  # most often broken first
    review: ReviewDue = field(default_factory=lambda: ReviewDue(0, 0, None))

    @property
    def empty(self) -> bool:
        """Nothing yet to show: no answer, no drill."""
        return self.answers == 0 and self.runs == 0

    def topics(self) -> list[str]:
        """The topics answered, in the order of their first week."""
        return list(dict.fromkeys(t.topic for t in self.topic_weeks))


class ProgressStore:
    def __init__(self, db: sqlite_utils.Database) -> None:
        self.db = db

    def load(self, learner_id: int, now: datetime, topics: Mapping[str, str] | None = None) -> ProgressData:
        """The learner's progress as of `now`; `topics` (question id -> topic) names the topic of an
        answer kept before migration 0006. StorageError if the database cannot be read."""
        topics = topics or {}
        at = utc(now)
        with reading(self.db, "reading the learner's progress"):
            # Two sums, each in the order of the index quiz_answers_by_day: by topic, and, for the answers
            # kept before migration 0006 (no topic), by question, whose topic `topics` knows.
            by_day = self.db.execute(
                f"SELECT {_DAY}, topic, '', sum(score), count(*), total(time_s) FROM quiz_answers "
                "WHERE learner_id = ? AND topic != '' GROUP BY substr(answered_at, 1, 10), topic",
                [learner_id]).fetchall()
            by_day += self.db.execute(
                f"SELECT {_DAY}, '', question_id, sum(score), count(*), total(time_s) "
                "FROM quiz_answers WHERE learner_id = ? AND topic = '' "
                "GROUP BY substr(answered_at, 1, 10), question_id", [learner_id]).fetchall()
            runs = self.db.execute(
                "SELECT started_at, drill, score, passed, duration_s, unfinished FROM drill_runs "
                "WHERE learner_id = ? AND typeof(score) IN ('real', 'integer') "
                "AND typeof(duration_s) IN ('real', 'integer') ORDER BY started_at, id", [learner_id]).fetchall()
            weak = self.db.execute(
                "SELECT question_id, max(bank), max(topic), avg(score), count(*) FROM quiz_answers "
                "WHERE learner_id = ? GROUP BY question_id HAVING count(*) >= ? "
                "ORDER BY avg(score), count(*) DESC, question_id LIMIT ?",
                [learner_id, MIN_ANSWERS, WEAKEST]).fetchall()
            rules = self._rules(learner_id, at)
            review = self._review(learner_id, at)
            answers = sum(int(r[4]) for r in by_day)
            run_count = int(self.db.execute("SELECT count(*) FROM drill_runs WHERE learner_id = ?",
                                            [learner_id]).fetchone()[0])

        weekly: Tally[tuple[date, str]] = Tally()
        quiz_minutes: dict[date, float] = {}
        weeks: dict[int, date | None] = {}  # each day's week, worked out once
        for day, topic, question_id, total, count, seconds in by_day:
            if day not in weeks:
                weeks[day] = _day_week(day)
            week = weeks[day]
            if week is None:
                continue  # a damaged date: the answer still counts among the answers, and in the weakest
            weekly.add((week, topic or topics.get(question_id, "")), total, count)
            quiz_minutes[week] = quiz_minutes.get(week, 0.0) + seconds / 60
        overall: Tally[str] = Tally()
        for (_monday, topic), (total, count) in weekly.totals.items():
            overall.add(topic, total, int(count))
        drill_minutes: dict[date, float] = {}
        scores = []
        for started_at, drill, score, passed, duration_s, unfinished in runs:
            run_week = _week(started_at)
            if run_week is None:
                continue  # a damaged date: the run has no place on the calendar
            drill_minutes[run_week] = drill_minutes.get(run_week, 0.0) + max(0.0, float(duration_s)) / 60
            if not unfinished:
                scores.append(DrillScore(started_at, drill, float(score), bool(passed)))
        return ProgressData(
            learner_id, answers, run_count,
            topic_weeks=tuple(TopicWeek(topic, week, mean, count)
                              for (week, topic), mean, count in sorted(weekly.items(), key=lambda i: i[0])),
            drill_scores=tuple(scores),
            week_times=_week_times(drill_minutes, quiz_minutes),
            weakest_questions=_weakest(weak, topics),
            weakest_topics=tuple(sorted((TopicScore(t, mean, n) for t, mean, n in overall.items() if n >= MIN_ANSWERS),
                                        key=lambda t: (t.mean, -t.count, t.topic))[:WEAKEST_TOPICS]),
            rules=rules, review=review)

    def _rules(self, learner_id: int, now: datetime) -> tuple[RuleCount, ...]:
        recent, previous = (t.isoformat(timespec="seconds") for t in trend_start(now))
        rows = self.db.execute(
            "SELECT json_extract(v.value, '$.rule') AS rule, count(*), total(r.started_at >= ?), "
            "total(r.started_at >= ? AND r.started_at < ?) "
            "FROM (SELECT started_at, report FROM drill_runs WHERE learner_id = ? AND json_valid(report) "
            "AND json_type(report, '$.violations') = 'array') AS r, json_each(r.report, '$.violations') AS v "
            "WHERE json_type(v.value, '$.rule') = 'text' GROUP BY rule ORDER BY count(*) DESC, rule",
            [recent, previous, recent, learner_id]).fetchall()
        return tuple(RuleCount(str(rule), int(n), int(a), int(b)) for rule, n, a, b in rows)

    def _review(self, learner_id: int, now: datetime) -> ReviewDue:
        stamp, week = now.isoformat(), (now + timedelta(days=7)).isoformat()
        due_now, due_week, next_due = self.db.execute(
            "SELECT total(julianday(due) <= julianday(?)), total(julianday(due) <= julianday(?)), "
            "(SELECT due FROM review_cards WHERE learner_id = ? AND julianday(due) > julianday(?) "
            "ORDER BY julianday(due) LIMIT 1) FROM review_cards WHERE learner_id = ?",
            [stamp, week, learner_id, stamp, learner_id]).fetchone()
        return ReviewDue(int(due_now), int(due_week), next_due)


def _day_week(day: int) -> date | None:
    """The week of a day as a number (20261208); None for a number that is not a date."""
    try:
        year, rest = divmod(day, 10_000)
        return week_of(date(year, *divmod(rest, 100)))
    except (ValueError, TypeError):
        return None


def _week(stamp: object) -> date | None:
    """The week of a stored time ("2026-12-08T09:30:00+00:00"), or None for one that is not a time
    (a damaged row)."""
    try:
        if not isinstance(stamp, str):
            return None
        datetime.fromisoformat(stamp)  # the chart reads the whole time
        return week_of(day_of(stamp))
    except ValueError:
        return None


def _week_times(drill: dict[date, float], quiz: dict[date, float]) -> tuple[WeekTime, ...]:
    weeks = sorted({*drill, *quiz})
    if not weeks:
        return ()
    return tuple(WeekTime(w, drill.get(w, 0.0), quiz.get(w, 0.0)) for w in weeks_between(weeks[0], weeks[-1]))


def _weakest(rows: list[tuple[str, str, str, float, int]], topics: Mapping[str, str]) -> tuple[WeakQuestion, ...]:
    return tuple(WeakQuestion(qid, bank, topic or topics.get(qid, ""), float(mean), int(n))
                 for qid, bank, topic, mean, n in rows)
