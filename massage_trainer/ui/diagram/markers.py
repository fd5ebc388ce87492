"""Numbered violation badges on the diagram: placing them apart, and painting them."""

from __future__ import annotations

import math
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import Final

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QFont, QPainter

from massage_trainer.core.grading import Violation
from massage_trainer.core.rules import rule
from massage_trainer.ui.diagram.view import BackDiagram

MARKER_RADIUS: Final = 0.026  # back lengths


def rule_mark(rule_id: str) -> str:
    """What a violation's badge shows: the general rule's number, as the rule table
    (core/rules.py) says, or for a rule from no numbered rule its badge ("P", "T")."""
    return rule(rule_id).mark


@dataclass(frozen=True)
class Marker:
    """A violation's numbered badge, moved off its spot (with a leader back to it) when
    other badges would hide it."""

    violation: Violation
    number: str  # the rule's mark: "6", or "T" for the technique's form
    x: float
    y: float

    @property
    def displaced(self) -> bool:
        return (self.x, self.y) != (self.violation.x, self.violation.y)


# In marker radii: spots closer than LINK would put their badges over each other, so they
# form a cluster; a cluster whose spots lie within PILE of its centre is a pile, whose
# badges go round it on a ring; badges sit at least SPACING apart; a leader passes no
# other disc, and a badge no other spot, closer than CLEARANCE (a leader's width and a margin).
LINK: Final = 2.2
PILE: Final = 2.0
SPACING: Final = 2.4
CLEARANCE: Final = 1.15

Point = tuple[float, float]
Layout = dict[int, Point]


def place_markers(violations: Sequence[Violation], radius: float = MARKER_RADIUS) -> list[Marker]:
    """Badges for the violations, in the body frame, every number readable.

    A violation alone keeps its badge on its spot. A pile of violations (spots
    whose badges would overlap, close together) has its badges go round it on a
    ring, in the order of their spots round it, each with a leader to its spot.
    Any other badge that would overlap moves to the nearest free place round its
    spot. A place is free when its disc overlaps no other, covers no other
    violation's spot (where that one's leader starts), and no leader crosses it,
    nor its own leader another disc. Placed in the violations' order (a pile
    with no free ring badge by badge); when no place tried is free, the one with
    the fewest clashes.
    """
    at = place_badges([(v.x, v.y) for v in violations], radius)
    return [Marker(v, rule_mark(v.rule), *at[i]) for i, v in enumerate(violations)]


def place_badges(spots: Sequence[Point], radius: float = MARKER_RADIUS) -> list[Point]:
    """Where round badges of this radius go for these spots, each readable (as place_markers says)."""
    placed = _Placed(spots, radius)
    for group in _clusters(spots, LINK * radius):
        n = len(group)
        cx = sum(spots[i][0] for i in group) / n
        cy = sum(spots[i][1] for i in group) / n
        spread = max(math.hypot(spots[i][0] - cx, spots[i][1] - cy) for i in group)
        ring = _ring(group, (cx, cy), spread, placed) if n > 1 and spread <= PILE * radius else None
        if ring is not None and placed.clashes(ring) == 0:
            placed.add(ring)
        else:  # badge by badge, when no ring is free
            for i in group:
                placed.add(_near_spot(i, placed))
    return placed.at


class _Placed:
    """The badges placed so far, and their leaders; counts what a new layout would clash with."""

    def __init__(self, spots: Sequence[Point], r: float) -> None:
        self.spots, self.r = spots, r
        self.at: list[Point] = list(spots)
        self.discs: list[Point] = []
        self.leaders: list[tuple[Point, Point]] = []
        # Layouts left to try in all: a back crowded past any free place must not stall
        # the drill screen, which lays its markers out again at every new violation.
        self.budget = 2000

    def add(self, layout: Layout) -> None:
        for i, b in layout.items():
            self.at[i] = b
            self.discs.append(b)
            if b != self.spots[i]:
                self.leaders.append((self.spots[i], b))

    def clashes(self, layout: Layout, enough: int = 1) -> int:
        """How many clashes the layout would make (counting stops at `enough`)."""
        r, spots, found = self.r, self.spots, 0
        new = list(layout.values())
        for k, b in enumerate(new):
            found += sum(math.dist(b, d) < 2.1 * r for d in self.discs + new[k + 1:])
            found += sum(math.dist(b, p) < CLEARANCE * r for j, p in enumerate(spots)
                         if layout.get(j) != b)
            found += sum(_segment_distance(b, a, c) < CLEARANCE * r for a, c in self.leaders)
            if found >= enough:
                return found
        for i, b in layout.items():
            if b != spots[i]:
                others = self.discs + [d for d in new if d != b]
                found += sum(_segment_distance(d, spots[i], b) < CLEARANCE * r for d in others)
        return found


def _clusters(spots: Sequence[Point], reach: float) -> list[list[int]]:
    """Groups of spots linked by steps shorter than `reach`, in the order of their first."""
    parent = list(range(len(spots)))

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for i, (xi, yi) in enumerate(spots):
        for j in range(i):
            if math.hypot(xi - spots[j][0], yi - spots[j][1]) < reach:
                parent[root(i)] = root(j)
    groups: dict[int, list[int]] = {}
    for i in range(len(spots)):
        groups.setdefault(root(i), []).append(i)
    return sorted(groups.values(), key=lambda g: g[0])


def _best(layouts: Iterable[Layout], placed: _Placed) -> Layout:
    """The first free layout; failing that, the one with the fewest clashes."""
    best: tuple[int, Layout] | None = None
    for layout in layouts:
        if best is not None and placed.budget <= 0:
            break
        placed.budget -= 1
        n = placed.clashes(layout, best[0] if best else 10**9)
        if n == 0:
            return layout
        if best is None or n < best[0]:
            best = (n, layout)
    assert best is not None
    return best[1]


def _ring(group: list[int], centre: Point, spread: float, placed: _Placed) -> Layout:
    """A pile's badges round it, turned and widened until they are free."""
    spots, r, n = placed.spots, placed.r, len(group)
    cx, cy = centre
    # Round the ring in the order of the spots round the centre, so leaders do not cross.
    order = sorted(group, key=lambda i: math.atan2(spots[i][1] - cy, spots[i][0] - cx))
    base = max(SPACING * r / (2 * math.sin(math.pi / n)), spread + SPACING * r)

    def layouts() -> Iterator[Layout]:
        for widen in range(12):
            ring = base + widen * 0.5 * r
            for turn in range(8):
                start = math.pi / 2 + turn * (2 * math.pi / n) / 8
                yield {i: (cx + ring * math.cos(start + 2 * math.pi * k / n),
                           cy + ring * math.sin(start + 2 * math.pi * k / n))
                       for k, i in enumerate(order)}

    return _best(layouts(), placed)


def _near_spot(i: int, placed: _Placed) -> Layout:
    """One badge: on its spot if free, else the nearest free place round it."""
    (x, y), r = placed.spots[i], placed.r

    def layouts() -> Iterator[Layout]:
        yield {i: (x, y)}
        for k in range(8):  # out to about 11 radii: beyond, a leader is too long to follow
            ring = SPACING * r + k * 1.2 * r
            m = min(24, max(8, int(2 * math.pi * ring / (1.2 * r))))
            for a in range(m):
                # Up first, then alternately either way round: the nearest free place.
                turn = (a + 1) // 2 * (1 if a % 2 else -1) * 2 * math.pi / m
                yield {i: (x + ring * math.cos(math.pi / 2 + turn),
                           y + ring * math.sin(math.pi / 2 + turn))}

    return _best(layouts(), placed)


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
