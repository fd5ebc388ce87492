"""The technique animation drawn over the back diagram: guides, trails and hand markers.

The core Timeline says where the hands are at any moment; this layer only draws
that moment, in the demonstration style of docs/visual-language.md (blue, arrowheads, a
fading trail):

- the guides: every movement of the technique as a faint numbered path ending
  in an arrowhead, and the current one stronger, with chevrons along it, so the
  direction of each movement reads from a single still frame;
- a fading trail behind each hand over the last second, as thick as the hand
  presses; a glide in the glide style (sky blue, dashed);
- one marker per hand, as big as the hand presses, with an arrowhead pointing
  where it travels; hollow while the hand is lifted (between taps).

Performance: the guides are painted once into pixmaps (per phase, and per
segment for the current one); each frame then asks the diagram to repaint only
the rectangles around each hand's trail and marker, of the previous and of the
new frame (`BackDiagram.update_frame_rect`).
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass
from typing import Final

import numpy as np
from PySide6.QtCore import QPointF, QRect, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QPainter, QPainterPath, QPaintEvent, QPen, QPixmap, QPolygonF
from PySide6.QtWidgets import QWidget

from massage_trainer.core.geometry import FloatArray
from massage_trainer.core.techniques import MAX_DRAWN_HZ, PatternKind, TechniqueLibrary
from massage_trainer.core.timeline import RATE, Frame, Timeline, ease
from massage_trainer.ui.diagram.view import BackDiagram
from massage_trainer.ui.kit import theme as th

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


# ---------------------------------------------------------------- geometry helpers


class _Polyline:
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


def _polygon(xs: FloatArray, ys: FloatArray) -> QPolygonF:
    return QPolygonF([QPointF(float(x), float(y)) for x, y in zip(xs, ys, strict=True)])


def _arrowhead(x: float, y: float, dx: float, dy: float, length: float, half: float) -> QPolygonF:
    """A triangle with its tip at (x, y), pointing along (dx, dy)."""
    bx, by = x - dx * length, y - dy * length
    nx, ny = -dy * half, dx * half
    return QPolygonF([QPointF(x, y), QPointF(bx + nx, by + ny), QPointF(bx - nx, by - ny)])


def _with_alpha(colour: QColor, alpha: float) -> QColor:
    c = QColor(colour)
    c.setAlphaF(min(max(alpha, 0.0), 1.0))
    return c


# ---------------------------------------------------------------- guides


@dataclass(frozen=True)
class _Guide:
    """One movement of the technique, as both hands draw it, for the guides."""

    number: int  # 1-based, as the learner counts the movements
    paths: tuple[QPainterPath, ...]  # per hand: where the hand really goes (zigzags, circles...)
    bases: tuple[_Polyline, ...]  # per hand: the movement's path without its pattern
    taps: tuple[FloatArray, ...]  # per hand: where each tap lands, shape (N, 2); empty if none
    bounds: QRectF  # in the body frame


class _Sprite:
    """Part of the layer painted once into a pixmap, then blitted on every repaint.

    Without bounds the pixmap covers the whole widget (so `draw_text`, which
    works in widget pixels, can be used in it); with bounds, only that box.
    """

    def __init__(self) -> None:
        self.key: object = None
        self.pixmap: QPixmap | None = None
        self.origin = QRect()

    def render(self, key: object, diagram: BackDiagram, bounds: QRectF | None,
               draw: Callable[[QPainter], None]) -> None:
        """Paint again only if the key, the widget's size or the theme changed."""
        dpr = diagram.devicePixelRatioF()
        full_key = (key, diagram.size().toTuple(), dpr, diagram.theme)
        if full_key == self.key:
            return
        self.key = full_key
        if bounds is None:
            rect = diagram.rect()
        else:
            margin = 4
            rect = diagram.transform().mapRect(bounds).toAlignedRect().adjusted(
                -margin, -margin, margin, margin).intersected(diagram.rect())
        self.origin = rect
        if rect.isEmpty():
            self.pixmap = None
            return
        pix = QPixmap(QSize(math.ceil(rect.width() * dpr), math.ceil(rect.height() * dpr)))
        pix.setDevicePixelRatio(dpr)
        pix.fill(Qt.GlobalColor.transparent)
        painter = QPainter(pix)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        painter.setRenderHint(QPainter.RenderHint.TextAntialiasing, True)
        painter.translate(-rect.left(), -rect.top())
        painter.setTransform(diagram.transform(), True)
        draw(painter)
        painter.end()
        self.pixmap = pix

    def blit(self, painter: QPainter) -> None:
        if self.pixmap is not None:
            painter.drawPixmap(self.origin.topLeft(), self.pixmap)


# ---------------------------------------------------------------- one hand in one frame


@dataclass(frozen=True)
class _TrailRun:
    polygon: QPolygonF
    width: float
    alpha: float
    glide: bool


@dataclass(frozen=True)
class _HandPaint:
    """What paint() draws for one hand; worked out when the frame is set, not while painting."""

    x: float
    y: float
    radius: float
    dx: float  # the unit direction of travel along the movement
    dy: float
    style: str  # "work", "glide" or "lifted"
    trail: tuple[_TrailRun, ...]
    bounds: QRectF  # everything above, in the body frame


class AnimationLayer:
    """A DiagramLayer drawing one moment of a Timeline; see the module docstring.

    The screen calls `show(t)` once per animation frame; the layer works out what
    to draw and asks the diagram to repaint just the rectangles that changed.
    """

    def __init__(self, diagram: BackDiagram, library: TechniqueLibrary) -> None:
        self.diagram = diagram
        self.library = library
        self.timeline: Timeline | None = None
        self.loop = False
        self.speed = 1.0
        self.frame: Frame | None = None
        self._hands: tuple[_HandPaint, ...] = ()
        self._guides: dict[tuple[int, int], _Guide] = {}
        self._bases: dict[tuple[int, int], _Polyline] = {}  # (segment, hand) -> pattern-free path
        self._base = _Sprite()  # every movement of the current phase, faint, numbered
        self._current = _Sprite()  # the current movement (or glide), strong
        self._base_key: object = None
        self._current_key: object = None
        self._current_bounds = QRectF()
        self._discs: dict[tuple[object, ...], QPixmap] = {}

    # ------------------------------------------------------------ state

    def set_timeline(self, timeline: Timeline, loop: bool = False) -> None:
        """Show another timeline; with loop, the trail runs on across the wrap to 0."""
        self.timeline = timeline
        self.loop = loop
        self.frame = None
        self._hands = ()
        self._guides = {}
        self._bases = {}
        self._base_key = self._current_key = None
        self._current_bounds = QRectF()
        self.diagram.update()

    def set_speed(self, speed: float) -> None:
        self.speed = speed

    def show(self, t: float) -> Frame:
        """Move to t seconds of the timeline; repaint only what changed."""
        if self.timeline is None:
            raise RuntimeError("no timeline to show")
        frame = self.timeline.state_at(t)
        old = self._hands
        self.frame = frame
        self._hands = tuple(self._hand_paint(frame, h) for h in range(self.timeline.hand_count))

        base_key = (id(self.timeline), frame.phase_index)
        current_key = (id(self.timeline), frame.segment_index)
        if base_key != self._base_key:
            self._base_key = base_key
            self.diagram.update()  # a new technique in a session: its guides change everywhere
        if current_key != self._current_key:
            self._current_key = current_key
            old_bounds = self._current_bounds
            self._current_bounds = self._current_guide_bounds(frame)
            for r in (old_bounds, self._current_bounds):
                if not r.isEmpty():
                    self.diagram.update_frame_rect(r.left(), r.top(), r.right(), r.bottom())
        for h, hand in enumerate(self._hands):
            r = hand.bounds if h >= len(old) else hand.bounds.united(old[h].bounds)
            self.diagram.update_frame_rect(r.left(), r.top(), r.right(), r.bottom())
        return frame

    def dirty_bounds(self) -> tuple[QRectF, ...]:
        """The body-frame rectangles around each hand in the current frame (for tests)."""
        return tuple(h.bounds for h in self._hands)

    def hand_styles(self) -> tuple[str, ...]:
        """How each hand is drawn now: "work", "glide" or "lifted" (for tests)."""
        return tuple(h.style for h in self._hands)

    def hand_radii(self) -> tuple[float, ...]:
        return tuple(h.radius for h in self._hands)

    # ------------------------------------------------------------ working out a frame

    def _flash_safe_taps(self, frame: Frame) -> bool:
        """True if lifts must be drawn steady: taps shown faster than 3 a second would flash."""
        movement = self.library[frame.technique].movements[frame.movement_index]
        pattern = movement.pattern
        return (frame.working and pattern is not None and pattern.kind == PatternKind.TAPS
                and pattern.frequency * self.speed > MAX_DRAWN_HZ + 1e-9)

    def _base_path(self, segment_index: int, hand: int) -> _Polyline:
        """The segment's path without its pattern: a movement's path, or the glide's line."""
        key = (segment_index, hand)
        cached = self._bases.get(key)
        if cached is None:
            assert self.timeline is not None
            seg = self.timeline.segments[segment_index]
            if seg.working:
                movement = self.library[seg.technique].movements[seg.movement_index]
                pts = np.asarray(movement.path, dtype=np.float64)
                if hand == 1:  # the other hand mirrors the path across the spine
                    pts = pts * np.array([-1.0, 1.0])
            else:
                drawn = self.timeline.segment_path(segment_index, hand)
                pts = np.vstack((drawn[0], drawn[-1]))
            keep = np.ones(len(pts), dtype=bool)
            keep[1:] = np.hypot(*np.diff(pts, axis=0).T) > 1e-9
            pts = pts[keep]
            if len(pts) < 2:
                pts = np.vstack((pts[0], pts[0] + np.array([0.0, 1e-6])))
            cached = _Polyline(pts)
            self._bases[key] = cached
        return cached

    def _hand_paint(self, frame: Frame, hand: int) -> _HandPaint:
        assert self.timeline is not None
        state = frame.hands[hand]
        base = self._base_path(frame.segment_index, hand)
        # The timeline eases each stroke along its path; the same easing finds the
        # point of the path the hand is over, and so the direction it travels.
        _bx, _by, dx, dy = base.at(float(ease(np.array([frame.progress]))[0]) * base.total)
        steady = self._flash_safe_taps(frame)
        movement = self.library[frame.technique].movements[frame.movement_index]
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
        return _HandPaint(state.x, state.y, radius, dx, dy, style, trail, bounds)

    def _trail(self, t: float, hand: int, steady: bool) -> tuple[_TrailRun, ...]:
        """The last second of the hand's track, split into runs that each take one pen."""
        assert self.timeline is not None
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
        runs: list[_TrailRun] = []
        for g0, g1 in zip(np.concatenate(([0], breaks)), np.concatenate((breaks, [len(code)])), strict=True):
            if not drawn[g0]:
                continue
            sl = slice(int(g0), int(g1) + 1)  # gaps g0..g1-1 join samples g0..g1
            pressure = float(np.mean(track.pressure[g0 + 1:g1 + 1]))
            fade = 1.0 - float(np.mean(age[g0 + 1:g1 + 1]))
            # A comet: strong and full width at the hand, thinner and fainter toward the tail.
            runs.append(_TrailRun(_polygon(track.x[sl], track.y[sl]), trail_width(pressure) * (0.45 + 0.55 * fade),
                                  0.95 * fade ** 0.8, not bool(track.working[g0 + 1])))
        return tuple(runs)

    # ------------------------------------------------------------ guides

    def _guide(self, phase_index: int, movement_index: int) -> _Guide | None:
        key = (phase_index, movement_index)
        if key in self._guides:
            return self._guides[key]
        assert self.timeline is not None
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
            path.addPolygon(_polygon(xs, ys))
            paths.append(path)
            bases.append(self._base_path(index, hand))
            contact = track.contact[i0:i1]
            lands = np.flatnonzero(contact[1:] & ~contact[:-1]) + 1
            if not contact.all():
                lands = np.concatenate(([0], lands)) if contact[0] else lands
                taps.append(np.column_stack((track.x[i0:i1][lands], track.y[i0:i1][lands])))
            else:
                taps.append(np.empty((0, 2)))
            bounds = bounds.united(path.boundingRect())
        pad = ARROW_LENGTH + NUMBER_HEIGHT * 1.5
        guide = _Guide(movement_index + 1, tuple(paths), tuple(bases), tuple(taps),
                       bounds.adjusted(-pad, -pad, pad, pad))
        self._guides[key] = guide
        return guide

    def _phase_guides(self, phase_index: int) -> list[_Guide]:
        technique = self.library[self.timeline.phases[phase_index].technique] if self.timeline else None
        if technique is None:
            return []
        guides = [self._guide(phase_index, m) for m in range(len(technique.movements))]
        return [g for g in guides if g is not None]

    def _next_working(self, segment_index: int) -> int | None:
        """During a glide, the stroke it leads to, if it belongs to the same technique."""
        assert self.timeline is not None
        segs = self.timeline.segments
        here = segs[segment_index]
        if segment_index + 1 < len(segs):
            nxt = segs[segment_index + 1]
            if nxt.working and nxt.phase_index == here.phase_index:
                return segment_index + 1
        if self.loop and not segs[0].transition and segs[0].phase_index == here.phase_index:
            return 0
        return None

    def _current_guide_bounds(self, frame: Frame) -> QRectF:
        assert self.timeline is not None
        bounds = QRectF()
        seg = self.timeline.segments[frame.segment_index]
        target = frame.segment_index if seg.working else self._next_working(frame.segment_index)
        if target is not None:
            s = self.timeline.segments[target]
            guide = self._guide(s.phase_index, s.movement_index)
            if guide is not None:
                bounds = bounds.united(guide.bounds)
        if not seg.working:
            for hand in range(self.timeline.hand_count):
                pts = self.timeline.segment_path(frame.segment_index, hand)
                r = QRectF(QPointF(pts[:, 0].min(), pts[:, 1].min()), QPointF(pts[:, 0].max(), pts[:, 1].max()))
                bounds = bounds.united(r.adjusted(-ARROW_LENGTH, -ARROW_LENGTH, ARROW_LENGTH, ARROW_LENGTH))
        return bounds

    def _paint_base(self, painter: QPainter, phase_index: int) -> None:
        d = self.diagram
        t = d.theme
        demo = t.color("demo")
        faint = _with_alpha(demo, 0.38)
        for guide in self._phase_guides(phase_index):
            for hand, path in enumerate(guide.paths):
                painter.setPen(d.frame_pen(faint, GUIDE_WIDTH))
                painter.setBrush(Qt.BrushStyle.NoBrush)
                painter.drawPath(path)
                self._paint_taps(painter, guide.taps[hand], faint, 0.006)
                base = guide.bases[hand]
                ex, ey, edx, edy = base.at(base.total)
                painter.setPen(Qt.PenStyle.NoPen)
                painter.setBrush(_with_alpha(demo, 0.5))
                painter.drawPolygon(_arrowhead(ex, ey, edx, edy, ARROW_LENGTH * 0.85, ARROW_HALF_WIDTH * 0.8))
        # Numbers last, so no path runs over them.
        for guide in self._phase_guides(phase_index):
            for base in guide.bases:
                sx, sy, sdx, sdy = base.at(0.0)
                at = (sx - sdx * NUMBER_HEIGHT * 0.9, sy - sdy * NUMBER_HEIGHT * 0.9)
                d.draw_text(painter, at, str(guide.number), NUMBER_HEIGHT, demo, bold=True)

    def _paint_taps(self, painter: QPainter, taps: FloatArray, colour: QColor, radius: float) -> None:
        if len(taps) == 0:
            return
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(colour)
        for x, y in taps:
            painter.drawEllipse(QPointF(float(x), float(y)), radius, radius)

    def _paint_current(self, painter: QPainter, segment_index: int) -> None:
        assert self.timeline is not None
        d = self.diagram
        t = d.theme
        seg = self.timeline.segments[segment_index]
        target = segment_index if seg.working else self._next_working(segment_index)
        if not seg.working:
            glide = t.color("glide")
            for hand in range(self.timeline.hand_count):
                pts = self.timeline.segment_path(segment_index, hand)
                painter.setPen(d.frame_pen(glide, CURRENT_GUIDE_WIDTH, Qt.PenStyle.DashLine))
                painter.setBrush(Qt.BrushStyle.NoBrush)
                painter.drawPolyline(_polygon(pts[::4, 0], pts[::4, 1]) if len(pts) > 8
                                     else _polygon(pts[:, 0], pts[:, 1]))
        if target is None:
            return
        s = self.timeline.segments[target]
        guide = self._guide(s.phase_index, s.movement_index)
        if guide is None:
            return
        demo = t.color("demo")
        # Quieter than the trail, which must stand out on top of it; the stroke to come, quieter still.
        strength = 0.7 if seg.working else 0.5
        for hand, path in enumerate(guide.paths):
            painter.setPen(d.frame_pen(_with_alpha(demo, strength * 0.75), CURRENT_GUIDE_WIDTH))
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.drawPath(path)
            self._paint_taps(painter, guide.taps[hand], _with_alpha(demo, strength), 0.008)
            base = guide.bases[hand]
            chevrons = QPainterPath()
            distance = CHEVRON_STEP * 0.6
            while distance < base.total - ARROW_LENGTH * 1.5:
                x, y, dx, dy = base.at(distance)
                nx, ny = -dy, dx
                size = ARROW_HALF_WIDTH * 0.7
                chevrons.moveTo(x - dx * size + nx * size, y - dy * size + ny * size)
                chevrons.lineTo(x, y)
                chevrons.lineTo(x - dx * size - nx * size, y - dy * size - ny * size)
                distance += CHEVRON_STEP
            painter.setPen(d.frame_pen(_with_alpha(demo, strength), CURRENT_GUIDE_WIDTH * 1.3))
            painter.drawPath(chevrons)
            ex, ey, edx, edy = base.at(base.total)
            painter.setPen(d.frame_pen(t.color("label_halo"), 0.003))
            painter.setBrush(_with_alpha(demo, strength))
            painter.drawPolygon(_arrowhead(ex + edx * 0.01, ey + edy * 0.01, edx, edy,
                                           ARROW_LENGTH * 1.2, ARROW_HALF_WIDTH))

    # ------------------------------------------------------------ painting

    def paint(self, painter: QPainter, diagram: BackDiagram) -> None:
        frame = self.frame
        if frame is None or self.timeline is None:
            return
        phase, segment = frame.phase_index, frame.segment_index
        self._base.render((id(self.timeline), phase), diagram, None,
                          lambda p: self._paint_base(p, phase))
        bounds = self._current_bounds  # worked out by show() when the segment changed
        self._current.render((id(self.timeline), segment), diagram, bounds,
                             lambda p: self._paint_current(p, segment))
        painter.save()
        painter.resetTransform()
        self._base.blit(painter)
        self._current.blit(painter)
        painter.restore()
        for hand in self._hands:
            self._paint_trail(painter, hand)
        for hand in self._hands:
            self._paint_marker(painter, hand)

    def _paint_trail(self, painter: QPainter, hand: _HandPaint) -> None:
        d = self.diagram
        t = d.theme
        painter.setBrush(Qt.BrushStyle.NoBrush)
        for run in hand.trail:
            if run.glide:
                pen = d.frame_pen(_with_alpha(t.color("glide"), run.alpha), run.width, Qt.PenStyle.DashLine)
            else:
                pen = d.frame_pen(_with_alpha(t.color("demo"), run.alpha), run.width)
                pen.setCapStyle(Qt.PenCapStyle.FlatCap)  # round caps would overlap into beads where runs meet
            painter.setPen(pen)
            painter.drawPolyline(run.polygon)

    def _paint_marker(self, painter: QPainter, hand: _HandPaint) -> None:
        d = self.diagram
        t = d.theme
        halo = t.color("label_halo")
        colour = t.color("glide") if hand.style == "glide" else t.color("demo")
        ahead = hand.radius + ARROW_GAP + ARROW_LENGTH
        arrow_at = (hand.x + hand.dx * ahead, hand.y + hand.dy * ahead)
        arrow = _arrowhead(*arrow_at, hand.dx, hand.dy, ARROW_LENGTH, ARROW_HALF_WIDTH)
        # A rim in the canvas colour first, so the arrow reads over zones and hatching.
        painter.setPen(d.frame_pen(halo, HALO_WIDTH))
        painter.setBrush(halo)
        painter.drawPolygon(arrow)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(colour)
        painter.drawPolygon(arrow)
        # The disc is the costly part to draw (an antialiased ring), so it comes from a
        # small cache of pre-drawn discs, one per look and size in whole half-pixels.
        scale = d.scale()
        r_px = max(1.0, round(hand.radius * scale * 2) / 2)
        sprite = self._disc_sprite(hand.style, r_px)
        centre = d.to_widget(hand.x, hand.y)
        half = sprite.width() / sprite.devicePixelRatio() / 2
        painter.save()
        painter.resetTransform()
        painter.drawPixmap(QPointF(round(centre.x() - half), round(centre.y() - half)), sprite)
        painter.restore()

    def _disc_sprite(self, style: str, r_px: float) -> QPixmap:
        d = self.diagram
        dpr = d.devicePixelRatioF()
        key = (style, r_px, d.scale(), dpr, d.theme)
        pix = self._discs.get(key)
        if pix is not None:
            return pix
        if len(self._discs) > 400:  # sizes from an old window size or theme
            self._discs.clear()
        scale = d.scale()
        pad = HALO_WIDTH * d.theme.line_scale * scale + 2
        side = math.ceil(2 * (r_px + pad))
        pix = QPixmap(QSize(math.ceil(side * dpr), math.ceil(side * dpr)))
        pix.setDevicePixelRatio(dpr)
        pix.fill(Qt.GlobalColor.transparent)
        p = QPainter(pix)
        p.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        p.translate(side / 2, side / 2)
        p.scale(scale, scale)  # body-frame units, so frame_pen widths hold
        paint_disc(p, d, style, r_px / scale)
        p.end()
        self._discs[key] = pix
        return pix


def paint_disc(painter: QPainter, diagram: BackDiagram, style: str, radius: float) -> None:
    """A hand marker's disc at the origin: filled (at work), light and dashed (glide), hollow (lifted)."""
    d = diagram
    t = d.theme
    centre = QPointF(0.0, 0.0)
    colour = t.color("glide") if style == "glide" else t.color("demo")
    painter.setPen(d.frame_pen(t.color("label_halo"), HALO_WIDTH))
    painter.setBrush(Qt.BrushStyle.NoBrush)
    painter.drawEllipse(centre, radius, radius)
    if style == "work":
        painter.setPen(d.frame_pen(colour.darker(150), 0.003))
        painter.setBrush(colour)
    elif style == "glide":
        painter.setPen(d.frame_pen(colour.darker(130), 0.004, Qt.PenStyle.DashLine))
        painter.setBrush(_with_alpha(colour, 0.35))
    else:  # lifted: hollow
        ring = 0.007
        painter.setPen(d.frame_pen(colour, ring))
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.drawEllipse(centre, radius - ring / 2, radius - ring / 2)
        return
    painter.drawEllipse(centre, radius, radius)


class MarkerSwatch(QWidget):
    """A legend sample of a hand marker, drawn like the animation draws it."""

    def __init__(self, theme: th.Theme, style: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._theme = theme
        self._style = style  # "work", "glide" or "lifted"
        self.setFixedSize(self.sizeHint())

    def sizeHint(self) -> QSize:
        h = max(18, self.fontMetrics().height() + 4)
        return QSize(round(h * 1.6), h)

    def changeEvent(self, event: object) -> None:
        self.setFixedSize(self.sizeHint())
        super().changeEvent(event)  # type: ignore[arg-type]

    def set_theme(self, theme: th.Theme) -> None:
        self._theme = theme
        self.update()

    def paintEvent(self, event: QPaintEvent) -> None:
        p = QPainter(self)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        t = self._theme
        r = QRectF(self.rect()).adjusted(2, 2, -2, -2)
        radius = r.height() / 2 - 1
        centre = QPointF(r.left() + radius + 1, r.center().y())
        colour = t.color("glide") if self._style == "glide" else t.color("demo")
        # The arrowhead, pointing right.
        tip = QPointF(r.right(), r.center().y())
        base = r.right() - radius * 0.9
        p.setPen(Qt.PenStyle.NoPen)
        p.setBrush(colour)
        p.drawPolygon(QPolygonF([tip, QPointF(base, tip.y() - radius * 0.6), QPointF(base, tip.y() + radius * 0.6)]))
        if self._style == "work":
            p.setPen(QPen(colour.darker(150), 1.2))
            p.setBrush(colour)
        elif self._style == "glide":
            pen = QPen(colour.darker(130), 1.5)
            pen.setStyle(Qt.PenStyle.DashLine)
            p.setPen(pen)
            p.setBrush(_with_alpha(colour, 0.35))
        else:
            p.setPen(QPen(colour, max(2.0, radius * 0.35)))
            p.setBrush(Qt.BrushStyle.NoBrush)
            radius -= max(2.0, radius * 0.35) / 2
        p.drawEllipse(centre, radius, radius)
        p.end()
