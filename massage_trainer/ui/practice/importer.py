"""Recordings into the learner's record: Import recording… of one file or several, off the GUI thread.

The reading, checking and grading of each file, and the one transaction that keeps
them, run on the worker thread (file_jobs.py's `import_recordings`, on a database
connection of its own). Meanwhile a progress dialog says which file is being read,
graded or kept, and can be cancelled: the import stops at its next step, and since
the write is one transaction (`DrillStore.import_runs`), a cancel leaves nothing
half-imported. A file that cannot be read is named in one message; the others go in.
An imported recording is filed under its technique, or as a session
(storage/drills.py `drill_for_recording`), and one already in the learner's record
is not added again.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Final

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtWidgets import QApplication, QFileDialog, QLabel, QProgressDialog, QPushButton, QWidget

from massage_trainer.storage import DrillRun, Learner
from massage_trainer.ui.kit.dialogs import fit_to, plain_label
from massage_trainer.ui.kit.text import score_text
from massage_trainer.ui.kit.worker import Job, Runner
from massage_trainer.ui.practice.file_jobs import ImportOutcome, import_recordings
from massage_trainer.ui.practice.history import History, when
from massage_trainer.ui.practice.messages import reason, warn, way_out

if TYPE_CHECKING:
    from massage_trainer.ui.kit.context import AppContext

SHOW_AFTER_MS: Final = 300  # the progress dialog shows once an import has taken this long


class Importer(QObject):
    """The import dialogs (the files, then the progress) and what follows them."""

    progressed = Signal(int, int, str)  # (done, out of, what now): from the worker, queued to the GUI thread
    finished = Signal(object)  # the ImportOutcome, once the import is over (done, refused or cancelled)

    def __init__(self, ctx: AppContext, host: QWidget, history: History, runner: Runner,
                 say: Callable[[str], None], saved: Callable[[], None], parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.host = host
        self.history = history
        self.runner = runner
        self.say = say
        self.saved = saved  # something went into the record: the unsaved drills may go in now too
        self.dialog: QFileDialog | None = None
        self.progress: QProgressDialog | None = None
        self.cancel_button: QPushButton | None = None
        self.outcome: ImportOutcome | None = None  # the latest import's
        self._cancel = threading.Event()
        self.progressed.connect(self._step)

    def ask_import(self) -> None:
        dialog = QFileDialog(self.host, "Import drill recordings", str(Path.home()),
                             "Recordings (*.json);;All files (*)")
        dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptOpen)
        dialog.setFileMode(QFileDialog.FileMode.ExistingFiles)
        dialog.setObjectName("importDialog")
        dialog.filesSelected.connect(lambda paths: self.start([str(p) for p in paths]))
        self.dialog = dialog
        dialog.open()

    def start(self, paths: list[str]) -> Job | None:
        """Import these files into the current learner's record, off the GUI thread."""
        learner = self.ctx.learner
        if learner is None:
            warn(self.host, "Import", "Choose or create a learner first: the import goes into their record.")
            return None
        if not paths:
            return None
        self.outcome = None
        self._cancel = cancel = threading.Event()
        self._show_progress(paths)
        job = partial(import_recordings, self.ctx.storage.home, learner.id, list(paths), self.ctx.content.body,
                      self.progressed.emit, cancel.is_set)
        return self.runner.run(job, partial(self._done, learner, paths, cancel),
                               lambda message: self._failed(paths, message))

    def import_file(self, path: str | Path) -> DrillRun | None:
        """Import one file; with a synchronous runner, the new run (None if none was added)."""
        self.start([str(path)])
        outcome = self.outcome
        new = [i.run for i in outcome.imported if not i.already] if outcome is not None else []
        return new[0] if new else None

    def cancel(self) -> None:
        """Stop the import at its next step; nothing of it is kept."""
        self._cancel.set()
        if self.progress is not None:
            self.progress.setLabelText("Cancelling the import…")

    # --- the progress dialog --------------------------------------------------------------

    def _show_progress(self, paths: list[str]) -> None:
        dialog = QProgressDialog(self.host)
        dialog.setObjectName("importProgress")
        dialog.setWindowTitle("Importing recordings")
        dialog.setLabel(plain_label(QLabel()))  # a file's name, shown as it is
        self.cancel_button = QPushButton("Cancel")
        dialog.setCancelButton(self.cancel_button)
        dialog.setWindowModality(Qt.WindowModality.WindowModal)
        dialog.setAutoClose(False)
        dialog.setAutoReset(False)
        dialog.setMinimumDuration(SHOW_AFTER_MS)  # a quick import never flashes a dialog
        dialog.setRange(0, 2 * len(paths) + 1)
        dialog.setValue(0)  # the clock starts: it shows itself after SHOW_AFTER_MS, unless done by then
        dialog.setLabelText(f"Reading {Path(paths[0]).name}…")
        fit_to(dialog, self.host)  # the window's scaled type, margins and gaps
        dialog.setMinimumWidth(dialog.fontMetrics().averageCharWidth() * 60)
        dialog.canceled.connect(self.cancel)
        if self.progress is not None:
            self.progress.deleteLater()
        self.progress = dialog

    def _step(self, done: int, total: int, text: str) -> None:
        dialog = self.progress
        if dialog is None or self._cancel.is_set():
            return
        dialog.setLabelText(text)
        dialog.setMaximum(total)
        dialog.setValue(done)  # last: a modal progress dialog on show lets the events run here

    def _close_progress(self) -> None:
        dialog = self.progress
        if dialog is not None:
            was_active = dialog.isActiveWindow() or QApplication.activeWindow() is None
            dialog.reset()  # its own timer stops too, so it never shows itself again
            dialog.hide()
            dialog.deleteLater()
            self.progress = None
            if was_active:  # the window the import was made from takes the keys again
                self.host.window().activateWindow()

    # --- what it came to -------------------------------------------------------------------

    def _done(self, learner: Learner, paths: list[str], cancel: threading.Event, outcome: ImportOutcome) -> None:
        self._close_progress()
        self.outcome = outcome
        if outcome.cancelled:
            self.say("Import cancelled; nothing was added.")
        elif outcome.problem is not None:
            names = ", ".join(Path(p).name for p in paths)
            warn(self.host, "Cannot import", " ".join(filter(None, (
                f"{names}: the recordings could not be kept: {reason(outcome.problem)}.",
                way_out(outcome.problem), "Nothing was added."))))
        else:
            self._report(learner, outcome, cancel.is_set())
        if outcome.refused:
            title = "Cannot import this recording" if len(outcome.refused) == 1 else "Some files were not imported"
            warn(self.host, title, "\n".join(outcome.refused))
        self.finished.emit(outcome)

    def _report(self, learner: Learner, outcome: ImportOutcome, too_late: bool) -> None:
        new = [i.run for i in outcome.imported if not i.already]
        there = [i.run for i in outcome.imported if i.already]
        words: list[str] = []
        if too_late and new:
            words.append("The import was complete before it could be cancelled.")
        if len(new) == 1:
            run = new[0]
            words.append(f"Imported {run.imported_from}: score {score_text(run.score)}. "
                         f"It is in {learner.name}'s drills.")
        elif new:
            words.append(f"Imported {len(new)} recordings into {learner.name}'s drills.")
        if len(there) == 1:
            words.append(f"This recording is already in {learner.name}'s drills (saved "
                         f"{when(there[0].started_at)}); it was not added again.")
        elif there:
            words.append(f"{len(there)} of the recordings are already in {learner.name}'s drills; "
                         "they were not added again.")
        if words:
            self.say(" ".join(words))
        shown = new or there
        if learner == self.ctx.learner:
            self.history.refresh(select=shown[0].id if shown else None)
        if new:
            self.saved()

    def _failed(self, paths: list[str], message: str) -> None:
        self._close_progress()
        self.outcome = ImportOutcome(problem=RuntimeError(message))
        warn(self.host, "Cannot import", f"The import stopped: {message}. Nothing was added.")
        self.finished.emit(self.outcome)
