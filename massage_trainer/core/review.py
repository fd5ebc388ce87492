"""Spaced review with the `fsrs` library: one card per question, rated by the quiz's result.

A wrong answer rates Again, partial credit Hard, a right answer Good
(`rating_for`); Easy is never given, since a quiz cannot tell it from Good.
`CardState` is a question's card as a plain value: `review` returns a new one
and never changes its argument, and `to_dict`/`from_dict` (or `to_json`/
`from_json`) hand the storage layer something to keep. `due_now` picks what
a learner should review at a given moment, then questions never seen.

Every time is a timezone-aware datetime (fsrs works in UTC); a naive one is refused.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any, Final

from fsrs import Card, Rating, Scheduler, State

from massage_trainer.core.quiz import Result

__all__ = ["DEFAULT_SCHEDULER", "CardState", "Rating", "State", "due_now", "new_card", "rating_for",
           "review", "utc"]

# fsrs's defaults: 90% desired retention, learning steps of 1 and 10 minutes, fuzzed intervals.
DEFAULT_SCHEDULER: Final = Scheduler()


def utc(moment: datetime) -> datetime:
    """The moment in UTC, as fsrs wants it; a naive datetime is refused, not guessed."""
    if moment.tzinfo is None or moment.utcoffset() is None:
        raise ValueError(f"a review time must be timezone-aware, found {moment.isoformat()}")
    return moment.astimezone(UTC)


def rating_for(result: Result) -> Rating:
    """Again for no credit, Hard for partial credit, Good for full credit."""
    if result.correct:
        return Rating.Good
    return Rating.Hard if result.score > 0.0 else Rating.Again


@dataclass(frozen=True)
class CardState:
    """One question's fsrs card: when it is due, and what fsrs has learnt of it."""

    question_id: str
    state: State
    step: int | None
    stability: float | None
    difficulty: float | None
    due: datetime
    last_review: datetime | None
    reviews: int = 0

    def card(self) -> Card:
        """A fresh fsrs Card with this state (fsrs's cards are mutable; ours is not)."""
        return Card(card_id=1, state=self.state, step=self.step, stability=self.stability,
                    difficulty=self.difficulty, due=self.due, last_review=self.last_review)

    @classmethod
    def of(cls, question_id: str, card: Card, reviews: int) -> CardState:
        return cls(question_id, State(card.state), card.step, card.stability, card.difficulty,
                   utc(card.due), None if card.last_review is None else utc(card.last_review), reviews)

    def is_due(self, now: datetime) -> bool:
        return self.due <= utc(now)

    def to_dict(self) -> dict[str, Any]:
        """Plain JSON values only: times as ISO 8601 with their offset, the state as fsrs's number."""
        return {
            "question_id": self.question_id,
            "state": int(self.state),
            "step": self.step,
            "stability": self.stability,
            "difficulty": self.difficulty,
            "due": self.due.isoformat(),
            "last_review": None if self.last_review is None else self.last_review.isoformat(),
            "reviews": self.reviews,
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> CardState:
        """The inverse of to_dict; ValueError (or KeyError, TypeError) for data that is not one."""
        question_id = data["question_id"]
        if not isinstance(question_id, str) or not question_id:
            raise ValueError(f"a card's question_id must be text, found {question_id!r}")
        last = data["last_review"]
        return cls(
            question_id,
            State(int(data["state"])),
            None if data["step"] is None else int(data["step"]),
            None if data["stability"] is None else float(data["stability"]),
            None if data["difficulty"] is None else float(data["difficulty"]),
            utc(datetime.fromisoformat(data["due"])),
            None if last is None else utc(datetime.fromisoformat(last)),
            int(data.get("reviews", 0)),
        )

    def to_json(self) -> str:
        return json.dumps(self.to_dict(), sort_keys=True)

    @classmethod
    def from_json(cls, text: str) -> CardState:
        data = json.loads(text)
        if not isinstance(data, dict):
            raise ValueError("a card's JSON must be an object")
        return cls.from_dict(data)


def new_card(question_id: str, now: datetime) -> CardState:
    """A question's card before its first review: fsrs's Learning state, due at once."""
    return CardState.of(question_id, Card(card_id=1, due=utc(now)), 0)


def review(card: CardState, result: Result, now: datetime,
           scheduler: Scheduler = DEFAULT_SCHEDULER) -> CardState:
    """The card after an answer with this result at `now`; the argument is left as it was."""
    reviewed, _log = scheduler.review_card(card.card(), rating_for(result), utc(now))
    return CardState.of(card.question_id, reviewed, card.reviews + 1)


def due_now(cards: Iterable[CardState], question_ids: Iterable[str], now: datetime,
            limit: int | None = None, new_limit: int | None = None) -> tuple[str, ...]:
    """What to review now: the cards due by `now`, most overdue first, then the questions among
    `question_ids` never seen (no card), in their given order, at most `new_limit` of them; at
    most `limit` in all. A card whose question is no longer in `question_ids` is left out."""
    at = utc(now)
    known = list(dict.fromkeys(question_ids))
    offered = set(known)
    by_id = {c.question_id: c for c in cards}
    due = sorted((c for c in by_id.values() if c.question_id in offered and c.due <= at),
                 key=lambda c: (c.due, c.question_id))
    fresh = [q for q in known if q not in by_id]
    if new_limit is not None:
        fresh = fresh[:max(new_limit, 0)]
    picked = [c.question_id for c in due] + fresh
    return tuple(picked if limit is None else picked[:max(limit, 0)])
