"""The drill in progress: pointer events in; ink, cue, clock, pressure and warnings out.

The drill itself is a `core.drill.Drill`: `LiveDrill` only turns the diagram's
pointer events into its calls and draws its state on the drill page and the
ink layer. A QTimer calls `refresh()` ten times a second to let the drill move
on through its phases; tests call it by hand with a fake clock. When the drill
ends (the time is up, or the last phase is left) `ended` is emitted: grading
and saving are the screen's to start.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Final

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QGuiApplication, QMouseEvent, QTabletEvent

from massage_trainer.content import Content
from massage_trainer.core.device import STEADY_HZ, Sample
from massage_trainer.core.drill import RULE_NUMBERS, Drill, DrillSpec, DrillState, format_clock, headline
from massage_trainer.core.grading import Violation
from massage_trainer.core.instructions import WAITING, phase_how_to
from massage_trainer.core.technique_ids import IMPACT_TECHNIQUES, PERCUSSION
from massage_trainer.core.wording import moment, tally
from massage_trainer.ui.diagram.ink import Ink, InkLayer
from massage_trainer.ui.diagram.view import BackDiagram
from massage_trainer.ui.practice.jobs import now_iso
from massage_trainer.ui.practice.pages import DrillPage

TICK_MS: Final = 100  # the drill's clock and cues; nothing on screen changes faster than this
# A warning stays up at least this long, so it never flashes (docs/visual-language.md: at most 3 Hz).
ALERT_HOLD_S: Final = 3.0
TREMOR_MS: Final = round(1000 / STEADY_HZ)  # while the hand trembles, its samples are drawn at their rate
IDLE_TEXT: Final = "A broken rule shows here the moment it happens, with its number on the ink."


class LiveDrill(QObject):
    """One drill at a time, traced on `diagram`; `clock` is injected so tests move time by hand."""

    ended = Signal()  # the drill has ENDED: nothing more is recorded; finish it
    ticked = Signal()  # refresh() has let a running drill move on (the autosave looks in)

    def __init__(self, content: Content, diagram: BackDiagram, page: DrillPage, ink: InkLayer,
                 clock: Callable[[], float] = time.monotonic, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.content = content
        self.diagram = diagram
        self.page = page
        self.ink = ink
        self.clock = clock
        self.drill: Drill | None = None
        self.started_at = ""
        self._alert_until = 0.0
        self._shift = False  # Shift held, as its key events say (the screen passes them on)
        self._hand = (False, False, False)  # on the skin, locked, trembling: as last shown
        self._waiting = False  # the clock waits for the first touch, as last shown
        self.timer = QTimer(self)
        self.timer.setInterval(TICK_MS)
        self.timer.timeout.connect(self.refresh)
        self.tremor_timer = QTimer(self)  # asks the drill for the tremor's samples due by now
        self.tremor_timer.setInterval(TREMOR_MS)
        self.tremor_timer.timeout.connect(self.refresh)
        diagram.installEventFilter(self)  # the pointer's moves in the air, for the lock and V
        diagram.pointerPressed.connect(self.on_pressed)
        diagram.pointerMoved.connect(self.on_moved)
        diagram.pointerReleased.connect(self.on_released)
        diagram.wheelTurned.connect(self.nudge_pressure)
        page.glide_button.toggled.connect(lambda _on: self.sync_pressure())

    @property
    def active(self) -> bool:
        """A drill is being traced, or has ended and waits to be finished."""
        return self.drill is not None and self.drill.state in (DrillState.RUNNING, DrillState.PAUSED,
                                                               DrillState.ENDED)

    @property
    def paused(self) -> bool:
        return self.drill is not None and self.drill.paused

    def pause(self) -> bool:
        """Stop the drill's clock and the pointer until resume(); False if it was not running."""
        if self.drill is None or not self.drill.pause():
            return False
        self.stop_input()
        self._sync_labels()
        return True

    def resume(self) -> bool:
        if self.drill is None or not self.drill.resume():
            return False
        self.diagram.set_input_enabled(True)
        self.timer.start()
        self._sync_labels()
        return True

    def start(self, spec: DrillSpec, resumed: Drill | None = None, started_at: str = "") -> Drill:
        """Start a new drill, or take up `resumed` (paused, brought back from an autosave)."""
        d = self.drill = resumed or Drill(spec, self.content.body, clock=self.clock)
        self.started_at = started_at or now_iso()
        self.ink.clear()
        page = self.page
        page.glide_button.setChecked(False)
        if resumed is None:
            d.start()
        page.title.setText(spec.title)
        page.set_feedback("Trace on the back", IDLE_TEXT)
        self._coach(d)
        self._set_alert(False)
        self.diagram.set_input_enabled(True)
        self.timer.start()
        d.take_samples()  # drawn from the recording below when resumed; nothing is drawn twice
        if resumed is not None:
            self._redraw(resumed)
            self.stop_input()  # it waits, paused, for Resume
        self._sync_labels()
        self.sync_pressure()
        return d

    def _redraw(self, d: Drill) -> None:
        """The ink of a drill brought back: its strokes, and a marker for each broken rule."""
        samples = d.snapshot()
        if samples is None or samples.sample_count == 0:
            return
        for i, phase in enumerate(samples.build().phases):
            if i:
                self.ink.fade_earlier()
            for row in zip(phase.t.tolist(), phase.x.tolist(), phase.y.tolist(), phase.contact.tolist(),
                           phase.pressure.tolist(), strict=True):
                self._ink_sample(Sample(*row), False, phase.technique, d.working_pressure)
        self.ink.pen_up()
        self.ink.add_violations(d.violations)

    def stop_input(self) -> None:
        """The learner can trace no more: the clock, the pointer and the pen stop."""
        self.timer.stop()
        self.tremor_timer.stop()
        self.diagram.set_input_enabled(False)
        self.ink.pen_up()

    def take(self) -> Drill | None:
        """Hand the drill over (to be finished elsewhere); this no longer touches it."""
        self.stop_input()
        d, self.drill = self.drill, None
        return d

    def cancel(self) -> bool:
        """Stop the drill without grading; False when there was none to stop."""
        if not self.active:
            return False
        assert self.drill is not None
        self.drill.cancel()
        self.stop_input()
        self.ink.clear()
        return True

    # --- the clock and the phases -------------------------------------------------------

    def refresh(self) -> None:
        """The timer's work: let the drill move on, and show its clock and cues."""
        d = self.drill
        if d is None:
            return
        phase = d.phase_index
        if d.running:
            self._show_new(d.tick())
            self._draw(d)
        if d.phase_index != phase:
            self._new_phase()
        if d.state == DrillState.ENDED:
            self.ended.emit()
            return
        self._sync_labels()
        if self._alert_until and self.clock() >= self._alert_until and not d.active_rules:
            self._set_alert(False)
        self.ticked.emit()

    def next_phase(self) -> None:
        d = self.drill
        if d is None or not d.running:
            return
        self._show_new(d.next_phase())
        self._draw(d)
        if d.state == DrillState.ENDED:
            self.ended.emit()
        else:
            self._new_phase()
            self._sync_labels()

    def _new_phase(self) -> None:
        """A glide is not carried into the next phase: the G toggle and a held Shift start afresh."""
        self._shift = False
        self.page.glide_button.setChecked(False)
        self.sync_pressure(shift=False)
        self.ink.fade_earlier()
        d = self.drill
        if d is not None:
            self._coach(d)
            if d.is_down and d.hand.trembles:  # a hand kept down into vibration trembles now
                self.tremor_timer.start()
            else:
                self.tremor_timer.stop()

    def _coach(self, d: Drill) -> None:
        """The phase's instructions, beside the back while it is traced."""
        techniques = [p.technique for p in d.spec.phases]
        self.page.set_how(d.phase.label, phase_how_to(techniques, d.phase_index))

    def _sync_labels(self) -> None:
        d = self.drill
        if d is None:
            return
        page = self.page
        page.cue_label.setText("Paused: the clock has stopped" if d.paused else d.cue)
        self._hand = (d.is_down, d.hand.lock, d.hand.vibrate)
        page.set_hand(*self._hand)
        page.resume_button.setVisible(d.paused)
        parts = []
        for i, phase in enumerate(d.spec.phases):
            name = phase.label
            parts.append(f"<b>▶ {name}</b>" if i == d.phase_index else name)
        n = len(d.spec.phases)
        plan = " → ".join(parts) if n > 1 else ""
        page.plan_label.setText(f"Phase {d.phase_index + 1} of {n}: {plan}" if n > 1 else "")
        page.plan_label.setVisible(n > 1)
        if n > 1:
            page.clock_label.setText(f"{format_clock(d.phase_remaining)} left in this phase · "
                                     f"{format_clock(d.remaining)} in all")
        else:
            page.clock_label.setText(f"{format_clock(d.remaining)} left")
        self._waiting = d.running and not d.clock_started
        if self._waiting:
            page.clock_label.setText(f"{format_clock(d.remaining)} · {WAITING}")
        page.next_button.setVisible(n > 1)
        page.next_button.setText("End tracing (N)" if d.next_technique is None else "Next phase (N)")

    # --- the pointer ---------------------------------------------------------------------

    def _glide_held(self, shift: bool | None = None) -> bool:
        if shift is None:
            shift = self._shift or bool(QGuiApplication.keyboardModifiers() & Qt.KeyboardModifier.ShiftModifier)
        return shift or self.page.glide_button.isChecked()

    def shift_key(self, held: bool) -> None:
        """Shift went down or up: the gauge shows the state now, not at the next pointer move."""
        self._shift = held
        self.sync_pressure(shift=held)

    def on_pressed(self, x: float, y: float, pressure: object) -> None:
        d = self.drill
        if d is None or not d.running:
            return
        p = float(pressure) if isinstance(pressure, (int, float)) else None
        d.set_glide(self._glide_held())
        self._after(d, d.pointer_down(x, y, p), p is not None)

    def on_moved(self, x: float, y: float, pressure: object) -> None:
        d = self.drill
        if d is None or not d.running:
            return
        p = float(pressure) if isinstance(pressure, (int, float)) else None
        d.set_glide(self._glide_held())
        self._after(d, d.pointer_move(x, y, p), p is not None)

    def on_released(self, x: float, y: float, pressure: object) -> None:
        d = self.drill
        if d is None or not d.running:
            return
        self._after(d, d.pointer_up(x, y), None)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """A move with no button or pen down (the diagram reports only drags): the pointer's
        place for C and V, and the lock draws with it."""
        hover = event.type() in (QEvent.Type.MouseMove, QEvent.Type.TabletMove)
        if (hover and isinstance(event, (QMouseEvent, QTabletEvent)) and self.diagram.input_enabled()
                and not event.buttons() & Qt.MouseButton.LeftButton):
            self.on_moved(*self.diagram.to_frame(event.position()), None)
        return False

    def toggle_lock(self) -> None:
        """C: the hand down where the pointer is, or lifted."""
        d = self.drill
        if d is not None and d.running:
            d.set_glide(self._glide_held())
            self._after(d, d.toggle_lock(), False)

    def set_vibrate(self, held: bool) -> None:
        """V held: the hand down, trembling in a vibration phase; released: lifted."""
        d = self.drill
        if d is not None and d.running:
            d.set_glide(self._glide_held())
            self._after(d, d.set_vibrate(held), False)

    def _after(self, d: Drill, new: list[Violation], pen: bool | None) -> None:
        """What follows any input: its ink, its warnings, the pressure (None: as it was) and the hand."""
        self._draw(d)
        self._show_new(new)
        if pen is not None:
            self.sync_pressure(pen)
        hand = (d.is_down, d.hand.lock, d.hand.vibrate)
        if hand != self._hand:  # labels and timers change only when the hand does
            self._hand = hand
            self.page.set_hand(*hand)
            if d.is_down and d.hand.trembles:
                self.tremor_timer.start()
            else:
                self.tremor_timer.stop()
        if self._waiting and d.clock_started:
            self._sync_labels()  # the first touch: the clock shows at once that it runs

    def _draw(self, d: Drill) -> None:
        for sample, broken in d.take_samples():
            self._ink_sample(sample, broken, d.hand.technique, d.working_pressure)

    def _ink_sample(self, s: Sample, broken: bool, technique: str, working: float) -> None:
        """One recorded sample on the ink: a line on from the last, or a blow's mark where it landed."""
        if not s.contact:
            self.ink.pen_up()
            return
        if broken:
            ink = Ink.BROKEN
        else:  # in percussion and vibration every touch works (docs/recording-format.md)
            ink = Ink.WORKING if s.pressure > working or technique in IMPACT_TECHNIQUES else Ink.GLIDE
        if technique == PERCUSSION:
            self.ink.tap(s.x, s.y, ink)
        elif self.ink.is_down:
            self.ink.extend(s.x, s.y, ink)
        else:
            self.ink.pen_down(s.x, s.y)

    # --- pressure ------------------------------------------------------------------------

    def nudge_pressure(self, steps: int) -> None:
        if self.drill is not None and self.drill.running:
            self.drill.nudge(steps)
            self.sync_pressure()

    def set_pressure(self, value: float) -> None:
        if self.drill is not None and self.drill.running:
            self.drill.set_pressure(value)
            self.sync_pressure()

    def sync_pressure(self, pen: bool = False, shift: bool | None = None) -> None:
        """Show the pressure in use; `shift` is Shift's state when a key event just said so
        (during Shift's release the application may still report it held)."""
        d = self.drill
        if d is None:
            return
        if pen:
            self.page.gauge.set_value(d.last_pressure, d.working_pressure, "pen")
        else:
            d.set_glide(self._glide_held(shift))
            self.page.gauge.set_value(d.mouse_pressure, d.working_pressure,
                                      "glide held" if d.glide else "mouse")

    # --- warnings ------------------------------------------------------------------------

    def _show_new(self, violations: list[Violation]) -> None:
        """Mark and name each newly broken rule, the moment it is broken."""
        if not violations:
            return
        self.ink.add_violations(violations)
        v = violations[-1]
        number = RULE_NUMBERS.get(v.rule)
        rule = self.content.reference.rule(number) if number else None
        detail = f"Rule {rule.id}: {rule.title}. {rule.text}" if rule else v.message
        broken = tally(self.drill.violations if self.drill is not None else violations)
        self.page.set_feedback(f"At {moment(v.t)}: {headline(v)}", f"{detail}\n{broken} so far in this drill.")
        self._set_alert(True)

    def _set_alert(self, on: bool) -> None:
        """The feedback card's border: vermillion and thick while a warning is up."""
        self._alert_until = self.clock() + ALERT_HOLD_S if on else 0.0
        self.page.feedback_card.set_alert(on)
