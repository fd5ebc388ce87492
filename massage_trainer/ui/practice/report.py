"""The drill report: score and verdict, each rule broken (and where, on the diagram),
the coverage heatmap, speed and pressure over time, the measures, and the last attempts.

`ReportView` is a self-scrolling column for the practice screen's side panel.
Its diagram layer, `ReportMarkers` (report_layer.py), draws the traced path
faintly and a numbered marker (the general rule's number) at every violation;
it goes on the shared diagram with `attach_markers()` and comes off with
`detach_markers()`. Picking a violation in the list (report_widgets.py)
highlights its marker and emits `violationSelected`.

The charts need pyqtgraph, which is slow to import, so they are built the
first time a report is shown, never when the view is made.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import TYPE_CHECKING, Final, Protocol

from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtWidgets import (
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from massage_trainer.core.grading import GradeConfig, Report, Violation
from massage_trainer.core.metrics import coverage_grid, speed_profile
from massage_trainer.core.recording import Recording
from massage_trainer.core.wording import moment, sentence, tally, where
from massage_trainer.ui.diagram.markers import (
    MARKER_RADIUS,
    place_markers,
)
from massage_trainer.ui.diagram.trace import Trace
from massage_trainer.ui.kit import theme as th
from massage_trainer.ui.kit.dialogs import plain_label
from massage_trainer.ui.kit.scaling import FollowWindowScale, scale_tree
from massage_trainer.ui.kit.text import clock_text, score_text
from massage_trainer.ui.kit.widgets import Card, heading, muted, paragraph
from massage_trainer.ui.practice.report_layer import ReportMarkers
from massage_trainer.ui.practice.report_widgets import VerdictIcon, ViolationList, row_title

if TYPE_CHECKING:
    from massage_trainer.ui.kit.context import AppContext
    from massage_trainer.ui.practice.charts import CoverageChart, ScoreHistoryChart, SpeedPressureChart

DEFAULT_PASS_MARK: Final = GradeConfig().pass_mark
HISTORY_LENGTH: Final = 10  # attempts on the chart, this one included
SCORE_SCALE: Final = 1.25 ** 4
VERDICT_SCALE: Final = 1.25 ** 2


class PastRun(Protocol):
    """What the comparison needs of a saved drill run (storage.drills.DrillRun has it)."""

    @property
    def score(self) -> float: ...
    @property
    def passed(self) -> bool: ...
    @property
    def started_at(self) -> str: ...


def _percent(v: float) -> str:
    return f"{v:.0%}"


# (metric key, name, how the value reads, what it means), in the order shown.
METRICS: Final = (
    ("duration_s", "Duration", lambda v: clock_text(v),
     "How long the drill lasted, from the first sample to the last."),
    ("coverage", "Coverage", _percent,
     "The share of the working area (waist line to C7) your hands touched."),
    ("mean_speed", "Mean speed", lambda v: f"{v:.2f} back lengths/s",
     "How fast your hands travelled while touching the back."),
    ("smoothness", "Smoothness", _percent,
     "How steadily your hands kept their course; 100 % means no jerky turns or reversals."),
    ("symmetry", "Left/right symmetry", _percent,
     "How evenly the time was shared between the patient's left and right sides; 100 % is equal."),
    ("rhythm", "Rhythm", _percent,
     "How even the beat of the taps was; 100 % is a perfectly steady beat."),
)

def plain_message(violation: Violation) -> str:
    """The violation's message without citing its rule, which the row's title says."""
    return sentence(violation)


class ReportView(QWidget):
    """The drill's report, for the practice screen's side panel (it scrolls itself).

    show_report() fills it; attach_markers()/detach_markers() put the violation
    markers on ctx.diagram and take them off; select_violation() picks one.
    """

    violationSelected = Signal(object)  # Violation: picked in the list; its marker is highlighted

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.theme = ctx.theme
        self.report: Report | None = None
        self.recording: Recording | None = None
        self.markers = ReportMarkers()
        self._listening = False  # to clicks on ctx.diagram, while the markers are attached
        self.coverage_chart: CoverageChart | None = None
        self.speed_chart: SpeedPressureChart | None = None
        self.history_chart: ScoreHistoryChart | None = None
        self.scroll_area = QScrollArea()
        self.scroll_area.setWidgetResizable(True)
        self.scroll_area.setFrameShape(QFrame.Shape.NoFrame)
        self.scroll_area.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        inner = QWidget()
        self.column = QVBoxLayout(inner)
        self.column.setContentsMargins(th.SPACING * 2, th.SPACING * 2, th.SPACING * 2, th.SPACING * 2)
        self.column.setSpacing(th.SPACING * 2)
        self.scroll_area.setWidget(inner)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(self.scroll_area)
        self._build_result()
        self._build_violations()
        self.coverage_card = self._card("Where your hands worked")
        self.coverage_card.body.addWidget(paragraph(
            "Seconds of contact on each part of the back, seen from behind: darker cells were "
            "worked longer. Blank cells lie off the working area."))
        self.speed_card = self._card("Speed and pressure over time")
        self._build_metrics()
        self.history_card = self._card("Your last attempts")
        self.change_label = paragraph()
        self.change_label.setObjectName("scoreChange")
        self.history_card.body.addWidget(self.change_label)
        self.column.addStretch(1)
        self.setAccessibleName("Drill report")
        self.scaler = FollowWindowScale(self)

    # --- building ------------------------------------------------------------------

    def _card(self, title: str) -> Card:
        card = Card()
        card.body.addWidget(plain_label(heading(title, 2)))
        self.column.addWidget(card)
        return card

    def _build_result(self) -> None:
        card = Card()
        card.setObjectName("resultCard")
        row = QHBoxLayout()
        row.setSpacing(th.SPACING * 2)
        self.verdict_icon = VerdictIcon(self.theme)
        row.addWidget(self.verdict_icon, 0, Qt.AlignmentFlag.AlignVCenter)
        words = QVBoxLayout()
        words.setSpacing(0)
        self.verdict_label = plain_label(QLabel("—"))
        self.verdict_label.setObjectName("verdict")
        self.verdict_label.setProperty("scaleFactor", VERDICT_SCALE)
        self.score_label = plain_label(QLabel("—"))
        self.score_label.setObjectName("score")
        self.score_label.setProperty("scaleFactor", SCORE_SCALE)
        self.score_label.setAccessibleName("Score")
        for label in (self.verdict_label, self.score_label):
            f = label.font()
            f.setBold(True)
            label.setFont(f)
            words.addWidget(label)
        row.addLayout(words, 1)
        card.body.addLayout(row)
        self.summary_label = paragraph()
        self.summary_label.setObjectName("summary")
        card.body.addWidget(self.summary_label)
        self.column.addWidget(card)

    def _build_violations(self) -> None:
        card = self._card("Rules broken")
        self.violations_heading = card.findChild(QLabel, "heading2")
        self.violations_hint = paragraph()
        card.body.addWidget(self.violations_hint)
        self.violation_list = ViolationList(self.theme)
        self.violation_list.selected.connect(self._on_selected)
        card.body.addWidget(self.violation_list)

    def _build_metrics(self) -> None:
        card = self._card("Measures")
        grid = QGridLayout()
        grid.setHorizontalSpacing(th.SPACING * 2)
        grid.setVerticalSpacing(th.SPACING // 2)
        self.metric_rows: dict[str, tuple[QLabel, QLabel, QLabel]] = {}
        for i, (key, name, _fmt, why) in enumerate(METRICS):
            name_label = plain_label(QLabel(name))
            f = name_label.font()
            f.setBold(True)
            name_label.setFont(f)
            name_label.setProperty("scaleFactor", 1.0)
            value = plain_label(QLabel())
            value.setObjectName(f"metric_{key}")
            value.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            explain = muted(paragraph(why), self.theme)
            grid.addWidget(name_label, 2 * i, 0)
            grid.addWidget(value, 2 * i, 1)
            grid.addWidget(explain, 2 * i + 1, 0, 1, 2)
            self.metric_rows[key] = (name_label, value, explain)
        grid.setColumnStretch(0, 1)
        card.body.addLayout(grid)

    def _ensure_charts(self) -> None:
        """Build the charts (and import pyqtgraph) the first time a report is shown."""
        if self.coverage_chart is not None:
            return
        from massage_trainer.ui.practice.charts import CoverageChart, ScoreHistoryChart, SpeedPressureChart

        config = GradeConfig()
        self.coverage_chart = CoverageChart(self.theme, self.ctx.content.body)
        self.coverage_card.body.addWidget(self.coverage_chart)
        self.speed_chart = SpeedPressureChart(self.theme, config.working_pressure)
        self.speed_card.body.addWidget(self.speed_chart)
        self.history_chart = ScoreHistoryChart(self.theme)
        self.history_card.body.addWidget(self.history_chart)

    # --- public API ----------------------------------------------------------------

    def show_report(self, report: Report, recording: Recording, previous: Sequence[PastRun],
                    pass_mark: float = DEFAULT_PASS_MARK) -> None:
        """Show a graded drill. `previous`: the learner's earlier runs of this drill, newest first,
        without this one (the caller knows which run this is; equal scores prove nothing)."""
        self.report, self.recording = report, recording
        body = self.ctx.content.body
        previous = list(previous)  # earlier runs only: an identical earlier run is still an attempt
        self._ensure_charts()
        self._show_result(report, pass_mark)
        self._show_violations(report, recording)
        self.markers.set_report(Trace(recording, body), place_markers(report.violations))
        assert self.coverage_chart and self.speed_chart
        self.coverage_chart.set_grid(coverage_grid(recording, body, GradeConfig().coverage_cell))
        contact = recording.samples.contact
        phases = [(float(p.t[0]), p.technique) for p in recording.phases]
        self.speed_chart.set_profile(speed_profile(recording), contact, phases)
        self._show_metrics(report)
        self._show_history(report, previous, pass_mark)
        scale_tree(self)
        self.scroll_area.verticalScrollBar().setValue(0)

    def attach_markers(self) -> None:
        """Put the faint path and the violation markers on ctx.diagram; a click on one picks it."""
        self.markers.attach(self.ctx.diagram)
        if not self._listening:
            self.ctx.diagram.clicked.connect(self._on_diagram_click)
            self._listening = True

    def detach_markers(self) -> None:
        self.markers.detach()
        if self._listening:
            self.ctx.diagram.clicked.disconnect(self._on_diagram_click)
            self._listening = False

    def _on_diagram_click(self, x: float, y: float) -> None:
        """Pick the violation whose marker was clicked (markers are in the report's order)."""
        hits = [(math.hypot(m.x - x, m.y - y), i) for i, m in enumerate(self.markers.markers)]
        near = [hit for hit in hits if hit[0] <= MARKER_RADIUS * 1.3]
        if near:
            self.select_violation(min(near)[1])

    def select_violation(self, index: int) -> None:
        """Pick the index-th violation, as a click on its row does."""
        self.violation_list.select(index)

    def selected_violation(self) -> Violation | None:
        i = self.violation_list.current()
        return self.report.violations[i] if self.report is not None and i >= 0 else None

    # --- filling in ------------------------------------------------------------------

    def _show_result(self, report: Report, pass_mark: float) -> None:
        self.verdict_icon.set_passed(report.passed)
        self.verdict_label.setText("PASS" if report.passed else "FAIL")
        self.score_label.setText(f"{score_text(report.score)} / 100")
        self.score_label.setAccessibleDescription(f"Score {score_text(report.score)} out of 100")
        n = len(report.violations)
        if report.passed:
            summary = f"No rule broken, and the score reaches the pass mark of {pass_mark:g}."
        elif n:
            summary = f"{tally(report.violations)}: a drill passes only when no rule is broken."
            if report.score < pass_mark:
                summary += f" The score is also below the pass mark of {pass_mark:g}."
        else:
            summary = (f"No rule broken, but the score is below the pass mark of {pass_mark:g}: "
                       "cover more of the back, keep moving, and move smoothly.")
        self.summary_label.setText(summary)

    def _show_violations(self, report: Report, recording: Recording) -> None:
        reference = self.ctx.content.reference
        rows = []
        for v in report.violations:
            n, title = row_title(v, reference)
            technique = recording.phases[v.phase].technique if v.phase < len(recording.phases) else "?"
            # The time, place and words the live alert gave it (core/wording.py); not the
            # rule's internal id: the row's title already names the rule in a student's words.
            meta = " · ".join(filter(None, (f"at {moment(v.t)}",
                                            f"phase {v.phase + 1} ({technique})", where(v))))
            rows.append((n, title, meta, plain_message(v)))
        self.violation_list.set_rows(rows)
        count = len(rows)
        if self.violations_heading is not None:
            self.violations_heading.setText(
                f"Rules broken ({tally(report.violations)})" if count else "Rules broken")
        self.violations_hint.setText(
            "Pick one to find its numbered marker on the diagram." if count else "None. Well done.")

    def _show_metrics(self, report: Report) -> None:
        for key, _name, fmt, _why in METRICS:
            labels = self.metric_rows[key]
            value = report.metrics.get(key)
            shown = value is not None and math.isfinite(value)
            for label in labels:
                label.setVisible(shown)
            if shown:
                assert value is not None
                labels[1].setText(fmt(value))

    def _show_history(self, report: Report, previous: list[PastRun], pass_mark: float) -> None:
        assert self.history_chart is not None
        if not previous:
            self.change_label.setText("This is your first attempt at this drill; "
                                      "the next ones will be compared with it.")
            self.history_chart.hide()
            return
        last = previous[0].score
        delta = report.score - last
        if abs(delta) < 0.05:
            change = f"= The same score as your last attempt ({score_text(last)})."
        elif delta > 0:
            change = f"▲ {delta:.1f} points higher than your last attempt ({score_text(last)})."
        else:
            change = f"▼ {-delta:.1f} points lower than your last attempt ({score_text(last)})."
        earlier = list(reversed(previous[:HISTORY_LENGTH - 1]))
        best = max(r.score for r in previous)
        self.change_label.setText(f"{change} Best before this: {score_text(best)}.")
        self.history_chart.set_scores([r.score for r in earlier] + [report.score],
                                      [r.passed for r in earlier] + [report.passed], pass_mark)
        self.history_chart.show()

    def _on_selected(self, index: int) -> None:
        self.markers.set_selected(index)
        if self.report is not None:
            self.violationSelected.emit(self.report.violations[index])

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.FontChange:
            scale_tree(self)
        super().changeEvent(event)

