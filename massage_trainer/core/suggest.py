"""Which drill is worth practising next, from the rules a learner keeps breaking (Qt-free).

`next_drill` counts the violations of each rule over the learner's recent runs and suggests the
drill that trains the rule broken most: a rule of the whole session (the order, the closing
stroking) is trained by the session drill, the first-session limit by the first session, and a
rule of the hands (the spine, direction, contact...) by the drill the learner broke it in most.
With nothing broken it suggests the first drill of the course not yet tried, else the drill whose
latest score is lowest. The Today screen (ui/today/) shows the suggestion and its reason.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any, Final

from massage_trainer.core.drill_plans import FIRST_SESSION_DRILL, SESSION_DRILL
from massage_trainer.core.rules import DURATION, INTENSITY, ORDER, RULE_IDS, rule

__all__ = ["RECENT_DAYS", "RECENT_RUNS", "RunSummary", "Suggestion", "next_drill", "violation_counts"]

RECENT_RUNS: Final = 10  # the runs that count as "recent": the latest ten...
RECENT_DAYS: Final = 30  # ...of the last thirty days
# The rules only a whole session can break, and the drill that trains each.
SESSION_RULES: Final[Mapping[str, str]] = {ORDER: SESSION_DRILL, INTENSITY: SESSION_DRILL,
                                          DURATION: FIRST_SESSION_DRILL}


@dataclass(frozen=True)
class RunSummary:
    """What the suggestion needs of one saved drill run."""

    drill: str  # the drill id: "technique:kneading", "session", "first-session"
    started_at: datetime
    score: float
    violations: Mapping[str, int] = field(default_factory=dict)  # rule id -> how many times broken


@dataclass(frozen=True)
class Suggestion:
    drill_id: str
    reason: str  # one plain sentence: why this drill
    rule_id: str | None = None  # the rule it trains, when a broken rule chose it


def violation_counts(report: Mapping[str, Any]) -> dict[str, int]:
    """How often each rule was broken, from a stored report (Report.to_dict()); odd entries are skipped."""
    found: Counter[str] = Counter()
    violations = report.get("violations")
    for v in violations if isinstance(violations, list) else ():
        if isinstance(v, Mapping) and isinstance(v.get("rule"), str) and v["rule"] in RULE_IDS:
            found[v["rule"]] += 1
    return dict(found)


def _times(n: int) -> str:
    return "once" if n == 1 else "twice" if n == 2 else f"{n} times"


def next_drill(runs: Iterable[RunSummary], course: Sequence[tuple[str, str]], now: datetime) -> Suggestion | None:
    """The drill to practise next. `course` is (drill id, title) in the order the course teaches
    them (the Practice screen's list); None only when the course is empty."""
    if not course:
        return None
    titles = dict(course)
    ordered = sorted(runs, key=lambda r: r.started_at, reverse=True)
    recent = [r for r in ordered if r.started_at >= now - timedelta(days=RECENT_DAYS)][:RECENT_RUNS]
    by_rule: Counter[str] = Counter()
    for run in recent:
        by_rule.update(run.violations)
    if by_rule:
        # The rule broken most; a tie goes to the rule that costs most (the table's order).
        rule_id = max(by_rule, key=lambda rid: (by_rule[rid], -RULE_IDS.index(rid)))
        drill = SESSION_RULES.get(rule_id)
        if drill is None or drill not in titles:
            where: Counter[str] = Counter()  # the drill it was broken in most (the latest, on a tie)
            for run in recent:
                if run.drill in titles and run.violations.get(rule_id, 0):
                    where[run.drill] += run.violations[rule_id]
            drill = max(where, key=where.__getitem__) if where else course[0][0]
        n, k = by_rule[rule_id], len(recent)
        broken = rule(rule_id)
        return Suggestion(drill, f"You broke {broken.label} ({broken.text}) {_times(n)} in your last "
                                 f"{'drill' if k == 1 else f'{k} drills'}.", rule_id)
    tried = {r.drill for r in ordered}
    for drill_id, title in course:
        if drill_id not in tried:
            return Suggestion(drill_id, f"You have not tried {title} yet." if tried
                              else f"Start with {title}: the first drill of the course.")
    latest: dict[str, float] = {}
    for run in ordered:
        latest.setdefault(run.drill, run.score)
    drill_id = min((d for d, _t in course), key=lambda d: latest.get(d, 0.0))
    return Suggestion(drill_id, f"Your lowest latest score is in {titles[drill_id]} "
                                f"({latest.get(drill_id, 0.0):.0f}): practise it again.")
