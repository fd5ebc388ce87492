"""The Today screen: the rail's first entry.

With no learner yet (a first launch) it shows the welcome (pages.py): a name to start with, and a
path through the app. Afterwards it shows the learner's day: how many questions are due for
review (Review now, Daily five), the drill worth practising next, chosen from the rules they keep
breaking (core/suggest.py), and their week in one line. The day is read on the worker thread
(data.py) each time the screen shows or the learner changes, and appears when it is ready; the
screen draws no diagram and imports no chart library, so start-up stays lean.
"""

from __future__ import annotations

import argparse
from collections.abc import Mapping
from functools import partial

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QStackedWidget, QVBoxLayout, QWidget

from massage_trainer.core.drill_plans import FIRST_SESSION_DRILL, drill_specs
from massage_trainer.storage import Learner, LearnerError, StorageError
from massage_trainer.ui.kit.context import AppContext, ScreenHelp, ScreenshotError
from massage_trainer.ui.kit.worker import Job, Runner
from massage_trainer.ui.today.data import TodayData, load_today
from massage_trainer.ui.today.pages import TODAY_KEYS, DailyPage, WelcomePage

WHERE = ("Today is where a day of learning starts. On a first launch it asks your name and "
         "suggests a path: the Atlas, the Techniques, a first drill, a quiz. Afterwards it shows how "
         "many questions are due for review (Review now, or the Daily five), the drill worth "
         "practising next and why, and your week in one line. Each item opens its screen.")


class TodayScreen(QWidget):
    title = "Today"
    loaded = Signal()  # the day has been read and is on show

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.runner = Runner(self)
        self.course = [(s.id, s.title) for s in drill_specs(ctx.content.techniques)]
        self.data: TodayData | None = None
        self._job: Job | None = None
        go = self.go
        self.welcome = WelcomePage(ctx.theme, self.start, [
            partial(go, "atlas", None), partial(go, "techniques", None),
            partial(go, "practice", {"drill": FIRST_SESSION_DRILL}), partial(go, "quiz", {"mode": "daily"})])
        self.daily = DailyPage(ctx.theme, partial(go, "quiz", {"mode": "review"}),
                               partial(go, "quiz", {"mode": "daily"}), self.practise)
        self.pages = QStackedWidget()
        self.pages.addWidget(self.welcome)
        self.pages.addWidget(self.daily)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.pages)
        ctx.learner_listeners.append(self._on_learner)
        self._on_learner(ctx.learner)

    # --- the screen protocol ---------------------------------------------------------

    def activate(self) -> None:
        if self.ctx.learner is None:
            self.welcome.name_field.setFocus()
        else:
            self.refresh()  # what was done elsewhere since shows here

    def deactivate(self) -> None:
        """Nothing runs while the screen is away."""

    def screen_help(self) -> ScreenHelp:
        return ScreenHelp(WHERE, TODAY_KEYS)

    # --- the welcome ----------------------------------------------------------------

    def start(self, name: str) -> Learner | None:
        """Create the first learner from the welcome's name, and hand them to the learner picker."""
        try:
            learner = self.ctx.storage.learners.create(name)
            self.ctx.storage.learners.remember(learner)
        except LearnerError as err:
            self.welcome.say(str(err))
            return None
        except StorageError as err:
            self.welcome.say(f"The learner could not be added: {err}")
            return None
        self.welcome.say("")
        self.welcome.name_field.clear()
        self.ctx.learner_added(learner)  # the picker chooses them, and every screen hears of it
        return learner

    # --- the day ---------------------------------------------------------------------

    def _on_learner(self, learner: Learner | None) -> None:
        self.data = None
        if learner is None:
            self.pages.setCurrentWidget(self.welcome)
            return
        self.daily.greeting.setText(f"Hello, {learner.name}")
        self.pages.setCurrentWidget(self.daily)
        if self.isVisible():
            self.refresh()

    def refresh(self) -> Job | None:
        """Read the learner's day on the worker thread; it shows when it is ready (`loaded`)."""
        learner = self.ctx.learner
        if learner is None:
            return None
        if self._job is not None:
            self._job.discard()  # a day read for someone else, or before the latest change
        content, storage = self.ctx.content, self.ctx.storage
        work = partial(load_today, storage.home, lambda: content.questions, learner.id, storage.clock(),
                       self.course)
        self._job = self.runner.run(work, partial(self._show, learner.id))
        return self._job

    def _show(self, learner_id: int, data: TodayData) -> None:
        if self.ctx.learner is None or self.ctx.learner.id != learner_id:
            return
        self.data = data
        d = self.daily
        d.problem.setText(data.problem)
        d.problem.setVisible(bool(data.problem))
        due = "Nothing is due for review today." if not data.due else (
            "1 question is due for review." if data.due == 1 else f"{data.due} questions are due for review.")
        new = "" if not data.new else f" {data.new} new {'question waits' if data.new == 1 else 'questions wait'}."
        d.due_label.setText(due + new)
        s = data.suggestion
        d.reason.setText(s.reason if s else "No drills are available.")
        d.practise_button.setEnabled(s is not None)
        title = dict(self.course).get(s.drill_id, "") if s else ""
        d.practise_button.setText(f"Practise: {title}  (P)" if title else "Practise  (P)")
        d.practise_button.setAccessibleName(f"Practise {title}")
        d.week.setText(data.week.line())
        self.loaded.emit()

    def go(self, key: str, request: Mapping[str, str] | None = None) -> None:
        """Open another screen (through the context, so the window decides how)."""
        self.ctx.navigate(key, request)

    def practise(self) -> None:
        if self.data is not None and self.data.suggestion is not None:
            self.ctx.navigate("practice", {"drill": self.data.suggestion.drill_id})

    # --- screenshots -----------------------------------------------------------------

    def prepare_screenshot(self, args: argparse.Namespace) -> None:
        """The welcome (a throwaway home has no learner), or with `--screen today-learner` a learner's day."""
        if getattr(args, "view", None) != "learner":
            return
        from massage_trainer.ui.today.sample import sample_learner

        try:
            sample_learner(self.ctx)
        except (LearnerError, StorageError) as err:
            raise ScreenshotError(f"the sample learner could not be made: {err}") from None
        self.runner.synchronous = True
        self.refresh()
