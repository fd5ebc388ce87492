"""Each technique's signature motion, measured (the rule `form`, docs/recording-format.md).

`form_measures(technique, ...)` returns the technique's measures on one
phase, each a `Measure` with its value, its target and whether it is met:
long strokes for stroking, a zigzag for rubbing, loops for kneading, taps for
percussion, a tremor in place for vibration. The thresholds are lenient on
purpose: they tell the technique done from not done, and leave the finer
judgement to the score.
"""

from __future__ import annotations

import itertools
import math
from dataclasses import dataclass
from typing import Final

import numpy as np

from massage_trainer.core.geometry import BoolArray, FloatArray
from massage_trainer.core.motion_path import (
    Path,
    contact_runs,
    long_runs,
    path_of,
    turning,
    weights,
    window_ids,
)
from massage_trainer.core.technique_ids import KNEADING, PERCUSSION, RUBBING, STROKING, VIBRATION

__all__ = [
    "KNEADING_LOOPS", "PERCUSSION_RATE", "PERCUSSION_TAP_SHARE", "RUBBING_RATIO", "STROKE_CUT_DEG",
    "STROKE_LENGTH", "TAP_S", "VIBRATION_DRIFT", "VIBRATION_REVERSALS", "Measure", "form_measures",
]

STROKE_LENGTH: Final = 0.15  # stroking: the median stroke's path length, at least
STROKE_CUT_DEG: Final = 120.0  # a stroke ends where its heading has turned this far from its start
RUBBING_RATIO: Final = 1.3  # rubbing: the median window's path length over its straight distance
RUBBING_STILL: Final = 0.005  # a window that ends this close to its start counts as a huge ratio
KNEADING_LOOPS: Final = 4.0  # kneading: loops per 10 s of working time, at least
TAP_S: Final = 0.4  # percussion: a contact shorter than this is a tap
PERCUSSION_TAP_SHARE: Final = 0.5  # at least this share of the contacts are taps
PERCUSSION_RATE: Final = 1.0  # and at least this many taps a second of the phase's span
VIBRATION_REVERSALS: Final = 10.0  # vibration: reversals per second of contact, at least
VIBRATION_STEP: Final = 0.005  # a reversal counts after moving this far from the previous one
VIBRATION_DRIFT: Final = 0.1  # the median 1-s piece's straight distance, at most
WINDOW_S: Final = 1.0
KNEADING_WINDOW_S: Final = 2.0


@dataclass(frozen=True)
class Measure:
    """One measure of a technique's form, against its target."""

    name: str  # as a learner reads it: "loops per 10 s"
    value: float
    target: float
    at_least: bool = True  # met when value >= target; else when value <= target

    @property
    def ok(self) -> bool:
        return self.value >= self.target if self.at_least else self.value <= self.target

    @property
    def fraction(self) -> float:
        """How near the target, 0-1 (1 when met), for the score."""
        if self.ok:
            return 1.0
        if self.at_least:
            return max(0.0, self.value / self.target) if self.target > 0 else 0.0
        return self.target / self.value if self.value > 0 else 1.0


def form_measures(technique: str, t: FloatArray, x: FloatArray, y: FloatArray,
                  contact: BoolArray, work: BoolArray) -> tuple[Measure, ...]:
    """The technique's measures on one phase; `work` marks its working samples."""
    if technique == STROKING:
        return (Measure("stroke length", _stroke_length(t, x, y, work), STROKE_LENGTH),)
    if technique == RUBBING:
        return (Measure("zigzag (path ÷ straight distance)", _zigzag(t, x, y, work), RUBBING_RATIO),)
    if technique == KNEADING:
        return (Measure("loops per 10 s", _loops(t, x, y, work), KNEADING_LOOPS),)
    if technique == PERCUSSION:
        share, rate = _taps(t, contact)
        return (Measure("share of contacts that are taps", share, PERCUSSION_TAP_SHARE),
                Measure("taps per second", rate, PERCUSSION_RATE))
    if technique == VIBRATION:
        reversals, drift = _tremor(t, x, y, contact)
        return (Measure("tremor (direction changes per second)", reversals, VIBRATION_REVERSALS),
                Measure("drift (distance per second)", drift, VIBRATION_DRIFT, at_least=False))
    raise ValueError(f"unknown technique {technique!r}")


def _paths(t: FloatArray, x: FloatArray, y: FloatArray, work: BoolArray) -> list[Path]:
    return [path_of(t[a:b], x[a:b], y[a:b]) for a, b in long_runs(t, work)]


def _stroke_length(t: FloatArray, x: FloatArray, y: FloatArray, work: BoolArray) -> float:
    """The median path length of the strokes: runs cut where the heading turns past 120°."""
    lengths: list[float] = []
    for path in _paths(t, x, y, work):
        segments, headings = path.segments.tolist(), path.headings.tolist()
        if not segments:
            lengths.append(0.0)  # a run that never moved is a stroke of no length
            continue
        start, total = headings[0], 0.0
        for seg, head in zip(segments, headings, strict=True):
            if abs((head - start + 180.0) % 360.0 - 180.0) > STROKE_CUT_DEG:
                lengths.append(total)
                start, total = head, 0.0
            total += seg
        lengths.append(total)
    return float(np.median(lengths)) if lengths else 0.0


def _zigzag(t: FloatArray, x: FloatArray, y: FloatArray, work: BoolArray) -> float:
    """The median over 1-s windows of path length over straight distance (0: no window)."""
    ratios: list[float] = []
    for a, b in long_runs(t, work):
        tt, xx, yy = t[a:b], x[a:b], y[a:b]
        ids = window_ids(tt, WINDOW_S)
        path = path_of(tt, xx, yy)
        # Each segment of the path belongs to the window its end lies in.
        seg_ids = window_ids_at(tt, path.t[1:], WINDOW_S)
        seg = path.segments
        for w in range(int(ids.max()) + 1 if len(ids) else 0):
            rows = np.flatnonzero(ids == w)
            if not len(rows):
                continue
            i, j = rows[0], rows[-1]
            straight = math.hypot(float(xx[j] - xx[i]), float(yy[j] - yy[i]))
            length = float(seg[seg_ids == w].sum())
            ratios.append(math.inf if straight < RUBBING_STILL else length / straight)
    return float(np.median(ratios)) if ratios else 0.0


def window_ids_at(run_t: FloatArray, at: FloatArray, length: float) -> FloatArray:
    """The window of a run (as window_ids numbers them) that each time `at` falls in."""
    ids = window_ids(run_t, length)
    if not len(at):
        return np.zeros(0)
    # Times inside the run: look up the window of the last run sample at or before each.
    pos = np.searchsorted(run_t, at, side="right") - 1
    result: FloatArray = ids[np.clip(pos, 0, len(ids) - 1)].astype(np.float64)
    return result


def _loops(t: FloatArray, x: FloatArray, y: FloatArray, work: BoolArray) -> float:
    """Loops per 10 s of working time: per 2-s window, |total turning| / 360°."""
    working_s = float(weights(t)[work].sum())
    if working_s <= 0:
        return 0.0
    loops = 0.0
    for a, b in long_runs(t, work):
        tt = t[a:b]
        path = path_of(tt, x[a:b], y[a:b])
        turn = turning(path)
        if not len(turn):
            continue
        ids = window_ids_at(tt, path.t[1:-1], KNEADING_WINDOW_S)  # each turn is at an inner point
        for w in np.unique(ids[ids >= 0]).tolist():
            loops += abs(float(turn[ids == w].sum())) / 360.0
    return loops / working_s * 10.0


def _taps(t: FloatArray, contact: BoolArray) -> tuple[float, float]:
    """(the share of contacts that are taps, taps per second of the phase's span)."""
    starts, ends = contact_runs(contact)
    if not len(starts):
        return 0.0, 0.0
    taps = int(((t[ends - 1] - t[starts]) < TAP_S).sum())
    span = float(t[-1] - t[0])
    return taps / len(starts), (taps / span if span > 0 else 0.0)


def _reversals(values: list[float]) -> int:
    """Changes of direction along one axis, each after moving VIBRATION_STEP from the last one."""
    count, anchor, direction = 0, values[0], 0.0
    for prev, value in itertools.pairwise(values):
        step = value - prev
        if step == 0.0:
            continue
        if direction and (step > 0) != (direction > 0) and abs(prev - anchor) >= VIBRATION_STEP:
            count += 1
            anchor = prev
        direction = step
    return count


def _tremor(t: FloatArray, x: FloatArray, y: FloatArray, contact: BoolArray) -> tuple[float, float]:
    """(reversals per second of contact, the median 1-s piece's straight distance)."""
    contact_s = float(weights(t)[contact].sum())
    starts, ends = contact_runs(contact)
    reversals = 0
    drifts: list[float] = []
    for a, b in zip(starts.tolist(), ends.tolist(), strict=True):
        reversals += _reversals(x[a:b].tolist()) + _reversals(y[a:b].tolist())
        ids = window_ids(t[a:b], WINDOW_S)
        for w in np.unique(ids[ids >= 0]).tolist():
            rows = np.flatnonzero(ids == w) + a
            i, j = rows[0], rows[-1]
            drifts.append(math.hypot(float(x[j] - x[i]), float(y[j] - y[i])))
    rate = reversals / contact_s if contact_s > 0 else 0.0
    return rate, (float(np.median(drifts)) if drifts else 0.0)
