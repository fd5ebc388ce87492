"""Drill recordings in and out of the learner's record: export to a file, import from one.

Files are in the recording format (docs/recording-format.md). An imported one is
graded with the same grader as `massage-trainer grade` and filed under its
technique, or as a session. A file that cannot be read or kept is named in one
message, and nothing is changed.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QFileDialog, QWidget

from massage_trainer.core.drill import FIRST_SESSION_DRILL, SESSION_DRILL, technique_drill_id
from massage_trainer.core.grading import grade
from massage_trainer.core.recording import Recording, RecordingError, load_recording, save_recording
from massage_trainer.storage import DrillRun, LearnerError, StorageError
from massage_trainer.ui.practice.history import History, when
from massage_trainer.ui.practice.jobs import now_iso

if TYPE_CHECKING:
    from massage_trainer.ui.kit.context import AppContext


def drill_id_for(recording: Recording) -> str:
    """The drill an imported recording is filed under: its technique, or a session."""
    if len(recording.phases) == 1:
        return technique_drill_id(recording.phases[0].technique)
    return FIRST_SESSION_DRILL if recording.first_session else SESSION_DRILL


def export_name(drill_id: str, started_at: str) -> str:
    """A file name that says which drill and when: technique-stroking-20260501T1000.json."""
    stamp = started_at[:16].replace(":", "").replace("-", "")
    return f"{drill_id.replace(':', '-')}-{stamp}.json"


class RecordingFiles:
    """The export and import dialogs and what follows them, for the Practice screen."""

    def __init__(self, ctx: AppContext, parent: QWidget, history: History,
                 say: Callable[[str], None], warn: Callable[[str, str], None]) -> None:
        self.ctx = ctx
        self.parent = parent
        self.history = history
        self.say = say
        self.warn = warn
        self.dialog: QFileDialog | None = None  # the one open, kept while it is

    # --- export ----------------------------------------------------------------------

    def ask_export_run(self, run_id: int) -> None:
        """Ask where to write a saved run's recording."""
        found = self.history.open_run(run_id)
        if found is not None:
            run, recording = found
            self.ask_export(recording, run.drill, run.started_at)

    def ask_export(self, recording: Recording, drill_id: str, started_at: str) -> None:
        """Ask where to write this recording (saved or not: an unsaved drill can be kept this way)."""
        dialog = QFileDialog(self.parent, "Export the drill's recording",
                             str(Path.home() / export_name(drill_id, started_at)), "Recordings (*.json)")
        dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptSave)
        dialog.setDefaultSuffix("json")
        dialog.setObjectName("exportDialog")
        dialog.fileSelected.connect(lambda path: self.export(recording, path))
        self.dialog = dialog
        dialog.open()

    def export_run(self, run_id: int, path: str | Path) -> bool:
        """Write a saved run's recording to a file."""
        found = self.history.open_run(run_id)
        return found is not None and self.export(found[1], path)

    def export(self, recording: Recording, path: str | Path) -> bool:
        try:
            save_recording(recording, path)
        except OSError as err:
            self.warn("Export failed", f"{path}: cannot write the recording ({err.strerror or err}).")
            return False
        self.say(f"Exported the recording to {path}.")
        return True

    # --- import ----------------------------------------------------------------------

    def ask_import(self) -> None:
        dialog = QFileDialog(self.parent, "Import a drill recording", str(Path.home()),
                             "Recordings (*.json);;All files (*)")
        dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptOpen)
        dialog.setFileMode(QFileDialog.FileMode.ExistingFile)
        dialog.setObjectName("importDialog")
        dialog.fileSelected.connect(self.import_file)
        self.dialog = dialog
        dialog.open()

    def import_file(self, path: str | Path) -> DrillRun | None:
        """Read a recording, grade it, and keep it in the current learner's record."""
        learner = self.ctx.learner
        if learner is None:
            self.warn("Import", "Choose or create a learner first: the import goes into their record.")
            return None
        try:
            recording = load_recording(path)
        except RecordingError as err:
            self.warn("Cannot import this recording", str(err))
            return None
        store = self.ctx.storage.drills
        try:
            same = store.same_recording(learner.id, recording)
        except (sqlite3.Error, StorageError) as err:
            self.warn("Cannot import this recording", f"{path}: the drills could not be read ({err}).")
            return None
        if same is not None:
            self.history.refresh(select=same.id)
            self.say(f"This recording is already in {learner.name}'s drills (saved {when(same.started_at)}); "
                     "it was not added again.")
            return None
        report = grade(recording, self.ctx.content.body)
        try:
            run = store.save(learner.id, drill_id_for(recording), now_iso(), recording,
                                               report, imported_from=Path(path).name)
        except (sqlite3.Error, StorageError, LearnerError) as err:
            self.warn("Cannot import this recording", f"{path}: it could not be saved ({err}).")
            return None
        self.history.refresh(select=run.id)
        self.say(f"Imported {Path(path).name}: score {run.score:.0f}. It is in {learner.name}'s drills.")
        return run
