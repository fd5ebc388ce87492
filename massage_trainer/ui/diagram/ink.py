"""The learner's live ink on the back diagram, as they trace a drill.

The styles are the ones the replay and the report draw in (ui/replay.py,
docs/visual-language.md): a working stroke bluish green and solid, a light glide sky blue
and dashed, a stroke that breaks a rule vermillion and thicker, with a
numbered marker (the general rule) where the episode began.

Drawing must stay cheap on a 4K projector at pointer rate, so each new
segment is drawn once into an image the size of the diagram and only the
widget rectangle under it is repainted. The image is drawn afresh from the
kept runs only when the diagram's size, scale or theme changes.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from PySide6.QtCore import QPointF, QRectF, QSize, Qt
from PySide6.QtGui import QImage, QPainter, QPen, QPolygonF

from massage_trainer.core.grading import Violation
from massage_trainer.ui.diagram.markers import Marker, marker_extent, paint_marker, place_markers
from massage_trainer.ui.diagram.trace import BROKEN_WIDTH, Ink, Trace
from massage_trainer.ui.diagram.view import BackDiagram

__all__ = ["Ink", "InkLayer"]


@dataclass
class _Run:
    """Consecutive segments in one ink, as one polyline."""

    ink: Ink
    points: list[QPointF]
    length: float = 0.0  # back lengths so far, to carry the dash pattern from segment to segment


class InkLayer:
    """A DiagramLayer holding the ink; add it with diagram.add_layer(layer)."""

    def __init__(self, diagram: BackDiagram) -> None:
        self.diagram = diagram
        self.runs: list[_Run] = []
        self.markers: list[Marker] = []
        self.selected: Violation | None = None
        self._image: QImage | None = None
        self._key: tuple[object, ...] = ()
        self._last: QPointF | None = None  # the pen's position while it is down

    # --- building the ink -----------------------------------------------------

    def clear(self) -> None:
        self.runs.clear()
        self.markers.clear()
        self.selected = None
        self._last = None
        self._image = None
        self.diagram.update()

    @property
    def segment_count(self) -> int:
        return sum(len(r.points) - 1 for r in self.runs)

    def pen_down(self, x: float, y: float) -> None:
        """The hand touches down at (x, y); the next extend() draws from here."""
        self._last = QPointF(x, y)

    def pen_up(self) -> None:
        self._last = None

    def extend(self, x: float, y: float, ink: Ink) -> None:
        """Draw a segment from the last point to (x, y), and repaint only under it."""
        b = QPointF(x, y)
        a = self._last
        self._last = b
        if a is None or ink == Ink.LIFTED:
            return
        run = self.runs[-1] if self.runs else None
        if run is None or run.ink != ink or run.points[-1] != a:
            run = _Run(ink, [a])
            self.runs.append(run)
        offset = run.length
        run.points.append(b)
        run.length += math.hypot(b.x() - a.x(), b.y() - a.y())
        if self._image is not None and self._key == self._wanted_key():
            painter = self._painter()
            painter.setPen(self._pen(ink, offset))
            painter.drawLine(a, b)
            painter.end()
        pad = BROKEN_WIDTH
        self.diagram.update_frame_rect(min(a.x(), b.x()) - pad, min(a.y(), b.y()) - pad,
                                       max(a.x(), b.x()) + pad, max(a.y(), b.y()) + pad)

    def add_violations(self, violations: list[Violation]) -> None:
        """Numbered markers for newly broken rules, nudged off the markers already there."""
        if not violations:
            return
        placed = place_markers([m.violation for m in self.markers] + violations)
        for marker in placed[len(self.markers):]:
            self.markers.append(marker)
            self.diagram.update_frame_rect(*marker_extent(marker))

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

    def _wanted_key(self) -> tuple[object, ...]:
        d = self.diagram
        m = d.transform()
        return (d.width(), d.height(), d.devicePixelRatioF(), m.m11(), m.m22(), m.dx(), m.dy(),
                d.theme)

    def _painter(self) -> QPainter:
        assert self._image is not None
        painter = QPainter(self._image)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        painter.setTransform(self.diagram.transform())
        return painter

    def _render(self) -> None:
        """Draw every run afresh (after a resize or a theme change)."""
        d = self.diagram
        dpr = d.devicePixelRatioF()
        image = QImage(QSize(math.ceil(d.width() * dpr), math.ceil(d.height() * dpr)),
                       QImage.Format.Format_ARGB32_Premultiplied)
        image.setDevicePixelRatio(dpr)
        image.fill(Qt.GlobalColor.transparent)
        self._image = image
        self._key = self._wanted_key()
        painter = self._painter()
        for run in self.runs:
            painter.setPen(self._pen(run.ink))
            painter.drawPolyline(QPolygonF(run.points))
        painter.end()

    def paint(self, painter: QPainter, diagram: BackDiagram) -> None:
        if self._image is None or self._key != self._wanted_key():
            self._render()
        assert self._image is not None
        painter.save()
        painter.resetTransform()
        clip = painter.clipBoundingRect() if painter.hasClipping() else QRectF()
        if clip.isEmpty():
            clip = QRectF(0, 0, diagram.width(), diagram.height())
        dpr = self._image.devicePixelRatio()
        source = QRectF(clip.x() * dpr, clip.y() * dpr, clip.width() * dpr, clip.height() * dpr)
        painter.drawImage(clip, self._image, source)
        painter.restore()
        if self.markers:
            inverse, _ok = diagram.transform().inverted()
            area = inverse.mapRect(clip)
            for m in self.markers:
                x0, y0, x1, y1 = marker_extent(m)
                if area.intersects(QRectF(x0, y0, x1 - x0, y1 - y0)):
                    paint_marker(painter, diagram, m, m.violation == self.selected)
