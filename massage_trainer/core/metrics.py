"""Measures of a drill recording: smoothed motion, coverage, speed, rhythm, and `measure`.

These are the building blocks of the grader and what the drill's result
page draws (the coverage heatmap, the speed profile); `measure` gives the
report's metrics, from which core/scoring.py makes the quality part of the
score. All of them work on whole numpy arrays; none loops over samples in
Python.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Final, NamedTuple

import numpy as np
import numpy.typing as npt

from massage_trainer.core.body import Body
from massage_trainer.core.geometry import BoolArray, FloatArray
from massage_trainer.core.rules import MIN_SPEED, SMOOTHING_WINDOW_S
from massage_trainer.core.samples import Recording
from massage_trainer.core.technique_ids import LIFTING_TECHNIQUES

IntArray = npt.NDArray[np.intp]
# Side of a coverage cell, in back lengths (about 2.5 cm on an adult).
COVERAGE_CELL: Final = 0.05
# Smoothness compares the direction of motion now and this much later.
SMOOTHNESS_LAG_S: Final = 0.1


def runs(member: BoolArray, new_segment: BoolArray | None = None) -> tuple[IntArray, IntArray]:
    """Maximal runs of True in `member`: (starts, ends), ends exclusive.

    A run is also cut where `new_segment` is True (a phase starts there), so
    no run crosses from one phase into the next.
    """
    m = np.asarray(member, dtype=bool)
    prev = np.empty_like(m)
    prev[0:1] = False
    prev[1:] = m[:-1]
    first = m & ~prev
    nxt = np.empty_like(m)
    nxt[-1:] = False
    nxt[:-1] = m[1:]
    last = m & ~nxt
    if new_segment is not None:
        cut = np.asarray(new_segment, dtype=bool)
        first |= m & cut
        last[:-1] |= m[:-1] & cut[1:]
    return np.flatnonzero(first), np.flatnonzero(last) + 1


def run_ids(n: int, starts: IntArray, ends: IntArray) -> IntArray:
    """For each of n samples, the index of the run it belongs to, or -1."""
    ids = np.full(n, -1, dtype=np.intp)
    lengths = ends - starts
    ids[members(starts, lengths)] = np.repeat(np.arange(len(starts), dtype=np.intp), lengths)
    return ids


def members(starts: IntArray, lengths: IntArray) -> IntArray:
    """The indices covered by runs (start, length), concatenated."""
    total = int(lengths.sum())
    if total == 0:
        return np.zeros(0, dtype=np.intp)
    offsets = np.cumsum(lengths) - lengths
    within = np.arange(total, dtype=np.intp) - np.repeat(offsets, lengths)
    members: IntArray = np.repeat(starts, lengths) + within
    return members


@dataclass(frozen=True)
class Motion:
    """Smoothed position and velocity per sample; zero velocity outside the runs.

    `full` marks the samples whose whole window lies inside their run; near a
    run's ends the window is cut short and smooths less.
    """

    x: FloatArray
    y: FloatArray
    vx: FloatArray
    vy: FloatArray
    full: BoolArray

    @property
    def speed(self) -> FloatArray:
        s: FloatArray = np.hypot(self.vx, self.vy)
        return s


def smooth_motion(t: FloatArray, x: FloatArray, y: FloatArray, starts: IntArray, ends: IntArray,
                  window: float = SMOOTHING_WINDOW_S) -> Motion:
    """Centred moving average over `window` seconds within each run, and its velocity.

    `t` must not decrease. The average never reaches past the ends of a run,
    so one stroke's smoothing does not leak into the next. Velocity is the
    centred difference of the smoothed positions; samples with no elapsed
    time around them get zero velocity.
    """
    n = len(t)
    sx, sy = x.astype(np.float64, copy=True), y.astype(np.float64, copy=True)
    vx, vy = np.zeros(n), np.zeros(n)
    full = np.zeros(n, dtype=bool)
    lengths = ends - starts
    idx = members(starts, lengths)
    if len(idx) == 0:
        return Motion(sx, sy, vx, vy, full)
    run_lo = np.repeat(starts, lengths)
    run_hi = np.repeat(ends, lengths)
    half = window / 2.0
    ti = t[idx]
    lo = np.maximum(np.searchsorted(t, ti - half, side="left"), run_lo)
    hi = np.minimum(np.searchsorted(t, ti + half, side="right"), run_hi)
    count = hi - lo  # at least 1: a sample is always inside its own window
    full[idx] = (t[run_lo] <= ti - half) & (t[run_hi - 1] >= ti + half)
    # Prefix sums make every window's mean O(1); centring on the run's first
    # value keeps the sums small, so the subtraction loses no precision.
    for src, dst in ((x, sx), (y, sy)):
        c = np.concatenate(([0.0], np.cumsum(src - src[idx[0]])))
        dst[idx] = (c[hi] - c[lo]) / count + src[idx[0]]
    prev = np.maximum(idx - 1, run_lo)
    nxt = np.minimum(idx + 1, run_hi - 1)
    dt = t[nxt] - t[prev]
    moving = dt > 0
    safe_dt = np.where(moving, dt, 1.0)
    vx[idx] = np.where(moving, (sx[nxt] - sx[prev]) / safe_dt, 0.0)
    vy[idx] = np.where(moving, (sy[nxt] - sy[prev]) / safe_dt, 0.0)
    return Motion(sx, sy, vx, vy, full)


def time_weights(t: FloatArray) -> FloatArray:
    """Seconds each sample stands for: the time until the next sample (0 for the last)."""
    w: FloatArray = np.diff(t, append=t[-1:]) if len(t) else np.zeros(0)
    return w


def weighted_mean(values: FloatArray, weights: FloatArray, where: BoolArray) -> float:
    """Time-weighted mean over the chosen samples; a plain mean if no time passed; 0 if none."""
    if not where.any():
        return 0.0
    v, w = values[where], weights[where]
    total = float(w.sum())
    if total > 0.0:
        return float((v * w).sum() / total)
    return float(v.mean())


class CoverageGrid(NamedTuple):
    """Seconds of contact per cell of a grid over the back, for the heatmap.

    `seconds` and `on_area` have shape (len(y_edges) - 1, len(x_edges) - 1):
    rows go up the back from the waist, columns from the patient's left.
    `on_area` marks the cells whose centre is on the working area.
    """

    x_edges: FloatArray
    y_edges: FloatArray
    seconds: FloatArray
    on_area: BoolArray
    touched: BoolArray

    @property
    def coverage(self) -> float:
        """Fraction of the working-area cells touched in contact."""
        cells = int(self.on_area.sum())
        return float((self.touched & self.on_area).sum() / cells) if cells else 0.0


def grid_edges(body: Body, cell: float = COVERAGE_CELL) -> tuple[FloatArray, FloatArray]:
    """Cell edges covering the working area (the outline from the waist to C7)."""
    x0, _, x1, _ = body.anatomy.outline.bounds()
    left = np.floor(x0 / cell) * cell
    nx = int(np.ceil((x1 - left) / cell - 1e-9))
    ny = int(np.ceil(1.0 / cell - 1e-9))
    x_edges: FloatArray = left + cell * np.arange(nx + 1, dtype=np.float64)
    y_edges: FloatArray = cell * np.arange(ny + 1, dtype=np.float64)
    return x_edges, y_edges


def accumulate_grid(body: Body, x: FloatArray, y: FloatArray, weights: FloatArray,
                    contact: BoolArray, cell: float = COVERAGE_CELL) -> CoverageGrid:
    """Bin the contact samples into the grid: seconds per cell, and which cells were touched."""
    x_edges, y_edges = grid_edges(body, cell)
    nx, ny = len(x_edges) - 1, len(y_edges) - 1
    cx = (x_edges[:-1] + x_edges[1:]) / 2.0
    cy = (y_edges[:-1] + y_edges[1:]) / 2.0
    gx, gy = np.meshgrid(cx, cy)
    on_area = body.on_working_area(np.column_stack((gx.ravel(), gy.ravel()))).reshape(ny, nx)
    col = np.floor((x - x_edges[0]) / cell).astype(np.intp)
    row = np.floor((y - y_edges[0]) / cell).astype(np.intp)
    keep = contact & (col >= 0) & (col < nx) & (row >= 0) & (row < ny)
    flat = row[keep] * nx + col[keep]
    seconds: FloatArray = np.bincount(flat, weights=weights[keep], minlength=nx * ny).astype(
        np.float64).reshape(ny, nx)
    touched = (np.bincount(flat, minlength=nx * ny) > 0).reshape(ny, nx)
    return CoverageGrid(x_edges, y_edges, seconds, on_area, touched)


def coverage_grid(recording: Recording, body: Body, cell: float = COVERAGE_CELL) -> CoverageGrid:
    """The heatmap of where, and for how long, the hands touched the back."""
    s = recording.samples
    return accumulate_grid(body, s.x, s.y, time_weights(s.t), s.contact, cell)


def phase_motion(recording: Recording, window: float = SMOOTHING_WINDOW_S) -> Motion:
    """The smoothed pointer path of each phase (contact or not), concatenated."""
    s = recording.samples
    return smooth_motion(s.t, s.x, s.y, s.starts, s.ends, window)


class SpeedProfile(NamedTuple):
    """Smoothed speed (back lengths per second) and pressure against time, for a plot."""

    t: FloatArray
    speed: FloatArray
    pressure: FloatArray


def speed_profile(recording: Recording, window: float = SMOOTHING_WINDOW_S) -> SpeedProfile:
    s = recording.samples
    return SpeedProfile(s.t, phase_motion(recording, window).speed, s.pressure)


def smoothness(t: FloatArray, motion: Motion, active: BoolArray, weights: FloatArray,
               phase_end: IntArray, min_speed: float = MIN_SPEED,
               lag: float = SMOOTHNESS_LAG_S) -> float:
    """0..1: how little the direction of motion turns from one moment to the next.

    For each moving sample, the angle between its smoothed velocity and the
    velocity `lag` seconds later (same phase) maps to (1 + cos)/2: straight
    motion gives 1, a reversal 0. Time-weighted over the active samples; a
    pointer that never moves gets 0.
    """
    speed = motion.speed
    n = len(t)
    if n < 2:
        return 0.0
    j = np.minimum(np.searchsorted(t, t + lag, side="left"), phase_end - 1)
    idx = np.arange(n)
    valid = active & (j > idx) & (speed >= min_speed) & (speed[j] >= min_speed)
    if not valid.any():
        return 0.0
    dot = motion.vx * motion.vx[j] + motion.vy * motion.vy[j]
    with np.errstate(divide="ignore", invalid="ignore"):
        cos = np.where(valid, dot / (speed * speed[j]), 1.0)
    return weighted_mean((1.0 + np.clip(cos, -1.0, 1.0)) / 2.0, weights, valid)


def symmetry(x: FloatArray, weights: FloatArray, contact: BoolArray) -> float:
    """0..1: balance of contact time between the patient's left (x<0) and right (x>0)."""
    w = weights if float(weights[contact].sum()) > 0 else np.ones_like(weights)
    left = float(w[contact & (x < 0)].sum())
    right = float(w[contact & (x > 0)].sum())
    if left + right <= 0.0:
        return 0.0
    return 1.0 - abs(left - right) / (left + right)


def tap_intervals(t: FloatArray, contact: BoolArray) -> FloatArray:
    """Seconds between the starts of successive taps (contact onsets) in one phase."""
    onset = contact.copy()
    onset[1:] &= ~contact[:-1]
    intervals: FloatArray = np.diff(t[onset])
    return intervals


def rhythm(intervals: FloatArray) -> float | None:
    """0..1: regularity of tap intervals (1 - their coefficient of variation).

    Intervals over twice the median are pauses (the hands moving on to the
    next row), not part of the beat, and are left out. None when fewer than
    two intervals remain to compare.
    """
    if len(intervals) < 2:
        return None
    beat = intervals[intervals <= 2.0 * float(np.median(intervals))]
    if len(beat) < 2 or float(beat.mean()) <= 0.0:
        return None
    return float(np.clip(1.0 - beat.std() / beat.mean(), 0.0, 1.0))


def measure(recording: Recording, body: Body, window: float = SMOOTHING_WINDOW_S,
            min_speed: float = MIN_SPEED, cell: float = COVERAGE_CELL) -> dict[str, float]:
    """The report's metrics: duration, coverage, speed, movement, smoothness, balance, rhythm.

    "rhythm" is there only when a percussion phase has taps enough to time.
    """
    s = recording.samples
    weights = time_weights(s.t)
    motion = smooth_motion(s.t, s.x, s.y, s.starts, s.ends, window)
    speed = motion.speed
    # "Active" samples are the ones doing the massage: in contact, or any
    # sample of a lifting technique (percussion moves on between taps).
    lengths = s.ends - s.starts
    lifting = np.repeat([tech in LIFTING_TECHNIQUES for tech in s.techniques], lengths)
    active = s.contact | lifting
    phase_end = np.repeat(s.ends, lengths)
    everything = np.ones(len(s), dtype=bool)
    metrics = {
        "duration_s": recording.duration,
        "coverage": accumulate_grid(body, s.x, s.y, weights, s.contact, cell).coverage,
        "mean_speed": weighted_mean(speed, weights, s.contact),
        "moving_fraction": weighted_mean((speed >= min_speed).astype(np.float64), weights, active),
        "smoothness": smoothness(s.t, motion, active, weights, phase_end, min_speed),
        "symmetry": symmetry(s.x, weights, s.contact),
        "contact_fraction": weighted_mean(s.contact.astype(np.float64), weights, everything),
        "mean_pressure": weighted_mean(s.pressure, weights, s.contact),
    }
    taps = [tap_intervals(p.t, p.contact) for p in recording.phases
            if p.technique in LIFTING_TECHNIQUES]
    beat = rhythm(np.concatenate(taps)) if taps else None
    if beat is not None:
        metrics["rhythm"] = beat  # only when there are taps to time, so never NaN
    return {k: float(v) for k, v in metrics.items()}
