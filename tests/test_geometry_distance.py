"""Distance from points to a zone's polygons: what keeps percussion and vibration off the caution zones."""

import numpy as np
import pytest

from massage_trainer.core.geometry import Polygon, Region

SQUARE = Polygon(((0.0, 0.0), (1.0, 0.0), (1.0, 1.0), (0.0, 1.0)))


def test_a_point_inside_is_at_distance_zero_and_outside_at_its_nearest_edge_or_corner() -> None:
    points = [(0.5, 0.5), (0.5, 1.25), (-0.1, 0.3), (1.3, 1.4), (0.0, 0.6)]
    assert SQUARE.distance(points) == pytest.approx([0.0, 0.25, 0.1, 0.5, 0.0])


def test_a_region_takes_the_nearest_of_its_polygons() -> None:
    far = Polygon(((3.0, 0.0), (4.0, 0.0), (4.0, 1.0)))
    region = Region((SQUARE, far))
    assert region.distance([(2.0, 0.0), (5.0, 0.0)]) == pytest.approx([1.0, 1.0])
    assert region.distance(np.array([[2.6, 0.0]])) == pytest.approx([0.4])
