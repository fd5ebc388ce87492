"""core/suggest.py: the drill worth practising next, from the rules a learner keeps breaking (no Qt)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from massage_trainer.core.rules import ORDER, SPINE
from massage_trainer.core.suggest import RECENT_DAYS, RECENT_RUNS, RunSummary, next_drill, violation_counts

NOW = datetime(2026, 3, 10, 12, 0, tzinfo=UTC)
COURSE = [("technique:stroking", "Stroking"), ("technique:rubbing", "Rubbing"),
          ("technique:kneading", "Kneading"), ("session", "Full session"), ("first-session", "First session")]


def run(drill: str, days_ago: float, score: float = 80.0, **broken: int) -> RunSummary:
    return RunSummary(drill, NOW - timedelta(days=days_ago), score,
                      {k.replace("_", "-"): v for k, v in broken.items()})


def test_a_new_learner_gets_the_first_drill_of_the_course():
    s = next_drill([], COURSE, NOW)
    assert s is not None and s.drill_id == "technique:stroking" and s.rule_id is None
    assert s.reason == "Start with Stroking: the first drill of the course."


def test_a_learner_who_keeps_breaking_the_spine_rule_gets_the_drill_they_break_it_in():
    runs = [run("technique:kneading", 1, 50.0, spine=3), run("technique:kneading", 2, 55.0, spine=2),
            run("technique:stroking", 1, 90.0, contact=1)]
    s = next_drill(runs, COURSE, NOW)
    assert s is not None and s.drill_id == "technique:kneading" and s.rule_id == SPINE
    assert s.reason == "You broke rule 6 (never work over the vertebral column) 5 times in your last 3 drills."


def test_a_rule_of_the_whole_session_is_trained_by_the_session_drill():
    s = next_drill([run("first-session", 1, 70.0, order=1)], COURSE, NOW)
    assert s is not None and s.drill_id == "session" and s.rule_id == ORDER
    assert s.reason.endswith("once in your last drill.")


def test_a_tie_goes_to_the_rule_that_costs_most():
    s = next_drill([run("technique:rubbing", 1, direction=2), run("technique:kneading", 1, spine=2)], COURSE, NOW)
    assert s is not None and s.rule_id == SPINE and s.drill_id == "technique:kneading"


def test_only_recent_runs_count():
    old = [run("technique:kneading", RECENT_DAYS + 1, spine=9)]
    s = next_drill(old, COURSE, NOW)
    assert s is not None and s.rule_id is None and s.drill_id == "technique:stroking"
    assert s.reason == "You have not tried Stroking yet."
    many = [run("technique:rubbing", 0.1 * k) for k in range(RECENT_RUNS)] + [run("technique:kneading", 5, spine=4)]
    assert next_drill(many, COURSE, NOW).rule_id is None  # type: ignore[union-attr]  # the eleventh run back


def test_with_nothing_broken_the_first_untried_drill_then_the_lowest_latest_score():
    tried = [run("technique:stroking", 1, 90.0), run("technique:rubbing", 1, 85.0)]
    assert next_drill(tried, COURSE, NOW).drill_id == "technique:kneading"  # type: ignore[union-attr]
    everything = [run(d, 1, 90.0) for d, _t in COURSE] + [run("session", 0.5, 61.0), run("session", 3, 20.0)]
    s = next_drill(everything, COURSE, NOW)
    assert s is not None and s.drill_id == "session"
    assert s.reason == "Your lowest latest score is in Full session (61): practise it again."


def test_an_empty_course_suggests_nothing():
    assert next_drill([run("technique:stroking", 1, spine=1)], [], NOW) is None


def test_violation_counts_read_a_stored_report_and_skip_what_is_not_a_rule():
    report = {"violations": [{"rule": "spine"}, {"rule": "spine"}, {"rule": "order"}, {"rule": "no-such"},
                             {"phase": 1}, "junk"]}
    assert violation_counts(report) == {"spine": 2, "order": 1}
    assert violation_counts({}) == {} and violation_counts({"violations": "x"}) == {}
