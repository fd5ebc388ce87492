"""Grading a drill recording against the general rules (docs/recording-format.md).

Each rule is a small vectorised *predicate*: given a technique and arrays of
samples, it says which samples break the rule. `grade` runs them over a whole
recording at once; `LiveChecker` runs the very same predicates one sample at a
time while the learner draws. A rule broken by consecutive samples is one
*episode* and is reported once.

The score (0-100) is quality minus penalties:

    quality = 40 * min(1, coverage / 0.20)    # how much of the back was worked
            + 40 * moving_fraction            # real movement, not a still pointer
            + 20 * smoothness                 # few jerky turns and reversals
    penalty = for each rule, its k-th violation costs SEVERITY[rule] / 2**(k-1)
    score   = clamp(quality - penalty, 0, 100), to one decimal

so a rule broken again and again costs at most twice its severity, and a
pointer that never moves scores close to 0. A drill passes when it has no
violation and its score reaches the pass mark.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any, Final

import numpy as np

from massage_trainer.core import metrics as mx
from massage_trainer.core.body import Body, Zone, ZoneKind
from massage_trainer.core.geometry import BoolArray, FloatArray
from massage_trainer.core.metrics import CoverageGrid, SpeedProfile, coverage_grid, speed_profile
from massage_trainer.core.recording import Phase, Recording
from massage_trainer.core.technique_ids import (
    IMPACT_TECHNIQUES,
    KNEADING,
    LIFTING_TECHNIQUES,
    RUBBING,
    STROKING,
)

__all__ = [
    "AREA", "CAUTION_ZONE", "CONTACT", "DIRECTION", "DURATION", "INTENSITY", "ORDER",
    "RULE_IDS", "SPINE", "CoverageGrid", "GradeConfig", "Report",
    "SpeedProfile", "Violation", "ZoneIndex", "coverage_grid", "format_report", "grade",
    "speed_profile", "stroke_motion",
]

# The rule ids are fixed by the spec.
SPINE: Final = "spine"
CAUTION_ZONE: Final = "caution-zone"
DIRECTION: Final = "direction"
CONTACT: Final = "contact"
ORDER: Final = "order"
INTENSITY: Final = "intensity"
DURATION: Final = "duration"
AREA: Final = "area"
RULE_IDS: Final = (SPINE, CAUTION_ZONE, DIRECTION, CONTACT, ORDER, INTENSITY, DURATION, AREA)
# The general rule (1-12, as numbered in the reference) each rule id comes from.
RULE_NUMBERS: Final[Mapping[str, int]] = {
    AREA: 1, CONTACT: 3, ORDER: 5, INTENSITY: 5, SPINE: 6, CAUTION_ZONE: 7, DURATION: 8, DIRECTION: 12,
}

# Score points the first violation of each rule costs. Hurting the client
# (spine, heart, kidneys) costs most; form mistakes less.
SEVERITY: Final[Mapping[str, float]] = {
    SPINE: 25.0, CAUTION_ZONE: 25.0, ORDER: 15.0, DURATION: 15.0,
    AREA: 10.0, DIRECTION: 10.0, CONTACT: 10.0, INTENSITY: 10.0,
}
# Quality weights (they sum to 100) and the coverage that earns full marks.
W_COVERAGE: Final = 40.0
W_MOVEMENT: Final = 40.0
W_SMOOTHNESS: Final = 20.0
COVERAGE_TARGET: Final = 0.20

# Above this pressure the hands work; at or below it they glide (spec).
WORKING_PRESSURE: Final = 0.3
# A stroke breaks direction when it moves within this angle of straight down,
# or of straight toward the midline (rule 12: from the waist up, from the centre out).
DIRECTION_CONE_DEG: Final = 60.0
# Kneading breaks direction when the mean height of its last fifth of working
# samples is this far (back lengths) below that of its first fifth.
KNEADING_DRIFT: Final = 0.05
KNEADING_FRACTION: Final = 0.2
FIRST_SESSION_LIMIT_S: Final = 900.0
# Breaches of one rule less than this many seconds apart are one episode, so
# jitter in and out of a zone's edge is reported once.
EPISODE_GAP_S: Final = 0.1

# Techniques that must keep contact throughout (rule 3); percussion lifts by nature.
CONTACT_TECHNIQUES: Final = (STROKING, RUBBING, KNEADING)

_RULE_TEXT: Final[Mapping[str, str]] = {
    SPINE: "rule 6: never work over the vertebral column",
    CAUTION_ZONE: "rule 7: percussion and vibration stay very gentle over the heart and kidneys",
    DIRECTION: "rule 12: move from the waist up toward the neck, and from the spine out",
    CONTACT: "rule 3: keep contact; glide back lightly instead of lifting off",
    ORDER: "rule 5: begin and end with stroking",
    INTENSITY: "rule 5: the closing stroking is more intense than the opening one",
    DURATION: "rule 8: a first session lasts 15 minutes at most",
    AREA: "rule 1: stay on the back, from the waist to the base of the neck",
}


@dataclass(frozen=True)
class GradeConfig:
    """The grader's thresholds; the defaults follow the spec."""

    pass_mark: float = 70.0
    working_pressure: float = WORKING_PRESSURE
    first_session_limit_s: float = FIRST_SESSION_LIMIT_S
    smoothing_window_s: float = mx.SMOOTHING_WINDOW_S
    min_speed: float = mx.MIN_SPEED
    direction_cone_deg: float = DIRECTION_CONE_DEG
    kneading_drift: float = KNEADING_DRIFT
    coverage_cell: float = mx.COVERAGE_CELL
    coverage_target: float = COVERAGE_TARGET
    episode_gap_s: float = EPISODE_GAP_S


@dataclass(frozen=True)
class Violation:
    """One episode of a broken rule, placed at its first sample."""

    rule: str
    phase: int
    t: float
    x: float
    y: float
    message: str

    def to_dict(self) -> dict[str, Any]:
        return {"rule": self.rule, "phase": self.phase, "t": round(self.t, 4),
                "x": round(self.x, 4), "y": round(self.y, 4), "message": self.message}


@dataclass(frozen=True)
class Report:
    score: float
    passed: bool
    violations: tuple[Violation, ...]
    metrics: Mapping[str, float] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        """The spec's report object; never holds NaN or infinity."""
        return {
            "score": self.score,
            "passed": self.passed,
            "violations": [v.to_dict() for v in self.violations],
            "metrics": {k: round(v, 4) for k, v in self.metrics.items() if math.isfinite(v)},
        }


# ---------------------------------------------------------------- places


@dataclass(frozen=True)
class Places:
    """Where samples lie: in a no-work zone (the spine), a caution zone, on the working area."""

    in_spine: BoolArray
    in_caution: BoolArray
    on_area: BoolArray


_CHUNK: Final = 8192  # points per polygon test, to bound the (points x vertices) temporaries


class ZoneIndex:
    """The body's zones with their bounding boxes, to test many or single points quickly."""

    def __init__(self, body: Body) -> None:
        self.body = body
        self._no_work = [(z, z.region.bounds()) for z in body.zones_of_kind(ZoneKind.NO_WORK)]
        self._caution = [(z, z.region.bounds()) for z in body.zones_of_kind(ZoneKind.CAUTION)]

    @staticmethod
    def _in_zones(zones: list[tuple[Zone, tuple[float, float, float, float]]],
                  pts: FloatArray) -> BoolArray:
        inside = np.zeros(len(pts), dtype=bool)
        for zone, (x0, y0, x1, y1) in zones:
            # Only points in the bounding box need the polygon test.
            box = np.flatnonzero((pts[:, 0] >= x0) & (pts[:, 0] <= x1)
                                 & (pts[:, 1] >= y0) & (pts[:, 1] <= y1))
            for k in range(0, len(box), _CHUNK):
                part = box[k:k + _CHUNK]
                inside[part] |= zone.contains(pts[part])
        return inside

    def locate(self, x: FloatArray, y: FloatArray, where: BoolArray) -> Places:
        """Zone membership of the samples where `where` holds (elsewhere: no zone, on area)."""
        n = len(x)
        in_spine = np.zeros(n, dtype=bool)
        in_caution = np.zeros(n, dtype=bool)
        on_area = np.ones(n, dtype=bool)
        idx = np.flatnonzero(where)
        if len(idx):
            pts = np.column_stack((x[idx], y[idx]))
            in_spine[idx] = self._in_zones(self._no_work, pts)
            in_caution[idx] = self._in_zones(self._caution, pts)
            area = np.empty(len(idx), dtype=bool)
            for k in range(0, len(idx), _CHUNK):
                area[k:k + _CHUNK] = self.body.on_working_area(pts[k:k + _CHUNK])
            on_area[idx] = area
        return Places(in_spine, in_caution, on_area)

    def zone_at(self, kind: ZoneKind, x: float, y: float) -> Zone | None:
        for zone in self.body.zones_of_kind(kind):
            if bool(zone.contains([(x, y)])[0]):
                return zone
        return None


# ---------------------------------------------------------------- predicates
# Shared by grade() and LiveChecker: each takes arrays (length 1 when live).


def working(contact: BoolArray, pressure: FloatArray, config: GradeConfig) -> BoolArray:
    """Samples where the hands press (above the glide pressure) on the skin."""
    result: BoolArray = contact & (pressure > config.working_pressure)
    return result


def spine_breach(technique: str, contact: BoolArray, pressure: FloatArray, in_spine: BoolArray,
                 config: GradeConfig) -> BoolArray:
    """Rule 6: work on the spine; percussion and vibration may not touch it at all."""
    if technique in IMPACT_TECHNIQUES:
        return contact & in_spine
    result: BoolArray = working(contact, pressure, config) & in_spine
    return result


def caution_breach(technique: str, contact: BoolArray, pressure: FloatArray,
                   in_caution: BoolArray, config: GradeConfig) -> BoolArray:
    """Rule 7: percussion or vibration with pressure over the heart or kidneys."""
    if technique not in IMPACT_TECHNIQUES:
        return np.zeros(len(contact), dtype=bool)
    result: BoolArray = working(contact, pressure, config) & in_caution
    return result


def area_breach(contact: BoolArray, on_area: BoolArray) -> BoolArray:
    """Rule 1: touching the body off the working area."""
    result: BoolArray = contact & ~on_area
    return result


def direction_judged(vx: FloatArray, vy: FloatArray, config: GradeConfig) -> BoolArray:
    """Samples moving fast enough for their direction to mean anything."""
    result: BoolArray = np.hypot(vx, vy) >= config.min_speed
    return result


def direction_breach(technique: str, x: FloatArray, vx: FloatArray, vy: FloatArray,
                     config: GradeConfig) -> BoolArray:
    """Rule 12 on smoothed stroke motion: down, or toward the midline, within the cone.

    Stroking may move neither down nor inward; rubbing may not move inward.
    The caller passes only samples of strokes (contact with working pressure).
    """
    if technique not in (STROKING, RUBBING):
        return np.zeros(len(x), dtype=bool)
    speed = np.hypot(vx, vy)
    cos_cone = math.cos(math.radians(config.direction_cone_deg))
    inward = -np.sign(x) * vx > cos_cone * speed
    breach = inward if technique == RUBBING else inward | (-vy > cos_cone * speed)
    result: BoolArray = breach & (speed >= config.min_speed)
    return result


def lift_breach(technique: str, contact: BoolArray) -> BoolArray:
    """Rule 3: samples off the skin between a phase's first and last contact."""
    lifted = np.zeros(len(contact), dtype=bool)
    if technique not in CONTACT_TECHNIQUES:
        return lifted
    touching = np.flatnonzero(contact)
    if len(touching) >= 2:
        first, last = touching[0], touching[-1]
        lifted[first:last] = ~contact[first:last]
    return lifted


def over_time(t: FloatArray, start: float, first_session: bool, config: GradeConfig) -> BoolArray:
    """Rule 8: samples past the first-session limit."""
    if not first_session:
        return np.zeros(len(t), dtype=bool)
    result: BoolArray = (t - start) > config.first_session_limit_s
    return result


def kneading_regression(y: FloatArray, config: GradeConfig) -> int | None:
    """Rule 12 for kneading, over a phase's working samples' heights.

    Kneading travels from the waist toward the neck as a whole; returns the
    index where the last fifth starts if that fifth sits lower than the first
    by more than the allowed drift, else None. Glides (light pressure) are
    left out by the caller: a light glide back down breaks no direction rule.
    """
    n = len(y)
    if n < 2:
        return None
    k = max(1, int(n * KNEADING_FRACTION))
    if float(y[-k:].mean()) < float(y[:k].mean()) - config.kneading_drift:
        return n - k
    return None


def stroke_motion(t: FloatArray, x: FloatArray, y: FloatArray, starts: mx.IntArray,
                  ends: mx.IntArray, window: float) -> tuple[mx.Motion, BoolArray]:
    """Each stroke's smoothed motion, and the samples whose direction can be judged.

    A sample is judged where its centred window fits inside the stroke: near
    the stroke's ends the window is cut short and hardly smooths, so a rubbing
    circle's or a jitter's sideways moment would count. A stroke with no such
    sample (shorter than the window) is judged as a whole, on its net motion.
    """
    motion = mx.smooth_motion(t, x, y, starts, ends, window)
    judgeable = motion.full.copy()
    if len(starts) == 0:
        return motion, judgeable
    full_before = np.concatenate(([0], np.cumsum(motion.full)))
    span = t[ends - 1] - t[starts]
    whole = (full_before[ends] == full_before[starts]) & (span > 0)
    if whole.any():
        a, b, dt = starts[whole], ends[whole], span[whole]
        n = b - a
        members = mx.members(a, n)
        x_before = np.concatenate(([0.0], np.cumsum(x)))
        motion.x[members] = np.repeat((x_before[b] - x_before[a]) / n, n)  # the mean x
        motion.vx[members] = np.repeat((x[b - 1] - x[a]) / dt, n)
        motion.vy[members] = np.repeat((y[b - 1] - y[a]) / dt, n)
        judgeable[members] = True
    return motion, judgeable


def episode_starts(mask: BoolArray, t: FloatArray, judged: BoolArray | None = None,
                   group: mx.IntArray | None = None, gap: float = EPISODE_GAP_S) -> mx.IntArray:
    """Indices where an episode of breaches begins.

    Breaches on consecutive samples are one episode, and so are breaches less
    than `gap` seconds apart (pointer jitter at a zone's edge is one mistake).
    Samples not `judged` are transparent: a pause inside a downward stroke
    does not split it. A change of `group` (another stroke) always starts a
    new episode.
    """
    idx = np.arange(len(mask)) if judged is None else np.flatnonzero(judged)
    pos = np.flatnonzero(mask[idx])
    if len(pos) == 0:
        return np.zeros(0, dtype=np.intp)
    before, after = idx[pos[:-1]], idx[pos[1:]]
    goes_on = (np.diff(pos) == 1) | (t[after] - t[before] < gap)
    if group is not None:
        goes_on &= group[after] == group[before]
    starts: mx.IntArray = idx[pos[np.concatenate(([True], ~goes_on))]]
    return starts


# ---------------------------------------------------------------- messages


def _level(body: Body, y: float) -> str:
    return body.nearest_vertebra(min(max(y, 0.0), 1.0)).id


def _place(zones: ZoneIndex, x: float, y: float, kind: ZoneKind | None = None) -> str:
    """body.describe, but naming the zone the rule is about when the point is in several."""
    place = zones.body.describe((x, y))
    if kind is not None:
        zone = zones.zone_at(kind, x, y)
        if zone is not None and zone.name.lower() not in place:
            place = f"on the {zone.name.lower()} at about {_level(zones.body, y)}"
    return place


def _off_area_place(zones: ZoneIndex, x: float, y: float) -> str:
    body = zones.body
    if not body.zones_at((x, y)):
        return body.describe((x, y))  # its wording for places off the working area
    # describe() would name the zone (the spine strip reaches a little past the
    # waist and C7); the rule is about leaving the back, so say that.
    if y > 1.0:
        return "above C7, off the back"
    return "below the waist line" if y < 0.0 else "outside the torso outline"


def _clock(t: float) -> str:
    """Seconds as m:ss.ss, the way a person reads a drill's time."""
    sign, t = ("-" if t < 0 else ""), abs(t)
    return f"{sign}{int(t // 60)}:{t % 60:05.2f}"


def sample_message(rule: str, technique: str, zones: ZoneIndex, x: float, y: float,
                   vx: float = 0.0, vy: float = 0.0) -> str:
    """The message for a violation found at one sample (both grade and live use it)."""
    tech = technique.capitalize()
    why = _RULE_TEXT[rule]
    if rule == SPINE:
        place = _place(zones, x, y, ZoneKind.NO_WORK)
        if technique in IMPACT_TECHNIQUES:
            return f"{tech} {place}, where it may not touch even lightly ({why})"
        return f"Worked {place} ({why})"
    if rule == CAUTION_ZONE:
        return f"{tech} with pressure {_place(zones, x, y, ZoneKind.CAUTION)} ({why})"
    if rule == AREA:
        return f"Worked {_off_area_place(zones, x, y)} ({why})"
    if rule == CONTACT:
        return f"Lifted the hands in the middle of {technique}, {_place(zones, x, y)} ({why})"
    if rule == DIRECTION:
        down = technique == STROKING and -vy >= abs(vx)
        way = "down toward the waist" if down else "in toward the spine"
        return f"{tech} moved {way} with working pressure, {_place(zones, x, y)} ({why})"
    raise ValueError(f"{rule!r} is not a per-sample rule")


# ---------------------------------------------------------------- grading


@dataclass
class _Found:
    """Violations collected with the sort key that orders the report."""

    items: list[tuple[float, int, Violation]] = field(default_factory=list)

    def add(self, v: Violation) -> None:
        self.items.append((v.t, RULE_IDS.index(v.rule), v))

    def sorted(self) -> tuple[Violation, ...]:
        return tuple(v for _, _, v in sorted(self.items, key=lambda item: item[:2]))


def _score(quality: float, violations: Iterable[Violation]) -> float:
    seen: dict[str, int] = {}
    penalty = 0.0
    for v in violations:
        k = seen.get(v.rule, 0)
        penalty += SEVERITY[v.rule] / 2.0**k
        seen[v.rule] = k + 1
    return round(min(100.0, max(0.0, quality - penalty)), 1)


@dataclass(frozen=True)
class _Samples:
    """A recording's phases joined into whole arrays, with where each phase starts."""

    t: FloatArray
    x: FloatArray
    y: FloatArray
    contact: BoolArray
    pressure: FloatArray
    starts: mx.IntArray  # the first index of each phase
    ends: mx.IntArray  # one past the last

    @staticmethod
    def of(recording: Recording) -> _Samples:
        phases = recording.phases
        lengths = np.array([len(p) for p in phases], dtype=np.intp)
        ends = np.cumsum(lengths)

        def join(name: str) -> Any:
            return np.concatenate([getattr(p, name) for p in phases])

        return _Samples(join("t"), join("x"), join("y"), join("contact"), join("pressure"),
                        ends - lengths, ends)

    def violation(self, rule: str, phase: int, i: int, message: str) -> Violation:
        return Violation(rule, phase, float(self.t[i]), float(self.x[i]), float(self.y[i]),
                         message)


def grade(recording: Recording, body: Body, config: GradeConfig = GradeConfig()) -> Report:
    """Check every rule of the spec, compute the metrics, and score the drill."""
    zones = ZoneIndex(body)
    s = _Samples.of(recording)
    places = zones.locate(s.x, s.y, s.contact)  # zones matter only where the hands touch
    found = _Found()
    for p, phase in enumerate(recording.phases):
        a, b = int(s.starts[p]), int(s.ends[p])
        tech = phase.technique
        c, pr = phase.contact, phase.pressure
        per_sample = {
            SPINE: spine_breach(tech, c, pr, places.in_spine[a:b], config),
            CAUTION_ZONE: caution_breach(tech, c, pr, places.in_caution[a:b], config),
            AREA: area_breach(c, places.on_area[a:b]),
            CONTACT: lift_breach(tech, c),
        }
        for rule, mask in per_sample.items():
            for i in episode_starts(mask, phase.t, gap=config.episode_gap_s) + a:
                message = sample_message(rule, tech, zones, float(s.x[i]), float(s.y[i]))
                found.add(s.violation(rule, p, i, message))
        for i, message in _direction(phase, config, zones):
            found.add(s.violation(DIRECTION, p, i + a, message))
    _recording_rules(recording, s, config, found)
    violations = found.sorted()
    metrics, quality = _metrics(recording, s, body, config)
    score = _score(quality, violations)
    return Report(score, not violations and score >= config.pass_mark, violations, metrics)


def _direction(phase: Phase, config: GradeConfig, zones: ZoneIndex) -> list[tuple[int, str]]:
    """Rule 12 for one phase, as (sample index, message) pairs.

    Strokes are judged on their smoothed motion; kneading on its overall progress.
    """
    tech = phase.technique
    work = working(phase.contact, phase.pressure, config)
    if tech == KNEADING:
        idx = np.flatnonzero(work)
        k = kneading_regression(phase.y[idx], config)
        if k is None:
            return []
        m = len(idx) - k
        top, bottom = float(phase.y[idx[:m]].mean()), float(phase.y[idx[-m:]].mean())
        return [(int(idx[k]),
                 f"Kneading progressed from the neck down toward the waist over the phase, "
                 f"from about {_level(zones.body, top)} to about {_level(zones.body, bottom)} "
                 f"({_RULE_TEXT[DIRECTION]})")]
    if tech not in (STROKING, RUBBING):
        return []
    starts, ends = mx.runs(work)
    motion, judgeable = stroke_motion(phase.t, phase.x, phase.y, starts, ends,
                                      config.smoothing_window_s)
    judged = judgeable & direction_judged(motion.vx, motion.vy, config)
    breach = direction_breach(tech, motion.x, motion.vx, motion.vy, config) & judged
    stroke = mx.run_ids(len(phase), starts, ends)
    return [(int(i), sample_message(DIRECTION, tech, zones, float(phase.x[i]),
                                    float(phase.y[i]), float(motion.vx[i]), float(motion.vy[i])))
            for i in episode_starts(breach, phase.t, judged, stroke, config.episode_gap_s)]


def _recording_rules(recording: Recording, s: _Samples, config: GradeConfig,
                     found: _Found) -> None:
    """The rules about the drill as a whole: order, intensity, duration."""
    phases = recording.phases
    if len(phases) >= 2:
        first, last = phases[0].technique, phases[-1].technique
        why = _RULE_TEXT[ORDER]
        if first != STROKING:
            found.add(s.violation(ORDER, 0, 0,
                                  f"The drill begins with {first}, not stroking ({why})"))
        if last != STROKING:
            p = len(phases) - 1
            found.add(s.violation(ORDER, p, int(s.starts[p]),
                                  f"The drill ends with {last}, not stroking ({why})"))
        strokings = [p for p, ph in enumerate(phases) if ph.technique == STROKING]
        if len(strokings) >= 2:  # with one, the order rule has already failed
            def intensity(p: int) -> float:
                ph = phases[p]
                return float(ph.pressure[ph.contact].mean()) if ph.contact.any() else 0.0

            opening, closing = intensity(strokings[0]), intensity(strokings[-1])
            if closing <= opening:
                p = strokings[-1]
                found.add(s.violation(
                    INTENSITY, p, int(s.starts[p]),
                    f"The closing stroking (mean pressure {closing:.2f}) is not more intense "
                    f"than the opening stroking ({opening:.2f}) ({_RULE_TEXT[INTENSITY]})"))
    late = np.flatnonzero(over_time(s.t, float(s.t[0]), recording.first_session, config))
    if len(late):
        i = int(late[0])
        p = int(np.searchsorted(s.starts, i, side="right")) - 1
        limit = config.first_session_limit_s
        elapsed = _clock(float(s.t[i] - s.t[0]))
        found.add(s.violation(DURATION, p, i,
                              f"The first session went on past {limit / 60:g} minutes "
                              f"(still going at {elapsed}) ({_RULE_TEXT[DURATION]})"))


def _metrics(recording: Recording, s: _Samples, body: Body,
             config: GradeConfig) -> tuple[dict[str, float], float]:
    """The metrics, and the quality part of the score (0-100)."""
    weights = mx.time_weights(s.t)
    motion = mx.smooth_motion(s.t, s.x, s.y, s.starts, s.ends, config.smoothing_window_s)
    speed = motion.speed
    # "Active" samples are the ones doing the massage: in contact, or any
    # sample of a lifting technique (percussion moves on between taps).
    lifting = np.repeat([p.technique in LIFTING_TECHNIQUES for p in recording.phases],
                        s.ends - s.starts)
    active = s.contact | lifting
    phase_end = np.repeat(s.ends, s.ends - s.starts)
    coverage = mx.accumulate_grid(body, s.x, s.y, weights, s.contact,
                                  config.coverage_cell).coverage
    moving = mx.weighted_mean((speed >= config.min_speed).astype(np.float64), weights, active)
    smooth = mx.smoothness(s.t, motion, active, weights, phase_end, config.min_speed)
    everything = np.ones(len(s.t), dtype=bool)
    metrics = {
        "duration_s": recording.duration,
        "coverage": coverage,
        "mean_speed": mx.weighted_mean(speed, weights, s.contact),
        "moving_fraction": moving,
        "smoothness": smooth,
        "symmetry": mx.symmetry(s.x, weights, s.contact),
        "contact_fraction": mx.weighted_mean(s.contact.astype(np.float64), weights, everything),
        "mean_pressure": mx.weighted_mean(s.pressure, weights, s.contact),
    }
    taps = [mx.tap_intervals(p.t, p.contact) for p in recording.phases
            if p.technique in LIFTING_TECHNIQUES]
    rhythm = mx.rhythm(np.concatenate(taps)) if taps else None
    if rhythm is not None:
        metrics["rhythm"] = rhythm  # only when there are taps to time, so never NaN
    quality = (W_COVERAGE * min(1.0, coverage / config.coverage_target)
               + W_MOVEMENT * moving + W_SMOOTHNESS * smooth)
    return {k: float(v) for k, v in metrics.items()}, quality


# ---------------------------------------------------------------- text report


def broken_samples(recording: Recording, body: Body, config: GradeConfig = GradeConfig()) -> BoolArray:
    """The samples that break a per-sample rule, by the grader's own predicates.

    This composes them exactly as grade() does (zones, then direction on each
    stroke's smoothed motion, then the first-session limit). The whole-drill
    rules (order, intensity, kneading's overall progress) belong to no single
    sample and are shown by their markers only.
    """
    phases = recording.phases
    t = np.concatenate([p.t for p in phases])
    x = np.concatenate([p.x for p in phases])
    y = np.concatenate([p.y for p in phases])
    contact = np.concatenate([p.contact for p in phases])
    places = ZoneIndex(body).locate(x, y, contact)
    broken = np.zeros(len(t), dtype=bool)
    a = 0
    for phase in phases:
        b = a + len(phase)
        tech, c, pr = phase.technique, phase.contact, phase.pressure
        part = (spine_breach(tech, c, pr, places.in_spine[a:b], config)
                | caution_breach(tech, c, pr, places.in_caution[a:b], config)
                | area_breach(c, places.on_area[a:b]))
        if tech in (STROKING, RUBBING):
            starts, ends = mx.runs(working(c, pr, config))
            motion, judgeable = stroke_motion(phase.t, phase.x, phase.y, starts, ends,
                                              config.smoothing_window_s)
            judged = judgeable & direction_judged(motion.vx, motion.vy, config)
            part |= direction_breach(tech, motion.x, motion.vx, motion.vy, config) & judged
        broken[a:b] = part
        a = b
    broken |= over_time(t, float(t[0]), recording.first_session, config)
    return broken


def format_report(report: Report, source: str) -> str:
    """The report as text for a person (the `grade` command's default output)."""
    verdict = "PASS" if report.passed else "FAIL"
    lines = [f"{source}: {verdict}, score {report.score:.1f} / 100"]
    if report.violations:
        lines.append(f"{len(report.violations)} violation(s):")
        width = max(len(v.rule) for v in report.violations)
        for v in report.violations:
            lines.append(f"  {_clock(v.t):>9}  phase {v.phase + 1}  {v.rule:<{width}}  {v.message}")
    else:
        lines.append("No rule broken.")
    lines.append("Metrics:")
    for key, value in report.metrics.items():
        if math.isfinite(value):
            lines.append(f"  {key:<16} {value:.3f}")
    return "\n".join(lines)
