"""Small shared widgets: headings, wrapped text, the legend swatches, the side panel."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QPointF, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QPainter, QPaintEvent, QPalette, QPen
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QScrollArea, QSizePolicy, QVBoxLayout, QWidget

from massage_trainer.ui.kit import theme as th


def heading(text: str, level: int = 1) -> QLabel:
    label = QLabel(text)
    label.setObjectName(f"heading{level}")
    label.setWordWrap(True)
    f = label.font()
    f.setBold(True)
    # Headings step up by about 1.25x per level (docs/visual-language.md).
    f.setPointSizeF(f.pointSizeF() * (1.25 ** (3 - level)))
    label.setFont(f)
    label.setProperty("scaleFactor", 1.25 ** (3 - level))
    return label


def paragraph(text: str = "", rich: bool = False) -> QLabel:
    label = QLabel(text)
    label.setWordWrap(True)
    label.setTextFormat(Qt.TextFormat.RichText if rich else Qt.TextFormat.PlainText)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    label.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Minimum)
    return label


class Swatch(QWidget):
    """A legend sample drawn with the same colour and pattern as the diagram."""

    def __init__(self, colour: str, pattern: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._colour = colour
        self._pattern = pattern  # "cross", "diagonal", "solid", "dashed", "line", "fill"
        self.setFixedSize(self.sizeHint())

    def sizeHint(self) -> QSize:
        h = max(18, self.fontMetrics().height() + 4)
        return QSize(round(h * 1.6), h)

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.FontChange:
            self.setFixedSize(self.sizeHint())  # grow with the type on a projector
        super().changeEvent(event)

    def set_colour(self, colour: str) -> None:
        self._colour = colour
        self.update()

    def paintEvent(self, event: QPaintEvent) -> None:
        p = QPainter(self)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        r = QRectF(self.rect()).adjusted(1, 1, -1, -1)
        c = QColor(self._colour)
        if self._pattern in ("cross", "diagonal", "fill"):
            fill = QColor(c)
            fill.setAlphaF(0.3)
            p.fillRect(r, fill)
            p.setClipRect(r)
            p.setPen(QPen(c, 1.4))
            step = r.height() / 3
            x = r.left() - r.height()
            while x < r.right():
                p.drawLine(QPointF(x, r.bottom()), QPointF(x + r.height(), r.top()))
                if self._pattern == "cross":
                    p.drawLine(QPointF(x, r.top()), QPointF(x + r.height(), r.bottom()))
                x += step
            p.setClipping(False)
            edge = QPen(c.darker(115), 1.6)
            edge.setStyle(Qt.PenStyle.SolidLine if self._pattern == "cross" else Qt.PenStyle.DashLine)
            p.setPen(edge)
            p.drawRect(r)
        else:
            pen = QPen(c, max(2.0, r.height() / 5))
            pen.setCapStyle(Qt.PenCapStyle.RoundCap)
            if self._pattern == "dashed":
                pen.setStyle(Qt.PenStyle.DashLine)
            p.setPen(pen)
            p.drawLine(QPointF(r.left() + 2, r.center().y()), QPointF(r.right() - 2, r.center().y()))
        p.end()


def swatch_row(swatch: QWidget, text: str) -> QWidget:
    """A legend line: a small sample of what is drawn, then what it means."""
    row = QWidget()
    lay = QHBoxLayout(row)
    lay.setContentsMargins(0, 0, 0, 0)
    lay.setSpacing(th.SPACING)
    lay.addWidget(swatch, 0, Qt.AlignmentFlag.AlignTop)
    lay.addWidget(paragraph(text), 1)
    return row


def legend_row(colour: str, pattern: str, text: str) -> QWidget:
    return swatch_row(Swatch(colour, pattern), text)


class Card(QFrame):
    """A bordered box for grouped content in a side panel."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("card")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.body = QVBoxLayout(self)
        self.body.setContentsMargins(th.SPACING * 2, th.SPACING * 2, th.SPACING * 2, th.SPACING * 2)
        self.body.setSpacing(th.SPACING)


class SidePanel(QScrollArea):
    """The panel beside the diagram: it scrolls rather than clips on a short window."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWidgetResizable(True)
        self.setFrameShape(QScrollArea.Shape.NoFrame)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        inner = QWidget()
        self.column = QVBoxLayout(inner)
        self.column.setContentsMargins(th.SPACING * 2, th.SPACING * 2, th.SPACING * 2, th.SPACING * 2)
        self.column.setSpacing(th.SPACING * 2)
        self.setWidget(inner)

    def finish(self) -> None:
        self.column.addStretch(1)


def muted(label: QLabel, theme: th.Theme) -> QLabel:
    """Secondary text in the theme's muted colour (it still meets AA on the panel)."""
    pal = label.palette()
    pal.setColor(QPalette.ColorRole.WindowText, theme.color("muted"))
    label.setPalette(pal)
    return label
