"""Replaying a drill recording over the back diagram, and the ink it is drawn in.

`Trace` turns a recording into runs of ink in the styles of docs/visual-language.md:
working ink (bluish green, solid), a light glide (sky blue, dashed) and a
broken rule (vermillion, thicker). Which samples break a rule comes from the
grader's own per-sample predicates (core/grading.py); nothing here judges.
`Marker`s place a numbered badge (the general rule's number) at each
violation. The report's diagram layer (ui/report.py) uses both.

`ReplayView` plays a recording back: a QTimer only calls `tick()`, and the
time comes from an injected clock, so tests drive it by hand. Painting stays
cheap at 4K: finished runs of ink are drawn once into a pixmap the size of
the diagram, and each frame adds only the run in progress, the hand and the
markers; a tick repaints only the part of the diagram that changed.
"""

from __future__ import annotations

import math
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from enum import IntEnum
from typing import TYPE_CHECKING, Final

import numpy as np
from PySide6.QtCore import QEvent, QObject, QPointF, QRectF, QSize, Qt, QTimer, Signal
from PySide6.QtGui import (
    QColor,
    QFont,
    QIcon,
    QKeyEvent,
    QPainter,
    QPainterPath,
    QPalette,
    QPen,
    QPixmap,
    QPolygonF,
)
from PySide6.QtWidgets import (
    QApplication,
    QComboBox,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QSlider,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from massage_trainer.core.body import Body
from massage_trainer.core.geometry import BoolArray, FloatArray
from massage_trainer.core.grading import (
    RULE_NUMBERS,
    GradeConfig,
    Report,
    Violation,
    broken_samples,
    grade,
    working,
)
from massage_trainer.core.recording import Recording
from massage_trainer.ui.diagram.view import BackDiagram
from massage_trainer.ui.kit import theme as th
from massage_trainer.ui.kit.widgets import Swatch

if TYPE_CHECKING:
    from massage_trainer.ui.kit.context import AppContext

DEFAULT_CONFIG: Final = GradeConfig()
MARKER_RADIUS: Final = 0.026  # back lengths
HAND_RADIUS: Final = 0.02
GLIDE_WIDTH: Final = th.INK_WIDTH * 0.7
BROKEN_WIDTH: Final = th.INK_WIDTH * 1.8
DEMO_WIDTH: Final = th.INK_WIDTH * 0.5
ARROW_SPACING: Final = 0.12  # back lengths of path between the demonstration's arrowheads
ARROW_SIZE: Final = 0.022


def rule_number(rule: str) -> int:
    """The general rule a rule id comes from (docs/recording-format.md's table)."""
    return RULE_NUMBERS[rule]


def clock_text(seconds: float, decimals: int = 1) -> str:
    """m:ss.s, the way the grader's report reads time."""
    seconds = max(0.0, seconds)
    minutes = int(seconds // 60)
    rest = seconds - minutes * 60
    width = 3 + decimals if decimals else 2
    return f"{minutes}:{rest:0{width}.{decimals}f}"


# ---------------------------------------------------------------- which ink


class Ink(IntEnum):
    LIFTED = 0  # not drawn: the hand is off the skin
    GLIDE = 1
    WORKING = 2
    BROKEN = 3


@dataclass(frozen=True)
class InkRun:
    """Consecutive samples in one ink; `lead` is where its line starts (the run before's end)."""

    ink: Ink
    lead: int
    start: int
    end: int  # one past the last sample


class Trace:
    """A recording as runs of ink, with a polyline per run, ready to paint in the body frame."""

    def __init__(self, recording: Recording, body: Body, config: GradeConfig = DEFAULT_CONFIG,
                 judge: bool = True) -> None:
        phases = recording.phases
        self.recording = recording
        self.t: FloatArray = np.concatenate([p.t for p in phases])
        self.x: FloatArray = np.concatenate([p.x for p in phases])
        self.y: FloatArray = np.concatenate([p.y for p in phases])
        self.contact: BoolArray = np.concatenate([p.contact for p in phases])
        pressure = np.concatenate([p.pressure for p in phases])
        n = len(self.t)
        ink = np.full(n, Ink.LIFTED, dtype=np.int8)
        ink[self.contact] = Ink.GLIDE
        ink[working(self.contact, pressure, config)] = Ink.WORKING
        if judge:
            ink[self.contact & broken_samples(recording, body, config)] = Ink.BROKEN
        self.ink = ink
        change = np.ones(n, dtype=bool)
        change[1:] = ink[1:] != ink[:-1]
        starts = np.flatnonzero(change)
        ends = np.append(starts[1:], n)
        runs: list[InkRun] = []
        polys: list[list[QPointF]] = []
        xs, ys = self.x.tolist(), self.y.tolist()
        for s, e in zip(starts.tolist(), ends.tolist(), strict=True):
            if ink[s] == Ink.LIFTED:
                continue
            lead = s - 1 if s > 0 and ink[s - 1] != Ink.LIFTED else s  # join to the run before
            runs.append(InkRun(Ink(int(ink[s])), lead, s, e))
            polys.append([QPointF(px, py) for px, py in zip(xs[lead:e], ys[lead:e], strict=True)])
        self.runs = runs
        self._polys = polys
        self._ends = np.array([r.end for r in runs], dtype=np.intp)

    def __len__(self) -> int:
        return len(self.t)

    @property
    def start(self) -> float:
        return float(self.t[0])

    @property
    def end(self) -> float:
        return float(self.t[-1])

    def index_at(self, t: float) -> int:
        """The last sample at or before time t (the first sample before the start)."""
        return max(0, int(np.searchsorted(self.t, t, side="right")) - 1)

    def runs_done(self, index: int) -> int:
        """How many runs end at or before sample `index`."""
        return int(np.searchsorted(self._ends, index + 1, side="right"))

    def run_at(self, index: int) -> int | None:
        """The run sample `index` belongs to, if it is inked."""
        k = self.runs_done(index)
        if k < len(self.runs) and self.runs[k].start <= index:
            return k
        return None

    @staticmethod
    def pen(diagram: BackDiagram, ink: Ink, colour: QColor | None = None) -> QPen:
        t = diagram.theme
        if ink == Ink.GLIDE:
            return diagram.frame_pen(colour or t.color("glide"), GLIDE_WIDTH, Qt.PenStyle.DashLine)
        if ink == Ink.BROKEN:
            return diagram.frame_pen(colour or t.color("violation"), BROKEN_WIDTH)
        return diagram.frame_pen(colour or t.color("ink"), th.INK_WIDTH)

    def paint_runs(self, painter: QPainter, diagram: BackDiagram, first: int, last: int) -> None:
        """Runs [first, last) in full."""
        current: Ink | None = None
        for k in range(first, last):
            run = self.runs[k]
            if run.ink != current:
                current = run.ink
                painter.setPen(self.pen(diagram, run.ink))
            self.draw_polygon(painter, self._polys[k])

    def polygon(self, k: int) -> list[QPointF]:
        """Run k's line, from its lead to its last sample."""
        return self._polys[k]

    def paint_partial(self, painter: QPainter, diagram: BackDiagram, k: int, upto: int) -> None:
        """Run k from its lead up to sample `upto` (inclusive)."""
        run = self.runs[k]
        painter.setPen(self.pen(diagram, run.ink))
        self.draw_polygon(painter, self._polys[k][:upto - run.lead + 1])

    @staticmethod
    def draw_polygon(painter: QPainter, poly: Sequence[QPointF]) -> None:
        if len(poly) == 1:
            painter.drawPoint(poly[0])  # a single touch (a tap) shows as a dot
        else:
            painter.drawPolyline(poly)

    def bounds(self, i0: int, i1: int) -> tuple[float, float, float, float]:
        """The body-frame box of samples i0..i1 inclusive."""
        lo, hi = min(i0, i1), max(i0, i1) + 1
        xs, ys = self.x[lo:hi], self.y[lo:hi]
        return float(xs.min()), float(ys.min()), float(xs.max()), float(ys.max())


def demo_arrows(trace: Trace) -> QPainterPath:
    """Arrowheads along the demonstration's working strokes, every ARROW_SPACING of path."""
    path = QPainterPath()
    for run in trace.runs:
        if run.ink == Ink.GLIDE:
            continue
        xs, ys = trace.x[run.lead:run.end], trace.y[run.lead:run.end]
        if len(xs) < 2:
            continue
        seg = np.hypot(np.diff(xs), np.diff(ys))
        along = np.concatenate(([0.0], np.cumsum(seg)))
        total = float(along[-1])
        if total < ARROW_SPACING / 2:
            continue
        for d in np.arange(ARROW_SPACING / 2, total, ARROW_SPACING):
            i = int(np.searchsorted(along, d))
            i = min(max(i, 1), len(xs) - 1)
            j0 = int(np.searchsorted(along, d - 0.02))
            j1 = min(int(np.searchsorted(along, d + 0.02)), len(xs) - 1)
            dx, dy = float(xs[j1] - xs[j0]), float(ys[j1] - ys[j0])
            norm = math.hypot(dx, dy)
            if norm == 0:
                continue
            ux, uy = dx / norm, dy / norm
            tip = QPointF(float(xs[i]), float(ys[i]))
            for side in (1, -1):
                ang = math.radians(150 * side)
                bx = ux * math.cos(ang) - uy * math.sin(ang)
                by = ux * math.sin(ang) + uy * math.cos(ang)
                path.moveTo(tip)
                path.lineTo(tip + QPointF(bx, by) * ARROW_SIZE)
    return path


# ---------------------------------------------------------------- markers


@dataclass(frozen=True)
class Marker:
    """A violation's numbered badge, nudged off the others when they would overlap."""

    violation: Violation
    number: int
    x: float
    y: float

    @property
    def displaced(self) -> bool:
        return (self.x, self.y) != (self.violation.x, self.violation.y)


def place_markers(violations: Sequence[Violation], radius: float = MARKER_RADIUS) -> list[Marker]:
    placed: list[Marker] = []
    for v in violations:
        x, y = v.x, v.y
        k = 0
        # A sunflower spiral around the spot finds a free place quickly and stays compact.
        while k < 60 and any(math.hypot(x - m.x, y - m.y) < 2.1 * radius for m in placed):
            k += 1
            dist, ang = 2.2 * radius * math.sqrt(k), k * 2.39996
            x, y = v.x + dist * math.cos(ang), v.y + dist * math.sin(ang)
        placed.append(Marker(v, rule_number(v.rule), x, y))
    return placed


def _luminance(c: QColor) -> float:
    def lin(v: float) -> float:
        return v / 12.92 if v <= 0.03928 else ((v + 0.055) / 1.055) ** 2.4
    return 0.2126 * lin(c.redF()) + 0.7152 * lin(c.greenF()) + 0.0722 * lin(c.blueF())


def readable_on(fill: QColor) -> QColor:
    """Black or white, whichever contrasts more with the fill (WCAG)."""
    lum = _luminance(fill)
    return QColor("#000000") if (lum + 0.05) / 0.05 >= 1.05 / (lum + 0.05) else QColor("#FFFFFF")


def marker_extent(marker: Marker) -> tuple[float, float, float, float]:
    """The body-frame box a marker (selected, with its leader) may paint in."""
    r = MARKER_RADIUS * 1.3 + 0.02
    v = marker.violation
    return (min(marker.x - r, v.x - 0.01), min(marker.y - r, v.y - 0.01),
            max(marker.x + r, v.x + 0.01), max(marker.y + r, v.y + 0.01))


def paint_marker(painter: QPainter, diagram: BackDiagram, marker: Marker, selected: bool = False) -> None:
    """The badge: a filled vermillion disc with the rule number; a highlight ring when selected."""
    t = diagram.theme
    fill = t.color("violation")
    v = marker.violation
    centre = QPointF(marker.x, marker.y)
    radius = MARKER_RADIUS * (1.3 if selected else 1.0)
    if marker.displaced:
        painter.setPen(diagram.frame_pen(t.color("text"), 0.0025))
        painter.drawLine(QPointF(v.x, v.y), centre)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(fill)
        painter.drawEllipse(QPointF(v.x, v.y), 0.008, 0.008)
    if selected:
        scale = max(diagram.scale(), 1e-6)
        ring = diagram.frame_pen(diagram.palette().highlight().color(), max(0.007, 3.0 / scale))
        painter.setPen(ring)
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.drawEllipse(centre, radius + 0.012, radius + 0.012)
    painter.setPen(diagram.frame_pen(t.color("label_halo"), 0.004))
    painter.setBrush(fill)
    painter.drawEllipse(centre, radius, radius)
    # The number is drawn in pixels, upright (the painter's frame has y up).
    painter.save()
    painter.resetTransform()
    font = QFont(diagram.font())
    font.setBold(True)
    font.setPixelSize(max(8, round(radius * 1.2 * diagram.scale())))
    painter.setFont(font)
    painter.setPen(readable_on(fill))
    at = diagram.to_widget(marker.x, marker.y)
    r_px = radius * diagram.scale()
    painter.drawText(QRectF(at.x() - r_px, at.y() - r_px, 2 * r_px, 2 * r_px),
                     Qt.AlignmentFlag.AlignCenter, str(marker.number))
    painter.restore()


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


# ---------------------------------------------------------------- scaling with the window


class FollowWindowScale(QObject):
    """Keeps a widget's type at its window's scale, by MainWindow.apply_scale's rule.

    The main window scales its type by setting its own font, but under the
    window's style sheet Qt does not pass a font change on to the widgets
    inside (nor to widgets added later). So the widget sets its own, whenever
    it is shown, moved or its window resized, and hands it down with scale_tree.
    """

    def __init__(self, widget: QWidget) -> None:
        super().__init__(widget)
        self.widget = widget
        self.window: QWidget | None = None
        self.scale = 0.0
        widget.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        kind = event.type()
        if watched is self.widget and kind in (QEvent.Type.Show, QEvent.Type.ParentChange):
            self._watch(self.widget.window())
        elif watched is self.window and kind == QEvent.Type.Resize:
            self.sync()
        return False

    def _watch(self, window: QWidget) -> None:
        if window is self.widget:
            return  # shown on its own: keep the application's type
        if window is not self.window:
            if self.window is not None:
                self.window.removeEventFilter(self)
            self.window = window
            window.installEventFilter(self)
        self.sync()

    def sync(self) -> None:
        if self.window is None:
            return
        scale = round(th.ui_scale(self.window.width(), self.window.height()) * 8) / 8
        if scale != self.scale:
            self.scale = scale
            self.widget.setFont(th.scaled_font(QApplication.font(), scale))
        scale_tree(self.widget)


def scale_tree(root: QWidget) -> None:
    """Give every widget inside root root's type size, times its "scaleFactor" if it has one."""
    base = root.font().pointSizeF()
    for widget in root.findChildren(QWidget):
        size = round(base * float(widget.property("scaleFactor") or 1.0) * 2) / 2
        if widget.font().pointSizeF() != size:
            font = QFont(widget.font())  # a copy keeps its weight
            font.setPointSizeF(size)
            widget.setFont(font)


# ---------------------------------------------------------------- the replay


def muted(label: QLabel, theme: th.Theme) -> QLabel:
    """Secondary text in the theme's muted colour (it still meets AA on the panel)."""
    pal = label.palette()
    pal.setColor(QPalette.ColorRole.WindowText, theme.color("muted"))
    label.setPalette(pal)
    return label


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


class _ReplayLayer:
    """The diagram layer: demonstration, ink up to now, markers reached so far, the hand."""

    def __init__(self, view: ReplayView) -> None:
        self.view = view
        self.cache = LayerCache()

    def _paint_base(self, painter: QPainter, diagram: BackDiagram) -> None:
        demo = self.view.demo_trace
        if demo is None:
            return
        colour = diagram.theme.color("demo")
        colour.setAlphaF(0.55)
        painter.setPen(diagram.frame_pen(colour, DEMO_WIDTH))
        for k, run in enumerate(demo.runs):
            if run.ink != Ink.GLIDE:  # the strokes, not the light returns between them
                demo.draw_polygon(painter, demo.polygon(k))
        painter.setPen(diagram.frame_pen(colour, DEMO_WIDTH * 1.4))
        painter.drawPath(self.view.demo_arrow_path)

    def paint(self, painter: QPainter, diagram: BackDiagram) -> None:
        view = self.view
        trace = view.trace
        if trace is None:
            return
        index = view.current_index()
        done = trace.runs_done(index)
        cache = self.cache
        if not cache.fresh(diagram) or done < cache.runs_drawn:
            cache.reset(diagram)
            p = cache.painter(diagram)
            self._paint_base(p, diagram)
            p.end()
        if done > cache.runs_drawn:
            p = cache.painter(diagram)
            trace.paint_runs(p, diagram, cache.runs_drawn, done)
            p.end()
            cache.runs_drawn = done
        cache.blit(painter)
        k = trace.run_at(index)
        if k is not None:
            trace.paint_partial(painter, diagram, k, index)
        now = view.position()
        for marker in view.markers:
            if marker.violation.t <= now:
                paint_marker(painter, diagram, marker)
        self._paint_hand(painter, diagram, trace, index)

    @staticmethod
    def _paint_hand(painter: QPainter, diagram: BackDiagram, trace: Trace, index: int) -> None:
        t = diagram.theme
        at = QPointF(float(trace.x[index]), float(trace.y[index]))
        ink = Ink(int(trace.ink[index]))
        outline = diagram.frame_pen(t.color("text"), 0.004)
        if ink == Ink.LIFTED:
            # Lifted: a hollow dashed ring, so contact is told by shape as well as colour.
            outline.setStyle(Qt.PenStyle.DashLine)
            painter.setPen(outline)
            painter.setBrush(Qt.BrushStyle.NoBrush)
        else:
            name = {Ink.GLIDE: "glide", Ink.WORKING: "ink", Ink.BROKEN: "violation"}[ink]
            painter.setPen(outline)
            painter.setBrush(t.color(name, 0.85))
        painter.drawEllipse(at, HAND_RADIUS, HAND_RADIUS)


class ReplayView(QWidget):
    """Plays a recording back over ctx.diagram, with a scrubber, play/pause, step and speed.

    Keys (on these controls, and on the diagram while attached): Space plays or
    pauses, Left/Right step by STEP_S (Shift: by 1 s), Home/End jump to the ends.
    """

    positionChanged = Signal(float)  # seconds into the recording, after every seek or tick
    playingChanged = Signal(bool)  # True when playback starts, False when it stops

    SPEEDS: Final = (0.25, 0.5, 1.0, 1.5, 2.0)
    STEP_S: Final = 0.2
    TICK_MS: Final = 16

    def __init__(self, ctx: AppContext, parent: QWidget | None = None,
                 clock: Callable[[], float] = time.monotonic) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.diagram: BackDiagram = ctx.diagram
        self._clock = clock
        self.trace: Trace | None = None
        self.demo_trace: Trace | None = None
        self.demo_arrow_path = QPainterPath()
        self.report: Report | None = None
        self.markers: list[Marker] = []
        self._t = 0.0
        self._index = 0
        self._speed = 1.0
        self._playing = False
        self._anchor = (0.0, 0.0)  # (clock, position) when playback last (re)started
        self._attached = False
        self._syncing = False
        self.layer = _ReplayLayer(self)
        self.timer = QTimer(self)
        self.timer.setInterval(self.TICK_MS)
        self.timer.timeout.connect(self.tick)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setAccessibleName("Replay controls")
        self.scaler = FollowWindowScale(self)
        self._build()

    def _build(self) -> None:
        text = self.ctx.theme.text
        self.play_button = QToolButton()
        self.play_button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        self.play_button.clicked.connect(self.toggle)
        self.back_button = QToolButton()
        self.back_button.setIcon(media_icon("back", text))
        self.back_button.setToolTip("Step back (Left)")
        self.back_button.setAccessibleName("Step back")
        self.back_button.clicked.connect(lambda: self.step(-self.STEP_S))
        self.forward_button = QToolButton()
        self.forward_button.setIcon(media_icon("forward", text))
        self.forward_button.setToolTip("Step forward (Right)")
        self.forward_button.setAccessibleName("Step forward")
        self.forward_button.clicked.connect(lambda: self.step(self.STEP_S))
        self.slider = QSlider(Qt.Orientation.Horizontal)
        self.slider.setAccessibleName("Replay position")
        self.slider.setRange(0, 0)
        self.slider.setSingleStep(round(self.STEP_S * 1000))
        self.slider.setPageStep(1000)
        self.slider.valueChanged.connect(self._on_slider)
        self.time_label = QLabel(clock_text(0) + " / " + clock_text(0))
        self.time_label.setObjectName("replayTime")
        self.time_label.setAccessibleName("Replay time")
        self.speed_combo = QComboBox()
        self.speed_combo.setAccessibleName("Replay speed")
        for s in self.SPEEDS:
            self.speed_combo.addItem(f"{s:g}×", s)
        self.speed_combo.setCurrentIndex(self.SPEEDS.index(1.0))
        self.speed_combo.currentIndexChanged.connect(
            lambda i: self.set_speed(float(self.speed_combo.itemData(i))))
        speed_label = QLabel("Speed:")
        speed_label.setBuddy(self.speed_combo)

        row = QHBoxLayout()
        row.setSpacing(th.SPACING)
        row.addWidget(self.play_button)
        row.addWidget(self.back_button)
        row.addWidget(self.forward_button)
        row.addWidget(self.slider, 1)
        row.addWidget(self.time_label)
        row2 = QHBoxLayout()
        row2.setSpacing(th.SPACING)
        row2.addWidget(speed_label)
        row2.addWidget(self.speed_combo)
        row2.addStretch(1)
        hint = QLabel("Space: play or pause · ← →: step")
        muted(hint, self.ctx.theme)
        row2.addWidget(hint)

        t = self.ctx.theme
        legend = QGridLayout()
        legend.setHorizontalSpacing(th.SPACING)
        legend.setVerticalSpacing(th.SPACING // 2)
        self._demo_legend: list[QWidget] = []
        entries = [(t.ink, "solid", "working stroke"), (t.glide, "dashed", "light glide"),
                   (t.violation, "solid", "rule broken (thicker, numbered marker)"),
                   (t.demo, "line", "demonstration (arrows show the way)")]
        for i, (colour, pattern, text) in enumerate(entries):
            swatch, label = Swatch(colour, pattern), QLabel(text)
            legend.addWidget(swatch, i // 2, (i % 2) * 2)
            legend.addWidget(label, i // 2, (i % 2) * 2 + 1)
            if i == 3:
                self._demo_legend = [swatch, label]
        legend.setColumnStretch(1, 1)
        legend.setColumnStretch(3, 1)

        column = QVBoxLayout(self)
        column.setContentsMargins(th.SPACING, th.SPACING, th.SPACING, th.SPACING)
        column.setSpacing(th.SPACING)
        column.addLayout(row)
        column.addLayout(row2)
        column.addLayout(legend)
        for w in (self.play_button, self.back_button, self.forward_button, self.slider, self.speed_combo):
            w.installEventFilter(self)
        self._show_playing(False)
        self._size_icons()

    # --- public API -------------------------------------------------------

    def load(self, recording: Recording, demo: Recording | None = None, report: Report | None = None) -> None:
        """Show this recording from its start; `demo` draws faintly beside it.

        `report` is the recording's grade, if the caller has it (else it is graded here),
        for the numbered markers that appear as playback reaches each violation.
        """
        self.pause()
        body = self.ctx.content.body
        self.trace = Trace(recording, body)
        self.demo_trace = Trace(demo, body, judge=False) if demo is not None else None
        self.demo_arrow_path = demo_arrows(self.demo_trace) if self.demo_trace else QPainterPath()
        self.report = report if report is not None else grade(recording, body)
        self.markers = place_markers(self.report.violations)
        for w in self._demo_legend:
            w.setVisible(demo is not None)
        self._syncing = True
        self.slider.setRange(0, round(recording.duration * 1000))
        self._syncing = False
        self.layer.cache.invalidate()
        self._t = self.trace.start
        self._index = 0
        self._sync_controls()
        self.diagram.update()
        self.positionChanged.emit(self._t)

    def attach(self) -> None:
        """Draw on ctx.diagram, and take Space and the arrows there too."""
        if not self._attached:
            self._attached = True
            self.diagram.add_layer(self.layer)
            self.diagram.installEventFilter(self)

    def detach(self) -> None:
        """Stop playback and take the layer off the diagram."""
        self.pause()
        if self._attached:
            self._attached = False
            self.diagram.removeEventFilter(self)
            self.diagram.remove_layer(self.layer)
        self.layer.cache.invalidate()  # free the pixmap

    def is_attached(self) -> bool:
        return self._attached

    def position(self) -> float:
        return self._t

    def current_index(self) -> int:
        return self._index

    def marker_position(self) -> tuple[float, float] | None:
        """Where the hand marker is, in the body frame."""
        if self.trace is None:
            return None
        return float(self.trace.x[self._index]), float(self.trace.y[self._index])

    def is_playing(self) -> bool:
        return self._playing

    def speed(self) -> float:
        return self._speed

    def set_speed(self, speed: float) -> None:
        if not speed > 0:
            raise ValueError("speed must be positive")
        self._anchor = (self._clock(), self._t)  # the new rate applies from now on
        self._speed = speed
        if speed in self.SPEEDS and self.speed_combo.currentIndex() != self.SPEEDS.index(speed):
            self.speed_combo.setCurrentIndex(self.SPEEDS.index(speed))

    def seek(self, t: float) -> None:
        if self.trace is None:
            return
        self._anchor = (self._clock(), min(max(t, self.trace.start), self.trace.end))
        self._move_to(self._anchor[1])

    def play(self) -> None:
        if self.trace is None or self._playing:
            return
        if self._t >= self.trace.end:
            self._move_to(self.trace.start)  # at the end, play starts over
        self._anchor = (self._clock(), self._t)
        self._playing = True
        self.timer.start()
        self._show_playing(True)
        self.playingChanged.emit(True)

    def pause(self) -> None:
        if not self._playing:
            return
        self._playing = False
        self.timer.stop()
        self._show_playing(False)
        self.playingChanged.emit(False)

    def toggle(self) -> None:
        if self._playing:
            self.pause()
        else:
            self.play()

    def step(self, seconds: float) -> None:
        """Pause and move by this many seconds."""
        self.pause()
        self.seek(self._t + seconds)

    def tick(self) -> None:
        """Advance to the clock's time; the QTimer calls this while playing."""
        if not self._playing or self.trace is None:
            return
        clock0, t0 = self._anchor
        t = t0 + (self._clock() - clock0) * self._speed
        if t >= self.trace.end:
            self._move_to(self.trace.end)
            self.pause()
        else:
            self._move_to(t)

    # --- internals ------------------------------------------------------------

    def _move_to(self, t: float) -> None:
        trace = self.trace
        if trace is None:
            return
        old_t, old_index = self._t, self._index
        self._t = t
        self._index = trace.index_at(t)
        self._sync_controls()
        self._repaint(old_t, old_index)
        self.positionChanged.emit(t)

    def _repaint(self, old_t: float, old_index: int) -> None:
        trace = self.trace
        if trace is None or not self._attached:
            return
        if self._index < old_index:
            self.diagram.update()  # going back: the cached ink is redrawn
            return
        # Going forward, only the ink added since, the hand's old and new places and
        # any marker just reached change.
        x0, y0, x1, y1 = trace.bounds(max(0, old_index - 1), self._index)
        pad = HAND_RADIUS + BROKEN_WIDTH
        self.diagram.update_frame_rect(x0 - pad, y0 - pad, x1 + pad, y1 + pad)
        lo, hi = min(old_t, self._t), max(old_t, self._t)
        for marker in self.markers:
            if lo <= marker.violation.t <= hi:
                self.diagram.update_frame_rect(*marker_extent(marker))

    def _sync_controls(self) -> None:
        trace = self.trace
        if trace is None:
            return
        self._syncing = True
        self.slider.setValue(round((self._t - trace.start) * 1000))
        self._syncing = False
        self.time_label.setText(f"{clock_text(self._t)} / {clock_text(trace.end)}")

    def _on_slider(self, value: int) -> None:
        if not self._syncing and self.trace is not None:
            self.seek(self.trace.start + value / 1000)

    def _show_playing(self, playing: bool) -> None:
        self.play_button.setIcon(media_icon("pause" if playing else "play", self.ctx.theme.text))
        self.play_button.setText("Pause" if playing else "Play")
        self.play_button.setToolTip("Pause (Space)" if playing else "Play (Space)")
        self.play_button.setAccessibleName(self.play_button.text())

    def _size_icons(self) -> None:
        side = self.fontMetrics().height()
        for b in (self.play_button, self.back_button, self.forward_button):
            b.setIconSize(QSize(side, side))
        self.time_label.setMinimumWidth(self.fontMetrics().horizontalAdvance("00:00.0 / 00:00.0 "))
        # Styles draw the slider in fixed pixels; size it from the type so a projector shows it.
        t = self.ctx.theme
        groove = max(4, round(side * 0.28))
        handle = max(14, round(side * 0.95))
        self.slider.setMinimumHeight(handle + 4)
        self.slider.setStyleSheet(
            f"QSlider::groove:horizontal {{ height: {groove}px; border-radius: {groove // 2}px;"
            f" background: {t.color('muted', 0.35).name(QColor.NameFormat.HexArgb)}; }}"
            f"QSlider::sub-page:horizontal {{ height: {groove}px; border-radius: {groove // 2}px;"
            f" background: {self.palette().highlight().color().name()}; }}"
            f"QSlider::handle:horizontal {{ width: {handle}px; height: {handle}px;"
            f" margin: -{(handle - groove) // 2}px 0; border-radius: {handle // 2}px;"
            f" background: {t.panel}; border: 2px solid {t.text}; }}"
            f"QSlider::handle:horizontal:focus {{ border: 3px solid {self.palette().highlight().color().name()}; }}")

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.FontChange:
            scale_tree(self)
            self._size_icons()  # icons grow with the type on a projector
        super().changeEvent(event)

    def _key(self, event: QKeyEvent) -> bool:
        mods = event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier
        shift = mods == Qt.KeyboardModifier.ShiftModifier
        if mods not in (Qt.KeyboardModifier.NoModifier, Qt.KeyboardModifier.ShiftModifier):
            return False
        key = event.key()
        if key == Qt.Key.Key_Space and not shift:
            self.toggle()
        elif key in (Qt.Key.Key_Left, Qt.Key.Key_Right):
            size = 1.0 if shift else self.STEP_S
            self.step(size if key == Qt.Key.Key_Right else -size)
        elif key == Qt.Key.Key_Home and self.trace is not None:
            self.step(self.trace.start - self._t)
        elif key == Qt.Key.Key_End and self.trace is not None:
            self.step(self.trace.end - self._t)
        else:
            return False
        return True

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if not self._key(event):
            super().keyPressEvent(event)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.KeyPress and isinstance(event, QKeyEvent) and self._key(event):
            return True
        return super().eventFilter(watched, event)
