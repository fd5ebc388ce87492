"""A learner tracing on the back, for the grader's tests: recordings drawn segment by segment."""

from __future__ import annotations

import math
from collections.abc import Iterable
from typing import Any

import numpy as np

from massage_trainer.core.grading import Report, Violation
from massage_trainer.core.live import LiveChecker
from massage_trainer.core.recording import Recording, RecordingBuilder
from massage_trainer.core.rules import DOING_RULES


class Tracer:
    """Draws a recording the way a learner would: segments at a steady sampling rate."""

    def __init__(self, technique: str = "stroking", x: float = 0.2, y: float = 0.1,
                 rate: float = 100.0, first_session: bool = False) -> None:
        self.builder = RecordingBuilder(technique, first_session)
        self.x, self.y, self.t, self.rate = x, y, 0.0, rate
        self.fresh = True

    def _add(self, x: float, y: float, contact: bool, pressure: float) -> None:
        self.builder.add(self.t, x, y, contact, pressure)
        self.t += 1.0 / self.rate

    def to(self, x: float, y: float, seconds: float = 1.0, pressure: float = 0.5,
           contact: bool = True, noise: float = 0.0, seed: int = 0) -> Tracer:
        """Move in a straight line; the first segment of a phase also samples its start."""
        rng = np.random.default_rng(seed)
        n = max(1, round(seconds * self.rate))
        for k in range(0 if self.fresh else 1, n + 1):
            f = k / n
            jx, jy = rng.uniform(-noise, noise, 2) if noise else (0.0, 0.0)
            self._add(self.x + (x - self.x) * f + jx, self.y + (y - self.y) * f + jy,
                      contact, pressure)
        self.fresh = False
        self.x, self.y = x, y
        return self

    def hold(self, seconds: float, pressure: float = 0.5, contact: bool = True) -> Tracer:
        return self.to(self.x, self.y, seconds, pressure, contact)

    def jump(self, x: float, y: float) -> Tracer:
        """Put the pointer somewhere else; the next segment starts there."""
        self.x, self.y, self.fresh = x, y, True
        return self

    def taps(self, count: int, period: float = 0.25, down: float = 0.05,
             pressure: float = 0.5, dx: float = 0.0, dy: float = 0.0) -> Tracer:
        """Percussion: short touches at a steady beat, drifting by (dx, dy) per tap."""
        for _ in range(count):
            self.to(self.x + dx, self.y + dy, down, pressure, contact=True)
            self.to(self.x, self.y, period - down, pressure, contact=False)
        return self

    def phase(self, technique: str) -> Tracer:
        self.builder.start_phase(technique)
        self.fresh = True
        return self

    def build(self) -> Recording:
        return self.builder.build()


def rules(report: Report, rule: str | None = None) -> list[str] | list[Violation]:
    if rule is None:
        return [v.rule for v in report.violations]
    return [v for v in report.violations if v.rule == rule]


def safety(violations: Iterable[Violation]) -> list[str]:
    """The rule ids broken, leaving out revision 2's rules about whether the technique was
    done: for tests of the safety rules on traces too short to be a whole drill."""
    return [v.rule for v in violations if v.rule not in DOING_RULES]


def count(report: Report, rule: str) -> int:
    return sum(1 for v in report.violations if v.rule == rule)


def good_stroking(tracer: Tracer | None = None, x: float = 0.2, pressure: float = 0.5,
                  strokes: int = 3) -> Tracer:
    """Up with pressure, glide back down lightly, both sides."""
    tr = tracer or Tracer(x=x, y=0.1)
    if tracer is None:
        tr.jump(x, 0.1)
    for side in [x, -x] * strokes:
        tr.to(side, 0.1, 0.5, pressure=0.2)  # glide across at light pressure
        tr.to(side, 0.9, 1.5, pressure=pressure)
        tr.to(side, 0.1, 1.0, pressure=0.2)
    return tr


def circles(tr: Tracer, end_x: float, seconds: float, radius: float = 0.012,
            hz: float = 3.0, phase0: float = 0.0) -> Tracer:
    """Small circles while travelling in a straight line: rubbing as the reference shows it."""
    x0, y0 = tr.x, tr.y
    n = round(seconds * tr.rate)
    for k in range(n + 1):
        f, a = k / n, 2 * math.pi * hz * k / tr.rate + phase0
        tr.builder.add(tr.t, x0 + (end_x - x0) * f + radius * math.cos(a),
                       y0 + radius * math.sin(a), True, 0.55)
        tr.t += 1.0 / tr.rate
    tr.x, tr.fresh = end_x, True
    return tr


def session(techniques: list[str], pressures: dict[int, float] | None = None) -> Recording:
    pressures = pressures or {}
    tr = Tracer(techniques[0], x=0.2, y=0.1)
    for i, technique in enumerate(techniques):
        if i:
            tr.phase(technique)
        tr.jump(0.2, 0.1).to(0.2, 0.9, 1.0, pressure=pressures.get(i, 0.35 + 0.05 * i))
    return tr.build()


def replay(rec: Recording, body: Any, first_session: bool = False) -> LiveChecker:
    live = LiveChecker(body, rec.phases[0].technique, first_session=first_session)
    for i, phase in enumerate(rec.phases):
        if i:
            live.start_phase(phase.technique)
        for row in zip(phase.t.tolist(), phase.x.tolist(), phase.y.tolist(),
                       phase.contact.tolist(), phase.pressure.tolist(), strict=True):
            live.add(*row)
    live.finish()
    return live


def key(v: Violation) -> tuple[str, int, float]:
    return (v.rule, v.phase, round(v.t, 6))
