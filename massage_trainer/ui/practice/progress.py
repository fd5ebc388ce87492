"""Live progress toward the drill's three targets: time against the plan, both sides, the form.

The grader's own measure of the phase so far (`core.doing.measure_phase`, the rules
`incomplete`, `coverage` and `form`), taken about twice a second off the GUI thread
(ui/kit/worker.py) and shown as one row per target, each marked met or not yet in
words and a shape, never colour alone.
"""

from __future__ import annotations

import math
from functools import partial
from typing import Final

from PySide6.QtCore import QObject

from massage_trainer.core.body import Body
from massage_trainer.core.doing import SPAN_SHARE, PhaseDoing, measure_phase
from massage_trainer.core.drill import Drill, format_seconds
from massage_trainer.core.samples import RecordingBuilder
from massage_trainer.ui.kit.worker import Runner
from massage_trainer.ui.practice.live import LiveDrill

EVERY_S: Final = 0.5  # of the clock between two measures


def measure_now(samples: RecordingBuilder, body: Body) -> PhaseDoing | None:
    """The phase being recorded, measured as the grader will; None before its first sample."""
    index = samples.phase_index
    if samples.sample_count == 0:
        return None
    phases = samples.build().phases
    return measure_phase(phases[index], body) if len(phases) > index else None


def progress_rows(doing: PhaseDoing) -> list[tuple[bool, str]]:
    """Each target as (met, words), from the measure's fields."""
    def s(seconds: float) -> str:
        return format_seconds(seconds)

    rows: list[tuple[bool, str]] = []
    if doing.planned_s is not None and doing.active_target_s is not None:
        rows.append((not doing.incomplete,
                     f"Time: {s(doing.active_s)} of work in {s(doing.span_s)} "
                     f"(needs {s(doing.active_target_s)} of work over {s(SPAN_SHARE * doing.planned_s)})"))
    sides = (f"Sides: left {s(doing.work_left_s)}, right {s(doing.work_right_s)} "
             "(each at least a quarter of the other)")
    if doing.cells_total:
        sides += f"; areas covered {doing.cells_covered} of {doing.cells_total} (needs {doing.cells_target})"
    rows.append((not doing.coverage_short, sides))
    form = "; ".join(f"{m.name} {m.value:.1f} ({'at least' if m.at_least else 'at most'} {m.target:g})"
                     for m in doing.form)
    rows.append((doing.form_ok, f"Form: {form}"))
    return rows


def nothing_yet(planned_s: float) -> list[tuple[bool, str]]:
    return [(False, f"Time: nothing yet of the {format_seconds(planned_s)} planned"),
            (False, "Sides: no work on either side yet"),
            (False, "Form: nothing to measure yet")]


class LiveProgress(QObject):
    """Measures the drill's phase so far every EVERY_S of its clock and fills the page's rows."""

    def __init__(self, live: LiveDrill, body: Body, runner: Runner, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.live = live
        self.page = live.page
        self.body = body
        self.runner = runner
        self._due = -math.inf
        self._pending = False
        self._shown: tuple[Drill, int] | None = None  # the drill and phase the rows are of
        live.ticked.connect(lambda: self.refresh(live.drill))

    def refresh(self, d: Drill | None) -> None:
        """Measure again when it is time (or the phase changed) and no measure is on its way."""
        if d is None:
            return
        if self._shown != (d, d.phase_index):
            self._shown = (d, d.phase_index)
            self._due = -math.inf
            self.page.set_progress(nothing_yet(d.phase.seconds))
        now = self.live.clock()
        if self._pending or now < self._due or not d.running:
            return
        self._due = now + EVERY_S
        samples = d.snapshot()
        if samples is None:
            return
        self._pending = True
        self.runner.run(partial(measure_now, samples, self.body), partial(self._show, self._shown),
                        lambda _why: self._done())

    def _done(self) -> None:
        self._pending = False

    def _show(self, of: tuple[Drill, int], doing: PhaseDoing | None) -> None:
        self._pending = False
        if doing is not None and of == self._shown:  # not a measure of a phase gone by
            self.page.set_progress(progress_rows(doing))
