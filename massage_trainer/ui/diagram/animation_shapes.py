"""What the technique animation draws, worked out from the timeline; no painting here.

Everything is in the body frame (docs/body-frame.md): the sizes of the markers,
arrows and trails; each movement's guide (the paths both hands draw, the path
without its pattern, where the taps land); and, for one moment, each hand's
marker, its fading trail and the box around them that must be repainted.
`ui/diagram/animation.py` paints these shapes.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Final

import numpy as np
from PySide6.QtCore import QPointF, QRectF
from PySide6.QtGui import QPainterPath, QPolygonF

from massage_trainer.core.geometry import FloatArray
from massage_trainer.core.techniques import MAX_DRAWN_HZ, PatternKind, TechniqueLibrary
from massage_trainer.core.timeline import RATE, Frame, Timeline, path_fraction

TRAIL_SECONDS: Final = 1.0  # of animation time, so the trail keeps its shape at any speed
TRAIL_STEP: Final = 1 / 60
TRAIL_CHUNKS: Final = 7  # the trail fades in this many steps (one pen each)
# Sizes in back lengths; they scale with the view like every line of the diagram.
ARROW_LENGTH: Final = 0.032
ARROW_HALF_WIDTH: Final = 0.02
ARROW_GAP: Final = 0.008  # between a marker and its arrowhead, so the two read as "moving this way"
HALO_WIDTH: Final = 0.008  # the canvas-coloured rim that keeps a marker readable over hatching
GUIDE_WIDTH: Final = 0.0035
CURRENT_GUIDE_WIDTH: Final = 0.005
CHEVRON_STEP: Final = 0.075
NUMBER_HEIGHT: Final = 0.034


def marker_radius(pressure: float) -> float:
    """A hand marker's radius: the harder the hand presses, the bigger it is."""
    return 0.016 + 0.042 * max(0.0, pressure)


def trail_width(pressure: float) -> float:
    """The trail's width: about the ink width (0.01) at working pressure."""
    return 0.003 + 0.016 * max(0.0, pressure)


class Polyline:
    """A path's points with their cumulative length, for "where is fraction s along it"."""

    def __init__(self, points: FloatArray) -> None:
        self.points = points
        d = np.diff(points, axis=0)
        self.lengths = np.hypot(d[:, 0], d[:, 1])
        self.cumulative = np.concatenate(([0.0], np.cumsum(self.lengths)))
        self.total = float(self.cumulative[-1])

    def at(self, distance: float) -> tuple[float, float, float, float]:
        """(x, y, unit dx, unit dy) at a distance along the path."""
        dist = min(max(distance, 0.0), self.total)
        j = int(np.clip(np.searchsorted(self.cumulative, dist, side="right") - 1, 0, len(self.lengths) - 1))
        length = max(float(self.lengths[j]), 1e-12)
        dx, dy = (self.points[j + 1] - self.points[j]) / length
        along = dist - float(self.cumulative[j])
        return (float(self.points[j, 0] + along * dx), float(self.points[j, 1] + along * dy),
                float(dx), float(dy))


def polygon(xs: FloatArray, ys: FloatArray) -> QPolygonF:
    return QPolygonF([QPointF(float(x), float(y)) for x, y in zip(xs, ys, strict=True)])


def arrowhead(x: float, y: float, dx: float, dy: float, length: float, half: float) -> QPolygonF:
    """A triangle with its tip at (x, y), pointing along (dx, dy)."""
    bx, by = x - dx * length, y - dy * length
    nx, ny = -dy * half, dx * half
    return QPolygonF([QPointF(x, y), QPointF(bx + nx, by + ny), QPointF(bx - nx, by - ny)])


@dataclass(frozen=True)
class Guide:
    """One movement of the technique, as both hands draw it, for the guides."""

    number: int  # 1-based, as the learner counts the movements
    paths: tuple[QPainterPath, ...]  # per hand: where the hand really goes (zigzags, circles...)
    bases: tuple[Polyline, ...]  # per hand: the movement's path without its pattern
    taps: tuple[FloatArray, ...]  # per hand: where each tap lands, shape (N, 2); empty if none
    bounds: QRectF


@dataclass(frozen=True)
class TrailRun:
    """A stretch of a trail drawn with one pen."""

    polygon: QPolygonF
    width: float
    alpha: float
    glide: bool


@dataclass(frozen=True)
class HandPaint:
    """What the layer draws for one hand in one frame; worked out when the frame is set, not while painting."""

    x: float
    y: float
    radius: float
    dx: float  # the unit direction of travel along the movement
    dy: float
    style: str  # "work", "glide" or "lifted"
    trail: tuple[TrailRun, ...]
    bounds: QRectF  # everything above


class AnimationShapes:
    """The shapes of one timeline: guides and paths (kept, they do not change) and each frame's hands."""

    def __init__(self, timeline: Timeline, library: TechniqueLibrary, loop: bool) -> None:
        self.timeline = timeline
        self.library = library
        self.loop = loop  # with loop, the trail runs on across the wrap to 0
        self._guides: dict[tuple[int, int], Guide | None] = {}
        self._bases: dict[tuple[int, int], Polyline] = {}  # (segment, hand) -> pattern-free path

    # ------------------------------------------------------------ one frame

    def hands(self, frame: Frame, speed: float) -> tuple[HandPaint, ...]:
        return tuple(self._hand(frame, h, speed) for h in range(self.timeline.hand_count))

    def _flash_safe_taps(self, frame: Frame, speed: float) -> bool:
        """True if lifts must be drawn steady: taps shown faster than 3 a second would flash."""
        pattern = self.library[frame.technique].movements[frame.movement_index].pattern
        return (frame.working and pattern is not None and pattern.kind == PatternKind.TAPS
                and pattern.frequency * speed > MAX_DRAWN_HZ + 1e-9)

    def _hand(self, frame: Frame, hand: int, speed: float) -> HandPaint:
        state = frame.hands[hand]
        base = self.base_path(frame.segment_index, hand)
        movement = self.library[frame.technique].movements[frame.movement_index]
        # The timeline eases each stroke along its path (taps travel evenly); the same
        # fraction finds the point of the path the hand is over, and so its direction.
        along = path_fraction(movement if frame.working else None, np.array([frame.progress]))
        _bx, _by, dx, dy = base.at(float(along[0]) * base.total)
        steady = self._flash_safe_taps(frame, speed)
        if not state.working:
            style = "glide"
        elif state.contact or steady:
            style = "work"
        else:
            style = "lifted"
        pressure = movement.peak_pressure if style == "lifted" or (steady and not state.contact) \
            else state.pressure
        radius = marker_radius(pressure)
        trail = self._trail(frame.t, hand, steady)

        x0 = x1 = state.x
        y0 = y1 = state.y
        pad = radius + HALO_WIDTH
        tip = radius + ARROW_GAP + ARROW_LENGTH
        x0, x1 = min(x0, state.x + dx * tip), max(x1, state.x + dx * tip)
        y0, y1 = min(y0, state.y + dy * tip), max(y1, state.y + dy * tip)
        for run in trail:
            r = run.polygon.boundingRect()
            x0, y0 = min(x0, r.left()), min(y0, r.top())
            x1, y1 = max(x1, r.right()), max(y1, r.bottom())
        bounds = QRectF(QPointF(x0 - pad, y0 - pad), QPointF(x1 + pad, y1 + pad))
        return HandPaint(state.x, state.y, radius, dx, dy, style, trail, bounds)

    def _trail(self, t: float, hand: int, steady: bool) -> tuple[TrailRun, ...]:
        """The last second of the hand's track, split into runs that each take one pen."""
        timeline = self.timeline
        count = math.floor(TRAIL_SECONDS / TRAIL_STEP + 1e-9) + 1
        offsets: FloatArray = TRAIL_STEP * np.arange(count - 1, -1, -1, dtype=np.float64)
        times: FloatArray = t - offsets
        if self.loop and timeline.duration > 0:
            times = np.mod(times, timeline.duration)  # a loop ends where it starts: no jump
            times[-1] = t
        else:
            keep = times >= -1e-9
            times, offsets = times[keep], offsets[keep]
        if len(times) < 2:
            return ()
        track = timeline.samples(hand, times)
        age = offsets / TRAIL_SECONDS  # 0 at the hand, 1 at the tail
        touching = track.contact | (steady & track.working)
        # Gap i joins samples i-1 and i; it is drawn if the hand touches at both ends.
        drawn = touching[1:] & touching[:-1]
        chunk = np.minimum(((1.0 - age[1:]) * TRAIL_CHUNKS).astype(int), TRAIL_CHUNKS - 1)
        code = drawn.astype(int) + 2 * track.working[1:].astype(int) + 4 * chunk
        breaks = np.flatnonzero(np.diff(code)) + 1
        runs: list[TrailRun] = []
        for g0, g1 in zip(np.concatenate(([0], breaks)), np.concatenate((breaks, [len(code)])), strict=True):
            if not drawn[g0]:
                continue
            sl = slice(int(g0), int(g1) + 1)  # gaps g0..g1-1 join samples g0..g1
            pressure = float(np.mean(track.pressure[g0 + 1:g1 + 1]))
            fade = 1.0 - float(np.mean(age[g0 + 1:g1 + 1]))
            # A comet: strong and full width at the hand, thinner and fainter toward the tail.
            runs.append(TrailRun(polygon(track.x[sl], track.y[sl]), trail_width(pressure) * (0.45 + 0.55 * fade),
                                 0.95 * fade ** 0.8, not bool(track.working[g0 + 1])))
        return tuple(runs)

    # ------------------------------------------------------------ paths and guides

    def base_path(self, segment_index: int, hand: int) -> Polyline:
        """The segment's path without its pattern: a movement's path, or the glide's line."""
        key = (segment_index, hand)
        cached = self._bases.get(key)
        if cached is None:
            seg = self.timeline.segments[segment_index]
            if seg.working:
                movement = self.library[seg.technique].movements[seg.movement_index]
                pts = np.asarray(movement.path, dtype=np.float64)
                # The other hand mirrors the path across the spine, and so does the
                # leading hand on a stroke it works on the left side.
                if (hand == 1) != seg.mirrored:
                    pts = pts * np.array([-1.0, 1.0])
            else:
                drawn = self.timeline.segment_path(segment_index, hand)
                pts = np.vstack((drawn[0], drawn[-1]))
            keep = np.ones(len(pts), dtype=bool)
            keep[1:] = np.hypot(*np.diff(pts, axis=0).T) > 1e-9
            pts = pts[keep]
            if len(pts) < 2:
                pts = np.vstack((pts[0], pts[0] + np.array([0.0, 1e-6])))
            cached = Polyline(pts)
            self._bases[key] = cached
        return cached

    def guide(self, phase_index: int, movement_index: int) -> Guide | None:
        key = (phase_index, movement_index)
        if key not in self._guides:
            self._guides[key] = self._make_guide(phase_index, movement_index)
        return self._guides[key]

    def _make_guide(self, phase_index: int, movement_index: int) -> Guide | None:
        timeline = self.timeline
        index = next((k for k, s in enumerate(timeline.segments)
                      if s.working and s.phase_index == phase_index and s.movement_index == movement_index),
                     None)
        if index is None:
            return None
        seg = timeline.segments[index]
        i0, i1 = round(seg.start * RATE), round(seg.end * RATE) + 1
        paths, bases, taps = [], [], []
        bounds = QRectF()
        for hand in range(timeline.hand_count):
            track = timeline.track(hand)
            xs, ys = track.x[i0:i1:2], track.y[i0:i1:2]  # 120 points a second draw a smooth curve
            path = QPainterPath()
            path.addPolygon(polygon(xs, ys))
            paths.append(path)
            bases.append(self.base_path(index, hand))
            contact = track.contact[i0:i1]
            lands = np.flatnonzero(contact[1:] & ~contact[:-1]) + 1
            if not contact.all():
                lands = np.concatenate(([0], lands)) if contact[0] else lands
                taps.append(np.column_stack((track.x[i0:i1][lands], track.y[i0:i1][lands])))
            else:
                taps.append(np.empty((0, 2)))
            bounds = bounds.united(path.boundingRect())
        pad = ARROW_LENGTH + NUMBER_HEIGHT * 1.5
        return Guide(movement_index + 1, tuple(paths), tuple(bases), tuple(taps),
                     bounds.adjusted(-pad, -pad, pad, pad))

    def phase_guides(self, phase_index: int) -> list[Guide]:
        technique = self.library[self.timeline.phases[phase_index].technique]
        guides = [self.guide(phase_index, m) for m in range(len(technique.movements))]
        return [g for g in guides if g is not None]

    def next_working(self, segment_index: int) -> int | None:
        """During a glide, the stroke it leads to, if it belongs to the same technique."""
        segs = self.timeline.segments
        here = segs[segment_index]
        if segment_index + 1 < len(segs):
            nxt = segs[segment_index + 1]
            if nxt.working and nxt.phase_index == here.phase_index:
                return segment_index + 1
        if self.loop and not segs[0].transition and segs[0].phase_index == here.phase_index:
            return 0
        return None

    def current_guide(self, segment_index: int) -> Guide | None:
        """The stroke to show strongly: this one, or during a glide the one it leads to."""
        seg = self.timeline.segments[segment_index]
        target = segment_index if seg.working else self.next_working(segment_index)
        if target is None:
            return None
        s = self.timeline.segments[target]
        return self.guide(s.phase_index, s.movement_index)

    def current_guide_bounds(self, segment_index: int) -> QRectF:
        """The box the current guide (and, during a glide, its dashed path) is drawn in."""
        bounds = QRectF()
        guide = self.current_guide(segment_index)
        if guide is not None:
            bounds = bounds.united(guide.bounds)
        if not self.timeline.segments[segment_index].working:
            for hand in range(self.timeline.hand_count):
                pts = self.timeline.segment_path(segment_index, hand)
                r = QRectF(QPointF(pts[:, 0].min(), pts[:, 1].min()), QPointF(pts[:, 0].max(), pts[:, 1].max()))
                bounds = bounds.united(r.adjusted(-ARROW_LENGTH, -ARROW_LENGTH, ARROW_LENGTH, ARROW_LENGTH))
        return bounds
