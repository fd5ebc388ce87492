"""Violation markers: placed in the body frame so that no badge or leader hides another's number."""

from __future__ import annotations

import math

import numpy as np
import pytest

from massage_trainer.core.violation import Place, Violation
from massage_trainer.ui.diagram.markers import MARKER_RADIUS, Marker, place_markers
from tests.practice_helpers import drag, open_practice, start

R = MARKER_RADIUS
RULES = ("spine", "direction", "caution-zone", "contact", "area")


def pile(n: int, x: float, y: float, seed: int = 0, jitter: float = 0.004) -> list[Violation]:
    rng = np.random.default_rng(seed)
    return [Violation(RULES[k % len(RULES)], 0, float(k), float(x + dx), float(y + dy), "stroking",
                      Place("T7"))
            for k, (dx, dy) in enumerate(rng.uniform(-jitter, jitter, (n, 2)))]


def segment_distance(p: tuple[float, float], a: tuple[float, float], b: tuple[float, float]) -> float:
    ab, ap = np.subtract(b, a), np.subtract(p, a)
    f = 0.0 if not ab.any() else float(np.clip(ap @ ab / (ab @ ab), 0.0, 1.0))
    return float(np.hypot(*(ap - f * ab)))


def assert_readable(markers: list[Marker]) -> None:
    """No disc over another disc; no leader across another marker's disc."""
    for i, a in enumerate(markers):
        for b in markers[i + 1:]:
            assert math.hypot(a.x - b.x, a.y - b.y) >= 2 * R
    for m in markers:
        if not m.displaced:
            continue
        for other in markers:
            if other is not m:
                spot, badge = (m.violation.x, m.violation.y), (m.x, m.y)
                assert segment_distance((other.x, other.y), spot, badge) > R


def test_a_pile_of_ten_at_one_spot_fans_out_with_every_number_clear() -> None:
    violations = pile(10, 0.0, 0.5)
    markers = place_markers(violations)
    assert [m.violation for m in markers] == violations
    assert [m.number for m in markers] == ['6', '12', '7', '3', '1'] * 2
    assert all(m.displaced for m in markers)  # none left on the spot, where leaders would cross it
    assert_readable(markers)
    # Compact: the ring stays within a few badges of the spot.
    assert max(math.hypot(m.x, m.y - 0.5) for m in markers) < 10 * R


def test_piles_side_by_side_a_stray_between_and_a_row_along_a_stroke_stay_readable() -> None:
    row = [Violation("direction", 0, 20.0 + k, 0.2, 0.2 + 0.04 * k, "stroking", Place("T7"))
           for k in range(6)]  # closer together than two badges
    violations = (pile(10, -0.1, 0.5, seed=1) + pile(6, 0.12, 0.55, seed=2)
                  + pile(1, 0.01, 0.62, seed=3) + pile(4, 0.0, 0.3, seed=4, jitter=0.02) + row)
    markers = place_markers(violations)
    assert_readable(markers)
    # Each badge stays near its own spot: no pile is flung across the back.
    assert max(math.hypot(m.x - m.violation.x, m.y - m.violation.y) for m in markers) < 8 * R


def test_a_violation_alone_keeps_its_badge_on_its_spot() -> None:
    lone, far = pile(1, 0.2, 0.3)[0], pile(1, -0.2, 0.7)[0]
    markers = place_markers([lone, far])
    assert [(m.x, m.y) for m in markers] == [(lone.x, lone.y), (far.x, far.y)]
    assert not any(m.displaced for m in markers)


@pytest.mark.parametrize("n", [2, 3, 25])
def test_any_pile_is_readable(n: int) -> None:
    assert_readable(place_markers(pile(n, 0.1, 0.6, seed=n)))


def test_the_live_ink_lays_a_growing_pile_out_afresh(window, qtbot):
    practice = open_practice(window, qtbot)
    start(practice, qtbot)
    for _ in range(4):  # across the spine at one spot, again and again
        drag(practice, qtbot, [(-0.12, 0.5), (0.12, 0.5)], steps=24, seconds=0.8)
        practice.clock.now += 1.0
    violations = list(practice.drill.violations)
    assert len(violations) >= 4
    markers = practice.ink.markers
    assert markers == place_markers(violations)
    assert_readable(markers)
