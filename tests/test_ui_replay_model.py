"""The replay draws the whole model beside the learner's trace: both sides, in the demonstration's style."""

from __future__ import annotations

import numpy as np
import pytest

from massage_trainer.core.recording import RecordingBuilder
from massage_trainer.ui.diagram.trace import TAP_RADIUS
from massage_trainer.ui.practice.replay import ReplayView
from tests.gui_helpers import FakeClock
from tests.practice_helpers import blend, colour_near, distance_near

SIDE_X = 0.24


@pytest.fixture
def replay(window, qtbot):
    view = ReplayView(window.ctx, clock=FakeClock())
    qtbot.addWidget(view)
    view.show()
    yield view
    view.detach()


def both_sides_stroked():
    """A model as one pointer does it: up the left, lifted across the spine, up the right."""
    b = RecordingBuilder("stroking")
    t = 0.0
    for x0, x1, y0, y1, contact in ((-SIDE_X, -SIDE_X, 0.2, 0.7, True), (-SIDE_X, SIDE_X, 0.7, 0.2, False),
                                    (SIDE_X, SIDE_X, 0.2, 0.7, True)):
        for i in range(60):
            f = i / 59
            b.add(t, x0 + (x1 - x0) * f, y0 + (y1 - y0) * f, contact, 0.6 if contact else 0.0)
            t += 1 / 60
    return b.build()


def both_sides_tapped():
    """Percussion as one pointer does it: blows on the left, then on the right."""
    b = RecordingBuilder("percussion")
    t = 0.0
    for x in (-SIDE_X, SIDE_X):
        for y in (0.3, 0.4, 0.5):
            for down in (True, True, True, False, False, False, False, False, False):
                b.add(t, x, y, down, 0.5 if down else 0.0)
                t += 1 / 48
    return b.build()


def a_learner():
    """A short stroke low on the left, clear of the model."""
    b = RecordingBuilder("stroking")
    for i in range(30):
        b.add(i / 60, -0.1, 0.05 + 0.05 * i / 29, True, 0.6)
    return b.build()


def _demo_over(replay, diagram, x, y, without):
    """How near the pixel at (x, y) comes to the demo colour painted at some opacity over what was there."""
    under = colour_near(diagram, x, y, image=without, reach=0)
    demo = diagram.theme.color("demo")
    return min(distance_near(diagram, x, y, blend(demo, a, under), reach=1) for a in np.linspace(0.15, 1.0, 18))


def test_a_model_that_alternates_sides_is_drawn_on_both(replay, window):
    diagram = window.ctx.diagram
    replay.load(a_learner())
    replay.attach()
    without = diagram.grab().toImage()
    replay.load(a_learner(), both_sides_stroked())
    for x in (-SIDE_X, SIDE_X):
        for y in (0.3, 0.4, 0.5, 0.6):  # all along each stroke, fading toward its tail
            assert _demo_over(replay, diagram, x, y, without) <= 6, (x, y)
            # In its own style, not the glide's: the glide's colour is not what shows there.
            assert distance_near(diagram, x, y, diagram.theme.color("glide"), reach=0) > 30
    # The lifted crossing is not drawn: the middle of the spine shows what it showed.
    assert distance_near(diagram, 0.0, 0.45, colour_near(diagram, 0.0, 0.45, image=without, reach=0),
                         reach=0) <= 3


def test_a_percussion_model_reads_as_taps_on_both_sides(replay, window):
    diagram = window.ctx.diagram
    replay.load(a_learner())
    replay.attach()
    without = diagram.grab().toImage()
    replay.load(a_learner(), both_sides_tapped())
    for x in (-SIDE_X, SIDE_X):
        assert _demo_over(replay, diagram, x + TAP_RADIUS, 0.4, without) <= 8, x  # on a blow's ring
        # Between two blows, no line: the skin shows as it did.
        between = colour_near(diagram, x, 0.35, image=without, reach=0)
        assert distance_near(diagram, x, 0.35, between, reach=0) <= 3
