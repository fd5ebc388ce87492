"""A legend sample of a hand marker, drawn like the technique animation draws it."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QPointF, QRectF, QSize, Qt
from PySide6.QtGui import QPainter, QPaintEvent, QPen, QPolygonF
from PySide6.QtWidgets import QWidget

from massage_trainer.ui.kit import theme as th


class MarkerSwatch(QWidget):
    """A hand marker in a legend: "work" (filled), "glide" (light, dashed) or "lifted" (hollow)."""

    def __init__(self, theme: th.Theme, style: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._theme = theme
        self._style = style
        self.setFixedSize(self.sizeHint())

    def sizeHint(self) -> QSize:
        h = max(18, self.fontMetrics().height() + 4)
        return QSize(round(h * 1.6), h)

    def changeEvent(self, event: QEvent) -> None:
        self.setFixedSize(self.sizeHint())  # it grows with the type
        super().changeEvent(event)

    def set_theme(self, theme: th.Theme) -> None:
        self._theme = theme
        self.update()

    def paintEvent(self, event: QPaintEvent) -> None:
        p = QPainter(self)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        t = self._theme
        r = QRectF(self.rect()).adjusted(2, 2, -2, -2)
        radius = r.height() / 2 - 1
        centre = QPointF(r.left() + radius + 1, r.center().y())
        colour = t.color("glide") if self._style == "glide" else t.color("demo")
        # The arrowhead, pointing right.
        tip = QPointF(r.right(), r.center().y())
        base = r.right() - radius * 0.9
        p.setPen(Qt.PenStyle.NoPen)
        p.setBrush(colour)
        p.drawPolygon(QPolygonF([tip, QPointF(base, tip.y() - radius * 0.6), QPointF(base, tip.y() + radius * 0.6)]))
        if self._style == "work":
            p.setPen(QPen(colour.darker(150), 1.2))
            p.setBrush(colour)
        elif self._style == "glide":
            pen = QPen(colour.darker(130), 1.5)
            pen.setStyle(Qt.PenStyle.DashLine)
            p.setPen(pen)
            p.setBrush(t.color("glide", 0.35))
        else:
            p.setPen(QPen(colour, max(2.0, radius * 0.35)))
            p.setBrush(Qt.BrushStyle.NoBrush)
            radius -= max(2.0, radius * 0.35) / 2
        p.drawEllipse(centre, radius, radius)
        p.end()
