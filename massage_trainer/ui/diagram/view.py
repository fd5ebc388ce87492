"""The back diagram: the one widget that knows pixels.

Everything outside this module speaks the body frame (docs/body-frame.md).
The anatomy, zones and labels never change while the window keeps its size,
so they are painted once (ui/diagram/static.py) into a cached pixmap; a repaint
blits the part of the cache that is dirty and draws only what moves on top (a
hover highlight, an animation, a learner's ink) through `DiagramLayer`s. This
module holds the widget: the frame <-> pixel mapping, the layers, and input.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Final, Protocol

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
    QPaintEvent,
    QPen,
    QPixmap,
    QResizeEvent,
    QTabletEvent,
    QTransform,
    QWheelEvent,
)
from PySide6.QtWidgets import QSizePolicy, QWidget

from massage_trainer.core.body import Body, ZoneKind
from massage_trainer.core.geometry import Point
from massage_trainer.ui.diagram.static import Mark, StaticArt
from massage_trainer.ui.kit import theme as th

# The part of the body frame the widget shows: the back with room for labels.
VIEW = QRectF(-0.84, -0.24, 1.68, 1.50)  # x, y (bottom), width, height, in back lengths
WHEEL_STEP: Final = 120  # angle-delta units in one notch of a mouse wheel (Qt's convention)


class DiagramLayer(Protocol):
    """Something drawn over the static diagram (animation, ink, highlight)."""

    def paint(self, painter: QPainter, diagram: BackDiagram) -> None:
        """Paint with the painter already mapped to the body frame (y up)."""


class BackDiagram(QWidget):
    """The back, drawn from content in the body frame, keeping its proportions."""

    zoneHovered = Signal(object)  # tuple[str, ...]: ids of the zones under the pointer, () when none
    zoneFocused = Signal(object)  # str | None: the zone keyboard focus is on
    # Pointer input while input is enabled; positions in the body frame.
    # pressure is a float from a pen, or None from a mouse (the drill supplies it).
    pointerPressed = Signal(float, float, object)
    pointerMoved = Signal(float, float, object)
    pointerReleased = Signal(float, float, object)
    wheelTurned = Signal(int)  # whole notches turned (+ away from the user), while input is enabled
    clicked = Signal(float, float)  # a left click (not a drag) while input is off, in the body frame

    def __init__(self, body: Body, theme: th.Theme = th.LIGHT, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.body = body
        self._theme = theme
        self._show_landmarks = True
        self._show_zone_labels = True
        self._show_zones = True
        self._cache: QPixmap | None = None
        self._transform = QTransform()
        self._scale = 1.0
        self._art = StaticArt(body)
        self._zone_paths = self._art.zone_paths
        self._hovered: tuple[str, ...] = ()
        self._focus_index = -1
        self._layers: list[DiagramLayer] = []
        self._input_enabled = False
        self._pen_down = False
        self._press_at: QPointF | None = None
        self._wheel_rest = 0  # angle delta short of a whole notch, kept for the next event
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

    def set_zones_visible(self, visible: bool) -> None:
        """Draw the zones (their fills, hatching, edges, labels and hover highlights), or only the
        anatomy: a quiz that asks where a zone is hides them, so the back is read as it is."""
        self._show_zones = visible
        self._invalidate()

    def zones_visible(self) -> bool:
        return self._show_zones

    def add_layer(self, layer: DiagramLayer) -> None:
        self._layers.append(layer)
        self.update()

    def remove_layer(self, layer: DiagramLayer) -> None:
        if layer in self._layers:
            self._layers.remove(layer)
            self.update()

    def has_layer(self, layer: DiagramLayer) -> bool:
        return layer in self._layers

    def set_input_enabled(self, enabled: bool) -> None:
        """While enabled, pointer input is reported in the body frame (for drills)."""
        self._input_enabled = enabled
        self._wheel_rest = 0
        self.setCursor(Qt.CursorShape.CrossCursor if enabled else Qt.CursorShape.ArrowCursor)

    def input_enabled(self) -> bool:
        return self._input_enabled

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

    def zone_path(self, zone_id: str) -> QPainterPath:
        """A zone's outline in the body frame, as drawn."""
        return QPainterPath(self._zone_paths[zone_id])

    def drawn_marks(self) -> list[Mark]:
        """The labels and lines of the static art as last painted, in widget pixels (tests check
        that no label is crossed)."""
        return list(self._art.marks)

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

    def dirty_frame_rect(self, painter: QPainter) -> QRectF:
        """The body-frame box a layer's paint() has to fill: the painter's clip, or the whole view.

        The painter is the one paint() was given, mapped to the body frame, so its clip is too.
        """
        clip = painter.clipBoundingRect() if painter.hasClipping() else QRectF()
        return clip if not clip.isEmpty() else self._transform.inverted()[0].mapRect(QRectF(self.rect()))

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

    def text_path(self, at: Point, text: str, height_units: float,
                  align: Qt.AlignmentFlag = Qt.AlignmentFlag.AlignCenter, bold: bool = False) -> QPainterPath:
        """The outline of upright text at a body-frame point, in widget pixels (never under 9 px)."""
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
        return path

    def draw_text(self, painter: QPainter, at: Point, text: str, height_units: float,
                  color: QColor, align: Qt.AlignmentFlag = Qt.AlignmentFlag.AlignCenter,
                  bold: bool = False) -> QRectF:
        """Text at a body-frame point, upright, with a halo so it reads over hatching."""
        painter.save()
        painter.resetTransform()
        path = self.text_path(at, text, height_units, align, bold)
        size = max(9, round(height_units * self._scale))
        halo = QPen(self._theme.color("label_halo"), max(2.0, size * 0.22))
        halo.setJoinStyle(Qt.PenJoinStyle.RoundJoin)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        painter.strokePath(path, halo)
        painter.fillPath(path, color)
        painter.restore()
        return path.boundingRect()

    # --- geometry ----------------------------------------------------------

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
            self._cache = self._art.render(self, self._show_landmarks, self._show_zone_labels, self._show_zones)
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

    def _paint_highlights(self, p: QPainter) -> None:
        if not self._show_zones:
            return
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
            # It follows the zone's own edge (not a box around it), so it never covers a label.
            p.setPen(self.focus_ring_pen())
            p.setBrush(QBrush())
            p.drawPath(self._zone_paths[focused])

    def focus_ring_pen(self) -> QPen:
        ring = QPen(self.palette().highlight().color(), 3.0 / max(self._scale, 1e-6))
        ring.setStyle(Qt.PenStyle.DashLine)
        return ring

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
            # A touchpad sends many small deltas, a high-resolution wheel fractions of a notch:
            # they add up, and a notch is counted once a whole WHEEL_STEP has built up, either
            # way round (int() truncates towards zero, so -180 is one notch back, as +180 is one on).
            self._wheel_rest += event.angleDelta().y()
            steps = int(self._wheel_rest / WHEEL_STEP)
            if steps:
                self._wheel_rest -= steps * WHEEL_STEP
                self.wheelTurned.emit(steps)
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
