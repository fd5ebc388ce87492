"""The learner's saved drills on the choose page: listed off the GUI thread, picked, opened.

`History.refresh()` reads the list on the worker thread (ui/kit/worker.py) and
fills the table when it arrives, then emits `loaded`; a newer refresh makes an
older one's answer moot. A row the database cannot read comes back marked damaged
(storage/drills.py) and is listed as such; drills that cannot be read at all are
one plain message in the card, in the table's place. `open_run()` reads one run
and its recording off the GUI thread too, saying in a message box why, when it cannot.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from functools import partial
from typing import TYPE_CHECKING, Final

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtWidgets import QTreeWidgetItem, QWidget

from massage_trainer.storage import DrillRun, Learner
from massage_trainer.ui.kit.text import score_text
from massage_trainer.ui.kit.worker import Job, Runner
from massage_trainer.ui.practice.jobs import Failed, Listing, Opened, catching, load_history, open_saved
from massage_trainer.ui.practice.messages import reason, warn, way_out
from massage_trainer.ui.practice.pages import ChoosePage

if TYPE_CHECKING:
    from massage_trainer.ui.kit.context import AppContext

DAMAGED: Final = "Damaged — cannot be read"
SAVED_RUNS_LOOKED_AT: Final = 50  # a saved report compares with the earlier ones among these


def when(iso: str) -> str:
    """A stored UTC time as the learner's local date and time."""
    try:
        return datetime.fromisoformat(iso).astimezone().strftime("%d %b %Y, %H:%M")
    except ValueError:
        return iso or "—"


def cannot_list(err: BaseException) -> str:
    """The one message the card shows when the drills cannot be read at all."""
    return " ".join(filter(None, (f"Your drills cannot be read: {reason(err)}.", way_out(err))))


def damaged_words(run: DrillRun) -> str:
    """What is wrong with a damaged row, for the learner who asks to open it."""
    return f"This drill's record is damaged: {run.damaged}."


class History(QObject):
    """The "Your drills" table of the choose page, kept in step with the learner's record."""

    loaded = Signal()  # the table shows the record as it was just read

    def __init__(self, ctx: AppContext, page: ChoosePage, runner: Runner, titles: dict[str, str],
                 host: QWidget, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.page = page
        self.runner = runner
        self.titles = titles
        self.host = host  # what the message boxes open over
        self._job: Job | None = None
        self.runs: list[DrillRun] = []  # the learner's runs as last read (the drill guide counts them)
        self.problem: BaseException | None = None  # why the drills could not be read, if they could not
        page.history.itemSelectionChanged.connect(self.sync_buttons)

    def refresh(self, select: int | None = None) -> Job | None:
        """Read the current learner's drills again (off the GUI thread); then pick run `select`."""
        if self._job is not None:
            self._job.discard()
        learner = self.ctx.learner
        if learner is None:
            self._job = None
            self._fill(None, Listing([]), select)
            return None
        home = self.ctx.storage.home
        self._job = self.runner.run(partial(load_history, home, learner.id),
                                    partial(self._fill, learner, select=select),
                                    partial(self._failed, learner))
        return self._job

    def _failed(self, learner: Learner, message: str) -> None:
        self._fill(learner, Listing([], RuntimeError(message)))

    def _fill(self, learner: Learner | None, listing: Listing, select: int | None = None) -> None:
        runs = listing.runs
        self.runs = list(runs)
        self.problem = listing.problem
        tree = self.page.history
        tree.clear()
        for run in runs:
            tree.addTopLevelItem(self._row(run))
        tree.updateGeometry()
        problem = listing.problem
        self.page.history_problem.setText(cannot_list(problem) if problem is not None else "")
        self.page.history_problem.setVisible(problem is not None)
        tree.setVisible(bool(runs))
        self.page.history_empty.setVisible(not runs and problem is None)
        self.page.history_title.setText(f"{learner.name}'s drills" if learner else "Drills")
        if select is not None:
            self.select_run(select)
        self.sync_buttons()
        self.loaded.emit()

    def _row(self, run: DrillRun) -> QTreeWidgetItem:
        if run.damaged is not None:
            item = QTreeWidgetItem([when(run.started_at), self.titles.get(run.drill, run.drill or "—"), "—", DAMAGED])
            for column in range(4):
                item.setToolTip(column, damaged_words(run))
        else:
            result = "Unfinished" if run.unfinished else "Passed" if run.passed else "Not passed"
            if run.imported_from:
                result += " (imported)"
            item = QTreeWidgetItem([when(run.started_at), self.titles.get(run.drill, run.drill),
                                    score_text(run.score), result])
        item.setData(0, Qt.ItemDataRole.UserRole, run.id)
        item.setTextAlignment(2, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return item

    def selected_run_id(self) -> int | None:
        items = self.page.history.selectedItems()
        return int(items[0].data(0, Qt.ItemDataRole.UserRole)) if items else None

    def select_run(self, run_id: int) -> None:
        tree = self.page.history
        for i in range(tree.topLevelItemCount()):
            item = tree.topLevelItem(i)
            if item is not None and item.data(0, Qt.ItemDataRole.UserRole) == run_id:
                tree.setCurrentItem(item)

    def sync_buttons(self) -> None:
        has = self.selected_run_id() is not None
        for b in (self.page.report_button, self.page.replay_button, self.page.export_button):
            b.setEnabled(has)

    def open_run(self, run_id: int, then: Callable[[Opened], object], graded: bool = False) -> Job:
        """Read a saved run and its recording off the GUI thread (and, `graded`, grade it again),
        then call `then`; when it cannot be read, say why in a message box instead."""
        body = self.ctx.content.body if graded else None
        job = partial(catching, partial(open_saved, self.ctx.storage.home, run_id, body, SAVED_RUNS_LOOKED_AT))
        self._set_opening(True)  # the buttons wait while a long recording is read and graded

        def opened(result: Opened | Failed) -> None:
            self._set_opening(False)
            if isinstance(result, Failed):
                self.cannot_open(result.error)
            else:
                then(result)

        def failed(message: str) -> None:
            self._set_opening(False)
            self.cannot_open(RuntimeError(message))

        return self.runner.run(job, opened, failed)

    def _set_opening(self, on: bool) -> None:
        if on:
            for b in (self.page.report_button, self.page.replay_button, self.page.export_button):
                b.setEnabled(False)
        else:
            self.sync_buttons()

    def cannot_open(self, err: BaseException, doing: str = "opened") -> None:
        words = reason(err)
        text = f"This drill cannot be {doing}: {words}. The other drills are not affected."
        warn(self.host, f"Cannot {'open' if doing == 'opened' else 'export'} this drill",
             " ".join(filter(None, (text, way_out(err)))))
