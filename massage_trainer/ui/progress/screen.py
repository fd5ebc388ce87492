"""The Progress screen: how the current learner is getting on, read off the GUI thread.

Each time the screen is shown, and each time the learner changes while it shows, the learner's
`ProgressData` (storage/progress.py) is read on the worker thread (jobs.py); meanwhile the screen
says it is reading. Then the charts and lists (view.py) show it, or a word on what to do: choose a
learner, or take a quiz or a drill. A result for a learner no longer chosen is dropped.

Export CSV… asks where, then writes the learner's whole history there off the GUI thread, atomically
(storage/history_csv.py); the status bar says so, or one message says why it could not be written.
"""

from __future__ import annotations

import argparse
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QFileDialog,
    QHBoxLayout,
    QMainWindow,
    QMessageBox,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from massage_trainer.storage import Learner
from massage_trainer.ui.kit import theme as th
from massage_trainer.ui.kit.context import AppContext, ScreenHelp
from massage_trainer.ui.kit.dialogs import message_box
from massage_trainer.ui.kit.widgets import paragraph
from massage_trainer.ui.kit.worker import Job, Runner
from massage_trainer.ui.progress.jobs import Exported, ExportFailed, Loaded, export_csv, load_progress

if TYPE_CHECKING:  # the view brings pyqtgraph: imported with the first data to show
    from massage_trainer.ui.progress.view import ProgressView

EXPORT_KEY = "Ctrl+E"
NO_LEARNER = "Choose or add a learner (the Learner menu, top right) to see their progress here."
NOTHING_YET = "Take a quiz or a drill and your progress shows here."
KEYS = ((EXPORT_KEY, "Export CSV…: the learner's whole history as a spreadsheet file"),)


def csv_name(learner: Learner) -> str:
    """A file name from the learner's name: letters, digits, dashes; "learner" if none are left."""
    stem = "".join(c if c.isalnum() else "-" for c in learner.name).strip("-") or "learner"
    return f"{stem[:40]}-history.csv"


class ProgressScreen(QWidget):
    title = "Progress"
    loaded = Signal()  # the read is over: its data, a word on what to do, or why it failed, shows
    exported = Signal(object)  # Exported or ExportFailed, once the learner has been told

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.runner = Runner(self)  # tests and screenshots switch it to synchronous
        self._active = False
        self._job: Job | None = None
        self._reading_for: int | None = None  # the learner whose progress is being read
        self._reads = 0  # which read is the latest: an older one's result is dropped
        self.shown: Loaded | None = None
        self.view: ProgressView | None = None  # built with the first data (pyqtgraph comes with it)
        self.failure: QMessageBox | None = None

        column = QVBoxLayout(self)
        column.setContentsMargins(th.SPACING * 2, th.SPACING, th.SPACING * 2, th.SPACING)
        column.setSpacing(th.SPACING)
        top = QHBoxLayout()
        self.summary = paragraph()
        self.summary.setObjectName("progressSummary")
        top.addWidget(self.summary, 1)
        self.export_button = QPushButton("Export CSV…")
        self.export_button.setObjectName("exportCsv")
        self.export_button.setToolTip(f"Every quiz answer and drill of this learner, one row each ({EXPORT_KEY})")
        self.export_button.clicked.connect(self.ask_export)
        top.addWidget(self.export_button, 0, Qt.AlignmentFlag.AlignTop)
        column.addLayout(top)
        self.note = paragraph()
        self.note.setObjectName("progressNote")
        self.note.setVisible(False)
        column.addWidget(self.note)
        self.pages = QStackedWidget()
        self.message = paragraph()
        self.message.setObjectName("progressMessage")
        self.message.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.message.setProperty("scaleFactor", 1.25)
        holder = QWidget()
        lay = QVBoxLayout(holder)
        lay.addStretch(1)
        lay.addWidget(self.message)
        lay.addStretch(2)
        self.message_page = holder
        self.pages.addWidget(holder)
        column.addWidget(self.pages, 1)
        self.export_shortcut = QShortcut(QKeySequence(EXPORT_KEY), self)
        self.export_shortcut.setContext(Qt.ShortcutContext.WindowShortcut)
        self.export_shortcut.setEnabled(False)
        self.export_shortcut.activated.connect(self.ask_export)
        ctx.learner_listeners.append(self._on_learner)
        self._say_state(NO_LEARNER if ctx.learner is None else "")

    # --- screen protocol ----------------------------------------------------------

    def activate(self) -> None:
        self._active = True
        self.export_shortcut.setEnabled(True)
        self.reload()

    def deactivate(self) -> None:
        self._active = False
        self.export_shortcut.setEnabled(False)

    def screen_help(self) -> ScreenHelp:
        return ScreenHelp(
            where="How the learner is getting on. At the top, what they have done; Export CSV… (top right) "
                  "writes their whole history to a file. Below: the mean quiz score on each topic week by "
                  "week, each drill's score, and the minutes practised each week; then the weakest questions "
                  "and topics, the drill rules broken most often (the last four weeks against the four before), "
                  "and what is due for review.",
            keys=KEYS)

    def prepare_screenshot(self, args: argparse.Namespace) -> None:
        """Show the current learner's progress as it stands (the screenshot seeds nothing)."""
        self.runner.synchronous = True
        self.runner.wait()  # the read begun when the screen was shown, over before its home goes
        self.reload()

    # --- reading ------------------------------------------------------------------

    def loading(self) -> bool:
        """Whether a read is under way."""
        return self._job is not None

    def reload(self) -> Job | None:
        """Read the current learner's progress again, off the GUI thread; None without a learner."""
        learner = self.ctx.learner
        self.export_button.setEnabled(False)
        if learner is None:
            self._reading_for, self._job, self.shown = None, None, None
            self.summary.setText("")
            self._say_state(NO_LEARNER)
            self.loaded.emit()
            return None
        if self._job is not None and self._reading_for == learner.id:
            return self._job  # already on its way
        if self.shown is None or self.shown.learner_id != learner.id:
            self.summary.setText(f"Reading {learner.name}'s progress…")
            self._say_state(f"Reading {learner.name}'s progress…")
        self._reading_for = learner.id
        self._reads += 1
        job = self.runner.run(partial(load_progress, self.ctx.content, self.ctx.storage.home, learner.id,
                                      self.ctx.storage.clock()),
                              partial(self._loaded, self._reads, learner), partial(self._failed, self._reads, learner))
        if not job.is_finished():
            self._job = job
        return job

    def _latest(self, read: int, learner: Learner) -> bool:
        """Whether this is the latest read, for the learner chosen now; if so, the read is over."""
        if read != self._reads:
            return False  # a newer read is on its way
        self._job = None
        now = self.ctx.learner
        return now is not None and now.id == learner.id

    def _loaded(self, read: int, learner: Learner, result: Loaded) -> None:
        if not self._latest(read, learner):
            return
        unchanged = result == self.shown and self.view is not None  # shown again, nothing new: left as drawn
        self.shown = result
        data = result.data
        if data.empty:
            self.summary.setText(f"{learner.name}: nothing done yet.")
            self._say_state(NOTHING_YET)
        else:
            self.summary.setText(f"{learner.name}: {_count(data.answers, 'quiz answer')} and "
                                 f"{_count(data.runs, 'drill')}.")
            view = self._ensure_view()
            if not unchanged:
                view.show_data(result)
            self.pages.setCurrentWidget(view)
        self.export_button.setEnabled(not data.empty)
        self.loaded.emit()

    def _failed(self, read: int, learner: Learner, message: str) -> None:
        if not self._latest(read, learner):
            return
        self.shown = None
        self.summary.setText(f"{learner.name}'s progress could not be read.")
        self._say_state(f"Your progress could not be read: {message}")
        self.loaded.emit()

    def _ensure_view(self) -> ProgressView:
        if self.view is None:
            from massage_trainer.ui.progress.view import ProgressView  # pyqtgraph comes with it

            self.view = ProgressView(self.ctx)
            self.pages.addWidget(self.view)
            rescale = getattr(self.window(), "rescale", None)
            if callable(rescale):
                rescale(self.view)  # to the window's type scale
        return self.view

    def _say_state(self, text: str) -> None:
        self.message.setText(text)
        self.pages.setCurrentWidget(self.message_page)

    def _on_learner(self, learner: Learner | None) -> None:
        self.shown = None
        if self._active:
            self.reload()

    # --- export ---------------------------------------------------------------------

    def ask_export(self) -> None:
        """Ask where to write the learner's history, then write it there."""
        learner = self.ctx.learner
        if learner is None or not self.export_button.isEnabled():
            return
        path, _filter = QFileDialog.getSaveFileName(self, "Export the learner's history",
                                                    str(Path.home() / csv_name(learner)), "CSV files (*.csv)")
        if path:
            target = Path(path)
            self.export(learner, target if target.suffix else target.with_suffix(".csv"))

    def export(self, learner: Learner, path: Path) -> Job:
        """Write the learner's whole history to `path`, off the GUI thread."""
        self.note.setText(f"Writing {learner.name}'s history to {path}…")
        self.note.setVisible(True)
        job = partial(export_csv, self.ctx.content, self.ctx.storage.home, learner.id, path)
        return self.runner.run(job, self._written, lambda message: self._written(ExportFailed(path, message)))

    def _written(self, result: Exported | ExportFailed) -> None:
        if isinstance(result, Exported):
            text = f"Exported {_count(result.rows, 'row')} of history to {result.path}."
            self.note.setText(text)
            window = self.window()
            if isinstance(window, QMainWindow):
                window.statusBar().showMessage(text, 10_000)
        else:
            self.note.setVisible(False)
            box = message_box(self, QMessageBox.Icon.Warning, "Export failed",
                              f"{result.path}: the history could not be written: {result.words}. "
                              "Choose another place or name.", name="exportFailed")
            box.addButton(QMessageBox.StandardButton.Ok)
            self.failure = box
            box.open()
        self.exported.emit(result)


def _count(n: int, what: str) -> str:
    return f"{n:,} {what}" + ("" if n == 1 else "s")
