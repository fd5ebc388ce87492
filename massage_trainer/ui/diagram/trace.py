"""A recording as runs of ink, ready to paint on the diagram in the body frame.

`Trace` splits a recording into runs of working ink (bluish green, solid), a light
glide (sky blue, dashed) and a broken rule (vermillion, thicker), in the styles of
docs/visual-language.md. In a percussion phase each contact is a blow, so it is one
run drawn as a tap mark at the spot it landed (a dot; a ring for a light one), in
the worst ink of its samples, never as a line. Which samples break a rule comes from the grader itself
(core/grading.py); nothing here judges. The report, the replay and the live ink
all paint with it.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from enum import IntEnum
from typing import Final

import numpy as np
from PySide6.QtCore import QPointF, Qt
from PySide6.QtGui import QColor, QPainter, QPainterPath, QPen

from massage_trainer.core.body import Body
from massage_trainer.core.geometry import BoolArray, FloatArray
from massage_trainer.core.grading import GradeConfig, broken_samples
from massage_trainer.core.predicates import working
from massage_trainer.core.recording import Recording
from massage_trainer.core.technique_ids import LIFTING_TECHNIQUES
from massage_trainer.ui.diagram.view import BackDiagram
from massage_trainer.ui.kit import theme as th

DEFAULT_CONFIG: Final = GradeConfig()
GLIDE_WIDTH: Final = th.INK_WIDTH * 0.7
BROKEN_WIDTH: Final = th.INK_WIDTH * 1.8
DEMO_WIDTH: Final = th.INK_WIDTH * 0.5
ARROW_SPACING: Final = 0.12  # back lengths of path between the demonstration's arrowheads
ARROW_SIZE: Final = 0.022
TAP_RADIUS: Final = th.INK_WIDTH * 0.9  # a blow's mark; a broken one is BROKEN_WIDTH / INK_WIDTH larger


class Ink(IntEnum):
    LIFTED = 0  # not drawn: the hand is off the skin
    GLIDE = 1
    WORKING = 2
    BROKEN = 3


@dataclass(frozen=True)
class InkRun:
    """Consecutive samples in one ink; `lead` is where its line starts (the run before's end)."""

    ink: Ink
    lead: int
    start: int
    end: int  # one past the last sample
    tap: bool = False  # one blow of percussion: a mark where it landed (sample `start`)


class Trace:
    """A recording as runs of ink, with a polyline per run, ready to paint in the body frame."""

    def __init__(self, recording: Recording, body: Body, config: GradeConfig = DEFAULT_CONFIG,
                 judge: bool = True) -> None:
        joined = recording.samples
        self.recording = recording
        self.t: FloatArray = joined.t
        self.x: FloatArray = joined.x
        self.y: FloatArray = joined.y
        self.contact: BoolArray = joined.contact
        pressure = joined.pressure
        n = len(self.t)
        ink = np.full(n, Ink.LIFTED, dtype=np.int8)
        ink[self.contact] = Ink.GLIDE
        ink[working(self.contact, pressure, config)] = Ink.WORKING
        if judge:
            ink[self.contact & broken_samples(recording, body, config)] = Ink.BROKEN
        # A percussion contact is one blow: one run, in the worst ink any of its samples has.
        lifting = np.array([t in LIFTING_TECHNIQUES for t in joined.techniques], dtype=bool)
        tapping = self.contact & lifting[joined.phase]
        edges = np.flatnonzero(np.diff(np.concatenate(([0], tapping.view(np.int8), [0]))))
        blows = edges[0::2]
        for s, e in zip(blows.tolist(), edges[1::2].tolist(), strict=True):
            ink[s:e] = ink[s:e].max()
        self.ink = ink
        change = np.ones(n, dtype=bool)
        change[1:] = (ink[1:] != ink[:-1]) | (tapping[1:] != tapping[:-1])
        change[blows] = True
        starts = np.flatnonzero(change)
        ends = np.append(starts[1:], n)
        runs: list[InkRun] = []
        polys: list[list[QPointF]] = []
        xs, ys = self.x.tolist(), self.y.tolist()
        for s, e in zip(starts.tolist(), ends.tolist(), strict=True):
            if ink[s] == Ink.LIFTED:
                continue
            tap = bool(tapping[s])
            joined_on = s > 0 and ink[s - 1] != Ink.LIFTED and not tap and not tapping[s - 1]
            lead = s - 1 if joined_on else s  # a line joins on to the run before
            runs.append(InkRun(Ink(int(ink[s])), lead, s, e, tap))
            polys.append([QPointF(xs[s], ys[s])] if tap else
                         [QPointF(px, py) for px, py in zip(xs[lead:e], ys[lead:e], strict=True)])
        self.runs = runs
        self._polys = polys
        self._ends = np.array([r.end for r in runs], dtype=np.intp)

    def __len__(self) -> int:
        return len(self.t)

    @property
    def start(self) -> float:
        return float(self.t[0])

    @property
    def end(self) -> float:
        return float(self.t[-1])

    def index_at(self, t: float) -> int:
        """The last sample at or before time t (the first sample before the start)."""
        return max(0, int(np.searchsorted(self.t, t, side="right")) - 1)

    def runs_done(self, index: int) -> int:
        """How many runs end at or before sample `index`."""
        return int(np.searchsorted(self._ends, index + 1, side="right"))

    def run_at(self, index: int) -> int | None:
        """The run sample `index` belongs to, if it is inked."""
        k = self.runs_done(index)
        if k < len(self.runs) and self.runs[k].start <= index:
            return k
        return None

    @staticmethod
    def pen(diagram: BackDiagram, ink: Ink, colour: QColor | None = None) -> QPen:
        t = diagram.theme
        if ink == Ink.GLIDE:
            return diagram.frame_pen(colour or t.color("glide"), GLIDE_WIDTH, Qt.PenStyle.DashLine)
        if ink == Ink.BROKEN:
            return diagram.frame_pen(colour or t.color("violation"), BROKEN_WIDTH)
        return diagram.frame_pen(colour or t.color("ink"), th.INK_WIDTH)

    def paint_runs(self, painter: QPainter, diagram: BackDiagram, first: int, last: int) -> None:
        """Runs [first, last) in full."""
        current: Ink | None = None
        for k in range(first, last):
            run = self.runs[k]
            if run.tap:
                self.paint_tap(painter, diagram, run)
                current = None
                continue
            if run.ink != current:
                current = run.ink
                painter.setPen(self.pen(diagram, run.ink))
            self.draw_polygon(painter, self._polys[k])

    def paint_tap(self, painter: QPainter, diagram: BackDiagram, run: InkRun,
                  colour: QColor | None = None, ring: bool = False) -> None:
        """A blow's mark at the spot it landed: a dot; a ring for a glide (or when `ring`)."""
        at = QPointF(float(self.x[run.start]), float(self.y[run.start]))
        Trace.paint_tap_at(painter, diagram, run.ink, at, colour, ring)

    @staticmethod
    def paint_tap_at(painter: QPainter, diagram: BackDiagram, ink: Ink, at: QPointF,
                     colour: QColor | None = None, ring: bool = False) -> None:
        """A blow's mark in this ink at `at` (the live ink draws each as it lands)."""
        pen = Trace.pen(diagram, ink, colour)
        hollow = ring or ink == Ink.GLIDE
        radius = TAP_RADIUS * (BROKEN_WIDTH / th.INK_WIDTH if ink == Ink.BROKEN else 1.0)
        pen.setStyle(Qt.PenStyle.SolidLine)
        if hollow:  # a ring a little wider than a dot, with a thin line, so its middle shows
            radius *= 1.4
            pen.setWidthF(pen.widthF() * 0.5 if ink == Ink.GLIDE else diagram.frame_pen(
                pen.color(), GLIDE_WIDTH * 0.5).widthF())
        else:
            pen.setWidthF(pen.widthF() * 0.5)
        painter.save()
        painter.setPen(pen)
        painter.setBrush(Qt.BrushStyle.NoBrush if hollow else pen.color())
        painter.drawEllipse(at, radius, radius)
        painter.restore()

    def polygon(self, k: int) -> list[QPointF]:
        """Run k's line, from its lead to its last sample."""
        return self._polys[k]

    def paint_partial(self, painter: QPainter, diagram: BackDiagram, k: int, upto: int) -> None:
        """Run k from its lead up to sample `upto` (inclusive)."""
        run = self.runs[k]
        if run.tap:
            self.paint_tap(painter, diagram, run)  # a blow lands whole
            return
        painter.setPen(self.pen(diagram, run.ink))
        self.draw_polygon(painter, self._polys[k][:upto - run.lead + 1])

    @staticmethod
    def draw_polygon(painter: QPainter, poly: Sequence[QPointF]) -> None:
        if len(poly) == 1:
            painter.drawPoint(poly[0])  # a single touch (a tap) shows as a dot
        else:
            painter.drawPolyline(poly)

    def bounds(self, i0: int, i1: int) -> tuple[float, float, float, float]:
        """The body-frame box of samples i0..i1 inclusive."""
        lo, hi = min(i0, i1), max(i0, i1) + 1
        xs, ys = self.x[lo:hi], self.y[lo:hi]
        return float(xs.min()), float(ys.min()), float(xs.max()), float(ys.max())


def demo_arrows(trace: Trace) -> QPainterPath:
    """Arrowheads along the demonstration's working strokes, every ARROW_SPACING of path."""
    path = QPainterPath()
    for run in trace.runs:
        if run.ink == Ink.GLIDE or run.tap:
            continue
        xs, ys = trace.x[run.lead:run.end], trace.y[run.lead:run.end]
        if len(xs) < 2:
            continue
        seg = np.hypot(np.diff(xs), np.diff(ys))
        along = np.concatenate(([0.0], np.cumsum(seg)))
        total = float(along[-1])
        if total < ARROW_SPACING / 2:
            continue
        for d in np.arange(ARROW_SPACING / 2, total, ARROW_SPACING):
            i = int(np.searchsorted(along, d))
            i = min(max(i, 1), len(xs) - 1)
            j0 = int(np.searchsorted(along, d - 0.02))
            j1 = min(int(np.searchsorted(along, d + 0.02)), len(xs) - 1)
            dx, dy = float(xs[j1] - xs[j0]), float(ys[j1] - ys[j0])
            norm = math.hypot(dx, dy)
            if norm == 0:
                continue
            ux, uy = dx / norm, dy / norm
            tip = QPointF(float(xs[i]), float(ys[i]))
            for side in (1, -1):
                ang = math.radians(150 * side)
                bx = ux * math.cos(ang) - uy * math.sin(ang)
                by = ux * math.sin(ang) + uy * math.cos(ang)
                path.moveTo(tip)
                path.lineTo(tip + QPointF(bx, by) * ARROW_SIZE)
    return path
