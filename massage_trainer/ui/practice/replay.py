"""Replaying a drill recording over the back diagram, with the model demonstration beside it.

`ReplayView` is the replay's controls. Its clock is the one player clock,
`Playback` (ui/diagram/player.py), with the same speeds as the Techniques
screen: a QTimer only calls `tick()`, and the time comes from an injected
clock, so tests drive it by hand. Its layer (replay_layer.py) draws on the
diagram; a tick repaints only the part of the diagram that changed.
"""

from __future__ import annotations

import math
import time
from collections.abc import Callable
from typing import TYPE_CHECKING, Final

from PySide6.QtCore import QEvent, QObject, QSize, Qt, QTimer, Signal
from PySide6.QtGui import QColor, QKeyEvent, QPainterPath
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QSlider,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from massage_trainer.core.grading import Report, grade
from massage_trainer.core.recording import Recording
from massage_trainer.ui.diagram.markers import MARKER_RADIUS, Marker, marker_extent, place_markers
from massage_trainer.ui.diagram.player import SPEEDS, Change, Playback
from massage_trainer.ui.diagram.trace import BROKEN_WIDTH, Trace, demo_arrows
from massage_trainer.ui.diagram.view import BackDiagram
from massage_trainer.ui.kit import theme as th
from massage_trainer.ui.kit.dialogs import plain_label
from massage_trainer.ui.kit.media import media_icon
from massage_trainer.ui.kit.scaling import FollowWindowScale, scale_tree
from massage_trainer.ui.kit.text import clock_text
from massage_trainer.ui.kit.widgets import muted
from massage_trainer.ui.practice.replay_layer import HAND_RADIUS, ReplayLayer
from massage_trainer.ui.practice.replay_legend import ReplayLegend
from massage_trainer.ui.practice.replay_list import ReplayViolations

if TYPE_CHECKING:
    from massage_trainer.ui.kit.context import AppContext

class ReplayView(QWidget):
    """Plays a recording back over ctx.diagram, with a scrubber, play/pause, step and speed.

    Keys (on these controls, and on the diagram while attached): Space plays or
    pauses, Left/Right step by STEP_S (Shift: by 1 s), Home/End jump to the ends.
    In the list of violations, Up/Down then Enter/Space picks one: the replay pauses
    LEAD_S before it (the learner sees what led to it) and rings its marker.
    """

    positionChanged = Signal(float)  # seconds into the recording, after every seek or tick
    playingChanged = Signal(bool)  # True when playback starts, False when it stops

    SPEEDS: Final = SPEEDS  # the player's, as on the Techniques screen
    STEP_S: Final = 0.2
    LEAD_S: Final = 1.0
    TICK_MS: Final = 16

    def __init__(self, ctx: AppContext, parent: QWidget | None = None,
                 clock: Callable[[], float] = time.monotonic) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.diagram: BackDiagram = ctx.diagram
        self.player = Playback(clock=clock)
        self.player.subscribe(self._on_change)
        self.trace: Trace | None = None
        self.demo_trace: Trace | None = None
        self.demo_arrow_path = QPainterPath()
        self.report: Report | None = None
        self.markers: list[Marker] = []
        self.selected = -1  # the marker picked in the list, drawn ringed even before it is reached
        self._t = 0.0  # the position drawn, and its sample
        self._index = 0
        self._attached = False
        self._syncing = False
        self.layer = ReplayLayer(self)
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
        self.time_label = plain_label(QLabel(clock_text(0) + " / " + clock_text(0)))
        self.time_label.setObjectName("replayTime")
        self.time_label.setAccessibleName("Replay time")
        self.speed_combo = QComboBox()
        self.speed_combo.setAccessibleName("Replay speed")
        for s in self.SPEEDS:
            self.speed_combo.addItem(f"{s:g}×", s)
        self.speed_combo.setCurrentIndex(self.SPEEDS.index(1.0))
        self.speed_combo.currentIndexChanged.connect(
            lambda i: self.set_speed(float(self.speed_combo.itemData(i))))
        speed_label = plain_label(QLabel("Speed:"))
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
        hint = plain_label(QLabel("Space: play or pause · ← →: step"))
        muted(hint, self.ctx.theme)
        row2.addWidget(hint)

        self.legend = ReplayLegend(self.ctx.theme)

        column = QVBoxLayout(self)
        column.setContentsMargins(th.SPACING, th.SPACING, th.SPACING, th.SPACING)
        column.setSpacing(th.SPACING)
        column.addLayout(row)
        column.addLayout(row2)
        column.addWidget(self.legend)
        self.violations = ReplayViolations(self.ctx)
        self.violation_list = self.violations.list
        self.violation_list.selected.connect(self.choose_violation)
        column.addWidget(self.violations, 1)
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
        body = self.ctx.content.body
        self.trace = Trace(recording, body)
        self.demo_trace = Trace(demo, body, judge=False) if demo is not None else None
        self.demo_arrow_path = demo_arrows(self.demo_trace) if self.demo_trace else QPainterPath()
        self.report = report if report is not None else grade(recording, body)
        self.markers = place_markers(self.report.violations)
        self.selected = -1
        self.violations.show_report(self.report)
        self.legend.show_for(demo is not None, any(r.tap for r in self.trace.runs)
                             or any(r.tap for r in (self.demo_trace.runs if self.demo_trace else ())))
        self._syncing = True
        self.slider.setRange(0, round(recording.duration * 1000))
        self._syncing = False
        self.player.load(self.trace.end, start=self.trace.start)  # paused, at the start

    def choose_violation(self, index: int) -> None:
        """Pause LEAD_S before violation `index` (clamped to the start) and ring its marker."""
        if self.trace is None or not 0 <= index < len(self.markers):
            return
        if self.violation_list.current() != index:
            self.violation_list.select(index)  # the row shows it picked; its signal brings us back
            return
        old, self.selected = self.selected, index
        self.pause()
        self.seek(max(self.trace.start, self.markers[index].violation.t - self.LEAD_S))
        if self._attached:
            for i in (old, index):
                if 0 <= i < len(self.markers):
                    self.diagram.update_frame_rect(*marker_extent(self.markers[i]), margin_px=8)

    def attach(self) -> None:
        """Draw on ctx.diagram, and take Space, the arrows and clicks on the markers there too."""
        if not self._attached:
            self._attached = True
            self.diagram.add_layer(self.layer)
            self.diagram.installEventFilter(self)
            self.diagram.clicked.connect(self._on_diagram_click)

    def detach(self) -> None:
        """Stop playback and take the layer off the diagram."""
        self.pause()
        if self._attached:
            self._attached = False
            self.diagram.removeEventFilter(self)
            self.diagram.clicked.disconnect(self._on_diagram_click)
            self.diagram.remove_layer(self.layer)
        self.layer.cache.invalidate()  # free the pixmap

    def is_attached(self) -> bool:
        return self._attached

    def position(self) -> float:
        return self.player.position

    def current_index(self) -> int:
        return self._index

    def marker_position(self) -> tuple[float, float] | None:
        """Where the hand marker is, in the body frame."""
        if self.trace is None:
            return None
        return float(self.trace.x[self._index]), float(self.trace.y[self._index])

    def is_playing(self) -> bool:
        return self.player.playing

    def speed(self) -> float:
        return self.player.speed

    def set_speed(self, speed: float) -> None:
        self.player.set_speed(speed)

    def seek(self, t: float) -> None:
        if self.trace is not None:
            self.player.seek(t)

    def play(self) -> None:
        if self.trace is not None:
            self.player.play()  # at the end, play starts over

    def pause(self) -> None:
        self.player.pause()

    def toggle(self) -> None:
        if self.trace is not None:
            self.player.toggle()

    def step(self, seconds: float) -> None:
        """Pause and move by this many seconds."""
        if self.trace is not None:
            self.player.step(seconds)

    def tick(self) -> None:
        """Advance to the clock's time; the QTimer calls this while playing."""
        self.player.tick()

    # --- internals ------------------------------------------------------------

    def _on_diagram_click(self, x: float, y: float) -> None:
        """A click on a marker on show picks its row, as the report's markers do."""
        now = self.position()
        hits = [(math.hypot(m.x - x, m.y - y), i) for i, m in enumerate(self.markers)
                if m.violation.t <= now or i == self.selected]
        near = [hit for hit in hits if hit[0] <= MARKER_RADIUS * 1.3]
        if near:
            self.choose_violation(min(near)[1])

    def _on_change(self, change: Change) -> None:
        """The player moved, started or stopped, or changed speed: follow it."""
        if change & Change.LOADED:
            self.layer.cache.invalidate()
            self._t, self._index = self.player.position, 0
            self._sync_controls()
            self.diagram.update()
            self.positionChanged.emit(self._t)
        elif change & Change.POSITION and self.trace is not None:
            old_t, old_index = self._t, self._index
            self._t = self.player.position
            self._index = self.trace.index_at(self._t)
            self._sync_controls()
            self._repaint(old_t, old_index)
            self.positionChanged.emit(self._t)
        if change & Change.PLAYING:
            playing = self.player.playing
            if playing:
                self.timer.start()
            else:
                self.timer.stop()
            self._show_playing(playing)
            self.playingChanged.emit(playing)
        if change & Change.SPEED and self.player.speed in SPEEDS:
            index = SPEEDS.index(self.player.speed)
            if self.speed_combo.currentIndex() != index:
                self.speed_combo.setCurrentIndex(index)

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
            self.step(self.trace.start - self.position())
        elif key == Qt.Key.Key_End and self.trace is not None:
            self.step(self.trace.end - self.position())
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
