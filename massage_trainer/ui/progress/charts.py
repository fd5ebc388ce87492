"""The Progress screen's charts: accuracy by topic over the weeks, drill scores, time practised per week.

Each is a `ChartBox` (ui/kit/chart_box.py): pyqtgraph is imported when the first chart is built,
never at module level, and the charts follow the type's scale. No series is told by colour alone:
each topic's line has its own marker shape and dash, drills' passes and fails their own shapes, and
the two kinds of practice their own fills; the legends under the charts draw the same.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, date, datetime, timedelta
from typing import Any, Final

import numpy as np
from PySide6.QtCore import QEvent, QPointF, QRectF, QSize, Qt
from PySide6.QtGui import QBrush, QColor, QPainter, QPaintEvent, QPen, QTransform
from PySide6.QtWidgets import QHBoxLayout, QLabel, QWidget

from massage_trainer.storage.progress import DrillScore, TopicWeek, WeekTime
from massage_trainer.ui.kit import theme as th
from massage_trainer.ui.kit.chart_box import ChartBox, label_fill, speed_colour
from massage_trainer.ui.kit.dialogs import plain_label

# Okabe–Ito, then shapes and dashes, so that two topics never differ by colour alone. On a dark panel
# blue gives way to yellow, which keeps its contrast there.
SERIES_COLOURS: Final = (th.BLUE, th.VERMILLION, th.BLUISH_GREEN, th.REDDISH_PURPLE, th.ORANGE, th.SKY_BLUE)
DARK_SERIES_COLOURS: Final = (th.SKY_BLUE, th.VERMILLION, th.BLUISH_GREEN, th.REDDISH_PURPLE, th.ORANGE, th.YELLOW)
SYMBOLS: Final = ("o", "s", "t", "d", "star", "p", "h", "x", "+", "t1")
DASHES: Final = (Qt.PenStyle.SolidLine, Qt.PenStyle.DashLine, Qt.PenStyle.DotLine, Qt.PenStyle.DashDotLine,
                 Qt.PenStyle.DashDotDotLine)
WEEK_S: Final = 7 * 86400.0
WEEKS_SHOWN: Final = 26  # the accuracy chart's span: half a year, so that each topic's line can be followed
NO_TOPIC: Final = "(no topic)"


MIN_SPAN_WEEKS = 8  # a date axis shows at least this many weeks


def stamp(day: date) -> float:
    """A day as pyqtgraph's date axis counts it: seconds since 1970, at midnight UTC."""
    return datetime(day.year, day.month, day.day, tzinfo=UTC).timestamp()


def style_of(i: int, theme: th.Theme) -> tuple[str, str, Qt.PenStyle]:
    """The colour, marker and dash of the i-th series."""
    colours = SERIES_COLOURS if QColor(theme.panel).lightnessF() > 0.5 else DARK_SERIES_COLOURS
    return colours[i % len(colours)], SYMBOLS[i % len(SYMBOLS)], DASHES[i % len(DASHES)]


class SeriesSwatch(QWidget):
    """A legend sample: a line in its dash with its marker, or a bar in its fill; it grows with the type."""

    def __init__(self, colour: str, symbol: str = "", dash: Qt.PenStyle | None = Qt.PenStyle.SolidLine,
                 brush: Qt.BrushStyle | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.colour, self.symbol, self.dash, self.brush = colour, symbol, dash, brush
        self.setFixedSize(self.sizeHint())

    def sizeHint(self) -> QSize:
        h = max(18, self.fontMetrics().height() + 4)
        return QSize(round(h * 2.2), h)

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.FontChange:
            self.setFixedSize(self.sizeHint())
        super().changeEvent(event)

    def paintEvent(self, event: QPaintEvent) -> None:
        from pyqtgraph.graphicsItems.ScatterPlotItem import Symbols  # loaded with the chart above it

        p = QPainter(self)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        r = QRectF(self.rect()).adjusted(1, 1, -1, -1)
        c = QColor(self.colour)
        if self.brush is not None:
            p.setPen(QPen(c, max(1.0, r.height() / 12)))
            p.setBrush(QBrush(c, self.brush))
            p.drawRect(r.adjusted(r.width() * 0.2, r.height() * 0.1, -r.width() * 0.2, -r.height() * 0.1))
        elif self.dash is not None:
            pen = QPen(c, max(2.0, r.height() / 8))
            pen.setStyle(self.dash)
            p.setPen(pen)
            p.drawLine(QPointF(r.left(), r.center().y()), QPointF(r.right(), r.center().y()))
        if self.symbol:
            size = r.height() * 0.7
            path = QTransform.fromScale(size, size).map(Symbols[self.symbol])
            p.setPen(QPen(c, max(1.0, r.height() / 14)))
            p.setBrush(c)
            p.drawPath(path.translated(r.center()))
        p.end()


def legend_entry(swatch: QWidget, text: str) -> QWidget:
    row = QWidget()
    lay = QHBoxLayout(row)
    lay.setContentsMargins(0, 0, 0, 0)
    lay.setSpacing(th.SPACING // 2)
    lay.addWidget(swatch)
    label = plain_label(QLabel(text))  # a topic comes from a bank: plain text
    label.setWordWrap(True)
    lay.addWidget(label, 1)
    return row


class DateChart(ChartBox):
    """A chart whose x axis is the calendar."""

    COLUMNS = 3

    def __init__(self, theme: th.Theme, lines: float, parent: QWidget | None = None) -> None:
        super().__init__(theme, lines, parent)
        self.plot.setAxisItems({"bottom": self.pg.DateAxisItem(orientation="bottom")})
        self.entries: list[QWidget] = []

    def clear_legend(self) -> None:
        for entry in self.entries:
            self.legend.removeWidget(entry)
            entry.deleteLater()
        self.entries = []

    def add_entry(self, swatch: QWidget, text: str) -> None:
        n = len(self.entries)
        entry = legend_entry(swatch, text)
        self.legend.addWidget(entry, n // self.COLUMNS, n % self.COLUMNS)
        self.entries.append(entry)

    def restyle(self) -> None:
        super().restyle()
        # As tall as its lines of type, neither more nor less, at every scale: the page scrolls instead.
        self.widget.setFixedHeight(self.widget.minimumHeight())

    def set_span(self, first: float, last: float) -> None:
        """Show first..last, and at least the eight weeks up to last: a first week's one point on a
        span of hours would be labelled in hours."""
        pad = WEEK_S * 0.6
        first = min(first, last - MIN_SPAN_WEEKS * WEEK_S)
        self.plot.setXRange(first - pad, last + pad, padding=0)


class AccuracyChart(DateChart):
    """Each topic's mean score per ISO week, as a percentage: one line per topic, over the last
    `WEEKS_SHOWN` weeks with answers."""

    def __init__(self, theme: th.Theme, parent: QWidget | None = None) -> None:
        super().__init__(theme, lines=16, parent=parent)
        self.curves: dict[str, Any] = {}
        self.plot.setYRange(0, 100, padding=0.04)
        self.set_axis_label("left", "mean score (%)")
        self.set_axis_label("bottom", "week")
        self.restyle()

    def set_weeks(self, weeks: Sequence[TopicWeek], topics: Sequence[str]) -> None:
        for curve in self.curves.values():
            self.plot.removeItem(curve)
        self.curves = {}
        self.clear_legend()
        if weeks:
            since = max(w.week for w in weeks) - timedelta(weeks=WEEKS_SHOWN - 1)
            weeks = [w for w in weeks if w.week >= since]
        shown = set(w.topic for w in weeks)
        for i, topic in enumerate(t for t in topics if t in shown):
            points = [w for w in weeks if w.topic == topic]
            colour, symbol, dash = style_of(i, self.theme)
            curve = self.pg.PlotDataItem(np.array([stamp(w.week) for w in points]),
                                         np.array([w.mean * 100 for w in points]), symbol=symbol)
            curve.setProperty("dash", dash)
            curve.setProperty("colour", colour)
            self.plot.addItem(curve)
            self.curves[topic] = curve
            n = sum(w.count for w in points)
            self.add_entry(SeriesSwatch(colour, symbol, dash), f"{topic or NO_TOPIC} ({n} answered)")
        if weeks:
            self.set_span(min(stamp(w.week) for w in weeks), max(stamp(w.week) for w in weeks))
        self.widget.setAccessibleName("Accuracy by topic, week by week")
        self.widget.setAccessibleDescription(f"{len(self.curves)} topics over {len({w.week for w in weeks})} weeks")
        self.style_items()

    def style_items(self) -> None:
        for curve in self.curves.values():
            colour = QColor(curve.property("colour"))
            curve.setPen(self.pen(colour, 2, curve.property("dash")))
            curve.setSymbolPen(self.pen(colour, 1))
            curve.setSymbolBrush(colour)
            curve.setSymbolSize(self.px(9))


class ScoresChart(DateChart):
    """Every finished drill's score on the day it was done; passes and fails by shape."""

    def __init__(self, theme: th.Theme, pass_mark: float, parent: QWidget | None = None) -> None:
        super().__init__(theme, lines=13, parent=parent)
        pg = self.pg
        self.curve = pg.PlotDataItem()
        self.points = pg.ScatterPlotItem()
        self.plot.addItem(self.curve)
        self.plot.addItem(self.points)
        self.pass_line = pg.InfiniteLine(pos=pass_mark, angle=0, movable=False, label=f"pass mark {pass_mark:g}",
                                         labelOpts={"position": 0.02, "color": theme.text,
                                                    "fill": label_fill(theme), "anchors": [(0, 1), (0, 1)]})
        self.plot.addItem(self.pass_line)
        self.plot.setYRange(0, 100, padding=0.04)
        self.set_axis_label("left", "score")
        self.set_axis_label("bottom", "day")
        self.add_entry(SeriesSwatch(theme.ink, "o", dash=None), "passed")
        self.add_entry(SeriesSwatch(theme.violation, "x", dash=None), "failed")
        self.scores: list[DrillScore] = []
        self.restyle()

    def set_scores(self, scores: Sequence[DrillScore]) -> None:
        self.scores = list(scores)
        x = np.array([datetime.fromisoformat(s.started_at).timestamp() for s in scores])
        self.curve.setData(x, np.array([s.score for s in scores]))
        if len(x):
            self.set_span(float(x.min()), float(x.max()))
        self.widget.setVisible(bool(len(x)))  # no drill yet: the note below says so, with no empty axes
        passed = sum(s.passed for s in scores)
        self.widget.setAccessibleName("Drill scores")
        self.widget.setAccessibleDescription(f"{len(scores)} drills finished, {passed} passed"
                                             + (f"; the last scored {scores[-1].score:.0f}" if scores else ""))
        self.style_items()

    def style_items(self) -> None:
        t = self.theme
        self.curve.setPen(self.pen(t.muted, 1.2))
        self.pass_line.setPen(self.pen(t.muted, 1.2, Qt.PenStyle.DashLine))
        self.pass_line.label.setFont(self.tick_font())
        spots = []
        for s in self.scores:
            colour = t.ink if s.passed else t.violation
            spots.append({"pos": (datetime.fromisoformat(s.started_at).timestamp(), s.score), "size": self.px(10),
                          "symbol": "o" if s.passed else "x", "brush": QColor(colour), "pen": self.pen(colour, 1)})
        self.points.setData(spots)


class TimeChart(DateChart):
    """Minutes practised each week: drills in a solid bar, quiz answers hatched on top of them."""

    def __init__(self, theme: th.Theme, parent: QWidget | None = None) -> None:
        super().__init__(theme, lines=13, parent=parent)
        self.drills_colour, self.quiz_colour = speed_colour(theme), th.ORANGE
        self.drills = self.pg.BarGraphItem(x=[], height=[], width=WEEK_S * 0.8)
        self.quiz = self.pg.BarGraphItem(x=[], y0=[], height=[], width=WEEK_S * 0.8)
        self.plot.addItem(self.drills)
        self.plot.addItem(self.quiz)
        self.set_axis_label("left", "minutes")
        self.set_axis_label("bottom", "week")
        self.add_entry(SeriesSwatch(self.drills_colour, brush=Qt.BrushStyle.SolidPattern), "drills")
        self.add_entry(SeriesSwatch(self.quiz_colour, brush=Qt.BrushStyle.BDiagPattern), "quiz answers")
        self.weeks: list[WeekTime] = []
        self.restyle()

    def set_weeks(self, weeks: Sequence[WeekTime]) -> None:
        self.weeks = list(weeks)
        # Bars centred on the middle of their week (Thursday), so each stands over its own dates.
        x = np.array([stamp(w.week + timedelta(days=3)) for w in weeks])
        drill = np.array([w.drill_minutes for w in weeks])
        quiz = np.array([w.quiz_minutes for w in weeks])
        self.drills.setOpts(x=x, height=drill, width=WEEK_S * 0.8)
        self.quiz.setOpts(x=x, y0=drill, height=quiz, width=WEEK_S * 0.8)
        top = float((drill + quiz).max()) if len(x) else 0.0
        self.plot.setYRange(0, max(top * 1.1, 1.0), padding=0)
        if len(x):
            self.set_span(float(x.min()), float(x.max()))
        self.widget.setAccessibleName("Time practised per week")
        self.widget.setAccessibleDescription(f"{float((drill + quiz).sum()):.0f} minutes over {len(weeks)} weeks")
        self.style_items()

    def style_items(self) -> None:
        self.drills.setOpts(pen=self.pen(self.drills_colour, 1), brush=QBrush(QColor(self.drills_colour)))
        self.quiz.setOpts(pen=self.pen(self.quiz_colour, 1),
                          brush=QBrush(QColor(self.quiz_colour), Qt.BrushStyle.BDiagPattern))
