"""`massage-trainer screenshot --screen quiz --view VIEW`: the screen at a chosen state.

VIEW is `start` (the default), a question type (`single`, `multiple`, `true_false`, `ordering`,
`matching`, `numeric`, `short_answer`, `hotspot`, `direction`), `feedback` (a question answered
wrong, with its verdict), `exam` (an exam under way) or `review` (an exam's review).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Final

from massage_trainer.core.quiz import QType
from massage_trainer.ui.kit.context import ScreenshotError
from massage_trainer.ui.quiz import jobs
from massage_trainer.ui.quiz.body_inputs import DirectionInput

if TYPE_CHECKING:
    from massage_trainer.ui.quiz.screen import QuizScreen

VIEWS: Final = ("start", *(t.value for t in QType if t != QType.ESSAY), "feedback", "exam", "review")


def prepare_screenshot(screen: QuizScreen, args: Any) -> None:
    view = getattr(args, "view", None) or "start"
    if view not in VIEWS:
        raise ScreenshotError(f"the quiz has no view {view!r}; choose from {', '.join(VIEWS)}")
    screen.runner.synchronous = True
    screen.rng.seed(7)
    if screen.ctx.learner is None:  # the screenshot's home is new: someone to take the quiz
        screen.ctx.learner_added(screen.ctx.storage.learners.create("Sam"))
    screen.start.refresh()
    pool = screen.pool or jobs.load_pool(screen.ctx.content, screen.ctx.storage.home)
    if view == "start":
        return
    if view in ("exam", "review"):
        picked = [next(q for q in pool.questions if q.type == t) for t in (QType.SINGLE, QType.MULTIPLE,
                                                                          QType.TRUE_FALSE, QType.NUMERIC)]
        screen.begin_exam(picked, 15 * 60)
        if screen.question_page.input is not None:
            screen.question_page.input.choose(2)
        if view == "review":
            if screen.exam is None:
                raise ScreenshotError("the exam did not start, so there is no review to show")
            screen.exam.go(1)
            screen.exam.finish()
        return
    kind = QType.MULTIPLE if view == "feedback" else QType(view)
    question = next(q for q in pool.questions if q.type == kind)
    screen.begin([question], "topic")
    widget = screen.question_page.input
    if isinstance(widget, DirectionInput):  # a stroke part-way up the right of the back
        widget.pressed(0.28, 0.45)
        for k in range(1, 21):
            widget.moved(0.28, 0.45 + 0.3 * k / 20)
        widget.released(0.28, 0.75)
    if view == "feedback" and screen.question_page.input is not None:
        screen.question_page.input.choose(1)
        screen.submit()
