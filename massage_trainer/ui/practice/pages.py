"""The Practice screen's side-panel pages: their layout only.

The screen (ui/practice/screen.py) connects their buttons and fills them in;
the pages hold no logic of their own.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QHBoxLayout, QLabel, QListWidgetItem, QPushButton, QVBoxLayout, QWidget

from massage_trainer.core.drill import DrillSpec, format_seconds
from massage_trainer.core.rules import WORKING_PRESSURE
from massage_trainer.ui.kit import theme as th
from massage_trainer.ui.kit.widgets import Card, legend_row, paragraph
from massage_trainer.ui.kit.widgets import heading as kit_heading
from massage_trainer.ui.practice.keys import DRILL_KEYS, key_label
from massage_trainer.ui.practice.widgets import (
    AlertCard,
    BusyIndicator,
    FitList,
    FitPanel,
    FitTree,
    PressureGauge,
)

KEYS_HELP = "↑ ↓, wheel, 1–9: pressure · Shift or G: glide · C: contact lock · V: vibrate · F1: all the keys"


def hand_text(down: bool, lock: bool, vibrating: bool) -> str:
    """The hand's state in words, with a shape for it (filled: on the skin; hollow: lifted)."""
    if vibrating:
        return "≋ Hand down, trembling (V held; release V to lift)"
    if lock:
        return "● Hand down: contact lock on (C lifts it)"
    if down:
        return "● Hand down"
    return "○ Hand lifted (C puts it down where the pointer is)"


def heading(text: str, level: int = 1) -> QLabel:
    """A heading that shows its text exactly as it is: a learner's name is never read as markup."""
    label = kit_heading(text, level)
    label.setTextFormat(Qt.TextFormat.PlainText)
    return label


def _button_row(*buttons: QPushButton) -> QHBoxLayout:
    row = QHBoxLayout()
    row.setSpacing(th.SPACING)
    for b in buttons:
        row.addWidget(b)
    row.addStretch(1)
    return row


class ChoosePage(FitPanel):
    """The drills to choose from, and the learner's saved drills."""

    def __init__(self, specs: list[DrillSpec], disclaimer: str, theme: th.Theme,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        col = self.column
        col.addWidget(heading("Practise a drill", 1))
        col.addWidget(paragraph(
            "Trace each technique on the back with the mouse, touchpad or a pen while the timer "
            "runs. The ink shows the moment a rule is broken, and a report follows."))
        card = Card()
        card.body.addWidget(heading("Drills", 3))
        self.drill_list = FitList(rows=10)
        self.drill_list.setAccessibleName("Drills")
        for spec in specs:
            item = QListWidgetItem(f"{spec.title} — {format_seconds(spec.total_seconds)}")
            item.setData(Qt.ItemDataRole.UserRole, spec.id)
            self.drill_list.addItem(item)
        card.body.addWidget(self.drill_list)
        self.drill_text = paragraph()
        self.drill_text.setObjectName("drillDescription")
        card.body.addWidget(self.drill_text)
        self.start_button = QPushButton("Start…")
        self.start_button.setDefault(True)
        card.body.addWidget(self.start_button, 0, Qt.AlignmentFlag.AlignLeft)
        col.addWidget(card)

        self.note = paragraph()  # what just happened: cancelled, imported, exported ...
        self.note.setObjectName("practiceNote")
        self.note.setVisible(False)
        col.addWidget(self.note)

        # Drills that could not be saved, kept in memory until they are (ui/practice/unsaved.py).
        self.unsaved_card = AlertCard(theme)
        self.unsaved_card.set_alert(True)
        self.unsaved_card.setObjectName("unsavedCard")
        self.unsaved_text = paragraph()
        self.unsaved_text.setObjectName("unsavedText")
        self.unsaved_card.body.addWidget(self.unsaved_text)
        self.unsaved_save_button = QPushButton("Save now")
        self.unsaved_export_button = QPushButton("Export…")
        self.unsaved_card.body.addLayout(_button_row(self.unsaved_save_button, self.unsaved_export_button))
        self.unsaved_card.setVisible(False)
        col.addWidget(self.unsaved_card)

        history = Card()
        self.history_title = heading("Your drills", 3)
        self.history_title.setObjectName("historyTitle")
        history.body.addWidget(self.history_title)
        self.history = FitTree(least=3, most=8)
        self.history.setAccessibleName("Saved drills")
        self.history.setHeaderLabels(["When", "Drill", "Score", "Result"])
        self.history.fit_columns(stretch=1)  # the drill's name gives way first
        self.history.setRootIsDecorated(False)
        self.history.setUniformRowHeights(True)
        history.body.addWidget(self.history)
        self.history_empty = paragraph("No drills yet. Finished drills appear here.")
        history.body.addWidget(self.history_empty)
        self.history_problem = paragraph()  # the drills cannot be read at all: why, in place of the table
        self.history_problem.setObjectName("historyProblem")
        self.history_problem.setVisible(False)
        history.body.addWidget(self.history_problem)
        self.report_button = QPushButton("Report")
        self.replay_button = QPushButton("Replay")
        self.export_button = QPushButton("Export…")
        self.import_button = QPushButton("Import recording…")
        history.body.addLayout(_button_row(self.report_button, self.replay_button, self.export_button))
        history.body.addWidget(self.import_button, 0, Qt.AlignmentFlag.AlignLeft)
        col.addWidget(history)
        col.addWidget(paragraph(disclaimer))
        self.finish()


class DrillPage(FitPanel):
    """What the learner watches while tracing: the cue, the clock, the feedback, the pressure."""

    def __init__(self, theme: th.Theme, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        col = self.column
        self.title = heading("", 2)
        col.addWidget(self.title)
        self.cue_label = heading("", 1)
        self.cue_label.setObjectName("cue")
        col.addWidget(self.cue_label)
        self.plan_label = paragraph(rich=True)
        self.plan_label.setObjectName("plan")
        col.addWidget(self.plan_label)
        self.clock_label = heading("", 2)
        self.clock_label.setObjectName("clock")
        self.clock_label.setAccessibleName("Time left")
        col.addWidget(self.clock_label)
        # The drill's buttons beside its clock, in view on a laptop screen without scrolling.
        self.resume_button = QPushButton("Resume (P)")
        self.resume_button.setVisible(False)  # only while the drill is paused
        self.next_button = QPushButton("Next phase (N)")
        self.finish_button = QPushButton("Finish (F)")
        self.cancel_button = QPushButton("Cancel (Esc)")
        for b in (self.resume_button, self.next_button, self.finish_button, self.cancel_button):
            b.setFocusPolicy(Qt.FocusPolicy.TabFocus)  # a click leaves the focus on the diagram
        col.addLayout(_button_row(self.resume_button, self.next_button, self.finish_button, self.cancel_button))

        how = Card()
        self.how_title = heading("How to do it", 3)
        self.how_text = paragraph()
        self.how_text.setObjectName("drillHow")
        how.body.addWidget(self.how_title)
        how.body.addWidget(self.how_text)
        col.addWidget(how)

        self.feedback_card = AlertCard(theme)
        self.feedback_card.setObjectName("feedbackCard")
        self.feedback_title = heading("", 3)
        self.feedback_title.setObjectName("feedbackTitle")
        self.feedback_text = paragraph()
        self.feedback_text.setObjectName("feedbackText")
        self.feedback_card.body.addWidget(self.feedback_title)
        self.feedback_card.body.addWidget(self.feedback_text)
        col.addWidget(self.feedback_card)

        self.progress_card = Card()  # toward the drill's targets (ui/practice/progress.py fills it)
        self.progress_card.setObjectName("progressCard")
        self.progress_card.body.addWidget(heading("Progress in this phase", 3))
        self.progress_rows = [paragraph() for _ in range(3)]
        for i, label in enumerate(self.progress_rows):
            label.setObjectName(f"progress{i}")
            self.progress_card.body.addWidget(label)
        col.addWidget(self.progress_card)

        pressure = Card()
        pressure.body.addWidget(heading("Pressure", 3))
        row = QHBoxLayout()
        row.setSpacing(th.SPACING)
        self.gauge = PressureGauge(theme)
        row.addWidget(self.gauge, 1)
        self.glide_button = QPushButton("Glide (G)")
        self.glide_button.setCheckable(True)
        self.glide_button.setToolTip("Glide lightly (0.2) until pressed again; or hold Shift")
        row.addWidget(self.glide_button)
        pressure.body.addLayout(row)
        self.hand_label = paragraph(hand_text(False, False, False))
        self.hand_label.setObjectName("handState")
        self.hand_label.setAccessibleName("Hand")
        pressure.body.addWidget(self.hand_label)
        pressure.body.addWidget(paragraph(KEYS_HELP))
        col.addWidget(pressure)


        self.help_card = Card()  # F1: every key of the drill, from the one table
        self.help_card.setObjectName("keysHelp")
        self.help_card.body.addWidget(heading("Keys (F1 hides)", 3))
        self.help_rows = [f"{key_label(row)}: {row.words}" for row in DRILL_KEYS]
        self.help_card.body.addWidget(paragraph("\n".join(self.help_rows)))
        self.help_card.setVisible(False)
        col.addWidget(self.help_card)

        legend = Card()
        legend.body.addWidget(heading("Ink", 3))
        legend.body.addWidget(legend_row(theme.ink, "solid", f"Working stroke (above {WORKING_PRESSURE:g})"))
        legend.body.addWidget(legend_row(theme.glide, "dashed",
                                         f"Light glide, keeping contact ({WORKING_PRESSURE:g} or less)"))
        legend.body.addWidget(legend_row(theme.violation, "line",
                                         "Rule broken: thicker, with the rule's number"))
        col.addWidget(legend)
        self.finish()

    def set_feedback(self, title: str, text: str) -> None:
        """Name what happened; a longer alert gets its room at once, never a frame late and cut off."""
        self.feedback_title.setText(title)
        self.feedback_text.setText(text)
        self.relayout(self.feedback_card)

    def set_how(self, label: str, text: str) -> None:
        self.how_title.setText(f"How to do it: {label}")
        self.how_text.setText(text)
        self.relayout(self.how_text)

    def set_progress(self, rows: list[tuple[bool, str]]) -> None:
        """One row per target: a mark and words for met or not yet, then what was measured."""
        for label, (met, text) in zip(self.progress_rows, rows, strict=False):
            label.setText(f"{'✓ met' if met else '○ not yet'} · {text}")
        self.relayout(self.progress_card)

    def set_hand(self, down: bool, lock: bool, vibrating: bool) -> None:
        self.hand_label.setText(hand_text(down, lock, vibrating))

    def toggle_help(self) -> None:
        self.help_card.setVisible(not self.help_card.isVisible())
        self.relayout(self.help_card)
        if self.help_card.isVisible():
            self.ensureWidgetVisible(self.help_card)


class ResultPage(QWidget):
    """The report after a drill, or of a saved one.

    Not a scrolling panel: ui/practice/report.py's ReportView scrolls itself, and
    the buttons below it stay in sight. While a finished drill is graded and saved
    in the background, `busy` shows in the report's place.
    """

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        outer = QVBoxLayout(self)
        m = th.SPACING * 2
        outer.setContentsMargins(0, m, 0, m)
        outer.setSpacing(0)
        col = QVBoxLayout()  # the title and the note, lined up with the other pages' text
        col.setContentsMargins(m, 0, m, 0)
        col.setSpacing(th.SPACING)
        outer.addLayout(col)
        self.title = heading("Report", 2)
        col.addWidget(self.title)
        self.saved_note = paragraph()
        self.saved_note.setObjectName("savedNote")
        col.addWidget(self.saved_note)
        self.retry_button = QPushButton("Try saving again")
        self.retry_button.setVisible(False)  # only when saving failed
        col.addWidget(self.retry_button, 0, Qt.AlignmentFlag.AlignLeft)
        # In the report's place while it is on its way; hidden, it takes no room.
        self.busy = BusyIndicator("Grading and saving your drill…")
        self.busy.setObjectName("busy")
        self.busy.column.setContentsMargins(m, th.SPACING * 2, m, 0)
        outer.addWidget(self.busy, 1)
        self.host = QVBoxLayout()  # the ReportView goes here, made on first use (it brings charts)
        outer.addLayout(self.host, 1)
        self.again_button = QPushButton("Practise again")
        self.replay_button = QPushButton("Replay")
        self.export_button = QPushButton("Export…")
        self.done_button = QPushButton("Back to drills")
        self.buttons = (self.again_button, self.replay_button, self.export_button, self.done_button)
        row = _button_row(*self.buttons)
        row.setContentsMargins(m, th.SPACING, m, 0)
        outer.addLayout(row)


class ReplayPage(QWidget):
    """A saved drill played back. Not a scrolling panel: the replay's controls are short,
    and must never be clipped."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        col = QVBoxLayout(self)
        m = th.SPACING * 2
        col.setContentsMargins(m, m, m, m)
        col.setSpacing(th.SPACING * 2)
        self.title = heading("Replay", 1)
        col.addWidget(self.title)
        self.host = QVBoxLayout()  # ui/practice/replay.py's ReplayView, made on first use
        col.addLayout(self.host)
        self.back_button = QPushButton("Back to drills")
        col.addWidget(self.back_button, 0, Qt.AlignmentFlag.AlignLeft)
        col.addStretch(1)
