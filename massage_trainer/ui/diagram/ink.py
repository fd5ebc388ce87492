"""The learner's live ink on the back diagram, as they trace a drill.

The styles are the ones the replay and the report draw in (ui/diagram/trace.py,
docs/visual-language.md): a working stroke bluish green and solid, a light glide sky blue
and dashed, a stroke that breaks a rule vermillion and thicker, with a
numbered marker (the general rule) where the episode began.

A percussion blow is a mark where it landed, drawn the moment it lands, as the
report draws it (`Trace.paint_tap`): a dot, a ring for a light one.

Drawing must stay cheap on a 4K projector at pointer rate, so each new
segment is drawn once into the layer's cache (ui/diagram/cache.py) and only the
widget rectangle under it is repainted. The cache is drawn afresh from the
kept runs only when the diagram's size, scale or theme changes.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Final

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QPainter, QPen, QPolygonF

from massage_trainer.core.grading import Violation
from massage_trainer.ui.diagram.cache import LayerCache
from massage_trainer.ui.diagram.markers import Marker, marker_extent, paint_marker, place_markers
from massage_trainer.ui.diagram.trace import BROKEN_WIDTH, TAP_RADIUS, Ink, Trace
from massage_trainer.ui.diagram.view import BackDiagram

__all__ = ["EARLIER_OPACITY", "Ink", "InkLayer"]

EARLIER_OPACITY: Final = 0.3  # the ink of a session's earlier phases, under the phase being traced


@dataclass
class _Run:
    """Consecutive segments in one ink, as one polyline."""

    ink: Ink
    points: list[QPointF]
    length: float = 0.0  # back lengths so far, to carry the dash pattern from segment to segment
    tap: bool = False  # a blow: one point, drawn as a mark


class InkLayer:
    """A DiagramLayer holding the ink; add it with diagram.add_layer(layer)."""

    def __init__(self, diagram: BackDiagram) -> None:
        self.diagram = diagram
        self.runs: list[_Run] = []
        self.markers: list[Marker] = []
        self.selected: Violation | None = None
        self.faded = 0  # runs before this index belong to earlier phases, drawn faint
        self._cache = LayerCache()
        self._last: QPointF | None = None  # the pen's position while it is down

    # --- building the ink -----------------------------------------------------

    def clear(self) -> None:
        self.runs.clear()
        self.faded = 0
        self.markers.clear()
        self.selected = None
        self._last = None
        self._cache.invalidate()
        self.diagram.update()

    @property
    def segment_count(self) -> int:
        return sum(len(r.points) - 1 for r in self.runs if not r.tap)

    @property
    def tap_count(self) -> int:
        return sum(1 for r in self.runs if r.tap)

    def pen_down(self, x: float, y: float) -> None:
        """The hand touches down at (x, y); the next extend() draws from here."""
        self._last = QPointF(x, y)

    def pen_up(self) -> None:
        self._last = None

    @property
    def is_down(self) -> bool:
        """The pen is on the back: the next extend() draws a line."""
        return self._last is not None

    def tap(self, x: float, y: float, ink: Ink) -> None:
        """A blow landed at (x, y): its mark, drawn now."""
        self._last = None
        run = _Run(ink, [QPointF(x, y)], tap=True)
        self.runs.append(run)
        if self._cache.fresh(self.diagram):
            painter = self._cache.painter(self.diagram)
            self._paint_tap(painter, run)
            painter.end()
        pad = TAP_RADIUS * 2 + BROKEN_WIDTH
        self.diagram.update_frame_rect(x - pad, y - pad, x + pad, y + pad)

    def extend(self, x: float, y: float, ink: Ink) -> None:
        """Draw a segment from the last point to (x, y), and repaint only under it."""
        b = QPointF(x, y)
        a = self._last
        self._last = b
        if a is None or ink == Ink.LIFTED:
            return
        run = self.runs[-1] if self.runs else None
        if run is None or len(self.runs) <= self.faded or run.ink != ink or run.points[-1] != a:
            run = _Run(ink, [a])
            self.runs.append(run)
        offset = run.length
        run.points.append(b)
        run.length += math.hypot(b.x() - a.x(), b.y() - a.y())
        if self._cache.fresh(self.diagram):  # else the next paint draws every run afresh
            painter = self._cache.painter(self.diagram)
            painter.setPen(self._pen(ink, offset))
            painter.drawLine(a, b)
            painter.end()
        pad = BROKEN_WIDTH
        self.diagram.update_frame_rect(min(a.x(), b.x()) - pad, min(a.y(), b.y()) - pad,
                                       max(a.x(), b.x()) + pad, max(a.y(), b.y()) + pad)

    def fade_earlier(self) -> None:
        """A new phase begins: the ink so far goes faint, so the new technique's ink reads
        clearly over it (a broken rule's marker stays as it was)."""
        self.faded = len(self.runs)  # a stroke kept on into the new phase goes on as a new run
        self._cache.invalidate()
        self.diagram.update()

    def add_violations(self, violations: list[Violation]) -> None:
        """Numbered markers for newly broken rules; a cluster the new ones join is laid out
        afresh, so the markers already there may move to keep every number readable."""
        if not violations:
            return
        placed = place_markers([m.violation for m in self.markers] + violations)
        for marker in self.markers + placed:  # where each was, and where each is now
            self.diagram.update_frame_rect(*marker_extent(marker))
        self.markers = placed

    def select(self, violation: Violation | None) -> None:
        """Ring one violation's marker (picked in the report); None removes the ring."""
        for m in self.markers:
            if m.violation in (self.selected, violation):
                self.diagram.update_frame_rect(*marker_extent(m))
        self.selected = violation

    # --- drawing ---------------------------------------------------------------------

    def _pen(self, ink: Ink, offset: float = 0.0) -> QPen:
        pen = Trace.pen(self.diagram, ink)
        if pen.style() != Qt.PenStyle.SolidLine:
            # Dash units are pen widths; carry on the pattern where the last segment left it.
            pen.setDashOffset(offset / max(pen.widthF(), 1e-9))
        return pen

    def _paint_tap(self, painter: QPainter, run: _Run) -> None:
        """A blow's mark, as the report draws it: a dot; a ring for a light one."""
        Trace.paint_tap_at(painter, self.diagram, run.ink, run.points[0])

    def render(self) -> None:
        """Draw every run afresh into the cache (after a resize or a theme change)."""
        self._cache.reset(self.diagram)
        painter = self._cache.painter(self.diagram)
        for i, run in enumerate(self.runs):
            painter.setOpacity(EARLIER_OPACITY if i < self.faded else 1.0)
            if run.tap:
                self._paint_tap(painter, run)
                continue
            painter.setPen(self._pen(run.ink))
            painter.drawPolyline(QPolygonF(run.points))
        painter.end()

    def paint(self, painter: QPainter, diagram: BackDiagram) -> None:
        if not self._cache.fresh(diagram):
            self.render()
        self._cache.blit(painter)
        if self.markers:
            area = diagram.dirty_frame_rect(painter)
            for m in self.markers:
                x0, y0, x1, y1 = marker_extent(m)
                if area.intersects(QRectF(x0, y0, x1 - x0, y1 - y0)):
                    paint_marker(painter, diagram, m, m.violation == self.selected)
