"""Load assets/techniques.yaml into a TechniqueLibrary and check it against the body.

Two stages, so that check-content can report every problem in one run:
`parse_techniques` checks the shape and the numbers of the file on its own;
`check_techniques` then plays every technique and session plan through a
Timeline and checks where the hands actually go (patterns and glides
included) against the body's zones: on the working area, no working pressure
on the spine, no percussion or vibration on the spine or pressing on a
caution zone. Every problem names the file and the field.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import TYPE_CHECKING, TypeVar

import numpy as np

from massage_trainer.content.errors import Problem
from massage_trainer.content.fields import FieldError, Node, Problems
from massage_trainer.core.body import Body, ZoneKind
from massage_trainer.core.geometry import BoolArray, FloatArray, Point
from massage_trainer.core.technique_ids import STROKING, TECHNIQUE_IDS
from massage_trainer.core.techniques import (
    FIRST_SESSION_MAX_MINUTES,
    GLIDE_MAX_PRESSURE,
    MAX_DRAWN_HZ,
    WORKING_PRESSURE,
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

if TYPE_CHECKING:  # the timeline is built only when the animations are played through
    from massage_trainer.core.timeline import Segment, Timeline

TECHNIQUES_FILE = "techniques.yaml"
_HANDS = ("leading hand", "other hand")
# Limits on a pattern's size, in back lengths: local motion stays small.
_MAX_AMPLITUDE = {PatternKind.ZIGZAG: 0.05, PatternKind.CIRCLES: 0.05,
                  PatternKind.OSCILLATION: 0.02}
_INTENSITY_RANGE = (0.25, 1.5)

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
    if kind == PatternKind.TAPS:
        return Pattern(kind, _frequency(node["rate"]),
                       contact_fraction=node["contact"].number(0.05, 0.95))
    size_key = "radius" if kind == PatternKind.CIRCLES else "amplitude"
    amplitude = node[size_key].number(0.001, _MAX_AMPLITUDE[kind])
    return Pattern(kind, _frequency(node["frequency"]), amplitude=amplitude)


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
            raise node[i].fail(f"point {_fmt(points[i])} repeats the point before it")
    return points


def _movement(node: Node) -> Movement:
    pattern = _pattern(node.get("pattern"))
    other = OtherHand(node["other_hand"].choice(tuple(h.value for h in OtherHand)))
    if other == OtherHand.ALTERNATE and pattern is None:
        raise node["other_hand"].fail("alternate needs a pattern for the hands to take turns at")
    return Movement(
        caption=node["caption"].text(),
        path=_path(node["path"]),
        other_hand=other,
        seconds=node["seconds"].number(0.5, 60.0),
        pressure=_pressure_profile(node["pressure"]),
        pattern=pattern,
    )


def _glide(node: Node) -> Glide:
    return Glide(caption=node["caption"].text(),
                 pressure=node["pressure"].number(0.0, GLIDE_MAX_PRESSURE),
                 speed=node["speed"].number(0.05, 5.0))


def _technique(node: Node, problems: Problems) -> Technique:
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
    cycles = node.get("cycles", 1)
    return SessionPhase(
        technique=node["technique"].choice(TECHNIQUE_IDS),
        minutes=node["minutes"].number(0.5, 120.0),
        cycles=cycles.integer(1, 3),
        intensity=_intensity(node.get("intensity")),
    )


def _plan(node: Node, problems: Problems) -> SessionPlan:
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
            f"a session must begin and end with {STROKING} (rule 5); this one runs "
            f"from {phases[0].technique} to {phases[-1].technique}")
    if plan.first_session and plan.total_minutes > FIRST_SESSION_MAX_MINUTES:
        raise node["phases"].fail(
            f"a first session lasts {FIRST_SESSION_MAX_MINUTES:g} minutes at most (rule 8); "
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


# ---------------------------------------------------------------- against the body


def _fmt(point: Point | FloatArray) -> str:
    return f"({float(point[0]):.3g}, {float(point[1]):.3g})"


def _caution_name(body: Body, point: FloatArray) -> str:
    for zone in body.zones_at((float(point[0]), float(point[1]))):
        if zone.kind == ZoneKind.CAUTION:
            return zone.name.lower()
    return "caution zone"  # pragma: no cover - only asked about points in one


def _zone_masks(body: Body, xy: FloatArray) -> tuple[BoolArray, BoolArray, BoolArray]:
    """(on the working area, in the spine zone, in a caution zone) for every point at once."""
    return body.on_working_area(xy), body.in_kind(ZoneKind.NO_WORK, xy), body.in_kind(ZoneKind.CAUTION, xy)


def _misplaced(body: Body, technique: Technique, xy: FloatArray, pressure: FloatArray,
               contact: BoolArray,
               masks: tuple[BoolArray, BoolArray, BoolArray] | None = None) -> list[tuple[int, str]]:
    """(first offending sample, what is wrong there) for each placement rule broken.

    The message reads after "point (x, y)" or "the hand reaches (x, y)". `masks`
    may carry the zone tests already done for these points (see _zone_masks).
    """
    on_area, spine, caution = masks if masks is not None else _zone_masks(body, xy)
    working = pressure > WORKING_PRESSURE
    name = technique.name.lower()
    found: list[tuple[int, str]] = []

    def first(mask: BoolArray, message: Callable[[int], str]) -> None:
        if mask.any():
            k = int(np.argmax(mask))
            found.append((k, message(k)))

    first(contact & ~on_area, lambda k: "is off the working area (inside the torso outline, "
          "from the waist, y = 0, up to C7, y = 1)")
    if technique.impact:
        first(contact & spine, lambda k: f"is in the spine zone; {name} must not touch the "
              "spine at all (rule 6)")
        first(contact & caution & working, lambda k: (
            f"presses at {pressure[k]:.2f} on the {_caution_name(body, xy[k])}; {name} stays "
            f"at {WORKING_PRESSURE:g} or less there (rule 7)"))
    else:
        first(contact & spine & working, lambda k: (
            f"is in the spine zone at working pressure {pressure[k]:.2f}; over the spine keep "
            f"to {WORKING_PRESSURE:g} or less (rule 6)"))
    return found


def _check_path_points(body: Body, technique: Technique, field: str, file: str,
                       problems: Problems) -> set[int]:
    """Check the leading hand's path points; return the movements found wrong."""
    bad: set[int] = set()
    for j, movement in enumerate(technique.movements):
        pts = movement.path_array()
        steps = np.hypot(*np.diff(pts, axis=0).T)
        fractions = np.concatenate(([0.0], np.cumsum(steps))) / steps.sum()
        pressure = movement.pressure_at(fractions)
        for k, message in _misplaced(body, technique, pts, pressure,
                                     np.ones(len(pts), dtype=bool)):
            problems.found.append(Problem(file, f"{field}.movements[{j}].path[{k}]",
                                          f"point {_fmt(pts[k])} {message}"))
            bad.add(j)
    return bad


def _track_problems(body: Body, timeline: Timeline,
                    techniques: dict[str, Technique]) -> list[tuple[Segment, str]]:
    """(segment, what is wrong) for the first misplaced sample of each segment.

    Both hands are played through, patterns and glides included.
    """
    found: list[tuple[Segment, str]] = []
    reported: set[int] = set()
    for hand in range(timeline.hand_count):
        # Every 4th sample of the 240 Hz track: 60 Hz, the rate of the demo recordings,
        # is fine enough to catch a hand straying and keeps start-up fast.
        from massage_trainer.core.timeline import HandTrack

        full = timeline.track(hand)
        track = HandTrack(full.t[::4], full.x[::4], full.y[::4], full.pressure[::4],
                          full.contact[::4], full.working[::4], full.segment[::4])
        xy = np.column_stack((track.x, track.y))
        # One vectorised zone test for the whole track; segments then take slices of it.
        masks = _zone_masks(body, xy)
        # Samples are in time order, so each segment's samples are one slice.
        bounds = np.searchsorted(track.segment, np.arange(len(timeline.segments) + 1))
        for index, segment in enumerate(timeline.segments):
            if index in reported:
                continue
            rows = slice(int(bounds[index]), int(bounds[index + 1]))
            misplaced = _misplaced(body, techniques[segment.technique], xy[rows],
                                   track.pressure[rows], track.contact[rows],
                                   (masks[0][rows], masks[1][rows], masks[2][rows]))
            if misplaced:
                k, message = misplaced[0]
                reported.add(index)
                found.append((segment, f"the {_HANDS[hand]} reaches "
                                       f"{_fmt(xy[rows][k])}, which {message}"))
    return found


def _check_technique(body: Body, technique: Technique, field: str, file: str,
                     problems: Problems) -> None:
    bad = _check_path_points(body, technique, field, file, problems)
    from massage_trainer.core.timeline import Timeline

    timeline = Timeline.for_technique(technique, loop=True)
    last = len(timeline.segments) - 1
    for segment, message in _track_problems(body, timeline, {technique.id: technique}):
        j = segment.movement_index
        if j in bad:
            continue  # one problem per movement is enough to find it
        bad.add(j)
        pattern = technique.movements[j].pattern
        if segment.working:
            where = f"with its {pattern.kind} pattern" if pattern else "between its path points"
        elif segment is timeline.segments[last]:
            where = "in the glide back to the first movement"
        else:
            where = "in the glide after this movement"
        problems.found.append(Problem(file, f"{field}.movements[{j}]", f"{where}, {message}"))


def _check_plan(body: Body, library: TechniqueLibrary, plan: SessionPlan, field: str,
                file: str, problems: Problems) -> None:
    from massage_trainer.core.timeline import Timeline

    timeline = Timeline.for_session(plan, library)
    reported: set[int] = set()
    for segment, message in _track_problems(body, timeline, {t.id: t for t in library}):
        q = segment.phase_index
        if q in reported:
            continue
        reported.add(q)
        if segment.transition:
            where = "in the glide into the next technique"
        else:
            where = f"at this intensity, in {segment.caption.lower()!r}"
        problems.found.append(Problem(file, f"{field}.phases[{q}]", f"{where}, {message}"))
    # Rule 5: the closing stroking is firmer than the opening one.
    opening, closing = timeline.phases[0], timeline.phases[-1]
    track = timeline.track(0)
    means = [float(track.pressure[(track.t >= span.start) & (track.t < span.end)].mean())
             for span in (opening, closing)]
    if means[1] <= means[0]:
        problems.found.append(Problem(
            file, f"{field}.phases[{len(plan.phases) - 1}].intensity",
            f"the closing {STROKING} must be firmer than the opening one (rule 5); its mean "
            f"pressure is {means[1]:.2f} against {means[0]:.2f}"))


def check_techniques(library: TechniqueLibrary, root: Node, body: Body,
                     problems: Problems, play: bool = True) -> None:
    """Play every technique and session plan and check where the hands go against the body.

    With play=False only the written path points are checked, not the animated tracks.
    """
    before = len(problems.found)
    if not play:
        for i, technique in enumerate(library.techniques):
            _check_path_points(body, technique, f"techniques[{i}]", root.file, problems)
        return
    for i, technique in enumerate(library.techniques):
        _check_technique(body, technique, f"techniques[{i}]", root.file, problems)
    if len(problems.found) > before:
        return  # a plan would only repeat a technique's problem
    for p, plan in enumerate(library.plans):
        _check_plan(body, library, plan, f"session_plans[{p}]", root.file, problems)


def load_techniques(root: Node, body: Body | None, problems: Problems,
                    play: bool = True) -> TechniqueLibrary | None:
    """Parse, then (when the body loaded) check against the body; None if anything is wrong."""
    before = len(problems.found)
    library = parse_techniques(root, problems)
    if library is not None and body is not None:
        check_techniques(library, root, body, problems, play)
    return library if len(problems.found) == before else None
