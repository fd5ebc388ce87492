"""The replay's list of violations: picking one pauses just before it and rings its marker."""

from __future__ import annotations

from dataclasses import replace

import pytest
from PySide6.QtCore import Qt

from massage_trainer.core.demo import demo_recording
from massage_trainer.core.grading import grade
from massage_trainer.core.wording import moment
from massage_trainer.ui.diagram.markers import MARKER_RADIUS
from massage_trainer.ui.practice.replay import ReplayView
from tests.gui_helpers import FakeClock
from tests.practice_helpers import at, distance_near
from tests.test_ui_replay import across_the_spine


@pytest.fixture
def window(window, qtbot):
    """The window on the Atlas, so the shared diagram shows in it (the window opens on Today)."""
    window.show_screen("atlas")
    qtbot.waitUntil(window.ctx.diagram.painted)
    return window


@pytest.fixture
def replay(window, qtbot):
    view = ReplayView(window.ctx, clock=FakeClock())
    qtbot.addWidget(view)
    view.show()
    yield view
    view.detach()


@pytest.fixture
def learner(content):
    recording = across_the_spine()
    return recording, grade(recording, content.body)


def _ring_distance(diagram, marker, colour):
    """How near the highlight ring round a picked marker (above it, clear of the ink) is to `colour`."""
    return distance_near(diagram, marker.x, marker.y + MARKER_RADIUS * 1.3 + 0.012, colour)


def test_the_list_names_each_violation_with_its_moment(replay, learner):
    recording, report = learner
    replay.load(recording, report=report)
    rows = replay.violation_list.rows
    # Across the spine twice, then the drill stops: one side worked far more than the other.
    assert [v.rule for v in report.violations] == ["direction", "spine", "coverage"]
    assert len(rows) == len(report.violations)
    for row, v in zip(rows, report.violations, strict=True):
        assert f"at {moment(v.t)}" in row.meta.text()
    assert replay.violations.heading.text() == "Rules broken (3 breaks of 3 rules)"


def test_choosing_the_second_row_seeks_before_it_and_rings_its_marker(replay, learner, window, qtbot):
    recording, report = learner
    diagram = window.ctx.diagram
    replay.load(recording, report=report)
    replay.attach()
    second = replay.markers[1]
    highlight = diagram.palette().highlight().color()
    assert _ring_distance(diagram, second, highlight) > 40
    replay.play()
    qtbot.mouseClick(replay.violation_list.rows[1], Qt.MouseButton.LeftButton)
    assert replay.position() == pytest.approx(report.violations[1].t - replay.LEAD_S)
    assert not replay.is_playing()  # it stays there, paused
    assert replay.violation_list.current() == 1 and replay.selected == 1
    assert second.violation.t > replay.position()  # not reached yet, yet shown, ringed
    assert _ring_distance(diagram, second, highlight) <= 8
    assert _ring_distance(diagram, replay.markers[0], highlight) > 40


def test_a_violation_in_the_first_second_seeks_to_the_start(replay, content):
    recording = across_the_spine()
    report = grade(recording, content.body)
    early = report.violations[0]
    # The same violation, a second earlier than the lead allows: clamped to the start.
    moved = replace(report, violations=(replace(early, t=float(recording.samples.t[0]) + 0.3),
                                        *report.violations[1:]))
    replay.load(recording, report=moved)
    replay.seek(2.0)
    replay.choose_violation(0)
    assert replay.position() == recording.samples.t[0]
    assert replay.violation_list.current() == 0


def test_up_down_and_enter_pick_rows(replay, learner, qtbot):
    recording, report = learner
    replay.load(recording, report=report)
    first, second, *_ = replay.violation_list.rows
    first.setFocus()
    qtbot.keyClick(first, Qt.Key.Key_Down)
    assert replay.violation_list.current() == 1
    assert replay.position() == pytest.approx(report.violations[1].t - replay.LEAD_S)
    qtbot.keyClick(second, Qt.Key.Key_Up)
    assert replay.violation_list.current() == 0
    assert replay.position() == pytest.approx(report.violations[0].t - replay.LEAD_S)
    replay.seek(3.0)
    qtbot.keyClick(first, Qt.Key.Key_Return)
    assert replay.position() == pytest.approx(report.violations[0].t - replay.LEAD_S)
    replay.seek(3.0)
    qtbot.keyClick(first, Qt.Key.Key_Space)  # Space on a row picks it, and does not play
    assert replay.position() == pytest.approx(report.violations[0].t - replay.LEAD_S)
    assert not replay.is_playing()


def test_a_clean_recording_lists_none(replay, content):
    replay.load(demo_recording(content.techniques["stroking"]))
    assert replay.violation_list.rows == []
    assert replay.violations.rows_area.isHidden()
    assert replay.violations.hint.text() == "None in this drill."


def test_clicking_a_marker_on_show_selects_its_row(replay, learner, window, qtbot):
    recording, report = learner
    diagram = window.ctx.diagram
    replay.load(recording, report=report)
    replay.attach()
    second = replay.markers[1]
    replay.seek(report.violations[0].t + 0.01)  # the first marker is reached, the second not yet
    qtbot.mouseClick(diagram, Qt.MouseButton.LeftButton, pos=at(diagram, second.x, second.y))
    assert replay.violation_list.current() == -1 and replay.selected == -1  # not on show: nothing to click
    replay.seek(recording.duration)
    qtbot.mouseClick(diagram, Qt.MouseButton.LeftButton, pos=at(diagram, second.x, second.y))
    assert replay.violation_list.current() == 1 and replay.selected == 1
    assert replay.position() == pytest.approx(report.violations[1].t - replay.LEAD_S)
    first = replay.markers[0]
    replay.seek(recording.duration)
    qtbot.mouseClick(diagram, Qt.MouseButton.LeftButton, pos=at(diagram, first.x, first.y))
    assert replay.violation_list.current() == 0 and replay.selected == 0


def test_a_click_off_the_markers_or_after_the_replay_is_gone_picks_nothing(replay, learner, window, qtbot):
    recording, report = learner
    diagram = window.ctx.diagram
    replay.load(recording, report=report)
    replay.attach()
    replay.seek(recording.duration)
    marker = replay.markers[1]
    qtbot.mouseClick(diagram, Qt.MouseButton.LeftButton, pos=at(diagram, marker.x + 0.1, marker.y + 0.1))
    assert replay.violation_list.current() == -1
    replay.detach()
    qtbot.mouseClick(diagram, Qt.MouseButton.LeftButton, pos=at(diagram, marker.x, marker.y))
    assert replay.violation_list.current() == -1
