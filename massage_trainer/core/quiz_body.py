"""The questions answered on the body: a hotspot click, and a direction drawn (docs/quiz-engine.md).

A hotspot is right when the click lies in one of the zones the question
names (the zone ids of assets/body.yaml), through `Body.zones_at`.

Draw the direction: the traced stroke is one recording phase of the
question's technique, judged by the drills' own grader (`judge` of
core/judging.py) and its violations kept only for `STROKE_RULES`, the rules
one stroke can break: direction and the safety rules. One stroke is not a
whole drill, so revision 2's `incomplete`, `coverage` and `form` (and the
drill-wide order, intensity and duration) are left out.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Final

import numpy as np

from massage_trainer.core.body import Body
from massage_trainer.core.config import GradeConfig
from massage_trainer.core.judging import judge
from massage_trainer.core.predicates import working
from massage_trainer.core.quiz import Question, Result, scored
from massage_trainer.core.rules import AREA, CAUTION_ZONE, CONTACT, DIRECTION, SPINE
from massage_trainer.core.samples import Recording, RecordingBuilder
from massage_trainer.core.violation import Violation

__all__ = ["STROKE_RULES", "Sample", "check_direction", "check_hotspot", "stroke_recording",
           "stroke_violations"]

# The rules a single traced stroke is graded on.
STROKE_RULES: Final = (DIRECTION, SPINE, CAUTION_ZONE, AREA, CONTACT)
DEFAULT_CONFIG: Final = GradeConfig()

Sample = tuple[float, float, float, bool, float]  # t, x, y, contact, pressure


def check_hotspot(question: Question, response: object, body: Body) -> Result:
    """Full credit when the click lies in any of the question's zones, else 0."""
    point = _point(question, response)
    for zone_id in question.zones:
        body.zone(zone_id)  # a zone the body does not have is the question's mistake: KeyError
    zones = body.zones_at(point)
    hit = [z for z in zones if z.id in question.zones]
    if hit:
        return scored(1.0, f"Yes: the {hit[0].name.lower()}.", question)
    return scored(0.0, f"That is {body.describe(point)}.", question)


def _point(question: Question, response: object) -> tuple[float, float]:
    if (isinstance(response, (str, bytes)) or not isinstance(response, Sequence) or len(response) != 2
            or not all(isinstance(v, (int, float)) and not isinstance(v, bool) for v in response)):
        raise TypeError(f"question {question.id!r} (hotspot) takes an (x, y) point in the body frame")
    x, y = float(response[0]), float(response[1])
    if not (math.isfinite(x) and math.isfinite(y)):
        raise ValueError(f"question {question.id!r}: the click must be finite, found {(x, y)}")
    return x, y


def stroke_recording(technique: str, samples: Sequence[Sample]) -> Recording:
    """A traced stroke as a one-phase recording; ValueError for an empty or impossible trace."""
    builder = RecordingBuilder(technique)
    for t, x, y, contact, pressure in samples:
        builder.add(t, x, y, contact, pressure)
    return builder.build()


def stroke_violations(recording: Recording, body: Body,
                      config: GradeConfig = DEFAULT_CONFIG) -> tuple[Violation, ...]:
    """The grader's violations of a stroke, kept to `STROKE_RULES`."""
    return tuple(v for v in judge(recording, body, config).violations() if v.rule in STROKE_RULES)


def check_direction(question: Question, response: object, body: Body,
                    config: GradeConfig = DEFAULT_CONFIG) -> Result:
    """Full credit for a stroke at working pressure that breaks none of `STROKE_RULES`, else 0.

    A trace that never presses past the glide pressure shows no direction and scores 0."""
    recording = _recording(question, response)
    if len(recording.phases) != 1 or recording.phases[0].technique != question.technique:
        raise ValueError(f"question {question.id!r}: the stroke must be one phase of {question.technique}")
    phase = recording.phases[0]
    if not bool(np.any(working(phase.contact, phase.pressure, config))):
        return scored(0.0, "Press as you work: a light glide shows no direction.", question)
    broken = stroke_violations(recording, body, config)
    if not broken:
        return scored(1.0, "Right: that is the way this stroke goes.", question)
    rules = tuple(dict.fromkeys(v.rule for v in broken))
    return scored(0.0, broken[0].message, question, rules=rules)


def _recording(question: Question, response: object) -> Recording:
    if isinstance(response, Recording):
        return response
    if isinstance(response, (str, bytes)) or not isinstance(response, Sequence):
        raise TypeError(f"question {question.id!r} (direction) takes a Recording or a sequence of "
                        "(t, x, y, contact, pressure) samples")
    return stroke_recording(question.technique, response)
