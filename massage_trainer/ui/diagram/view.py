"""The back diagram: the one widget that knows pixels.

Everything outside this module speaks the body frame (docs/body-frame.md).
The anatomy, zones and labels never change while the window keeps its size,
so they are painted once into a cached pixmap; a repaint blits the part of
the cache that is dirty and draws only what moves on top (a hover highlight,
an animation, a learner's ink) through `DiagramLayer`s.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from typing import Protocol

from PySide6.QtCore import QPointF, QRectF, QSize, Qt, Signal
from PySide6.QtGui import (
    QBrush,
    QColor,
    QFocusEvent,
    QFont,
    QKeyEvent,
    QMouseEvent,
    QPainter,
    QPainterPath,
    QPainterPathStroker,
    QPaintEvent,
    QPen,
    QPixmap,
    QPolygonF,
    QResizeEvent,
    QTabletEvent,
    QTransform,
    QWheelEvent,
)
from PySide6.QtWidgets import QSizePolicy, QWidget

from massage_trainer.core.body import Body, Zone, ZoneKind
from massage_trainer.core.geometry import Point
from massage_trainer.ui.kit import theme as th

# The part of the body frame the widget shows: the back with room for labels.
VIEW = QRectF(-0.84, -0.24, 1.68, 1.50)  # x, y (bottom), width, height, in back lengths


class DiagramLayer(Protocol):
    """Something drawn over the static diagram (animation, ink, highlight)."""

    def paint(self, painter: QPainter, diagram: BackDiagram) -> None:
        """Paint with the painter already mapped to the body frame (y up)."""


def polygon_path(points: Iterable[Sequence[float]], closed: bool = True) -> QPainterPath:
    path = QPainterPath()
    poly = QPolygonF([QPointF(float(x), float(y)) for x, y in points])
    if closed:
        path.addPolygon(poly)
        path.closeSubpath()
    else:
        path.addPolygon(poly)
    return path


def smooth_path(points: Sequence[Point], closed: bool) -> QPainterPath:
    """A Catmull–Rom curve through the points: anatomy looks drawn, not plotted."""
    pts = [QPointF(x, y) for x, y in points]
    n = len(pts)
    path = QPainterPath(pts[0])
    count = n if closed else n - 1
    for i in range(count):
        p0 = pts[(i - 1) % n] if closed or i > 0 else pts[0]
        p1 = pts[i]
        p2 = pts[(i + 1) % n]
        p3 = pts[(i + 2) % n] if closed or i + 2 < n else pts[-1]
        c1 = p1 + (p2 - p0) / 6.0
        c2 = p2 - (p3 - p1) / 6.0
        path.cubicTo(c1, c2, p2)
    if closed:
        path.closeSubpath()
    return path


def hatch_path(bounds: QRectF, spacing: float, directions: Sequence[int]) -> QPainterPath:
    """Parallel lines across bounds at ±45°, in body-frame units so they scale with the view."""
    path = QPainterPath()
    size = bounds.width() + bounds.height()
    steps = int(size / spacing) + 2
    for d in directions:
        for i in range(steps):
            offset = i * spacing
            if d > 0:
                start = QPointF(bounds.left() + offset - bounds.height(), bounds.top())
                end = QPointF(start.x() + bounds.height(), bounds.bottom())
            else:
                start = QPointF(bounds.left() + offset, bounds.top())
                end = QPointF(start.x() - bounds.height(), bounds.bottom())
            path.moveTo(start)
            path.lineTo(end)
    return path


class BackDiagram(QWidget):
    """The back, drawn from content in the body frame, keeping its proportions."""

    zoneHovered = Signal(object)  # tuple[str, ...]: ids of the zones under the pointer, () when none
    zoneFocused = Signal(object)  # str | None: the zone keyboard focus is on
    # Pointer input while input is enabled; positions in the body frame.
    # pressure is a float from a pen, or None from a mouse (the drill supplies it).
    pointerPressed = Signal(float, float, object)
    pointerMoved = Signal(float, float, object)
    pointerReleased = Signal(float, float, object)
    wheelTurned = Signal(int)  # +1 / -1 per notch, while input is enabled
    clicked = Signal(float, float)  # a left click (not a drag) while input is off, in the body frame

    def __init__(self, body: Body, theme: th.Theme = th.LIGHT, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.body = body
        self._theme = theme
        self._show_landmarks = True
        self._show_zone_labels = True
        self._cache: QPixmap | None = None
        self._transform = QTransform()
        self._scale = 1.0
        self._zone_paths = {z.id: self._region_path(z) for z in body.zones}
        self._hatches: dict[tuple[str, float], QPainterPath] = {}
        self._hovered: tuple[str, ...] = ()
        self._focus_index = -1
        self._layers: list[DiagramLayer] = []
        self._input_enabled = False
        self._pen_down = False
        self._press_at: QPointF | None = None
        self.setMouseTracking(True)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setMinimumSize(320, 360)
        self.setAccessibleName("Back diagram")
        self.setAccessibleDescription(
            "The back seen from behind. Tab moves between the zones; each one says why it matters."
        )

    # --- public API -------------------------------------------------------

    def sizeHint(self) -> QSize:
        return QSize(700, 800)

    def set_theme(self, theme: th.Theme) -> None:
        self._theme = theme
        self._invalidate()

    @property
    def theme(self) -> th.Theme:
        return self._theme

    def set_landmarks_visible(self, visible: bool) -> None:
        self._show_landmarks = visible
        self._invalidate()

    def landmarks_visible(self) -> bool:
        return self._show_landmarks

    def set_zone_labels_visible(self, visible: bool) -> None:
        self._show_zone_labels = visible
        self._invalidate()

    def add_layer(self, layer: DiagramLayer) -> None:
        self._layers.append(layer)
        self.update()

    def remove_layer(self, layer: DiagramLayer) -> None:
        if layer in self._layers:
            self._layers.remove(layer)
            self.update()

    def set_input_enabled(self, enabled: bool) -> None:
        """While enabled, pointer input is reported in the body frame (for drills)."""
        self._input_enabled = enabled
        self.setCursor(Qt.CursorShape.CrossCursor if enabled else Qt.CursorShape.ArrowCursor)

    def hovered_zones(self) -> tuple[str, ...]:
        return self._hovered

    def focused_zone(self) -> str | None:
        zones = self.body.zones
        return zones[self._focus_index].id if 0 <= self._focus_index < len(zones) else None

    def focus_zone(self, zone_id: str | None) -> None:
        ids = [z.id for z in self.body.zones]
        old = self.focused_zone()
        self._focus_index = ids.index(zone_id) if zone_id in ids else -1
        self._update_zones([old, zone_id])
        self.zoneFocused.emit(zone_id)

    def painted(self) -> bool:
        """Whether the static diagram has been drawn at the current size."""
        return self._cache is not None

    def scale(self) -> float:
        """Pixels per back length."""
        return self._scale

    def transform(self) -> QTransform:
        """Body frame -> widget pixels (y flipped: the head is at the top)."""
        return self._transform

    def to_widget(self, x: float, y: float) -> QPointF:
        return self._transform.map(QPointF(x, y))

    def to_frame(self, pos: QPointF) -> Point:
        inverse, _ok = self._transform.inverted()
        p = inverse.map(pos)
        return (p.x(), p.y())

    def update_frame_rect(self, x0: float, y0: float, x1: float, y1: float, margin_px: float = 4) -> None:
        """Repaint only the widget area over this body-frame box."""
        rect = self._transform.mapRect(QRectF(QPointF(x0, y0), QPointF(x1, y1)).normalized())
        self.update(rect.adjusted(-margin_px, -margin_px, margin_px, margin_px).toAlignedRect())

    def frame_pen(self, color: QColor, width_units: float, style: Qt.PenStyle = Qt.PenStyle.SolidLine) -> QPen:
        """A pen whose width is in back lengths, for painting in the body frame."""
        pen = QPen(color, width_units * self._theme.line_scale)
        pen.setStyle(style)
        pen.setCapStyle(Qt.PenCapStyle.RoundCap)
        pen.setJoinStyle(Qt.PenJoinStyle.RoundJoin)
        return pen

    def draw_text(self, painter: QPainter, at: Point, text: str, height_units: float,
                  color: QColor, align: Qt.AlignmentFlag = Qt.AlignmentFlag.AlignCenter,
                  bold: bool = False) -> QRectF:
        """Text at a body-frame point, upright, with a halo so it reads over hatching."""
        painter.save()
        painter.resetTransform()
        font = QFont(self.font())
        font.setPixelSize(max(9, round(height_units * self._scale)))
        font.setBold(bold)
        path = QPainterPath()
        path.addText(0, 0, font, text)
        box = path.boundingRect()
        anchor = self.to_widget(*at)
        dx = -box.left()
        if align & Qt.AlignmentFlag.AlignHCenter:
            dx -= box.width() / 2
        elif align & Qt.AlignmentFlag.AlignRight:
            dx -= box.width()
        dy = -box.top() - box.height() / 2
        path.translate(anchor.x() + dx, anchor.y() + dy)
        halo = QPen(self._theme.color("label_halo"), max(2.0, font.pixelSize() * 0.22))
        halo.setJoinStyle(Qt.PenJoinStyle.RoundJoin)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        painter.strokePath(path, halo)
        painter.fillPath(path, color)
        painter.restore()
        return path.boundingRect()

    # --- geometry ----------------------------------------------------------

    def _region_path(self, zone: Zone) -> QPainterPath:
        path = QPainterPath()
        for polygon in zone.region.polygons:
            path.addPath(smooth_path(polygon.points, closed=True) if zone.kind == ZoneKind.CAUTION
                         else polygon_path(polygon.points))
        return path

    def _hatch(self, zone: Zone) -> QPainterPath:
        """The zone's hatch lines as a filled area clipped to the zone, in the body frame.

        Clipping while painting is slow in the raster engine (about a second per
        full render), so the clipped geometry is built once and only filled after.
        """
        key = (zone.id, self._theme.line_scale)
        cached = self._hatches.get(key)
        if cached is None:
            region = self._zone_paths[zone.id]
            directions = (1, -1) if zone.kind == ZoneKind.NO_WORK else (1,)
            stroker = QPainterPathStroker()
            stroker.setWidth(th.HATCH_WIDTH * self._theme.line_scale)
            stroker.setCapStyle(Qt.PenCapStyle.FlatCap)
            lines = stroker.createStroke(hatch_path(region.boundingRect(), th.HATCH_SPACING, directions))
            cached = lines.intersected(region)
            self._hatches[key] = cached
        return cached

    def _update_transform(self) -> None:
        w, h = max(1, self.width()), max(1, self.height())
        s = min(w / VIEW.width(), h / VIEW.height())
        self._scale = s
        ox = (w - VIEW.width() * s) / 2 - VIEW.left() * s
        oy = (h - VIEW.height() * s) / 2 + (VIEW.top() + VIEW.height()) * s
        self._transform = QTransform(s, 0, 0, -s, ox, oy)

    def _invalidate(self) -> None:
        self._cache = None
        self.update()

    # --- painting ----------------------------------------------------------

    def resizeEvent(self, event: QResizeEvent) -> None:
        self._update_transform()
        self._cache = None
        super().resizeEvent(event)

    def paintEvent(self, event: QPaintEvent) -> None:
        if self._cache is None:
            self._cache = self._render_static()
        painter = QPainter(self)
        painter.setClipRect(event.rect())
        painter.drawPixmap(0, 0, self._cache)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        painter.setTransform(self._transform)
        self._paint_highlights(painter)
        for layer in list(self._layers):
            painter.save()
            layer.paint(painter, self)
            painter.restore()
        painter.end()

    def _render_static(self) -> QPixmap:
        dpr = self.devicePixelRatioF()
        pix = QPixmap(QSize(math.ceil(self.width() * dpr), math.ceil(self.height() * dpr)))
        pix.setDevicePixelRatio(dpr)
        pix.fill(self._theme.color("canvas"))
        painter = QPainter(pix)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        painter.setRenderHint(QPainter.RenderHint.TextAntialiasing, True)
        painter.setTransform(self._transform)
        self._paint_anatomy(painter)
        self._paint_zones(painter)
        self._paint_vertebrae(painter)
        if self._show_landmarks:
            self._paint_landmarks(painter)
        if self._show_zone_labels:
            self._paint_zone_labels(painter)
        self._paint_orientation(painter)
        painter.end()
        return pix

    def _paint_anatomy(self, p: QPainter) -> None:
        t = self._theme
        a = self.body.anatomy
        edge = self.frame_pen(t.color("skin_edge"), th.OUTLINE_WIDTH)
        line = self.frame_pen(t.color("anatomy_line"), th.ANATOMY_WIDTH)
        p.setPen(edge)
        p.setBrush(t.color("skin"))
        p.drawPath(smooth_path(a.neck.points, closed=False))
        p.drawPath(smooth_path(a.outline.points, closed=True))
        # The scapulae: a shade darker than skin, so the shoulder blades read as bone under skin.
        p.setPen(line)
        p.setBrush(t.color("skin").darker(108))
        for scapula in a.scapulae:
            p.drawPath(smooth_path(scapula.points, closed=True))
        p.setBrush(Qt.BrushStyle.NoBrush)
        for spine in a.scapular_spines:
            p.drawPath(smooth_path(spine.points, closed=False))
        for rib in a.ribs:
            p.drawPath(smooth_path(rib.points, closed=False))
        crest = self.frame_pen(t.color("anatomy_line"), th.ANATOMY_WIDTH * 1.3)
        p.setPen(crest)
        for c in a.iliac_crests:
            p.drawPath(smooth_path(c.points, closed=False))
        waist = self.frame_pen(t.color("skin_edge"), th.ANATOMY_WIDTH, Qt.PenStyle.DashLine)
        p.setPen(waist)
        p.drawPath(polygon_path(a.waist_line.points, closed=False))

    def _paint_vertebrae(self, p: QPainter) -> None:
        # Small bony blocks down the midline, drawn over the spine zone so they stay visible.
        t = self._theme
        p.setPen(self.frame_pen(t.color("bone_edge"), th.ANATOMY_WIDTH * 0.8))
        p.setBrush(t.color("bone"))
        for v in self.body.vertebrae:
            _x, y = v.point
            w = 0.030 if v.id.startswith("L") else 0.024
            p.drawRoundedRect(QRectF(-w / 2, y - 0.012, w, 0.024), 0.006, 0.006)

    def _paint_zones(self, p: QPainter) -> None:
        t = self._theme
        for zone in self.body.zones:
            path = self._zone_paths[zone.id]
            colour_name = "no_work" if zone.kind == ZoneKind.NO_WORK else "caution"
            p.setPen(Qt.PenStyle.NoPen)
            p.setBrush(t.color(colour_name, t.zone_alpha))
            p.drawPath(path)
            # Second cue: cross-hatch for no-work, single diagonal hatch for caution.
            p.setBrush(t.color(colour_name).lighter(t.hatch_shade))
            p.drawPath(self._hatch(zone))
            style = Qt.PenStyle.SolidLine if zone.kind == ZoneKind.NO_WORK else Qt.PenStyle.DashLine
            p.setPen(self.frame_pen(t.color(colour_name).darker(115), th.ZONE_EDGE_WIDTH, style))
            p.setBrush(Qt.BrushStyle.NoBrush)
            p.drawPath(path)

    def _paint_zone_labels(self, p: QPainter) -> None:
        t = self._theme
        seen: set[tuple[float, float]] = set()
        for zone in self.body.zones:
            colour_name = "no_work" if zone.kind == ZoneKind.NO_WORK else "caution"
            lx, ly = zone.label_at
            tx, ty = zone.leader_to
            p.setPen(self.frame_pen(t.color("text"), 0.0025))
            toward = -1 if lx > tx else 1  # the leader leaves the label on the side facing the zone
            p.drawLine(QPointF(lx + toward * 0.005, ly), QPointF(tx, ty))
            p.setBrush(t.color(colour_name))
            p.setPen(Qt.PenStyle.NoPen)
            p.drawEllipse(QPointF(tx, ty), 0.008, 0.008)
            if (lx, ly) in seen:
                continue
            seen.add((lx, ly))
            align = Qt.AlignmentFlag.AlignRight if lx < tx else Qt.AlignmentFlag.AlignLeft
            # "Heart area — caution" becomes two short lines, so labels fit beside the torso.
            lines = [part.strip() for part in zone.label.split("—")]
            size = 0.030
            top = ly + (len(lines) - 1) * size * 0.6
            for i, line in enumerate(lines):
                self.draw_text(p, (lx, top - i * size * 1.2), line, size, t.color("text"), align,
                               bold=(i == 0))

    def _paint_landmarks(self, p: QPainter) -> None:
        t = self._theme
        for v in self.body.vertebrae:
            _x, y = v.point
            self.draw_text(p, (0.058, y), v.id, 0.022, t.color("muted"), Qt.AlignmentFlag.AlignLeft)
        for lm in self.body.landmarks:
            p.setPen(self.frame_pen(t.color("skin_edge"), 0.002))
            p.setBrush(t.color("bone"))
            p.drawEllipse(QPointF(*lm.point), 0.007, 0.007)
        self.draw_text(p, (0.0, -0.035), "waist line (L4)", 0.022, t.color("muted"))

    def _paint_orientation(self, p: QPainter) -> None:
        t = self._theme
        # The view is from behind, so the patient's left is on the viewer's left.
        self.draw_text(p, (-0.55, 1.10), "L", 0.055, t.color("text"), bold=True)
        self.draw_text(p, (0.55, 1.10), "R", 0.055, t.color("text"), bold=True)
        self.draw_text(p, (-0.82, -0.21), "View from behind; L = patient's left", 0.022,
                       t.color("muted"), Qt.AlignmentFlag.AlignLeft)

    def _paint_highlights(self, p: QPainter) -> None:
        t = self._theme
        focused = self.focused_zone() if self.hasFocus() else None
        for zone_id in set(self._hovered) | ({focused} if focused else set()):
            zone = self.body.zone(zone_id)
            colour_name = "no_work" if zone.kind == ZoneKind.NO_WORK else "caution"
            path = self._zone_paths[zone_id]
            p.setPen(Qt.PenStyle.NoPen)
            p.setBrush(t.color(colour_name, 0.25))
            p.drawPath(path)
            p.setPen(self.frame_pen(t.color(colour_name).darker(130), th.ZONE_EDGE_WIDTH * 2.0))
            p.setBrush(Qt.BrushStyle.NoBrush)
            p.drawPath(path)
        if focused:
            # A focus ring of at least 2 px in the platform highlight colour.
            ring = QPen(self.palette().highlight().color(), 3.0 / max(self._scale, 1e-6))
            ring.setStyle(Qt.PenStyle.DashLine)
            p.setPen(ring)
            p.setBrush(QBrush())
            rect = self._zone_paths[focused].boundingRect()
            pad = 6.0 / max(self._scale, 1e-6)
            p.drawRoundedRect(rect.adjusted(-pad, -pad, pad, pad), pad, pad)

    def _update_zones(self, zone_ids: Iterable[str | None]) -> None:
        for zone_id in zone_ids:
            if zone_id:
                r = self._zone_paths[zone_id].boundingRect()
                self.update_frame_rect(r.left(), r.top(), r.right(), r.bottom(), margin_px=12)

    # --- input ---------------------------------------------------------------

    def _set_hovered(self, zones: tuple[str, ...]) -> None:
        if zones != self._hovered:
            old = self._hovered
            self._hovered = zones
            self._update_zones([*old, *zones])
            self.zoneHovered.emit(zones)

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        x, y = self.to_frame(event.position())
        if self._input_enabled:
            if event.buttons() & Qt.MouseButton.LeftButton:
                self.pointerMoved.emit(x, y, None)
            return
        self._set_hovered(tuple(z.id for z in self.body.zones_at((x, y))))

    def mousePressEvent(self, event: QMouseEvent) -> None:
        if self._input_enabled and event.button() == Qt.MouseButton.LeftButton:
            self.pointerPressed.emit(*self.to_frame(event.position()), None)
            return
        self._press_at = event.position() if event.button() == Qt.MouseButton.LeftButton else None
        super().mousePressEvent(event)

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        if self._input_enabled and event.button() == Qt.MouseButton.LeftButton:
            self.pointerReleased.emit(*self.to_frame(event.position()), None)
            return
        press, self._press_at = self._press_at, None
        if press is not None and event.button() == Qt.MouseButton.LeftButton:
            moved = event.position() - press
            if abs(moved.x()) + abs(moved.y()) <= 6:  # a click, not a drag
                self.clicked.emit(*self.to_frame(event.position()))
        super().mouseReleaseEvent(event)

    def tabletEvent(self, event: QTabletEvent) -> None:
        if not self._input_enabled:
            event.ignore()  # Qt then delivers the synthesised mouse event (hover)
            return
        x, y = self.to_frame(event.position())
        pressure = float(event.pressure())
        kind = event.type()
        if kind == QTabletEvent.Type.TabletPress:
            self._pen_down = True
            self.pointerPressed.emit(x, y, pressure)
        elif kind == QTabletEvent.Type.TabletMove and self._pen_down:
            self.pointerMoved.emit(x, y, pressure)
        elif kind == QTabletEvent.Type.TabletRelease:
            self._pen_down = False
            self.pointerReleased.emit(x, y, pressure)
        event.accept()

    def wheelEvent(self, event: QWheelEvent) -> None:
        if self._input_enabled:
            steps = event.angleDelta().y() // 120 or (1 if event.angleDelta().y() > 0 else -1)
            if event.angleDelta().y() != 0:
                self.wheelTurned.emit(int(steps))
            event.accept()
            return
        super().wheelEvent(event)

    def leaveEvent(self, event: object) -> None:
        self._set_hovered(())

    def focusNextPrevChild(self, next: bool) -> bool:
        # Tab walks through the zones before leaving the diagram, so every zone
        # can be reached and explained from the keyboard.
        if self.hasFocus():
            step = 1 if next else -1
            index = self._focus_index + step
            if 0 <= index < len(self.body.zones):
                self.focus_zone(self.body.zones[index].id)
                return True
            self.focus_zone(None)
        return super().focusNextPrevChild(next)

    def focusInEvent(self, event: QFocusEvent) -> None:
        super().focusInEvent(event)
        if self._focus_index < 0 and self.body.zones and event.reason() in (
            Qt.FocusReason.TabFocusReason, Qt.FocusReason.BacktabFocusReason
        ):
            first = 0 if event.reason() == Qt.FocusReason.TabFocusReason else len(self.body.zones) - 1
            self.focus_zone(self.body.zones[first].id)
        self.update()

    def focusOutEvent(self, event: QFocusEvent) -> None:
        super().focusOutEvent(event)
        self.update()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        key = event.key()
        if key in (Qt.Key.Key_Down, Qt.Key.Key_Right, Qt.Key.Key_Up, Qt.Key.Key_Left):
            n = len(self.body.zones)
            step = 1 if key in (Qt.Key.Key_Down, Qt.Key.Key_Right) else -1
            self.focus_zone(self.body.zones[(self._focus_index + step) % n].id)
            return
        if key == Qt.Key.Key_Escape and self._focus_index >= 0:
            self.focus_zone(None)
            return
        super().keyPressEvent(event)
