"""The replay's diagram layer: the demonstration, the ink up to now, the markers reached, the hand.

Painting stays cheap at 4K: the demonstration and the finished runs of ink are
drawn once into the layer's cache (ui/diagram/cache.py), and each frame adds
only the run in progress, the markers and the hand over it.
"""

from __future__ import annotations

import itertools
from typing import TYPE_CHECKING, Final

from PySide6.QtCore import QPointF, Qt
from PySide6.QtGui import QColor, QPainter

from massage_trainer.ui.diagram.cache import LayerCache
from massage_trainer.ui.diagram.markers import paint_marker
from massage_trainer.ui.diagram.trace import DEMO_WIDTH, Ink, Trace
from massage_trainer.ui.diagram.view import BackDiagram

if TYPE_CHECKING:
    from massage_trainer.ui.practice.replay import ReplayView

HAND_RADIUS: Final = 0.02
# The model's strokes fade from DEMO_ALPHA at their head to DEMO_FADED at their tail, in the
# steps of the Techniques animation's trail (docs/visual-language.md).
FADE_STEPS: Final = 7
DEMO_ALPHA: Final = 0.8
DEMO_FADED: Final = 0.2


def _faded(colour: QColor, alpha: float) -> QColor:
    faded = QColor(colour)
    faded.setAlphaF(alpha)
    return faded


class ReplayLayer:
    """The diagram layer: demonstration, ink up to now, markers reached so far, the hand."""

    def __init__(self, view: ReplayView) -> None:
        self.view = view
        self.cache = LayerCache()

    def _paint_base(self, painter: QPainter, diagram: BackDiagram) -> None:
        """The model, in the demonstration's style: blue, solid, with arrowheads, each stroke
        fading behind its head in FADE_STEPS steps; a ring at each blow of percussion."""
        demo = self.view.demo_trace
        if demo is None:
            return
        base = diagram.theme.color("demo")
        for k, run in enumerate(demo.runs):
            if run.ink == Ink.GLIDE:  # the strokes, not the light returns between them
                continue
            if run.tap:
                demo.paint_tap(painter, diagram, run, _faded(base, DEMO_ALPHA), ring=True)
                continue
            poly = demo.polygon(k)
            cuts = [round(i * (len(poly) - 1) / FADE_STEPS) for i in range(FADE_STEPS + 1)]
            for step, (a, b) in enumerate(itertools.pairwise(cuts)):
                if b > a:
                    alpha = DEMO_FADED + (DEMO_ALPHA - DEMO_FADED) * step / (FADE_STEPS - 1)
                    painter.setPen(diagram.frame_pen(_faded(base, alpha), DEMO_WIDTH))
                    demo.draw_polygon(painter, poly[a:b + 1])
        painter.setPen(diagram.frame_pen(_faded(base, DEMO_ALPHA), DEMO_WIDTH * 1.4))
        painter.drawPath(self.view.demo_arrow_path)

    def paint(self, painter: QPainter, diagram: BackDiagram) -> None:
        view = self.view
        trace = view.trace
        if trace is None:
            return
        index = view.current_index()
        done = trace.runs_done(index)
        cache = self.cache
        if not cache.fresh(diagram) or done < cache.runs_drawn:
            cache.reset(diagram)
            p = cache.painter(diagram)
            self._paint_base(p, diagram)
            p.end()
        if done > cache.runs_drawn:
            p = cache.painter(diagram)
            trace.paint_runs(p, diagram, cache.runs_drawn, done)
            p.end()
            cache.runs_drawn = done
        cache.blit(painter)
        k = trace.run_at(index)
        if k is not None:
            trace.paint_partial(painter, diagram, k, index)
        now = view.position()
        for i, marker in enumerate(view.markers):
            if marker.violation.t <= now and i != view.selected:
                paint_marker(painter, diagram, marker)
        if 0 <= view.selected < len(view.markers):  # picked in the list: ringed, even ahead of the hand
            paint_marker(painter, diagram, view.markers[view.selected], selected=True)
        self._paint_hand(painter, diagram, trace, index)

    @staticmethod
    def _paint_hand(painter: QPainter, diagram: BackDiagram, trace: Trace, index: int) -> None:
        t = diagram.theme
        at = QPointF(float(trace.x[index]), float(trace.y[index]))
        ink = Ink(int(trace.ink[index]))
        outline = diagram.frame_pen(t.color("text"), 0.004)
        if ink == Ink.LIFTED:
            # Lifted: a hollow dashed ring, so contact is told by shape as well as colour.
            outline.setStyle(Qt.PenStyle.DashLine)
            painter.setPen(outline)
            painter.setBrush(Qt.BrushStyle.NoBrush)
        else:
            name = {Ink.GLIDE: "glide", Ink.WORKING: "ink", Ink.BROKEN: "violation"}[ink]
            painter.setPen(outline)
            painter.setBrush(t.color(name, 0.85))
        painter.drawEllipse(at, HAND_RADIUS, HAND_RADIUS)
