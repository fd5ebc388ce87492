"""Every must / must-not point of the zone table in docs/body-frame.md."""

import numpy as np
import pytest

SPINE_MUST = [(x, y) for x in (-0.03, -0.015, 0.0, 0.015, 0.03) for y in np.linspace(0, 1, 21)]
SPINE_MUST_NOT = [(s * x, y) for s in (-1, 1) for x in (0.08, 0.1, 0.2, 0.3) for y in np.linspace(0, 1, 11)]
HEART_MUST = [(-0.08, 0.68), (0.07, 0.68), (-0.09, 0.62)]
HEART_MUST_NOT = [(0.25, 0.68), (-0.25, 0.68)] + [(x, y) for x in np.linspace(-0.4, 0.4, 17)
                                                   for y in np.linspace(-0.2, 0.449, 14)]
KIDNEY_MUST = {"kidney-left": [(-0.14, 0.25), (-0.12, 0.15)], "kidney-right": [(0.14, 0.25), (0.12, 0.15)]}
KIDNEY_MUST_NOT = {
    "kidney-left": [(-0.30, 0.25)],
    "kidney-right": [(0.30, 0.25)],
}
ABOVE_HALF = [(x, y) for x in np.linspace(-0.4, 0.4, 17) for y in np.linspace(0.501, 1.2, 15)]


@pytest.mark.parametrize(
    ("zone_id", "must", "must_not"),
    [
        ("spine", SPINE_MUST, SPINE_MUST_NOT),
        ("heart", HEART_MUST, HEART_MUST_NOT),
        ("kidney-left", KIDNEY_MUST["kidney-left"], KIDNEY_MUST_NOT["kidney-left"] + ABOVE_HALF),
        ("kidney-right", KIDNEY_MUST["kidney-right"], KIDNEY_MUST_NOT["kidney-right"] + ABOVE_HALF),
    ],
)
def test_zone_table(body, zone_id, must, must_not):
    zone = body.zone(zone_id)
    inside = zone.contains(must)
    assert inside.all(), [p for p, ok in zip(must, inside, strict=True) if not ok]
    outside = zone.contains(must_not)
    assert not outside.any(), [p for p, bad in zip(must_not, outside, strict=True) if bad]


def test_zone_kinds_and_rules(body):
    assert body.zone("spine").kind == "no-work" and body.zone("spine").rule == 6
    for zid in ("heart", "kidney-left", "kidney-right"):
        assert body.zone(zid).kind == "caution" and body.zone(zid).rule == 7


def test_a_point_may_lie_in_several_zones(body):
    assert {z.id for z in body.zones_at((0.0, 0.68))} == {"spine", "heart"}


def test_left_kidney_sits_higher_and_heart_leans_left(body):
    left = body.zone("kidney-left").region.bounds()
    right = body.zone("kidney-right").region.bounds()
    assert left[3] > right[3]
    x0, _y0, x1, _y1 = body.zone("heart").region.bounds()
    assert -x0 > x1
    # "Mostly to the patient's left", as its words say: most of its area lies left of the midline.
    import numpy as np

    xs, ys = np.meshgrid(np.linspace(-0.3, 0.3, 241), np.linspace(0.45, 0.9, 181))
    inside = body.zone("heart").region.contains(np.column_stack([xs.ravel(), ys.ravel()]))
    left_share = float((xs.ravel()[inside] < 0).mean())
    assert left_share >= 0.6, left_share


def test_working_area(body):
    on = body.on_working_area([(0.2, 0.5), (-0.25, 0.05), (0.0, 0.99)])
    off = body.on_working_area([(0.2, -0.01), (0.0, 1.01), (0.36, 0.4), (-0.5, 0.5)])
    assert on.all() and not off.any()


def test_membership_is_vectorised(body):
    pts = np.random.default_rng(1).uniform(-0.5, 0.5, size=(10_000, 2)) + [0, 0.5]
    result = body.zone("spine").contains(pts)
    assert result.shape == (10_000,)
    assert (result == (np.abs(pts[:, 0]) <= 0.05) & (pts[:, 1] >= -0.02) & (pts[:, 1] <= 1.02)).all()


@pytest.mark.parametrize(("y", "name"), [(1.0, "C7"), (0.96, "T1"), (0.627, "T7"), (0.63, "T7"),
                                         (0.35, "T12"), (0.29, "L1"), (0.0, "L4"), (-0.3, "L4")])
def test_nearest_vertebra(body, y, name):
    assert body.nearest_vertebra(y).id == name


def test_landmarks_agree_with_the_spec(body):
    ys = {v.id: v.point[1] for v in body.vertebrae}
    assert ys["C7"] == 1.0 and ys["L4"] == 0.0
    t = [ys[f"T{i}"] for i in range(1, 13)]
    assert t[0] == pytest.approx(0.96, abs=0.005) and t[-1] == pytest.approx(0.35, abs=0.005)
    gaps = np.diff(t)
    assert np.allclose(gaps, gaps.mean(), atol=0.002)
    assert [ys[f"L{i}"] for i in range(1, 5)] == pytest.approx([0.29, 0.20, 0.10, 0.00])
    outline = body.anatomy.outline
    assert outline.contains([(0.335, 0.75), (-0.335, 0.75), (0.285, 0.15)]).all()
    assert not outline.contains([(0.35, 0.75), (0.30, 0.15)]).any()


def test_describe_names_the_place(body):
    assert body.describe((0.0, 0.62)) == "on the spine at about T7"
    assert body.describe((0.26, 0.3)) == "patient's right, at about L1"
    assert body.describe((0.0, 1.1)) == "above C7, off the back"
