"""Replaying a drill recording over the back diagram, with the model demonstration beside it.

`ReplayView` plays a recording back: a QTimer only calls `tick()`, and the time
comes from an injected clock, so tests drive it by hand. Painting stays cheap at
4K: finished runs of ink are drawn once into the layer cache, and each frame adds
only the run in progress, the hand and the markers; a tick repaints only the part
of the diagram that changed. The ink and markers come from ui/diagram/.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import TYPE_CHECKING, Final

from PySide6.QtCore import QEvent, QObject, QPointF, QSize, Qt, QTimer, Signal
from PySide6.QtGui import QColor, QKeyEvent, QPainter, QPainterPath
from PySide6.QtWidgets import (
    QComboBox,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QSlider,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from massage_trainer.core.grading import Report, grade
from massage_trainer.core.recording import Recording
from massage_trainer.ui.diagram.cache import LayerCache
from massage_trainer.ui.diagram.markers import Marker, marker_extent, paint_marker, place_markers
from massage_trainer.ui.diagram.trace import BROKEN_WIDTH, DEMO_WIDTH, Ink, Trace, demo_arrows
from massage_trainer.ui.diagram.view import BackDiagram
from massage_trainer.ui.kit import theme as th
from massage_trainer.ui.kit.media import media_icon
from massage_trainer.ui.kit.scaling import FollowWindowScale, scale_tree
from massage_trainer.ui.kit.text import clock_text
from massage_trainer.ui.kit.widgets import Swatch, muted

if TYPE_CHECKING:
    from massage_trainer.ui.kit.context import AppContext

HAND_RADIUS: Final = 0.02


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
