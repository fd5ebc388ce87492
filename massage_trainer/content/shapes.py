"""Whether a polygon from the content is a real shape: it has an area, and its edges never cross.

A zone is "inside its polygon", and the even-odd test that decides it
(core/geometry.py) gives nonsense for a bow-tie (two edges crossing) or a
polygon whose points lie on one line. `polygon_problem` says what is wrong with
one, in words a content author can act on, or None when it is a simple polygon.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Final

__all__ = ["MIN_AREA", "polygon_problem"]

Point = tuple[float, float]

# In square back lengths: the smallest zone of the bundled body is about a thousand times larger.
MIN_AREA: Final = 1e-6
_EPS: Final = 1e-12


def _area(points: Sequence[Point]) -> float:
    total = 0.0
    for i, (x1, y1) in enumerate(points):
        x2, y2 = points[(i + 1) % len(points)]
        total += x1 * y2 - x2 * y1
    return abs(total) / 2.0


def _turn(a: Point, b: Point, c: Point) -> int:
    """1 if a-b-c turns left, -1 if right, 0 if the three lie on one line."""
    cross = (b[0] - a[0]) * (c[1] - a[1]) - (b[1] - a[1]) * (c[0] - a[0])
    return 0 if abs(cross) <= _EPS else (1 if cross > 0 else -1)


def _on_segment(a: Point, b: Point, p: Point) -> bool:
    """p, on the line through a and b, lies between them."""
    return (min(a[0], b[0]) - _EPS <= p[0] <= max(a[0], b[0]) + _EPS
            and min(a[1], b[1]) - _EPS <= p[1] <= max(a[1], b[1]) + _EPS)


def _touch(a: Point, b: Point, c: Point, d: Point) -> bool:
    """The segments a-b and c-d cross or touch."""
    t1, t2, t3, t4 = _turn(a, b, c), _turn(a, b, d), _turn(c, d, a), _turn(c, d, b)
    if t1 != t2 and t3 != t4 and 0 not in (t1, t2, t3, t4):
        return True
    return ((t1 == 0 and _on_segment(a, b, c)) or (t2 == 0 and _on_segment(a, b, d))
            or (t3 == 0 and _on_segment(c, d, a)) or (t4 == 0 and _on_segment(c, d, b)))


def _point(p: Point) -> str:
    return f"({p[0]:.3g}, {p[1]:.3g})"


def _on_one_line(points: Sequence[Point]) -> bool:
    first = points[0]
    far = max(points, key=lambda p: (p[0] - first[0]) ** 2 + (p[1] - first[1]) ** 2)
    return all(_turn(first, far, p) == 0 for p in points)


def _crossing(points: Sequence[Point]) -> str | None:
    n = len(points)
    edges = [(points[i], points[(i + 1) % n]) for i in range(n)]
    for i in range(n):
        # Neighbouring edges share a point; every other pair must keep apart.
        for j in range(i + 2, n if i > 0 else n - 1):
            (a, b), (c, d) = edges[i], edges[j]
            if _touch(a, b, c, d):
                return (f"the polygon crosses itself: its edge from point {i + 1} {_point(a)} meets "
                        f"its edge from point {j + 1} {_point(c)} (a bow-tie); list the points in "
                        f"order around the shape")
    return None


def polygon_problem(points: Sequence[Point]) -> str | None:
    """What makes these points no simple polygon (the last joins the first), or None."""
    flat = f"the polygon has no area (under {MIN_AREA:g}): its points lie on one line, or nearly"
    if _on_one_line(points):
        return flat
    # A bow-tie's two halves can cancel out to no area at all: the crossing is what to say.
    crossing = _crossing(points)
    if crossing is not None:
        return crossing
    return flat if _area(points) < MIN_AREA else None
