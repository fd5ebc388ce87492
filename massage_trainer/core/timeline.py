"""The motion of the hands over time, for the technique animations and demonstrations.

A `Timeline` is built once from a technique or a session plan, and is then a
pure function of time: `state_at(t)` says where each hand is, how hard it
presses, whether it touches the skin and what the caption is, for any t in
seconds at real tempo (1x). A screen multiplies its own clock by its speed
control and asks for the frame; nothing here knows about Qt or the clock.

The timeline is a sequence of segments: a working stroke along a movement's
path, then a light glide, in contact, to where the next stroke starts (a
glide is drawn dashed). Strokes and glides are eased in and out, with no
overshoot. The tracks of both hands are sampled once, at RATE per second, and
`state_at` interpolates between samples, so it is cheap enough for every frame.

Hand 0 is the leading hand, the one that follows the movement's path; hand 1
mirrors it across the spine (x -> -x), in step or, for "alternate" movements,
with its pattern half a cycle out of step. Each movement is done on the right
side and then on the left, so each hand works both sides, as a learner with one
pointer must. A timeline's `tempo` is the animation's (Tempo.DRAWN, the
default) or the real one the demonstration recordings use (Tempo.REAL).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Final, NamedTuple

import numpy as np
import numpy.typing as npt

from massage_trainer.core.choreography import (
    RATE,
    PhaseSpec,
    Piece,
    Segment,
    build_pieces,
    ease,
    path_fraction,
)
from massage_trainer.core.geometry import BoolArray, FloatArray
from massage_trainer.core.techniques import SessionPlan, Technique, TechniqueLibrary, Tempo

__all__ = [
    "HAND_COUNT", "RATE", "Frame", "HandState", "HandTrack", "PhaseSpan", "Segment",
    "Tempo", "Timeline", "ease", "path_fraction",
]

IntArray = npt.NDArray[np.intp]

HAND_COUNT: Final = 2
_EPS: Final = 1e-6


@dataclass(frozen=True)
class HandState:
    x: float
    y: float
    pressure: float  # 0..1; 0 while the hand is lifted
    contact: bool  # the hand touches the skin
    working: bool  # in a working stroke; False while gliding between strokes


@dataclass(frozen=True)
class Frame:
    """Everything a screen needs to draw one moment of the animation."""

    t: float  # the time asked for, clamped to [0, duration]
    hands: tuple[HandState, ...]  # the leading hand first
    caption: str
    technique: str  # the technique id of the current phase
    phase_index: int  # index into Timeline.phases (always 0 for a single technique)
    movement_index: int  # index into the technique's movements (during a glide: the one before)
    step: int  # index into Timeline.movement_starts (during a glide: the stroke before)
    segment_index: int  # index into Timeline.segments
    progress: float  # 0..1 through the current segment (the stroke, or the glide)
    working: bool  # False while the hands glide


@dataclass(frozen=True)
class PhaseSpan:
    """One technique's part of a timeline, for a session's progress bar."""

    index: int
    technique: str
    name: str  # the technique's common name
    start: float
    end: float
    minutes: float | None  # the suggested time in a real session; None for a single technique


class HandTrack(NamedTuple):
    """Parallel arrays describing one hand at a series of times."""

    t: FloatArray
    x: FloatArray
    y: FloatArray
    pressure: FloatArray
    contact: BoolArray
    working: BoolArray
    segment: IntArray  # index into Timeline.segments


# ---------------------------------------------------------------- the timeline



class Timeline:
    """The hands' motion for a technique or a whole session; see the module docstring."""

    def __init__(self, pieces: Sequence[Piece], specs: Sequence[PhaseSpec],
                 first_session: bool = False, tempo: Tempo = Tempo.DRAWN) -> None:
        if not pieces:
            raise ValueError("a timeline needs at least one movement")
        self.first_session = first_session
        self.tempo = tempo
        self.hand_count = HAND_COUNT
        starts = np.cumsum([0] + [p.samples for p in pieces])
        n = int(starts[-1]) + 1
        self._n = n
        self._t: FloatArray = np.arange(n) / RATE
        self.segments: tuple[Segment, ...] = tuple(p.segment for p in pieces)
        self.duration: float = float(self._t[-1])

        seg_of = np.empty(n, dtype=np.intp)
        for k in range(len(pieces)):
            seg_of[starts[k]:starts[k + 1]] = k
        seg_of[-1] = len(pieces) - 1
        self._segment_of: IntArray = seg_of
        self._segment_working: BoolArray = np.array([s.working for s in self.segments])

        self.phases: tuple[PhaseSpan, ...] = self._spans(specs)
        # Where each movement starts, on its first side: stepping goes movement by movement.
        self.movement_starts: tuple[float, ...] = tuple(
            s.start for s in self.segments if s.working and not s.mirrored)

        self._x = np.empty((HAND_COUNT, n))
        self._y = np.empty((HAND_COUNT, n))
        self._p = np.empty((HAND_COUNT, n))
        self._c = np.empty((HAND_COUNT, n), dtype=bool)
        for k, piece in enumerate(pieces):
            i0, i1 = int(starts[k]), int(starts[k + 1])
            if k == len(pieces) - 1:
                i1 += 1  # the last segment also owns the final sample
            tau = np.arange(i1 - i0) / RATE
            scale = self._intensity(piece, specs, self._t[i0:i1])
            for hand in range(HAND_COUNT):
                xy, pressure, contact = piece.evaluate(hand, tau)
                self._x[hand, i0:i1] = xy[:, 0]
                self._y[hand, i0:i1] = xy[:, 1]
                self._p[hand, i0:i1] = np.clip(pressure * scale, 0.0, 1.0)
                self._c[hand, i0:i1] = contact
        for arr in (self._t, self._x, self._y, self._p, self._c, self._segment_of):
            arr.setflags(write=False)

    # ------------------------------------------------------------ construction

    @classmethod
    def for_technique(cls, technique: Technique, loop: bool = False,
                      tempo: Tempo = Tempo.DRAWN) -> Timeline:
        """One pass through the technique's movements, each on both sides, gliding between them.

        With loop=True the timeline ends with a glide back to the first stroke's
        start, so a screen can wrap from the end to 0 without a jump.
        """
        spec = PhaseSpec(technique, 1, (1.0, 1.0), None)
        pieces = build_pieces([spec], transition=lambda t: t.glide.caption, loop=loop,
                              tempo=tempo)
        return cls(pieces, [spec], tempo=tempo)

    @classmethod
    def for_session(cls, plan: SessionPlan, library: TechniqueLibrary,
                    tempo: Tempo = Tempo.DRAWN) -> Timeline:
        """A whole-session demonstration: each phase's movements, `cycles` times each.

        The glide from one technique into the next belongs to the phase it leaves.
        Raises KeyError for a phase whose technique the library lacks.
        """
        specs = [PhaseSpec(library[p.technique], p.cycles, p.intensity, p.minutes)
                 for p in plan.phases]
        pieces = build_pieces(specs, transition=library.transition, loop=False, tempo=tempo)
        return cls(pieces, specs, first_session=plan.first_session, tempo=tempo)

    def _spans(self, specs: Sequence[PhaseSpec]) -> tuple[PhaseSpan, ...]:
        spans = []
        for i, spec in enumerate(specs):
            segs = [s for s in self.segments if s.phase_index == i]
            end = self.duration if i == len(specs) - 1 else segs[-1].end
            spans.append(PhaseSpan(i, spec.technique.id, spec.technique.name,
                                   segs[0].start, end, spec.minutes))
        return tuple(spans)

    def _intensity(self, piece: Piece, specs: Sequence[PhaseSpec], t: FloatArray) -> FloatArray:
        if not piece.scaled:
            return np.ones(len(t))
        span = self.phases[piece.segment.phase_index]
        a, b = specs[piece.segment.phase_index].intensity
        u = np.clip((t - span.start) / max(span.end - span.start, _EPS), 0.0, 1.0)
        result: FloatArray = a + (b - a) * u
        return result

    # ------------------------------------------------------------ queries

    def state_at(self, t: float) -> Frame:
        """Both hands, the caption and where we are, at t seconds (clamped to the timeline)."""
        t = min(max(float(t), 0.0), self.duration)
        f = t * RATE
        i0 = min(math.floor(f + 1e-9), self._n - 1)
        i1 = min(i0 + 1, self._n - 1)
        w = min(max(f - i0, 0.0), 1.0)
        seg_index = int(self._segment_of[i0])
        seg = self.segments[seg_index]
        hands = []
        for h in range(HAND_COUNT):
            c0, c1 = bool(self._c[h, i0]), bool(self._c[h, i1])
            if c0 == c1:
                pressure = float(self._p[h, i0] + w * (self._p[h, i1] - self._p[h, i0]))
                contact = c0
            else:  # a tap lands or lifts: no blending across it
                near = i0 if w < 0.5 else i1
                pressure, contact = float(self._p[h, near]), bool(self._c[h, near])
            hands.append(HandState(
                x=float(self._x[h, i0] + w * (self._x[h, i1] - self._x[h, i0])),
                y=float(self._y[h, i0] + w * (self._y[h, i1] - self._y[h, i0])),
                pressure=pressure, contact=contact, working=seg.working))
        progress = min(max((t - seg.start) / max(seg.duration, _EPS), 0.0), 1.0)
        return Frame(t=t, hands=tuple(hands), caption=seg.caption, technique=seg.technique,
                     phase_index=seg.phase_index, movement_index=seg.movement_index,
                     step=seg.step, segment_index=seg_index, progress=progress,
                     working=seg.working)

    def trail(self, hand: int, t: float, seconds: float = 1.0, step: float = 1 / 60) -> FloatArray:
        """The hand's positions over the last `seconds` up to t, oldest first, shape (N, 2).

        Shorter near the start of the timeline (nothing before t = 0).
        """
        if step <= 0:
            raise ValueError("step must be positive")
        t = min(max(float(t), 0.0), self.duration)
        span = min(max(seconds, 0.0), t)
        count = math.floor(span / step + 1e-9) + 1
        times = t - step * np.arange(count - 1, -1, -1)
        return np.column_stack((np.interp(times, self._t, self._x[hand]),
                                np.interp(times, self._t, self._y[hand])))

    def samples(self, hand: int, times: FloatArray | Sequence[float]) -> HandTrack:
        """One hand at many times at once (clamped to the timeline), as in state_at."""
        tt = np.clip(np.asarray(times, dtype=np.float64), 0.0, self.duration)
        f = tt * RATE
        i0 = np.minimum(np.floor(f + 1e-9).astype(np.intp), self._n - 1)
        i1 = np.minimum(i0 + 1, self._n - 1)
        w = np.clip(f - i0, 0.0, 1.0)
        x = self._x[hand, i0] + w * (self._x[hand, i1] - self._x[hand, i0])
        y = self._y[hand, i0] + w * (self._y[hand, i1] - self._y[hand, i0])
        c0, c1 = self._c[hand, i0], self._c[hand, i1]
        near = np.where(w < 0.5, i0, i1)
        same = c0 == c1
        pressure = np.where(same, self._p[hand, i0] + w * (self._p[hand, i1] - self._p[hand, i0]),
                            self._p[hand, near])
        contact = np.where(same, c0, self._c[hand, near])
        segment = self._segment_of[i0]
        return HandTrack(tt, x, y, pressure, contact, self._segment_working[segment], segment)

    def track(self, hand: int) -> HandTrack:
        """The hand's precomputed samples over the whole timeline (read-only arrays)."""
        return HandTrack(self._t, self._x[hand], self._y[hand], self._p[hand], self._c[hand],
                         self._segment_working[self._segment_of], self._segment_of)

    def segment_path(self, index: int, hand: int = 0) -> FloatArray:
        """The positions a hand passes through in one segment, shape (N, 2), for drawing it."""
        seg = self.segments[index]
        i0 = round(seg.start * RATE)
        i1 = round(seg.end * RATE) + 1
        return np.column_stack((self._x[hand, i0:i1], self._y[hand, i0:i1]))

    def next_movement_time(self, t: float) -> float | None:
        """The start of the first working stroke after t; None if there is none."""
        for start in self.movement_starts:
            if start > t + _EPS:
                return start
        return None

    def previous_movement_time(self, t: float) -> float | None:
        """The start of the last working stroke before t; None at or before the first one.

        In the middle of a stroke this is that stroke's own start (as a media player's
        "previous" restarts the current track).
        """
        for start in reversed(self.movement_starts):
            if start < t - _EPS:
                return start
        return None

    def phase_at(self, t: float) -> PhaseSpan:
        return self.phases[self.state_at(t).phase_index]
