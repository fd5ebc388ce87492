"""Judging a recording: every rule's per-sample mask, computed once, and the violations.

`judge` places the samples in contact on the body, runs each per-sample
predicate (core/predicates.py) over each phase, and returns a `Judgement`:
one mask per rule over the recording's joined samples, where each episode
of it starts, and kneading's overall progress. The masks are what the ink
shows (`Judgement.broken`); the episodes, with the rules about the drill as
a whole (order, intensity), are the report's violations
(`Judgement.violations`). LiveChecker (core/live.py) makes its violations
with the same `violation_at` and `direction_violation_at`.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Final

import numpy as np

from massage_trainer.core import metrics as mx
from massage_trainer.core.body import Body, ZoneKind
from massage_trainer.core.config import GradeConfig
from massage_trainer.core.doing import PhaseDoing, measure_phase
from massage_trainer.core.geometry import BoolArray, FloatArray
from massage_trainer.core.predicates import (
    DIRECTION_TECHNIQUES,
    area_breach,
    caution_breach,
    direction_breach,
    direction_judged,
    episode_starts,
    heading,
    kneading_regression,
    lift_breach,
    over_time,
    spine_breach,
    stroke_motion,
    working,
)
from massage_trainer.core.rules import (
    AREA,
    CAUTION_ZONE,
    CONTACT,
    COVERAGE,
    DIRECTION,
    DURATION,
    FORM,
    INCOMPLETE,
    INTENSITY,
    ORDER,
    RULE_IDS,
    SPINE,
)
from massage_trainer.core.samples import Recording, Samples
from massage_trainer.core.technique_ids import KNEADING, STROKING
from massage_trainer.core.violation import Violation
from massage_trainer.core.zone_index import ZoneIndex

__all__ = ["Drift", "Judgement", "direction_violation_at", "judge", "violation_at"]

DEFAULT_CONFIG: Final = GradeConfig()

# The zone kind a per-sample rule is about, for naming the place of its violations.
_ZONE_KIND: Final[Mapping[str, ZoneKind]] = {SPINE: ZoneKind.NO_WORK, CAUTION_ZONE: ZoneKind.CAUTION}


def violation_at(rule_id: str, phase: int, technique: str, zones: ZoneIndex, t: float, x: float,
                 y: float) -> Violation:
    """A violation of a rule about where the hands go, found at one sample, with its place."""
    return Violation(rule_id, phase, t, x, y, technique, zones.place(x, y, _ZONE_KIND.get(rule_id)))


def direction_violation_at(phase: int, technique: str, zones: ZoneIndex, t: float, x: float,
                           y: float, vx: float, vy: float) -> Violation:
    """A stroke moving the wrong way, found at one sample; (vx, vy) is its smoothed velocity."""
    return Violation(DIRECTION, phase, t, x, y, technique, zones.place(x, y),
                     heading(technique, vx, vy))


@dataclass(frozen=True)
class Drift:
    """A kneading phase that progressed from the neck toward the waist (rule 12)."""

    phase: int
    index: int  # where its last fifth of working samples starts, in the joined samples
    top: float  # the mean height of its first fifth
    bottom: float  # the mean height of its last fifth


@dataclass(frozen=True)
class Judgement:
    """A recording judged against every rule; see the module docstring."""

    recording: Recording
    zones: ZoneIndex
    config: GradeConfig
    masks: Mapping[str, BoolArray]  # per-sample rule id -> the samples that break it
    episodes: Mapping[str, mx.IntArray]  # per-sample rule id -> where its episodes start
    vx: FloatArray  # each stroke's smoothed velocity, where its direction was judged
    vy: FloatArray
    drifts: tuple[Drift, ...]
    doings: tuple[PhaseDoing, ...]  # each phase measured for revision 2 (core/doing.py)

    def broken(self) -> BoolArray:
        """The samples that break any per-sample rule. Kneading's progress, order and
        intensity belong to no single sample and are shown by their markers only."""
        broken = np.zeros(self.recording.sample_count, dtype=bool)
        for mask in self.masks.values():
            broken |= mask
        return broken

    def violations(self) -> tuple[Violation, ...]:
        """Every violation, one per episode, in time order (rules in the table's order)."""
        s, zones = self.recording.samples, self.zones
        found: list[Violation] = []
        for rule_id, starts in self.episodes.items():
            for i in starts.tolist():
                p, t, x, y = s.phase_of(i), float(s.t[i]), float(s.x[i]), float(s.y[i])
                if rule_id == DURATION:
                    found.append(Violation(DURATION, p, t, x, y, s.techniques[p],
                                           elapsed_s=t - float(s.t[0]),
                                           limit_s=self.config.first_session_limit_s))
                elif rule_id == DIRECTION:
                    found.append(direction_violation_at(p, s.techniques[p], zones, t, x, y,
                                                        float(self.vx[i]), float(self.vy[i])))
                else:
                    found.append(violation_at(rule_id, p, s.techniques[p], zones, t, x, y))
        for d in self.drifts:
            i = d.index
            found.append(Violation(DIRECTION, d.phase, float(s.t[i]), float(s.x[i]), float(s.y[i]),
                                   KNEADING, levels=(zones.level(d.top), zones.level(d.bottom))))
        found += _whole_drill(self.recording)
        found += _not_done(self.recording, self.doings)
        found.sort(key=lambda v: (v.t, RULE_IDS.index(v.rule), v.phase))
        return tuple(found)


def judge(recording: Recording, zones: ZoneIndex | Body, config: GradeConfig = DEFAULT_CONFIG) -> Judgement:
    """Run every per-sample predicate over the recording, once."""
    if isinstance(zones, Body):
        zones = ZoneIndex(zones)
    s = recording.samples
    n = len(s)
    places = zones.locate(s.x, s.y, s.contact)  # zones matter only where the hands touch
    masks = {rule_id: np.zeros(n, dtype=bool) for rule_id in (SPINE, CAUTION_ZONE, AREA, CONTACT)}
    stroke = _Strokes(n)
    drifts: list[Drift] = []
    for p, tech in enumerate(s.techniques):
        a, b = s.bounds(p)
        c, pr = s.contact[a:b], s.pressure[a:b]
        masks[SPINE][a:b] = spine_breach(tech, c, pr, places.in_spine[a:b], config)
        masks[CAUTION_ZONE][a:b] = caution_breach(tech, c, pr, places.in_caution[a:b], config)
        masks[AREA][a:b] = area_breach(c, places.on_area[a:b])
        masks[CONTACT][a:b] = lift_breach(tech, c)
        if tech in DIRECTION_TECHNIQUES:
            stroke.judge(s, p, config)
        elif tech == KNEADING:
            drift = _kneading_drift(s, p, config)
            if drift is not None:
                drifts.append(drift)
    gap = config.episode_gap_s
    episodes = {rule_id: episode_starts(mask, s.t, group=s.phase, gap=gap)
                for rule_id, mask in masks.items()}
    masks[DIRECTION] = stroke.breach
    episodes[DIRECTION] = episode_starts(stroke.breach, s.t, stroke.judged, stroke.ids(n), gap)
    # Past the limit is past it for good: one violation, at the first sample past it.
    masks[DURATION] = over_time(s.t, float(s.t[0]), recording.first_session, config)
    episodes[DURATION] = np.flatnonzero(masks[DURATION])[:1]
    doings = tuple(measure_phase(phase, zones.body) for phase in recording.phases)
    return Judgement(recording, zones, config, masks, episodes, stroke.vx, stroke.vy, tuple(drifts),
                     doings)


class _Strokes:
    """Rule 12 for stroking and rubbing: each stroke judged on its smoothed motion."""

    def __init__(self, n: int) -> None:
        self.breach = np.zeros(n, dtype=bool)
        self.judged = np.zeros(n, dtype=bool)
        self.vx = np.zeros(n)
        self.vy = np.zeros(n)
        self.starts: list[mx.IntArray] = []  # each phase's strokes, as indices into the recording
        self.ends: list[mx.IntArray] = []

    def judge(self, s: Samples, p: int, config: GradeConfig) -> None:
        a, b = s.bounds(p)
        tech, t, x, y = s.techniques[p], s.t[a:b], s.x[a:b], s.y[a:b]
        # A stroke is a run of working samples: glides between them break no direction rule.
        starts, ends = mx.runs(working(s.contact[a:b], s.pressure[a:b], config))
        motion, judgeable = stroke_motion(t, x, y, starts, ends, config.smoothing_window_s)
        judged = judgeable & direction_judged(motion.vx, motion.vy, config)
        self.judged[a:b] = judged
        self.breach[a:b] = direction_breach(tech, motion.x, motion.vx, motion.vy, config) & judged
        self.vx[a:b], self.vy[a:b] = motion.vx, motion.vy
        self.starts.append(starts + a)
        self.ends.append(ends + a)

    def ids(self, n: int) -> mx.IntArray:
        """The stroke each of the recording's n samples belongs to, numbered across phases."""
        if not self.starts:
            return np.full(n, -1, dtype=np.intp)
        return mx.run_ids(n, np.concatenate(self.starts), np.concatenate(self.ends))


def _kneading_drift(s: Samples, p: int, config: GradeConfig) -> Drift | None:
    """Rule 12 for kneading: its overall progress, over its working samples only."""
    a, b = s.bounds(p)
    idx = np.flatnonzero(working(s.contact[a:b], s.pressure[a:b], config))
    y = s.y[a:b][idx]
    k = kneading_regression(y, config)
    if k is None:
        return None
    m = len(idx) - k  # the size of a fifth
    return Drift(p, a + int(idx[k]), float(y[:m].mean()), float(y[-m:].mean()))


def _whole_drill(recording: Recording) -> list[Violation]:
    """Rule 5, about the drill as a whole: the order of its techniques and their intensity."""
    phases = recording.phases
    if len(phases) < 2:
        return []
    s = recording.samples
    found: list[Violation] = []

    def at(rule_id: str, p: int, opening: float | None = None,
           closing: float | None = None) -> Violation:
        i = int(s.starts[p])  # reported at the phase's first sample
        return Violation(rule_id, p, float(s.t[i]), float(s.x[i]), float(s.y[i]),
                         phases[p].technique, opening=opening, closing=closing)

    for p in (0, len(phases) - 1):
        if phases[p].technique != STROKING:
            found.append(at(ORDER, p))
    strokings = [p for p, ph in enumerate(phases) if ph.technique == STROKING]
    if len(strokings) >= 2:  # with one, the order rule has already failed
        opening, closing = (_intensity(recording, p) for p in (strokings[0], strokings[-1]))
        if closing <= opening:
            found.append(at(INTENSITY, strokings[-1], opening=opening, closing=closing))
    return found


def _not_done(recording: Recording, doings: tuple[PhaseDoing, ...]) -> list[Violation]:
    """Revision 2: each phase not done for its time, over the back, or with its own motion;
    at most once per rule and phase, at the phase's last sample."""
    s = recording.samples
    found: list[Violation] = []
    for p, doing in enumerate(doings):
        i = int(s.ends[p]) - 1
        for rule_id, broken in ((INCOMPLETE, doing.incomplete), (COVERAGE, doing.coverage_short),
                                (FORM, doing.form_short)):
            if broken:
                found.append(Violation(rule_id, p, float(s.t[i]), float(s.x[i]), float(s.y[i]),
                                       doing.technique, doing=doing))
    return found


def _intensity(recording: Recording, p: int) -> float:
    """A phase's mean pressure while in contact; 0 if it never touched."""
    ph = recording.phases[p]
    return float(ph.pressure[ph.contact].mean()) if ph.contact.any() else 0.0
