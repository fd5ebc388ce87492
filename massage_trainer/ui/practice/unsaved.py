"""A drill that could not be saved is never lost: kept in memory, tried again, exportable, asked about.

When the database will not take a finished drill (the disk is full, the folder is
read-only, the database is damaged), the report still shows and the drill joins
`UnsavedDrills`. There it stays across pages and learners until it is saved:

- it is tried again every RETRY_MS while any drill is unsaved (the timer is
  injected, so tests fire it), after any other save succeeds (space came back),
  and at once by "Save now" on the choose page or "Try saving again" on the report;
- the choose page says so ("1 drill not yet saved: the disk is full", Save now,
  Export…), and Export… writes it to a file the learner chooses;
- a copy is kept in the data folder's `unsaved` folder when that can be written
  (storage/unsaved.py), and the next start saves it from there;
- closing the window asks first (unsaved_close.py): save again, export, or discard.

A retry never adds a drill twice: one already in the record (an earlier try got
through) is recognised by its recording (core/identity.py).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Final

from PySide6.QtCore import QObject, QTimer, Signal

from massage_trainer.core.grading import Report
from massage_trainer.core.recording import Recording
from massage_trainer.storage import KeptDrill, StorageError, forget_unsaved, keep_unsaved
from massage_trainer.ui.kit.worker import Runner
from massage_trainer.ui.practice.file_jobs import Found, find_unsaved
from massage_trainer.ui.practice.files import RecordingFiles
from massage_trainer.ui.practice.history import when
from massage_trainer.ui.practice.jobs import Finished, save_again
from massage_trainer.ui.practice.messages import reason, way_out
from massage_trainer.ui.practice.pages import ChoosePage

if TYPE_CHECKING:
    from massage_trainer.ui.kit.context import AppContext

RETRY_MS: Final = 30_000  # while a drill is unsaved, how often it is tried again


@dataclass(eq=False)
class Unsaved:
    """A graded drill the database has not taken yet, and why."""

    learner_id: int
    learner_name: str
    drill: str
    title: str
    started_at: str
    recording: Recording
    report: Report
    problem: BaseException | None  # the latest failure; None: found from a past session, not yet tried
    kept: KeptDrill | None = None  # its copy in the data folder, if one could be written
    exported_to: Path | None = None
    trying: bool = False

    def why(self) -> str:
        return reason(self.problem) if self.problem is not None else "it was not saved last time"

    def describe(self) -> str:
        return f"{self.learner_name}'s {self.title} drill of {when(self.started_at)}"


def not_saved_note(entry: Unsaved) -> str:
    """The report's note for a drill that could not be saved."""
    kept = " A copy is kept in the data folder." if entry.kept is not None else ""
    return (f"Could not save this drill: {entry.why()}. {way_out(entry.problem)} It stays here and is "
            f"tried again every {RETRY_MS // 1000} seconds; Export… keeps it in a file now.{kept}").replace("  ", " ")


class UnsavedDrills(QObject):
    """The drills not yet saved, the tries to save them, and the choose page's note about them."""

    changed = Signal()  # a drill joined or left the list, or a try came back
    saved = Signal(object, object)  # (Unsaved, Saved): a drill not saved before is in the record now
    failed = Signal(object)  # Unsaved: a try failed again (its `problem` says why)
    exportedOne = Signal(object)  # Unsaved: it was written to a file the learner chose

    def __init__(self, ctx: AppContext, page: ChoosePage, runner: Runner, files: RecordingFiles,
                 say: Callable[[str], None], timer: QTimer | None = None, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.page = page
        self.runner = runner
        self.files = files
        self.say = say
        self.drills: list[Unsaved] = []
        self.timer = timer if timer is not None else QTimer(self)
        self.timer.setInterval(RETRY_MS)
        self.timer.timeout.connect(self.retry_all)
        page.unsaved_save_button.clicked.connect(self.retry_all)
        page.unsaved_export_button.clicked.connect(self._export_next)
        self.sync()

    def add(self, entry: Unsaved) -> None:
        self.drills.append(entry)
        self.sync()

    def retry(self, entry: Unsaved) -> None:
        """Try once more to save this drill, off the GUI thread."""
        if entry.trying or entry not in self.drills:
            return
        entry.trying = True
        job = partial(save_again, self.ctx.storage.home, entry.learner_id, entry.drill, entry.started_at,
                      entry.recording, entry.report, entry.kept)
        self.runner.run(job, partial(self._tried, entry), lambda message: self._tried(
            entry, Finished(entry.recording, entry.report, None, problem=StorageError(message), kept=entry.kept)))
        self.sync()

    def retry_all(self) -> None:
        for entry in list(self.drills):
            self.retry(entry)

    def something_saved(self) -> None:
        """Another save went through: there may be room again, so try the unsaved ones now."""
        self.retry_all()

    def _tried(self, entry: Unsaved, outcome: Finished) -> None:
        entry.trying = False
        if entry not in self.drills:
            return
        if outcome.saved is None:
            entry.problem = outcome.problem
            self.sync()
            self.failed.emit(entry)
            return
        self.drills.remove(entry)
        self.retry_all()  # it went in: the others may too (tried before anyone hears of this one)
        self.sync()
        self.saved.emit(entry, outcome.saved)

    def discard(self, entry: Unsaved) -> None:
        """The learner threw it away: out of the list, and its copy in the data folder goes."""
        if entry in self.drills:
            self.drills.remove(entry)
        if entry.kept is not None:
            forget_unsaved(entry.kept)
        self.sync()

    def export(self, entry: Unsaved) -> None:
        """Ask where to write a drill that is not saved yet; it stays in the list, to be saved."""
        self.files.ask_export(entry.recording, entry.drill, entry.started_at, partial(self.exported, entry))

    def exported(self, entry: Unsaved, path: Path) -> None:
        entry.exported_to = path
        self.sync()
        self.exportedOne.emit(entry)

    def _export_next(self) -> None:
        waiting = [d for d in self.drills if d.exported_to is None] or self.drills
        if waiting:
            self.export(waiting[0])

    def keep_all(self) -> None:
        """The window closes: each drill still unsaved is kept in a file of the data folder, if it can be."""
        for entry in self.drills:
            if entry.kept is None:
                try:
                    entry.kept = keep_unsaved(self.ctx.storage.home, entry.learner_id, entry.drill,
                                              entry.started_at, entry.recording)
                except StorageError:
                    continue

    def pick_up(self, titles: dict[str, str]) -> None:
        """At start: the drills a past session kept in the data folder are tried again."""
        def found(result: Found) -> None:
            for f in result.drills:
                k = f.kept
                if any(d.kept is not None and d.kept.path == k.path for d in self.drills):
                    continue
                self.drills.append(Unsaved(k.learner_id, f.learner_name, k.drill, titles.get(k.drill, k.drill),
                                           k.started_at, f.recording, f.report, None, k))
            if result.unreadable:
                self.say("A drill kept from a past session cannot be read, and was left where it is: "
                         + "; ".join(result.unreadable))
            self.sync()
            self.retry_all()

        self.runner.run(partial(find_unsaved, self.ctx.storage.home, self.ctx.content.body), found)

    def sync(self) -> None:
        """The choose page's note, and the timer: running while any drill is unsaved."""
        n = len(self.drills)
        card = self.page.unsaved_card
        if n and not self.timer.isActive():
            self.timer.start()
        elif not n and self.timer.isActive():
            self.timer.stop()
        if n:
            self.page.unsaved_text.setText(self.note())
        card.setVisible(bool(n))
        self.page.unsaved_save_button.setEnabled(bool(n) and not all(d.trying for d in self.drills))
        self.page.relayout(card)
        self.changed.emit()

    def note(self) -> str:
        n = len(self.drills)
        if not n:
            return ""
        first = self.drills[0]
        head = "1 drill not yet saved" if n == 1 else f"{n} drills not yet saved"
        what = first.describe() if n == 1 else f"the oldest is {first.describe()}"
        trying = " Saving…" if any(d.trying for d in self.drills) else ""
        exported = (f" It was exported to {first.exported_to}." if n == 1 and first.exported_to is not None else "")
        return (f"{head} ({what}): {first.why()}. Tried again every {RETRY_MS // 1000} seconds; "
                f"Save now tries at once, Export… keeps it in a file.{exported}{trying}")
