"""Where samples lie on the body: in the spine zone, a caution zone, on the working area.

`ZoneIndex` keeps the body's zones with their bounding boxes, so that the
grader can place a whole recording at once and the live checks one sample
at a time, with the same polygon tests. `place` gives the details a
violation records about one point (its zone, its vertebra level).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Final

import numpy as np

from massage_trainer.core.body import Body, Zone, ZoneKind
from massage_trainer.core.geometry import BoolArray, FloatArray
from massage_trainer.core.violation import Place

__all__ = ["Places", "ZoneIndex"]

_CHUNK: Final = 8192  # points per polygon test, to bound the (points x vertices) temporaries


@dataclass(frozen=True)
class Places:
    """Where samples lie: in a no-work zone (the spine), a caution zone, on the working area."""

    in_spine: BoolArray
    in_caution: BoolArray
    on_area: BoolArray

    def part(self, rows: slice) -> Places:
        """The places of a slice of the samples."""
        return Places(self.in_spine[rows], self.in_caution[rows], self.on_area[rows])


class ZoneIndex:
    """The body's zones with their bounding boxes, to test many or single points quickly."""

    def __init__(self, body: Body) -> None:
        self.body = body
        self._no_work = [(z, z.region.bounds()) for z in body.zones_of_kind(ZoneKind.NO_WORK)]
        self._caution = [(z, z.region.bounds()) for z in body.zones_of_kind(ZoneKind.CAUTION)]

    @staticmethod
    def _in_zones(zones: list[tuple[Zone, tuple[float, float, float, float]]],
                  pts: FloatArray) -> BoolArray:
        inside = np.zeros(len(pts), dtype=bool)
        for zone, (x0, y0, x1, y1) in zones:
            # Only points in the bounding box need the polygon test.
            box = np.flatnonzero((pts[:, 0] >= x0) & (pts[:, 0] <= x1)
                                 & (pts[:, 1] >= y0) & (pts[:, 1] <= y1))
            for k in range(0, len(box), _CHUNK):
                part = box[k:k + _CHUNK]
                inside[part] |= zone.contains(pts[part])
        return inside

    def locate(self, x: FloatArray, y: FloatArray, where: BoolArray) -> Places:
        """Zone membership of the samples where `where` holds (elsewhere: no zone, on area)."""
        n = len(x)
        in_spine = np.zeros(n, dtype=bool)
        in_caution = np.zeros(n, dtype=bool)
        on_area = np.ones(n, dtype=bool)
        idx = np.flatnonzero(where)
        if len(idx):
            pts = np.column_stack((x[idx], y[idx]))
            in_spine[idx] = self._in_zones(self._no_work, pts)
            in_caution[idx] = self._in_zones(self._caution, pts)
            area = np.empty(len(idx), dtype=bool)
            for k in range(0, len(idx), _CHUNK):
                area[k:k + _CHUNK] = self.body.on_working_area(pts[k:k + _CHUNK])
            on_area[idx] = area
        return Places(in_spine, in_caution, on_area)

    def zone_at(self, kind: ZoneKind, x: float, y: float) -> Zone | None:
        """The first zone of this kind at the point, if any."""
        for zone in self.body.zones_of_kind(kind):
            if bool(zone.contains([(x, y)])[0]):
                return zone
        return None

    def level(self, y: float) -> str:
        """The id of the vertebra nearest to height y, the back's own scale ("T7")."""
        return self.body.nearest_vertebra(min(max(y, 0.0), 1.0)).id

    def place(self, x: float, y: float, kind: ZoneKind | None = None) -> Place:
        """What a violation records about a point: its zone (of `kind`, when the rule is
        about one; else the first zone there, as Body.describe names it) and its level."""
        if kind is not None:
            zone = self.zone_at(kind, x, y)
        else:
            zones = self.body.zones_at((x, y))
            zone = zones[0] if zones else None
        on_area = bool(self.body.on_working_area([(x, y)])[0])
        if zone is None:
            return Place(self.level(y), on_area)
        return Place(self.level(y), on_area, zone.id, zone.name)
