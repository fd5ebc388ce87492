"""The drill's guide (the technique's movements faint and numbered) and Show me, through real widgets."""

from __future__ import annotations

import itertools
import math

import numpy as np
import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from massage_trainer.core.demo import demo_recording
from massage_trainer.core.grading import Report
from massage_trainer.core.technique_ids import TECHNIQUE_IDS
from massage_trainer.ui.diagram.animation_shapes import Polyline
from massage_trainer.ui.diagram.guide import BADGE_RADIUS, PATH_ALPHA, GuideLayer
from massage_trainer.ui.kit import theme as th
from massage_trainer.ui.practice.guide import FADE_S, FIRST_ATTEMPTS, OFF_TEXT, ON_TEXT, SHOWING_CUE
from tests.gui_helpers import FakeClock
from tests.practice_helpers import blend, colour_near, distance_near, drag, finish, open_practice, start


@pytest.fixture
def practice(window, qtbot):
    return open_practice(window, qtbot)


def earlier_runs(window, practice, drill: str, count: int) -> None:
    """`count` runs of `drill` in the learner's record, and the history read again."""
    rec = demo_recording(window.ctx.content.techniques["stroking"])
    for k in range(count):
        window.ctx.storage.drills.save(window.ctx.learner.id, drill, f"2025-01-0{k + 1}T10:00:00Z", rec,
                                       Report(80.0, True, (), {}))
    practice.history.refresh()


def a_lone_point(layer: GuideLayer) -> tuple[float, float]:
    """A point halfway along a movement, away from every other movement and the arrowheads."""
    paths = layer.movements()
    for _number, points in paths:
        line = Polyline(points)
        x, y, _dx, _dy = line.at(line.total * 0.45)
        others = [p for _n, p in paths if p is not points]
        if min(float(np.min(np.hypot(p[:, 0] - x, p[:, 1] - y))) for p in others) > 0.06:
            return x, y
    raise AssertionError("no movement stands alone")


def guide_drawn_at(practice, x: float, y: float) -> bool:
    """The guide's colour, faint, shows at a body-frame point (compared with the diagram without it)."""
    diagram = practice.diagram
    guide = practice.guide
    was = guide.layer.visible
    guide.layer.set_visible(False)
    under = colour_near(diagram, x, y, reach=0)
    guide.layer.set_visible(was)
    demo = diagram.theme.color("demo")
    return min(distance_near(diagram, x, y, blend(demo, a, under))
               for a in np.linspace(PATH_ALPHA * 0.6, PATH_ALPHA * 1.4, 9)) <= 10


def test_the_guide_shows_on_a_learners_first_attempt(practice, qtbot):
    start(practice, qtbot)
    guide = practice.guide
    assert guide.on and guide.shown and guide.check.isChecked()
    assert guide.state_label.text() == ON_TEXT
    assert guide.layer.technique == "stroking"
    assert guide_drawn_at(practice, *a_lone_point(guide.layer))
    # Faint: well short of the demonstration's full colour.
    x, y = a_lone_point(guide.layer)
    assert distance_near(practice.diagram, x, y, practice.diagram.theme.color("demo")) > 40


@pytest.mark.parametrize(("runs", "shown"), [(FIRST_ATTEMPTS - 1, True), (FIRST_ATTEMPTS, False)])
def test_the_guide_is_on_until_the_third_run_of_that_drill(window, practice, qtbot, runs, shown):
    earlier_runs(window, practice, "technique:stroking", runs)
    earlier_runs(window, practice, "technique:kneading", 5)  # another drill's runs do not count
    start(practice, qtbot)
    guide = practice.guide
    assert guide.shown is shown and guide.check.isChecked() is shown
    assert guide.state_label.text() == (ON_TEXT if shown else OFF_TEXT)
    assert guide_drawn_at(practice, *a_lone_point(guide.layer)) is shown


def test_h_and_the_check_box_turn_the_guide_off_and_on(practice, qtbot):
    start(practice, qtbot)
    guide = practice.guide
    point = a_lone_point(guide.layer)
    qtbot.keyClick(practice.diagram, Qt.Key.Key_H)
    assert not guide.shown and not guide.check.isChecked() and guide.state_label.text() == OFF_TEXT
    assert not guide_drawn_at(practice, *point)
    qtbot.keyClick(practice.diagram, Qt.Key.Key_H)
    assert guide.shown and guide.check.isChecked() and guide.state_label.text() == ON_TEXT
    guide.check.click()
    assert not guide.shown and guide.state_label.text() == OFF_TEXT
    assert not guide_drawn_at(practice, *point)
    guide.check.click()
    assert guide.shown and guide_drawn_at(practice, *point)


def test_the_learners_ink_is_drawn_over_the_guide(practice, qtbot):
    start(practice, qtbot)
    x, y = a_lone_point(practice.guide.layer)
    drag(practice, qtbot, [(x, y - 0.05), (x, y + 0.05)], steps=20, seconds=1.0)
    # Right on the guide's line: the ink alone shows there.
    assert distance_near(practice.diagram, x, y, practice.diagram.theme.color("ink"), reach=0) <= 8


def test_the_guide_follows_the_phase_of_a_session(practice, qtbot):
    start(practice, qtbot, "session")
    guide = practice.guide
    first = practice.drill.technique
    assert guide.layer.technique == first
    practice.live.next_phase()
    practice.refresh()
    assert practice.drill.technique != first and guide.layer.technique == practice.drill.technique


@pytest.mark.parametrize("technique", TECHNIQUE_IDS)
def test_every_movement_is_numbered_on_both_sides_and_no_number_hides_another(window, technique):
    layer = GuideLayer(window.ctx.diagram, window.ctx.content.techniques)
    layer.set_technique(technique)
    count = len(window.ctx.content.techniques[technique].movements)
    paths = layer.movements()
    for number in range(1, count + 1):
        sides = sorted(float(np.mean(p[:, 0])) for n, p in paths if n == number)
        assert len(sides) == 2 and sides[0] < 0 < sides[1], (number, sides)  # mirrored across the spine
    assert sorted(b.number for b in layer.badges) == sorted(list(range(1, count + 1)) * 2)
    for a, b in itertools.combinations(layer.badges, 2):
        assert math.hypot(a.x - b.x, a.y - b.y) >= 2 * BADGE_RADIUS - 1e-9


# --- Show me ---------------------------------------------------------------------------------


@pytest.fixture
def show_clock(practice):
    clock = FakeClock()
    practice.guide.player.set_clock(clock)
    return clock


def test_m_plays_the_model_once_then_hides_it(practice, qtbot, show_clock):
    start(practice, qtbot)
    guide = practice.guide
    with qtbot.waitSignal(guide.showStarted, timeout=1000):
        qtbot.keyClick(practice.diagram, Qt.Key.Key_M)
    assert guide.showing and practice.diagram.has_layer(guide.model)
    assert not guide.shown  # the model draws its own numbered movements meanwhile
    assert guide.show_button.text() == "Stop showing (M)"
    assert guide.model.opacity == 0.0  # it fades in
    show_clock.advance(1.0)
    guide.player.tick()
    frame = guide.animation.frame
    assert frame.t == pytest.approx(1.0) and len(frame.hands) == 2 and guide.model.opacity == 1.0
    demo = practice.diagram.theme.color("demo")
    hand = frame.hands[0]
    assert distance_near(practice.diagram, hand.x, hand.y, demo, reach=0) <= 8  # the hand, in full
    show_clock.advance(guide.player.duration - 1.0 - FADE_S / 2)  # the last frame, fading out
    guide.player.tick()
    assert guide.showing and guide.model.opacity == pytest.approx(0.5)
    last = guide.animation.frame.hands[0]
    assert distance_near(practice.diagram, last.x, last.y, demo, reach=0) > 30
    with qtbot.waitSignal(guide.showFinished, timeout=2000):
        show_clock.advance(FADE_S / 2 + 0.1)
    assert not guide.showing and not practice.diagram.has_layer(guide.model)
    assert guide.shown and guide.show_button.text() == "Show me (M)"


def test_show_me_pauses_the_drill_and_resumes_it_with_the_pause_left_out(practice, qtbot, show_clock):
    start(practice, qtbot)
    drag(practice, qtbot, [(-0.2, 0.4), (-0.2, 0.6)], steps=20, seconds=1.0)
    drill = practice.drill
    before = drill.elapsed
    cue = practice.drill_page.cue_label.text()
    practice.guide.show_button.click()
    assert drill.paused and not practice.diagram.input_enabled()
    assert practice.drill_page.cue_label.text() == SHOWING_CUE
    practice.clock.advance(25.0)  # the drill's clock runs on while the model plays...
    practice.refresh()
    with qtbot.waitSignal(practice.guide.showFinished, timeout=2000):
        show_clock.advance(practice.guide.player.duration + 0.1)
    assert drill.running and practice.diagram.input_enabled()
    assert practice.drill_page.cue_label.text() == cue
    assert drill.elapsed == pytest.approx(before)  # ...but none of it counts
    drag(practice, qtbot, [(-0.2, 0.6), (-0.2, 0.7)], steps=10, seconds=0.5)
    samples = drill.snapshot().build().samples
    assert float(samples.t[-1]) <= before + 0.5 + 1e-6


@pytest.mark.parametrize("key", [Qt.Key.Key_M, Qt.Key.Key_Escape])
def test_m_again_or_esc_stops_the_model_early(practice, qtbot, show_clock, key):
    start(practice, qtbot)
    drag(practice, qtbot, [(-0.2, 0.4), (-0.2, 0.5)], steps=10, seconds=0.5)
    guide = practice.guide
    qtbot.keyClick(practice.diagram, Qt.Key.Key_M)
    show_clock.advance(1.0)
    with qtbot.waitSignal(guide.showFinished, timeout=1000):
        qtbot.keyClick(practice.diagram, key)
    assert not guide.showing and practice.drill.running
    assert practice.keeper.dialog is None  # Esc stopped the model; it did not ask to discard the drill
    assert not [w for w in QApplication.topLevelWidgets() if w.isVisible() and w.objectName() == "discardDrill"]


def test_show_me_on_a_paused_drill_leaves_it_paused(practice, qtbot, show_clock):
    start(practice, qtbot)
    practice.live.pause()
    paused_cue = practice.drill_page.cue_label.text()
    practice.guide.show_button.click()
    with qtbot.waitSignal(practice.guide.showFinished, timeout=2000):
        show_clock.advance(practice.guide.player.duration + 0.1)
    assert practice.drill.paused
    assert practice.drill_page.cue_label.text() == paused_cue != SHOWING_CUE


def test_finishing_the_drill_stops_the_model(practice, qtbot, show_clock):
    start(practice, qtbot)
    drag(practice, qtbot, [(-0.2, 0.4), (-0.2, 0.6)], steps=20, seconds=1.0)
    qtbot.keyClick(practice.diagram, Qt.Key.Key_M)
    with qtbot.waitSignal(practice.guide.showFinished, timeout=1000):
        qtbot.keyClick(practice.diagram, Qt.Key.Key_F)
    assert practice.pages.currentWidget() is practice.result_page
    assert not practice.diagram.has_layer(practice.guide.model) and not practice.guide.shown


def test_after_three_drills_finished_here_the_fourth_starts_without_the_guide(practice, qtbot):
    for _ in range(FIRST_ATTEMPTS):
        start(practice, qtbot)
        assert practice.guide.shown
        drag(practice, qtbot, [(-0.2, 0.3), (-0.2, 0.6)], steps=10, seconds=1.0)
        finish(practice, qtbot)
        qtbot.mouseClick(practice.result_page.done_button, Qt.MouseButton.LeftButton)
    start(practice, qtbot)
    assert not practice.guide.shown and not practice.guide.check.isChecked()


def test_the_guide_takes_the_new_theme_colour(practice, qtbot):
    start(practice, qtbot)
    point = a_lone_point(practice.guide.layer)
    practice.diagram.set_theme(th.DARK)
    try:
        assert guide_drawn_at(practice, *point)  # in the dark theme's demonstration colour, not the old one
        under = colour_near(practice.diagram, *point, reach=0)
        old = blend(th.LIGHT.color("demo"), PATH_ALPHA, under)
        assert distance_near(practice.diagram, *point, old, reach=0) > 30
    finally:
        practice.diagram.set_theme(th.LIGHT)
