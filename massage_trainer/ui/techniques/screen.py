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

The core Timeline is a pure function of time. `Playback` (ui/diagram/player.py)
turns an injected clock into animation time (times the speed); a QTimer, running
only while the animation plays on a visible screen, calls `tick()`; every change
of the player redraws through `AnimationLayer`. The parts live beside this
module: the tabs, the demonstration page (its controls and side panels), the keys.
"""

from __future__ import annotations

import argparse
import time
from collections.abc import Callable
from typing import Final

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QShortcut
from PySide6.QtWidgets import QHBoxLayout, QStackedWidget, QVBoxLayout, QWidget

from massage_trainer.core.reference import Reference
from massage_trainer.core.technique_ids import STROKING
from massage_trainer.core.techniques import Technique, TechniqueLibrary
from massage_trainer.core.timeline import Frame, Timeline
from massage_trainer.ui.diagram.animation import AnimationLayer
from massage_trainer.ui.diagram.player import Change, Playback
from massage_trainer.ui.diagram.view import BackDiagram
from massage_trainer.ui.kit import theme as th
from massage_trainer.ui.kit.context import ScreenHelp, ScreenshotError
from massage_trainer.ui.techniques.demo_page import DemoPage
from massage_trainer.ui.techniques.keys import FASTER_KEYS, HELP_KEYS, HELP_WHERE, SLOWER_KEYS, add_shortcut
from massage_trainer.ui.techniques.tabs import MAX_KEYED, SESSION, TECHNIQUE, TYPES, ViewTabs
from massage_trainer.ui.techniques.types_cards import TypesOfMassageView
from massage_trainer.ui.techniques.widgets import phase_notes

FRAME_MS: Final = 16  # about 60 frames a second


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
        self._scrub_was_playing = False

        self.timer = QTimer(self)
        self.timer.setInterval(FRAME_MS)
        self.timer.setTimerType(Qt.TimerType.PreciseTimer)
        self.timer.timeout.connect(self.tick)

        self._build()
        self.shortcuts = self._build_shortcuts()
        self.playback.subscribe(self._on_player)
        self.select_technique(self.technique.id)

    # ------------------------------------------------------------ building

    def _build(self) -> None:
        theme = self.diagram.theme
        self.tabs = ViewTabs(self.library.techniques, theme)
        self.tabs.chosen.connect(self._on_tab)
        self.pages = QStackedWidget()
        self.demo_page = page = DemoPage(self.library, self.reference, lambda: self.diagram.theme)
        page.phase_bar.phaseChosen.connect(self.go_to_phase)
        page.session_panel.planChosen.connect(self._on_plan_chosen)
        self.controls = controls = page.controls
        controls.connect_buttons(self.go_to_start, self.step_previous, self.toggle_play, self.step_next)
        controls.speedChosen.connect(self._on_speed)
        controls.seekRequested.connect(self.seek)
        controls.scrubStarted.connect(self._on_scrub_pressed)
        controls.scrubFinished.connect(self._on_scrub_released)
        self.types_view = TypesOfMassageView(self.reference, theme)
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

    def screen_help(self) -> ScreenHelp:
        return ScreenHelp(HELP_WHERE, HELP_KEYS)

    def _build_shortcuts(self) -> list[QShortcut]:
        # The demonstration's keys act only while it shows; the view keys, on the whole screen.
        demo = self.demo_page
        bindings: list[tuple[QWidget, tuple[str, ...], Callable[[], object]]] = [
            (demo, ("Space",), self.toggle_play),
            (demo, ("Right",), self.step_next),
            (demo, ("Left",), self.step_previous),
            (demo, ("Home",), self.go_to_start),
            (demo, FASTER_KEYS, self.controls.faster),
            (demo, SLOWER_KEYS, self.controls.slower),
            (self, ("S",), self._session_key),
            (self, ("T",), self.show_types),
        ]
        for i, technique in enumerate(self.library.techniques[:MAX_KEYED]):
            bindings.append((self, (str(i + 1),), self._chooser(technique.id)))
        return [add_shortcut(parent, keys, slot) for parent, keys, slot in bindings]

    # ------------------------------------------------------------ choosing what to show

    def _chooser(self, technique_id: str) -> Callable[[], None]:
        return lambda: self.select_technique(technique_id)

    def _timeline(self, key: tuple[str, object], build: Callable[[], Timeline]) -> Timeline:
        if key not in self._timelines:
            self._timelines[key] = build()
        return self._timelines[key]

    def _on_tab(self, mode: str, technique_id: str | None) -> None:
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
        self.tabs.show_view(TECHNIQUE, technique.id)
        self.demo_page.technique_panel.show_technique(technique)
        self.demo_page.scroll_panel_to_top()
        timeline = self._timeline((TECHNIQUE, technique.id),
                                  lambda: Timeline.for_technique(technique, loop=True))
        self._start(timeline, loop=True)

    def show_session(self, first_session: bool | None = None) -> None:
        """Show a whole session from its beginning, playing (it plays once)."""
        if first_session is not None:
            self.first_session = first_session
        plan = self.library.session_plan(first_session=self.first_session)
        was_session, self.mode = self.mode == SESSION, SESSION
        self.tabs.show_view(SESSION)
        timeline = self._timeline((SESSION, self.first_session),
                                  lambda: Timeline.for_session(plan, self.library))
        self.demo_page.session_panel.show_plan(plan, self.first_session, timeline.phases)
        self.demo_page.phase_bar.set_phases(timeline.phases, phase_notes(plan))
        self.demo_page.condensed_note.setText(plan.condensed_note)
        self._start(timeline, loop=False)
        if was_session:
            self.demo_page.keep_plan_choice_in_view(self.first_session)
        else:
            self.demo_page.scroll_panel_to_top()

    def show_types(self) -> None:
        """The types-of-massage cards; the animation waits, paused, until a demonstration is chosen."""
        if self.mode == TYPES:
            return
        self.mode = TYPES
        self.tabs.show_view(TYPES)
        self.playback.pause()
        self.pages.setCurrentWidget(self.types_view)
        self._sync()

    def _on_plan_chosen(self, first_session: bool) -> None:
        if first_session != self.first_session:
            self.show_session(first_session)

    def _session_key(self) -> None:
        # S opens the session; pressed again, it switches between the two plans.
        if self.mode == SESSION:
            self.show_session(not self.first_session)
        else:
            self.show_session()

    def _start(self, timeline: Timeline, loop: bool) -> None:
        self.timeline = timeline
        self.pages.setCurrentWidget(self.demo_page)
        self.demo_page.show_session(self.mode == SESSION)
        self.layer.set_timeline(timeline, loop=loop)
        self.controls.set_duration(timeline.duration)
        self._caption_key = self._movement_key = None
        self.playback.load(timeline.duration, loop=loop, play=True)  # draws, through _on_player

    # ------------------------------------------------------------ playing

    def set_clock(self, clock: Callable[[], float]) -> None:
        self.playback.set_clock(clock)

    def tick(self) -> None:
        """One animation frame: advance by the clock (the QTimer calls this); the player's change draws it."""
        self.playback.tick()

    def toggle_play(self) -> None:
        self.playback.toggle()

    def play(self) -> None:
        self.playback.play()

    def pause(self) -> None:
        self.playback.pause()

    def seek(self, t: float) -> None:
        self.playback.seek(t)

    def go_to_start(self) -> None:
        self.seek(0.0)

    def step_next(self) -> None:
        if self.timeline is None:
            return
        t = self.timeline.next_movement_time(self.playback.position)
        if t is None:
            # Past the last movement: a loop goes round to the first; a session stays at its end.
            t = self.timeline.movement_starts[0] if self.playback.loop else self.timeline.duration
        self.seek(t)

    def step_previous(self) -> None:
        if self.timeline is None:
            return
        t = self.timeline.previous_movement_time(self.playback.position)
        self.seek(0.0 if t is None else t)

    def go_to_phase(self, index: int) -> None:
        if self.timeline is not None and 0 <= index < len(self.timeline.phases):
            self.seek(self.timeline.phases[index].start)

    def set_speed(self, speed: float) -> None:
        self.controls.set_speed(speed)

    def _on_speed(self, speed: float) -> None:
        self.layer.set_speed(speed)  # first: the speed decides how taps are drawn
        self.playback.set_speed(speed)

    def _on_scrub_pressed(self) -> None:
        self._scrub_was_playing = self.playback.playing
        self.pause()

    def _on_scrub_released(self) -> None:
        if self._scrub_was_playing:
            self.play()

    def _on_player(self, change: Change) -> None:
        if change & (Change.POSITION | Change.SPEED):
            self._refresh()
        if change & Change.PLAYING:
            self._sync()

    def _sync(self) -> None:
        """The timer runs only while the animation plays on the showing screen."""
        running = self._active and self.playback.playing and self.mode != TYPES
        if running and not self.timer.isActive():
            self.timer.start()
        elif not running and self.timer.isActive():
            self.timer.stop()
        self.controls.show_playing(self.playback.playing)

    # ------------------------------------------------------------ drawing

    def current_frame(self) -> Frame | None:
        return self.layer.frame

    def _refresh(self) -> None:
        """Draw the frame at the player's position; touch each widget only if what it shows changed."""
        if self.timeline is None or self.mode == TYPES:
            return
        frame = self.layer.show(self.playback.position)
        timeline = self.timeline
        caption_key = (id(timeline), frame.segment_index)
        if caption_key != self._caption_key:
            self._caption_key = caption_key
            self.demo_page.caption.setText(self._caption_text(frame))
        movement_key = (id(timeline), frame.phase_index, frame.movement_index, frame.working)
        if movement_key != self._movement_key:
            self._movement_key = movement_key
            if self.mode == TECHNIQUE:
                self.demo_page.technique_panel.show_frame(self.library[frame.technique], frame)
            else:
                self.demo_page.session_panel.show_frame(frame)
        if self.mode == SESSION:
            span = timeline.phases[frame.phase_index]
            progress = (frame.t - span.start) / max(span.end - span.start, 1e-6)
            self.demo_page.phase_bar.set_current(frame.phase_index, progress)
        self.controls.show_position(frame.t, timeline.duration)

    def _caption_text(self, frame: Frame) -> str:
        technique = self.library[frame.technique]
        if self.mode == SESSION:
            return f"{technique.name}: {frame.caption}"
        if frame.working:
            return f"{frame.movement_index + 1} of {len(technique.movements)}: {frame.caption}"
        return frame.caption

    # ------------------------------------------------------------ the screen's life

    def activate(self) -> None:
        self.demo_page.host_diagram(self.diagram)
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
