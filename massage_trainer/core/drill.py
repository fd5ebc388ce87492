"""A practice drill being run: the clock, the pointer, the pressure control and the live checks.

A `DrillSpec` (core/drill_plans.py) says what to practise. A `Drill` runs
one: the screen feeds it pointer events in the body frame and calls `tick()`
from a timer; the drill timestamps every sample from its injected clock,
records it, checks it with `LiveChecker` (the same predicates as `grade()`),
moves on to the next phase when its time is up, and at the end grades the
recording.

Contact follows the pointer: the hand touches the skin while the mouse button
or the pen is down. Lifting off mid-phase is recorded as samples out of
contact, so rule 3 (never lose contact) means the same live and in `grade()`.
A mouse has no pressure of its own: the drill's pressure control supplies it.

The plans, the scripted learner (core/scripted.py) and `headline`
(core/wording.py) are importable from here too, as the Practice screen uses
them together.
"""

from __future__ import annotations

import math
import time
from collections.abc import Callable
from enum import StrEnum
from typing import Final

from massage_trainer.core.body import Body
from massage_trainer.core.config import GradeConfig
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
from massage_trainer.core.rules import RULE_NUMBERS
from massage_trainer.core.samples import Recording, RecordingBuilder
from massage_trainer.core.scripted import PointerEvent, scripted_events
from massage_trainer.core.techniques import GLIDE_MAX_PRESSURE
from massage_trainer.core.violation import Violation
from massage_trainer.core.wording import headline

__all__ = [
    "FIRST_SESSION_DRILL", "GLIDE_PRESSURE", "PRESSURE_STEP", "RULE_NUMBERS", "SESSION_DRILL", "Drill",
    "DrillPhase", "DrillSpec", "DrillState", "NothingRecorded", "PointerEvent", "drill_specs",
    "format_clock", "format_seconds", "headline", "scripted_events", "technique_drill_id",
]

# The mouse's pressure control (docs/recording-format.md: a mouse can glide as well as a pen).
MIN_PRESSURE: Final = 0.05
MAX_PRESSURE: Final = 1.0
PRESSURE_STEP: Final = 0.1
DEFAULT_PRESSURE: Final = 0.5
GLIDE_PRESSURE: Final = GLIDE_MAX_PRESSURE  # while the learner holds the glide key

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


class Drill:
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
        self._pressure = DEFAULT_PRESSURE
        self._glide = False
        self.last_pressure = DEFAULT_PRESSURE  # what the latest sample used
        self._t0 = 0.0
        self._phase_start = 0.0
        self._ended_at: float | None = None
        self._paused_at: float | None = None  # the drill's time when it was paused
        self._paused_total = 0.0  # clock seconds spent paused, left out of the recording's time
        self._down = False
        self._lifted = False  # the pointer went up after touching in this phase
        self._last: tuple[float, float] | None = None
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
        """The button or pen is down: the hand is on the skin."""
        return self._down

    @property
    def elapsed(self) -> float:
        """Seconds since start(); it stops when the drill ends."""
        if self.state == DrillState.READY:
            return 0.0
        if self._ended_at is not None:
            return self._ended_at
        return self._now()

    def _now(self) -> float:
        """The drill's time: clock seconds since start(), less every pause."""
        if self._paused_at is not None:
            return self._paused_at
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
        self._t0 = self.clock()
        self._phase_start = 0.0
        first = self.spec.phases[0].technique
        self._builder = RecordingBuilder(first, self.spec.first_session)
        self._live = LiveChecker(self.body, first, self.config, self.spec.first_session)
        self.state = DrillState.RUNNING

    def tick(self) -> list[Violation]:
        """Move on when a phase's time is up; end at the last phase's end or the time limit.

        Returns violations found in closing a phase (a short stroke judged whole).
        """
        new: list[Violation] = []
        if not self.running:
            return new
        now = self._now()
        limit = self.spec.time_limit_s
        while self.running:
            if limit is not None and now >= limit:
                new += self._end(limit)
            elif now >= self._phase_start + self.phase.seconds:
                boundary = self._phase_start + self.phase.seconds
                if self.phase_index == len(self.spec.phases) - 1:
                    new += self._end(boundary)
                else:
                    new += self._advance(boundary)
            else:
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
        self.phase_index += 1
        self._phase_start = at
        self._lifted = False
        technique = self.phase.technique
        self._builder.start_phase(technique)
        new = self._live.start_phase(technique)
        # A phase with no samples is left out of the recording; keep the live
        # phase numbers the same as the recording's.
        self._live.phase = self._builder.phase_index
        self.violations += new
        return new

    def _end(self, at: float) -> list[Violation]:
        assert self._live is not None
        new = self._live.finish()
        self.violations += new
        self._ended_at = at
        self._down = False
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
        if self._down and self._last is not None:
            self.pointer_up(*self._last)
        self._paused_at = self._now()
        self.active_rules = frozenset()
        self.state = DrillState.PAUSED
        return True

    def resume(self) -> bool:
        """Start the clock again where it stopped; False if the drill was not paused."""
        if self._paused_at is None or self.state != DrillState.PAUSED:
            return False
        self._paused_total = self.clock() - self._t0 - self._paused_at
        self._paused_at = None
        self.state = DrillState.RUNNING
        return True

    # --- pressure --------------------------------------------------------------

    @property
    def pressure(self) -> float:
        """The mouse's pressure control (0.05 to 1)."""
        return self._pressure

    def set_pressure(self, value: float) -> float:
        if not math.isfinite(value):
            return self._pressure
        self._pressure = round(min(MAX_PRESSURE, max(MIN_PRESSURE, value)), 2)
        return self._pressure

    def nudge(self, steps: int = 1) -> float:
        """Raise (or, with negative steps, lower) the pressure by 0.1 a step."""
        return self.set_pressure(self._pressure + PRESSURE_STEP * steps)

    @property
    def glide(self) -> bool:
        return self._glide

    def set_glide(self, held: bool) -> None:
        """While held, a mouse glides at the light glide pressure whatever the control says."""
        self._glide = held

    @property
    def mouse_pressure(self) -> float:
        return min(self._pressure, GLIDE_PRESSURE) if self._glide else self._pressure

    @property
    def working_pressure(self) -> float:
        return self.config.working_pressure

    # --- the pointer -------------------------------------------------------------

    def _pressure_of(self, pressure: float | None) -> float:
        if pressure is None:
            return self.mouse_pressure
        return min(1.0, max(0.0, pressure)) if math.isfinite(pressure) else self.mouse_pressure

    def _add(self, x: float, y: float, contact: bool, pressure: float) -> list[Violation]:
        assert self._builder is not None and self._live is not None
        t = self._now()
        if self._builder.last_t is not None:
            t = max(t, self._builder.last_t)  # a clock never runs back, but be sure
        self._builder.add(t, x, y, contact, pressure)
        new = self._live.add(t, x, y, contact, pressure)
        self.violations += new
        self.active_rules = self._live.active_rules if contact else frozenset()
        self._last = (x, y)
        return new

    def _accepts(self, x: float, y: float) -> bool:
        return self.running and math.isfinite(x) and math.isfinite(y)

    def pointer_down(self, x: float, y: float, pressure: float | None = None) -> list[Violation]:
        """The button or pen goes down: the hand touches the skin at (x, y)."""
        if not self._accepts(x, y):
            return []
        p = self._pressure_of(pressure)
        self.last_pressure = p
        new: list[Violation] = []
        if self._lifted:
            # The hand travelled through the air to here: a lifted sample where
            # it comes down keeps that travel out of contact.
            new += self._add(x, y, False, 0.0)
        self._down = True
        new += self._add(x, y, True, p)
        return new

    def pointer_move(self, x: float, y: float, pressure: float | None = None) -> list[Violation]:
        """The pointer moves with the button or pen down; moves in the air are not recorded."""
        if not self._down or not self._accepts(x, y):
            return []
        p = self._pressure_of(pressure)
        self.last_pressure = p
        return self._add(x, y, True, p)

    def pointer_up(self, x: float, y: float, pressure: float | None = None) -> list[Violation]:
        """The hand leaves the skin; in a stroking, rubbing or kneading phase that breaks
        rule 3 if it comes down again in the same phase (reported then)."""
        if not self._down or not self._accepts(x, y):
            self._down = False
            return []
        self._down = False
        self._lifted = True
        return self._add(x, y, False, 0.0)

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
            self._down = False
            self.active_rules = frozenset()
