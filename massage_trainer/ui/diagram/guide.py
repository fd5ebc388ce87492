"""The drill's guide: the technique's movements drawn faint and numbered under the learner's ink.

The shapes come from the Techniques animation (`animation_shapes.py` over a core
`Timeline`): every movement as both hands draw it, so the mirrored side shows
too, each with small arrowheads for its direction and its number (1, 2, 3 ... in
the order they are done) on a badge at its start. Badges are placed apart as the
violation markers are (`markers.place_badges`), so no number hides another.

Faint on purpose: the learner's ink (solid, thicker) and the zones stay on top.
Everything is drawn once into a LayerCache, again only for another technique, a
new size or another theme.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Final

from PySide6.QtCore import QPointF, Qt
from PySide6.QtGui import QPainter

from massage_trainer.core.geometry import FloatArray
from massage_trainer.core.techniques import TechniqueLibrary
from massage_trainer.core.timeline import Timeline
from massage_trainer.ui.diagram.animation_shapes import (
    ARROW_HALF_WIDTH,
    ARROW_LENGTH,
    AnimationShapes,
    Guide,
    Polyline,
    arrowhead,
)
from massage_trainer.ui.diagram.cache import LayerCache
from massage_trainer.ui.diagram.markers import place_badges
from massage_trainer.ui.diagram.view import BackDiagram

# Strengths of the demonstration colour: the paths quiet, their arrowheads and numbers firmer.
PATH_ALPHA: Final = 0.4
ARROW_ALPHA: Final = 0.6
NUMBER_ALPHA: Final = 0.9
PATH_WIDTH: Final = 0.004  # back lengths; the ink is 0.01
TAP_RADIUS: Final = 0.006
BADGE_RADIUS: Final = 0.019
ARROWS_PER_PATH: Final = 3  # small arrowheads along each movement, the last at its end


@dataclass(frozen=True)
class GuideBadge:
    """A movement's number, placed off others; (spot_x, spot_y) is where the movement starts."""

    number: int
    x: float
    y: float
    spot_x: float
    spot_y: float


class GuideLayer:
    """A DiagramLayer; paints nothing until a technique is set and it is made visible."""

    def __init__(self, diagram: BackDiagram, library: TechniqueLibrary) -> None:
        self.diagram = diagram
        self.library = library
        self._visible = False
        self._technique: str | None = None
        self._guides: list[Guide] = []
        self.badges: list[GuideBadge] = []
        self._cache = LayerCache()
        self._drawn: str | None = None  # the technique the cache holds

    @property
    def technique(self) -> str | None:
        return self._technique

    @property
    def visible(self) -> bool:
        return self._visible

    def set_visible(self, on: bool) -> None:
        if on != self._visible:
            self._visible = on
            self.diagram.update()

    def set_technique(self, technique: str | None) -> None:
        """Guide this technique (None: nothing); the movements are worked out once, here."""
        if technique == self._technique:
            return
        self._technique = technique
        self._guides, self.badges = [], []
        if technique is not None:
            shapes = AnimationShapes(Timeline.for_technique(self.library[technique]), self.library, loop=False)
            self._guides = shapes.phase_guides(0)
            self.badges = self._place(self._guides)
        self._cache.invalidate()
        if self._visible:
            self.diagram.update()

    def movements(self) -> list[tuple[int, FloatArray]]:
        """Each movement's number and its path without pattern, one entry per side (for tests)."""
        return [(g.number, base.points) for g in self._guides for base in g.bases]

    @staticmethod
    def _place(guides: list[Guide]) -> list[GuideBadge]:
        spots, numbers = [], []
        for guide in guides:
            for base in guide.bases:
                x, y, dx, dy = base.at(0.0)
                # Just behind the start, so the badge does not sit on the path it begins.
                back = BADGE_RADIUS * 1.4
                spots.append((x - dx * back, y - dy * back))
                numbers.append(guide.number)
        at = place_badges(spots, BADGE_RADIUS)
        return [GuideBadge(n, bx, by, sx, sy) for n, (bx, by), (sx, sy) in zip(numbers, at, spots, strict=True)]

    # ------------------------------------------------------------ painting

    def paint(self, painter: QPainter, diagram: BackDiagram) -> None:
        if not self._visible or not self._guides:
            return
        if not self._cache.fresh(diagram) or self._drawn != self._technique:
            self._cache.reset(diagram)
            p = self._cache.painter(diagram)
            p.setRenderHint(QPainter.RenderHint.TextAntialiasing, True)
            self._paint_all(p, diagram)
            p.end()
            self._drawn = self._technique
        self._cache.blit(painter)

    def _paint_all(self, painter: QPainter, d: BackDiagram) -> None:
        t = d.theme
        for guide in self._guides:
            for hand, path in enumerate(guide.paths):
                painter.setPen(d.frame_pen(t.color("demo", PATH_ALPHA), PATH_WIDTH))
                painter.setBrush(Qt.BrushStyle.NoBrush)
                painter.drawPath(path)
                painter.setPen(Qt.PenStyle.NoPen)
                painter.setBrush(t.color("demo", PATH_ALPHA))
                for x, y in guide.taps[hand]:
                    painter.drawEllipse(QPointF(float(x), float(y)), TAP_RADIUS, TAP_RADIUS)
                self._paint_arrows(painter, d, guide.bases[hand])
        # Badges last, so no path runs over a number.
        for badge in self.badges:
            self._paint_badge(painter, d, badge)

    @staticmethod
    def _paint_arrows(painter: QPainter, d: BackDiagram, base: Polyline) -> None:
        painter.setPen(d.frame_pen(d.theme.color("label_halo", 0.6), 0.002))
        painter.setBrush(d.theme.color("demo", ARROW_ALPHA))
        for k in range(1, ARROWS_PER_PATH + 1):
            x, y, dx, dy = base.at(base.total * k / ARROWS_PER_PATH)
            small = 0.75 if k < ARROWS_PER_PATH else 1.0
            painter.drawPolygon(arrowhead(x, y, dx, dy, ARROW_LENGTH * 0.7 * small, ARROW_HALF_WIDTH * 0.6 * small))

    @staticmethod
    def _paint_badge(painter: QPainter, d: BackDiagram, badge: GuideBadge) -> None:
        t = d.theme
        centre = QPointF(badge.x, badge.y)
        if (badge.x, badge.y) != (badge.spot_x, badge.spot_y):  # moved off: a leader back to its start
            painter.setPen(d.frame_pen(t.color("demo", PATH_ALPHA), 0.002))
            painter.drawLine(QPointF(badge.spot_x, badge.spot_y), centre)
        painter.setPen(d.frame_pen(t.color("demo", ARROW_ALPHA), 0.003))
        painter.setBrush(t.color("label_halo", 0.85))
        painter.drawEllipse(centre, BADGE_RADIUS, BADGE_RADIUS)
        d.draw_text(painter, (badge.x, badge.y), str(badge.number), BADGE_RADIUS * 1.25,
                    t.color("demo", NUMBER_ALPHA), bold=True)
