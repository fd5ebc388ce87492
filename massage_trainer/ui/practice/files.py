"""Drill recordings out of the learner's record: export to a file the learner chooses.

Files are in the recording format (docs/recording-format.md). The writing runs off
the GUI thread (file_jobs.py): a temporary file in the target's folder, renamed into
place, and never over anything but a regular file (a link, a FIFO or a folder there is
refused in one message). A drill that could not be saved exports the same way. Import
is importer.py's.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QFileDialog, QWidget

from massage_trainer.core.recording import Recording
from massage_trainer.storage import StorageError
from massage_trainer.ui.kit.worker import Job, Runner
from massage_trainer.ui.practice.file_jobs import export_recording, export_saved
from massage_trainer.ui.practice.history import History
from massage_trainer.ui.practice.jobs import Failed, catching
from massage_trainer.ui.practice.messages import reason, warn, way_out

if TYPE_CHECKING:
    from massage_trainer.ui.kit.context import AppContext

Done = Callable[[Path], object]


def export_name(drill_id: str, started_at: str) -> str:
    """A file name that says which drill and when: technique-stroking-20260501T1000.json."""
    stamp = started_at[:16].replace(":", "").replace("-", "")
    return f"{(drill_id or 'drill').replace(':', '-')}-{stamp}.json"


class RecordingFiles:
    """The export dialog and what follows it, for the Practice screen."""

    def __init__(self, ctx: AppContext, parent: QWidget, history: History, runner: Runner,
                 say: Callable[[str], None]) -> None:
        self.ctx = ctx
        self.parent = parent
        self.history = history
        self.runner = runner
        self.say = say
        self.dialog: QFileDialog | None = None  # the one open, kept while it is

    def _ask(self, drill_id: str, started_at: str, write: Callable[[str], object]) -> None:
        dialog = QFileDialog(self.parent, "Export the drill's recording",
                             str(Path.home() / export_name(drill_id, started_at)), "Recordings (*.json)")
        dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptSave)
        dialog.setDefaultSuffix("json")
        dialog.setObjectName("exportDialog")
        dialog.fileSelected.connect(write)
        self.dialog = dialog
        dialog.open()

    def ask_export_selected(self) -> None:
        run_id = self.history.selected_run_id()
        if run_id is not None:
            self.ask_export_run(run_id)

    def ask_export_run(self, run_id: int) -> None:
        """Ask where to write a saved run's recording (read from the record once the place is chosen)."""
        run = next((r for r in self.history.runs if r.id == run_id), None)
        drill, started_at = (run.drill, run.started_at) if run is not None else ("drill", "")
        self._ask(drill, started_at, lambda path: self.export_run(run_id, path))

    def ask_export(self, recording: Recording, drill_id: str, started_at: str, on_done: Done | None = None) -> None:
        """Ask where to write this recording (saved or not: an unsaved drill is kept this way)."""
        self._ask(drill_id, started_at, lambda path: self.export(recording, path, on_done))

    def export_run(self, run_id: int, path: str | Path) -> Job:
        """Write a saved run's recording to a file, off the GUI thread."""
        job = partial(catching, partial(export_saved, self.ctx.storage.home, run_id, path))
        return self.runner.run(job, partial(self._written, Path(path), None),
                               lambda message: self._failed(Path(path), RuntimeError(message)))

    def export(self, recording: Recording, path: str | Path, on_done: Done | None = None) -> Job:
        """Write a recording to a file, off the GUI thread; on_done(path) once it is there."""
        job = partial(catching, partial(export_recording, recording, path))
        return self.runner.run(job, partial(self._written, Path(path), on_done),
                               lambda message: self._failed(Path(path), RuntimeError(message)))

    def _written(self, path: Path, on_done: Done | None, result: Path | Failed) -> None:
        if isinstance(result, Failed):
            self._failed(path, result.error)
            return
        self.say(f"Exported the recording to {path}.")
        if on_done is not None:
            on_done(path)

    def _failed(self, path: Path, err: BaseException) -> None:
        if isinstance(err, StorageError):  # the drill could not be read from the record
            self.history.cannot_open(err, "exported")
            return
        words = str(err) if isinstance(err, RuntimeError) else reason(err)
        tail = way_out(err) or "Choose another place or name."
        warn(self.parent, "Export failed", f"{path}: cannot write the recording: {words}. {tail}")
