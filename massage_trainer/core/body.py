"""The back in the body frame: anatomy, landmarks and zones.

The data comes from assets/ (see massage_trainer.content); this module only
holds it and answers questions about it: which zones a point lies in, whether
it is on the working area, which vertebra is nearest.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from enum import StrEnum

import numpy as np

from massage_trainer.core.geometry import (
    BoolArray,
    FloatArray,
    Point,
    Polygon,
    Polyline,
    Region,
    as_points,
)


class ZoneKind(StrEnum):
    NO_WORK = "no-work"
    CAUTION = "caution"


@dataclass(frozen=True)
class Zone:
    id: str
    kind: ZoneKind
    name: str
    label: str  # the short label drawn on the diagram, e.g. "Spine — do not work"
    rule: int  # the general rule it comes from
    why: str  # why it matters, in a sentence or two
    region: Region
    # Where the diagram puts the label (outside the torso) and where its leader line ends.
    label_at: Point = (0.0, 0.0)
    leader_to: Point = (0.0, 0.0)

    def contains(self, points: Iterable[Sequence[float]] | FloatArray) -> BoolArray:
        return self.region.contains(points)


@dataclass(frozen=True)
class Landmark:
    id: str  # "C7", "T1", "L4", "acromion-left" ...
    name: str
    point: Point


@dataclass(frozen=True)
class Anatomy:
    """What the diagram draws. Only the outline takes part in any rule."""

    outline: Polygon  # the torso, seen from behind
    neck: Polygon
    waist_line: Polyline
    scapulae: tuple[Polygon, ...]
    scapular_spines: tuple[Polyline, ...]
    ribs: tuple[Polyline, ...]
    iliac_crests: tuple[Polyline, ...]


@dataclass(frozen=True)
class Body:
    anatomy: Anatomy
    vertebrae: tuple[Landmark, ...]  # top to bottom: C7, T1 ... T12, L1 ... L4
    landmarks: tuple[Landmark, ...]  # the other named points (shoulder tips ...)
    zones: tuple[Zone, ...]

    def zone(self, zone_id: str) -> Zone:
        for zone in self.zones:
            if zone.id == zone_id:
                return zone
        raise KeyError(zone_id)

    def zones_of_kind(self, kind: ZoneKind) -> tuple[Zone, ...]:
        return tuple(z for z in self.zones if z.kind == kind)

    def in_kind(self, kind: ZoneKind, points: Iterable[Sequence[float]] | FloatArray) -> BoolArray:
        """True where a point lies in any zone of this kind."""
        pts = as_points(points)
        inside = np.zeros(len(pts), dtype=bool)
        for zone in self.zones_of_kind(kind):
            inside |= zone.contains(pts)
        return inside

    def zones_at(self, point: Point) -> tuple[Zone, ...]:
        """Every zone a single point lies in (a point may lie in several)."""
        return tuple(z for z in self.zones if bool(z.contains([point])[0]))

    def on_working_area(self, points: Iterable[Sequence[float]] | FloatArray) -> BoolArray:
        """General rule 1: inside the torso outline, from the waist (y=0) up to C7 (y=1)."""
        pts = as_points(points)
        in_band = (pts[:, 1] >= 0.0) & (pts[:, 1] <= 1.0)
        result: BoolArray = in_band & self.anatomy.outline.contains(pts)
        return result

    def nearest_vertebra(self, y: float) -> Landmark:
        """The vertebra level nearest to height y, for messages like "at about T7"."""
        ys = np.array([v.point[1] for v in self.vertebrae])
        return self.vertebrae[int(np.argmin(np.abs(ys - y)))]

    def describe(self, point: Point) -> str:
        """A short place name for feedback: "on the spine at about T7", "left, at about L2"."""
        x, y = point
        level = self.nearest_vertebra(min(max(y, 0.0), 1.0)).id
        zones = self.zones_at(point)
        if zones:
            return f"on the {zones[0].name.lower()} at about {level}"
        if not bool(self.on_working_area([point])[0]):
            if y > 1.0:
                return "above C7, off the back"
            if y < 0.0:
                return "below the waist line"
            return "outside the torso outline"
        if abs(x) < 0.01:
            side = "on the midline"
        else:
            side = "patient's left" if x < 0 else "patient's right"
        return f"{side}, at about {level}"
