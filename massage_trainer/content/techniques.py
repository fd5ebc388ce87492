"""Load assets/techniques.yaml into a TechniqueLibrary and check it against the body.

Two stages, so that check-content can report every problem in one run:
`parse_techniques` checks the shape and the numbers of the file on its own
(and the session plans against the rules of the whole session: order and
the first-session limit); `check_techniques` (content/placement.py) then
plays every technique and session plan and judges where the hands go with
the grader's own predicates. Every problem names the file and the field.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import TypeVar

from massage_trainer.content.errors import Problem
from massage_trainer.content.fields import FieldError, Node, Problems
from massage_trainer.content.placement import check_techniques, point_text
from massage_trainer.core.body import Body
from massage_trainer.core.geometry import Point
from massage_trainer.core.rules import DURATION, FIRST_SESSION_LIMIT_MIN, ORDER, rule
from massage_trainer.core.technique_ids import STROKING, TECHNIQUE_IDS
from massage_trainer.core.techniques import (
    GLIDE_MAX_PRESSURE,
    MAX_DRAWN_HZ,
    Glide,
    Movement,
    OtherHand,
    Pattern,
    PatternKind,
    SessionPhase,
    SessionPlan,
    Technique,
    TechniqueLibrary,
)

__all__ = ["TECHNIQUES_FILE", "check_techniques", "load_techniques", "parse_techniques"]

TECHNIQUES_FILE = "techniques.yaml"
# Limits on a pattern's size, in back lengths: local motion stays small.
_MAX_AMPLITUDE = {PatternKind.ZIGZAG: 0.05, PatternKind.CIRCLES: 0.05,
                  PatternKind.OSCILLATION: 0.02}
_INTENSITY_RANGE = (0.25, 1.5)
# A pattern's real tempo, in cycles (or taps) a second: a real tremor is up to about 10 Hz.
_REAL_HZ = (0.5, 12.0)
# Vibration rests this long at least at each place (its tremor is judged over 1-s pieces).
_MIN_DWELL_S = 1.2
# The keys a pattern may have, by its kind.
_SIZED = ("kind", "frequency", "real_frequency")
_PATTERN_KEYS = {
    PatternKind.TAPS: ("kind", "rate", "contact", "real_rate"),
    PatternKind.CIRCLES: (*_SIZED, "radius", "real_radius"),
    PatternKind.ZIGZAG: (*_SIZED, "amplitude", "real_amplitude"),
    PatternKind.OSCILLATION: (*_SIZED, "amplitude", "real_amplitude"),
}

T = TypeVar("T")


# ---------------------------------------------------------------- shape and numbers


def _frequency(node: Node) -> float:
    value = node.number(low=0.0)
    if value <= 0.0:
        raise node.fail("must be more than 0")
    if value > MAX_DRAWN_HZ:
        raise node.fail(f"{value:g} a second is too fast to draw: nothing on screen may repeat "
                        f"more than {MAX_DRAWN_HZ:g} times a second (photosensitive viewers)")
    return value


def _pattern(node: Node) -> Pattern | None:
    if node.value is None:
        return None
    node.mapping()
    kind = PatternKind(node["kind"].choice(tuple(k.value for k in PatternKind)))
    node.only(*_PATTERN_KEYS[kind])
    # The real tempo is only ever recorded, never drawn, so it may exceed MAX_DRAWN_HZ.
    real = node.get("real_rate" if kind == PatternKind.TAPS else "real_frequency")
    real_frequency = None if real.value is None else real.number(*_REAL_HZ)
    if kind == PatternKind.TAPS:
        return Pattern(kind, _frequency(node["rate"]),
                       contact_fraction=node["contact"].number(0.05, 0.95),
                       real_frequency=real_frequency)
    size_key = "radius" if kind == PatternKind.CIRCLES else "amplitude"
    amplitude = node[size_key].number(0.001, _MAX_AMPLITUDE[kind])
    real_size = node.get(f"real_{size_key}")
    real_amplitude = (None if real_size.value is None
                      else real_size.number(0.001, _MAX_AMPLITUDE[kind]))
    return Pattern(kind, _frequency(node["frequency"]), amplitude=amplitude,
                   real_frequency=real_frequency, real_amplitude=real_amplitude)


def _pressure_profile(node: Node) -> tuple[tuple[float, float], ...]:
    pairs: list[tuple[float, float]] = []
    for item in node.items(2):
        if len(item.list()) != 2:
            raise item.fail(f"expected [fraction, pressure], found {len(item.list())} value(s)")
        pairs.append((item[0].number(0.0, 1.0), item[1].number(0.0, 1.0)))
    fractions = [f for f, _ in pairs]
    if fractions[0] != 0.0 or fractions[-1] != 1.0:
        raise node.fail("fractions must run from 0 (the start of the path) to 1 (its end)")
    for i in range(1, len(fractions)):
        if fractions[i] <= fractions[i - 1]:
            raise node[i][0].fail(f"fractions must increase; {fractions[i]:g} follows "
                                  f"{fractions[i - 1]:g}")
    return tuple(pairs)


def _path(node: Node) -> tuple[Point, ...]:
    points = node.points(2)
    for i in range(1, len(points)):
        if points[i] == points[i - 1]:
            raise node[i].fail(f"point {point_text(points[i])} repeats the point before it")
    return points


def _movement(node: Node) -> Movement:
    node.only("caption", "path", "other_hand", "seconds", "pressure", "pattern")
    pattern = _pattern(node.get("pattern"))
    other = OtherHand(node["other_hand"].choice(tuple(h.value for h in OtherHand)))
    if other == OtherHand.ALTERNATE and pattern is None:
        raise node["other_hand"].fail("alternate needs a pattern for the hands to take turns at")
    movement = Movement(
        caption=node["caption"].text(),
        path=_path(node["path"]),
        other_hand=other,
        seconds=node["seconds"].number(0.5, 60.0),
        pressure=_pressure_profile(node["pressure"]),
        pattern=pattern,
    )
    if pattern is not None and pattern.kind == PatternKind.OSCILLATION \
            and movement.dwell_seconds < _MIN_DWELL_S:
        raise node["seconds"].fail(
            f"too short for {len(movement.path)} places: vibration rests at least "
            f"{_MIN_DWELL_S:g} s at each point of its path")
    return movement


def _glide(node: Node) -> Glide:
    node.only("caption", "pressure", "speed")
    return Glide(caption=node["caption"].text(),
                 pressure=node["pressure"].number(0.0, GLIDE_MAX_PRESSURE),
                 speed=node["speed"].number(0.05, 5.0))


def _technique(node: Node, problems: Problems) -> Technique:
    node.only("id", "name", "other_name", "purpose", "how", "hands", "tempo", "glide", "movements")
    technique_id = node["id"].choice(TECHNIQUE_IDS)
    movements = problems.each(node["movements"].items(1), _movement)
    if len(movements) != len(node["movements"].list()):
        # The movements' own problems are already collected; drop the technique.
        raise _Dropped()
    return Technique(
        id=technique_id,
        name=node["name"].text(),
        other_name=node["other_name"].text(),
        purpose=node["purpose"].text(),
        how=node["how"].text(),
        hands=node["hands"].text(),
        tempo=node["tempo"].text(),
        glide=_glide(node["glide"]),
        movements=tuple(movements),
    )


class _Dropped(Exception):
    """An item whose problems were already recorded."""


def _intensity(node: Node) -> tuple[float, float]:
    if node.value is None:
        return (1.0, 1.0)
    low, high = _INTENSITY_RANGE
    if not isinstance(node.value, list):
        value = node.number(low, high)
        return (value, value)
    if len(node.list()) != 2:
        raise node.fail(f"expected [from, to], found {len(node.list())} value(s)")
    return (node[0].number(low, high), node[1].number(low, high))


def _phase(node: Node) -> SessionPhase:
    node.only("technique", "minutes", "cycles", "intensity")
    cycles = node.get("cycles", 1)
    return SessionPhase(
        technique=node["technique"].choice(TECHNIQUE_IDS),
        minutes=node["minutes"].number(0.5, 120.0),
        cycles=cycles.integer(1, 3),
        intensity=_intensity(node.get("intensity")),
    )


def _plan(node: Node, problems: Problems) -> SessionPlan:
    node.only("id", "name", "first_session", "description", "phases")
    phases = problems.each(node["phases"].items(1), _phase)
    if len(phases) != len(node["phases"].list()):
        raise _Dropped()
    plan = SessionPlan(
        id=node["id"].text(),
        name=node["name"].text(),
        first_session=node["first_session"].boolean(),
        description=node["description"].text(),
        phases=tuple(phases),
    )
    if not plan.begins_and_ends_with_stroking:
        raise node["phases"].fail(
            f"a session must begin and end with {STROKING} ({rule(ORDER).label}); this one runs "
            f"from {phases[0].technique} to {phases[-1].technique}")
    if plan.first_session and plan.total_minutes > FIRST_SESSION_LIMIT_MIN:
        raise node["phases"].fail(
            f"a first session lasts {FIRST_SESSION_LIMIT_MIN:g} minutes at most "
            f"({rule(DURATION).label}); "
            f"these phases total {plan.total_minutes:g}")
    return plan


def _safely(problems: Problems, parse: Callable[[], T]) -> T | None:
    """parse(), recording a FieldError; None for an item whose problems are already recorded."""
    try:
        return parse()
    except FieldError as err:
        problems.found.append(err.problem)
    except _Dropped:
        pass
    return None


def parse_techniques(root: Node, problems: Problems) -> TechniqueLibrary | None:
    """The library, or None when a problem (now in `problems`) leaves it incomplete."""
    before = len(problems.found)
    problems.attempt(lambda: root.only("transition_caption", "techniques", "session_plans"))
    transition = problems.attempt(lambda: root["transition_caption"].text())
    techniques: list[Technique] = []
    for node in problems.attempt(lambda: list(root["techniques"].items(1))) or []:
        technique = _safely(problems, partial(_technique, node, problems))
        if technique is not None:
            techniques.append(technique)
    plans: list[SessionPlan] = []
    for node in problems.attempt(lambda: list(root["session_plans"].items(1))) or []:
        plan = _safely(problems, partial(_plan, node, problems))
        if plan is not None:
            plans.append(plan)
    if len(problems.found) > before:
        return None
    _unique_ids(root, "techniques", [t.id for t in techniques], problems)
    _unique_ids(root, "session_plans", [p.id for p in plans], problems)
    present = {t.id for t in techniques}
    for technique_id in TECHNIQUE_IDS:
        if technique_id not in present:
            problems.found.append(Problem(root.file, "techniques",
                                          f"the technique {technique_id!r} is missing"))
    for first_session in (True, False):
        if not any(p.first_session == first_session for p in plans):
            problems.found.append(Problem(
                root.file, "session_plans",
                f"needs a plan with first_session: {str(first_session).lower()}"))
    if len(problems.found) > before or transition is None:
        return None
    return TechniqueLibrary(tuple(techniques), tuple(plans), transition)


def _unique_ids(root: Node, field: str, ids: list[str], problems: Problems) -> None:
    seen: set[str] = set()
    for i, value in enumerate(ids):
        if value in seen:
            problems.found.append(Problem(root.file, f"{field}[{i}].id",
                                          f"{value!r} is used twice"))
        seen.add(value)


def load_techniques(root: Node, body: Body | None, problems: Problems,
                    play: bool = True) -> TechniqueLibrary | None:
    """Parse, then (when the body loaded) check against the body; None if anything is wrong."""
    before = len(problems.found)
    library = parse_techniques(root, problems)
    if library is not None and body is not None:
        check_techniques(library, root, body, problems, play)
    return library if len(problems.found) == before else None
