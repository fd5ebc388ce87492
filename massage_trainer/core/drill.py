"""A practice drill being run: the clock, the pointer, the pressure control and the live checks.

A `DrillSpec` (core/drill_plans.py) says what to practise. A `Drill` runs one: the screen
feeds it pointer events in the body frame and calls `tick()` from a timer; the drill
timestamps every sample from its injected clock, records it, checks it with `LiveChecker`
(the same predicates as `grade()`), moves on when a phase's time is up, and grades the end.

The clock starts at the first touch (a press, the contact lock or the vibration control),
not at start(): the learner may read first, and the recording's `t` is 0 at that touch.
Each phase records its planned time (`planned_s`), whether its time ran out or N skipped it.

Contact follows the device (core/device.py): the button or pen down or the contact lock on;
in percussion a press is one blow, in vibration the hand trembles at a steady rate. Lifting
off mid-phase is recorded out of contact, so rule 3 means the same live and in `grade()`.
The mouse's pressure comes from the drill's control (core/pressure.py).

The plans, the scripted learner (core/scripted.py) and `headline` (core/wording.py) are
importable from here too, as the Practice screen uses them together.
"""

from __future__ import annotations

import math
import time
from collections.abc import Callable
from enum import StrEnum
from typing import Final

from massage_trainer.core.body import Body
from massage_trainer.core.config import GradeConfig
from massage_trainer.core.device import Hand, Sample
from massage_trainer.core.drill_plans import (
    FIRST_SESSION_DRILL,
    SESSION_DRILL,
    DrillPhase,
    DrillSpec,
    drill_specs,
    format_clock,
    format_seconds,
    technique_drill_id,
)
from massage_trainer.core.grading import Report, grade
from massage_trainer.core.live import LiveChecker
from massage_trainer.core.pressure import GLIDE_PRESSURE, PRESSURE_STEP, PressureControl
from massage_trainer.core.recording import MAX_ABS_XY
from massage_trainer.core.rules import RULE_NUMBERS
from massage_trainer.core.samples import Recording, RecordingBuilder
from massage_trainer.core.scripted import PointerEvent, scripted_events
from massage_trainer.core.violation import Violation
from massage_trainer.core.wording import headline

__all__ = [
    "FIRST_SESSION_DRILL", "GLIDE_PRESSURE", "PRESSURE_STEP", "RULE_NUMBERS", "SESSION_DRILL", "Drill",
    "DrillPhase", "DrillSpec", "DrillState", "NothingRecorded", "PointerEvent", "drill_specs",
    "format_clock", "format_seconds", "headline", "scripted_events", "technique_drill_id",
]

DEFAULT_CONFIG: Final = GradeConfig()


class DrillState(StrEnum):
    READY = "ready"  # not started
    RUNNING = "running"  # the learner traces
    PAUSED = "paused"  # the clock stands still and nothing is recorded until resume()
    ENDED = "ended"  # the time is up or the last phase was left: nothing more is recorded
    FINISHED = "finished"  # graded
    CANCELLED = "cancelled"


class NothingRecorded(ValueError):
    """The drill ended before anything was traced; the message is fit to show."""


class Drill(PressureControl):
    """One run of a drill, driven by pointer events and an injected clock.

    The pointer methods return the violations that start at that sample (each
    broken rule is reported once per episode, as in the report), and
    `active_rules` holds the rules the latest sample breaks, to colour the ink.
    """

    def __init__(self, spec: DrillSpec, body: Body, clock: Callable[[], float] = time.monotonic,
                 config: GradeConfig = DEFAULT_CONFIG) -> None:
        self.spec = spec
        self.body = body
        self.clock = clock
        self.config = config
        self.state = DrillState.READY
        self.phase_index = 0
        self.violations: list[Violation] = []
        self.active_rules: frozenset[str] = frozenset()
        self.recording: Recording | None = None
        self.report: Report | None = None
        PressureControl.__init__(self, config.working_pressure)
        self._t0: float | None = None  # the clock's reading at the first touch
        self._phase_start = 0.0
        self._ended_at: float | None = None
        self._paused_at: float | None = None  # the drill's time when it was paused
        self._paused_total = 0.0  # clock seconds spent paused, left out of the recording's time
        self.hand = Hand(spec.phases[0].technique)
        self.new_samples: list[tuple[Sample, bool]] = []  # recorded since the screen drew, broken or not
        self._builder: RecordingBuilder | None = None
        self._live: LiveChecker | None = None

    # --- the clock and the plan ----------------------------------------------

    @property
    def phase(self) -> DrillPhase:
        return self.spec.phases[self.phase_index]

    @property
    def technique(self) -> str:
        return self.phase.technique

    @property
    def running(self) -> bool:
        return self.state == DrillState.RUNNING

    @property
    def is_down(self) -> bool:
        """The hand is on the skin (button, pen, contact lock or vibration control)."""
        return self.hand.on

    @property
    def clock_started(self) -> bool:
        """The first touch has come: the drill's time runs (less its pauses)."""
        return self._t0 is not None

    @property
    def elapsed(self) -> float:
        """Seconds since the first touch, less the pauses; it stops when the drill ends."""
        if self.state == DrillState.READY:
            return 0.0
        if self._ended_at is not None:
            return self._ended_at
        return self._now()

    def _now(self) -> float:
        """The drill's time: clock seconds since the first touch, less every pause."""
        if self._paused_at is not None:
            return self._paused_at
        if self._t0 is None:
            return 0.0
        return self.clock() - self._t0 - self._paused_total

    @property
    def phase_elapsed(self) -> float:
        return max(0.0, self.elapsed - self._phase_start)

    @property
    def phase_remaining(self) -> float:
        return max(0.0, self.phase.seconds - self.phase_elapsed)

    @property
    def remaining(self) -> float:
        """Seconds left in the whole drill at its plan (and never past its limit)."""
        left = self.phase_remaining + sum(p.seconds for p in self.spec.phases[self.phase_index + 1:])
        if self.spec.time_limit_s is not None:
            left = min(left, max(0.0, self.spec.time_limit_s - self.elapsed))
        return 0.0 if self.state in (DrillState.ENDED, DrillState.FINISHED) else left

    @property
    def next_technique(self) -> DrillPhase | None:
        i = self.phase_index + 1
        return self.spec.phases[i] if i < len(self.spec.phases) else None

    @property
    def cue(self) -> str:
        """What to do now: "Now: kneading — 3 min"."""
        phase = self.phase
        text = f"Now: {phase.label} — {format_seconds(phase.seconds)}"
        if phase.real_minutes is not None:
            text += f" ({phase.real_minutes:g} min in a real session)"
        if self.state == DrillState.ENDED:
            return "Time is up: finish to see your report"
        return text

    def start(self) -> None:
        if self.state != DrillState.READY:
            raise RuntimeError(f"the drill is {self.state}, not ready")
        self._phase_start = 0.0
        first = self.spec.phases[0]
        self._builder = RecordingBuilder(first.technique, self.spec.first_session, first.seconds)
        self._live = LiveChecker(self.body, first.technique, self.config, self.spec.first_session)
        self.state = DrillState.RUNNING

    def tick(self) -> list[Violation]:
        """Move on when a phase's time is up; end at the last phase's end or the time limit.

        Returns violations found in closing a phase (a short stroke judged whole).
        """
        if not self.running or not self.clock_started:
            return []
        now = self._now()
        new: list[Violation] = []
        limit = self.spec.time_limit_s
        while self.running:
            boundary = self._phase_start + self.phase.seconds
            if limit is not None and now >= limit:
                new += self._record(self.hand.pump(limit))
                new += self._end(limit)
            elif now >= boundary:
                new += self._record(self.hand.pump(boundary))  # the tremor up to the boundary
                if self.phase_index == len(self.spec.phases) - 1:
                    new += self._end(boundary)
                else:
                    new += self._advance(boundary)
            else:
                new += self._record(self.hand.pump(now))
                break
        return new

    def next_phase(self) -> list[Violation]:
        """Move on now (the learner's key or button); after the last phase, end."""
        if not self.running:
            return []
        now = self._now()
        if self.phase_index == len(self.spec.phases) - 1:
            return self._end(now)
        return self._advance(now)

    def _advance(self, at: float) -> list[Violation]:
        assert self._builder is not None and self._live is not None
        new = self._record(self.hand.end_phase(at))
        self.phase_index += 1
        self._phase_start = at
        technique = self.phase.technique
        self._builder.start_phase(technique, self.phase.seconds)
        closed = self._live.start_phase(technique)
        # A phase with no samples is left out of the recording; keep the live
        # phase numbers the same as the recording's.
        self._live.phase = self._builder.phase_index
        self.violations += closed
        self.hand.begin_phase(technique)
        return new + closed

    def _end(self, at: float) -> list[Violation]:
        assert self._live is not None
        new = self._record(self.hand.stop(at))
        closed = self._live.finish()
        self.violations += closed
        new += closed
        self._ended_at = at
        self.active_rules = frozenset()
        self.state = DrillState.ENDED
        return new

    # --- pausing ---------------------------------------------------------------------

    @property
    def paused(self) -> bool:
        return self.state == DrillState.PAUSED

    def pause(self) -> bool:
        """Stop the clock (a question is asked, the learner left the screen); False if not running.

        A hand on the skin is lifted where it is, as a real hand is when the work
        stops; the pause itself is left out of the recording's time.
        """
        if not self.running:
            return False
        self._record(self.hand.lift_all(self._now()))
        self._paused_at = self._now()
        self.active_rules = frozenset()
        self.state = DrillState.PAUSED
        return True

    def resume(self) -> bool:
        """Start the clock again where it stopped; False if the drill was not paused."""
        if self._paused_at is None or self.state != DrillState.PAUSED:
            return False
        if self._t0 is not None:
            self._paused_total = self.clock() - self._t0 - self._paused_at
        self._paused_at = None
        self.state = DrillState.RUNNING
        return True

    # --- the pointer -------------------------------------------------------------

    def _record(self, samples: list[Sample]) -> list[Violation]:
        """Record the hand's samples and check them; the violations that start at them."""
        assert self._builder is not None and self._live is not None
        new: list[Violation] = []
        for raw in samples:
            # A pointer dragged far off a small diagram can leave the range a recording may
            # hold (docs/recording-format.md); keep it at the edge, so every drill saves.
            sample = raw._replace(x=min(MAX_ABS_XY, max(-MAX_ABS_XY, raw.x)),
                                  y=min(MAX_ABS_XY, max(-MAX_ABS_XY, raw.y)))
            self._builder.add(*sample)
            new += self._live.add(*sample)
            self.active_rules = self._live.active_rules if sample.contact else frozenset()
            self.new_samples.append((sample, bool(self.active_rules)))
        self.violations += new
        return new

    def take_samples(self) -> list[tuple[Sample, bool]]:
        """The samples recorded since the last call, each with whether it broke a rule, to draw."""
        out, self.new_samples = self.new_samples, []
        return out

    def _accepts(self, x: float, y: float) -> bool:
        return self.running and math.isfinite(x) and math.isfinite(y)

    def _touch(self) -> float:
        """The drill's time now; the first touch starts the clock."""
        if self._t0 is None:
            self._t0 = self.clock()
        return self._now()

    def pointer_down(self, x: float, y: float, pressure: float | None = None) -> list[Violation]:
        """The button or pen goes down at (x, y): the hand touches the skin (in percussion, one blow)."""
        if not self._accepts(x, y):
            return []
        p = self.last_pressure = self._pressure_of(pressure)
        return self._record(self.hand.press(self._touch(), x, y, p))

    def pointer_move(self, x: float, y: float, pressure: float | None = None) -> list[Violation]:
        """The pointer moves: recorded on the skin (and a blow dragged on, in the air), else only kept."""
        if not self._accepts(x, y):
            return []
        p = self._pressure_of(pressure)
        if self.hand.on:
            self.last_pressure = p
        if not self.clock_started:
            self.hand.at = (x, y)
            return []
        return self._record(self.hand.move(self._now(), x, y, p if self.hand.on else None))

    def pointer_up(self, x: float, y: float, pressure: float | None = None) -> list[Violation]:
        """The button or pen goes up; in a stroking, rubbing or kneading phase that breaks
        rule 3 if it comes down again in the same phase (reported then)."""
        if not self._accepts(x, y):
            self.hand.button = False
            return []
        return self._record(self.hand.release(self._now(), x, y))

    def toggle_lock(self) -> list[Violation]:
        """C: put the hand down where the pointer rests, or lift it (in percussion, one blow)."""
        if not self.running or self.hand.at is None:
            return []
        self.hand.pressure = self.last_pressure = self.mouse_pressure
        return self._record(self.hand.set_lock(self._touch(), not self.hand.lock))

    def set_vibrate(self, held: bool) -> list[Violation]:
        """V held: the hand down where the pointer rests, trembling in a vibration phase; released: lifted."""
        if not self.running or self.hand.at is None or held == self.hand.vibrate:
            return []
        if held:
            self.hand.pressure = self.last_pressure = self.mouse_pressure
        return self._record(self.hand.set_vibrate(self._touch() if held else self._now(), held))

    def restore(self, t: float, x: float, y: float, contact: bool, pressure: float) -> list[Violation]:
        """Record a sample exactly as it was recorded before (an autosave fed back, its clock at `t`)."""
        if self._t0 is None:
            self._t0 = self.clock() - t  # the drill's time is the recording's, whenever its first touch was
        sample = Sample(t, x, y, contact, pressure)
        new = self._record([sample])
        self.hand.restore(sample)
        return new

    # --- the end -------------------------------------------------------------------

    @property
    def sample_count(self) -> int:
        return self._builder.sample_count if self._builder is not None else 0

    def snapshot(self) -> RecordingBuilder | None:
        """The samples so far, to be built and saved elsewhere; None before start()."""
        return self._builder.copy() if self._builder is not None else None

    def finish(self) -> tuple[Recording, Report]:
        """Stop (if still running), grade the recording, and return both.

        Raises NothingRecorded when nothing was traced.
        """
        if self.state == DrillState.FINISHED:
            assert self.recording is not None and self.report is not None
            return self.recording, self.report
        if self.state in (DrillState.READY, DrillState.CANCELLED):
            raise NothingRecorded("The drill was not started, so there is nothing to grade.")
        if self.state in (DrillState.RUNNING, DrillState.PAUSED):
            self._end(self._now())
        assert self._builder is not None
        if self._builder.sample_count == 0:
            self.state = DrillState.CANCELLED
            raise NothingRecorded("Nothing was traced on the back, so there is nothing to grade.")
        self.recording = self._builder.build()
        self.report = grade(self.recording, self.body, self.config)
        self.state = DrillState.FINISHED
        return self.recording, self.report

    def cancel(self) -> None:
        """Stop without grading; nothing is kept."""
        if self.state in (DrillState.READY, DrillState.RUNNING, DrillState.PAUSED, DrillState.ENDED):
            if self.state in (DrillState.RUNNING, DrillState.PAUSED):
                self._ended_at = self._now()
            self.state = DrillState.CANCELLED
            self.hand.button = self.hand.lock = self.hand.vibrate = self.hand.on = False
            self.active_rules = frozenset()
