"""Numbered violation badges on the diagram: placing them apart, and painting them."""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Final

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QFont, QPainter

from massage_trainer.core.grading import Violation
from massage_trainer.core.rules import rule
from massage_trainer.ui.diagram.view import BackDiagram

MARKER_RADIUS: Final = 0.026  # back lengths


def rule_number(rule_id: str) -> int:
    """The general rule a rule id comes from, as the rule table (core/rules.py) says."""
    number = rule(rule_id).number
    if number is None:  # every rule graded so far comes from a numbered general rule
        raise ValueError(f"the rule {rule_id!r} has no general-rule number")
    return number



@dataclass(frozen=True)
class Marker:
    """A violation's numbered badge, nudged off the others when they would overlap."""

    violation: Violation
    number: int
    x: float
    y: float

    @property
    def displaced(self) -> bool:
        return (self.x, self.y) != (self.violation.x, self.violation.y)


def place_markers(violations: Sequence[Violation], radius: float = MARKER_RADIUS) -> list[Marker]:
    placed: list[Marker] = []
    for v in violations:
        x, y = v.x, v.y
        k = 0
        # A sunflower spiral around the spot finds a free place quickly and stays compact.
        while k < 60 and any(math.hypot(x - m.x, y - m.y) < 2.1 * radius for m in placed):
            k += 1
            dist, ang = 2.2 * radius * math.sqrt(k), k * 2.39996
            x, y = v.x + dist * math.cos(ang), v.y + dist * math.sin(ang)
        placed.append(Marker(v, rule_number(v.rule), x, y))
    return placed


def _luminance(c: QColor) -> float:
    def lin(v: float) -> float:
        return v / 12.92 if v <= 0.03928 else ((v + 0.055) / 1.055) ** 2.4
    return 0.2126 * lin(c.redF()) + 0.7152 * lin(c.greenF()) + 0.0722 * lin(c.blueF())


def readable_on(fill: QColor) -> QColor:
    """Black or white, whichever contrasts more with the fill (WCAG)."""
    lum = _luminance(fill)
    return QColor("#000000") if (lum + 0.05) / 0.05 >= 1.05 / (lum + 0.05) else QColor("#FFFFFF")


def marker_extent(marker: Marker) -> tuple[float, float, float, float]:
    """The body-frame box a marker (selected, with its leader) may paint in."""
    r = MARKER_RADIUS * 1.3 + 0.02
    v = marker.violation
    return (min(marker.x - r, v.x - 0.01), min(marker.y - r, v.y - 0.01),
            max(marker.x + r, v.x + 0.01), max(marker.y + r, v.y + 0.01))


def paint_marker(painter: QPainter, diagram: BackDiagram, marker: Marker, selected: bool = False) -> None:
    """The badge: a filled vermillion disc with the rule number; a highlight ring when selected."""
    t = diagram.theme
    fill = t.color("violation")
    v = marker.violation
    centre = QPointF(marker.x, marker.y)
    radius = MARKER_RADIUS * (1.3 if selected else 1.0)
    if marker.displaced:
        painter.setPen(diagram.frame_pen(t.color("text"), 0.0025))
        painter.drawLine(QPointF(v.x, v.y), centre)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(fill)
        painter.drawEllipse(QPointF(v.x, v.y), 0.008, 0.008)
    if selected:
        scale = max(diagram.scale(), 1e-6)
        ring = diagram.frame_pen(diagram.palette().highlight().color(), max(0.007, 3.0 / scale))
        painter.setPen(ring)
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.drawEllipse(centre, radius + 0.012, radius + 0.012)
    painter.setPen(diagram.frame_pen(t.color("label_halo"), 0.004))
    painter.setBrush(fill)
    painter.drawEllipse(centre, radius, radius)
    # The number is drawn in pixels, upright (the painter's frame has y up).
    painter.save()
    painter.resetTransform()
    font = QFont(diagram.font())
    font.setBold(True)
    font.setPixelSize(max(8, round(radius * 1.2 * diagram.scale())))
    painter.setFont(font)
    painter.setPen(readable_on(fill))
    at = diagram.to_widget(marker.x, marker.y)
    r_px = radius * diagram.scale()
    painter.drawText(QRectF(at.x() - r_px, at.y() - r_px, 2 * r_px, 2 * r_px),
                     Qt.AlignmentFlag.AlignCenter, str(marker.number))
    painter.restore()
