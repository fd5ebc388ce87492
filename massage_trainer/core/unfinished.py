"""A drill in progress, kept to survive a crash or a closed window, and brought back.

An autosave keeps the recording so far, the phase and the drill's time. To
resume, `resume_drill` feeds the saved samples back through a fresh `Drill`'s
`restore` on a clock of its own, so the builder, the live checker
and the violations are exactly as they were, then hands the drill its real
clock, paused, waiting for the learner.
"""

from __future__ import annotations

import time
from collections.abc import Callable

from massage_trainer.core.body import Body
from massage_trainer.core.drill import Drill, DrillSpec
from massage_trainer.core.samples import Recording

AUTOSAVE_S = 5.0  # of the drill's time between two autosaves


class _Replay:
    """The drill's time while the saved samples are fed back."""

    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


def resume_drill(spec: DrillSpec, body: Body, recording: Recording, phase_index: int, elapsed: float,
                 clock: Callable[[], float] = time.monotonic) -> Drill:
    """The drill as it was saved, paused at `elapsed` on `clock`."""
    replay = _Replay()
    drill = Drill(spec, body, clock=replay)
    drill.start()
    last = len(spec.phases) - 1
    for n, phase in enumerate(recording.phases):
        replay.now = float(phase.t[0])
        # Each recorded phase is the next planned phase of its technique (an empty one was dropped).
        must_move = n > 0
        while drill.phase_index < last and (must_move or drill.technique != phase.technique):
            drill.next_phase()
            must_move = False
        for t, x, y, contact, pressure in zip(phase.t.tolist(), phase.x.tolist(), phase.y.tolist(),
                                              phase.contact.tolist(), phase.pressure.tolist(), strict=True):
            replay.now = t
            drill.restore(t, x, y, contact, pressure)
    replay.now = max(elapsed, replay.now)
    while drill.phase_index < min(phase_index, last):
        drill.next_phase()
    drill.pause()
    # Paused at `elapsed` on a clock that started at 0: resume() on the real clock counts on from there.
    drill.clock = clock
    return drill
