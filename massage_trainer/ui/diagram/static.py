"""The parts of the back diagram that never move: anatomy, zones, vertebrae, labels.

`StaticArt` paints them in the body frame into one pixmap, which `BackDiagram`
keeps until its size or theme changes (docs/visual-language.md gives the styles).
The zone outlines and their clipped hatching are built once, as paths.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import TYPE_CHECKING

from PySide6.QtCore import QPointF, QRectF, QSize, Qt
from PySide6.QtGui import QPainter, QPainterPath, QPainterPathStroker, QPixmap

from massage_trainer.core.body import Body, Zone, ZoneKind
from massage_trainer.ui.diagram.paths import hatch_path, polygon_path, smooth_path
from massage_trainer.ui.kit import theme as th

VERTEBRA_TEXT = 0.021  # the height of a vertebra's name, in back lengths (never under 9 px)

if TYPE_CHECKING:  # the widget draws with this art; the art only calls its pen and text helpers
    from massage_trainer.ui.diagram.view import BackDiagram


@dataclass(frozen=True)
class Mark:
    """Something the last render drew, in widget pixels, for the label-collision test: a label's
    box (`kind` "label") or a line's stroked outline ("line"). A zone label's leader line is
    `owner`'d by its label, which may touch it."""

    kind: str
    name: str
    shape: QPainterPath
    owner: str = ""


class StaticArt:
    """The static diagram of one body, painted on request at the diagram's size and theme."""

    def __init__(self, body: Body) -> None:
        self.body = body
        self.zone_paths = {z.id: self._region_path(z) for z in body.zones}
        self._hatches: dict[tuple[str, float], QPainterPath] = {}
        self.marks: list[Mark] = []  # what the last render drew (see Mark)

    @staticmethod
    def _region_path(zone: Zone) -> QPainterPath:
        path = QPainterPath()
        for polygon in zone.region.polygons:
            path.addPath(smooth_path(polygon.points, closed=True) if zone.kind == ZoneKind.CAUTION
                         else polygon_path(polygon.points))
        return path

    def _hatch(self, zone: Zone, theme: th.Theme) -> QPainterPath:
        """The zone's hatch lines as a filled area clipped to the zone, in the body frame.

        Clipping while painting is slow in the raster engine (about a second per
        full render), so the clipped geometry is built once and only filled after.
        """
        key = (zone.id, theme.line_scale)
        cached = self._hatches.get(key)
        if cached is None:
            region = self.zone_paths[zone.id]
            directions = (1, -1) if zone.kind == ZoneKind.NO_WORK else (1,)
            stroker = QPainterPathStroker()
            stroker.setWidth(th.HATCH_WIDTH * theme.line_scale)
            stroker.setCapStyle(Qt.PenCapStyle.FlatCap)
            lines = stroker.createStroke(hatch_path(region.boundingRect(), th.HATCH_SPACING, directions))
            cached = lines.intersected(region)
            self._hatches[key] = cached
        return cached

    def render(self, d: BackDiagram, landmarks: bool, zone_labels: bool, zones: bool = True) -> QPixmap:
        dpr = d.devicePixelRatioF()
        pix = QPixmap(QSize(math.ceil(d.width() * dpr), math.ceil(d.height() * dpr)))
        pix.setDevicePixelRatio(dpr)
        pix.fill(d.theme.color("canvas"))
        painter = QPainter(pix)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        painter.setRenderHint(QPainter.RenderHint.TextAntialiasing, True)
        painter.setTransform(d.transform())
        self.marks = []
        self._paint_anatomy(painter, d)
        if zones:
            self._paint_zones(painter, d)
        self._paint_vertebrae(painter, d, labelled=landmarks)
        if landmarks:
            self._paint_landmarks(painter, d)
        if zone_labels and zones:
            self._paint_zone_labels(painter, d)
        self._paint_orientation(painter, d)
        painter.end()
        return pix

    def _paint_anatomy(self, p: QPainter, d: BackDiagram) -> None:
        t = d.theme
        a = self.body.anatomy
        edge = d.frame_pen(t.color("skin_edge"), th.OUTLINE_WIDTH)
        line = d.frame_pen(t.color("anatomy_line"), th.ANATOMY_WIDTH)
        p.setPen(edge)
        p.setBrush(t.color("skin"))
        p.drawPath(smooth_path(a.neck.points, closed=False))
        p.drawPath(smooth_path(a.outline.points, closed=True))
        # The scapulae: a shade darker than skin, so the shoulder blades read as bone under skin.
        p.setPen(line)
        p.setBrush(t.color("skin").darker(108))
        for i, scapula in enumerate(a.scapulae):
            self._line(d, f"scapula {i}", self._drawn(p, smooth_path(scapula.points, closed=True)), th.ANATOMY_WIDTH)
        p.setBrush(Qt.BrushStyle.NoBrush)
        for i, spine in enumerate(a.scapular_spines):
            self._line(d, f"scapular spine {i}", self._drawn(p, smooth_path(spine.points, closed=False)),
                       th.ANATOMY_WIDTH)
        for i, rib in enumerate(a.ribs):
            self._line(d, f"rib {i}", self._drawn(p, smooth_path(rib.points, closed=False)), th.ANATOMY_WIDTH)
        crest = d.frame_pen(t.color("anatomy_line"), th.ANATOMY_WIDTH * 1.3)
        p.setPen(crest)
        for i, c in enumerate(a.iliac_crests):
            self._line(d, f"iliac crest {i}", self._drawn(p, smooth_path(c.points, closed=False)),
                       th.ANATOMY_WIDTH * 1.3)
        # The waist line stops at the spine's edges: the L4 vertebra and its label sit on it.
        waist = d.frame_pen(t.color("skin_edge"), th.ANATOMY_WIDTH, Qt.PenStyle.DashLine)
        p.setPen(waist)
        (x0, y), (x1, _y) = a.waist_line.points[0], a.waist_line.points[-1]
        spine_half = self.zone_paths["spine"].boundingRect().right() if "spine" in self.zone_paths else 0.0
        for i, (a0, a1) in enumerate(((x0, -spine_half), (spine_half, x1))):
            self._line(d, f"waist line {i}", self._drawn(p, polygon_path([(a0, y), (a1, y)], closed=False)),
                       th.ANATOMY_WIDTH)

    def _paint_vertebrae(self, p: QPainter, d: BackDiagram, labelled: bool) -> None:
        """Small bony blocks down the midline, drawn over the spine zone so they stay visible.

        With the landmarks shown, each block grows to hold its name (C7, T1 ... L4): inside the
        spine strip the name is clear of the ribs, the waist line, the kidneys and any focus ring.
        """
        t = d.theme
        edge = d.frame_pen(t.color("bone_edge"), th.ANATOMY_WIDTH * 0.8)
        for v in self.body.vertebrae:
            _x, y = v.point
            p.setPen(edge)
            p.setBrush(t.color("bone"))
            if not labelled:
                w = 0.030 if v.id.startswith("L") else 0.024
                p.drawRoundedRect(QRectF(-w / 2, y - 0.012, w, 0.024), 0.006, 0.006)
                continue
            text = d.text_path((0.0, y), v.id, VERTEBRA_TEXT, Qt.AlignmentFlag.AlignCenter)
            pad = max(2.0, 0.006 * d.scale())
            box = text.boundingRect().adjusted(-pad, -pad * 0.7, pad, pad * 0.7)
            p.save()
            p.resetTransform()
            p.drawRoundedRect(box, pad, pad)
            p.fillPath(text, t.color("text"))
            p.restore()
            self.marks.append(Mark("label", v.id, _box(box)))

    def _paint_zones(self, p: QPainter, d: BackDiagram) -> None:
        t = d.theme
        for zone in self.body.zones:
            path = self.zone_paths[zone.id]
            colour_name = "no_work" if zone.kind == ZoneKind.NO_WORK else "caution"
            p.setPen(Qt.PenStyle.NoPen)
            p.setBrush(t.color(colour_name, t.zone_alpha))
            p.drawPath(path)
            # Second cue: cross-hatch for no-work, single diagonal hatch for caution.
            p.setBrush(t.color(colour_name).lighter(t.hatch_shade))
            p.drawPath(self._hatch(zone, d.theme))
            style = Qt.PenStyle.SolidLine if zone.kind == ZoneKind.NO_WORK else Qt.PenStyle.DashLine
            p.setPen(d.frame_pen(t.color(colour_name).darker(115), th.ZONE_EDGE_WIDTH, style))
            p.setBrush(Qt.BrushStyle.NoBrush)
            p.drawPath(path)
            self._line(d, f"edge of {zone.id}", path, th.ZONE_EDGE_WIDTH)

    def _paint_zone_labels(self, p: QPainter, d: BackDiagram) -> None:
        t = d.theme
        seen: set[tuple[float, float]] = set()
        for zone in self.body.zones:
            colour_name = "no_work" if zone.kind == ZoneKind.NO_WORK else "caution"
            lx, ly = zone.label_at
            tx, ty = zone.leader_to
            p.setPen(d.frame_pen(t.color("text"), 0.0025))
            toward = -1 if lx > tx else 1  # the leader leaves the label on the side facing the zone
            leader = QPainterPath(QPointF(lx + toward * 0.005, ly))
            leader.lineTo(QPointF(tx, ty))
            p.drawPath(leader)
            self._line(d, f"leader of {zone.id}", leader, 0.0025, owner=f"label {lx} {ly}")
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
                box = d.draw_text(p, (lx, top - i * size * 1.2), line, size, t.color("text"), align,
                                  bold=(i == 0))
                self.marks.append(Mark("label", f"label {lx} {ly}", _box(box)))

    def _paint_landmarks(self, p: QPainter, d: BackDiagram) -> None:
        t = d.theme
        for lm in self.body.landmarks:
            p.setPen(d.frame_pen(t.color("skin_edge"), 0.002))
            p.setBrush(t.color("bone"))
            p.drawEllipse(QPointF(*lm.point), 0.007, 0.007)
        # Above the line's left end: clear of the spine, the iliac crests and the kidney.
        (x0, y), _end = self.body.anatomy.waist_line.points[0], self.body.anatomy.waist_line.points[-1]
        box = d.draw_text(p, (x0 + 0.035, y + 0.03), "waist line (L4)", 0.022, t.color("muted"),
                          Qt.AlignmentFlag.AlignLeft)
        self.marks.append(Mark("label", "waist line", _box(box)))

    def _paint_orientation(self, p: QPainter, d: BackDiagram) -> None:
        t = d.theme
        # The view is from behind, so the patient's left is on the viewer's left.
        for name, at, text, size, align in (
                ("L", (-0.55, 1.10), "L", 0.055, Qt.AlignmentFlag.AlignCenter),
                ("R", (0.55, 1.10), "R", 0.055, Qt.AlignmentFlag.AlignCenter),
                ("view", (-0.82, -0.21), "View from behind; L = patient's left", 0.022, Qt.AlignmentFlag.AlignLeft)):
            box = d.draw_text(p, at, text, size, t.color("muted" if name == "view" else "text"), align,
                              bold=name != "view")
            self.marks.append(Mark("label", name, _box(box)))

    def _drawn(self, p: QPainter, path: QPainterPath) -> QPainterPath:
        p.drawPath(path)
        return path

    def _line(self, d: BackDiagram, name: str, path: QPainterPath, width_units: float, owner: str = "") -> None:
        """Keep a drawn line's outline in widget pixels (for the collision test)."""
        stroker = QPainterPathStroker()
        stroker.setWidth(max(1.0, width_units * d.scale() * d.theme.line_scale))
        self.marks.append(Mark("line", name, stroker.createStroke(d.transform().map(path)), owner))


def _box(rect: QRectF) -> QPainterPath:
    path = QPainterPath()
    path.addRect(rect)
    return path
