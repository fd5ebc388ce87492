"""A chart frame for every screen: pyqtgraph loaded on demand, themed, and scaled with the type.

pyqtgraph takes about 200 ms to import, most of the app's start-up budget,
so nothing here imports it at module level: `load_pyqtgraph()` does, the
first time a chart is built. A `ChartBox` restyles its axes, labels and
lines whenever its font changes, so a chart on a 4K projector is as legible
as on a laptop. Legends are Qt widgets under the chart (they scale with the
type for free). The charts themselves live with their screens (ui/practice/charts.py, ui/progress/charts.py).
"""

from __future__ import annotations

from typing import Any, Final

from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QColor, QFont, QFontMetrics, QPen
from PySide6.QtWidgets import QGridLayout, QHBoxLayout, QLabel, QSizePolicy, QVBoxLayout, QWidget

from massage_trainer.ui.kit import theme as th
from massage_trainer.ui.kit.dialogs import plain_label
from massage_trainer.ui.kit.widgets import Swatch

# A colour-blind-safe sequential map: more contact reads darker on a light
# panel, brighter on a dark one.
COLORMAP: Final = "cividis"
PRESSURE_COLOUR: Final = th.REDDISH_PURPLE


def speed_colour(theme: th.Theme) -> str:
    """Okabe–Ito blue on a light panel; sky blue, which keeps its contrast, on a dark one."""
    return th.BLUE if QColor(theme.panel).lightnessF() > 0.5 else th.SKY_BLUE


def load_pyqtgraph(theme: th.Theme) -> Any:
    """Import pyqtgraph (only when a chart is first built) and set it to the theme."""
    import pyqtgraph as pg

    pg.setConfigOptions(background=theme.panel, foreground=theme.text, antialias=True)
    return pg


def colormap(theme: th.Theme) -> Any:
    pg = load_pyqtgraph(theme)
    cmap = pg.colormap.get(COLORMAP)
    if QColor(theme.panel).lightnessF() > 0.5:
        cmap.reverse()
    return cmap


def label_fill(theme: th.Theme) -> QColor:
    """A backing for text on a chart, so a curve passing under it does not hide it."""
    fill = QColor(theme.panel)
    fill.setAlphaF(0.85)
    return fill


def legend_item(colour: str, pattern: str, text: str) -> QWidget:
    row = QWidget()
    lay = QHBoxLayout(row)
    lay.setContentsMargins(0, 0, 0, 0)
    lay.setSpacing(th.SPACING // 2)
    lay.addWidget(Swatch(colour, pattern))
    label = plain_label(QLabel(text))
    label.setWordWrap(True)
    lay.addWidget(label, 1)
    return row


class ChartBox(QWidget):
    """A themed pyqtgraph PlotWidget with a Qt legend under it.

    `lines` is the chart's height in lines of the widget's type, so it grows
    with the font. The plot ignores the mouse: a report is read, not explored,
    and a wheel over a chart must scroll the report, not zoom the chart.
    """

    def __init__(self, theme: th.Theme, lines: float, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.theme = theme
        self.pg = load_pyqtgraph(theme)
        self._lines = lines
        self.widget = self.pg.PlotWidget(background=theme.panel)
        self.widget.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.plot = self.widget.getPlotItem()
        self.plot.setMenuEnabled(False)
        self.plot.setMouseEnabled(x=False, y=False)
        self.plot.hideButtons()
        self.widget.setInteractive(False)
        self._axis_labels: dict[str, str] = {}
        self.legend = QGridLayout()
        self.legend.setContentsMargins(0, 0, 0, 0)
        self.legend.setHorizontalSpacing(th.SPACING * 2)
        self.legend.setVerticalSpacing(th.SPACING // 2)
        column = QVBoxLayout(self)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(th.SPACING)
        column.addWidget(self.widget, 1)
        column.addLayout(self.legend)

    def add_legend(self, colour: str, pattern: str, text: str, columns: int = 2) -> QWidget:
        n = self.legend.count()
        item = legend_item(colour, pattern, text)
        self.legend.addWidget(item, n // columns, n % columns)
        return item

    def add_note(self, text: str) -> QLabel:
        """A legend entry that is text only (rich text allowed), across the legend's width."""
        label = QLabel(text)
        label.setObjectName("chartNote")
        label.setTextFormat(Qt.TextFormat.RichText)  # the program's own words and marks, never a learner's
        label.setWordWrap(True)
        self.legend.addWidget(label, self.legend.rowCount(), 0, 1, -1)
        return label

    def set_axis_label(self, axis: str, text: str) -> None:
        if axis not in self._axis_labels:
            # Back lengths and seconds, never "(x0.001)". pyqtgraph works the prefix out
            # even while disabling it, so disable it before the label shows.
            self.plot.getAxis(axis).enableAutoSIPrefix(False)
        self._axis_labels[axis] = text
        self.plot.showAxis(axis)
        self._style_axis(axis)

    # --- scale with the type ------------------------------------------------------

    def ui_scale(self) -> float:
        """How much larger than the laptop size the type is (1 on a laptop, up to 2.6)."""
        return max(1.0, self.font().pointSizeF() / th.BASE_POINT_SIZE)

    def px(self, width: float) -> float:
        return width * self.ui_scale()

    def tick_font(self) -> QFont:
        f = QFont(self.font())
        f.setPointSizeF(self.font().pointSizeF() * 0.9)
        return f

    def pen(self, colour: str | QColor, width: float, style: Qt.PenStyle = Qt.PenStyle.SolidLine) -> QPen:
        pen = QPen(QColor(colour), self.px(width))
        pen.setStyle(style)
        pen.setCosmetic(True)
        return pen

    def _style_axis(self, name: str) -> None:
        axis = self.plot.getAxis(name)
        t = self.theme
        axis.setPen(self.pen(t.muted, 1))
        axis.setTextPen(QColor(t.text))
        font = self.tick_font()
        axis.setStyle(tickFont=font, tickTextOffset=round(self.px(4)), tickLength=-round(self.px(5)))
        labelled = name in self._axis_labels
        if labelled:
            axis.setLabel(self._axis_labels[name], color=t.text,
                          **{"font-size": f"{self.font().pointSizeF():.1f}pt"})
        # pyqtgraph sizes an axis for its first font; make room for the current one.
        ticks = QFontMetrics(font)
        label = QFontMetrics(self.font()).height() * 1.3 if labelled else 0.0
        if name in ("left", "right"):
            axis.setWidth(round(ticks.horizontalAdvance("-0.00") + self.px(8) + label))
        else:
            axis.setHeight(round(ticks.height() + self.px(8) + label))

    def restyle(self) -> None:
        """Fonts, line widths and height after the type changed."""
        for name in ("left", "bottom", "right", "top"):
            if self.plot.getAxis(name).isVisible():
                self._style_axis(name)
        line = self.fontMetrics().height()
        self.widget.setMinimumHeight(round(line * self._lines))
        self.legend.setHorizontalSpacing(line)
        for i in range(self.legend.count()):
            item = self.legend.itemAt(i)
            widget = item.widget() if item is not None else None
            inner = widget.layout() if widget is not None else None
            if inner is not None:
                inner.setSpacing(max(th.SPACING // 2, line // 3))  # swatch to text
        self.style_items()

    def style_items(self) -> None:
        """Subclasses set their items' pens and fonts here."""

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.FontChange:
            self.restyle()
        super().changeEvent(event)
