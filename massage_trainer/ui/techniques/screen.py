"""The Techniques screen: each classic technique animated on the back, a whole session, the types.

Three views, chosen by the tabs at the top (or the keys 1–5, S and T):

- a technique: what it is for and how the hands move, and its animation on the
  shared back diagram, with play, pause, step, a scrubber and speed;
- the whole session: the techniques in their order, from stroking to stroking,
  with a bar of the phases; the first-session plan or the regular one;
- the types of back massage, as reference cards.

Choosing a technique (or a session plan) starts its animation from the beginning,
PLAYING: the screen is there to show the movement, so it never waits for a click.
A single technique loops; a whole session plays once and stops at its end.

The core Timeline is a pure function of time. `Playback` turns an injected
clock into animation time (times the speed); a QTimer, running only while the
animation plays on a visible screen, calls `tick()`; `AnimationLayer` draws.
"""

from __future__ import annotations

import argparse
import time
from collections.abc import Callable
from html import escape
from typing import Final

from PySide6.QtCore import QEvent, Qt, QTimer
from PySide6.QtGui import QFontMetrics, QIcon, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QRadioButton,
    QSlider,
    QStackedWidget,
    QTabBar,
    QVBoxLayout,
    QWidget,
)

from massage_trainer.core import rules
from massage_trainer.core.reference import Reference
from massage_trainer.core.technique_ids import STROKING
from massage_trainer.core.techniques import SessionPlan, Technique, TechniqueLibrary
from massage_trainer.core.timeline import Frame, Timeline
from massage_trainer.ui.diagram.animation import AnimationLayer, MarkerSwatch
from massage_trainer.ui.diagram.view import BackDiagram
from massage_trainer.ui.kit import theme as th
from massage_trainer.ui.kit.context import ScreenshotError
from massage_trainer.ui.kit.widgets import Card, SidePanel, heading, legend_row, paragraph
from massage_trainer.ui.techniques.types_cards import TypesOfMassageView
from massage_trainer.ui.techniques.widgets import (
    SPEEDS,
    CaptionLabel,
    PhaseBar,
    Playback,
    clock_text,
    media_icon,
    phase_notes,
)

FRAME_MS: Final = 16  # about 60 frames a second
SCRUB_STEPS_PER_SECOND: Final = 10

TECHNIQUE, SESSION, TYPES = "technique", "session", "types"

KEY_HINTS = ("<b>Space</b> play or pause<br><b>← →</b> previous or next movement<br><b>Home</b> back to the start"
             "<br><b>− +</b> (or <b>[ ]</b>) slower or faster<br><b>1–5</b> choose a technique"
             "<br><b>S</b> the whole session; again: the other plan<br><b>T</b> the types of back massage")



class TechniquesScreen(QWidget):
    """See the module docstring. `clock` is injected so tests drive time by hand."""

    title = "Techniques"

    def __init__(self, diagram: BackDiagram, library: TechniqueLibrary, reference: Reference,
                 clock: Callable[[], float] = time.monotonic, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.diagram = diagram
        self.library = library
        self.reference = reference
        self.playback = Playback(clock=clock)
        self.layer = AnimationLayer(diagram, library)
        self.mode = TECHNIQUE
        self.technique: Technique = library[STROKING] if STROKING in library else library.techniques[0]
        self.first_session = True
        self.timeline: Timeline | None = None
        self._timelines: dict[tuple[str, object], Timeline] = {}
        self._active = False
        self._landmarks_were_visible = True
        self._resume_on_activate = True
        self._caption_key: object = None
        self._movement_key: object = None
        self._scrub_value = -1
        self._time_text = ""
        self._scrub_was_playing = False
        self._setting_scrubber = False

        self.timer = QTimer(self)
        self.timer.setInterval(FRAME_MS)
        self.timer.setTimerType(Qt.TimerType.PreciseTimer)
        self.timer.timeout.connect(self.tick)

        self._build()
        self._fit_to_font()
        self._build_shortcuts()
        self.select_technique(self.technique.id)

    # ------------------------------------------------------------ building

    def _build(self) -> None:
        self.tabs = QTabBar()
        self.tabs.setExpanding(False)
        self.tabs.setDrawBase(False)
        self.tabs.setAccessibleName("Technique, session or types of massage")
        self._tab_modes: list[tuple[str, str | None]] = []
        for i, technique in enumerate(self.library.techniques[:9]):
            index = self.tabs.addTab(f"{i + 1}  {technique.name}")
            self.tabs.setTabToolTip(index, f"{technique.name} ({technique.other_name}) — key {i + 1}")
            self._tab_modes.append((TECHNIQUE, technique.id))
        index = self.tabs.addTab("S  Whole session")
        self.tabs.setTabToolTip(index, "A whole session in its order, stroking to stroking — key S")
        self._tab_modes.append((SESSION, None))
        index = self.tabs.addTab("T  Types of back massage")
        self.tabs.setTabToolTip(index, "The other kinds of back massage, for reference — key T")
        self._tab_modes.append((TYPES, None))
        self.tabs.currentChanged.connect(self._on_tab)
        t = self.diagram.theme
        # Lengths in em, so the tabs grow with their type on a projector. The chosen tab is
        # filled and framed more heavily: told apart by more than its colour.
        self.tabs.setStyleSheet(
            f"QTabBar::tab {{ padding: 0.35em 0.9em; margin: 0.15em 0.3em 0.15em 0; color: {t.text};"
            f" background: {t.panel}; border: 1px solid {t.muted}; border-radius: 0.3em; }}"
            f"QTabBar::tab:selected {{ color: {t.panel}; background: {t.demo}; border: 3px solid {t.text}; }}"
            f"QTabBar::tab:hover:!selected {{ border: 2px solid {t.demo}; }}")
        self.tabs.setProperty("scaleFactor", 1.0)  # the window sets its font; a styled tab bar would not inherit it

        # --- the demonstration: diagram and controls on the left, text on the right
        self.phase_bar = PhaseBar(lambda: self.diagram.theme)
        self.phase_bar.phaseChosen.connect(self.go_to_phase)
        self.caption = CaptionLabel()
        self.caption.setObjectName("movementCaption")
        f = self.caption.font()
        f.setBold(True)
        self.caption.setFont(f)
        self.diagram_host = QVBoxLayout()
        self.diagram_host.setContentsMargins(0, 0, 0, 0)

        ink = self.diagram.theme.text
        self.start_button = self._button("Start (Home)", media_icon("start", ink),
                                         "Back to the beginning (Home)", self.go_to_start)
        self.previous_button = self._button("Previous (←)", media_icon("previous", ink),
                                            "Back to the start of this or the previous movement (Left arrow)",
                                            self.step_previous)
        self.play_button = self._button("Pause (Space)", media_icon("pause", ink),
                                        "Play or pause (Space)", self.toggle_play)
        self.play_button.setObjectName("playButton")
        self.next_button = self._button("Next (→)", media_icon("next", ink),
                                        "On to the next movement (Right arrow)", self.step_next)
        fm = self.play_button.fontMetrics()
        self.play_button.setMinimumWidth(fm.horizontalAdvance("Pause (Space)") + fm.height() * 3)

        self.speed_box = QComboBox()
        for s in SPEEDS:
            self.speed_box.addItem(f"{s:g}×", s)
        self.speed_box.setCurrentIndex(SPEEDS.index(1.0))
        self.speed_box.setAccessibleName("Speed")
        self.speed_box.setToolTip("Animation speed; 1× is the real tempo (− and + keys)")
        self.speed_box.setFocusPolicy(Qt.FocusPolicy.TabFocus)
        self.speed_box.currentIndexChanged.connect(self._on_speed)
        speed_label = QLabel("Speed (− +):")
        speed_label.setBuddy(self.speed_box)

        self.scrubber = QSlider(Qt.Orientation.Horizontal)
        self.scrubber.setAccessibleName("Position in the animation")
        self.scrubber.setPageStep(SCRUB_STEPS_PER_SECOND)
        self.scrubber.valueChanged.connect(self._on_scrub)
        self.scrubber.sliderPressed.connect(self._on_scrub_pressed)
        self.scrubber.sliderReleased.connect(self._on_scrub_released)
        self.time_label = QLabel("0:00.0 / 0:00.0")
        self.time_label.setAccessibleName("Time")
        self.time_label.setMinimumWidth(self.time_label.fontMetrics().horizontalAdvance("00:00.0 / 00:00.0"))
        self.time_label.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)

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

        left = QVBoxLayout()
        left.setContentsMargins(th.SPACING * 2, th.SPACING, th.SPACING * 2, th.SPACING)
        left.setSpacing(th.SPACING)
        left.addWidget(self.phase_bar)
        left.addWidget(self.caption)
        left.addLayout(self.diagram_host, 1)
        left.addLayout(scrub_row)
        left.addLayout(buttons)

        self.panel = SidePanel()
        self._build_technique_panel()
        self._build_session_panel()
        self.panel.column.addWidget(self._legend())
        keys = Card()
        keys.body.addWidget(heading("Keyboard", 3))
        self.key_hints = paragraph(KEY_HINTS, rich=True)
        self.key_hints.setObjectName("keyHints")
        keys.body.addWidget(self.key_hints)
        self.panel.column.addWidget(keys)
        self.panel.finish()

        self.demo_page = QWidget()
        demo = QHBoxLayout(self.demo_page)
        demo.setContentsMargins(0, 0, 0, 0)
        demo.setSpacing(0)
        demo.addLayout(left, 3)
        demo.addWidget(self.panel, 2)

        self.types_view = TypesOfMassageView(self.reference, self.diagram.theme)
        self.pages = QStackedWidget()
        self.pages.addWidget(self.demo_page)
        self.pages.addWidget(self.types_view)

        root = QVBoxLayout(self)
        root.setContentsMargins(0, 0, 0, 0)
        root.setSpacing(0)
        tab_row = QHBoxLayout()
        tab_row.setContentsMargins(th.SPACING * 2, th.SPACING // 2, th.SPACING * 2, 0)
        tab_row.addWidget(self.tabs, 1)
        root.addLayout(tab_row)
        root.addWidget(self.pages, 1)

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.FontChange:
            self._fit_to_font()
        super().changeEvent(event)

    def _fit_to_font(self) -> None:
        """The scrubber and the panel's width grow with the type, so a projector shows them large too.

        (Margins, gaps and icons grow with the window's scale in MainWindow.apply_scale.)
        """
        h = QFontMetrics(self.font()).height()
        # The panel keeps a readable width; the diagram column gives way first.
        self.panel.setMinimumWidth(QFontMetrics(self.font()).averageCharWidth() * 36)
        t = self.diagram.theme
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

    def _button(self, text: str, icon: QIcon, tip: str, slot: Callable[[], None]) -> QPushButton:
        button = QPushButton(icon, text)
        button.setToolTip(tip)
        button.setAccessibleName(text.split(" (")[0])
        # Buttons take no keyboard focus: Space and the arrows always drive the animation.
        button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        button.clicked.connect(slot)
        return button

    def _build_technique_panel(self) -> None:
        self.technique_panel = QWidget()
        col = QVBoxLayout(self.technique_panel)
        col.setContentsMargins(0, 0, 0, 0)
        col.setSpacing(th.SPACING * 2)
        self.technique_title = heading("", 1)
        self.other_name = paragraph(rich=True)
        self.other_name.setObjectName("otherName")
        col.addWidget(self.technique_title)
        col.addWidget(self.other_name)
        purpose = Card()
        purpose.body.addWidget(heading("What it is for", 3))
        self.purpose_text = paragraph()
        purpose.body.addWidget(self.purpose_text)
        col.addWidget(purpose)
        how = Card()
        how.body.addWidget(heading("How the hands move", 3))
        self.how_text = paragraph(rich=True)
        how.body.addWidget(self.how_text)
        col.addWidget(how)
        moves = Card()
        moves.body.addWidget(heading("The movements, in order", 3))
        self.movement_list = paragraph(rich=True)
        self.movement_list.setObjectName("movementList")
        moves.body.addWidget(self.movement_list)
        col.addWidget(moves)
        self.panel.column.addWidget(self.technique_panel)

    def _build_session_panel(self) -> None:
        self.session_panel = QWidget()
        col = QVBoxLayout(self.session_panel)
        col.setContentsMargins(0, 0, 0, 0)
        col.setSpacing(th.SPACING * 2)
        col.addWidget(heading("A whole session", 1))
        self.plan_group = QButtonGroup(self)
        self.plan_buttons: dict[bool, QRadioButton] = {}
        for first in (True, False):
            try:
                plan = self.library.session_plan(first_session=first)
            except KeyError:
                continue
            text = f"{plan.name}: {plan.total_minutes:g} min"
            if first:
                text += f" ({rules.FIRST_SESSION_LIMIT_MIN} at most, {rules.rule(rules.DURATION).label})"
            button = QRadioButton(text)
            button.setFocusPolicy(Qt.FocusPolicy.TabFocus)
            self.plan_group.addButton(button)
            self.plan_buttons[first] = button
            button.toggled.connect(self._on_plan_toggled)
            col.addWidget(button)
        self.plan_text = paragraph()
        col.addWidget(self.plan_text)
        order = Card()
        order.body.addWidget(heading("The order", 3))
        self.order_note = paragraph(rich=True)
        self.order_note.setObjectName("orderNote")
        order.body.addWidget(self.order_note)
        self.phase_list = paragraph(rich=True)
        self.phase_list.setObjectName("phaseList")
        order.body.addWidget(self.phase_list)
        col.addWidget(order)
        now = Card()
        self.now_title = heading("", 3)
        self.now_text = paragraph(rich=True)
        now.body.addWidget(self.now_title)
        now.body.addWidget(self.now_text)
        col.addWidget(now)
        self.panel.column.addWidget(self.session_panel)

    def _legend(self) -> Card:
        t = self.diagram.theme
        legend = Card()
        legend.body.addWidget(heading("How to read the animation", 3))

        def marker_row(style: str, text: str) -> QWidget:
            row = QWidget()
            lay = QHBoxLayout(row)
            lay.setContentsMargins(0, 0, 0, 0)
            lay.setSpacing(th.SPACING)
            lay.addWidget(MarkerSwatch(t, style), 0, Qt.AlignmentFlag.AlignTop)
            lay.addWidget(paragraph(text), 1)
            return row

        legend.body.addWidget(marker_row("work", "A hand at work, pointing the way it moves. "
                                                 "The harder it presses, the bigger the marker."))
        legend.body.addWidget(legend_row(t.demo, "solid", "Its fading trail: the last second of the "
                                                          "movement, thicker where it presses harder."))
        legend.body.addWidget(marker_row("glide", "Gliding back lightly, still in contact."))
        legend.body.addWidget(legend_row(t.glide, "dashed", "The glide's path (dashed)."))
        legend.body.addWidget(marker_row("lifted", "Hollow: the hand is lifted, between taps."))
        legend.body.addWidget(paragraph("Thin numbered arrows: every movement of the technique, in order; "
                                        "the one now playing is darker, with chevrons along it."))
        return legend

    def _build_shortcuts(self) -> None:
        def key(sequences: list[str], slot: Callable[[], object], parent: QWidget) -> None:
            for text in sequences:
                shortcut = QShortcut(QKeySequence(text), parent)
                # The screen's own window, and only while the screen (or the demonstration) shows.
                shortcut.setContext(Qt.ShortcutContext.WindowShortcut)
                shortcut.activated.connect(slot)
                self._shortcuts.append(shortcut)

        self._shortcuts: list[QShortcut] = []
        demo = self.demo_page
        key(["Space"], self.toggle_play, demo)
        key(["Right"], self.step_next, demo)
        key(["Left"], self.step_previous, demo)
        key(["Home"], self.go_to_start, demo)
        # "+" comes with Shift on most layouts, and some platforms report the Shift with it.
        key(["+", "Shift++", "=", "]", "Shift+="], self.faster, demo)
        key(["-", "_", "Shift+_", "["], self.slower, demo)
        for i, technique in enumerate(self.library.techniques[:9]):
            key([str(i + 1)], self._chooser(technique.id), self)
        key(["S"], self._session_key, self)
        key(["T"], self.show_types, self)

    # ------------------------------------------------------------ choosing what to show

    def _chooser(self, technique_id: str) -> Callable[[], None]:
        return lambda: self.select_technique(technique_id)

    def _timeline(self, key: tuple[str, object], build: Callable[[], Timeline]) -> Timeline:
        if key not in self._timelines:
            self._timelines[key] = build()
        return self._timelines[key]

    def _set_tab(self, mode: str, technique_id: str | None = None) -> None:
        index = self._tab_modes.index((mode, technique_id))
        if self.tabs.currentIndex() != index:
            self.tabs.blockSignals(True)
            self.tabs.setCurrentIndex(index)
            self.tabs.blockSignals(False)

    def _on_tab(self, index: int) -> None:
        mode, technique_id = self._tab_modes[index]
        if mode == TECHNIQUE and technique_id is not None:
            self.select_technique(technique_id)
        elif mode == SESSION:
            self.show_session(self.first_session)
        else:
            self.show_types()

    def select_technique(self, technique_id: str) -> None:
        """Show a technique's animation from its beginning, playing (it loops)."""
        technique = self.library[technique_id]
        self.mode = TECHNIQUE
        self.technique = technique
        self._set_tab(TECHNIQUE, technique.id)
        self.technique_title.setText(technique.name)
        if technique.other_name.lower() == technique.name.lower():
            other = f"Its Swedish/French name is the same: <i>{escape(technique.other_name)}</i>."
        else:
            other = f"Swedish/French name: <i>{escape(technique.other_name)}</i>"
        self.other_name.setText(other)
        self.purpose_text.setText(technique.purpose)
        self.how_text.setText(f"{escape(technique.how)}<br><br><b>Hands:</b> {escape(technique.hands)}"
                              f"<br><b>Tempo:</b> {escape(technique.tempo)}")
        timeline = self._timeline((TECHNIQUE, technique.id),
                                  lambda: Timeline.for_technique(technique, loop=True))
        self._start(timeline, loop=True)

    def show_session(self, first_session: bool | None = None) -> None:
        """Show a whole session from its beginning, playing (it plays once)."""
        if first_session is not None:
            self.first_session = first_session
        plan = self.library.session_plan(first_session=self.first_session)
        self.mode = SESSION
        self._set_tab(SESSION)
        button = self.plan_buttons.get(self.first_session)
        if button is not None and not button.isChecked():
            button.blockSignals(True)
            button.setChecked(True)
            button.blockSignals(False)
        self.plan_text.setText(plan.description)
        self.order_note.setText(self._order_html(plan))
        timeline = self._timeline((SESSION, self.first_session),
                                  lambda: Timeline.for_session(plan, self.library))
        self.phase_bar.set_phases(timeline.phases, phase_notes(plan))
        self._plan = plan
        self._start(timeline, loop=False)

    def show_types(self) -> None:
        """The types-of-massage cards; the animation waits, paused, until a demonstration is chosen."""
        if self.mode == TYPES:
            return
        self.mode = TYPES
        self._set_tab(TYPES)
        self.playback.pause()
        self.pages.setCurrentWidget(self.types_view)
        self._sync()

    def _order_html(self, plan: SessionPlan) -> str:
        """Rule 5, and how this plan keeps it."""
        try:
            rule = self.reference.rule(5)
            cite = f"<b>Rule 5 — {escape(rule.title)}.</b> "
        except KeyError:
            cite = ""
        if not plan.begins_and_ends_with_stroking:
            return cite + "This plan does not begin and end with stroking."
        closing, opening = plan.phases[-1].intensity[1], plan.phases[0].intensity[1]
        firmer = " and the closing stroking is more intense than the opening one" if closing > opening else ""
        return (f"{cite}The session begins and ends with stroking{firmer}: watch the hands grow "
                "as the pressure rises at the end.")

    def _on_plan_toggled(self, on: bool) -> None:
        first = self.plan_buttons.get(True)
        chosen = first is not None and first.isChecked()
        if on and chosen != self.first_session:
            self.show_session(chosen)

    def _session_key(self) -> None:
        # S opens the session; pressed again, it switches between the two plans.
        if self.mode == SESSION:
            self.show_session(not self.first_session)
        else:
            self.show_session()

    def _start(self, timeline: Timeline, loop: bool) -> None:
        self.timeline = timeline
        self.pages.setCurrentWidget(self.demo_page)
        session = self.mode == SESSION
        self.phase_bar.setVisible(session)
        self.session_panel.setVisible(session)
        self.technique_panel.setVisible(not session)
        self.layer.set_timeline(timeline, loop=loop)
        self.playback.reset(timeline.duration, loop, play=True)
        self._setting_scrubber = True
        self.scrubber.setRange(0, round(timeline.duration * SCRUB_STEPS_PER_SECOND))
        self._setting_scrubber = False
        self._caption_key = self._movement_key = None
        self._scrub_value = -1
        self._time_text = ""
        self._refresh()
        self._sync()

    # ------------------------------------------------------------ playing

    def set_clock(self, clock: Callable[[], float]) -> None:
        self.playback.clock = clock
        if self.playback.playing:
            self.playback.play()  # re-anchor on the new clock

    def tick(self) -> None:
        """One animation frame: advance by the clock and draw (the QTimer calls this)."""
        self.playback.tick()
        self._refresh()
        if not self.playback.playing:
            self._sync()

    def toggle_play(self) -> None:
        self.playback.toggle()
        self._refresh()
        self._sync()

    def play(self) -> None:
        self.playback.play()
        self._sync()

    def pause(self) -> None:
        self.playback.pause()
        self._refresh()
        self._sync()

    def seek(self, t: float) -> None:
        self.playback.seek(t)
        self._refresh()

    def go_to_start(self) -> None:
        self.seek(0.0)

    def step_next(self) -> None:
        if self.timeline is None:
            return
        t = self.timeline.next_movement_time(self.playback.time)
        if t is None:
            # Past the last movement: a loop goes round to the first; a session stays at its end.
            t = self.timeline.movement_starts[0] if self.playback.loop else self.timeline.duration
        self.seek(t)

    def step_previous(self) -> None:
        if self.timeline is None:
            return
        t = self.timeline.previous_movement_time(self.playback.time)
        self.seek(0.0 if t is None else t)

    def go_to_phase(self, index: int) -> None:
        if self.timeline is not None and 0 <= index < len(self.timeline.phases):
            self.seek(self.timeline.phases[index].start)

    def set_speed(self, speed: float) -> None:
        index = min(range(len(SPEEDS)), key=lambda i: abs(SPEEDS[i] - speed))
        self.speed_box.setCurrentIndex(index)

    def faster(self) -> None:
        self.speed_box.setCurrentIndex(min(self.speed_box.currentIndex() + 1, len(SPEEDS) - 1))

    def slower(self) -> None:
        self.speed_box.setCurrentIndex(max(self.speed_box.currentIndex() - 1, 0))

    def _on_speed(self, index: int) -> None:
        speed = SPEEDS[index]
        self.playback.set_speed(speed)
        self.layer.set_speed(speed)
        self._refresh()

    def _on_scrub(self, value: int) -> None:
        if not self._setting_scrubber:
            self._scrub_value = value
            self.seek(value / SCRUB_STEPS_PER_SECOND)

    def _on_scrub_pressed(self) -> None:
        self._scrub_was_playing = self.playback.playing
        self.pause()

    def _on_scrub_released(self) -> None:
        if self._scrub_was_playing:
            self.play()

    def _sync(self) -> None:
        """The timer runs only while the animation plays on the showing screen."""
        running = self._active and self.playback.playing and self.mode != TYPES
        if running and not self.timer.isActive():
            self.timer.start()
        elif not running and self.timer.isActive():
            self.timer.stop()
        playing = self.playback.playing
        text = "Pause (Space)" if playing else "Play (Space)"
        if self.play_button.text() != text:
            self.play_button.setText(text)
            self.play_button.setIcon(media_icon("pause" if playing else "play", self.diagram.theme.text))

    # ------------------------------------------------------------ drawing

    def current_frame(self) -> Frame | None:
        return self.layer.frame

    def _refresh(self) -> None:
        """Draw the frame at the playback's time; touch each widget only if what it shows changed."""
        if self.timeline is None or self.mode == TYPES:
            return
        frame = self.layer.show(self.playback.time)
        timeline = self.timeline
        caption_key = (id(timeline), frame.segment_index)
        if caption_key != self._caption_key:
            self._caption_key = caption_key
            self.caption.setText(self._caption_text(frame))
        movement_key = (id(timeline), frame.phase_index, frame.movement_index, frame.working)
        if movement_key != self._movement_key:
            self._movement_key = movement_key
            self._show_movement(frame)
        if self.mode == SESSION:
            span = timeline.phases[frame.phase_index]
            progress = (frame.t - span.start) / max(span.end - span.start, 1e-6)
            self.phase_bar.set_current(frame.phase_index, progress)
        value = round(frame.t * SCRUB_STEPS_PER_SECOND)
        if value != self._scrub_value and not self.scrubber.isSliderDown():
            self._scrub_value = value
            self._setting_scrubber = True
            self.scrubber.setValue(value)
            self._setting_scrubber = False
        text = f"{clock_text(frame.t)} / {clock_text(timeline.duration)}"
        if text != self._time_text:
            self._time_text = text
            self.time_label.setText(text)

    def _caption_text(self, frame: Frame) -> str:
        technique = self.library[frame.technique]
        if self.mode == SESSION:
            return f"{technique.name}: {frame.caption}"
        if frame.working:
            return f"{frame.movement_index + 1} of {len(technique.movements)}: {frame.caption}"
        return frame.caption

    def _show_movement(self, frame: Frame) -> None:
        technique = self.library[frame.technique]
        if self.mode == TECHNIQUE:
            self.movement_list.setText(self._movement_list_html(technique, frame))
        else:
            assert self.timeline is not None
            items = []
            for i, (span, note) in enumerate(zip(self.timeline.phases, phase_notes(self._plan), strict=True)):
                name = f"{escape(self._names(self.library[span.technique]))}, {escape(note)}"
                items.append(f"<li><b>▶ {name}</b></li>" if i == frame.phase_index else f"<li>{name}</li>")
            self.phase_list.setText(f"<ol style='margin-left: 0'>{''.join(items)}</ol>")
            self.now_title.setText(f"Now: {self._names(technique)}")
            self.now_text.setText(f"{escape(technique.purpose)}<br><br>{escape(technique.how)}")

    @staticmethod
    def _names(technique: Technique) -> str:
        """"Kneading (petrissage)"; just "Vibration" where both names are the same."""
        if technique.other_name.lower() == technique.name.lower():
            return technique.name
        return f"{technique.name} ({technique.other_name})"

    def _movement_list_html(self, technique: Technique, frame: Frame) -> str:
        items = []
        for i, movement in enumerate(technique.movements):
            text = escape(movement.caption)
            if i == frame.movement_index and frame.working:
                items.append(f"<li><b>▶ {text}</b></li>")
            else:
                items.append(f"<li>{text}</li>")
        glide = escape(technique.glide.caption)
        between = f"<p><i>Between movements: {glide}.</i></p>"
        if not frame.working:
            between = f"<p><b>▶ Between movements: {glide}.</b></p>"
        return f"<ol style='margin-left: 0'>{''.join(items)}</ol>{between}"

    # ------------------------------------------------------------ the screen's life

    def activate(self) -> None:
        # The app has one diagram widget; it moves to whichever screen is showing.
        self.diagram_host.addWidget(self.diagram, 1)
        self.diagram.set_input_enabled(False)
        # The vertebra labels would crowd the movement paths; the Atlas gets them back.
        self._landmarks_were_visible = self.diagram.landmarks_visible()
        self.diagram.set_landmarks_visible(False)
        self.diagram.show()
        self.diagram.add_layer(self.layer)
        self._active = True
        if self._resume_on_activate and self.mode != TYPES:
            self.playback.play()
        self._refresh()
        self._sync()

    def deactivate(self) -> None:
        """Stop the timer and take the animation off the shared diagram."""
        self._resume_on_activate = self.playback.playing
        self.playback.pause()
        self._active = False
        self._sync()
        self.diagram.remove_layer(self.layer)
        self.diagram.set_landmarks_visible(self._landmarks_were_visible)

    def prepare_screenshot(self, args: argparse.Namespace) -> None:
        """Show what `massage-trainer screenshot --screen techniques|session|types` asks for, paused."""

        view = getattr(args, "view", None) or (SESSION if getattr(args, "session", False) else TECHNIQUE)
        at = getattr(args, "at", None)
        if view == TYPES:
            self.show_types()
            return
        if view == SESSION:
            first = getattr(args, "first_session", None)
            self.show_session(True if first is None else bool(first))
        else:
            name = getattr(args, "technique", None)
            technique = self.library.find(name) if name else self.technique
            if technique is None:
                raise ScreenshotError(f"unknown technique {name!r}; choose one of: {', '.join(self.library.ids)}")
            self.select_technique(technique.id)
        self.pause()
        self.seek(self._default_time() if at is None else at)

    def _default_time(self) -> float:
        """A moment in the middle of a movement: the hands, their trail and the arrows all show."""
        assert self.timeline is not None
        segments = [s for s in self.timeline.segments if s.working]
        if self.mode == SESSION:
            middle = len(self.timeline.phases) // 2
            segments = [s for s in segments if s.phase_index == middle] or segments
        first = segments[0]
        candidates = [first.start + (0.6 + k / 100) * first.duration for k in range(10)]
        # Where the hands lift (percussion), a moment with one hand down and one up shows both looks.
        for t in candidates:
            contact = {h.contact for h in self.timeline.state_at(t).hands}
            if contact == {True, False}:
                return t
        return candidates[0]
