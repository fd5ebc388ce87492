"""The Practice screen's results: a finished drill graded and saved, a saved one reopened, any replayed.

Finishing a drill grades it and saves it on the worker thread (jobs.py, through
ui/kit/worker.py): meanwhile the result page shows a busy indicator, the drill's
ink stays on the diagram, and the page's buttons wait. Then the report appears.
If saving fails, the report still shows, with the reason and a way to try again
or to export the recording, and the drill joins the unsaved ones (unsaved.py),
tried again until it is in: a learner's trace is never lost. A saved drill is
read back and graded again off the GUI thread too. The report view
(report.py) and the replay view (replay.py) are made the first time they are
needed, so the charts' import waits for the first report.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import TYPE_CHECKING, Any, Protocol

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QWidget

from massage_trainer.core.demo import demo_recording
from massage_trainer.core.drill import Drill, DrillSpec
from massage_trainer.core.grading import Report, Violation
from massage_trainer.core.recording import Recording
from massage_trainer.storage import DrillRun, Learner
from massage_trainer.ui.diagram.ink import InkLayer
from massage_trainer.ui.kit.worker import Runner
from massage_trainer.ui.practice.history import History, when
from massage_trainer.ui.practice.jobs import Finished, Opened, Saved, finish_drill
from massage_trainer.ui.practice.pages import ReplayPage, ResultPage
from massage_trainer.ui.practice.unsaved import Unsaved, UnsavedDrills, not_saved_note

if TYPE_CHECKING:
    from massage_trainer.ui.kit.context import AppContext
    from massage_trainer.ui.practice.replay import ReplayView
    from massage_trainer.ui.practice.report import ReportView

class Navigator(Protocol):
    """What the results ask of the screen that shows them."""

    spec: DrillSpec  # the drill chosen to practise

    def show_page(self, page: QWidget) -> None: ...
    def current_page(self) -> QWidget | None: ...
    def show_choose(self) -> None: ...
    def say(self, text: str) -> None: ...
    def select_drill(self, drill_id: str) -> None: ...
    def spec_by_id(self, drill_id: str) -> DrillSpec: ...


class Results(QObject):
    """The result and replay pages, and what they show."""

    reportShown = Signal()  # the result page shows a report (of a drill just finished, or a saved one)
    busyChanged = Signal(bool)  # True while a finished drill is graded and saved in the background

    def __init__(self, ctx: AppContext, nav: Navigator, result_page: ResultPage, replay_page: ReplayPage,
                 ink: InkLayer, runner: Runner, history: History, unsaved: UnsavedDrills, titles: dict[str, str],
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.nav = nav
        self.result_page = result_page
        self.replay_page = replay_page
        self.ink = ink
        self.runner = runner
        self.history = history
        self.unsaved = unsaved
        self.titles = titles
        self.last_report: Report | None = None
        self.last_recording: Recording | None = None
        self.last_run: DrillRun | None = None
        self.report_view: ReportView | None = None  # made when first needed (it brings the charts)
        self.replay_view: ReplayView | None = None
        self.shown = ("", "")  # the drill id and start of the report on show
        self._finishing: object | None = None  # a token while a finished drill is graded and saved
        self.shown_unsaved: Unsaved | None = None  # the drill on show, if it could not be saved
        unsaved.saved.connect(self._unsaved_saved)
        unsaved.failed.connect(self._unsaved_failed)

    def forget(self) -> None:
        """A new drill starts: what was shown is no longer "the last"."""
        self.last_report = self.last_recording = None
        self.last_run = None
        self.shown_unsaved = None

    # --- finishing a drill ---------------------------------------------------------------

    def is_busy(self) -> bool:
        """Whether a finished drill is being graded and saved."""
        return self._finishing is not None

    def finish(self, drill: Drill, started_at: str, learner: Learner | None) -> None:
        """Grade a drill that has ended and keep it in the learner's record, off the GUI thread."""
        job = partial(finish_drill, drill, self.ctx.storage.home, learner.id if learner else None, started_at)
        self._start(drill.spec, started_at, learner, job)

    def retry_save(self) -> None:
        """Try again to keep the report on show, which could not be saved."""
        entry = self.shown_unsaved
        if entry is not None and not entry.trying:
            self.result_page.retry_button.setEnabled(False)
            self.result_page.saved_note.setText("Saving…")
            self.unsaved.retry(entry)

    def _unsaved_saved(self, entry: Unsaved, saved: Saved) -> None:
        if entry is self.shown_unsaved:
            self.shown_unsaved = None
            self.last_run = saved.run
            self.result_page.saved_note.setText(f"Saved to {entry.learner_name}'s record.")
            self.result_page.retry_button.setVisible(False)
        else:
            self.nav.say(f"{entry.describe()} is saved now: it is in the record.")
        self.history.refresh()

    def _unsaved_failed(self, entry: Unsaved) -> None:
        if entry is self.shown_unsaved:
            self.result_page.saved_note.setText(not_saved_note(entry))
            self.result_page.retry_button.setEnabled(True)

    def _start(self, spec: DrillSpec, started_at: str, learner: Learner | None,
               job: Callable[[], Finished]) -> None:
        token = self._finishing = object()
        self.last_report = self.last_recording = None
        self.last_run = None
        self.shown_unsaved = None
        self._set_busy(True)
        self.result_page.title.setText(f"Report: {spec.title}")
        self.nav.show_page(self.result_page)
        self.runner.run(job, partial(self._finished, token, spec, started_at, learner),
                        partial(self._finish_failed, token))

    def _set_busy(self, on: bool) -> None:
        page = self.result_page
        page.busy.setVisible(on)
        if on:
            page.saved_note.setVisible(False)
            page.retry_button.setVisible(False)
        for button in page.buttons:
            button.setEnabled(not on)
        if self.report_view is not None:
            self.report_view.setVisible(not on)  # never the last report's figures under this title
        self.busyChanged.emit(on)

    def _finished(self, token: object, spec: DrillSpec, started_at: str, learner: Learner | None,
                  outcome: Finished) -> None:
        if token is not self._finishing:
            return
        self._finishing = None
        self._set_busy(False)
        if outcome.recording is None or outcome.report is None:
            self.nav.show_choose()
            self.nav.say(outcome.note)
            return
        self.last_recording, self.last_report = outcome.recording, outcome.report
        saved = outcome.saved
        self.last_run = saved.run if saved else None
        self.shown = (spec.id, started_at)
        entry = None
        if saved is None and learner is not None:
            entry = Unsaved(learner.id, learner.name, spec.id, spec.title, started_at, outcome.recording,
                            outcome.report, outcome.problem, outcome.kept)
            self.unsaved.add(entry)  # kept, and tried again, until it is in
        self.shown_unsaved = entry
        where = f"{learner.name}'s record" if learner is not None else ""
        note = outcome.note or (not_saved_note(entry) if entry is not None else f"Saved to {where}.")
        if saved is not None:
            self.unsaved.something_saved()  # the database takes drills again: the unsaved ones too
        if learner != self.ctx.learner or self.nav.current_page() is not self.result_page:
            # The learner moved on while it was saved: say where the drill went.
            moved_on = f"Your {spec.title} drill was saved to {where}."
            self.nav.say(note if entry is not None or outcome.note else moved_on)
            self.history.refresh()
            return
        self._show_result(f"Report: {spec.title}", outcome.report, outcome.recording,
                          list(saved.previous) if saved else [], note)
        self.result_page.retry_button.setVisible(entry is not None)
        self.result_page.retry_button.setEnabled(True)
        self.history.refresh()

    def _finish_failed(self, token: object, message: str) -> None:
        if token is not self._finishing:
            return
        self._finishing = None
        self._set_busy(False)
        self.nav.show_choose()
        self.nav.say(f"The drill could not be graded: {message}")

    # --- reports and replays ----------------------------------------------------------------

    def preload(self) -> None:
        """Import the report and its charts (pyqtgraph, most of a second the first time) now, while
        the learner reads the screening page: the report then opens at once, and the import never
        stalls the pointer during a drill."""
        if self.report_view is None:
            from massage_trainer.ui.kit.chart_box import load_pyqtgraph
            from massage_trainer.ui.practice import report  # noqa: F401 - imported for its cost, now
            from massage_trainer.ui.practice.charts import CoverageChart  # noqa: F401

            load_pyqtgraph(self.ctx.theme)

    def _ensure_report_view(self) -> ReportView:
        if self.report_view is None:
            from massage_trainer.ui.practice.report import ReportView

            self.report_view = ReportView(self.ctx)
            self.report_view.violationSelected.connect(self._on_violation_selected)
            self.result_page.host.addWidget(self.report_view, 1)
            self._rescale(self.report_view)
        return self.report_view

    def _rescale(self, widget: QWidget) -> None:
        """Bring a view made on first use (the report, the replay) to the window's scale."""
        rescale: Any = getattr(self.result_page.window(), "rescale", None)
        if rescale is not None:
            rescale(widget)

    def _show_result(self, title: str, report: Report, recording: Recording,
                     previous: list[DrillRun], note: str) -> None:
        page = self.result_page
        page.title.setText(title)
        page.saved_note.setText(note)
        page.saved_note.setVisible(bool(note))
        page.retry_button.setVisible(False)
        page.export_button.setEnabled(True)  # saved or not, the recording can be kept in a file
        page.replay_button.setEnabled(True)
        view = self._ensure_report_view()
        view.setVisible(True)
        view.show_report(report, recording, previous)
        self.nav.show_page(page)
        page.done_button.setFocus()
        self.reportShown.emit()

    def _on_violation_selected(self, violation: object) -> None:
        self.ink.select(violation if isinstance(violation, Violation) else None)

    def show_saved_report(self, run_id: int | None = None) -> None:
        """Read a saved run back and grade it again, off the GUI thread; then show its report."""
        run_id = run_id if run_id is not None else self.history.selected_run_id()
        if run_id is not None:
            self.history.open_run(run_id, self._show_opened, graded=True)

    def _show_opened(self, opened: Opened) -> None:
        run, recording, report = opened.run, opened.recording, opened.report
        assert report is not None
        self.last_run, self.last_recording, self.last_report = run, recording, report
        self.shown_unsaved = None
        self.shown = (run.drill, run.started_at)
        if run.drill in self.titles:
            self.nav.select_drill(run.drill)  # "Practise again" practises this drill
        self.ink.clear()
        note = when(run.started_at) + (f", imported from {run.imported_from}" if run.imported_from else "")
        if run.damaged is not None:
            note += (f". Its stored report is damaged ({run.damaged}); "
                     "this report is graded again from its recording")
        self._show_result(f"Report: {self.titles.get(run.drill, run.drill or 'a drill')}", report, recording,
                          list(opened.earlier), note)

    def replay_selected(self) -> None:
        run_id = self.history.selected_run_id()
        if run_id is not None:
            self.history.open_run(run_id, lambda opened: self.replay(opened.recording, opened.run.drill))

    def replay_last(self) -> None:
        if self.last_recording is not None:
            self.replay(self.last_recording, self.shown[0] or self.nav.spec.id, self.last_report)

    def replay(self, recording: Recording, drill_id: str, report: Report | None = None) -> None:
        """Play a recording back on the diagram, with the model alongside for one technique."""
        if self.replay_view is None:
            from massage_trainer.ui.practice.replay import ReplayView

            self.replay_view = ReplayView(self.ctx)
            self.replay_page.host.addWidget(self.replay_view)
            self._rescale(self.replay_view)
        demo = None
        if len(recording.phases) == 1:
            technique = self.ctx.content.techniques.get(recording.phases[0].technique)
            demo = demo_recording(technique) if technique is not None else None
        self.replay_view.load(recording, demo, report)
        self.replay_page.title.setText(f"Replay: {self.titles.get(drill_id, drill_id)}")
        self.nav.show_page(self.replay_page)
        self.replay_view.setFocus()

