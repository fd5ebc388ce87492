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
    """A violation's numbered badge, moved off its spot (with a leader back to it) when
    other badges would hide it."""

    violation: Violation
    number: int
    x: float
    y: float

    @property
    def displaced(self) -> bool:
        return (self.x, self.y) != (self.violation.x, self.violation.y)


# In marker radii: clusters closer than LINK have no room for a leader between them, so
# they merge; badges sit at least SPACING apart; a leader passes no other disc, and a
# badge no other spot, closer than CLEARANCE (a leader's width, and a margin).
LINK: Final = 2.2
SPACING: Final = 2.4
CLEARANCE: Final = 1.15

Point = tuple[float, float]


def place_markers(violations: Sequence[Violation], radius: float = MARKER_RADIUS) -> list[Marker]:
    """Badges for the violations, in the body frame, every number readable.

    A violation alone keeps its badge on its spot. Violations whose badges would
    overlap form a cluster, and the cluster's badges go round it on a ring, in
    the order of their spots around it, each with a leader to its spot. Clusters
    whose rings would reach each other are merged into one, so no ring crosses
    another; a ring turns or widens until no disc overlaps another, covers
    another's spot, or is crossed by a leader.
    """
    spots = [(v.x, v.y) for v in violations]
    at: list[Point] = list(spots)
    discs: list[Point] = []
    leaders: list[tuple[Point, Point]] = []
    for group in _clusters(spots, radius):
        layout = _place_group(group, spots, discs, leaders, radius)
        for i, b in layout.items():
            at[i] = b
            discs.append(b)
            if b != spots[i]:
                leaders.append((spots[i], b))
    return [Marker(v, rule_number(v.rule), *p) for v, p in zip(violations, at, strict=True)]


@dataclass(frozen=True)
class _Ring:
    """Where a cluster's badges go: round (cx, cy) at `radius` (0 for a lone badge on its spot)."""

    members: tuple[int, ...]
    cx: float
    cy: float
    radius: float
    order: tuple[int, ...]  # the members in the order of their spots round the centre


def _ring(members: Sequence[int], spots: Sequence[Point], r: float) -> _Ring:
    n = len(members)
    cx = sum(spots[i][0] for i in members) / n
    cy = sum(spots[i][1] for i in members) / n
    if n == 1:
        return _Ring(tuple(members), cx, cy, 0.0, tuple(members))
    spread = max(math.hypot(spots[i][0] - cx, spots[i][1] - cy) for i in members)
    chord = SPACING * r / (2 * math.sin(math.pi / n))
    # Round the ring in the order of the spots round the centre, so leaders do not cross.
    order = sorted(members, key=lambda i: math.atan2(spots[i][1] - cy, spots[i][0] - cx))
    return _Ring(tuple(members), cx, cy, max(chord, spread + SPACING * r), tuple(order))


def _clusters(spots: Sequence[Point], r: float) -> list[_Ring]:
    """Spots whose badges would overlap, merged until no cluster's ring reaches another's."""
    rings = [_ring([i], spots, r) for i in range(len(spots))]
    done: list[_Ring] = []  # clusters that reach none of the others in `done`
    while rings:
        ring = rings.pop()
        near = next((k for k, other in enumerate(done) if _touch(ring, other, r)), None)
        if near is None:
            done.append(ring)
        else:  # merged, it is checked again: its ring is wider now
            rings.append(_ring(sorted(ring.members + done.pop(near).members), spots, r))
    return sorted(done, key=lambda g: min(g.members))


def _touch(a: _Ring, b: _Ring, r: float) -> bool:
    """Whether two clusters' badges, with room for a leader between, would meet."""
    return math.hypot(a.cx - b.cx, a.cy - b.cy) < a.radius + b.radius + LINK * r


def _place_group(ring: _Ring, spots: Sequence[Point], discs: list[Point],
                 leaders: list[tuple[Point, Point]], r: float) -> dict[int, Point]:
    if ring.radius == 0.0:
        i = ring.members[0]
        if _clear({i: spots[i]}, spots, discs, leaders, r):
            return {i: spots[i]}
    n = len(ring.order)
    layout: dict[int, Point] = {}
    for widen in range(16):
        radius = max(ring.radius, SPACING * r) + widen * 0.5 * r
        for turn in range(8):
            start = math.pi / 2 + turn * (2 * math.pi / n) / 8
            layout = {i: (ring.cx + radius * math.cos(start + 2 * math.pi * k / n),
                          ring.cy + radius * math.sin(start + 2 * math.pi * k / n))
                      for k, i in enumerate(ring.order)}
            if _clear(layout, spots, discs, leaders, r):
                return layout
    return layout  # crowded beyond any ring tried: the widest, last try


def _clear(layout: dict[int, Point], spots: Sequence[Point], discs: list[Point],
           leaders: list[tuple[Point, Point]], r: float) -> bool:
    """No new disc over a disc, and no leader (new or old) across another's disc."""
    new = list(layout.values())
    for k, b in enumerate(new):
        if any(math.dist(b, d) < 2 * r * 1.05 for d in discs + new[k + 1:]):
            return False
        if any(math.dist(b, p) < CLEARANCE * r for j, p in enumerate(spots) if layout.get(j) != b):
            return False  # a badge over another's spot would sit on that one's leader
        if any(_segment_distance(b, a, c) < CLEARANCE * r for a, c in leaders):
            return False
    for i, b in layout.items():
        if b == spots[i]:
            continue
        others = discs + [d for d in new if d != b]
        if any(_segment_distance(d, spots[i], b) < CLEARANCE * r for d in others):
            return False
    return True


def _segment_distance(p: Point, a: Point, b: Point) -> float:
    """How far point p is from the segment from a to b."""
    (px, py), (ax, ay), (bx, by) = p, a, b
    dx, dy = bx - ax, by - ay
    length2 = dx * dx + dy * dy
    f = 0.0 if length2 == 0 else max(0.0, min(1.0, ((px - ax) * dx + (py - ay) * dy) / length2))
    return math.hypot(px - ax - f * dx, py - ay - f * dy)


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
