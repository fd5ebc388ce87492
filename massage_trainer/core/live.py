"""Live checking for the drill screen: the grader's own predicates, sample by sample.

`judge()` (core/judging.py) judges a whole recording; `LiveChecker` applies the
same per-sample predicates (core/predicates.py) as each pointer event arrives,
so the ink can change colour the moment a rule is broken, and makes its
violations with the same functions. It is not a second implementation.
"""

from __future__ import annotations

from collections import deque

import numpy as np

from massage_trainer.core.body import Body
from massage_trainer.core.config import GradeConfig
from massage_trainer.core.judging import direction_violation_at, violation_at
from massage_trainer.core.predicates import (
    CONTACT_TECHNIQUES,
    DIRECTION_TECHNIQUES,
    area_breach,
    caution_breach,
    direction_breach,
    direction_judged,
    over_time,
    spine_breach,
    working,
)
from massage_trainer.core.rules import AREA, CAUTION_ZONE, CONTACT, DIRECTION, DURATION, SPINE
from massage_trainer.core.violation import Violation
from massage_trainer.core.zone_index import Places, ZoneIndex

__all__ = ["LiveChecker"]

_DEFAULT_CONFIG = GradeConfig()


class _LiveStroke:
    """The stroke being drawn, for judging its direction as it goes.

    grade() differentiates a centred moving average, which comes to the mean
    velocity over the window around a sample; the drill screen cannot see the
    future, so here it is the mean velocity over the window just past: the
    same filter, half a window late. The samples it judges, and where it
    places a breach, are grade()'s: each sample once its centred window fits
    in the stroke (the same test, in the same arithmetic, as
    metrics.smooth_motion's `full`), so both name the same place. As in
    grade(), a stroke too short for a full window is judged as a whole when it
    ends.
    """

    def __init__(self, window: float) -> None:
        self.window = window
        self.recent: deque[tuple[float, float, float]] = deque()
        self.pending: deque[tuple[float, float, float]] = deque()  # not yet half a window back
        self.clear()

    def clear(self) -> None:
        self.recent.clear()
        self.pending.clear()
        self.recent_x = 0.0  # the sum of x over `recent`
        self.first: tuple[float, float, float] | None = None
        self.last = (0.0, 0.0, 0.0)
        self.sum_x = 0.0
        self.count = 0
        self.judged = False

    def push(self, t: float, x: float, y: float) -> tuple[list[tuple[float, float, float]],
                                                         tuple[float, float, float]]:
        """Add a sample; return the samples whose centred window it completes, and
        (mean x, vx, vy) over the window just past (meaningful when there are any)."""
        if self.first is None:
            self.first = (t, x, y)
        self.last = (t, x, y)
        self.sum_x += x
        self.count += 1
        recent = self.recent
        recent.append((t, x, y))
        self.recent_x += x
        while len(recent) > 1 and recent[1][0] <= t - self.window:
            self.recent_x -= recent.popleft()[1]
        half, first_t = self.window / 2.0, self.first[0]
        pending = self.pending
        pending.append((t, x, y))
        centres = []
        while pending and pending[0][0] + half <= t:
            c = pending.popleft()
            if first_t <= c[0] - half:
                centres.append(c)
        t0, x0, y0 = recent[0]
        span = t - t0
        if not centres or span <= 0:
            return [], (0.0, 0.0, 0.0)
        self.judged = True
        return centres, (self.recent_x / len(recent), (x - x0) / span, (y - y0) / span)

    def whole(self) -> tuple[float, float, float] | None:
        """(mean x, vx, vy) of a stroke never judged on a full window; None otherwise."""
        if self.first is None or self.judged:
            return None
        (t0, x0, y0), (t1, x1, y1) = self.first, self.last
        if t1 <= t0:
            return None
        return self.sum_x / self.count, (x1 - x0) / (t1 - t0), (y1 - y0) / (t1 - t0)


class LiveChecker:
    """Checks samples as they are drawn, with the same predicates as grade().

    `add` returns the violations it finds at that sample, so the
    drill screen shows each once; `active_rules` holds the rules the latest
    sample breaks, for colouring the ink. Direction uses a trailing window, and
    places a breach at its centre, the sample where grade() finds it; a
    lift (rule 3) is reported when the hand touches down again, at the place
    it lifted, since only then is it known to be mid-phase. Whole-drill rules
    (order, intensity, kneading's overall progress) are left to grade().
    """

    def __init__(self, body: Body, technique: str, config: GradeConfig = _DEFAULT_CONFIG,
                 first_session: bool = False) -> None:
        self.config = config
        self.first_session = first_session
        self.violations: list[Violation] = []
        self.active_rules: frozenset[str] = frozenset()
        self._zones = ZoneIndex(body)
        self._stroke = _LiveStroke(config.smoothing_window_s)
        self._start: float | None = None
        self._late_reported = False
        self.phase = -1
        # Length-1 arrays reused every call, so the shared predicates run without reallocation.
        self._c = np.zeros(1, dtype=bool)
        self._p = np.zeros(1)
        self._x = np.zeros(1)
        self._y = np.zeros(1)
        self._sx = np.zeros(1)
        self._vx = np.zeros(1)
        self._vy = np.zeros(1)
        self._t = np.zeros(1)
        self._true = np.ones(1, dtype=bool)
        self._off = Places(np.zeros(1, dtype=bool), np.zeros(1, dtype=bool), np.ones(1, dtype=bool))
        self.start_phase(technique)

    def start_phase(self, technique: str) -> list[Violation]:
        """The learner moves on to the next technique; per-phase state starts afresh.

        Returns any violation found in closing the previous phase (a short
        stroke judged as a whole), as `finish` does.
        """
        closing = self.finish() if self.phase >= 0 else []
        self.technique = technique
        self.phase += 1
        gap = self.config.episode_gap_s
        self._episodes = {rule: _EpisodeTracker(gap) for rule in (SPINE, CAUTION_ZONE, AREA,
                                                                  DIRECTION, CONTACT)}
        self._touched = False
        self._lift: tuple[float, float, float] | None = None
        self._lift_last: float | None = None
        return closing

    def finish(self) -> list[Violation]:
        """The drill (or phase) ends: judge the stroke in progress if it was never judged."""
        new: list[Violation] = []
        self._end_stroke(new)
        self.violations.extend(new)
        return new

    def add(self, t: float, x: float, y: float, contact: bool, pressure: float) -> list[Violation]:
        """Check one sample; return the violations that start here."""
        cfg, tech = self.config, self.technique
        self._c[0], self._p[0], self._x[0], self._y[0], self._t[0] = contact, pressure, x, y, t
        c, pr = self._c, self._p
        new: list[Violation] = []
        active: set[str] = set()
        # Zones matter only to samples in contact; skipping the polygon tests
        # otherwise keeps a call cheap.
        places = self._zones.locate(self._x, self._y, self._true) if contact else self._off
        for rule, breaks in (
            (SPINE, spine_breach(tech, c, pr, places.in_spine, cfg)[0]),
            (CAUTION_ZONE, caution_breach(tech, c, pr, places.in_caution, cfg)[0]),
            (AREA, area_breach(c, places.on_area)[0]),
        ):
            if breaks:
                active.add(rule)
            if self._episodes[rule].step(t, bool(breaks)):
                new.append(violation_at(rule, self.phase, tech, self._zones, t, x, y))
        self._check_contact(t, x, y, contact, new)
        self._check_direction(t, x, y, new, active)
        if self._start is None:
            self._start = t
        if (not self._late_reported
                and bool(over_time(self._t, self._start, self.first_session, cfg)[0])):
            self._late_reported = True
            new.append(Violation(DURATION, self.phase, t, x, y, tech, elapsed_s=t - self._start,
                                 limit_s=cfg.first_session_limit_s))
        if self._late_reported:
            active.add(DURATION)
        self.active_rules = frozenset(active)
        self.violations.extend(new)
        return new

    def _check_contact(self, t: float, x: float, y: float, contact: bool,
                       new: list[Violation]) -> None:
        # lift_breach's definition seen from inside: off the skin after touching,
        # known to be mid-phase only once the hand comes back down.
        if self.technique not in CONTACT_TECHNIQUES:
            return
        if not contact:
            if self._touched and self._lift is None:
                self._lift = (t, x, y)
            if self._touched:
                self._lift_last = t
            return
        if self._lift is not None:
            lt, lx, ly = self._lift
            tracker = self._episodes[CONTACT]
            if tracker.step(lt, True):
                new.append(violation_at(CONTACT, self.phase, self.technique, self._zones,
                                        lt, lx, ly))
            assert self._lift_last is not None
            tracker.step(self._lift_last, True)  # the episode's last lifted sample
            tracker.step(t, False)
            self._lift = None
        self._touched = True

    def _check_direction(self, t: float, x: float, y: float, new: list[Violation],
                         active: set[str]) -> None:
        cfg = self.config
        if self.technique not in DIRECTION_TECHNIQUES or not working(self._c, self._p, cfg)[0]:
            self._end_stroke(new)
            return
        centres, smoothed = self._stroke.push(t, x, y)
        if not centres:
            return
        judged, breaks = self._judge(*smoothed)
        if not judged:
            return  # too slow to judge: the episode neither ends nor starts
        if breaks:
            active.add(DIRECTION)
        for ct, cx, cy in centres:  # placed where grade() judges this window
            if self._episodes[DIRECTION].step(ct, breaks):
                new.append(self._direction_violation(ct, cx, cy, smoothed))

    def _judge(self, mean_x: float, vx: float, vy: float) -> tuple[bool, bool]:
        """(direction_judged, direction_breach) on one smoothed sample."""
        cfg = self.config
        self._sx[0], self._vx[0], self._vy[0] = mean_x, vx, vy
        judged = bool(direction_judged(self._vx, self._vy, cfg)[0])
        return judged, judged and bool(
            direction_breach(self.technique, self._sx, self._vx, self._vy, cfg)[0])

    def _direction_violation(self, t: float, x: float, y: float,
                             smoothed: tuple[float, float, float]) -> Violation:
        _, vx, vy = smoothed
        return direction_violation_at(self.phase, self.technique, self._zones, t, x, y, vx, vy)

    def _end_stroke(self, new: list[Violation]) -> None:
        stroke = self._stroke
        whole = stroke.whole()
        if whole is not None and stroke.first is not None and self._judge(*whole)[1]:
            t, x, y = stroke.first  # grade() reports a whole-stroke breach at its start
            new.append(self._direction_violation(t, x, y, whole))
        stroke.clear()
        self._episodes[DIRECTION].reset()  # the next stroke is judged afresh


class _EpisodeTracker:
    """episode_starts' rule applied one sample at a time."""

    def __init__(self, gap: float) -> None:
        self.gap = gap
        self.reset()

    def reset(self) -> None:
        self.prev = False
        self.last: float | None = None

    def step(self, t: float, breaks: bool) -> bool:
        """Record one judged sample; True when an episode starts at it."""
        starts = breaks and not self.prev and (self.last is None or t - self.last >= self.gap)
        self.prev = breaks
        if breaks:
            self.last = t
        return starts
