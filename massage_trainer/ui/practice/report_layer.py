"""The report's diagram layer: the traced path, faint, and a numbered marker at every violation."""

from __future__ import annotations

from typing import Final

from PySide6.QtGui import QPainter

from massage_trainer.ui.diagram.cache import LayerCache
from massage_trainer.ui.diagram.markers import Marker, marker_extent, paint_marker
from massage_trainer.ui.diagram.trace import Trace
from massage_trainer.ui.diagram.view import BackDiagram

TRACE_OPACITY: Final = 0.45  # the report's path is context for the markers, so it stays faint


class ReportMarkers:
    """DiagramLayer: the traced path, faint, and a numbered marker at every violation.

    The path never changes while the report shows, so it is painted once into a
    pixmap; the markers (a handful) are drawn on top, the selected one last.
    """

    def __init__(self) -> None:
        self.trace: Trace | None = None
        self.markers: list[Marker] = []
        self.selected = -1
        self.diagram: BackDiagram | None = None
        self._cache = LayerCache()

    def set_report(self, trace: Trace, markers: list[Marker]) -> None:
        self.trace = trace
        self.markers = markers
        self.selected = -1
        self._cache.invalidate()
        if self.diagram is not None:
            self.diagram.update()

    def set_selected(self, index: int) -> None:
        old, self.selected = self.selected, index
        if self.diagram is not None:
            for i in (old, index):
                if 0 <= i < len(self.markers):
                    self.diagram.update_frame_rect(*marker_extent(self.markers[i]), margin_px=8)

    def attach(self, diagram: BackDiagram) -> None:
        if self.diagram is not diagram:
            self.detach()
            self.diagram = diagram
            diagram.add_layer(self)

    def detach(self) -> None:
        if self.diagram is not None:
            self.diagram.remove_layer(self)
            self.diagram = None
        self._cache.invalidate()

    def paint(self, painter: QPainter, diagram: BackDiagram) -> None:
        if self.trace is None:
            return
        if not self._cache.fresh(diagram):
            self._cache.reset(diagram)
            p = self._cache.painter(diagram)
            p.setOpacity(TRACE_OPACITY)
            self.trace.paint_runs(p, diagram, 0, len(self.trace.runs))
            p.end()
        self._cache.blit(painter)
        for i, marker in enumerate(self.markers):
            if i != self.selected:
                paint_marker(painter, diagram, marker)
        if 0 <= self.selected < len(self.markers):
            paint_marker(painter, diagram, self.markers[self.selected], selected=True)
