"""A scripted drill, for screenshots and benchmarks: each phase's model traced on a hand-moved clock.

`play_script` plays a drill on the Practice screen up to a moment: before the
drill's end the screen shows the live feedback (by default just after the
script's deliberate mistake, while the warning is up), after it the report.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Final

from massage_trainer.core.drill import DrillSpec, scripted_events, technique_drill_id
from massage_trainer.core.rules import WORKING_PRESSURE
from massage_trainer.core.scripted import PointerEvent
from massage_trainer.ui.kit.context import ScreenshotError
from massage_trainer.ui.practice.live import TICK_MS

if TYPE_CHECKING:
    from massage_trainer.ui.practice.screen import PracticeScreen

# The scripted drill's mistake, and the moment the screenshot shows by default: just
# after it, while the warning is still up.
MISTAKE_AT: Final = 20.0
SCRIPT_AT: Final = 23.0


class ScriptClock:
    """A clock moved by hand, for scripted drills (screenshots, benchmarks)."""

    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


def play_script(screen: PracticeScreen, spec: DrillSpec, at: float) -> None:
    """Run a drill on a scripted clock up to `at` seconds: live feedback, or the report after the end.

    The screen's background work runs at once from here on (its runner turns synchronous),
    so the report is up when this returns, with no busy indicator left over.
    """
    # A script is a picture of one moment: what was already running in the background finishes first.
    screen.runner.wait()
    screen.runner.synchronous = True
    clock = ScriptClock()
    screen.clock = clock
    screen.select_drill(spec.id)
    screen.ask_screening()
    screen.begin()
    live = screen.live
    end = min(at, spec.total_seconds)
    next_tick = 0.0
    handlers = {"press": live.on_pressed, "move": live.on_moved, "release": live.on_released}
    for t, kind, x, y, p in session_events(screen, spec, end):
        clock.now = t
        handlers[kind](x, y, p)
        if t >= next_tick:
            live.refresh()
            next_tick = t + TICK_MS / 1000
    clock.now = at
    live.refresh()


def session_events(screen: PracticeScreen, spec: DrillSpec, end: float) -> list[PointerEvent]:
    """Each phase's scripted learner in turn, for its planned time, up to `end`; the deliberate
    mistake in the first phase. A hand still down when a phase ends stays down into the next
    (its first press is a move), as a learner keeping contact from one technique to the next."""
    events: list[PointerEvent] = []
    start, down = 0.0, False
    for i, phase in enumerate(spec.phases):
        if start >= end:
            break
        technique = screen.ctx.content.techniques[phase.technique]
        span = min(phase.seconds, end - start)
        # The closing stroking a little firmer than the opening one (general rule 5).
        firmer = 1.25 if i > 0 and i == len(spec.phases) - 1 else 1.0
        for t, kind, x, y, p in scripted_events(technique, span, MISTAKE_AT if i == 0 else None):
            if p > WORKING_PRESSURE:
                p = min(0.95, p * firmer)
            if kind == "press" and down:
                kind = "move"
            elif kind == "release" and not down:
                continue
            down = kind != "release"
            events.append((start + t, kind, x, y, p))
        start += phase.seconds
    return events


def prepare_screenshot(screen: PracticeScreen, args: Any) -> None:
    """A drill in progress with some ink (or, with --at past its end, its report)."""
    wanted = getattr(args, "technique", None) or "stroking"
    drill_id = wanted if wanted in screen.titles else technique_drill_id(wanted)
    if drill_id not in screen.titles:
        raise ScreenshotError(f"no drill {wanted!r} to show; choose a technique, "
                              "'session' or 'first-session'")
    at = getattr(args, "at", None)
    play_script(screen, screen.spec_by_id(drill_id), SCRIPT_AT if at is None else float(at))
