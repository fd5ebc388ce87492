"""The rule table: each rule cites the right general rule, and every reader takes its numbers from it."""

from __future__ import annotations

import re
from typing import Any

import pytest

from massage_trainer.cli import main
from massage_trainer.core.drill_plans import FIRST_SESSION_DRILL, drill_specs
from massage_trainer.core.grading import GradeConfig, grade
from massage_trainer.core.rules import (
    CAUTION_ZONE,
    DURATION,
    FIRST_SESSION_LIMIT_MIN,
    FIRST_SESSION_LIMIT_S,
    RULE_IDS,
    RULE_NUMBERS,
    RULES,
    SPINE,
    WORKING_PRESSURE,
    Rule,
    rule,
)
from tests.tracer import Tracer, count


def _words(text: str) -> set[str]:
    return {w for w in re.findall(r"[a-z]+", text.lower()) if len(w) >= 4}


@pytest.mark.parametrize("graded", [r for r in RULES if r.number is not None], ids=lambda r: r.id)
def test_each_rule_cites_the_reference_rule_that_says_it(content: Any, graded: Rule) -> None:
    # The reference rule whose words match the table's own words for the rule is
    # the one its number names: a wrong number in the table points elsewhere.
    mine = _words(graded.text)
    overlap = {r.id: len(mine & _words(f"{r.title} {r.text}")) for r in content.reference.rules}
    best = max(overlap.values())
    assert [n for n, score in overlap.items() if score == best] == [graded.number]
    assert best >= len(mine) / 2


def test_the_spec_rule_ids_each_have_one_row() -> None:
    spec_ids = {"spine", "caution-zone", "direction", "contact", "order", "intensity", "duration", "area",
                "incomplete", "coverage", "form"}
    assert set(RULE_IDS) == spec_ids and len(RULE_IDS) == len(RULES)
    assert all(rule(r.id) is r for r in RULES)
    assert {r.id: r.number for r in RULES if r.number is not None} == RULE_NUMBERS
    with pytest.raises(KeyError):
        rule("shiatsu")


def test_hurting_the_client_costs_most() -> None:
    harm = {rule(SPINE).severity, rule(CAUTION_ZONE).severity}
    assert min(harm) > max(r.severity for r in RULES if r.id not in (SPINE, CAUTION_ZONE))


def test_a_rule_from_no_numbered_general_rule_is_named_by_its_source() -> None:
    plan = Rule("incomplete", None, 10.0, "do each phase for its time", per_sample=False,
                source="the drill's plan", badge="P")
    assert plan.mark == "P" and rule(SPINE).mark == str(rule(SPINE).number)
    assert plan.label == "the drill's plan"
    assert plan.citation == "the drill's plan: do each phase for its time"
    assert rule(SPINE).label == f"rule {rule(SPINE).number}"
    with pytest.raises(ValueError, match="number or a source"):
        Rule("form", None, 10.0, "the technique's motion", per_sample=False)
    with pytest.raises(ValueError, match="number or a source"):
        Rule("form", 4, 10.0, "the technique's motion", per_sample=False, source="the technique")
    with pytest.raises(ValueError, match="needs a badge"):
        Rule("form", None, 10.0, "the technique's motion", per_sample=False, source="the technique")


def test_the_reference_and_the_table_agree_on_the_first_session_limit(content: Any) -> None:
    text = content.reference.rule(rule(DURATION).number).text
    assert f"{FIRST_SESSION_LIMIT_MIN} minutes" in text
    assert FIRST_SESSION_LIMIT_S == FIRST_SESSION_LIMIT_MIN * 60


def test_the_first_session_limit_is_spelled_from_the_table(content: Any, capsys: Any) -> None:
    spec = next(s for s in drill_specs(content.techniques) if s.id == FIRST_SESSION_DRILL)
    assert spec.time_limit_s == FIRST_SESSION_LIMIT_S
    assert f"{FIRST_SESSION_LIMIT_MIN} minutes" in spec.title
    assert f"({rule(DURATION).label})" in spec.description
    with pytest.raises(SystemExit):
        main(["demo", "--help"])
    assert f"{FIRST_SESSION_LIMIT_MIN} minutes at most" in " ".join(capsys.readouterr().out.split())


def test_the_first_session_limit_is_the_graders(body: Any) -> None:
    b = Tracer(first_session=True, rate=1.0)
    b.hold(FIRST_SESSION_LIMIT_S, pressure=0.2)
    assert count(grade(b.build(), body), DURATION) == 0
    b.hold(1.0, pressure=0.2)
    assert count(grade(b.build(), body), DURATION) == 1


def test_working_pressure_is_the_graders_and_can_be_changed(body: Any) -> None:
    def across(pressure: float) -> Tracer:
        return Tracer(x=-0.2, y=0.5).to(0.2, 0.5, 1.0, pressure=pressure)

    assert count(grade(across(WORKING_PRESSURE).build(), body), SPINE) == 0
    assert count(grade(across(WORKING_PRESSURE + 0.01).build(), body), SPINE) == 1
    firmer = GradeConfig(working_pressure=0.5)
    assert count(grade(across(0.45).build(), body, firmer), SPINE) == 0
    assert count(grade(across(0.55).build(), body, firmer), SPINE) == 1
