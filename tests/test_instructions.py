"""The words of each drill's instructions follow the grader."""

import pytest

from massage_trainer.core.instructions import BOTH_SIDES, CLOSING, briefing, how_to, phase_how_to
from massage_trainer.core.technique_ids import TECHNIQUE_IDS

SESSION = ["stroking", "rubbing", "kneading", "percussion", "vibration", "stroking"]


@pytest.mark.parametrize("technique", TECHNIQUE_IDS)
def test_every_technique_says_to_alternate_the_sides(technique):
    assert how_to(technique).endswith(BOTH_SIDES)


@pytest.mark.parametrize("technique", ["percussion", "vibration"])
def test_percussion_and_vibration_keep_off_the_caution_zones(technique):
    assert "heart and kidney" in how_to(technique)


def test_only_a_sessions_closing_stroking_asks_for_more_pressure():
    assert phase_how_to(SESSION, 5) == f"{how_to('stroking')} {CLOSING}"
    assert [CLOSING in phase_how_to(SESSION, i) for i in range(6)] == [False] * 5 + [True]
    assert CLOSING not in phase_how_to(["stroking"], 0)  # one phase alone has nothing to close


def test_the_briefing_names_each_technique_once_and_the_closing_stroking():
    lines = briefing([(t, t) for t in SESSION])
    assert [line.split(":")[0] for line in lines[:5]] == ["Stroking", "Rubbing", "Kneading", "Percussion",
                                                          "Vibration"]
    assert lines[5:7] == [BOTH_SIDES, CLOSING]
    assert CLOSING not in briefing([("stroking", "stroking")])
