"""Nothing lost: a drill in progress is never thrown away without asking, and survives a crash.

Esc or Cancel pauses the drill and asks "Discard this drill's trace?" (Keep is
the default, and Esc in the question keeps it). Leaving the screen pauses the
drill, so it can be resumed on return. Every AUTOSAVE_S of the drill's time,
and at every pause, the trace so far is saved off the GUI thread (the
`drill_in_progress` table); finishing or discarding the drill clears it. A
row left behind (a crash, a closed window) is offered back at the next start.
A change of learner mid-drill sets the drill aside the same way, for the learner
who drew it, and it is offered back when they are chosen again.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtWidgets import QMessageBox, QWidget

from massage_trainer.core.recording import RecordingError
from massage_trainer.core.unfinished import AUTOSAVE_S, resume_drill
from massage_trainer.storage import DrillRun, InProgress, LearnerError
from massage_trainer.ui.kit.worker import Runner
from massage_trainer.ui.practice.jobs import autosave, clear_in_progress, keep_unfinished
from massage_trainer.ui.practice.live import LiveDrill

if TYPE_CHECKING:
    from massage_trainer.ui.practice.screen import PracticeScreen

DISCARD_QUESTION = "Discard this drill's trace?"


class DrillKeeper(QObject):
    """Asks before a drill's trace is thrown away; `discard` throws it away (after its autosave)."""

    saved = Signal()  # an autosave is in the database
    saveFailed = Signal(str)

    def __init__(self, live: LiveDrill, host: QWidget, discard: Callable[[], None], runner: Runner,
                 home: Path, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.live = live
        self.host = host
        self.discard = discard
        self.runner = runner
        self.home = home
        self.dialog: QMessageBox | None = None
        self.owner: int | None = None  # the learner whose drill is in progress
        self._saved_at = 0.0  # the drill's time at the latest autosave
        self._saved_count = 0  # and how many samples it held
        live.ticked.connect(lambda: self.autosave())

    def started(self, learner_id: int | None, saved_at: float = 0.0) -> None:
        """A drill starts (or is brought back) for this learner."""
        self.owner = learner_id
        self._saved_at, self._saved_count = saved_at, 0

    def autosave(self, force: bool = False) -> None:
        """Save the trace so far when AUTOSAVE_S have passed (or now, when forced) and it grew."""
        d = self.live.drill
        if d is None or self.owner is None or not self.live.active or d.sample_count == self._saved_count:
            return
        if not force and d.elapsed - self._saved_at < AUTOSAVE_S:
            return
        samples = d.snapshot()  # a list copy here; building and writing happen on the worker
        if samples is None:
            return
        self._saved_at, self._saved_count = d.elapsed, d.sample_count
        job = partial(autosave, self.home, self.owner, d.spec.id, self.live.started_at, d.phase_index,
                      d.elapsed, samples)
        self.runner.run(job, lambda _none: self.saved.emit(), self.saveFailed.emit)

    def forget(self) -> None:
        """The drill is over (finished elsewhere, or discarded): its autosave goes."""
        if self.owner is not None:
            self.runner.run(partial(clear_in_progress, self.home, self.owner))
        self.owner = None

    def ask_discard(self) -> None:
        """Pause and ask; a drill with nothing traced yet has nothing to lose, and simply stops."""
        d = self.live.drill
        if d is None or not self.live.active or (self.dialog is not None and self.dialog.isVisible()):
            return
        if d.sample_count == 0:
            self.forget()
            self.discard()
            return
        was_running = self.live.pause()
        box = QMessageBox(QMessageBox.Icon.Question, "Discard the drill?", DISCARD_QUESTION,
                          QMessageBox.StandardButton.NoButton, self.host)
        box.setObjectName("discardDrill")
        box.setTextFormat(Qt.TextFormat.PlainText)
        box.setFont(self.host.window().font())  # a dialog is a window of its own: give it the window's scaled type
        box.setInformativeText(f"{d.sample_count} samples traced so far. Keep goes on with the drill; "
                               "Discard throws the trace away.")
        keep = box.addButton("Keep", QMessageBox.ButtonRole.RejectRole)
        throw = box.addButton("Discard", QMessageBox.ButtonRole.DestructiveRole)
        box.setDefaultButton(keep)
        box.setEscapeButton(keep)
        box.finished.connect(lambda _result: self._answered(box.clickedButton() is throw, was_running))
        self.dialog = box
        box.open()  # window-modal and non-blocking, like the screen's other dialogs

    def _answered(self, discard: bool, was_running: bool) -> None:
        self.dialog = None
        if discard:
            self.forget()
            self.discard()
        elif was_running:
            self.live.resume()


# --- a drill left unfinished, found at start or when its learner comes back (ui/shell/recovery.py) ---


def set_aside(screen: PracticeScreen, owner: int | None) -> None:
    """The learner changed mid-drill: pause the drill and keep its trace for the one who drew it.

    Kept as closing the window keeps it (the autosave), and offered back when that
    learner is chosen again; the Practice screen says so in its note.
    """
    started_at = screen.live.started_at
    traced = screen.drill is not None and screen.drill.sample_count > 0
    screen.live.pause()
    screen.keeper.autosave(force=True)
    screen.runner.wait()  # in the database before the next learner's drill is looked for
    screen.keeper.owner = None
    saved = screen.ctx.storage.in_progress.get(owner) if owner is not None else None
    try:
        name = screen.ctx.storage.learners.get(owner).name if owner is not None else ""
    except LearnerError:
        name = ""  # deleted, and its autosave with it
    if saved is not None and saved.started_at == started_at and name:
        screen.cancel_drill(f"{name}'s drill is kept, paused; it will be offered when {name} is chosen again.")
    elif not traced:
        screen.cancel_drill("The drill was stopped because the learner changed; nothing had been traced yet.")
    else:
        screen.cancel_drill("The drill was stopped because the learner changed, and its trace could not be kept.")


def resume_saved(screen: PracticeScreen, saved: InProgress) -> bool:
    """Bring back an autosaved drill, paused on the drill page; False if it cannot be resumed
    (its drill is unknown, or its autosave is unreadable), so the caller keeps it instead."""
    if saved.drill not in screen.titles:
        return False
    spec = screen.spec_by_id(saved.drill)
    try:
        recording = saved.recording()
    except RecordingError as e:  # damaged on disk: say so once; keeping it says the rest
        screen.say(f"The unfinished drill cannot be resumed: {e}")
        return False
    drill = resume_drill(spec, screen.ctx.content.body, recording, saved.phase_index,
                         saved.elapsed_s, screen.clock)
    screen.select_drill(spec.id)
    screen.results.forget()
    screen.live.start(spec, drill, saved.started_at)
    screen.keeper.started(saved.learner_id, saved.elapsed_s)
    screen.show_page(screen.drill_page)
    screen.set_drill_keys(True)
    return True


def keep_saved(screen: PracticeScreen, saved: InProgress) -> None:
    """Keep an autosaved drill as an unfinished run (graded as it stands), off the GUI thread."""
    def kept(run: DrillRun) -> None:
        screen.say(f"Your unfinished {screen.titles.get(run.drill, run.drill)} drill was kept: "
                   "replay or export it from the list.")
        screen.history.refresh(select=run.id)

    job = partial(keep_unfinished, screen.ctx.storage.home, saved, screen.ctx.content.body)
    screen.runner.run(job, kept, lambda message: screen.say(f"The unfinished drill could not be kept: {message}"))
