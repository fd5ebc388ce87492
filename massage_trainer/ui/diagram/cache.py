"""The one pixmap cache for diagram layers: draw what does not move once, blit it each frame.

A layer keeps a `LayerCache`, asks `fresh(diagram)` before painting, and when it
is not (a first paint, a resize, a new scale or theme) calls `reset(diagram)` and
paints into `painter(diagram)`, in the body frame, before `blit`ting it. A layer
that grows (the live ink, a replay) may keep painting into the same pixmap.
"""

from __future__ import annotations

import math
from collections.abc import Callable

from PySide6.QtCore import QPointF, QRectF, QSize, Qt
from PySide6.QtGui import QPainter, QPixmap

from massage_trainer.ui.diagram.view import BackDiagram


class LayerCache:
    """A transparent pixmap over the whole diagram, remade when the view changes."""

    def __init__(self) -> None:
        self.pixmap: QPixmap | None = None
        self._key: tuple[object, ...] | None = None
        self.runs_drawn = 0  # for layers that add runs of ink one by one (the replay)

    @staticmethod
    def _key_of(diagram: BackDiagram) -> tuple[object, ...]:
        m = diagram.transform()
        return (diagram.width(), diagram.height(), diagram.devicePixelRatioF(),
                m.m11(), m.m22(), m.dx(), m.dy(), diagram.theme)

    def fresh(self, diagram: BackDiagram) -> bool:
        """Whether the pixmap holds what was painted at the diagram's current size, scale and theme."""
        return self.pixmap is not None and self._key == self._key_of(diagram)

    def reset(self, diagram: BackDiagram) -> None:
        """A new, empty pixmap the size of the diagram."""
        dpr = diagram.devicePixelRatioF()
        pix = QPixmap(QSize(math.ceil(diagram.width() * dpr), math.ceil(diagram.height() * dpr)))
        pix.setDevicePixelRatio(dpr)
        pix.fill(Qt.GlobalColor.transparent)
        self.pixmap = pix
        self._key = self._key_of(diagram)
        self.runs_drawn = 0

    def invalidate(self) -> None:
        """Forget the pixmap (it is repainted, or freed while the layer is off the diagram)."""
        self.pixmap = None
        self._key = None
        self.runs_drawn = 0

    def painter(self, diagram: BackDiagram) -> QPainter:
        """A painter on the pixmap, mapped to the body frame; end() it when done."""
        assert self.pixmap is not None
        p = QPainter(self.pixmap)
        p.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        p.setTransform(diagram.transform())
        return p

    def blit(self, painter: QPainter) -> None:
        """Copy the pixmap onto the widget: only the part under the painter's clip, when it has one."""
        if self.pixmap is None:
            return
        painter.save()
        painter.resetTransform()
        clip = painter.clipBoundingRect() if painter.hasClipping() else QRectF()
        if clip.isEmpty():
            painter.drawPixmap(0, 0, self.pixmap)
        else:
            # A pointer-rate repaint is a few pixels square: copy those, not a 4K pixmap.
            dpr = self.pixmap.devicePixelRatio()
            source = QRectF(clip.x() * dpr, clip.y() * dpr, clip.width() * dpr, clip.height() * dpr)
            painter.drawPixmap(clip, self.pixmap, source)
        painter.restore()


class SpriteCache:
    """Small pixmaps drawn once and stamped on each repaint: a box of a layer, or a marker's disc.

    Where a LayerCache covers the whole diagram, a sprite covers only `rect` (widget
    pixels, relative to the point it is stamped at). Sprites are keyed by what they
    show and by LayerCache's view key: a new size, zoom, pixel ratio or theme drops
    them all; past `limit` sprites the cache starts again, so it stays small.
    """

    def __init__(self, limit: int = 1) -> None:
        self.limit = limit
        self._view: tuple[object, ...] | None = None
        self._sprites: dict[object, tuple[QPixmap, QPointF]] = {}

    def stamp(self, painter: QPainter, diagram: BackDiagram, key: object, rect: QRectF,
              draw: Callable[[QPainter], None], at: QPointF | None = None) -> None:
        """Blit the sprite for `key` at `at` (widget pixels), drawing it first if need be.

        `draw` gets a painter whose origin is `at` (so `rect` around it is the pixmap);
        it sets any further transform it needs, such as the diagram's.
        """
        view = LayerCache._key_of(diagram)
        if view != self._view:
            self._view = view
            self._sprites.clear()
        sprite = self._sprites.get(key)
        if sprite is None:
            if len(self._sprites) >= self.limit:
                self._sprites.clear()
            sprite = self._draw(diagram, rect, draw)
            self._sprites[key] = sprite
        pixmap, offset = sprite
        if pixmap.isNull():
            return
        at = at if at is not None else QPointF()
        painter.save()
        painter.resetTransform()
        painter.drawPixmap(QPointF(round(at.x() + offset.x()), round(at.y() + offset.y())), pixmap)
        painter.restore()

    def invalidate(self) -> None:
        self._view = None
        self._sprites.clear()

    @staticmethod
    def _draw(diagram: BackDiagram, rect: QRectF, draw: Callable[[QPainter], None]) -> tuple[QPixmap, QPointF]:
        if rect.isEmpty():
            return QPixmap(), rect.topLeft()
        dpr = diagram.devicePixelRatioF()
        pix = QPixmap(QSize(math.ceil(rect.width() * dpr), math.ceil(rect.height() * dpr)))
        pix.setDevicePixelRatio(dpr)
        pix.fill(Qt.GlobalColor.transparent)
        p = QPainter(pix)
        p.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        p.setRenderHint(QPainter.RenderHint.TextAntialiasing, True)
        p.translate(-rect.left(), -rect.top())
        draw(p)
        p.end()
        return pix, rect.topLeft()
