"""Whether a phase's technique was done: for its time, over the back, with its own motion.

`measure_phase` measures one phase by the definitions of docs/recording-format.md
("Doing the technique") and returns a `PhaseDoing`: the active time against
the plan, the work on each side, the cells covered, and the technique's form
measures (core/form.py). Its three flags say which of the rules `incomplete`,
`coverage` and `form` the phase breaks. The grader (core/judging.py) reports
them, the score (core/scoring.py) rewards how near each target came, and the
drill screen shows them live as the learner's progress. Pure numpy, one
phase at a time.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Final

import numpy as np

from massage_trainer.core.body import Body
from massage_trainer.core.form import Measure, form_measures
from massage_trainer.core.geometry import BoolArray, FloatArray, Polygon
from massage_trainer.core.motion_path import weights
from massage_trainer.core.rules import WORKING_PRESSURE
from massage_trainer.core.samples import Phase
from massage_trainer.core.technique_ids import IMPACT_TECHNIQUES

__all__ = [
    "ACTIVE_SHARE", "CELL", "CELL_SHARE", "SIDE_EDGE", "SIDE_SHARE", "SPAN_SHARE", "PhaseDoing",
    "cell_centres", "doing_metrics", "measure_phase", "working_samples",
]

SPAN_SHARE: Final = 0.8  # incomplete: the phase's span is under this share of planned_s
ACTIVE_SHARE: Final = 0.5  # or its active time under this share
SIDE_EDGE: Final = 0.05  # left is x < -0.05, right is x > 0.05
SIDE_SHARE: Final = 0.25  # coverage: one side under this share of the other side's work
CELL: Final = 0.1  # the coverage cells' size
CELL_COLUMNS: Final = 4  # on each side, from x = 0.05 out
CELL_ROWS: Final = 10  # from the waist (y = 0) to C7 (y = 1)
CELL_SHARE: Final = 0.25  # coverage: under this share of the cells covered
GAP_S: Final = 1.0  # percussion: onsets this far apart or more are not one stretch of work
# The techniques whose coverage counts cells: they work the whole back, not places on it.
CELL_TECHNIQUES: Final = frozenset({"stroking", "rubbing", "kneading"})


@dataclass(frozen=True)
class PhaseDoing:
    """One phase measured against revision 2's three rules."""

    technique: str
    planned_s: float | None
    span_s: float
    active_s: float
    work_left_s: float
    work_right_s: float
    cells_covered: int  # 0 of 0 for percussion and vibration
    cells_total: int
    form: tuple[Measure, ...]  # the technique's measures; met when every one is
    worked: bool  # any working sample at all

    # ------------------------------------------------------------ the rules

    @property
    def span_short(self) -> bool:
        return self.planned_s is not None and self.span_s < SPAN_SHARE * self.planned_s

    @property
    def active_short(self) -> bool:
        return self.planned_s is not None and self.active_s < ACTIVE_SHARE * self.planned_s

    @property
    def incomplete(self) -> bool:
        """`incomplete`: not done for the time the drill gave it (only with a plan)."""
        return self.planned_s is not None and (not self.worked or self.span_short
                                               or self.active_short)

    @property
    def sides_short(self) -> bool:
        left, right = self.work_left_s, self.work_right_s
        return min(left, right) < SIDE_SHARE * max(left, right)

    @property
    def cells_short(self) -> bool:
        return self.cells_total > 0 and self.cells_covered < CELL_SHARE * self.cells_total

    @property
    def coverage_short(self) -> bool:
        """`coverage`: one side neglected, or too little of the back reached."""
        return not self.worked or self.sides_short or self.cells_short

    @property
    def form_short(self) -> bool:
        """`form`: the technique's signature motion is missing."""
        return not self.worked or not all(m.ok for m in self.form)

    # ------------------------------------------------------ for the screens

    @property
    def shortfall(self) -> Measure | None:
        """The first form measure not met, if any."""
        return next((m for m in self.form if not m.ok), None)

    @property
    def form_name(self) -> str:
        return (self.shortfall or self.form[0]).name

    @property
    def form_value(self) -> float:
        return (self.shortfall or self.form[0]).value

    @property
    def form_target(self) -> float:
        return (self.shortfall or self.form[0]).target

    @property
    def form_ok(self) -> bool:
        return not self.form_short

    @property
    def active_target_s(self) -> float | None:
        """The active time the plan asks for at least."""
        return None if self.planned_s is None else ACTIVE_SHARE * self.planned_s

    @property
    def cells_target(self) -> int:
        """The cells to cover at least (0 when cells do not count)."""
        return int(np.ceil(CELL_SHARE * self.cells_total - 1e-9))


def working_samples(technique: str, contact: BoolArray, pressure: FloatArray) -> BoolArray:
    """Working samples: in contact above the glide pressure; for percussion and vibration,
    every sample in contact."""
    if technique in IMPACT_TECHNIQUES:
        return contact.copy()
    result: BoolArray = contact & (pressure > WORKING_PRESSURE)
    return result


def measure_phase(phase: Phase, body: Body) -> PhaseDoing:
    """Measure one phase (docs/recording-format.md, "Doing the technique")."""
    t, x, y, contact = phase.t, phase.x, phase.y, phase.contact
    work = working_samples(phase.technique, contact, phase.pressure)
    w = weights(t)
    if phase.technique == "percussion":
        onsets = t[contact & ~np.concatenate(([False], contact[:-1]))]
        gaps = np.diff(onsets)
        active = float(gaps[gaps < GAP_S].sum())
    else:
        active = float(w[contact].sum())
    if phase.technique in CELL_TECHNIQUES:
        covered, total = _cells(body.anatomy.outline, x[work], y[work])
    else:
        covered, total = 0, 0
    return PhaseDoing(
        technique=phase.technique,
        planned_s=phase.planned_s,
        span_s=float(t[-1] - t[0]),
        active_s=active,
        work_left_s=float(w[work & (x < -SIDE_EDGE)].sum()),
        work_right_s=float(w[work & (x > SIDE_EDGE)].sum()),
        cells_covered=covered,
        cells_total=total,
        form=form_measures(phase.technique, t, x, y, contact, work),
        worked=bool(work.any()),
    )


@lru_cache(maxsize=4)
def cell_centres(outline: Polygon) -> tuple[tuple[int, int, int], ...]:
    """The cells that count, as (side, column, row), side -1 left and 1 right: those whose
    centre lies inside the torso outline."""
    found = []
    for side in (-1, 1):
        for i in range(CELL_COLUMNS):
            for j in range(CELL_ROWS):
                cx = side * (SIDE_EDGE + CELL * (i + 0.5))
                cy = CELL * (j + 0.5)
                if bool(outline.contains([(cx, cy)])[0]):
                    found.append((side, i, j))
    return tuple(found)


def _cells(outline: Polygon, x: FloatArray, y: FloatArray) -> tuple[int, int]:
    """(cells covered by these working samples, cells that count)."""
    valid = cell_centres(outline)
    side = np.where(x < 0, -1, 1)
    col = np.floor((np.abs(x) - SIDE_EDGE) / CELL).astype(np.intp)
    row = np.floor(y / CELL).astype(np.intp)
    inside = (np.abs(x) >= SIDE_EDGE) & (col < CELL_COLUMNS) & (row >= 0) & (row < CELL_ROWS)
    hit = set(zip(side[inside].tolist(), col[inside].tolist(), row[inside].tolist(), strict=True))
    return len(hit.intersection(valid)), len(valid)


# The report's metric for each form measure, by the measure's name (core/form.py).
_METRIC_OF: Final = {
    "stroke length": "stroke_length",
    "zigzag (path ÷ straight distance)": "zigzag_ratio",
    "loops per 10 s": "loops_per_10s",
    "share of contacts that are taps": "tap_share",
    "taps per second": "taps_per_s",
    "tremor (direction changes per second)": "reversals_per_s",
    "drift (distance per second)": "drift_per_s",
}


def doing_metrics(doings: Sequence[PhaseDoing]) -> dict[str, float]:
    """What revision 2 measures, for the report's metrics: times and sides summed over the
    phases, the share of cells covered over the phases that count cells, and each form
    measure of the last phase that has it."""
    metrics = {
        "active_s": sum(d.active_s for d in doings),
        "work_left_s": sum(d.work_left_s for d in doings),
        "work_right_s": sum(d.work_right_s for d in doings),
    }
    planned = [d.planned_s for d in doings if d.planned_s is not None]
    if planned:
        metrics["planned_s"] = sum(planned)
    cells = [d for d in doings if d.cells_total]
    if cells:
        metrics["cells_covered"] = (sum(d.cells_covered for d in cells)
                                    / sum(d.cells_total for d in cells))
    for d in doings:
        for m in d.form:
            metrics[_METRIC_OF[m.name]] = m.value
    return metrics
