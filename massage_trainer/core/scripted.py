"""A scripted learner: pointer events tracing a technique, for screenshots and benchmarks."""

from __future__ import annotations

from massage_trainer.core.demo import demo_recording
from massage_trainer.core.rules import WORKING_PRESSURE
from massage_trainer.core.techniques import GLIDE_MAX_PRESSURE, Technique

__all__ = ["PointerEvent", "scripted_events"]

PointerEvent = tuple[float, str, float, float, float]  # (t, "press" | "move" | "release", x, y, pressure)


def scripted_events(technique: Technique, seconds: float,
                    mistake_at: float | None = None) -> list[PointerEvent]:
    """Pointer events tracing a technique for `seconds`, as a fairly good learner would.

    The model demonstration (core.demo), mirrored every other round so both
    sides of the back get ink. With `mistake_at`, at the first light glide
    after that time the learner glides over to the patient's left and makes
    one working stroke straight across the spine (rules 12 and 6), then glides
    back and carries on.
    """
    demo = demo_recording(technique)
    rows = [(t, x, y, c, p) for ph in demo.phases
            for t, x, y, c, p in zip(ph.t.tolist(), ph.x.tolist(), ph.y.tolist(),
                                     ph.contact.tolist(), ph.pressure.tolist(), strict=True)]
    events: list[PointerEvent] = []
    down = False
    offset = 0.0
    side = 1.0
    pending = mistake_at is not None
    rate = 60.0

    def glide_to(t: float, x1: float, y1: float, span: float, pressure: float) -> float:
        _, _, x0, y0, _ = events[-1]
        steps = max(1, round(span * rate))
        for k in range(1, steps + 1):
            f = k / steps
            events.append((t + k / rate, "move", x0 + (x1 - x0) * f, y0 + (y1 - y0) * f, pressure))
        return t + span

    while not events or events[-1][0] < seconds:
        for t0, x0, y0, c, p in rows:
            t, x = t0 + offset, x0 * side
            if pending and down and c and p <= WORKING_PRESSURE and t >= (mistake_at or 0.0):
                pending = False
                end = glide_to(t, -0.24, 0.62, 0.8, GLIDE_MAX_PRESSURE)
                end = glide_to(end, 0.24, 0.62, 1.6, 0.55)
                end = glide_to(end, x, y0, 0.8, GLIDE_MAX_PRESSURE)
                offset += end - t + 1 / rate
                t = t0 + offset
            if c:
                events.append((t, "move" if down else "press", x, y0, p))
                down = True
            elif down:
                events.append((t, "release", x, y0, p))
                down = False
        offset = events[-1][0] + 1 / rate
        side = -side
    return [e for e in events if e[0] <= seconds]

