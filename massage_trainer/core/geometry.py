"""Points, polylines and polygons in the body frame (see docs/body-frame.md).

Everything here works on numpy arrays of shape (N, 2) so that a whole drill
recording can be tested against a zone in one call.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

import numpy as np
import numpy.typing as npt

Point = tuple[float, float]
FloatArray = npt.NDArray[np.float64]
BoolArray = npt.NDArray[np.bool_]


def as_points(points: Iterable[Sequence[float]] | FloatArray) -> FloatArray:
    """Return points as a float array of shape (N, 2)."""
    arr = np.asarray(points, dtype=np.float64)
    if arr.ndim == 1 and arr.shape[0] == 2:
        arr = arr.reshape(1, 2)
    if arr.ndim != 2 or arr.shape[1] != 2:
        raise ValueError(f"expected points of shape (N, 2), got {arr.shape}")
    return arr


@dataclass(frozen=True)
class Polyline:
    """An open chain of points, such as a rib or the waist line."""

    points: tuple[Point, ...]

    def array(self) -> FloatArray:
        return as_points(self.points)


@dataclass(frozen=True)
class Polygon:
    """A simple closed polygon; the last point joins the first."""

    points: tuple[Point, ...]
    _array: FloatArray = field(init=False, repr=False, compare=False)
    _edges: tuple[FloatArray, FloatArray, FloatArray, FloatArray] = field(init=False, repr=False, compare=False)
    _bounds: tuple[float, float, float, float] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        if len(self.points) < 3:
            raise ValueError("a polygon needs at least three points")
        a = as_points(self.points)
        object.__setattr__(self, "_array", a)
        # Edge end points as row vectors, ready to broadcast against many points.
        x1, y1 = a[:, 0], a[:, 1]
        x2, y2 = np.roll(x1, -1), np.roll(y1, -1)
        object.__setattr__(self, "_edges", (x1[None, :], y1[None, :], x2[None, :], y2[None, :]))
        object.__setattr__(self, "_bounds", (float(x1.min()), float(y1.min()), float(x1.max()), float(y1.max())))

    def array(self) -> FloatArray:
        return self._array

    def bounds(self) -> tuple[float, float, float, float]:
        """(min x, min y, max x, max y)."""
        return self._bounds

    def contains(self, points: Iterable[Sequence[float]] | FloatArray) -> BoolArray:
        """Even-odd test for many points at once; points on an edge may go either way."""
        pts = as_points(points)
        x0, y0, x1b, y1b = self._bounds
        # Only points inside the bounding box need the edge test: for a small zone
        # that is a fraction of a drill's samples.
        result: BoolArray = np.zeros(len(pts), dtype=bool)
        candidates = (pts[:, 0] >= x0) & (pts[:, 0] <= x1b) & (pts[:, 1] >= y0) & (pts[:, 1] <= y1b)
        if not candidates.any():
            return result
        inner = pts[candidates]
        result[candidates] = self._crossings_odd(inner)
        return result

    def _crossings_odd(self, pts: FloatArray) -> BoolArray:
        px = pts[:, 0][:, None]
        py = pts[:, 1][:, None]
        x1, y1, x2, y2 = self._edges
        straddles = (y1 > py) != (y2 > py)
        with np.errstate(divide="ignore", invalid="ignore"):
            x_cross = x1 + (py - y1) * (x2 - x1) / (y2 - y1)
        crossings = straddles & (px < x_cross)
        odd: BoolArray = (np.count_nonzero(crossings, axis=1) % 2) == 1
        return odd

    def distance(self, points: Iterable[Sequence[float]] | FloatArray) -> FloatArray:
        """Each point's distance to the polygon: 0 inside it, else to its nearest edge."""
        pts = as_points(points)
        px, py = pts[:, 0][:, None], pts[:, 1][:, None]
        x1, y1, x2, y2 = self._edges
        dx, dy = x2 - x1, y2 - y1
        length2 = dx * dx + dy * dy
        with np.errstate(divide="ignore", invalid="ignore"):
            u = np.where(length2 > 0, ((px - x1) * dx + (py - y1) * dy) / length2, 0.0)
        u = np.clip(u, 0.0, 1.0)
        to_edges = np.hypot(px - (x1 + u * dx), py - (y1 + u * dy))
        result: FloatArray = np.where(self.contains(pts), 0.0, to_edges.min(axis=1))
        return result

    def centroid(self) -> Point:
        a = self._array
        x, y = a[:, 0], a[:, 1]
        xn, yn = np.roll(x, -1), np.roll(y, -1)
        cross = x * yn - xn * y
        area = cross.sum() / 2.0
        if abs(area) < 1e-12:
            return (float(x.mean()), float(y.mean()))
        cx = ((x + xn) * cross).sum() / (6.0 * area)
        cy = ((y + yn) * cross).sum() / (6.0 * area)
        return (float(cx), float(cy))


@dataclass(frozen=True)
class Region:
    """A union of polygons (a zone may be drawn in more than one piece)."""

    polygons: tuple[Polygon, ...]

    def contains(self, points: Iterable[Sequence[float]] | FloatArray) -> BoolArray:
        pts = as_points(points)
        inside = np.zeros(len(pts), dtype=bool)
        for polygon in self.polygons:
            inside |= polygon.contains(pts)
        return inside

    def distance(self, points: Iterable[Sequence[float]] | FloatArray) -> FloatArray:
        """Each point's distance to the nearest of the polygons (0 inside one)."""
        pts = as_points(points)
        result: FloatArray = np.min([polygon.distance(pts) for polygon in self.polygons], axis=0)
        return result

    def bounds(self) -> tuple[float, float, float, float]:
        b = np.array([p.bounds() for p in self.polygons])
        return (float(b[:, 0].min()), float(b[:, 1].min()),
                float(b[:, 2].max()), float(b[:, 3].max()))
