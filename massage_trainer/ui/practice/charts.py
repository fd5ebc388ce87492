"""The report's charts: the coverage heatmap, speed and pressure over time, the last scores.

Each is a `ChartBox` (ui/kit/chart_box.py): pyqtgraph is imported when the first chart
is built, never at module level, and the charts follow the type's scale.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np
from PySide6.QtCore import QPointF, QRectF, QSize, Qt
from PySide6.QtGui import (
    QBrush,
    QColor,
    QFont,
    QLinearGradient,
    QPainter,
    QPainterPath,
    QPaintEvent,
    QPen,
    QResizeEvent,
)
from PySide6.QtWidgets import QSizePolicy, QWidget

from massage_trainer.core.body import Body, ZoneKind
from massage_trainer.core.geometry import BoolArray
from massage_trainer.core.metrics import CoverageGrid, SpeedProfile
from massage_trainer.ui.diagram.paths import smooth_path
from massage_trainer.ui.kit import theme as th
from massage_trainer.ui.kit.chart_box import PRESSURE_COLOUR, ChartBox, colormap, label_fill, speed_colour


class ColourScale(QWidget):
    """The heatmap's key: the colour ramp from 0 to the most time spent in one cell."""

    def __init__(self, theme: th.Theme, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.theme = theme
        self.colours: list[QColor] = []
        self.maximum = 0.0
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.setAccessibleName("Colour key: seconds of contact per cell")

    def set_scale(self, colours: Sequence[QColor], maximum: float) -> None:
        self.colours = list(colours)
        self.maximum = maximum
        self.setAccessibleDescription(f"From 0 to {maximum:.1f} seconds")
        self.update()

    def sizeHint(self) -> QSize:
        return QSize(200, round(self.fontMetrics().height() * 2.4))

    def minimumSizeHint(self) -> QSize:
        return self.sizeHint()

    def paintEvent(self, event: QPaintEvent) -> None:
        p = QPainter(self)
        fm = self.fontMetrics()
        bar = QRectF(1, 1, self.width() - 2, fm.height() * 0.9)
        grad = QLinearGradient(bar.topLeft(), bar.topRight())
        n = max(1, len(self.colours) - 1)
        for i, c in enumerate(self.colours):
            grad.setColorAt(i / n, c)
        p.fillRect(bar, grad)
        p.setPen(QPen(QColor(self.theme.muted), 1))
        p.drawRect(bar)
        p.setPen(QColor(self.theme.text))
        text_y = bar.bottom() + fm.ascent() + 2
        p.drawText(QPointF(bar.left(), text_y), "0 s")
        right = f"{self.maximum:.1f} s of contact"
        p.drawText(QPointF(bar.right() - fm.horizontalAdvance(right), text_y), right)
        p.end()


class CoverageChart(ChartBox):
    """Seconds of contact per cell of the back, as a heatmap over the torso's outline.

    Cells off the working area are left blank (NaN is transparent); the
    patient's left is on the left, as on the diagram.
    """

    def __init__(self, theme: th.Theme, body: Body, parent: QWidget | None = None) -> None:
        super().__init__(theme, lines=17, parent=parent)
        pg = self.pg
        self.body = body
        self.image = pg.ImageItem(axisOrder="row-major")
        self.cmap = colormap(theme)
        self.image.setColorMap(self.cmap)
        self.plot.addItem(self.image)
        # Untouched cells on the working area get a hatch over a neutral fill, so
        # "never touched" is told by pattern, not by the low end of the ramp alone.
        self.untouched_fill = pg.QtWidgets.QGraphicsPathItem()
        self.untouched = pg.QtWidgets.QGraphicsPathItem()
        self.plot.addItem(self.untouched_fill)
        self.plot.addItem(self.untouched)
        # The outline as the diagram draws it (a smooth curve through the content's points).
        flat = smooth_path(body.anatomy.outline.points, closed=True).toFillPolygon()
        outline = np.array([(p.x(), p.y()) for p in flat.toList()])
        self.outline = pg.PlotCurveItem(outline[:, 0], outline[:, 1])
        self.plot.addItem(self.outline)
        self.spine_edges = []
        for zone in body.zones_of_kind(ZoneKind.NO_WORK):
            for poly in zone.region.polygons:
                pts = np.array(poly.points + poly.points[:1])
                curve = pg.PlotCurveItem(pts[:, 0], pts[:, 1])
                self.plot.addItem(curve)
                self.spine_edges.append(curve)
        self.side_labels = []
        x0, y0, x1, _y1 = body.anatomy.outline.bounds()
        for text, x in (("L", x0), ("R", x1)):
            label = pg.TextItem(text, color=theme.text, anchor=(0.5, 0.5))
            label.setPos(x, 1.05)
            self.plot.addItem(label)
            self.side_labels.append(label)
        self.plot.setAspectLocked(True)
        self.plot.setXRange(x0 - 0.02, x1 + 0.02, padding=0)
        self.plot.setYRange(min(y0, -0.05), 1.1, padding=0)
        self.set_axis_label("bottom", "x, back lengths from the spine (L = patient's left)")
        self.set_axis_label("left", "y, back lengths above the waist")
        self.scale_key = ColourScale(theme)
        self.layout().addWidget(self.scale_key)  # type: ignore[union-attr]
        self.add_legend(theme.muted, "diagonal", "not touched")
        self.add_legend(theme.skin_edge, "line", "torso outline")
        self.add_legend(theme.no_work, "dashed", "spine (no-work zone)")
        self.restyle()

    def resizeEvent(self, event: QResizeEvent) -> None:
        # The back is taller than wide: keep the plot about as tall as the panel is wide,
        # so the torso fills it whatever the width.
        height = max(round(self.fontMetrics().height() * self._lines), round(self.width() * 1.05))
        if self.widget.minimumHeight() != height:
            self.widget.setMinimumHeight(height)
        super().resizeEvent(event)

    def set_grid(self, grid: CoverageGrid) -> None:
        data = np.where(grid.on_area, grid.seconds, np.nan)
        top = float(np.nanmax(data)) if np.isfinite(data).any() else 0.0
        vmax = top if top > 0 else 1.0
        self.image.setImage(data, autoLevels=False, levels=(0.0, vmax))
        xe, ye = grid.x_edges, grid.y_edges
        self.image.setRect(QRectF(float(xe[0]), float(ye[0]), float(xe[-1] - xe[0]), float(ye[-1] - ye[0])))
        self.scale_key.set_scale([QColor(c) for c in self.cmap.getColors(mode="qcolor")], top)
        path = QPainterPath()
        cw, ch = float(xe[1] - xe[0]), float(ye[1] - ye[0])
        for row, col in np.argwhere(grid.on_area & ~grid.touched):
            path.addRect(QRectF(float(xe[col]), float(ye[row]), cw, ch))
        path = path.simplified()
        self.untouched_fill.setPath(path)
        self.untouched.setPath(path)
        touched = float((grid.touched & grid.on_area).sum() / max(1, grid.on_area.sum()))
        self.widget.setAccessibleName("Coverage heatmap")
        self.widget.setAccessibleDescription(f"{touched:.0%} of the working area touched; "
                                             f"at most {top:.1f} seconds in one cell")

    def style_items(self) -> None:
        t = self.theme
        for item in (self.untouched_fill, self.untouched):
            item.setPen(QPen(Qt.PenStyle.NoPen))
        self.untouched_fill.setBrush(QColor(t.canvas))
        self.untouched.setBrush(QBrush(QColor(t.muted), Qt.BrushStyle.BDiagPattern))
        self.outline.setPen(self.pen(self.theme.skin_edge, 1.5))
        for curve in self.spine_edges:
            curve.setPen(self.pen(self.theme.no_work, 1.2, Qt.PenStyle.DashLine))
        font = QFont(self.font())
        font.setBold(True)
        for label in self.side_labels:
            label.setFont(font)


class SpeedPressureChart(ChartBox):
    """Smoothed speed (left axis) and pressure (right axis) against time, with the phases.

    Speed is a solid blue line; pressure a dashed reddish-purple one, drawn only
    while the hand touches. The dashed grey line at the working pressure
    separates a light glide from work.
    """

    def __init__(self, theme: th.Theme, working_pressure: float, parent: QWidget | None = None) -> None:
        super().__init__(theme, lines=13, parent=parent)
        pg = self.pg
        self.working_pressure = working_pressure
        self.speed_curve = pg.PlotDataItem()
        self.speed_curve.setDownsampling(auto=True, method="peak")
        self.speed_curve.setClipToView(True)
        self.plot.addItem(self.speed_curve)
        # Pressure has its own scale (0-1): a second view box tied to the right axis.
        self.pressure_view = pg.ViewBox(enableMouse=False, enableMenu=False)
        self.plot.scene().addItem(self.pressure_view)
        self.plot.getAxis("right").linkToView(self.pressure_view)
        self.pressure_view.setXLink(self.plot)
        self.pressure_view.setYRange(0.0, 1.0, padding=0.02)
        self.pressure_curve = pg.PlotDataItem(connect="finite")
        self.pressure_view.addItem(self.pressure_curve)
        self.threshold = pg.InfiniteLine(pos=working_pressure, angle=0, movable=False,
                                         label="glide / working",
                                         labelOpts={"position": 0.98, "color": theme.text,
                                                    "fill": label_fill(theme),
                                                    "anchors": [(1, 1), (1, 1)]})
        self.pressure_view.addItem(self.threshold)
        self.phase_lines: list[Any] = []
        self.plot.vb.sigResized.connect(self._sync_views)
        self.set_axis_label("bottom", "time (s)")
        self.set_axis_label("left", "speed (back lengths/s)")
        self.set_axis_label("right", "pressure (0–1)")
        self.add_legend(speed_colour(theme), "solid", "speed (left scale)")
        self.add_legend(PRESSURE_COLOUR, "dashed", "pressure while touching (right scale)")
        self.add_legend(theme.muted, "dashed", f"{working_pressure:g}: light glide below, work above")
        self.add_note("Dotted vertical lines: a new phase begins.")
        self.restyle()

    def _sync_views(self) -> None:
        self.pressure_view.setGeometry(self.plot.vb.sceneBoundingRect())
        self.pressure_view.linkedViewChanged(self.plot.vb, self.pressure_view.XAxis)

    def set_profile(self, profile: SpeedProfile, contact: BoolArray,
                    phases: Sequence[tuple[float, str]]) -> None:
        """The curves, and a labelled line where each phase (start time, technique) begins."""
        self.speed_curve.setData(profile.t, profile.speed)
        pressure = np.where(contact, profile.pressure, np.nan)
        self.pressure_curve.setData(profile.t, pressure)
        for line in self.phase_lines:
            self.plot.removeItem(line)
        self.phase_lines = []
        if len(phases) > 1:
            for i, (start, technique) in enumerate(phases):
                line = self.pg.InfiniteLine(pos=start, angle=90, movable=False,
                                            label=f"{i + 1} {technique}",
                                            labelOpts={"position": 0.96, "color": self.theme.text,
                                                       "fill": label_fill(self.theme),
                                                       "anchors": [(0, 0), (0, 0)]})
                self.plot.addItem(line)
                self.phase_lines.append(line)
        top = float(np.max(profile.speed)) if len(profile.speed) else 0.0
        self.plot.setYRange(0.0, max(top * 1.15, 0.1), padding=0)
        t0, t1 = float(profile.t[0]), float(profile.t[-1])
        self.plot.setXRange(t0, max(t1, t0 + 1e-3), padding=0.01)
        self.style_items()
        self._sync_views()

    def style_items(self) -> None:
        t = self.theme
        self.speed_curve.setPen(self.pen(speed_colour(t), 2))
        self.pressure_curve.setPen(self.pen(PRESSURE_COLOUR, 2, Qt.PenStyle.DashLine))
        self.threshold.setPen(self.pen(t.muted, 1.2, Qt.PenStyle.DashLine))
        font = self.tick_font()
        self.threshold.label.setFont(font)
        for line in self.phase_lines:
            line.setPen(self.pen(t.muted, 1.2, Qt.PenStyle.DotLine))
            line.label.setFont(font)


class ScoreHistoryChart(ChartBox):
    """Scores of the last attempts, oldest first, this one last; passes and fails by shape."""

    def __init__(self, theme: th.Theme, parent: QWidget | None = None) -> None:
        super().__init__(theme, lines=9, parent=parent)
        pg = self.pg
        self.curve = pg.PlotDataItem()
        self.plot.addItem(self.curve)
        self.points = pg.ScatterPlotItem()
        self.plot.addItem(self.points)
        self.pass_line = pg.InfiniteLine(pos=70, angle=0, movable=False, label="pass mark",
                                         labelOpts={"position": 0.0, "color": theme.text,
                                                    "fill": label_fill(theme),
                                                    "anchors": [(0, 0), (0, 0)]})
        self.plot.addItem(self.pass_line)
        self.plot.setYRange(0, 100, padding=0.04)
        self.set_axis_label("bottom", "attempt (oldest → this one)")
        self.set_axis_label("left", "score")
        self.add_note(f'<span style="color:{theme.ink}">●</span> passed &nbsp; '
                      f'<span style="color:{theme.violation}">✕</span> failed &nbsp; '
                      "★ this attempt")
        self._scores: list[float] = []
        self._passed: list[bool] = []
        self.restyle()

    def set_scores(self, scores: Sequence[float], passed: Sequence[bool], pass_mark: float) -> None:
        self._scores, self._passed = list(scores), list(passed)
        self.pass_line.setValue(pass_mark)
        self.pass_line.label.setFormat(f"pass mark {pass_mark:g}")
        n = len(scores)
        self.curve.setData(np.arange(1, n + 1, dtype=float), np.array(scores, dtype=float))
        self.plot.setXRange(0.3, max(n, 1) + 0.5, padding=0)
        self.plot.getAxis("bottom").setTicks([[(i, str(i)) for i in range(1, n + 1)]])
        self.style_items()

    def style_items(self) -> None:
        t = self.theme
        self.curve.setPen(self.pen(t.muted, 1.5))
        self.pass_line.setPen(self.pen(t.muted, 1.2, Qt.PenStyle.DashLine))
        self.pass_line.label.setFont(self.tick_font())
        spots = []
        n = len(self._scores)
        for i, (score, ok) in enumerate(zip(self._scores, self._passed, strict=True)):
            colour = t.ink if ok else t.violation
            last = i == n - 1
            spots.append({"pos": (i + 1, score), "size": self.px(17 if last else 11),
                          "symbol": "star" if last else ("o" if ok else "x"),
                          "brush": QColor(colour), "pen": self.pen(t.text if last else colour, 1)})
        self.points.setData(spots)
