"""How the hands move, segment by segment: a working stroke along a path, then a light glide.

A technique's movements (or a session's techniques, each `cycles` times)
become a sequence of pieces: each a `Segment` (its times, what it is, its
caption) and a function giving a hand's position, pressure and contact
within it. A stroke follows its movement's path, eased in and out, with its
local pattern (zigzag, circles, taps, oscillation) faded in and out at its
ends; a glide goes straight, in contact and light, to where the next stroke
starts. `Timeline` (core/timeline.py) samples them into tracks.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Final

import numpy as np

from massage_trainer.core.geometry import BoolArray, FloatArray, Point
from massage_trainer.core.techniques import Movement, OtherHand, PatternKind, Technique

__all__ = ["PATTERN_EDGE", "RATE", "PhaseSpec", "Piece", "Segment", "build_pieces", "ease"]

RATE: Final = 240.0  # samples per second of the precomputed tracks
# The share of a stroke over which its local pattern (zigzag, circles ...) fades in and out,
# so that every stroke starts and ends exactly on its path.
PATTERN_EDGE: Final = 0.12


def ease(u: FloatArray) -> FloatArray:
    """Ease in and out (a half cosine): zero speed at both ends, no overshoot."""
    result: FloatArray = 0.5 - 0.5 * np.cos(np.pi * np.clip(u, 0.0, 1.0))
    return result


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


class Piece:
    """A segment's metadata plus how to compute a hand's samples within it."""

    def __init__(self, segment: Segment, samples: int, start_points: tuple[Point, Point],
                 end_points: tuple[Point, Point],
                 evaluate: Callable[[int, FloatArray], tuple[FloatArray, FloatArray, BoolArray]],
                 scaled: bool) -> None:
        self.segment = segment
        self.samples = samples
        self.start_points = start_points
        self.end_points = end_points
        self.evaluate = evaluate  # (hand, tau seconds) -> (xy, pressure, contact)
        self.scaled = scaled  # its pressure follows the phase's intensity


def _mirror(point: Point, hand: int) -> Point:
    return (-point[0], point[1]) if hand == 1 else point


def _stroke_evaluator(
    movement: Movement, samples: int
) -> Callable[[int, FloatArray], tuple[FloatArray, FloatArray, BoolArray]]:
    sampler = _PathSampler(movement.path)
    seconds = samples / RATE
    pattern = movement.pattern

    def evaluate(hand: int, tau: FloatArray) -> tuple[FloatArray, FloatArray, BoolArray]:
        u = tau / seconds
        s = ease(u)
        xy, normal = sampler.at(s)
        pressure = movement.pressure_at(s)
        contact = np.ones(len(tau), dtype=bool)
        if pattern is not None:
            shift = 0.0
            if hand == 1 and movement.other_hand == OtherHand.ALTERNATE:
                shift = 0.5 / pattern.frequency
            tp = tau + shift
            angle = 2.0 * np.pi * pattern.frequency * tp
            envelope = (_smoothstep(u / PATTERN_EDGE) * _smoothstep((1.0 - u) / PATTERN_EDGE))
            amp = (pattern.amplitude * envelope)[:, None]
            if pattern.kind == PatternKind.ZIGZAG:
                tri = (2.0 / np.pi) * np.arcsin(np.sin(angle))
                xy = xy + amp * tri[:, None] * normal
            elif pattern.kind == PatternKind.OSCILLATION:
                xy = xy + amp * np.sin(angle)[:, None] * normal
            elif pattern.kind == PatternKind.CIRCLES:
                xy = xy + amp * np.column_stack((np.cos(angle), np.sin(angle)))
            elif pattern.kind == PatternKind.TAPS:
                rate = pattern.frequency
                contact = np.mod(rate * tp + 1e-9, 1.0) < pattern.contact_fraction
                # A tap that lands less than a full tap before the end stays down into the
                # glide that follows: otherwise a brief lift would flash between them.
                k = math.floor((seconds - 1.0 / rate + shift) * rate + 1e-9) + 1
                contact |= tau >= k / rate - shift - 1e-9
                pressure = np.where(contact, pressure, 0.0)
        if hand == 1:
            xy = xy * np.array([-1.0, 1.0])
        return xy, pressure, contact

    return evaluate


def _glide_evaluator(
    a: Point, b: Point, pressure: float, samples: int
) -> Callable[[int, FloatArray], tuple[FloatArray, FloatArray, BoolArray]]:
    seconds = samples / RATE

    def evaluate(hand: int, tau: FloatArray) -> tuple[FloatArray, FloatArray, BoolArray]:
        start = np.array(_mirror(a, hand))
        end = np.array(_mirror(b, hand))
        s = ease(tau / seconds)[:, None]
        xy = start + (end - start) * s
        n = len(tau)
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
                 loop: bool) -> list[Piece]:
    """The segments in order: strokes, with a glide before every stroke but the first."""
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
        pieces.append(Piece(seg, n, last.end_points, target, _glide_evaluator(a, b, pressure, n),
                            scaled=False))

    for phase_index, spec in enumerate(specs):
        technique = spec.technique
        for _cycle in range(spec.cycles):
            for movement_index, movement in enumerate(technique.movements):
                first = (movement.path[0], _mirror(movement.path[0], 1))
                if previous is not None:
                    glide_to(first, previous[0], previous[1], technique,
                             entering=previous[0] != phase_index)
                n = _samples(movement.seconds)
                seg = Segment(0.0, 0.0, True, phase_index, technique.id, movement_index, step,
                              movement.caption)
                last = (movement.path[-1], _mirror(movement.path[-1], 1))
                pieces.append(Piece(seg, n, first, last, _stroke_evaluator(movement, n),
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
                                seg.transition)
        start = end
    return pieces
