"""The one pixmap cache for diagram layers: draw what does not move once, blit it each frame."""

from __future__ import annotations

import math

from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QPainter, QPixmap

from massage_trainer.ui.diagram.view import BackDiagram


class LayerCache:
    """A transparent pixmap over the whole diagram, remade when the view changes."""

    def __init__(self) -> None:
        self.pixmap: QPixmap | None = None
        self._key: tuple[object, ...] | None = None
        self.runs_drawn = 0

    @staticmethod
    def _key_of(diagram: BackDiagram) -> tuple[object, ...]:
        m = diagram.transform()
        return (diagram.width(), diagram.height(), diagram.devicePixelRatioF(),
                m.m11(), m.m22(), m.dx(), m.dy(), diagram.theme)

    def fresh(self, diagram: BackDiagram) -> bool:
        return self.pixmap is not None and self._key == self._key_of(diagram)

    def reset(self, diagram: BackDiagram) -> None:
        dpr = diagram.devicePixelRatioF()
        pix = QPixmap(QSize(math.ceil(diagram.width() * dpr), math.ceil(diagram.height() * dpr)))
        pix.setDevicePixelRatio(dpr)
        pix.fill(Qt.GlobalColor.transparent)
        self.pixmap = pix
        self._key = self._key_of(diagram)
        self.runs_drawn = 0

    def invalidate(self) -> None:
        self.pixmap = None
        self._key = None
        self.runs_drawn = 0

    def painter(self, diagram: BackDiagram) -> QPainter:
        assert self.pixmap is not None
        p = QPainter(self.pixmap)
        p.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        p.setTransform(diagram.transform())
        return p

    def blit(self, painter: QPainter) -> None:
        if self.pixmap is not None:
            painter.save()
            painter.resetTransform()
            painter.drawPixmap(0, 0, self.pixmap)
            painter.restore()
