"""Body-frame geometry as Qt paths: polygons, smooth anatomy curves, hatch lines.

Pure geometry, no painting and no pixels: the diagram, its static art and the
report's charts all draw the same shapes from these.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from PySide6.QtCore import QPointF, QRectF
from PySide6.QtGui import QPainterPath, QPolygonF

from massage_trainer.core.geometry import Point


def polygon_path(points: Iterable[Sequence[float]], closed: bool = True) -> QPainterPath:
    path = QPainterPath()
    poly = QPolygonF([QPointF(float(x), float(y)) for x, y in points])
    if closed:
        path.addPolygon(poly)
        path.closeSubpath()
    else:
        path.addPolygon(poly)
    return path


def smooth_path(points: Sequence[Point], closed: bool) -> QPainterPath:
    """A Catmull–Rom curve through the points: anatomy looks drawn, not plotted."""
    pts = [QPointF(x, y) for x, y in points]
    n = len(pts)
    path = QPainterPath(pts[0])
    count = n if closed else n - 1
    for i in range(count):
        p0 = pts[(i - 1) % n] if closed or i > 0 else pts[0]
        p1 = pts[i]
        p2 = pts[(i + 1) % n]
        p3 = pts[(i + 2) % n] if closed or i + 2 < n else pts[-1]
        c1 = p1 + (p2 - p0) / 6.0
        c2 = p2 - (p3 - p1) / 6.0
        path.cubicTo(c1, c2, p2)
    if closed:
        path.closeSubpath()
    return path


def hatch_path(bounds: QRectF, spacing: float, directions: Sequence[int]) -> QPainterPath:
    """Parallel lines across bounds at ±45°, in body-frame units so they scale with the view."""
    path = QPainterPath()
    size = bounds.width() + bounds.height()
    steps = int(size / spacing) + 2
    for d in directions:
        for i in range(steps):
            offset = i * spacing
            if d > 0:
                start = QPointF(bounds.left() + offset - bounds.height(), bounds.top())
                end = QPointF(start.x() + bounds.height(), bounds.bottom())
            else:
                start = QPointF(bounds.left() + offset, bounds.top())
                end = QPointF(start.x() - bounds.height(), bounds.bottom())
            path.moveTo(start)
            path.lineTo(end)
    return path
