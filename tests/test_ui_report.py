"""The drill report: score and verdict, violations (and their markers), heatmap, charts, history."""

from __future__ import annotations

import math
import os
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor

from massage_trainer.core.demo import demo_recording
from massage_trainer.core.grading import grade
from massage_trainer.core.metrics import coverage_grid, speed_profile
from massage_trainer.core.recording import RecordingBuilder
from massage_trainer.core.rules import RULES, rule
from massage_trainer.core.wording import where
from massage_trainer.storage import DrillRun
from massage_trainer.ui.diagram.markers import MARKER_RADIUS
from massage_trainer.ui.practice.report import ReportView, plain_message
from tests.gui_helpers import open_window
from tests.practice_helpers import distance_near

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture
def window(window, qtbot):
    """The window on the Atlas, so the shared diagram shows in it (the window opens on Today)."""
    window.show_screen("atlas")
    qtbot.waitUntil(window.ctx.diagram.painted)
    return window


@pytest.fixture
def view(window, qtbot):
    v = ReportView(window.ctx)
    qtbot.addWidget(v)
    v.resize(520, 900)
    v.show()
    yield v
    v.detach_markers()


def line(b: RecordingBuilder, t: float, p0, p1, seconds: float, pressure: float = 0.6,
         contact: bool = True) -> float:
    """Samples at 60 Hz along a straight line; returns the time after the last one."""
    n = max(2, round(seconds * 60))
    for i in range(n):
        f = i / (n - 1)
        b.add(t, p0[0] + (p1[0] - p0[0]) * f, p0[1] + (p1[1] - p0[1]) * f, contact, pressure)
        t += 1 / 60
    return t


def spine_recording(technique: str = "stroking"):
    """Two good strokes up the left side, then a working stroke across the spine."""
    b = RecordingBuilder(technique)
    t = line(b, 0.0, (-0.2, 0.1), (-0.2, 0.8), 1.5)
    t = line(b, t, (-0.2, 0.8), (-0.15, 0.1), 1.0, pressure=0.2)  # a light glide back down
    t = line(b, t, (-0.15, 0.1), (-0.15, 0.8), 1.5)
    t = line(b, t, (-0.15, 0.8), (-0.2, 0.5), 0.5, pressure=0.2)
    line(b, t, (-0.2, 0.5), (0.2, 0.5), 1.2)  # across the spine, pressing
    return b.build()


def two_phase_recording():
    b = RecordingBuilder("stroking")
    t = line(b, 0.0, (-0.2, 0.1), (-0.2, 0.8), 1.0)
    b.start_phase("rubbing")
    line(b, t, (0.2, 0.1), (0.25, 0.8), 1.0)
    return b.build()


def run(score: float, passed: bool, n: int = 1, report: dict | None = None) -> DrillRun:
    return DrillRun(n, 1, "technique:stroking", f"2025-01-{n:02d}T10:00:00Z", 10.0, score, passed,
                    report or {})


@pytest.fixture(scope="module")
def spine(content):
    rec = spine_recording()
    return rec, grade(rec, content.body)


# --- score and verdict ------------------------------------------------------------------


def test_a_failed_drill_shows_score_and_fail(view, spine):
    rec, report = spine
    assert not report.passed
    view.show_report(report, rec, [])
    assert f"{report.score:.1f}" in view.score_label.text()
    assert view.verdict_label.text() == "FAIL"
    assert view.verdict_icon.passed is False and view.verdict_icon.accessibleName() == "Failed"
    assert "broken" in view.summary_label.text()


def test_a_clean_demo_passes(view, content):
    rec = demo_recording(content.techniques["stroking"])
    report = grade(rec, content.body)
    view.show_report(report, rec, [])
    assert view.verdict_label.text() == "PASS"
    assert view.verdict_icon.passed is True
    assert view.violation_list.rows == []
    assert "None" in view.violations_hint.text()


# --- violations ----------------------------------------------------------------------------


def test_crossing_the_spine_lists_a_spine_violation_citing_rule_6(view, spine, content):
    rec, report = spine
    view.show_report(report, rec, [])
    rules = [v.rule for v in report.violations]
    assert "spine" in rules
    assert len(view.violation_list.rows) == len(report.violations)
    i = rules.index("spine")
    row = view.violation_list.rows[i]
    rule6 = content.reference.rule(6)
    assert row.title.text() == f"Rule 6: {rule6.title}"
    assert row.badge.number == "6"
    v = report.violations[i]
    meta = row.meta.text()
    # Words a student reads: the time (m:ss), the phase and the place, no internal rule id.
    phase = f"phase {v.phase + 1} ({rec.phases[v.phase].technique})"
    assert meta == f"at {int(v.t // 60)}:{int(v.t % 60):02d} · {phase} · {where(v)}"
    assert "on the spine" in meta
    assert not any(f"{rule.id} ·" in meta for rule in RULES)
    assert row.message.text() == plain_message(v)
    assert v.message.startswith(row.message.text())  # the message, less its citation
    assert "(rule 6" not in row.message.text()  # the title already says it


def test_each_row_and_marker_cite_the_reference_rule_the_rule_table_names(view, content):
    # Across the spine, down the back, off the top, a lift mid-stroking, and ending with rubbing.
    b = RecordingBuilder("stroking")
    t = line(b, 0.0, (-0.2, 0.5), (0.2, 0.5), 1.2)
    t = line(b, t, (0.2, 0.9), (0.2, 0.2), 1.2)
    t = line(b, t, (0.2, 0.2), (0.2, 1.1), 1.2, pressure=0.2)
    t = line(b, t, (0.2, 0.5), (0.2, 0.5), 0.2, contact=False)
    t = line(b, t, (0.2, 0.5), (0.2, 0.8), 0.5)
    b.start_phase("rubbing")
    line(b, t, (0.2, 0.1), (0.25, 0.8), 1.0)
    rec = b.build()
    report = grade(rec, content.body)
    assert {v.rule for v in report.violations} >= {"spine", "direction", "area", "contact", "order"}
    view.show_report(report, rec, [])
    view.attach_markers()
    rows, markers = view.violation_list.rows, view.markers.markers
    for v, row, marker in zip(report.violations, rows, markers, strict=True):
        number = rule(v.rule).number
        assert row.badge.number == marker.number == rule(v.rule).mark
        if number is None:  # revision 2's rules: the drill's plan, the technique
            assert row.title.text().split(":")[0] in ("The drill's plan", v.technique.capitalize())
            continue
        assert row.badge.number == str(number)
        assert row.title.text() == f"Rule {number}: {content.reference.rule(number).title}"


def _patch(image, diagram, x, y) -> QColor:
    p = diagram.to_widget(x, y)
    dpr = image.devicePixelRatio()
    return image.pixelColor(round(p.x() * dpr), round(p.y() * dpr))


def test_each_violation_is_marked_on_the_diagram(view, spine, window, qtbot):
    rec, report = spine
    diagram = window.ctx.diagram
    view.show_report(report, rec, [])
    before = diagram.grab().toImage()
    view.attach_markers()
    after = diagram.grab().toImage()
    assert len(view.markers.markers) == len(report.violations)
    assert [m.number for m in view.markers.markers] == [rule(v.rule).mark for v in report.violations]
    first = view.markers.markers[0]
    assert (first.x, first.y) == (report.violations[0].x, report.violations[0].y)
    # Inside the badge, above its number: the violation colour.
    c = _patch(after, diagram, first.x, first.y + MARKER_RADIUS * 0.85)
    want = QColor(window.ctx.theme.violation)
    assert abs(c.red() - want.red()) + abs(c.green() - want.green()) + abs(c.blue() - want.blue()) < 60
    view.detach_markers()
    assert diagram.grab().toImage() == before


def test_markers_that_would_overlap_are_moved_apart(view, spine):
    rec, report = spine
    view.show_report(report, rec, [])
    ms = view.markers.markers
    for i, a in enumerate(ms):
        for b in ms[i + 1:]:
            assert math.hypot(a.x - b.x, a.y - b.y) >= 2 * MARKER_RADIUS


def test_picking_a_violation_emits_it_and_highlights_its_marker(view, spine, window, qtbot):
    rec, report = spine
    view.show_report(report, rec, [])
    view.attach_markers()
    diagram = window.ctx.diagram
    marker = view.markers.markers[1]
    ring = QColor(diagram.palette().highlight().color())
    # The highlight ring goes round the enlarged badge, just outside it.
    on_ring = (marker.x + MARKER_RADIUS * 1.3 + 0.012, marker.y)
    assert distance_near(diagram, *on_ring, ring) > 40
    row = view.violation_list.rows[1]
    with qtbot.waitSignal(view.violationSelected) as blocker:
        qtbot.mouseClick(row, Qt.MouseButton.LeftButton)
    assert blocker.args == [report.violations[1]]
    assert view.selected_violation() == report.violations[1]
    assert view.markers.selected == 1
    assert row.selected and not view.violation_list.rows[0].selected
    assert distance_near(diagram, *on_ring, ring) <= 8
    # The keyboard: Up picks the row above.
    with qtbot.waitSignal(view.violationSelected) as blocker:
        qtbot.keyClick(row, Qt.Key.Key_Up)
    assert blocker.args == [report.violations[0]]
    assert view.markers.selected == 0


# --- charts ------------------------------------------------------------------------------


def test_heatmap_has_the_grids_shape_zero_where_untouched_blank_off_the_area(view, spine, content):
    rec, report = spine
    view.show_report(report, rec, [])
    grid = coverage_grid(rec, content.body)
    image = view.coverage_chart.image.image
    assert image.shape == grid.seconds.shape
    untouched = grid.on_area & ~grid.touched
    assert untouched.any() and (image[untouched] == 0).all()
    assert np.isnan(image[~grid.on_area]).all()
    on = grid.on_area
    np.testing.assert_allclose(image[on], grid.seconds[on])
    assert view.coverage_chart.untouched.path().isEmpty() is False


def test_speed_and_pressure_curves_hold_the_profile(view, spine):
    rec, report = spine
    view.show_report(report, rec, [])
    chart = view.speed_chart
    profile = speed_profile(rec)
    x, y = chart.speed_curve.getData()
    np.testing.assert_allclose(x, profile.t)
    np.testing.assert_allclose(y, profile.speed)
    _px, py = chart.pressure_curve.getData()
    contact = np.concatenate([p.contact for p in rec.phases])
    np.testing.assert_allclose(py[contact], profile.pressure[contact])
    assert chart.threshold.value() == pytest.approx(0.3)
    assert chart.threshold.label.toPlainText() == "glide / working"
    assert chart.threshold.pen.style() == Qt.PenStyle.DashLine
    # Colour and line style both tell the curves apart.
    assert chart.speed_curve.opts["pen"].style() != chart.pressure_curve.opts["pen"].style()
    assert chart.speed_curve.opts["pen"].color() != chart.pressure_curve.opts["pen"].color()


def test_phase_boundaries_are_marked(view, content):
    rec = two_phase_recording()
    view.show_report(grade(rec, content.body), rec, [])
    lines = view.speed_chart.phase_lines
    assert [line.value() for line in lines] == [float(p.t[0]) for p in rec.phases]
    assert "rubbing" in lines[1].label.toPlainText()


def test_pressure_is_not_drawn_while_lifted(view, content):
    b = RecordingBuilder("percussion")
    t = 0.0
    for k in range(40):
        b.add(t, -0.2, 0.3 + k * 0.01, k % 4 < 2, 0.3)
        t += 1 / 30
    rec = b.build()
    view.show_report(grade(rec, content.body), rec, [])
    _x, py = view.speed_chart.pressure_curve.getData()
    contact = rec.phases[0].contact
    assert np.isnan(py[~contact]).all() and np.isfinite(py[contact]).all()


# --- metrics -------------------------------------------------------------------------------


def test_metrics_have_values_and_rhythm_only_for_taps(view, content, spine):
    rec, report = spine
    view.show_report(report, rec, [])
    for key in ("duration_s", "coverage", "mean_speed", "smoothness", "symmetry"):
        _name, value, why = view.metric_rows[key]
        assert not value.isHidden() and value.text() and why.text()
    assert view.metric_rows["coverage"][1].text() == f"{report.metrics['coverage']:.0%}"
    assert view.metric_rows["rhythm"][1].isHidden()
    perc = demo_recording(content.techniques["percussion"])
    perc_report = grade(perc, content.body)
    assert "rhythm" in perc_report.metrics
    view.show_report(perc_report, perc, [])
    assert not view.metric_rows["rhythm"][1].isHidden()
    assert view.metric_rows["rhythm"][1].text() == f"{perc_report.metrics['rhythm']:.0%}"


# --- comparison ---------------------------------------------------------------------------


def test_comparison_with_the_last_attempts(view, spine):
    rec, report = spine
    previous = [run(report.score - 10, False, 3), run(80.0, True, 2), run(50.0, False, 1)]  # newest first
    view.show_report(report, rec, previous)
    chart = view.history_chart
    assert not chart.isHidden()
    x, y = chart.curve.getData()
    assert list(y) == [50.0, 80.0, report.score - 10, report.score]  # oldest first, this one last
    assert list(x) == [1, 2, 3, 4]
    text = view.change_label.text()
    assert "▲ 10.0 points higher" in text and f"({report.score - 10:.1f})" in text


def test_first_attempt_has_no_chart(view, spine):
    rec, report = spine
    view.show_report(report, rec, [])
    assert view.history_chart.isHidden()
    assert "first attempt" in view.change_label.text()


def test_an_identical_earlier_run_is_still_an_earlier_attempt(view, spine):
    rec, report = spine
    same = run(report.score, report.passed, 2, report.to_dict())  # the same recording, graded before
    view.show_report(report, rec, [same, run(40.0, False, 1)])
    _x, y = view.history_chart.curve.getData()
    assert list(y) == [40.0, report.score, report.score]
    assert view.change_label.text().startswith(f"= The same score as your last attempt ({report.score:.1f})")
    assert "first attempt" not in view.change_label.text()


# --- scaling and start-up -------------------------------------------------------------------


@pytest.mark.parametrize("live_resize", [False, True])
def test_type_and_charts_scale_on_a_4k_projector(qtbot, spine, live_resize):
    rec, report = spine
    window, storage = open_window(qtbot, size=(1366, 768) if live_resize else (3840, 2160))
    try:
        view = ReportView(window.ctx)
        window.stack.addWidget(view)
        window.stack.setCurrentWidget(view)
        view.show_report(report, rec, [run(60.0, False)])
        if live_resize:
            qtbot.waitUntil(lambda: view.summary_label.font().pointSizeF() == 10)
            window.resize(3840, 2160)
        qtbot.waitUntil(lambda: view.font().pointSizeF() >= 2.5 * 10)
        base = view.font().pointSizeF()
        assert view.summary_label.font().pointSizeF() == base
        assert view.violation_list.rows[0].message.font().pointSizeF() == base
        assert view.score_label.font().pointSizeF() > 2 * base
        for chart in (view.coverage_chart, view.speed_chart, view.history_chart):
            assert chart is not None
            assert chart.plot.getAxis("left").style["tickFont"].pointSizeF() >= 0.85 * base
            assert chart.ui_scale() >= 2.5
        assert view.speed_chart is not None and view.speed_chart.speed_curve.opts["pen"].widthF() >= 2 * 2.5
    finally:
        window.close()
        storage.close()


def _in_a_fresh_app(tmp_path, lines: str) -> subprocess.CompletedProcess[str]:
    """Run `lines` in a new process with the app's window built on a record in tmp_path (`window`),
    the report and replay views importable; the record is closed after."""
    code = (
        "import sys\n"
        "from pathlib import Path\n"
        "from massage_trainer.content import load_content\n"
        "from massage_trainer.storage import Storage\n"
        "from massage_trainer.ui.kit import theme as th\n"
        "from massage_trainer.ui.shell.app import build_window, ensure_app\n"
        "from massage_trainer.ui.practice.report import ReportView\n"
        "from massage_trainer.ui.practice.replay import ReplayView\n"
        "ensure_app()\n"
        f"storage = Storage.open(Path({str(tmp_path)!r}))\n"
        "window = build_window(load_content(), storage, th.LIGHT)\n"
        + lines +
        "storage.close()\n"
    )
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    return subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True,
                          timeout=120)


def test_pyqtgraph_is_not_loaded_until_a_report_is_shown(tmp_path):
    out = _in_a_fresh_app(tmp_path, "report, replay = ReportView(window.ctx), ReplayView(window.ctx)  "
                                    "# both kept while the other is built\n"
                                    "print('pyqtgraph' in sys.modules)\n")
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip().splitlines()[-1] == "False"


def test_clicking_a_marker_on_the_diagram_picks_its_violation(view, spine, window, qtbot):
    rec, report = spine
    view.show_report(report, rec, [])
    view.attach_markers()
    diagram = window.ctx.diagram
    marker = view.markers.markers[1]
    with qtbot.waitSignal(view.violationSelected) as blocker:
        qtbot.mouseClick(diagram, Qt.MouseButton.LeftButton, pos=diagram.to_widget(marker.x, marker.y).toPoint())
    assert blocker.args == [report.violations[1]]
    assert view.markers.selected == 1
    # A click on bare skin picks nothing; once detached, clicks are not heard at all.
    with qtbot.assertNotEmitted(view.violationSelected):
        qtbot.mouseClick(diagram, Qt.MouseButton.LeftButton, pos=diagram.to_widget(0.3, 0.1).toPoint())
    view.detach_markers()
    with qtbot.assertNotEmitted(view.violationSelected):
        qtbot.mouseClick(diagram, Qt.MouseButton.LeftButton,
                         pos=diagram.to_widget(view.markers.markers[0].x, view.markers.markers[0].y).toPoint())


def test_a_view_thrown_away_leaves_no_filter_that_fails(tmp_path):
    """A report view dropped at once, then a replay view built: the dropped view's scale follower,
    kept by Qt after Python let it go, stops watching instead of failing on every event."""
    out = _in_a_fresh_app(tmp_path, "ReportView(window.ctx)\nReplayView(window.ctx)\n"
                                    "window.resize(1400, 900)\nprint('built')\n")
    assert out.returncode == 0 and out.stdout.strip() == "built", out.stderr
    assert "Error calling Python override" not in out.stderr and "Traceback" not in out.stderr, out.stderr
