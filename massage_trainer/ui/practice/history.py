"""The learner's saved drills on the choose page: listed off the GUI thread, picked, opened.

`History.refresh()` reads the list on the worker thread (ui/kit/worker.py) and
fills the table when it arrives, then emits `loaded`; a newer refresh makes an
older one's answer moot. `open_run()` reads one run and its recording, saying
in a message box why, when it cannot.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from datetime import datetime
from functools import partial
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtWidgets import QTreeWidgetItem

from massage_trainer.core.recording import Recording, RecordingError
from massage_trainer.storage import DrillRun, Learner, StorageError
from massage_trainer.ui.kit.text import score_text
from massage_trainer.ui.kit.worker import Job, Runner
from massage_trainer.ui.practice.jobs import load_history
from massage_trainer.ui.practice.pages import ChoosePage

if TYPE_CHECKING:
    from massage_trainer.ui.kit.context import AppContext


def when(iso: str) -> str:
    """A stored UTC time as the learner's local date and time."""
    try:
        return datetime.fromisoformat(iso).astimezone().strftime("%d %b %Y, %H:%M")
    except ValueError:
        return iso


class History(QObject):
    """The "Your drills" table of the choose page, kept in step with the learner's record."""

    loaded = Signal()  # the table shows the record as it was just read

    def __init__(self, ctx: AppContext, page: ChoosePage, runner: Runner, titles: dict[str, str],
                 warn: Callable[[str, str], None], parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.page = page
        self.runner = runner
        self.titles = titles
        self.warn = warn
        self._job: Job | None = None
        self.runs: list[DrillRun] = []  # the learner's runs as last read (the drill guide counts them)
        page.history.itemSelectionChanged.connect(self.sync_buttons)

    def refresh(self, select: int | None = None) -> Job | None:
        """Read the current learner's drills again (off the GUI thread); then pick run `select`."""
        if self._job is not None:
            self._job.discard()
        learner = self.ctx.learner
        if learner is None:
            self._job = None
            self._fill(None, [], select)
            return None
        home = self.ctx.storage.home
        self._job = self.runner.run(partial(load_history, home, learner.id),
                                    partial(self._fill, learner, select=select),
                                    partial(self._failed, learner))
        return self._job

    def _failed(self, learner: Learner, message: str) -> None:
        self.warn("Cannot list the drills", f"{learner.name}'s drills cannot be read: {message}")

    def _fill(self, learner: Learner | None, runs: list[DrillRun], select: int | None = None) -> None:
        self.runs = list(runs)
        tree = self.page.history
        tree.clear()
        for run in runs:
            result = "Unfinished" if run.unfinished else "Passed" if run.passed else "Not passed"
            if run.imported_from:
                result += " (imported)"
            item = QTreeWidgetItem([when(run.started_at), self.titles.get(run.drill, run.drill),
                                    score_text(run.score), result])
            item.setData(0, Qt.ItemDataRole.UserRole, run.id)
            item.setTextAlignment(2, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            tree.addTopLevelItem(item)
        tree.updateGeometry()
        tree.setVisible(bool(runs))
        self.page.history_empty.setVisible(not runs)
        self.page.history_title.setText(f"{learner.name}'s drills" if learner else "Drills")
        if select is not None:
            self.select_run(select)
        self.sync_buttons()
        self.loaded.emit()

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

    def open_run(self, run_id: int) -> tuple[DrillRun, Recording] | None:
        """A saved run and its recording, or None (after saying why) when it cannot be read."""
        store = self.ctx.storage.drills
        try:
            run = store.get(run_id)
            return run, store.recording(run_id)
        except (KeyError, RecordingError, ValueError, sqlite3.Error, StorageError) as err:
            self.warn("Cannot open this drill", f"The saved drill cannot be read: {err}")
            return None
