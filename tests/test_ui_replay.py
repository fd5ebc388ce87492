"""Replay: a recording played back over the diagram, driven by a fake clock (no sleeping)."""

from __future__ import annotations

import numpy as np
import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QImage
from PySide6.QtWidgets import QApplication, QLabel, QVBoxLayout, QWidget

from massage_trainer.core.demo import demo_recording
from massage_trainer.core.grading import broken_samples, grade
from massage_trainer.core.recording import RecordingBuilder
from massage_trainer.ui.diagram.markers import MARKER_RADIUS
from massage_trainer.ui.diagram.trace import Ink, Trace
from massage_trainer.ui.kit.text import clock_text
from massage_trainer.ui.practice.replay import ReplayView
from tests.gui_helpers import FakeClock
from tests.practice_helpers import blend, colour_near, distance_near


@pytest.fixture
def clock():
    return FakeClock()


@pytest.fixture
def replay(window, qtbot, clock):
    view = ReplayView(window.ctx, clock=clock)
    qtbot.addWidget(view)
    view.show()
    yield view
    view.detach()


@pytest.fixture(scope="module")
def stroking(content):
    return demo_recording(content.techniques["stroking"])


def across_the_spine():
    """A good stroke up the left side, then a working stroke straight across the spine."""
    b = RecordingBuilder("stroking")
    t = 0.0
    for i in range(90):
        b.add(t, -0.2, 0.1 + 0.7 * i / 89, True, 0.6)
        t += 1 / 60
    for i in range(72):
        b.add(t, -0.2 + 0.4 * i / 71, 0.5, True, 0.6)
        t += 1 / 60
    return b.build()


def samples(recording):
    return (np.concatenate([p.t for p in recording.phases]), np.concatenate([p.x for p in recording.phases]),
            np.concatenate([p.y for p in recording.phases]))


# --- position -------------------------------------------------------------------------------


def test_load_starts_at_the_beginning(replay, stroking):
    replay.load(stroking)
    t, x, y = samples(stroking)
    assert replay.position() == t[0] and replay.current_index() == 0
    assert replay.marker_position() == (x[0], y[0])
    assert not replay.is_playing()
    assert replay.time_label.text() == f"{clock_text(t[0])} / {clock_text(t[-1])}"


@pytest.mark.parametrize("k", [0, 1, 250, 600, -1])
def test_seek_moves_the_marker_to_that_sample(replay, stroking, k):
    replay.load(stroking)
    t, x, y = samples(stroking)
    k = k % len(t)
    replay.seek(float(t[k]))
    assert replay.current_index() == k
    assert replay.marker_position() == (x[k], y[k])
    if k + 1 < len(t):
        replay.seek(float((t[k] + t[k + 1]) / 2))  # between samples: the one already reached
        assert replay.current_index() == k


def test_seek_is_clamped_to_the_recording(replay, stroking):
    replay.load(stroking)
    t, _x, _y = samples(stroking)
    replay.seek(-5.0)
    assert replay.position() == t[0]
    replay.seek(1e6)
    assert replay.position() == t[-1] and replay.current_index() == len(t) - 1


def test_play_and_tick_follow_the_clock(replay, stroking, clock, qtbot):
    replay.load(stroking)
    t, x, y = samples(stroking)
    with qtbot.waitSignal(replay.playingChanged) as blocker:
        replay.play()
    assert blocker.args == [True] and replay.timer.isActive()
    clock.advance(1.5)
    replay.tick()
    assert replay.position() == pytest.approx(t[0] + 1.5)
    k = int(np.searchsorted(t, t[0] + 1.5, side="right")) - 1
    assert replay.current_index() == k
    assert replay.marker_position() == (x[k], y[k])
    assert replay.slider.value() == round(1.5 * 1000)
    replay.pause()
    assert not replay.timer.isActive()
    clock.advance(3.0)
    replay.tick()  # paused: time stands still
    assert replay.position() == pytest.approx(t[0] + 1.5)


def test_speed_changes_the_rate(replay, stroking, clock):
    replay.load(stroking)
    start = replay.position()
    replay.set_speed(2.0)
    assert replay.speed_combo.currentData() == 2.0
    replay.play()
    clock.advance(1.0)
    replay.tick()
    assert replay.position() == pytest.approx(start + 2.0)
    replay.speed_combo.setCurrentIndex(replay.SPEEDS.index(0.25))  # the control, mid-play
    assert replay.speed() == 0.25
    clock.advance(2.0)
    replay.tick()
    assert replay.position() == pytest.approx(start + 2.5)


def test_playback_stops_at_the_end_and_plays_again_from_the_start(replay, stroking, clock, qtbot):
    replay.load(stroking)
    t, _x, _y = samples(stroking)
    replay.play()
    clock.advance(t[-1] - t[0] + 10)
    with qtbot.waitSignal(replay.playingChanged) as blocker:
        replay.tick()
    assert blocker.args == [False]
    assert replay.position() == t[-1] and not replay.is_playing()
    replay.play()
    assert replay.position() == t[0] and replay.is_playing()


def test_space_toggles_play_and_arrows_step(replay, stroking, qtbot):
    replay.load(stroking)
    start = replay.position()
    qtbot.keyClick(replay, Qt.Key.Key_Space)
    assert replay.is_playing()
    assert replay.play_button.text() == "Pause"
    qtbot.keyClick(replay.slider, Qt.Key.Key_Space)  # on a control inside, too
    assert not replay.is_playing()
    assert replay.play_button.text() == "Play"
    qtbot.keyClick(replay, Qt.Key.Key_Right)
    assert replay.position() == pytest.approx(start + replay.STEP_S)
    qtbot.keyClick(replay.slider, Qt.Key.Key_Right, Qt.KeyboardModifier.ShiftModifier)
    assert replay.position() == pytest.approx(start + replay.STEP_S + 1.0)
    qtbot.keyClick(replay, Qt.Key.Key_Left)
    assert replay.position() == pytest.approx(start + 1.0)
    replay.play()
    qtbot.keyClick(replay, Qt.Key.Key_Left)  # stepping pauses
    assert not replay.is_playing()


def test_space_works_on_the_diagram_while_attached(replay, stroking, window, qtbot):
    replay.load(stroking)
    diagram = window.ctx.diagram
    replay.attach()
    qtbot.keyClick(diagram, Qt.Key.Key_Space)
    assert replay.is_playing()
    replay.detach()
    assert not replay.is_playing()  # detaching stops playback
    qtbot.keyClick(diagram, Qt.Key.Key_Space)
    assert not replay.is_playing()


def test_the_scrubber_seeks(replay, stroking):
    replay.load(stroking)
    start = replay.position()
    assert replay.slider.maximum() == round(stroking.duration * 1000)
    replay.slider.setValue(2500)
    assert replay.position() == pytest.approx(start + 2.5)


# --- drawing ------------------------------------------------------------------------------


def _clear_point(trace, ink, before, away_from, keep=0.03):
    """A sample in `ink` played by `before`, with no other ink (nor the hand) near it."""
    reached = trace.t <= before
    other = reached & (trace.ink != ink) & (trace.ink != Ink.LIFTED)
    hx, hy = away_from
    for k in np.flatnonzero(reached & (trace.ink == ink)):
        x, y = trace.x[k], trace.y[k]
        if np.hypot(x - hx, y - hy) > 2 * keep and not (np.hypot(trace.x[other] - x, trace.y[other] - y)
                                                           < keep).any():
            return float(x), float(y)
    raise AssertionError("no clear point")


def test_the_layer_draws_on_the_diagram_and_comes_off(replay, stroking, window):
    diagram = window.ctx.diagram
    plain = diagram.grab().toImage().convertToFormat(QImage.Format.Format_RGB888)  # the pixels one sees
    replay.load(stroking)
    replay.attach()
    assert replay.is_attached()
    replay.seek(5.0)
    x, y = _clear_point(replay.trace, Ink.WORKING, 5.0, replay.marker_position())
    assert colour_near(diagram, x, y).name() == window.ctx.theme.ink.lower()
    # Not yet played: no ink there.
    lx, ly = _clear_point(replay.trace, Ink.WORKING, replay.trace.end, replay.marker_position())
    replay.seek(0.0)
    assert distance_near(diagram, lx, ly, QColor(window.ctx.theme.ink)) > 40
    replay.detach()
    after = diagram.grab().toImage().convertToFormat(QImage.Format.Format_RGB888)
    # Nothing of the replay is left: at most a glyph's antialiasing differs by a shade.
    assert after.size() == plain.size()
    worst = max((abs(QColor(after.pixel(x, y)).red() - QColor(plain.pixel(x, y)).red())
                 + abs(QColor(after.pixel(x, y)).green() - QColor(plain.pixel(x, y)).green())
                 + abs(QColor(after.pixel(x, y)).blue() - QColor(plain.pixel(x, y)).blue()))
                for y in range(0, plain.height(), 1) for x in range(plain.width()))
    assert worst <= 30, worst  # the ink differs from the skin by well over 100


def test_the_cached_ink_matches_after_seeking_back(replay, stroking, window):
    diagram = window.ctx.diagram
    replay.load(stroking)
    replay.attach()
    replay.seek(4.0)
    direct = diagram.grab().toImage()
    replay.seek(12.0)
    diagram.grab()
    replay.seek(4.0)
    assert diagram.grab().toImage() == direct


def _fit(colour, under, pixel):
    """How near `pixel` comes to `colour` painted at some opacity over `under` (0: exactly)."""
    return min(max(abs(c.red() - pixel.red()), abs(c.green() - pixel.green()), abs(c.blue() - pixel.blue()))
               for c in (blend(colour, a, under) for a in np.linspace(0.05, 1.0, 96)))


def _legend_entry(replay, text):
    return next(label for label in replay.findChildren(QLabel) if label.text().startswith(text))


def test_the_demo_path_shows_when_given(replay, stroking, window, content):
    diagram = window.ctx.diagram
    learner = across_the_spine()
    replay.load(learner)
    assert replay.demo_trace is None and replay.demo_arrow_path.isEmpty()
    assert _legend_entry(replay, "demonstration").isHidden()
    replay.attach()
    without = diagram.grab().toImage()
    replay.load(learner, stroking)
    assert replay.demo_trace is not None
    assert not replay.demo_arrow_path.isEmpty()
    assert not _legend_entry(replay, "demonstration").isHidden()
    # A demonstration stroke, away from the learner's ink: the demo colour, faint, over what was there.
    demo = replay.demo_trace
    ink = replay.trace
    learner_xy = np.column_stack([ink.x, ink.y])
    heads = [k for r in demo.runs if r.ink == Ink.WORKING and not r.tap and r.end - r.lead > 40
             for k in range(r.end - (r.end - r.lead) // 8, r.end - 2)]  # a stroke's head: least faded
    k = next(k for k in heads if np.hypot(*(learner_xy - (demo.x[k], demo.y[k])).T).min() > 0.06)
    x, y = float(demo.x[k]), float(demo.y[k])
    with_demo = diagram.grab().toImage()
    under = colour_near(diagram, x, y, image=without, reach=0)
    theme = window.ctx.theme
    # Faded somewhere between its tail and its head, but the demo colour over what was there,
    # and not the glide's.
    core = colour_near(diagram, x, y, image=with_demo, reach=0)  # on the line, where it runs
    assert _fit(theme.color("demo"), under, core) <= 4
    assert _fit(theme.color("glide"), under, core) > 20
    assert distance_near(diagram, x, y, theme.color("demo"), image=without) > 20


def test_broken_ink_comes_from_the_grader(content):
    learner = across_the_spine()
    report = grade(learner, content.body)
    spine = next(v for v in report.violations if v.rule == "spine")
    trace = Trace(learner, content.body)
    t, _x, _y = samples(learner)
    k = int(np.searchsorted(t, spine.t))
    assert trace.ink[k] == Ink.BROKEN
    assert trace.ink[0] == Ink.WORKING  # the good stroke up the side
    assert broken_samples(learner, content.body)[k]
    # A demonstration breaks nothing: no sample is inked as broken.
    demo = demo_recording(content.techniques["stroking"])
    demo_trace = Trace(demo, content.body)
    assert not (demo_trace.ink == Ink.BROKEN).any()
    assert (demo_trace.ink == Ink.GLIDE).any() and (demo_trace.ink == Ink.WORKING).any()


def test_violation_markers_appear_as_playback_reaches_them(replay, window, content):
    learner = across_the_spine()
    report = grade(learner, content.body)
    replay.load(learner, report=report)
    assert [m.violation for m in replay.markers] == list(report.violations)
    diagram = window.ctx.diagram
    replay.attach()
    first = min(v.t for v in report.violations)
    marker = next(m for m in replay.markers if m.violation.t == first)
    inside = (marker.x, marker.y + MARKER_RADIUS * 0.85)  # in the badge, above its number
    badge = QColor(window.ctx.theme.violation)
    replay.seek(first - 0.05)
    assert distance_near(diagram, *inside, badge) > 40
    replay.seek(first + 0.5)  # reached, and the hand has moved on from it
    assert distance_near(diagram, *inside, badge) <= 8


def _pixels(image):
    image = image.convertToFormat(QImage.Format.Format_RGB32)
    data = np.frombuffer(image.constBits(), dtype=np.uint8, count=image.sizeInBytes())
    return data.reshape(image.height(), image.bytesPerLine())[:, :image.width() * 4].astype(int)


@pytest.mark.parametrize("kind", ["stroking", "percussion"])
def test_partial_repaints_while_playing_leave_what_a_full_repaint_draws(window, content, clock, qtbot, kind):
    """Each tick repaints only what changed; the screen must still show the whole trace (lines or taps)."""
    recording = demo_recording(content.techniques[kind])
    diagram = window.ctx.diagram
    page = QWidget()
    column = QVBoxLayout(page)
    column.addWidget(diagram, 1)
    replay = ReplayView(window.ctx, clock=clock)
    column.addWidget(replay)
    window.stack.addWidget(page)
    window.stack.setCurrentWidget(page)
    replay.load(recording)
    replay.attach()
    qtbot.waitExposed(diagram)
    replay.play()
    for _ in range(60):
        clock.advance(0.1)
        replay.tick()
        QApplication.processEvents()
    top = diagram.mapToGlobal(diagram.rect().topLeft())
    on_screen = window.screen().grabWindow(0, top.x(), top.y(), diagram.width(), diagram.height())
    repainted = diagram.grab()
    # Ink blended straight onto the widget and ink cached in a pixmap may round an
    # antialiased edge one level apart; anything more is a stale region.
    assert np.abs(_pixels(on_screen.toImage()) - _pixels(repainted.toImage())).max() <= 2
    replay.detach()
