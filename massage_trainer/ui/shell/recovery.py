"""At start, a drill the app never finished (a crash, a kill, a closed window) is offered back.

The Practice screen's autosave (ui/practice/keep.py) leaves a row in the
`drill_in_progress` table until the drill is finished or discarded. Found at
start, the latest is offered: Resume it (paused, where it stopped), Keep it as
an unfinished run to replay or export, or Discard it. The same question comes
when a learner is chosen again whose drill was set aside by a change of learner
mid-drill (ui/practice/keep.py's set_aside).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import QMessageBox

from massage_trainer.storage import InProgress, Learner, LearnerError, StorageError
from massage_trainer.ui.kit.dialogs import message_box

if TYPE_CHECKING:
    from massage_trainer.ui.practice.screen import PracticeScreen
    from massage_trainer.ui.shell.main_window import MainWindow

RECOVER_TITLE = "An unfinished drill was found"


def offer_recovery(window: MainWindow) -> QMessageBox | None:
    """Ask about the latest drill left in progress; None when there is none."""
    ctx = window.ctx
    if not window.isVisible():
        return None  # closed before the question came
    try:
        found = ctx.storage.in_progress.all()
        if not found:
            return None
        saved = found[0]
        try:
            learner = ctx.storage.learners.get(saved.learner_id)
        except LearnerError:
            ctx.storage.in_progress.clear(saved.learner_id)
            return None
    except StorageError as err:
        window.report_storage_error("The drill left unfinished cannot be read", err)
        return None
    return _ask(window, saved, learner, RECOVER_TITLE)


def offer_kept(window: MainWindow, learner: Learner) -> QMessageBox | None:
    """Ask about this learner's drill set aside (or left) in progress, now they are chosen; None if none."""
    if window.recovery is not None:
        return None  # a question is up already, and it chose this learner itself
    try:
        saved = window.ctx.storage.in_progress.get(learner.id)
    except StorageError as err:
        window.report_storage_error(f"{learner.name}'s unfinished drill cannot be read", err)
        return None
    if saved is None:
        return None
    return _ask(window, saved, learner, f"{learner.name}'s unfinished drill is waiting")


def _ask(window: MainWindow, saved: InProgress, learner: Learner, heading: str) -> QMessageBox:
    ctx = window.ctx
    from massage_trainer.core.drill_plans import drill_specs, format_clock

    titles = {s.id: s.title for s in drill_specs(ctx.content.techniques)}
    title = titles.get(saved.drill, saved.drill)
    # Plain text throughout (a learner's name is shown as typed), at the window's scaled type.
    box = message_box(window, QMessageBox.Icon.Question, RECOVER_TITLE, heading,
                      f"{learner.name}'s {title} drill stopped at {format_clock(saved.elapsed_s)} and was not "
                      "finished. Resume it where it stopped, keep it as an unfinished run to replay or export, "
                      "or discard it.", name="recoverDrill")
    resume = box.addButton("Resume", QMessageBox.ButtonRole.AcceptRole)
    keep = box.addButton("Keep as unfinished", QMessageBox.ButtonRole.ActionRole)
    box.addButton("Discard", QMessageBox.ButtonRole.DestructiveRole)
    box.setDefaultButton(resume)
    box.setEscapeButton(keep)  # closing the question loses nothing

    def answered(_result: int) -> None:
        clicked = box.clickedButton()
        if clicked is resume or clicked is keep:
            window.learner_bar.select(learner)
            window.show_screen("practice")
            screen = _practice(window)
            from massage_trainer.ui.practice.keep import keep_saved, resume_saved

            if clicked is keep or not resume_saved(screen, saved):
                keep_saved(screen, saved)
        else:
            try:
                ctx.storage.in_progress.clear(saved.learner_id)
            except StorageError as err:
                window.report_storage_error("The unfinished drill could not be discarded", err)
        window.recovery = None  # after the learner is chosen above, so that asks nothing more

    window.recovery = box
    box.finished.connect(answered)
    box.open()
    return box


def _practice(window: MainWindow) -> PracticeScreen:
    from massage_trainer.ui.practice.screen import PracticeScreen

    screen = window.screens["practice"]
    assert isinstance(screen, PracticeScreen)
    return screen


__all__ = ["offer_kept", "offer_recovery"]
