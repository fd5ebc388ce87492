"""The player's controls under the animation: the scrubber, the time, the speed, the buttons.

The controls say what the user asked for (signals) and show what the screen
tells them (`show_position`, `show_playing`); the player clock itself is
`ui/diagram/player.py`. Buttons take no keyboard focus, so Space and the arrows
always drive the animation.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Final

from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtGui import QFontMetrics, QIcon
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QPushButton, QSlider, QVBoxLayout, QWidget

from massage_trainer.ui.diagram.player import SPEEDS, nearest_speed
from massage_trainer.ui.kit import theme as th
from massage_trainer.ui.kit.text import clock_text
from massage_trainer.ui.techniques.widgets import media_icon

SCRUB_STEPS_PER_SECOND: Final = 10


class PlayerControls(QWidget):
    """Scrubber, time and speed on one row; start, previous, play/pause and next below."""

    seekRequested = Signal(float)  # the scrubber was moved to this many seconds
    scrubStarted = Signal()  # the scrubber's handle was pressed
    scrubFinished = Signal()  # ... and released
    speedChosen = Signal(float)

    def __init__(self, theme: th.Theme, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.theme = theme
        ink = theme.text
        self.start_button = self._button("Start (Home)", media_icon("start", ink), "Back to the beginning (Home)")
        self.previous_button = self._button("Previous (←)", media_icon("previous", ink),
                                            "Back to the start of this or the previous movement (Left arrow)")
        self.play_button = self._button("Pause (Space)", media_icon("pause", ink), "Play or pause (Space)")
        self.play_button.setObjectName("playButton")
        self.next_button = self._button("Next (→)", media_icon("next", ink), "On to the next movement (Right arrow)")
        fm = self.play_button.fontMetrics()
        self.play_button.setMinimumWidth(fm.horizontalAdvance("Pause (Space)") + fm.height() * 3)

        self.speed_box = QComboBox()
        for s in SPEEDS:
            self.speed_box.addItem(f"{s:g}×", s)
        self.speed_box.setCurrentIndex(SPEEDS.index(1.0))
        self.speed_box.setAccessibleName("Speed")
        self.speed_box.setToolTip("Animation speed; 1× is the real tempo (− and + keys)")
        self.speed_box.setFocusPolicy(Qt.FocusPolicy.TabFocus)
        self.speed_box.currentIndexChanged.connect(lambda i: self.speedChosen.emit(SPEEDS[i]))
        speed_label = QLabel("Speed (− +):")
        speed_label.setBuddy(self.speed_box)

        self.scrubber = QSlider(Qt.Orientation.Horizontal)
        self.scrubber.setAccessibleName("Position in the animation")
        self.scrubber.setPageStep(SCRUB_STEPS_PER_SECOND)
        self.scrubber.valueChanged.connect(self._on_scrub)
        self.scrubber.sliderPressed.connect(self.scrubStarted)
        self.scrubber.sliderReleased.connect(self.scrubFinished)
        self.time_label = QLabel("0:00.0 / 0:00.0")
        self.time_label.setAccessibleName("Time")
        self.time_label.setMinimumWidth(self.time_label.fontMetrics().horizontalAdvance("00:00.0 / 00:00.0"))
        self.time_label.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        self._setting_scrubber = False
        self._scrub_value = -1
        self._time_text = ""

        scrub_row = QHBoxLayout()
        scrub_row.setSpacing(th.SPACING)
        scrub_row.addWidget(self.scrubber, 1)
        scrub_row.addWidget(self.time_label)
        scrub_row.addSpacing(th.SPACING * 2)
        scrub_row.addWidget(speed_label)
        scrub_row.addWidget(self.speed_box)
        buttons = QHBoxLayout()
        buttons.setSpacing(th.SPACING)
        for b in (self.start_button, self.previous_button, self.play_button, self.next_button):
            buttons.addWidget(b)
        buttons.addStretch(1)
        column = QVBoxLayout(self)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(th.SPACING)
        column.addLayout(scrub_row)
        column.addLayout(buttons)
        self._fit_to_font()

    def _button(self, text: str, icon: QIcon, tip: str) -> QPushButton:
        button = QPushButton(icon, text)
        button.setToolTip(tip)
        button.setAccessibleName(text.split(" (")[0])
        button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        return button

    def connect_buttons(self, start: Callable[[], None], previous: Callable[[], None],
                        play: Callable[[], None], next_: Callable[[], None]) -> None:
        for button, slot in ((self.start_button, start), (self.previous_button, previous),
                             (self.play_button, play), (self.next_button, next_)):
            button.clicked.connect(slot)

    # ------------------------------------------------------------ what the screen shows here

    def set_duration(self, seconds: float) -> None:
        """A new timeline: the scrubber spans it (moving the slider here seeks nothing)."""
        self._setting_scrubber = True
        self.scrubber.setRange(0, round(seconds * SCRUB_STEPS_PER_SECOND))
        self._setting_scrubber = False
        self._scrub_value = -1
        self._time_text = ""

    def show_position(self, t: float, duration: float) -> None:
        """The scrubber and the time at t; touched only if what they show changed (this runs every frame)."""
        value = round(t * SCRUB_STEPS_PER_SECOND)
        if value != self._scrub_value and not self.scrubber.isSliderDown():
            self._scrub_value = value
            self._setting_scrubber = True
            self.scrubber.setValue(value)
            self._setting_scrubber = False
        text = f"{clock_text(t)} / {clock_text(duration)}"
        if text != self._time_text:
            self._time_text = text
            self.time_label.setText(text)

    def show_playing(self, playing: bool) -> None:
        text = "Pause (Space)" if playing else "Play (Space)"
        if self.play_button.text() != text:
            self.play_button.setText(text)
            self.play_button.setIcon(media_icon("pause" if playing else "play", self.theme.text))

    def speed(self) -> float:
        return SPEEDS[self.speed_box.currentIndex()]

    def set_speed(self, speed: float) -> None:
        """Choose the listed speed nearest this one (the speedChosen signal follows)."""
        self.speed_box.setCurrentIndex(SPEEDS.index(nearest_speed(speed)))

    def faster(self) -> None:
        self.speed_box.setCurrentIndex(min(self.speed_box.currentIndex() + 1, len(SPEEDS) - 1))

    def slower(self) -> None:
        self.speed_box.setCurrentIndex(max(self.speed_box.currentIndex() - 1, 0))

    # ------------------------------------------------------------ inside

    def _on_scrub(self, value: int) -> None:
        if not self._setting_scrubber:
            self._scrub_value = value
            self.seekRequested.emit(value / SCRUB_STEPS_PER_SECOND)

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.FontChange:
            self._fit_to_font()
        super().changeEvent(event)

    def _fit_to_font(self) -> None:
        """The scrubber grows with the type, so a projector shows it large too.

        (Margins, gaps and icons grow with the window's scale in MainWindow.apply_scale.)
        """
        h = QFontMetrics(self.font()).height()
        t = self.theme
        groove = max(4, h // 4)
        handle = max(14, round(h * 0.9))
        edge = max(2, h // 10)
        self.scrubber.setStyleSheet(
            f"QSlider {{ min-height: {handle + 2 * edge + 4}px; }}"
            f"QSlider::groove:horizontal {{ height: {groove}px; background: {t.muted};"
            f" border-radius: {groove // 2}px; }}"
            f"QSlider::sub-page:horizontal {{ background: {t.demo}; border-radius: {groove // 2}px; }}"
            f"QSlider::handle:horizontal {{ background: {t.panel}; border: {edge}px solid {t.demo};"
            f" width: {handle}px; margin: -{(handle - groove) // 2 + edge}px 0;"
            f" border-radius: {handle // 2 + edge}px; }}"
            f"QSlider::handle:horizontal:focus {{ border-color: {t.text}; }}")
