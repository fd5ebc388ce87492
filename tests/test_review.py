"""Spaced review on fsrs (core/review.py), with fuzzing off so every interval is exact."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta, timezone

import pytest
from fsrs import Scheduler
from hypothesis import given
from hypothesis import strategies as st

from massage_trainer.core.quiz import Result
from massage_trainer.core.review import CardState, Rating, State, due_now, new_card, rating_for, review

NOW = datetime(2026, 3, 1, 9, 0, tzinfo=UTC)
NO_FUZZ = Scheduler(enable_fuzzing=False)
WRONG, PARTIAL, RIGHT = Result(0.0, False), Result(0.5, False), Result(1.0, True)


def test_the_result_rates_again_hard_or_good() -> None:
    assert rating_for(WRONG) == Rating.Again
    assert rating_for(PARTIAL) == Rating.Hard
    assert rating_for(RIGHT) == Rating.Good


def test_again_comes_back_soon_good_later() -> None:
    card = new_card("q1", NOW)
    assert card.is_due(NOW)
    again, hard, good = (review(card, r, NOW, NO_FUZZ) for r in (WRONG, PARTIAL, RIGHT))
    assert again.due - NOW == timedelta(minutes=1)
    assert again.due < hard.due < good.due
    assert good.reviews == 1
    assert card.reviews == 0  # the argument is left as it was
    # Right again and again: out of learning, and each interval longer than the last.
    intervals = []
    for _ in range(4):
        before = good.due
        good = review(good, RIGHT, before, NO_FUZZ)
        intervals.append(good.due - before)
    assert good.state == State.Review
    assert intervals == sorted(intervals)
    assert intervals[-1] > timedelta(days=7)
    # A lapse sends a well-known card back to relearning, due within minutes.
    lapsed = review(good, WRONG, good.due, NO_FUZZ)
    assert lapsed.state == State.Relearning
    assert lapsed.due - good.due < timedelta(hours=1)


def test_without_fuzzing_the_schedule_is_the_same_every_time() -> None:
    def run() -> list[datetime]:
        card, dues = new_card("q", NOW), []
        for r in (RIGHT, RIGHT, PARTIAL, RIGHT, WRONG, RIGHT):
            card = review(card, r, card.due, NO_FUZZ)
            dues.append(card.due)
        return dues
    assert run() == run()


def test_a_card_round_trips_through_json() -> None:
    card = new_card("q1", NOW)
    for r in (RIGHT, PARTIAL, RIGHT):
        card = review(card, r, card.due, NO_FUZZ)
        text = card.to_json()
        json.loads(text)  # plain JSON
        back = CardState.from_json(text)
        assert back == card
        assert CardState.from_dict(card.to_dict()) == card
    # The restored card schedules exactly as the original.
    assert review(back, RIGHT, back.due, NO_FUZZ) == review(card, RIGHT, card.due, NO_FUZZ)


def test_a_new_card_round_trips_too() -> None:
    card = new_card("q1", NOW)
    assert CardState.from_json(card.to_json()) == card
    assert card.last_review is None


def test_times_must_carry_their_zone() -> None:
    with pytest.raises(ValueError, match="timezone-aware"):
        new_card("q", datetime(2026, 3, 1))
    local = datetime(2026, 3, 1, 10, 0, tzinfo=timezone(timedelta(hours=1)))
    assert new_card("q", local).due == NOW
    with pytest.raises(ValueError):
        CardState.from_json("[]")


def test_due_now_picks_the_due_most_overdue_first_then_the_never_seen() -> None:
    a = review(new_card("a", NOW), WRONG, NOW, NO_FUZZ)  # due in 1 minute
    b = review(new_card("b", NOW), RIGHT, NOW, NO_FUZZ)  # due in 10 minutes
    c = review(review(new_card("c", NOW), RIGHT, NOW, NO_FUZZ), RIGHT, NOW + timedelta(minutes=10), NO_FUZZ)
    gone = new_card("gone", NOW)  # its question is no longer offered
    ids = ["new1", "a", "b", "c", "new2"]
    assert due_now([a, b, c, gone], ids, NOW) == ("new1", "new2")
    soon = NOW + timedelta(minutes=15)
    assert due_now([b, a, c, gone], ids, soon) == ("a", "b", "new1", "new2")
    assert due_now([a, b, c], ids, soon, limit=3) == ("a", "b", "new1")
    assert due_now([a, b, c], ids, soon, new_limit=1) == ("a", "b", "new1")
    assert due_now([a, b, c], ids, c.due) == ("a", "b", "c", "new1", "new2")


@given(st.lists(st.floats(0.0, 1.0), min_size=1, max_size=12))
def test_any_run_of_answers_keeps_the_card_due_after_its_review(scores: list[float]) -> None:
    card, at = new_card("q", NOW), NOW
    for s in scores:
        card = review(card, Result(s, s == 1.0), at, NO_FUZZ)
        assert card.due > at
        assert card.last_review == at
        assert CardState.from_json(card.to_json()) == card
        at = card.due
