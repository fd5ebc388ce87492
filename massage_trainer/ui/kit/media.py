"""Media-control glyphs (play, pause, back, forward) drawn in the theme's text colour."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Final

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QIcon, QPainter, QPixmap, QPolygonF


def _triangle(x0: float, x1: float) -> QPolygonF:
    """A triangle 20 units high pointing from x0 to x1, in a 32-unit square."""
    return QPolygonF([QPointF(x0, 6), QPointF(x1, 16), QPointF(x0, 26)])


_GLYPHS: Final[Mapping[str, tuple[tuple[QPolygonF, ...], tuple[QRectF, ...]]]] = {
    "play": ((_triangle(8, 26),), ()),
    "pause": ((), (QRectF(8, 6, 6, 20), QRectF(18, 6, 6, 20))),
    "back": ((_triangle(27, 10),), (QRectF(5, 6, 4, 20),)),
    "forward": ((_triangle(5, 22),), (QRectF(23, 6, 4, 20),)),
}


def media_icon(kind: str, colour: str) -> QIcon:
    """Play, pause, back and forward glyphs in the theme's text colour (the style's own
    icons may be black on a black high-contrast panel)."""
    polygons, rects = _GLYPHS[kind]
    icon = QIcon()
    for side in (32, 96):
        pix = QPixmap(side, side)
        pix.fill(Qt.GlobalColor.transparent)
        p = QPainter(pix)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        p.scale(side / 32, side / 32)
        p.setPen(Qt.PenStyle.NoPen)
        p.setBrush(QColor(colour))
        for polygon in polygons:
            p.drawPolygon(polygon)
        for rect in rects:
            p.drawRect(rect)
        p.end()
        icon.addPixmap(pix)
    return icon
