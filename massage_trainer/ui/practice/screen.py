"""The Practice screen: timed drills traced on the back diagram, graded, saved, replayed.

The screen walks through five pages in its side panel:

    choose  ->  screening (rule 9)  ->  drill  ->  report
       \\-> replay (any saved drill), report (any saved drill), import, export

It holds the pages and decides which one shows and what the shared diagram carries meanwhile
(the live ink, the report's markers, or the replay). The work is done by its parts: `LiveDrill`
(live.py) runs the drill being traced, `LiveProgress` (progress.py) shows its targets,
`DrillKeeper` (keep.py) keeps it from being lost, `History` (history.py) lists the saved drills,
`RecordingFiles` (files.py) and `Importer` (importer.py) export and import them, `Results`
(results.py) grades and saves a finished drill off the GUI thread (jobs.py, ui/kit/worker.py),
and `UnsavedDrills` (unsaved.py) keeps one that could not be saved until it is.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Mapping
from functools import partial
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QEvent, Qt, QTimer
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QHBoxLayout,
    QListWidgetItem,
    QSizePolicy,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from massage_trainer.core.drill import Drill, DrillSpec, drill_specs
from massage_trainer.storage import DrillRun, Learner
from massage_trainer.ui.diagram.ink import InkLayer
from massage_trainer.ui.kit.context import ScreenHelp
from massage_trainer.ui.kit.worker import Job, Runner
from massage_trainer.ui.practice.files import RecordingFiles
from massage_trainer.ui.practice.guide import DrillGuide
from massage_trainer.ui.practice.history import History
from massage_trainer.ui.practice.importer import Importer
from massage_trainer.ui.practice.keep import DrillKeeper, set_aside
from massage_trainer.ui.practice.keys import PRACTICE_WHERE, DrillKeys, help_rows
from massage_trainer.ui.practice.live import LiveDrill
from massage_trainer.ui.practice.pages import ChoosePage, DrillPage, ReplayPage, ResultPage
from massage_trainer.ui.practice.progress import LiveProgress
from massage_trainer.ui.practice.results import Results
from massage_trainer.ui.practice.screening import ScreeningPage
from massage_trainer.ui.practice.unsaved import UnsavedDrills
from massage_trainer.ui.practice.unsaved_close import CloseGuard

PRELOAD_MS = 150  # after the screening page is drawn, the report's charts are imported

if TYPE_CHECKING:
    from massage_trainer.ui.kit.context import AppContext


class PracticeScreen(QWidget):
    title = "Practice"
    choose_page: ChoosePage
    screening_page: ScreeningPage
    drill_page: DrillPage
    result_page: ResultPage
    replay_page: ReplayPage

    def __init__(self, ctx: AppContext, clock: Callable[[], float] = time.monotonic,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.diagram = ctx.diagram
        self.specs = drill_specs(ctx.content.techniques)
        self.titles = {s.id: s.title for s in self.specs}
        self.spec: DrillSpec = self.specs[0]
        self.runner = Runner(self)  # tests switch it to synchronous
        self.ink = InkLayer(self.diagram)
        self._active = False
        self._ink_shown = False

        self.pages = QStackedWidget()
        self._build_pages()
        self.live = LiveDrill(ctx.content, self.diagram, self.drill_page, self.ink, clock, self)
        self.live.ended.connect(self.finish_drill)
        self.progress = LiveProgress(self.live, ctx.content.body, self.runner, self)
        self.keeper = DrillKeeper(self.live, self, lambda: self.cancel_drill(), self.runner, ctx.storage.home, self)
        self.history = History(ctx, self.choose_page, self.runner, self.titles, self, self)
        self.files = RecordingFiles(ctx, self, self.history, self.runner, self.say)
        self.unsaved = UnsavedDrills(ctx, self.choose_page, self.runner, self.files, self.say, parent=self)
        self.close_guard = CloseGuard(self.unsaved, self, self)
        self.importer = Importer(ctx, self, self.history, self.runner, self.say, self.unsaved.something_saved, self)
        self.keeper.saved.connect(self.unsaved.something_saved)  # an autosave went in: there is room again
        self.results = Results(ctx, self, self.result_page, self.replay_page, self.ink, self.runner,
                               self.history, self.unsaved, self.titles, self)
        self.guide = DrillGuide(ctx, self.live, self.drill_page, self.pages, lambda: self.history.runs, parent=self)
        self.show_page(self.choose_page)

        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        self.diagram_host = QVBoxLayout()  # the shared diagram comes here while the screen shows
        layout.addLayout(self.diagram_host, 3)
        layout.addWidget(self.pages, 2)
        self._build_shortcuts()
        ctx.learner_listeners.append(self._on_learner)
        self.select_drill(self.spec.id)
        self.unsaved.pick_up(self.titles)  # drills a past session could not save, tried again now

    # The drill in progress lives in self.live; these read through to it.
    @property
    def clock(self) -> Callable[[], float]:
        return self.live.clock

    @clock.setter
    def clock(self, clock: Callable[[], float]) -> None:
        self.live.clock = clock

    @property
    def drill(self) -> Drill | None:
        """The drill being traced; None before one starts and once it is handed over to be graded."""
        return self.live.drill

    @property
    def timer(self) -> QTimer:
        return self.live.timer

    # --- building the pages -------------------------------------------------------

    def _build_pages(self) -> None:
        ctx = self.ctx
        c = self.choose_page = ChoosePage(self.specs, ctx.content.reference.disclaimer, ctx.theme)
        c.drill_list.currentItemChanged.connect(self._on_drill_item)
        c.drill_list.itemActivated.connect(lambda _item: self.ask_screening())
        c.start_button.clicked.connect(self.ask_screening)
        c.history.itemActivated.connect(lambda _i, _c: self.show_saved_report())
        c.report_button.clicked.connect(lambda: self.show_saved_report())
        c.replay_button.clicked.connect(lambda: self.results.replay_selected())
        c.export_button.clicked.connect(lambda: self.files.ask_export_selected())
        c.import_button.clicked.connect(lambda: self.importer.ask_import())

        s = self.screening_page = ScreeningPage(ctx.content.reference, ctx.theme)
        s.begin_button.clicked.connect(self.begin)
        s.back_button.clicked.connect(self.show_choose)

        d = self.drill_page = DrillPage(ctx.theme)
        d.next_button.clicked.connect(lambda: self.live.next_phase())
        d.finish_button.clicked.connect(self.finish_drill)
        d.cancel_button.clicked.connect(lambda: self.keeper.ask_discard())
        d.resume_button.clicked.connect(self.resume_drill)

        r = self.result_page = ResultPage()
        r.again_button.clicked.connect(self.ask_screening)
        r.replay_button.clicked.connect(lambda: self.results.replay_last())
        r.export_button.clicked.connect(self._export_shown)
        r.done_button.clicked.connect(self.show_choose)
        r.retry_button.clicked.connect(lambda: self.results.retry_save())

        self.replay_page = ReplayPage()
        self.replay_page.back_button.clicked.connect(self.show_choose)
        for page in (c, s, d, r, self.replay_page):
            self.pages.addWidget(page)

    def _build_shortcuts(self) -> None:
        """Drill keys, live only while a drill runs and the focus is on this screen."""
        self.keys = DrillKeys(self)
        live = self.live
        self.keys.bind({
            "more": partial(live.nudge_pressure, 1), "less": partial(live.nudge_pressure, -1),
            "level": live.set_pressure, "full": partial(live.set_pressure, 1.0),
            "glide": self.drill_page.glide_button.toggle, "lock": live.toggle_lock,
            "vibrate": partial(live.set_vibrate, True), "next": live.next_phase,
            "finish": self.finish_drill, "pause": self.toggle_pause,
            "cancel": lambda: None if self.guide.stop_show() else self.keeper.ask_discard(),  # Show me first
            "show": self.guide.toggle_show, "guide": self.guide.toggle, "help": self.drill_page.toggle_help,
        })

    def event(self, event: QEvent) -> bool:
        if isinstance(event, QKeyEvent):  # the diagram passes on the keys it does not take
            if event.key() == Qt.Key.Key_Shift:
                self.live.shift_key(event.type() == QEvent.Type.KeyPress)
            elif (event.key() == Qt.Key.Key_V and event.type() == QEvent.Type.KeyRelease
                  and not event.isAutoRepeat()):
                self.live.set_vibrate(False)  # V is held: its shortcut puts the hand down
        return super().event(event)

    def set_drill_keys(self, on: bool) -> None:
        self.keys.set_enabled(on)

    # --- screen protocol -------------------------------------------------------------

    def activate(self) -> None:
        self._active = True
        self.close_guard.watch(self.window())  # a close with a drill unsaved asks first
        self.diagram_host.addWidget(self.diagram)
        self.diagram.set_input_enabled(False)
        self.diagram.focus_zone(None)
        self.diagram.show()
        self.guide.attach()  # before the ink, so under it
        self.show_page(self.pages.currentWidget() or self.choose_page)
        self.history.refresh()
        if self.live.active:
            self.set_drill_keys(True)  # a paused drill waits for Resume

    def deactivate(self) -> None:
        """Leaving the screen pauses a drill in progress (it waits to be resumed) and lets go of the diagram."""
        self._active = False
        self.live.pause()
        self.keeper.autosave(force=True)  # kept, should the app be closed now
        self.live.stop_input()
        self.set_drill_keys(False)
        self.guide.detach()
        self._layers_for(None)

    def current_page(self) -> QWidget | None:
        return self.pages.currentWidget()

    def show_page(self, page: QWidget) -> None:
        """Show a page, and put on the diagram what that page draws there."""
        # Park the focus first: if the focused widget were hidden with its page, Qt would
        # tab on to the next one, and the diagram takes a Tab as "walk the zones".
        self.setFocus(Qt.FocusReason.OtherFocusReason)
        # Only the page on show claims room, so a wide page (the replay's controls) does
        # not shrink the diagram on the others.
        for i in range(self.pages.count()):
            other = self.pages.widget(i)
            if other is not None:
                policy = QSizePolicy.Policy.Preferred if other is page else QSizePolicy.Policy.Ignored
                other.setSizePolicy(policy, policy)
        self.pages.setCurrentWidget(page)
        if self._active:
            self._layers_for(page)

    def _layers_for(self, page: QWidget | None) -> None:
        """One owner of the diagram's layers: the live ink, the report's markers, or the replay."""
        report_view, replay_view = self.results.report_view, self.results.replay_view
        # While a finished drill is graded, its ink stays up where the report will be.
        report_markers = page is self.result_page and report_view is not None and not self.results.is_busy()
        replaying = page is self.replay_page
        if replay_view is not None and not replaying and replay_view.is_attached():
            replay_view.detach()
        if report_view is not None and not report_markers:
            report_view.detach_markers()
        ink = page is not None and not report_markers and not replaying
        if ink and not self._ink_shown:
            self.diagram.add_layer(self.ink)
        elif not ink and self._ink_shown:
            self.diagram.remove_layer(self.ink)
        self._ink_shown = ink
        if report_markers and report_view is not None:
            report_view.attach_markers()
        if replaying and replay_view is not None:
            replay_view.attach()

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
        text = spec.description
        if len(spec.phases) > 1:
            text += f"\nOrder: {' → '.join(p.label for p in spec.phases)}."
        self.choose_page.drill_text.setText(text)

    def show_choose(self) -> None:
        if not self.live.active:
            self.ink.clear()
        self.show_page(self.choose_page)
        self.history.refresh()
        self.choose_page.drill_list.setFocus()

    def say(self, text: str) -> None:
        self.choose_page.note.setText(text)
        self.choose_page.note.setVisible(bool(text))

    def ask_screening(self) -> None:
        """The checklist of contraindications comes before every drill (rule 9)."""
        self.say("")
        self.screening_page.reset()
        self.screening_page.set_how(self.spec)
        self.ink.clear()
        self.show_page(self.screening_page)
        self.screening_page.begin_button.setFocus()
        # Once the page is drawn, while nothing is traced (a drill begun at once loads them at its end).
        QTimer.singleShot(PRELOAD_MS, self, lambda: None if self.live.active else self.results.preload())

    # --- a drill: begin, cancel, finish ---------------------------------------------------

    def begin(self) -> bool:
        """Start the chosen drill, unless the screening stopped it."""
        if not self.screening_page.may_begin():
            self.screening_page.sync()
            return False
        if self.ctx.learner is None:
            self.say("Choose or create a learner first, so the drill can be kept in a record.")
            self.show_choose()
            return False
        self.results.forget()
        self.progress.refresh(self.live.start(self.spec))
        self.keeper.started(self.ctx.learner.id)
        self.show_page(self.drill_page)
        self.set_drill_keys(True)
        self.diagram.setFocus(Qt.FocusReason.OtherFocusReason)
        self.diagram.focus_zone(None)
        return True

    def refresh(self) -> None:
        """What the drill's timer does: let the drill move on (and finish it when it ends)."""
        self.live.refresh()

    def before_close(self) -> None:
        """The window closes: let the last autosave reach the database; keep what is unsaved in a file."""
        self.runner.wait()
        self.unsaved.keep_all()

    def resume_drill(self) -> None:
        if self.live.resume():
            self.diagram.setFocus(Qt.FocusReason.OtherFocusReason)

    def toggle_pause(self) -> None:
        """P: pause the drill (its trace kept at once), or resume it."""
        if self.live.paused:
            self.resume_drill()
        elif self.live.pause():
            self.keeper.autosave(force=True)

    def cancel_drill(self, message: str = "Drill cancelled; nothing was saved.") -> None:
        if self.live.cancel():
            self.set_drill_keys(False)
            self.show_choose()
            self.say(message)

    def finish_drill(self) -> None:
        """Grade the drill and keep it in the learner's record, off the GUI thread; the report follows."""
        if not self.live.active or self.results.is_busy():
            return
        started_at = self.live.started_at
        self.set_drill_keys(False)
        drill = self.live.take()
        assert drill is not None
        self.keeper.owner = None  # finishing clears the autosave, after any queued before it
        self.results.finish(drill, started_at, self.ctx.learner)

    def show_saved_report(self, run_id: int | None = None) -> None:
        self.results.show_saved_report(run_id)

    # --- history, export and import ------------------------------------------------------------

    def selected_run_id(self) -> int | None:
        return self.history.selected_run_id()

    def _export_shown(self) -> None:
        entry = self.results.shown_unsaved
        if entry is not None:
            self.unsaved.export(entry)  # kept in a file, and still tried again to be saved
        elif self.results.last_recording is not None:
            self.files.ask_export(self.results.last_recording, *self.results.shown)

    def export_run(self, run_id: int, path: str) -> Job:
        return self.files.export_run(run_id, path)

    def import_file(self, path: str) -> DrillRun | None:
        return self.importer.import_file(path)

    # --- links from other screens, and F1 ------------------------------------------------------

    def open_request(self, request: Mapping[str, str]) -> None:
        """`{"drill": id}`: that drill chosen, ready to start (a drill under way is left as it is)."""
        drill = request.get("drill")
        if drill in self.titles and not self.live.active:
            self.select_drill(drill)
            self.show_choose()
            self.choose_page.start_button.setFocus()

    def help_key(self) -> bool:
        """F1 during a drill shows or hides its keys (True: taken); otherwise the window's help opens."""
        if self._active and self.live.active and self.pages.currentWidget() is self.drill_page:
            self.drill_page.toggle_help()
            return True
        return False

    def screen_help(self) -> ScreenHelp:
        return ScreenHelp(PRACTICE_WHERE, help_rows())

    # --- learners and screenshots ----------------------------------------------------------------

    def _on_learner(self, learner: Learner | None) -> None:
        if self.live.active:
            if learner is None or learner.id != self.keeper.owner:  # not a rename: someone else
                set_aside(self, self.keeper.owner)  # kept for its learner, offered when they come back
        elif self.pages.currentWidget() in (self.result_page, self.replay_page):
            self.show_choose()  # the report on show was someone else's
        self.results.last_run = None
        self.history.refresh()

    def prepare_screenshot(self, args: Any) -> None:
        """A drill in progress with some ink (or, with --at past its end, its report)."""
        from massage_trainer.ui.practice.script import prepare_screenshot

        prepare_screenshot(self, args)
