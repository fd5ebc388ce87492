"""The rules' predicates: which samples break a rule, on arrays of samples.

Each per-sample rule of core/rules.py has one vectorised predicate here:
given a technique and arrays of samples, it says which samples break the
rule. judge() (core/judging.py) runs them over a whole recording once;
LiveChecker (core/live.py) runs the very same predicates on arrays of one
sample as the learner draws; the content checks run them over the
techniques' animated paths. A rule broken by consecutive samples is one
*episode* (`episode_starts`) and is reported once.
"""

from __future__ import annotations

import math
from typing import Final

import numpy as np

from massage_trainer.core import metrics as mx
from massage_trainer.core.config import GradeConfig
from massage_trainer.core.geometry import BoolArray, FloatArray
from massage_trainer.core.rules import EPISODE_GAP_S, KNEADING_FRACTION
from massage_trainer.core.technique_ids import (
    IMPACT_TECHNIQUES,
    KNEADING,
    RUBBING,
    STROKING,
)
from massage_trainer.core.violation import Heading

__all__ = [
    "CONTACT_TECHNIQUES", "DIRECTION_TECHNIQUES", "area_breach", "caution_breach",
    "direction_breach", "direction_judged", "episode_starts", "heading", "kneading_regression",
    "lift_breach", "over_time", "spine_breach", "stroke_motion", "working",
]

# Techniques that must keep contact throughout (rule 3); percussion lifts by nature.
CONTACT_TECHNIQUES: Final = (STROKING, RUBBING, KNEADING)
# Techniques whose strokes are judged for direction sample by sample (rule 12);
# kneading is judged on its overall progress instead.
DIRECTION_TECHNIQUES: Final = (STROKING, RUBBING)


def working(contact: BoolArray, pressure: FloatArray, config: GradeConfig) -> BoolArray:
    """Samples where the hands press (above the glide pressure) on the skin."""
    result: BoolArray = contact & (pressure > config.working_pressure)
    return result


def spine_breach(technique: str, contact: BoolArray, pressure: FloatArray, in_spine: BoolArray,
                 config: GradeConfig) -> BoolArray:
    """Rule 6: work on the spine; percussion and vibration may not touch it at all."""
    if technique in IMPACT_TECHNIQUES:
        return contact & in_spine
    result: BoolArray = working(contact, pressure, config) & in_spine
    return result


def caution_breach(technique: str, contact: BoolArray, pressure: FloatArray,
                   in_caution: BoolArray, config: GradeConfig) -> BoolArray:
    """Rule 7: percussion or vibration with pressure over the heart or kidneys."""
    if technique not in IMPACT_TECHNIQUES:
        return np.zeros(len(contact), dtype=bool)
    result: BoolArray = working(contact, pressure, config) & in_caution
    return result


def area_breach(contact: BoolArray, on_area: BoolArray) -> BoolArray:
    """Rule 1: touching the body off the working area."""
    result: BoolArray = contact & ~on_area
    return result


def direction_judged(vx: FloatArray, vy: FloatArray, config: GradeConfig) -> BoolArray:
    """Samples moving fast enough for their direction to mean anything."""
    result: BoolArray = np.hypot(vx, vy) >= config.min_speed
    return result


def direction_breach(technique: str, x: FloatArray, vx: FloatArray, vy: FloatArray,
                     config: GradeConfig) -> BoolArray:
    """Rule 12 on smoothed stroke motion: down, or toward the midline, within the cone.

    Stroking may move neither down nor inward; rubbing may not move inward.
    The caller passes only samples of strokes (contact with working pressure).
    """
    if technique not in DIRECTION_TECHNIQUES:
        return np.zeros(len(x), dtype=bool)
    speed = np.hypot(vx, vy)
    cos_cone = math.cos(math.radians(config.direction_cone_deg))
    inward = -np.sign(x) * vx > cos_cone * speed
    breach = inward if technique == RUBBING else inward | (-vy > cos_cone * speed)
    result: BoolArray = breach & (speed >= config.min_speed)
    return result


def heading(technique: str, vx: float, vy: float) -> Heading:
    """Which way a stroke that breaks direction moved: down (stroking only), else inward."""
    return Heading.DOWN if technique == STROKING and -vy >= abs(vx) else Heading.INWARD


def lift_breach(technique: str, contact: BoolArray) -> BoolArray:
    """Rule 3: samples off the skin between a phase's first and last contact."""
    lifted = np.zeros(len(contact), dtype=bool)
    if technique not in CONTACT_TECHNIQUES:
        return lifted
    touching = np.flatnonzero(contact)
    if len(touching) >= 2:
        first, last = touching[0], touching[-1]
        lifted[first:last] = ~contact[first:last]
    return lifted


def over_time(t: FloatArray, start: float, first_session: bool, config: GradeConfig) -> BoolArray:
    """Rule 8: samples past the first-session limit."""
    if not first_session:
        return np.zeros(len(t), dtype=bool)
    result: BoolArray = (t - start) > config.first_session_limit_s
    return result


def kneading_regression(y: FloatArray, config: GradeConfig) -> int | None:
    """Rule 12 for kneading, over a phase's working samples' heights.

    Kneading travels from the waist toward the neck as a whole; returns the
    index where the last fifth starts if that fifth sits lower than the first
    by more than the allowed drift, else None. Glides (light pressure) are
    left out by the caller: a light glide back down breaks no direction rule.
    """
    n = len(y)
    if n < 2:
        return None
    k = max(1, int(n * KNEADING_FRACTION))
    if float(y[-k:].mean()) < float(y[:k].mean()) - config.kneading_drift:
        return n - k
    return None


def stroke_motion(t: FloatArray, x: FloatArray, y: FloatArray, starts: mx.IntArray,
                  ends: mx.IntArray, window: float) -> tuple[mx.Motion, BoolArray]:
    """Each stroke's smoothed motion, and the samples whose direction can be judged.

    A sample is judged where its centred window fits inside the stroke: near
    the stroke's ends the window is cut short and hardly smooths, so a rubbing
    circle's or a jitter's sideways moment would count. A stroke with no such
    sample (shorter than the window) is judged as a whole, on its net motion.
    """
    motion = mx.smooth_motion(t, x, y, starts, ends, window)
    judgeable = motion.full.copy()
    if len(starts) == 0:
        return motion, judgeable
    full_before = np.concatenate(([0], np.cumsum(motion.full)))
    span = t[ends - 1] - t[starts]
    whole = (full_before[ends] == full_before[starts]) & (span > 0)
    if whole.any():
        a, b, dt = starts[whole], ends[whole], span[whole]
        n = b - a
        members = mx.members(a, n)
        x_before = np.concatenate(([0.0], np.cumsum(x)))
        motion.x[members] = np.repeat((x_before[b] - x_before[a]) / n, n)  # the mean x
        motion.vx[members] = np.repeat((x[b - 1] - x[a]) / dt, n)
        motion.vy[members] = np.repeat((y[b - 1] - y[a]) / dt, n)
        judgeable[members] = True
    return motion, judgeable


def episode_starts(mask: BoolArray, t: FloatArray, judged: BoolArray | None = None,
                   group: mx.IntArray | None = None, gap: float = EPISODE_GAP_S) -> mx.IntArray:
    """Indices where an episode of breaches begins.

    Breaches on consecutive samples are one episode, and so are breaches less
    than `gap` seconds apart (pointer jitter at a zone's edge is one mistake).
    Samples not `judged` are transparent: a pause inside a downward stroke
    does not split it. A change of `group` (another stroke) always starts a
    new episode.
    """
    idx = np.arange(len(mask)) if judged is None else np.flatnonzero(judged)
    pos = np.flatnonzero(mask[idx])
    if len(pos) == 0:
        return np.zeros(0, dtype=np.intp)
    before, after = idx[pos[:-1]], idx[pos[1:]]
    goes_on = (np.diff(pos) == 1) | (t[after] - t[before] < gap)
    if group is not None:
        goes_on &= group[after] == group[before]
    starts: mx.IntArray = idx[pos[np.concatenate(([True], ~goes_on))]]
    return starts
