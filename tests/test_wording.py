"""The words for violations: made from a violation's fields and the rule table, never parsed back."""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest

from massage_trainer.core.rules import (
    AREA,
    CAUTION_ZONE,
    CONTACT,
    DIRECTION,
    DURATION,
    INTENSITY,
    ORDER,
    SPINE,
    rule,
)
from massage_trainer.core.violation import Heading, Place, Violation
from massage_trainer.core.wording import clock, headline, message, moment, place, sentence, tally, where
from massage_trainer.core.zone_index import ZoneIndex

ON_SPINE = Place("T7", True, "spine", "Spine")


@pytest.mark.parametrize(("violation", "words"), [
    (Violation(SPINE, 0, 1.0, 0.0, 0.5, "stroking", ON_SPINE), "Worked on the spine at about T7"),
    (Violation(SPINE, 0, 1.0, 0.0, 0.5, "vibration", ON_SPINE),
     "Vibration on the spine at about T7, where it may not touch even lightly"),
    (Violation(CAUTION_ZONE, 0, 1.0, 0.14, 0.25, "percussion",
               Place("L1", True, "kidney-right", "Right kidney area")),
     "Percussion with pressure on the right kidney area at about L1"),
    (Violation(AREA, 0, 1.0, 0.1, 1.2, "rubbing", Place("C7", False)), "Worked above C7, off the back"),
    (Violation(AREA, 0, 1.0, 0.0, -0.05, "rubbing", Place("L4", False, "spine", "Spine")),
     "Worked below the waist line"),
    (Violation(AREA, 0, 1.0, 0.4, 0.5, "rubbing", Place("T9", False)), "Worked outside the torso outline"),
    (Violation(CONTACT, 1, 1.0, -0.2, 0.3, "kneading", Place("L2")),
     "Lifted the hands in the middle of kneading, patient's left, at about L2"),
    (Violation(DIRECTION, 0, 1.0, 0.2, 0.5, "stroking", Place("T10"), Heading.DOWN),
     "Stroking moved down toward the waist with working pressure, patient's right, at about T10"),
    (Violation(DIRECTION, 0, 1.0, 0.005, 0.5, "rubbing", Place("T10"), Heading.INWARD),
     "Rubbing moved in toward the spine with working pressure, on the midline, at about T10"),
    (Violation(DIRECTION, 2, 1.0, 0.2, 0.3, "kneading", levels=("T4", "L2")),
     "Kneading progressed from the neck down toward the waist over the phase, from about T4 to about L2"),
    (Violation(ORDER, 0, 0.0, 0.2, 0.1, "rubbing"), "The drill begins with rubbing, not stroking"),
    (Violation(ORDER, 2, 9.0, 0.2, 0.1, "kneading"), "The drill ends with kneading, not stroking"),
    (Violation(INTENSITY, 2, 9.0, 0.2, 0.1, "stroking", opening=0.5, closing=0.456),
     "The closing stroking (mean pressure 0.46) is not more intense than the opening stroking (0.50)"),
    (Violation(DURATION, 3, 965.0, 0.2, 0.1, "stroking", elapsed_s=905.5, limit_s=900.0),
     "The first session went on past 15 minutes (still going at 15:05)"),
    (Violation(DURATION, 0, 61.0, 0.2, 0.1, "stroking", elapsed_s=61.0, limit_s=60.0),
     "The first session went on past 1 minutes (still going at 1:01)"),
    (Violation(INTENSITY, 1, 9.0, 0.2, 0.1, "stroking", opening=0.0, closing=0.0),
     "The closing stroking (mean pressure 0.00) is not more intense than the opening stroking (0.00)"),
], ids=lambda v: v.rule if isinstance(v, Violation) else "")
def test_each_rule_in_words(violation: Violation, words: str) -> None:
    assert sentence(violation) == words
    cited = rule(violation.rule)
    assert message(violation) == violation.message == f"{words} ({cited.citation})"
    assert headline(violation) == f"{words} ({cited.label})"
    assert violation.to_dict()["message"] == violation.message


def test_the_json_keeps_the_specs_fields_rounded() -> None:
    v = Violation(SPINE, 1, 1.234567, -0.0123456, 0.5, "stroking", ON_SPINE)
    assert v.to_dict() == {"rule": "spine", "phase": 1, "t": 1.2346, "x": -0.0123, "y": 0.5,
                           "message": v.message}


def test_a_place_is_worded_as_the_body_describes_it(body: Any) -> None:
    zones = ZoneIndex(body)
    edges = [-0.45, 0.45, -0.01, 0.01, 0.0]  # the outline's outside, the midline's edges
    for x in [*np.linspace(-0.45, 0.45, 19).tolist(), *edges]:
        for y in [*np.linspace(-0.15, 1.15, 27).tolist(), 0.0, 1.0]:
            assert place(zones.place(x, y), x, y) == body.describe((x, y)), (x, y)
    assert place(zones.place(0.45, 1.0), 0.45, 1.0) == "outside the torso outline"
    # Off every zone (a body whose spine strip is narrower), 0.01 from the midline is a side.
    assert place(Place("T9"), 0.01, 0.5) == "patient's right, at about T9"
    assert place(Place("T9"), -0.0099, 0.5) == "on the midline, at about T9"


def test_a_violation_names_the_zone_its_rule_is_about(body: Any) -> None:
    # Over the heart and on the spine at once: the caution rule names the heart.
    from massage_trainer.core.body import ZoneKind

    zones = ZoneIndex(body)
    heart = zones.place(0.0, 0.68, ZoneKind.CAUTION)
    assert (heart.zone, heart.zone_name, heart.on_area) == ("heart", "Heart area", True)
    assert zones.place(0.0, 0.68, ZoneKind.NO_WORK).zone == "spine"
    assert zones.place(0.0, -0.01).on_area is False


@pytest.mark.parametrize(("violation", "missing"), [
    (Violation(SPINE, 0, 1.0, 0.0, 0.5, "stroking"), "place"),
    (Violation(DIRECTION, 0, 1.0, 0.2, 0.5, "stroking", ON_SPINE), "heading"),
    (Violation(INTENSITY, 2, 1.0, 0.2, 0.5, "stroking", closing=0.3), "opening"),
    (Violation(INTENSITY, 2, 1.0, 0.2, 0.5, "stroking", opening=0.3), "closing"),
    (Violation(DURATION, 0, 1.0, 0.2, 0.5, "stroking", elapsed_s=950.0), "limit"),
    (Violation(DURATION, 0, 1.0, 0.2, 0.5, "stroking", limit_s=900.0), "elapsed time"),
])
def test_a_violation_missing_a_detail_its_words_need_says_so(violation: Violation, missing: str) -> None:
    with pytest.raises(ValueError, match=f"a {violation.rule} violation needs its {missing}"):
        sentence(violation)


def test_a_rule_the_table_lacks_has_no_words() -> None:
    with pytest.raises(ValueError, match="no words for the rule 'shiatsu'"):
        sentence(Violation("shiatsu", 0, 1.0, 0.2, 0.5, "stroking"))


@pytest.mark.parametrize(("t", "text"), [(0.0, "0:00.00"), (59.999, "1:00.00"), (61.5, "1:01.50"),
                                         (905.5, "15:05.50"), (-1.25, "-0:01.25")])
def test_clock(t: float, text: str) -> None:
    assert clock(t) == text


@pytest.mark.parametrize(("t", "text"), [(0.0, "0:00"), (9.99, "0:09"), (59.7, "0:59"), (60.0, "1:00"),
                                         (61.5, "1:01"), (905.5, "15:05"), (3600.0, "60:00"),
                                         (-0.5, "0:00")])
def test_a_violations_moment_reads_as_minutes_and_whole_seconds(t: float, text: str) -> None:
    assert moment(t) == text


def _spine(t: float) -> Violation:
    return Violation(SPINE, 0, t, 0.0, 0.5, "stroking", ON_SPINE)


@pytest.mark.parametrize(("violations", "text"), [
    ([], "0 breaks of 0 rules"),
    ([_spine(1.0)], "1 break of 1 rule"),
    ([_spine(1.0), _spine(3.0)], "2 breaks of 1 rule"),
    ([_spine(float(k)) for k in range(6)]
     + [Violation(DIRECTION, 0, 9.0, 0.2, 0.5, "stroking", Place("T10"), Heading.DOWN)] * 2,
     "8 breaks of 2 rules"),
    # Order and intensity both come from general rule 5: one rule as the learner sees it cited.
    ([Violation(ORDER, 0, 0.0, 0.2, 0.1, "rubbing"),
      Violation(INTENSITY, 2, 9.0, 0.2, 0.1, "stroking", opening=0.5, closing=0.4)], "2 breaks of 1 rule"),
])
def test_breaks_are_counted_with_the_rules_they_break(violations: list[Violation], text: str) -> None:
    assert tally(violations) == text


def test_the_place_of_a_violation_is_the_one_its_sentence_names() -> None:
    v = _spine(1.0)
    assert where(v) == "on the spine at about T7"
    assert sentence(v) == "Worked on the spine at about T7"
    assert where(Violation(ORDER, 0, 0.0, 0.2, 0.1, "rubbing")) is None
