"""The pieces revision 2's measures are made of: weights, runs, the resampled path, windows, turning.

Each function follows one definition of docs/recording-format.md ("Doing the
technique"), on one phase's arrays. They are shared by the form measures
(core/form.py) and the phase's summary (core/doing.py), so each definition
is written once.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Final

import numpy as np
import numpy.typing as npt

from massage_trainer.core.geometry import BoolArray, FloatArray

__all__ = [
    "MIN_RUN_S", "PATH_STEP", "REVERSAL_DEG", "Path", "contact_runs", "long_runs", "path_of",
    "turning", "weights", "window_ids",
]

IntArray = npt.NDArray[np.intp]

MIN_RUN_S: Final = 0.2  # a run of working samples shorter than this is no run
PATH_STEP: Final = 0.01  # the resampled path keeps a sample this far from the last one kept
REVERSAL_DEG: Final = 170.0  # a turn sharper than this either way is a reversal, counted as 0


def weights(t: FloatArray) -> FloatArray:
    """Each sample's weight: the time to the next sample; the last weighs 0."""
    w: FloatArray = np.zeros(len(t))
    if len(t) > 1:
        w[:-1] = np.diff(t)
    return w


def contact_runs(member: BoolArray) -> tuple[IntArray, IntArray]:
    """Maximal runs of True as [start, end) index pairs."""
    edges = np.diff(np.concatenate(([0], member.astype(np.int8), [0])))
    starts: IntArray = np.flatnonzero(edges == 1)
    ends: IntArray = np.flatnonzero(edges == -1)
    return starts, ends


def long_runs(t: FloatArray, member: BoolArray, min_s: float = MIN_RUN_S) -> list[tuple[int, int]]:
    """The runs of `member` lasting at least `min_s`, first sample to last, as [start, end)."""
    starts, ends = contact_runs(member)
    keep = (t[ends - 1] - t[starts]) >= min_s - 1e-12
    return list(zip(starts[keep].tolist(), ends[keep].tolist(), strict=True))


@dataclass(frozen=True)
class Path:
    """A run resampled along its length: the kept samples' times and positions."""

    t: FloatArray
    x: FloatArray
    y: FloatArray

    @property
    def segments(self) -> FloatArray:
        """The length of each segment between consecutive kept samples."""
        lengths: FloatArray = np.hypot(np.diff(self.x), np.diff(self.y))
        return lengths

    @property
    def headings(self) -> FloatArray:
        """Each segment's heading, in degrees."""
        result: FloatArray = np.degrees(np.arctan2(np.diff(self.y), np.diff(self.x)))
        return result

    @property
    def length(self) -> float:
        return float(self.segments.sum())


def path_of(t: FloatArray, x: FloatArray, y: FloatArray, step: float = PATH_STEP) -> Path:
    """Keep the first sample, then each sample at least `step` from the last one kept.

    A loop, since each choice depends on the last: jitter under `step` counts for nothing.
    """
    xs, ys = x.tolist(), y.tolist()
    kept = [0]
    lx, ly = xs[0], ys[0]
    limit = step * step
    for i in range(1, len(xs)):
        dx, dy = xs[i] - lx, ys[i] - ly
        if dx * dx + dy * dy >= limit:
            kept.append(i)
            lx, ly = xs[i], ys[i]
    idx = np.array(kept, dtype=np.intp)
    return Path(t[idx], x[idx], y[idx])


def turning(path: Path) -> FloatArray:
    """The signed angle (degrees) at each inner point of the path, between its two segments.

    In (-180, 180]; sharper than REVERSAL_DEG either way is a reversal and counts as 0.
    """
    headings = path.headings
    if len(headings) < 2:
        return np.zeros(0)
    turn = (np.diff(headings) + 180.0) % 360.0 - 180.0
    turn[np.abs(turn) > REVERSAL_DEG] = 0.0
    result: FloatArray = turn
    return result


def window_ids(t: FloatArray, length: float) -> IntArray:
    """Which window of a run each of its times falls in, from the run's start; -1 where
    the last window is under half `length` long and so is dropped."""
    if len(t) == 0:
        return np.zeros(0, dtype=np.intp)
    start, end = float(t[0]), float(t[-1])
    ids = np.floor((t - start) / length + 1e-9).astype(np.intp)
    last = int(ids[-1])
    if end - (start + last * length) < length / 2 - 1e-9:
        ids[ids == last] = -1
    return ids
