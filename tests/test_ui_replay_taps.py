"""Percussion in the replay reads as taps: a mark at each blow, in the learner's trace and the model's."""

from __future__ import annotations

import numpy as np
import pytest
from PySide6.QtWidgets import QLabel

from massage_trainer.core.demo import demo_recording
from massage_trainer.core.recording import RecordingBuilder
from massage_trainer.ui.diagram.trace import TAP_RADIUS, Ink, Trace
from massage_trainer.ui.practice.replay import ReplayView
from tests.gui_helpers import FakeClock
from tests.practice_helpers import blend, colour_near, distance_near

SPOTS = [(-0.3, 0.45), (-0.3, 0.55), (-0.3, 0.65), (-0.3, 0.75)]


def tapping():
    """Four blows up the patient's left, 4 a second: each a touch of 3 samples, lifted between."""
    b = RecordingBuilder("percussion")
    t = 0.0
    for x, y in SPOTS:
        for down in (True, True, True, False, False, False, False, False, False, False, False, False):
            b.add(t, x, y, down, 0.6 if down else 0.0)
            t += 1 / 48
    return b.build()


@pytest.fixture
def replay(window, qtbot):
    view = ReplayView(window.ctx, clock=FakeClock())
    qtbot.addWidget(view)
    view.show()
    yield view
    view.detach()


def test_each_blow_is_one_tap_run_at_the_spot_it_landed(content):
    trace = Trace(tapping(), content.body)
    assert [r.tap for r in trace.runs] == [True] * len(SPOTS)
    assert [(float(trace.x[r.start]), float(trace.y[r.start])) for r in trace.runs] == SPOTS


def test_the_learners_blows_show_as_marks_not_a_line(replay, window, content):
    diagram = window.ctx.diagram
    replay.load(tapping())
    replay.attach()
    replay.seek(replay.trace.end)
    ink = window.ctx.theme.color("ink")
    for x, y in SPOTS[:3]:  # the hand rests on the last
        assert distance_near(diagram, x, y, ink) <= 8
        assert distance_near(diagram, x, y + 2.5 * TAP_RADIUS, ink) > 40  # between blows: no line
    replay.seek(replay.trace.start + 0.3)  # two blows have landed (the hand is on the second)
    assert distance_near(diagram, *SPOTS[0], ink) <= 8
    assert distance_near(diagram, *SPOTS[2], ink) > 40  # the third has not


def test_the_models_blows_show_as_rings_in_the_demo_colour(replay, window, content):
    diagram = window.ctx.diagram
    model = demo_recording(content.techniques["percussion"])
    learner = tapping()
    replay.load(learner, model)
    replay.attach()
    demo = replay.demo_trace
    assert demo is not None and demo.runs and all(r.tap for r in demo.runs if r.ink != Ink.GLIDE)
    # A blow of the model's away from the learner's hand.
    run = next(r for r in demo.runs if r.tap and np.hypot(demo.x[r.start] - SPOTS[0][0],
                                                          demo.y[r.start] - SPOTS[0][1]) > 0.1)
    x, y = float(demo.x[run.start]), float(demo.y[run.start])
    replay.detach()
    without = diagram.grab().toImage()
    replay.attach()
    theme = window.ctx.theme
    under = colour_near(diagram, x + TAP_RADIUS, y, image=without, reach=0)
    assert min(distance_near(diagram, x + TAP_RADIUS, y, blend(theme.color("demo"), a, under))
               for a in np.linspace(0.5, 1.0, 11)) <= 8  # on the ring
    centre = colour_near(diagram, x, y, image=without, reach=0)
    assert distance_near(diagram, x, y, centre, reach=0) <= 4  # a ring: its middle left as it was


def test_the_legend_names_the_tap_marks_only_when_blows_are_drawn(replay, content):
    stroking = demo_recording(content.techniques["stroking"])
    label = next(w for w in replay.legend.taps_entry if isinstance(w, QLabel))
    replay.load(stroking, stroking)
    assert label.isHidden()
    replay.load(tapping(), demo_recording(content.techniques["percussion"]))
    assert not label.isHidden() and label.text().startswith("a blow")
