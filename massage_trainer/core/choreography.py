"""How the hands move, segment by segment: a working stroke along a path, then a light glide.

A technique's movements (or a session's techniques, each `cycles` times)
become a sequence of pieces: each a `Segment` (its times, what it is, its
caption) and a function giving a hand's position, pressure and contact
within it. A stroke follows its movement's path, eased in and out, with its
local pattern (zigzag, circles, taps) faded in and out at its ends; vibration
rests at each point of its path with a tremor, lifting between them. A glide
goes straight, in contact and light, to where the next stroke starts; for
percussion and vibration, which may not touch the spine, the hand lifts instead.

A recording is one pointer, so each movement is done on one side and then on
the other: the leading hand works the right side, crosses, and works the left
(a `mirrored` stroke), while the other hand mirrors it. Patterns run at the
drawn tempo (never faster than MAX_DRAWN_HZ) or at the real one, for
recordings. `Timeline` (core/timeline.py) samples the pieces into tracks.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Final

import numpy as np

from massage_trainer.core.geometry import BoolArray, FloatArray, Point
from massage_trainer.core.techniques import (
    PLACE_MOVE_S,
    Movement,
    OtherHand,
    PatternKind,
    Technique,
    Tempo,
)

__all__ = ["PATTERN_EDGE", "RATE", "Evaluator", "PhaseSpec", "Piece", "Segment", "build_pieces",
           "ease", "path_fraction"]

RATE: Final = 240.0  # samples per second of the precomputed tracks
# The share of a stroke over which its local pattern (zigzag, circles ...) fades in and out,
# so that every stroke starts and ends exactly on its path.
PATTERN_EDGE: Final = 0.12
# Vibration's tremor fades in and out over this long at each place, so it starts and ends on the point.
TREMOR_EDGE_S: Final = 0.1
# The tremor's direction: a diagonal, so that it moves the hand along both axes.
_TREMOR_DIRECTION: Final = np.array([1.0, 1.0]) / math.sqrt(2.0)


def ease(u: FloatArray) -> FloatArray:
    """Ease in and out (a half cosine): zero speed at both ends, no overshoot."""
    result: FloatArray = 0.5 - 0.5 * np.cos(np.pi * np.clip(u, 0.0, 1.0))
    return result


def path_fraction(movement: Movement | None, u: FloatArray) -> FloatArray:
    """How far along its path (0..1) a stroke is, u of the way through its time.

    Eased in and out; but taps travel evenly, so that the blows land evenly spaced
    rather than crowding at the stroke's ends. None: a glide (eased).
    """
    if movement is not None and movement.pattern is not None \
            and movement.pattern.kind == PatternKind.TAPS:
        result: FloatArray = np.clip(u, 0.0, 1.0)
        return result
    return ease(u)


def _smoothstep(v: FloatArray) -> FloatArray:
    v = np.clip(v, 0.0, 1.0)
    result: FloatArray = v * v * (3.0 - 2.0 * v)
    return result


@dataclass(frozen=True)
class Segment:
    """A working stroke or a glide, over [start, end] seconds."""

    start: float
    end: float
    working: bool
    phase_index: int
    technique: str
    movement_index: int  # for a glide, the movement it follows
    step: int  # for a glide, the step it follows
    caption: str
    transition: bool = False  # a glide from one technique into the next (sessions)
    mirrored: bool = False  # a stroke the leading hand works on the left side (x -> -x)

    @property
    def duration(self) -> float:
        return self.end - self.start


class _PathSampler:
    """Positions along a polyline by fraction of its length, with the local normal."""

    def __init__(self, path: Sequence[Point]) -> None:
        pts = np.asarray(path, dtype=np.float64)
        keep = np.ones(len(pts), dtype=bool)
        keep[1:] = np.hypot(*np.diff(pts, axis=0).T) > 1e-12  # ignore repeated points
        self.points = pts[keep]
        if len(self.points) < 2:
            raise ValueError("a movement's path needs two distinct points")
        d = np.diff(self.points, axis=0)
        self.lengths = np.hypot(d[:, 0], d[:, 1])
        self.directions = d / self.lengths[:, None]
        self.cumulative = np.concatenate(([0.0], np.cumsum(self.lengths)))
        self.total = float(self.cumulative[-1])

    def at(self, fraction: FloatArray) -> tuple[FloatArray, FloatArray]:
        """(positions (N, 2), unit normals (N, 2)) at fractions of the length."""
        dist = np.clip(fraction, 0.0, 1.0) * self.total
        j = np.clip(np.searchsorted(self.cumulative, dist, side="right") - 1,
                    0, len(self.lengths) - 1)
        along = (dist - self.cumulative[j])[:, None]
        pos = self.points[j] + along * self.directions[j]
        dirs = self.directions[j]
        normals = np.column_stack((-dirs[:, 1], dirs[:, 0]))
        return pos, normals


# (hand, tau seconds into the piece) -> (xy, pressure, contact)
Evaluator = Callable[[int, FloatArray], tuple[FloatArray, FloatArray, BoolArray]]


class Piece:
    """A segment's metadata plus how to compute a hand's samples within it."""

    def __init__(self, segment: Segment, samples: int, start_points: tuple[Point, Point],
                 end_points: tuple[Point, Point],
                 evaluate: Evaluator, scaled: bool) -> None:
        self.segment = segment
        self.samples = samples
        self.start_points = start_points
        self.end_points = end_points
        self.evaluate = evaluate  # (hand, tau seconds) -> (xy, pressure, contact)
        self.scaled = scaled  # its pressure follows the phase's intensity


def _mirror(point: Point, hand: int, mirrored: bool = False) -> Point:
    """Where a point of the leading hand's path lies for this hand, on this side."""
    return (-point[0], point[1]) if (hand == 1) != mirrored else point


def _stroke_evaluator(movement: Movement, samples: int, tempo: Tempo, mirrored: bool) -> Evaluator:
    if movement.pattern is not None and movement.pattern.kind == PatternKind.OSCILLATION:
        return _places_evaluator(movement, samples, tempo, mirrored)
    sampler = _PathSampler(movement.path)
    seconds = samples / RATE
    pattern = movement.pattern

    def evaluate(hand: int, tau: FloatArray) -> tuple[FloatArray, FloatArray, BoolArray]:
        u = tau / seconds
        s = path_fraction(movement, u)
        xy, normal = sampler.at(s)
        pressure = movement.pressure_at(s)
        contact = np.ones(len(tau), dtype=bool)
        if pattern is not None:
            frequency = pattern.frequency_at(tempo)
            shift = 0.0
            if hand == 1 and movement.other_hand == OtherHand.ALTERNATE:
                shift = 0.5 / frequency
            tp = tau + shift
            angle = 2.0 * np.pi * frequency * tp
            envelope = (_smoothstep(u / PATTERN_EDGE) * _smoothstep((1.0 - u) / PATTERN_EDGE))
            amp = (pattern.amplitude_at(tempo) * envelope)[:, None]
            if pattern.kind == PatternKind.ZIGZAG:
                tri = (2.0 / np.pi) * np.arcsin(np.sin(angle))
                xy = xy + amp * tri[:, None] * normal
            elif pattern.kind == PatternKind.CIRCLES:
                xy = xy + amp * np.column_stack((np.cos(angle), np.sin(angle)))
            elif pattern.kind == PatternKind.TAPS:
                contact = np.mod(frequency * tp + 1e-9, 1.0) < pattern.contact_fraction
                pressure = np.where(contact, pressure, 0.0)
        if (hand == 1) != mirrored:
            xy = xy * np.array([-1.0, 1.0])
        return xy, pressure, contact

    return evaluate


def _places_evaluator(movement: Movement, samples: int, tempo: Tempo, mirrored: bool) -> Evaluator:
    """Vibration: a tremor in place at each point of the path, lifting to move to the next."""
    pattern = movement.pattern
    assert pattern is not None
    points = np.asarray(movement.path, dtype=np.float64)
    steps = np.hypot(*np.diff(points, axis=0).T)
    fractions = np.concatenate(([0.0], np.cumsum(steps))) / steps.sum()
    pressures = movement.pressure_at(fractions)
    # Stretched to the stroke's whole length in samples, so it ends on the last point.
    scale = samples / RATE / movement.seconds
    dwell, move = movement.dwell_seconds * scale, PLACE_MOVE_S * scale
    frequency, amplitude = pattern.frequency_at(tempo), pattern.amplitude_at(tempo)
    last = len(points) - 1

    def evaluate(hand: int, tau: FloatArray) -> tuple[FloatArray, FloatArray, BoolArray]:
        k = np.minimum(np.floor(tau / (dwell + move)).astype(np.intp), last)
        local = tau - k * (dwell + move)
        resting = (local <= dwell) | (k == last)
        k1 = np.minimum(k + 1, last)
        f = np.where(resting, 0.0, ease((local - dwell) / move))[:, None]
        xy = points[k] + (points[k1] - points[k]) * f
        shift = 0.5 / frequency if hand == 1 and movement.other_hand == OtherHand.ALTERNATE else 0.0
        envelope = (_smoothstep(local / TREMOR_EDGE_S)
                    * _smoothstep((dwell - local) / TREMOR_EDGE_S)) * resting
        wave = amplitude * envelope * np.sin(2.0 * np.pi * frequency * (tau + shift))
        xy = xy + wave[:, None] * _TREMOR_DIRECTION
        pressure = np.where(resting, pressures[k], 0.0)
        if (hand == 1) != mirrored:
            xy = xy * np.array([-1.0, 1.0])
        return xy, pressure, resting

    return evaluate


def _glide_evaluator(a: tuple[Point, Point], b: tuple[Point, Point], pressure: float,
                     samples: int, lift: bool) -> Evaluator:
    """Straight from a to b (one point per hand); in contact and light, or lifted."""
    seconds = samples / RATE

    def evaluate(hand: int, tau: FloatArray) -> tuple[FloatArray, FloatArray, BoolArray]:
        start, end = np.array(a[hand]), np.array(b[hand])
        s = ease(tau / seconds)[:, None]
        xy = start + (end - start) * s
        n = len(tau)
        if lift:
            return xy, np.zeros(n), np.zeros(n, dtype=bool)
        return xy, np.full(n, pressure), np.ones(n, dtype=bool)

    return evaluate


def _samples(seconds: float) -> int:
    return max(1, round(seconds * RATE))


@dataclass(frozen=True)
class PhaseSpec:
    technique: Technique
    cycles: int
    intensity: tuple[float, float]
    minutes: float | None


def build_pieces(specs: Sequence[PhaseSpec], transition: Callable[[Technique], str],
                 loop: bool, tempo: Tempo = Tempo.DRAWN) -> list[Piece]:
    """The segments in order: strokes, each on the right and then on the left side, with a
    glide (or, for percussion and vibration, a lift) before every stroke but the first."""
    pieces: list[Piece] = []
    step = 0
    previous: tuple[int, Technique] | None = None  # the phase and technique of the last stroke

    def glide_to(target: tuple[Point, Point], phase_index: int, technique: Technique,
                 next_technique: Technique, entering: bool) -> None:
        last = pieces[-1]
        a, b = last.end_points[0], target[0]
        g = technique.glide
        pressure = min(g.pressure, next_technique.glide.pressure) if entering else g.pressure
        distance = math.hypot(b[0] - a[0], b[1] - a[1])
        n = _samples(max(g.min_seconds, distance / g.speed))
        caption = transition(next_technique) if entering else g.caption
        seg = Segment(0.0, 0.0, False, phase_index, technique.id,
                      last.segment.movement_index, last.segment.step, caption, entering)
        # Percussion and vibration may not touch the spine at all: they lift to move on.
        evaluate = _glide_evaluator(last.end_points, target, pressure, n, lift=technique.impact)
        pieces.append(Piece(seg, n, last.end_points, target, evaluate, scaled=False))

    for phase_index, spec in enumerate(specs):
        technique = spec.technique
        for _cycle in range(spec.cycles):
            for movement_index, movement in enumerate(technique.movements):
                for mirrored in (False, True):
                    first = (_mirror(movement.path[0], 0, mirrored),
                             _mirror(movement.path[0], 1, mirrored))
                    if previous is not None:
                        glide_to(first, previous[0], previous[1], technique,
                                 entering=previous[0] != phase_index)
                    n = _samples(movement.seconds)
                    seg = Segment(0.0, 0.0, True, phase_index, technique.id, movement_index,
                                  step, movement.caption, mirrored=mirrored)
                    last = (_mirror(movement.path[-1], 0, mirrored),
                            _mirror(movement.path[-1], 1, mirrored))
                    pieces.append(Piece(seg, n, first, last,
                                        _stroke_evaluator(movement, n, tempo, mirrored),
                                        scaled=True))
                    previous = (phase_index, technique)
                    step += 1
    if loop and previous is not None:
        glide_to(pieces[0].start_points, previous[0], previous[1], previous[1], entering=False)

    # Now that every length is known, give each segment its times.
    start = 0
    for piece in pieces:
        end = start + piece.samples
        seg = piece.segment
        piece.segment = Segment(start / RATE, end / RATE, seg.working, seg.phase_index,
                                seg.technique, seg.movement_index, seg.step, seg.caption,
                                seg.transition, seg.mirrored)
        start = end
    return pieces
