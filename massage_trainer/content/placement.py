"""Check the techniques and session plans against the body, by the grader's own predicates.

Every technique and session plan is played through a Timeline, and where the
hands actually go (patterns and glides included) is judged with core's
predicates (core/predicates.py), exactly as a learner's drill would be: on
the working area (rule 1), no working pressure on the spine (rule 6), no
percussion or vibration on the spine or pressing on a caution zone, nor working
within IMPACT_CLEARANCE of one (rule 7); and a plan's closing stroking must be firmer than its opening one (rule 5).
Every problem names the file and the field.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Final

import numpy as np

from massage_trainer.content.errors import Problem
from massage_trainer.content.fields import Node, Problems
from massage_trainer.core.body import Body, ZoneKind
from massage_trainer.core.config import GradeConfig
from massage_trainer.core.geometry import BoolArray, FloatArray, Point
from massage_trainer.core.predicates import area_breach, caution_breach, spine_breach, working
from massage_trainer.core.rules import CAUTION_ZONE, INTENSITY, SPINE, WORKING_PRESSURE, rule
from massage_trainer.core.technique_ids import STROKING
from massage_trainer.core.techniques import IMPACT_CLEARANCE, SessionPlan, Technique, TechniqueLibrary
from massage_trainer.core.zone_index import Places, ZoneIndex

if TYPE_CHECKING:  # the timeline is built only when the animations are played through
    from massage_trainer.core.timeline import Segment, Timeline

__all__ = ["check_techniques", "point_text"]

_HANDS: Final = ("leading hand", "other hand")
# The techniques are held to the grader's own thresholds.
_CONFIG: Final = GradeConfig()


def point_text(point: Point | FloatArray) -> str:
    """A point as a problem names it: "(0.5, 0.4)"."""
    return f"({float(point[0]):.3g}, {float(point[1]):.3g})"


def _misplaced(zones: ZoneIndex, technique: Technique, xy: FloatArray, pressure: FloatArray,
               contact: BoolArray, places: Places | None = None) -> list[tuple[int, str]]:
    """(first offending sample, what is wrong there) for each placement rule broken.

    The message reads after "point (x, y)" or "the hand reaches (x, y)". `places`
    may carry the zone tests already done for these points.
    """
    if places is None:
        places = zones.locate(xy[:, 0], xy[:, 1], contact)
    tech, name = technique.id, technique.name.lower()
    found: list[tuple[int, str]] = []

    def first(mask: BoolArray, message: Callable[[int], str]) -> None:
        if mask.any():
            k = int(np.argmax(mask))
            found.append((k, message(k)))

    def caution_name(k: int) -> str:
        zone = zones.zone_at(ZoneKind.CAUTION, float(xy[k, 0]), float(xy[k, 1]))
        return zone.name.lower() if zone is not None else "caution zone"

    first(area_breach(contact, places.on_area), lambda k: (
        "is off the working area (inside the torso outline, from the waist, y = 0, up to C7, "
        "y = 1)"))
    spine, caution = rule(SPINE).label, rule(CAUTION_ZONE).label
    if technique.impact:
        first(spine_breach(tech, contact, pressure, places.in_spine, _CONFIG), lambda k: (
            f"is in the spine zone; {name} must not touch the spine at all ({spine})"))
    else:
        first(spine_breach(tech, contact, pressure, places.in_spine, _CONFIG), lambda k: (
            f"is in the spine zone at working pressure {pressure[k]:.2f}; over the spine keep "
            f"to {WORKING_PRESSURE:g} or less ({spine})"))
    first(caution_breach(tech, contact, pressure, places.in_caution, _CONFIG), lambda k: (
        f"presses at {pressure[k]:.2f} on the {caution_name(k)}; {name} stays "
        f"at {WORKING_PRESSURE:g} or less there ({caution})"))
    return found


def _check_path_points(zones: ZoneIndex, technique: Technique, field: str, file: str,
                       problems: Problems) -> set[int]:
    """Check the leading hand's path points; return the movements found wrong."""
    bad: set[int] = set()
    for j, movement in enumerate(technique.movements):
        pts = movement.path_array()
        steps = np.hypot(*np.diff(pts, axis=0).T)
        fractions = np.concatenate(([0.0], np.cumsum(steps))) / steps.sum()
        pressure = movement.pressure_at(fractions)
        for k, message in _misplaced(zones, technique, pts, pressure,
                                     np.ones(len(pts), dtype=bool)):
            problems.found.append(Problem(file, f"{field}.movements[{j}].path[{k}]",
                                          f"point {point_text(pts[k])} {message}"))
            bad.add(j)
    return bad


def _track_problems(zones: ZoneIndex, timeline: Timeline,
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
        places = zones.locate(track.x, track.y, track.contact)
        # Samples are in time order, so each segment's samples are one slice.
        bounds = np.searchsorted(track.segment, np.arange(len(timeline.segments) + 1))
        for index, segment in enumerate(timeline.segments):
            if index in reported:
                continue
            rows = slice(int(bounds[index]), int(bounds[index + 1]))
            misplaced = _misplaced(zones, techniques[segment.technique], xy[rows],
                                   track.pressure[rows], track.contact[rows], places.part(rows))
            if misplaced:
                k, message = misplaced[0]
                reported.add(index)
                found.append((segment, f"the {_HANDS[hand]} reaches "
                                       f"{point_text(xy[rows][k])}, which {message}"))
    return found


def _check_clearance(body: Body, technique: Technique, timelines: tuple[Timeline, ...],
                     field: str, file: str, problems: Problems) -> set[int]:
    """Percussion and vibration work no nearer a caution zone than IMPACT_CLEARANCE (rule 7).

    Where the hands work (taps landing, the tremor) is measured on the tracks of both hands,
    as drawn and at the real tempo of the recordings; returns the movements found too close,
    each reported once, at its closest point.
    """
    if not technique.impact:
        return set()
    closest: dict[int, tuple[float, str, FloatArray, str]] = {}
    for timeline, hand in ((tl, h) for tl in timelines for h in range(tl.hand_count)):
        track = timeline.track(hand)
        at_work = working(track.contact, track.pressure, _CONFIG)
        xy = np.column_stack((track.x, track.y))[at_work]
        movement = np.array([timeline.segments[s].movement_index for s in track.segment[at_work]])
        for zone in body.zones_of_kind(ZoneKind.CAUTION):
            distance = zone.region.distance(xy)
            for j in np.unique(movement[distance < IMPACT_CLEARANCE]):
                rows = np.flatnonzero(movement == j)
                k = int(rows[np.argmin(distance[rows])])
                if j not in closest or distance[k] < closest[j][0]:
                    closest[int(j)] = (float(distance[k]), zone.name.lower(), xy[k], _HANDS[hand])
    name = technique.name.lower()
    for j, (gap, zone_name, point, hand_name) in sorted(closest.items()):
        problems.found.append(Problem(file, f"{field}.movements[{j}]", (
            f"{name} movement {j + 1} works {gap:.3f} from the {zone_name} (the {hand_name} at "
            f"{point_text(point)}); percussion and vibration keep at least {IMPACT_CLEARANCE:g} "
            f"from the caution zones ({rule(CAUTION_ZONE).label})")))
    return set(closest)


def _check_technique(zones: ZoneIndex, technique: Technique, field: str, file: str,
                     problems: Problems) -> None:
    bad = _check_path_points(zones, technique, field, file, problems)
    from massage_trainer.core.timeline import Tempo, Timeline

    timeline = Timeline.for_technique(technique, loop=True)
    timelines = (timeline, Timeline.for_technique(technique, tempo=Tempo.REAL)) \
        if technique.impact else (timeline,)
    bad |= _check_clearance(zones.body, technique, timelines, field, file, problems)
    last = len(timeline.segments) - 1
    for segment, message in _track_problems(zones, timeline, {technique.id: technique}):
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


def _check_plan(zones: ZoneIndex, library: TechniqueLibrary, plan: SessionPlan, field: str,
                file: str, problems: Problems) -> None:
    from massage_trainer.core.timeline import Timeline

    timeline = Timeline.for_session(plan, library)
    reported: set[int] = set()
    for segment, message in _track_problems(zones, timeline, {t.id: t for t in library}):
        q = segment.phase_index
        if q in reported:
            continue
        reported.add(q)
        if segment.transition:
            where = "in the glide into the next technique"
        else:
            where = f"at this intensity, in {segment.caption.lower()!r}"
        problems.found.append(Problem(file, f"{field}.phases[{q}]", f"{where}, {message}"))
    # The closing stroking is firmer than the opening one.
    opening, closing = timeline.phases[0], timeline.phases[-1]
    track = timeline.track(0)
    means = [float(track.pressure[(track.t >= span.start) & (track.t < span.end)].mean())
             for span in (opening, closing)]
    if means[1] <= means[0]:
        problems.found.append(Problem(
            file, f"{field}.phases[{len(plan.phases) - 1}].intensity",
            f"the closing {STROKING} must be firmer than the opening one "
            f"({rule(INTENSITY).label}); its mean "
            f"pressure is {means[1]:.2f} against {means[0]:.2f}"))


def check_techniques(library: TechniqueLibrary, root: Node, body: Body,
                     problems: Problems, play: bool = True) -> None:
    """Play every technique and session plan and check where the hands go against the body.

    With play=False only the written path points are checked, not the animated tracks.
    """
    before = len(problems.found)
    zones = ZoneIndex(body)
    if not play:
        for i, technique in enumerate(library.techniques):
            _check_path_points(zones, technique, f"techniques[{i}]", root.file, problems)
        return
    for i, technique in enumerate(library.techniques):
        _check_technique(zones, technique, f"techniques[{i}]", root.file, problems)
    if len(problems.found) > before:
        return  # a plan would only repeat a technique's problem
    for p, plan in enumerate(library.plans):
        _check_plan(zones, library, plan, f"session_plans[{p}]", root.file, problems)
