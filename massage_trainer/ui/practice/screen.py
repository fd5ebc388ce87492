"""The Practice screen: timed drills traced on the back diagram, graded, saved, replayed.

The screen walks through five pages in its side panel:

    choose  ->  screening (rule 9)  ->  drill  ->  report
       \\-> replay (any saved drill), report (any saved drill), import, export

The drill itself is a `core.drill.Drill`: this screen only turns pointer
events into its calls, draws its state (the ink, the cue, the clock, the
pressure) and stores what it returns. A QTimer calls `refresh()` ten times a
second to let the drill move on through its phases; tests call it by hand
with a fake clock.
"""

from __future__ import annotations

import importlib.util
import sqlite3
import time
from collections.abc import Callable
from datetime import UTC, datetime
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import (
    QGuiApplication,
    QKeySequence,
    QShortcut,
)
from PySide6.QtWidgets import (
    QFileDialog,
    QHBoxLayout,
    QListWidgetItem,
    QMessageBox,
    QSizePolicy,
    QStackedWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from massage_trainer.core.demo import demo_recording
from massage_trainer.core.drill import (
    FIRST_SESSION_DRILL,
    RULE_NUMBERS,
    SESSION_DRILL,
    Drill,
    DrillSpec,
    DrillState,
    NothingRecorded,
    drill_specs,
    format_clock,
    headline,
    scripted_events,
    technique_drill_id,
)
from massage_trainer.core.grading import Report, Violation, grade
from massage_trainer.core.recording import Recording, RecordingError, load_recording, save_recording
from massage_trainer.storage import DrillRun, Learner, LearnerError, StorageError
from massage_trainer.ui.diagram.ink import Ink, InkLayer
from massage_trainer.ui.kit.context import ScreenshotError
from massage_trainer.ui.practice.pages import ChoosePage, DrillPage, ReplayPage, ResultPage, ScreeningPage
from massage_trainer.ui.practice.widgets import (
    PlainReport,
)

if TYPE_CHECKING:
    from massage_trainer.ui.kit.context import AppContext

TICK_MS = 100  # the drill's clock and cues; nothing on screen changes faster than this
# A warning stays up at least this long, so it never flashes (docs/visual-language.md: at most 3 Hz).
ALERT_HOLD_S = 3.0
HISTORY_ROWS = 50
PREVIOUS_RUNS = 10


def _module_exists(name: str) -> bool:
    return importlib.util.find_spec(name) is not None


def _now_iso() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def _when(iso: str) -> str:
    try:
        return datetime.fromisoformat(iso).astimezone().strftime("%d %b %Y, %H:%M")
    except ValueError:
        return iso


def drill_id_for(recording: Recording) -> str:
    """The drill an imported recording is filed under: its technique, or a session."""
    if len(recording.phases) == 1:
        return technique_drill_id(recording.phases[0].technique)
    return FIRST_SESSION_DRILL if recording.first_session else SESSION_DRILL


class PracticeScreen(QWidget):
    title = "Practice"

    def __init__(self, ctx: AppContext, clock: Callable[[], float] = time.monotonic,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.diagram = ctx.diagram
        self.body = ctx.content.body
        self.clock = clock
        self.specs = drill_specs(ctx.content.techniques)
        self.spec: DrillSpec = self.specs[0]
        self.drill: Drill | None = None
        self.started_at = ""
        self.ink = InkLayer(self.diagram)
        self.last_report: Report | None = None
        self.last_recording: Recording | None = None
        self.last_run: DrillRun | None = None
        self.report_view: Any = None  # ui.report.ReportView, made when first needed
        self.replay_view: Any = None  # ui.replay.ReplayView, made when first needed
        self._alert_until = 0.0
        self._dialog: QWidget | None = None
        self._active = False
        self._ink_shown = False
        self.timer = QTimer(self)
        self.timer.setInterval(TICK_MS)
        self.timer.timeout.connect(self.refresh)

        self.pages = QStackedWidget()
        self._build_pages()
        self._set_page(self.choose_page)

        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        self.diagram_host = QVBoxLayout()
        layout.addLayout(self.diagram_host, 3)
        layout.addWidget(self.pages, 2)

        self._build_shortcuts()
        self.diagram.pointerPressed.connect(self._on_pressed)
        self.diagram.pointerMoved.connect(self._on_moved)
        self.diagram.pointerReleased.connect(self._on_released)
        self.diagram.wheelTurned.connect(self._on_wheel)
        ctx.learner_listeners.append(self._on_learner)
        self.select_drill(self.spec.id)

    # --- building the pages -------------------------------------------------------

    def _build_pages(self) -> None:
        ctx = self.ctx
        c = self.choose_page = ChoosePage(self.specs, ctx.content.reference.disclaimer)
        c.drill_list.currentItemChanged.connect(self._on_drill_item)
        c.drill_list.itemActivated.connect(lambda _item: self.ask_screening())
        c.start_button.clicked.connect(self.ask_screening)
        c.history.itemSelectionChanged.connect(self._sync_history_buttons)
        c.history.itemActivated.connect(lambda _i, _c: self.show_saved_report())
        c.report_button.clicked.connect(lambda: self.show_saved_report())
        c.replay_button.clicked.connect(self.replay_selected)
        c.export_button.clicked.connect(lambda: self.ask_export())
        c.import_button.clicked.connect(self.ask_import)

        s = self.screening_page = ScreeningPage(ctx.content.reference, ctx.theme)
        for box in s.checks:
            box.box.toggled.connect(self._sync_screening)
        s.begin_button.clicked.connect(self.begin)
        s.back_button.clicked.connect(self.show_choose)

        d = self.drill_page = DrillPage(ctx.theme)
        d.glide_button.toggled.connect(lambda _on: self._sync_pressure())
        d.next_button.clicked.connect(self.next_phase)
        d.finish_button.clicked.connect(self.finish_drill)
        d.cancel_button.clicked.connect(lambda: self.cancel_drill())

        r = self.result_page = ResultPage()
        r.again_button.clicked.connect(self.ask_screening)
        r.replay_button.clicked.connect(self.replay_last)
        r.export_button.clicked.connect(lambda: self.ask_export(self.last_run))
        r.done_button.clicked.connect(self.show_choose)

        self.replay_page = ReplayPage()
        self.replay_page.back_button.clicked.connect(self.show_choose)
        for page in (c, s, d, r, self.replay_page):
            self.pages.addWidget(page)

    def _build_shortcuts(self) -> None:
        """Drill keys, live only while a drill runs and the focus is on this screen."""
        self._shortcuts: list[QShortcut] = []

        def add(keys: list[str], action: Callable[[], object]) -> None:
            for key in keys:
                sc = QShortcut(QKeySequence(key), self)
                sc.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
                sc.setAutoRepeat(True)
                sc.activated.connect(action)
                sc.setEnabled(False)
                self._shortcuts.append(sc)

        add(["Up", "+", "="], lambda: self.nudge_pressure(1))
        add(["Down", "-"], lambda: self.nudge_pressure(-1))
        for digit in range(10):
            value = digit / 10 if digit else 1.0
            add([str(digit)], partial(self.set_pressure, value))
        add(["G"], self.drill_page.glide_button.toggle)
        add(["N", "PgDown"], self.next_phase)
        add(["F", "Ctrl+Return"], self.finish_drill)
        add(["Esc"], lambda: self.cancel_drill())

    # --- screen protocol -------------------------------------------------------------

    def activate(self) -> None:
        self._active = True
        self.diagram_host.addWidget(self.diagram)
        self.diagram.set_input_enabled(False)
        self.diagram.focus_zone(None)
        self.diagram.show()
        self._set_page(self.pages.currentWidget() or self.choose_page)
        self.refresh_history()

    def deactivate(self) -> None:
        """Leaving the screen ends a drill in progress (nothing is saved) and lets go of the diagram."""
        self._active = False
        if self.drill is not None and self.drill.state in (DrillState.RUNNING, DrillState.ENDED):
            self.cancel_drill("The drill was cancelled when you left the Practice screen; nothing was saved.")
        self.timer.stop()
        self._set_drill_keys(False)
        self.diagram.set_input_enabled(False)
        self._layers_for(None)

    def _set_page(self, page: QWidget) -> None:
        """Show a page, and put on the diagram what that page draws there."""
        # Park the focus first: if the focused widget were hidden with its page, Qt would
        # tab on to the next one, and the diagram takes a Tab as "walk the zones".
        self.setFocus(Qt.FocusReason.OtherFocusReason)
        # Only the page on show claims room, so a wide page (the replay's controls) does
        # not shrink the diagram on the others.
        for i in range(self.pages.count()):
            other = self.pages.widget(i)
            if other is not None:
                ignored = QSizePolicy.Policy.Ignored
                other.setSizePolicy(QSizePolicy.Policy.Preferred if other is page else ignored,
                                    QSizePolicy.Policy.Preferred if other is page else ignored)
        self.pages.setCurrentWidget(page)
        if self._active:
            self._layers_for(page)

    def _layers_for(self, page: QWidget | None) -> None:
        """One owner of the diagram's layers: the live ink, the report's markers, or the replay."""
        report_markers = page is self.result_page and hasattr(self.report_view, "attach_markers")
        replaying = page is self.replay_page
        if self.replay_view is not None and not replaying and self.replay_view.is_attached():
            self.replay_view.detach()
        if self.report_view is not None and hasattr(self.report_view, "detach_markers") \
                and not report_markers:
            self.report_view.detach_markers()
        ink = page is not None and not report_markers and not replaying
        if ink and not self._ink_shown:
            self.diagram.add_layer(self.ink)
        elif not ink and self._ink_shown:
            self.diagram.remove_layer(self.ink)
        self._ink_shown = ink
        if report_markers:
            self.report_view.attach_markers()
        if replaying and self.replay_view is not None:
            self.replay_view.attach()

    # --- choosing and screening --------------------------------------------------------

    def spec_by_id(self, drill_id: str) -> DrillSpec:
        for spec in self.specs:
            if spec.id == drill_id:
                return spec
        raise KeyError(drill_id)

    def select_drill(self, drill_id: str) -> None:
        self.spec = self.spec_by_id(drill_id)
        for i in range(self.choose_page.drill_list.count()):
            if self.choose_page.drill_list.item(i).data(Qt.ItemDataRole.UserRole) == drill_id:
                self.choose_page.drill_list.setCurrentRow(i)
        self._describe(self.spec)

    def _on_drill_item(self, item: QListWidgetItem | None, _previous: object = None) -> None:
        if item is not None:
            self.spec = self.spec_by_id(str(item.data(Qt.ItemDataRole.UserRole)))
            self._describe(self.spec)

    def _describe(self, spec: DrillSpec) -> None:
        order = " → ".join(p.label for p in spec.phases)
        text = spec.description
        if len(spec.phases) > 1:
            text += f"\nOrder: {order}."
        self.choose_page.drill_text.setText(text)

    def show_choose(self) -> None:
        if self.drill is None or self.drill.state not in (DrillState.RUNNING, DrillState.ENDED):
            self.ink.clear()
        self._set_page(self.choose_page)
        self.refresh_history()
        self.choose_page.drill_list.setFocus()

    def _say(self, text: str) -> None:
        self.choose_page.note.setText(text)
        self.choose_page.note.setVisible(bool(text))

    def ask_screening(self) -> None:
        """The checklist of contraindications comes before every drill (rule 9)."""
        self._say("")
        for box in self.screening_page.checks:
            box.setChecked(False)
        self._sync_screening()
        self.ink.clear()
        self._set_page(self.screening_page)
        self.screening_page.begin_button.setFocus()

    def ticked(self) -> list[str]:
        return [box.text() for box in self.screening_page.checks if box.isChecked()]

    def _sync_screening(self) -> None:
        ticked = self.ticked()
        self.screening_page.begin_button.setEnabled(not ticked)
        self.screening_page.stop_card.setVisible(bool(ticked))
        if ticked:
            which = "; ".join(t.lower() for t in ticked)
            self.screening_page.stop_text.setText(
                f"You ticked: {which}. Back massage is not done when this applies (rule 9), "
                "so the drill stops here. The person should see a doctor, who can say "
                "whether and when massage is safe. Untick it only if it does not apply.")

    # --- running a drill ------------------------------------------------------------------

    def begin(self) -> bool:
        """Start the chosen drill, unless the screening stopped it."""
        if self.ticked():
            self._sync_screening()
            return False
        if self.ctx.learner is None:
            self._say("Choose or create a learner first, so the drill can be kept in a record.")
            self.show_choose()
            return False
        self.drill = Drill(self.spec, self.body, clock=self.clock)
        self.started_at = _now_iso()
        self.last_report = self.last_recording = None
        self.last_run = None
        self.ink.clear()
        self.drill_page.glide_button.setChecked(False)
        self.drill.start()
        self.drill_page.title.setText(self.spec.title)
        self.drill_page.feedback_title.setText("Trace on the back")
        self.drill_page.feedback_text.setText(self._idle_text())
        self._set_alert(False)
        self._set_page(self.drill_page)
        self.diagram.set_input_enabled(True)
        self._set_drill_keys(True)
        self.timer.start()
        self._sync_labels()
        self._sync_pressure()
        self.diagram.setFocus(Qt.FocusReason.OtherFocusReason)
        self.diagram.focus_zone(None)
        return True

    def _idle_text(self) -> str:
        return ("Hold the button (or the pen) down and trace the technique's strokes. "
                "Work up from the waist and out from the spine; glide back lightly.")

    def _set_drill_keys(self, on: bool) -> None:
        for sc in self._shortcuts:
            sc.setEnabled(on)

    def refresh(self) -> None:
        """The timer's work: let the drill move on, and show its clock and cues."""
        d = self.drill
        if d is None:
            return
        if d.running:
            self._show_new(d.tick())
        if d.state == DrillState.ENDED:
            self.finish_drill()
            return
        self._sync_labels()
        if self._alert_until and self.clock() >= self._alert_until and not d.active_rules:
            self._set_alert(False)

    def _sync_labels(self) -> None:
        d = self.drill
        if d is None:
            return
        self.drill_page.cue_label.setText(d.cue)
        parts = []
        for i, phase in enumerate(d.spec.phases):
            name = phase.label
            parts.append(f"<b>▶ {name}</b>" if i == d.phase_index else name)
        n = len(d.spec.phases)
        plan = " → ".join(parts) if n > 1 else ""
        self.drill_page.plan_label.setText(f"Phase {d.phase_index + 1} of {n}: {plan}" if n > 1 else "")
        self.drill_page.plan_label.setVisible(n > 1)
        page = self.drill_page
        if n > 1:
            page.clock_label.setText(f"{format_clock(d.phase_remaining)} left in this phase · "
                                     f"{format_clock(d.remaining)} in all")
        else:
            page.clock_label.setText(f"{format_clock(d.remaining)} left")
        page.next_button.setVisible(n > 1)
        page.next_button.setText("End tracing (N)" if d.next_technique is None else "Next phase (N)")

    def next_phase(self) -> None:
        d = self.drill
        if d is None or not d.running:
            return
        self._show_new(d.next_phase())
        if d.state == DrillState.ENDED:
            self.finish_drill()
        else:
            self._sync_labels()

    def _glide_held(self) -> bool:
        shift = bool(QGuiApplication.keyboardModifiers() & Qt.KeyboardModifier.ShiftModifier)
        return shift or self.drill_page.glide_button.isChecked()

    def _on_pressed(self, x: float, y: float, pressure: object) -> None:
        d = self.drill
        if d is None or not d.running:
            return
        p = float(pressure) if isinstance(pressure, (int, float)) else None
        d.set_glide(self._glide_held())
        new = d.pointer_down(x, y, p)
        self.ink.pen_down(x, y)
        self._show_new(new)
        self._sync_pressure(p is not None)

    def _on_moved(self, x: float, y: float, pressure: object) -> None:
        d = self.drill
        if d is None or not d.is_down:
            return
        p = float(pressure) if isinstance(pressure, (int, float)) else None
        d.set_glide(self._glide_held())
        new = d.pointer_move(x, y, p)
        if d.active_rules:
            ink = Ink.BROKEN
        else:
            ink = Ink.WORKING if d.last_pressure > d.working_pressure else Ink.GLIDE
        self.ink.extend(x, y, ink)
        self._show_new(new)
        self._sync_pressure(p is not None)

    def _on_released(self, x: float, y: float, pressure: object) -> None:
        d = self.drill
        if d is None or not d.is_down:
            return
        self._show_new(d.pointer_up(x, y))
        self.ink.pen_up()

    def _on_wheel(self, steps: int) -> None:
        self.nudge_pressure(steps)

    def nudge_pressure(self, steps: int) -> None:
        if self.drill is not None and self.drill.running:
            self.drill.nudge(steps)
            self._sync_pressure()

    def set_pressure(self, value: float) -> None:
        if self.drill is not None and self.drill.running:
            self.drill.set_pressure(value)
            self._sync_pressure()

    def _sync_pressure(self, pen: bool = False) -> None:
        d = self.drill
        if d is None:
            return
        if pen:
            self.drill_page.gauge.set_value(d.last_pressure, d.working_pressure, "pen")
        else:
            d.set_glide(self._glide_held())
            self.drill_page.gauge.set_value(d.mouse_pressure, d.working_pressure,
                                            "glide held" if d.glide else "mouse")

    def _show_new(self, violations: list[Violation]) -> None:
        """Mark and name each newly broken rule, the moment it is broken."""
        if not violations:
            return
        self.ink.add_violations(violations)
        v = violations[-1]
        self.drill_page.feedback_title.setText(f"Rule broken: {headline(v)}")
        number = RULE_NUMBERS.get(v.rule)
        rule = self.ctx.content.reference.rule(number) if number else None
        count = len(self.drill.violations) if self.drill is not None else len(violations)
        detail = f"Rule {rule.id} — {rule.title}. {rule.text}" if rule else v.message
        broken = "1 rule broken" if count == 1 else f"{count} rules broken"
        self.drill_page.feedback_text.setText(f"{detail}\n{broken} so far in this drill.")
        self._set_alert(True)

    def _set_alert(self, on: bool) -> None:
        """The feedback card's border: vermillion and thick while a warning is up."""
        if on:
            self._alert_until = self.clock() + ALERT_HOLD_S
        else:
            self._alert_until = 0.0
        self.drill_page.feedback_card.set_alert(on)

    def cancel_drill(self, message: str = "Drill cancelled; nothing was saved.") -> None:
        d = self.drill
        if d is None or d.state not in (DrillState.RUNNING, DrillState.ENDED):
            return
        d.cancel()
        self._stop_input()
        self.ink.clear()
        self.show_choose()
        self._say(message)

    def _stop_input(self) -> None:
        self.timer.stop()
        self._set_drill_keys(False)
        self.diagram.set_input_enabled(False)
        self.ink.pen_up()

    def finish_drill(self) -> None:
        """Grade the drill, keep it in the learner's record, and show the report."""
        d = self.drill
        if d is None or d.state not in (DrillState.RUNNING, DrillState.ENDED):
            return
        self._stop_input()
        try:
            recording, report = d.finish()
        except NothingRecorded as err:
            self.show_choose()
            self._say(str(err))
            return
        self.last_recording, self.last_report = recording, report
        learner = self.ctx.learner
        previous: list[DrillRun] = []
        note = ""
        if learner is None:
            note = "Not saved: there is no learner. Create one from the Learner menu."
        else:
            try:
                run = self.ctx.storage.drills.save(learner.id, d.spec.id, self.started_at,
                                                   recording, report)
            except (sqlite3.Error, StorageError, LearnerError) as err:
                note = f"Could not save this drill: {err}"
            else:
                self.last_run = run
                note = f"Saved to {learner.name}'s record."
                previous = [r for r in self.ctx.storage.drills.recent(
                    learner.id, d.spec.id, PREVIOUS_RUNS + 1) if r.id != run.id][:PREVIOUS_RUNS]
        self._show_result(f"Report: {d.spec.title}", report, recording, previous, note)
        self.refresh_history()

    # --- reports, replays, history ----------------------------------------------------------------

    def _ensure_report_view(self) -> Any:
        if self.report_view is None:
            if _module_exists("massage_trainer.ui.practice.report"):
                from massage_trainer.ui.practice.report import ReportView

                self.report_view = ReportView(self.ctx)
            else:
                self.report_view = PlainReport(self.ctx)
            signal = getattr(self.report_view, "violationSelected", None)
            if signal is not None:
                signal.connect(self._on_violation_selected)
            self.result_page.host.addWidget(self.report_view, 1)
            self._rescale(self.report_view)
        return self.report_view

    def _rescale(self, widget: QWidget) -> None:
        """Bring a view made on first use (the report, the replay) to the window's scale."""
        rescale = getattr(self.window(), "rescale", None)
        if rescale is not None:
            rescale(widget)

    def _show_result(self, title: str, report: Report, recording: Recording,
                     previous: list[DrillRun], note: str) -> None:
        self.result_page.title.setText(title)
        self.result_page.saved_note.setText(note)
        self.result_page.saved_note.setVisible(bool(note))
        self.result_page.export_button.setEnabled(self.last_run is not None)
        self.result_page.replay_button.setEnabled(True)
        view = self._ensure_report_view()
        view.show_report(report, recording, previous)
        self._set_page(self.result_page)
        self.result_page.done_button.setFocus()

    def _on_violation_selected(self, violation: object) -> None:
        self.ink.select(violation if isinstance(violation, Violation) else None)

    def refresh_history(self) -> None:
        learner = self.ctx.learner
        runs = self.ctx.storage.drills.all_for(learner.id)[:HISTORY_ROWS] if learner else []
        titles = {s.id: s.title for s in self.specs}
        self.choose_page.history.clear()
        for run in runs:
            result = "Passed" if run.passed else "Not passed"
            if run.imported_from:
                result += " (imported)"
            item = QTreeWidgetItem([_when(run.started_at), titles.get(run.drill, run.drill),
                                    f"{run.score:.0f}", result])
            item.setData(0, Qt.ItemDataRole.UserRole, run.id)
            item.setTextAlignment(2, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            self.choose_page.history.addTopLevelItem(item)
        for c in range(4):
            self.choose_page.history.resizeColumnToContents(c)
        self.choose_page.history.updateGeometry()
        self.choose_page.history.setVisible(bool(runs))
        self.choose_page.history_empty.setVisible(not runs)
        who = f"{learner.name}'s drills" if learner else "Drills"
        self.choose_page.history_title.setText(who)
        self._sync_history_buttons()

    def selected_run_id(self) -> int | None:
        items = self.choose_page.history.selectedItems()
        return int(items[0].data(0, Qt.ItemDataRole.UserRole)) if items else None

    def select_run(self, run_id: int) -> None:
        for i in range(self.choose_page.history.topLevelItemCount()):
            item = self.choose_page.history.topLevelItem(i)
            if item is not None and item.data(0, Qt.ItemDataRole.UserRole) == run_id:
                self.choose_page.history.setCurrentItem(item)

    def _sync_history_buttons(self) -> None:
        has = self.selected_run_id() is not None
        page = self.choose_page
        for b in (page.report_button, page.replay_button, page.export_button):
            b.setEnabled(has)

    def _run_for(self, run_id: int) -> tuple[DrillRun, Recording] | None:
        store = self.ctx.storage.drills
        try:
            run = store.get(run_id)
            return run, store.recording(run_id)
        except (KeyError, RecordingError, ValueError, sqlite3.Error) as err:
            self._message("Cannot open this drill", f"The saved drill cannot be read: {err}")
            return None

    def show_saved_report(self, run_id: int | None = None) -> None:
        run_id = run_id if run_id is not None else self.selected_run_id()
        found = self._run_for(run_id) if run_id is not None else None
        if found is None:
            return
        run, recording = found
        report = grade(recording, self.body)  # the same grader as `massage-trainer grade`
        previous = [r for r in self.ctx.storage.drills.recent(run.learner_id, run.drill, 50)
                    if r.started_at < run.started_at or (r.started_at == run.started_at and r.id < run.id)]
        self.last_run, self.last_recording, self.last_report = run, recording, report
        self.drill = None
        if any(spec.id == run.drill for spec in self.specs):
            self.select_drill(run.drill)  # "Practise again" practises this drill
        self.ink.clear()
        title = {s.id: s.title for s in self.specs}.get(run.drill, run.drill)
        self._show_result(f"Report: {title}", report, recording, previous[:PREVIOUS_RUNS],
                          f"{_when(run.started_at)}" + (f", imported from {run.imported_from}"
                                                       if run.imported_from else ""))

    def replay_selected(self) -> None:
        run_id = self.selected_run_id()
        found = self._run_for(run_id) if run_id is not None else None
        if found is not None:
            self.replay(found[1], found[0].drill)

    def replay_last(self) -> None:
        if self.last_recording is not None:
            self.replay(self.last_recording, self.last_run.drill if self.last_run else self.spec.id,
                        self.last_report)

    def replay(self, recording: Recording, drill_id: str, report: Report | None = None) -> None:
        """Play a recording back on the diagram, with the model alongside for one technique."""
        from massage_trainer.ui.practice.replay import ReplayView

        if self.replay_view is None:
            self.replay_view = ReplayView(self.ctx)
            self.replay_page.host.addWidget(self.replay_view)
            self._rescale(self.replay_view)
        demo = None
        if len(recording.phases) == 1:
            technique = self.ctx.content.techniques.get(recording.phases[0].technique)
            demo = demo_recording(technique) if technique is not None else None
        self.replay_view.load(recording, demo, report)
        title = {s.id: s.title for s in self.specs}.get(drill_id, drill_id)
        self.replay_page.title.setText(f"Replay: {title}")
        self._set_page(self.replay_page)
        self.replay_view.setFocus()

    # --- export and import ---------------------------------------------------------------------------

    def ask_export(self, run: DrillRun | None = None) -> None:
        run_id = run.id if isinstance(run, DrillRun) else self.selected_run_id()
        if run_id is None:
            return
        found = self._run_for(run_id)
        if found is None:
            return
        saved = found[0]
        stamp = saved.started_at[:16].replace(":", "").replace("-", "")
        name = f"{saved.drill.replace(':', '-')}-{stamp}.json"
        dialog = QFileDialog(self, "Export the drill's recording", str(Path.home() / name),
                             "Recordings (*.json)")
        dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptSave)
        dialog.setDefaultSuffix("json")
        dialog.setObjectName("exportDialog")
        dialog.fileSelected.connect(lambda path: self.export_run(run_id, path))
        self._dialog = dialog
        dialog.open()

    def export_run(self, run_id: int, path: str | Path) -> bool:
        """Write a saved drill's recording to a file in the recording format."""
        found = self._run_for(run_id)
        if found is None:
            return False
        try:
            save_recording(found[1], path)
        except OSError as err:
            self._message("Export failed", f"{path}: cannot write the recording "
                                           f"({err.strerror or err}).")
            return False
        self._say(f"Exported the recording to {path}.")
        return True

    def ask_import(self) -> None:
        dialog = QFileDialog(self, "Import a drill recording", str(Path.home()),
                             "Recordings (*.json);;All files (*)")
        dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptOpen)
        dialog.setFileMode(QFileDialog.FileMode.ExistingFile)
        dialog.setObjectName("importDialog")
        dialog.fileSelected.connect(self.import_file)
        self._dialog = dialog
        dialog.open()

    def import_file(self, path: str | Path) -> DrillRun | None:
        """Read a recording, grade it, and keep it in the current learner's record.

        A file that cannot be read is named in one message; nothing is changed.
        """
        learner = self.ctx.learner
        if learner is None:
            self._message("Import", "Choose or create a learner first: the import goes into their record.")
            return None
        try:
            recording = load_recording(path)
        except RecordingError as err:
            self._message("Cannot import this recording", str(err))
            return None
        report = grade(recording, self.body)
        drill_id = drill_id_for(recording)
        try:
            run = self.ctx.storage.drills.save(learner.id, drill_id, _now_iso(), recording, report,
                                               imported_from=Path(path).name)
        except (sqlite3.Error, StorageError, LearnerError) as err:
            self._message("Cannot import this recording", f"{path}: it could not be saved ({err}).")
            return None
        self.refresh_history()
        self.select_run(run.id)
        self._say(f"Imported {Path(path).name}: score {run.score:.0f}. It is in {learner.name}'s drills.")
        return run

    def _message(self, title: str, text: str) -> None:
        # Window-modal and non-blocking, like the learner dialogs: tests and the event loop run on.
        box = QMessageBox(QMessageBox.Icon.Warning, title, text, QMessageBox.StandardButton.Ok, self)
        box.setObjectName("practiceMessage")
        self._dialog = box
        box.open()

    # --- learners -------------------------------------------------------------------------------------

    def _on_learner(self, learner: Learner | None) -> None:
        d = self.drill
        if d is not None and d.state in (DrillState.RUNNING, DrillState.ENDED):
            self.cancel_drill("The drill was cancelled because the learner changed; nothing was saved.")
        elif self.pages.currentWidget() in (self.result_page, self.replay_page):
            self.show_choose()  # the report on show was someone else's
        self.last_run = None
        self.refresh_history()

    # --- screenshots ------------------------------------------------------------------------------------

    def prepare_screenshot(self, args: Any) -> None:
        """A drill in progress with some ink (or, with --at past its end, its report)."""
        wanted = getattr(args, "technique", None) or "stroking"
        ids = {s.id for s in self.specs}
        drill_id = wanted if wanted in ids else technique_drill_id(wanted)
        if drill_id not in ids:

            raise ScreenshotError(f"no drill {wanted!r} to show; choose a technique, "
                                  "'session' or 'first-session'")
        at = getattr(args, "at", None)
        play_script(self, self.spec_by_id(drill_id), SCRIPT_AT if at is None else float(at))


# The scripted drill's mistake, and the moment the screenshot shows by default: just
# after it, while the warning is still up.
MISTAKE_AT = 20.0
SCRIPT_AT = 23.0


class _ScriptClock:
    """A clock moved by hand, for scripted drills (screenshots, benchmarks)."""

    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


def play_script(screen: PracticeScreen, spec: DrillSpec, at: float) -> None:
    """Run a drill on a scripted clock up to `at` seconds: live feedback, or the report after the end."""
    clock = _ScriptClock()
    screen.clock = clock
    screen.select_drill(spec.id)
    screen.ask_screening()
    screen.begin()
    technique = screen.ctx.content.techniques[spec.phases[0].technique]
    end = min(at, spec.total_seconds)
    next_tick = 0.0
    handlers = {"press": screen._on_pressed, "move": screen._on_moved,
                "release": screen._on_released}
    for t, kind, x, y, p in scripted_events(technique, end, MISTAKE_AT):
        clock.now = t
        handlers[kind](x, y, p)
        if t >= next_tick:
            screen.refresh()
            next_tick = t + TICK_MS / 1000
    clock.now = at
    screen.refresh()
