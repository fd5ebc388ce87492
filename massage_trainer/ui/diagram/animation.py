"""The technique animation drawn over the back diagram: guides, trails and hand markers.

The core Timeline says where the hands are at any moment; `animation_shapes.py`
works out the shapes of that moment; this layer paints them, in the
demonstration style of docs/visual-language.md (blue, arrowheads, a fading trail):

- the guides: every movement of the technique as a faint numbered path ending
  in an arrowhead, and the current one stronger, with chevrons along it, so the
  direction of each movement reads from a single still frame;
- a fading trail behind each hand over the last second, as thick as the hand
  presses; a glide in the glide style (sky blue, dashed);
- one marker per hand, as big as the hand presses, with an arrowhead pointing
  where it travels; hollow while the hand is lifted (between taps).

Performance: the guides are painted once, those of the phase into a LayerCache
over the whole diagram and the current one into a sprite of its own box (the
caches of `cache.py`); the discs of the markers are sprites too. Each frame then
asks the diagram to repaint only the rectangles around each hand's trail and
marker, of the previous and of the new frame (`BackDiagram.update_frame_rect`).
"""

from __future__ import annotations

import math

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QPainter, QPainterPath

from massage_trainer.core.geometry import FloatArray
from massage_trainer.core.techniques import TechniqueLibrary
from massage_trainer.core.timeline import Frame, Timeline
from massage_trainer.ui.diagram.animation_shapes import (
    ARROW_GAP,
    ARROW_HALF_WIDTH,
    ARROW_LENGTH,
    CHEVRON_STEP,
    CURRENT_GUIDE_WIDTH,
    GUIDE_WIDTH,
    HALO_WIDTH,
    NUMBER_HEIGHT,
    AnimationShapes,
    HandPaint,
    arrowhead,
    polygon,
)
from massage_trainer.ui.diagram.cache import LayerCache, SpriteCache
from massage_trainer.ui.diagram.view import BackDiagram

DISC_SPRITES = 400  # discs kept: a few looks times the sizes a pressure ramp passes through


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
        self._shapes: AnimationShapes | None = None
        self._hands: tuple[HandPaint, ...] = ()
        self._base = LayerCache()  # every movement of the current phase, faint, numbered
        self._base_drawn: int | None = None  # the phase whose guides the base cache holds
        self._current = SpriteCache(limit=1)  # the current movement (or glide), strong
        self._discs = SpriteCache(limit=DISC_SPRITES)
        self._base_key: int | None = None  # the phase and segment of the last frame shown
        self._current_key: int | None = None
        self._current_bounds = QRectF()

    # ------------------------------------------------------------ state

    def set_timeline(self, timeline: Timeline, loop: bool = False) -> None:
        """Show another timeline; with loop, the trail runs on across the wrap to 0."""
        self.timeline = timeline
        self.loop = loop
        self.frame = None
        self._shapes = AnimationShapes(timeline, self.library, loop)
        self._hands = ()
        self._base_key = self._current_key = None
        self._current_bounds = QRectF()
        self._base_drawn = None  # the caches hold the last timeline's guides
        self._current.invalidate()
        self.diagram.update()

    def set_speed(self, speed: float) -> None:
        self.speed = speed

    def show(self, t: float) -> Frame:
        """Move to t seconds of the timeline; repaint only what changed."""
        shapes = self._shapes
        if shapes is None:
            raise RuntimeError("no timeline to show")
        frame = shapes.timeline.state_at(t)
        old = self._hands
        self.frame = frame
        self._hands = shapes.hands(frame, self.speed)

        if frame.phase_index != self._base_key:
            self._base_key = frame.phase_index
            self.diagram.update()  # a new technique in a session: its guides change everywhere
        if frame.segment_index != self._current_key:
            self._current_key = frame.segment_index
            old_bounds = self._current_bounds
            self._current_bounds = shapes.current_guide_bounds(frame.segment_index)
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

    # ------------------------------------------------------------ painting

    def paint(self, painter: QPainter, diagram: BackDiagram) -> None:
        frame, shapes = self.frame, self._shapes
        if frame is None or shapes is None:
            return
        if not self._base.fresh(diagram) or self._base_drawn != frame.phase_index:
            self._base.reset(diagram)
            p = self._base.painter(diagram)
            p.setRenderHint(QPainter.RenderHint.TextAntialiasing, True)
            self._paint_base(p, shapes, frame.phase_index)
            p.end()
            self._base_drawn = frame.phase_index
        self._base.blit(painter)
        bounds = self._current_bounds  # worked out by show() when the segment changed
        if not bounds.isEmpty():
            margin = 4
            box = QRectF(diagram.transform().mapRect(bounds).toAlignedRect().adjusted(
                -margin, -margin, margin, margin).intersected(diagram.rect()))
            segment = frame.segment_index

            def draw_current(p: QPainter) -> None:
                p.setTransform(diagram.transform(), True)
                self._paint_current(p, shapes, segment)

            self._current.stamp(painter, diagram, segment, box, draw_current)
        for hand in self._hands:
            self._paint_trail(painter, hand)
        for hand in self._hands:
            self._paint_marker(painter, hand)

    def _paint_base(self, painter: QPainter, shapes: AnimationShapes, phase_index: int) -> None:
        d = self.diagram
        t = d.theme
        guides = shapes.phase_guides(phase_index)
        for guide in guides:
            for hand, path in enumerate(guide.paths):
                painter.setPen(d.frame_pen(t.color("demo", 0.38), GUIDE_WIDTH))
                painter.setBrush(Qt.BrushStyle.NoBrush)
                painter.drawPath(path)
                self._paint_taps(painter, guide.taps[hand], t.color("demo", 0.38), 0.006)
                base = guide.bases[hand]
                ex, ey, edx, edy = base.at(base.total)
                painter.setPen(Qt.PenStyle.NoPen)
                painter.setBrush(t.color("demo", 0.5))
                painter.drawPolygon(arrowhead(ex, ey, edx, edy, ARROW_LENGTH * 0.85, ARROW_HALF_WIDTH * 0.8))
        # Numbers last, so no path runs over them.
        for guide in guides:
            for base in guide.bases:
                sx, sy, sdx, sdy = base.at(0.0)
                at = (sx - sdx * NUMBER_HEIGHT * 0.9, sy - sdy * NUMBER_HEIGHT * 0.9)
                d.draw_text(painter, at, str(guide.number), NUMBER_HEIGHT, t.color("demo"), bold=True)

    @staticmethod
    def _paint_taps(painter: QPainter, taps: FloatArray, colour: QColor, radius: float) -> None:
        if len(taps) == 0:
            return
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(colour)
        for x, y in taps:
            painter.drawEllipse(QPointF(float(x), float(y)), radius, radius)

    def _paint_current(self, painter: QPainter, shapes: AnimationShapes, segment_index: int) -> None:
        d = self.diagram
        t = d.theme
        timeline = shapes.timeline
        seg = timeline.segments[segment_index]
        if not seg.working:
            for hand in range(timeline.hand_count):
                pts = timeline.segment_path(segment_index, hand)
                painter.setPen(d.frame_pen(t.color("glide"), CURRENT_GUIDE_WIDTH, Qt.PenStyle.DashLine))
                painter.setBrush(Qt.BrushStyle.NoBrush)
                painter.drawPolyline(polygon(pts[::4, 0], pts[::4, 1]) if len(pts) > 8
                                     else polygon(pts[:, 0], pts[:, 1]))
        guide = shapes.current_guide(segment_index)
        if guide is None:
            return
        # Quieter than the trail, which must stand out on top of it; the stroke to come, quieter still.
        strength = 0.7 if seg.working else 0.5
        for hand, path in enumerate(guide.paths):
            painter.setPen(d.frame_pen(t.color("demo", strength * 0.75), CURRENT_GUIDE_WIDTH))
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.drawPath(path)
            self._paint_taps(painter, guide.taps[hand], t.color("demo", strength), 0.008)
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
            painter.setPen(d.frame_pen(t.color("demo", strength), CURRENT_GUIDE_WIDTH * 1.3))
            painter.drawPath(chevrons)
            ex, ey, edx, edy = base.at(base.total)
            painter.setPen(d.frame_pen(t.color("label_halo"), 0.003))
            painter.setBrush(t.color("demo", strength))
            painter.drawPolygon(arrowhead(ex + edx * 0.01, ey + edy * 0.01, edx, edy,
                                          ARROW_LENGTH * 1.2, ARROW_HALF_WIDTH))

    def _paint_trail(self, painter: QPainter, hand: HandPaint) -> None:
        d = self.diagram
        t = d.theme
        painter.setBrush(Qt.BrushStyle.NoBrush)
        for run in hand.trail:
            if run.glide:
                pen = d.frame_pen(t.color("glide", run.alpha), run.width, Qt.PenStyle.DashLine)
            else:
                pen = d.frame_pen(t.color("demo", run.alpha), run.width)
                pen.setCapStyle(Qt.PenCapStyle.FlatCap)  # round caps would overlap into beads where runs meet
            painter.setPen(pen)
            painter.drawPolyline(run.polygon)

    def _paint_marker(self, painter: QPainter, hand: HandPaint) -> None:
        d = self.diagram
        t = d.theme
        halo = t.color("label_halo")
        colour = t.color("glide") if hand.style == "glide" else t.color("demo")
        ahead = hand.radius + ARROW_GAP + ARROW_LENGTH
        arrow_at = (hand.x + hand.dx * ahead, hand.y + hand.dy * ahead)
        arrow = arrowhead(*arrow_at, hand.dx, hand.dy, ARROW_LENGTH, ARROW_HALF_WIDTH)
        # A rim in the canvas colour first, so the arrow reads over zones and hatching.
        painter.setPen(d.frame_pen(halo, HALO_WIDTH))
        painter.setBrush(halo)
        painter.drawPolygon(arrow)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(colour)
        painter.drawPolygon(arrow)
        # The disc is the costly part to draw (an antialiased ring), so it is a sprite,
        # one per look and size in whole half-pixels.
        scale = d.scale()
        r_px = max(1.0, round(hand.radius * scale * 2) / 2)
        half = math.ceil(2 * (r_px + HALO_WIDTH * t.line_scale * scale + 2)) / 2
        style = hand.style

        def draw_disc(p: QPainter) -> None:
            p.scale(scale, scale)  # body-frame units, so frame_pen widths hold
            paint_disc(p, d, style, r_px / scale)

        self._discs.stamp(painter, d, (style, r_px), QRectF(-half, -half, 2 * half, 2 * half), draw_disc,
                          at=d.to_widget(hand.x, hand.y))


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
        painter.setBrush(t.color("glide", 0.35))
    else:  # lifted: hollow
        ring = 0.007
        painter.setPen(d.frame_pen(colour, ring))
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.drawEllipse(centre, radius - ring / 2, radius - ring / 2)
        return
    painter.drawEllipse(centre, radius, radius)
