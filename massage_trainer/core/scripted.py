"""A scripted learner: pointer events tracing a technique, for screenshots and benchmarks."""

from __future__ import annotations

from typing import Final

from massage_trainer.core.demo import DEMO_RATE, hand_recordings
from massage_trainer.core.rules import WORKING_PRESSURE
from massage_trainer.core.techniques import GLIDE_MAX_PRESSURE, Technique, Tempo
from massage_trainer.core.timeline import Timeline

__all__ = ["PointerEvent", "scripted_events"]

PointerEvent = tuple[float, str, float, float, float]  # (t, "press" | "move" | "release", x, y, pressure)

# The impact techniques' mistake: one short tap on the spine, at T2 (clear of the heart area).
SPINE_TAP: Final = (0.0, 0.9)
TAP_S: Final = 0.1


def scripted_events(technique: Technique, seconds: float,
                    mistake_at: float | None = None) -> list[PointerEvent]:
    """Pointer events tracing a technique for `seconds`, as a fairly good learner would.

    The model demonstration (core.demo) at real tempo, round after round: each
    round works every movement on one side and then the other, and ends where
    the next begins (the looped timeline glides, or lifts, back to the start),
    so the learner passes for any drill time of a round or more. With
    `mistake_at`, at the first light glide after that time the learner glides
    over to the patient's left and makes one working stroke straight across
    the spine, then glides back and carries on: that breaks rule 6, and rule 12
    for stroking and rubbing, whose strokes are judged for direction (kneading's
    is judged on its overall climb). Percussion and vibration lift instead of
    gliding: at their first lift after that time the learner taps once on the
    spine, which they may not touch at all (rule 6), and carries on.
    """
    demo = hand_recordings(Timeline.for_technique(technique, loop=True, tempo=Tempo.REAL))[0]
    rows = [(t, x, y, c, p) for ph in demo.phases
            for t, x, y, c, p in zip(ph.t.tolist(), ph.x.tolist(), ph.y.tolist(),
                                     ph.contact.tolist(), ph.pressure.tolist(), strict=True)]
    period = rows.pop()[0]  # the loop's last sample is the first one again, a round later
    events: list[PointerEvent] = []
    down = False
    offset = 0.0
    pending = mistake_at is not None
    rate = DEMO_RATE
    p_tap = max(p for *_, c, p in rows if c)  # as hard as the technique's own blows

    def glide_to(t: float, x1: float, y1: float, span: float, pressure: float) -> float:
        _, _, x0, y0, _ = events[-1]
        steps = max(1, round(span * rate))
        for k in range(1, steps + 1):
            f = k / steps
            events.append((t + k / rate, "move", x0 + (x1 - x0) * f, y0 + (y1 - y0) * f, pressure))
        return t + span

    while not events or events[-1][0] < seconds:
        for t0, x, y, c, p in rows:
            t = t0 + offset
            if pending and technique.impact and not down and not c \
                    and t >= (mistake_at or 0.0):
                pending = False
                events.append((t, "press", *SPINE_TAP, p_tap))
                events.append((t + TAP_S, "release", *SPINE_TAP, 0.0))
                offset += TAP_S + 1 / rate
                t = t0 + offset
            if pending and down and c and p <= WORKING_PRESSURE and t >= (mistake_at or 0.0):
                pending = False
                end = glide_to(t, -0.24, 0.62, 0.8, GLIDE_MAX_PRESSURE)
                end = glide_to(end, 0.24, 0.62, 1.6, 0.55)
                end = glide_to(end, x, y, 0.8, GLIDE_MAX_PRESSURE)
                offset += end - t + 1 / rate
                t = t0 + offset
            if c:
                events.append((t, "move" if down else "press", x, y, p))
                down = True
            elif down:
                events.append((t, "release", x, y, p))
                down = False
        offset += period
    return [e for e in events if e[0] <= seconds]
