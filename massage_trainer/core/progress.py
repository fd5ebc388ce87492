"""How a learner's progress is summed up: ISO weeks, trends, and the weakest first (Qt-free).

The Progress screen (ui/progress/) and its store (storage/progress.py) share these rules: a week
runs Monday to Sunday (ISO 8601, in UTC as the records are kept), a question or topic needs
`MIN_ANSWERS` answers before it can be called weak, and a rule's trend compares the last
`TREND_DAYS` days with the same span before them, told in words ("up 3", "down 2", "steady").
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime, timedelta
from typing import Final, Generic, TypeVar

__all__ = ["MIN_ANSWERS", "TREND_DAYS", "Tally", "day_of", "trend_start", "trend_words", "week_of", "weeks_between"]

K = TypeVar("K")

MIN_ANSWERS: Final = 2  # a question answered once is not yet known to be weak
TREND_DAYS: Final = 28  # a rule's trend: the last four weeks against the four before them


def day_of(stamp: str) -> date:
    """The UTC day of an ISO 8601 time as the records keep it ("2026-12-08T09:30:00+00:00")."""
    return date.fromisoformat(stamp[:10])


def week_of(day: date) -> date:
    """The Monday that starts the ISO week holding `day`."""
    return day - timedelta(days=day.weekday())


def weeks_between(first: date, last: date) -> list[date]:
    """Every week's Monday from the week of `first` to the week of `last`, in order."""
    start, end = week_of(first), week_of(last)
    weeks = []
    while start <= end:
        weeks.append(start)
        start += timedelta(days=7)
    return weeks


def trend_words(recent: int, previous: int) -> str:
    """A count against the one before it, in words: "up 3", "down 2", or "steady"."""
    if recent > previous:
        return f"up {recent - previous}"
    if recent < previous:
        return f"down {previous - recent}"
    return "steady"


def trend_start(now: datetime) -> tuple[datetime, datetime]:
    """Where the two spans a trend compares begin: (the recent span's start, the previous one's)."""
    recent = now - timedelta(days=TREND_DAYS)
    return recent, recent - timedelta(days=TREND_DAYS)


class Tally(Generic[K]):
    """Scores summed by a key, so that groups (days into weeks, ids into topics) merge exactly."""

    def __init__(self) -> None:
        self.totals: dict[K, list[float]] = {}

    def add(self, key: K, score_sum: float, count: int) -> None:
        entry = self.totals.setdefault(key, [0.0, 0.0])
        entry[0] += score_sum
        entry[1] += count

    def items(self) -> Iterable[tuple[K, float, int]]:
        """(key, mean score, count) for each key, in the order first added."""
        for key, (total, count) in self.totals.items():
            yield key, total / count if count else 0.0, int(count)
