"""At start, a drill the app never finished (a crash, a kill, a closed window) is offered back.

The Practice screen's autosave (ui/practice/keep.py) leaves a row in the
`drill_in_progress` table until the drill is finished or discarded. Found at
start, the latest is offered: Resume it (paused, where it stopped), Keep it as
an unfinished run to replay or export, or Discard it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox

from massage_trainer.storage import LearnerError

if TYPE_CHECKING:
    from massage_trainer.ui.practice.screen import PracticeScreen
    from massage_trainer.ui.shell.main_window import MainWindow

RECOVER_TITLE = "An unfinished drill was found"


def offer_recovery(window: MainWindow) -> QMessageBox | None:
    """Ask about the latest drill left in progress; None when there is none."""
    ctx = window.ctx
    found = ctx.storage.in_progress.all()
    if not found:
        return None
    saved = found[0]
    try:
        learner = ctx.storage.learners.get(saved.learner_id)
    except LearnerError:
        ctx.storage.in_progress.clear(saved.learner_id)
        return None
    from massage_trainer.core.drill_plans import drill_specs, format_clock

    titles = {s.id: s.title for s in drill_specs(ctx.content.techniques)}
    title = titles.get(saved.drill, saved.drill)
    box = QMessageBox(QMessageBox.Icon.Question, RECOVER_TITLE, RECOVER_TITLE,
                      QMessageBox.StandardButton.NoButton, window)
    box.setObjectName("recoverDrill")
    box.setTextFormat(Qt.TextFormat.PlainText)  # a learner's name is shown as typed
    box.setFont(window.font())  # a dialog is a window of its own: give it the window's scaled type
    box.setInformativeText(
        f"{learner.name}'s {title} drill stopped at {format_clock(saved.elapsed_s)} and was not finished. "
        "Resume it where it stopped, keep it as an unfinished run to replay or export, or discard it.")
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
            ctx.storage.in_progress.clear(saved.learner_id)

    box.finished.connect(answered)
    box.open()
    return box


def _practice(window: MainWindow) -> PracticeScreen:
    from massage_trainer.ui.practice.screen import PracticeScreen

    screen = window.screens["practice"]
    assert isinstance(screen, PracticeScreen)
    return screen


__all__ = ["offer_recovery"]
