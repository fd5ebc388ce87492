"""The Quiz screen: choose a quiz, answer one question at a time, see how it went.

    start  ->  question (Submit, then the verdict and the explanation, then Next)  ->  summary
       \\->  exam (a countdown, any order, Finish or time-out)  ->  the exam's review

The screen gathers responses and shows core's verdicts; it grades nothing (core/quiz_check.py).
Each answer is kept the moment it is given, off the GUI thread (jobs.py): an exam's at its finish.
Its parts: the pages (pages.py), one answer widget per type (questions.py, body_inputs.py), the
exam (exam.py), the bank import (importer.py), the keys (keys.py), words (words.py).
"""

from __future__ import annotations

import random
import time
import uuid
from collections.abc import Callable, Mapping, Sequence
from datetime import datetime
from typing import TYPE_CHECKING, Any, Final

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QHBoxLayout, QStackedWidget, QVBoxLayout, QWidget

from massage_trainer.core.exam import ExamReview
from massage_trainer.core.quiz import QType, Question, Result
from massage_trainer.core.quiz_modes import QuizRun
from massage_trainer.storage import Learner
from massage_trainer.ui.kit.context import ScreenHelp
from massage_trainer.ui.kit.worker import Job, Runner
from massage_trainer.ui.quiz import jobs
from massage_trainer.ui.quiz.body_inputs import DirectionInput, HotspotInput
from massage_trainer.ui.quiz.exam import ExamSession, fill_review
from massage_trainer.ui.quiz.importer import BankImporter
from massage_trainer.ui.quiz.keys import QUIZ_KEYS, QuizKeys
from massage_trainer.ui.quiz.pages import QuestionPage, ReviewPage, StartPage, SummaryPage
from massage_trainer.ui.quiz.questions import (
    AnswerInput,
    BadResponse,
    ChoiceInput,
    MatchingInput,
    OrderingInput,
    TextInput,
)
from massage_trainer.ui.quiz.start import StartLogic
from massage_trainer.ui.quiz.words import HOW, TYPE_NAMES, mark, percent, right_answer

if TYPE_CHECKING:
    from massage_trainer.ui.kit.context import AppContext

NO_LEARNER: Final = "Choose or add a learner first (the Learner menu above), so that your answers are kept."
WHERE: Final = ("The back diagram is on the left; the quiz is on the right. On the start page choose a "
                "topic quiz, the daily five, a timed exam or the spaced review, or import a question bank. "
                "A question shows its text, then its answers; Submit shows whether you were right, why, and "
                "Next. Questions on the back are answered on the diagram, or from a list of its zones.")


class QuizScreen(QWidget):
    title = "Quiz"

    def __init__(self, ctx: AppContext, clock: Callable[[], float] = time.monotonic,
                 now: Callable[[], datetime] | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.body = ctx.content.body
        self.diagram = ctx.diagram
        self.clock = clock  # seconds: the time spent on a question, the exam's countdown
        self.now: Callable[[], datetime] = now or ctx.storage.clock  # the review schedule's time
        self.rng = random.Random()
        self.runner = Runner(self)  # tests switch it to synchronous
        self.names = {t.id: t.name for t in ctx.content.techniques}
        self.pool: jobs.Pool | None = None
        self.cards: jobs.Cards | None = None
        self.run: QuizRun | None = None
        self.exam: ExamSession | None = None
        self.mode = ""
        self.session_id = ""
        self.learner_id = 0  # whose quiz is on show: their answers are kept for them
        self.last_result: Result | None = None
        self.last_job: Job | None = None
        self._shown_at = 0.0
        self._active = False

        self.start_page = StartPage(ctx.theme)
        self.question_page = QuestionPage(ctx.theme, lambda key, request: ctx.navigate(key, request))
        self.summary_page = SummaryPage()
        self.review_page = ReviewPage()
        self.pages = QStackedWidget()
        for page in (self.start_page, self.question_page, self.summary_page, self.review_page):
            self.pages.addWidget(page)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        self.diagram_host = QVBoxLayout()
        layout.addLayout(self.diagram_host, 3)
        layout.addWidget(self.pages, 2)
        self.start = StartLogic(self)
        self.importer = BankImporter(self)
        self._connect()
        self.keys = QuizKeys(self, {"choose": self.choose, "go": self.go, "up": lambda: self.move_item(-1),
                                    "down": lambda: self.move_item(1)})
        ctx.learner_listeners.append(self._on_learner)

    def _connect(self) -> None:
        q = self.question_page
        q.submit_button.clicked.connect(self.submit)
        q.next_button.clicked.connect(self.next_clicked)
        q.previous_button.clicked.connect(lambda: self.exam.go(-1) if self.exam else None)
        q.finish_button.clicked.connect(lambda: self.exam.finish() if self.exam else None)
        q.quit_button.clicked.connect(self.leave)
        self.summary_page.again_button.clicked.connect(self.again)
        self.summary_page.done_button.clicked.connect(self.leave)
        self.review_page.done_button.clicked.connect(self.leave)

    # --- the screen protocol ---------------------------------------------------------------

    def activate(self) -> None:
        self._active = True
        self.diagram_host.addWidget(self.diagram)
        self.diagram.set_input_enabled(False)
        self.diagram.focus_zone(None)
        self.diagram.show()
        self._attach(True)
        if self.pages.currentWidget() is self.start_page:
            self.start.refresh()

    def deactivate(self) -> None:
        self._active = False
        self._attach(False)

    def _attach(self, on: bool) -> None:
        widget = self.question_page.input
        asking = self.pages.currentWidget() is self.question_page
        if widget is not None:
            if on and asking and self._active:
                widget.attach()
            else:
                widget.detach()
        self.keys.set_enabled(on and asking and self._active)

    def screen_help(self) -> ScreenHelp:
        return ScreenHelp(WHERE, tuple((" ".join(row.keys), row.words) for row in QUIZ_KEYS))

    def open_request(self, request: Mapping[str, str]) -> None:
        self.start.open_request(request)

    def show_page(self, page: QWidget) -> None:
        self.setFocus(Qt.FocusReason.OtherFocusReason)
        if page is not self.question_page and self.question_page.input is not None:
            self.question_page.input.detach()
        self.pages.setCurrentWidget(page)
        self._attach(True)

    # --- asking -------------------------------------------------------------------------------

    def begin(self, questions: Sequence[Question], mode: str) -> bool:
        """Start a quiz of these questions (feedback after each), in `mode` ("topic", "daily", "review")."""
        self.stop()
        if self.ctx.learner is None:
            self.start_page.say(NO_LEARNER)
            self.show_page(self.start_page)
            return False
        if not questions:
            return False
        self.mode, self.session_id, self.learner_id = mode, uuid.uuid4().hex, self.ctx.learner.id
        self.run = QuizRun(questions, self.body)
        self.show_page(self.question_page)
        self._ask()
        return True

    def begin_exam(self, questions: Sequence[Question], time_limit_s: float) -> bool:
        self.stop()
        if self.ctx.learner is None:
            self.start_page.say(NO_LEARNER)
            return False
        if not questions:
            return False
        self.mode, self.session_id, self.learner_id = "exam", uuid.uuid4().hex, self.ctx.learner.id
        self.exam = ExamSession(self, questions, time_limit_s, self.clock, self.session_id)
        self.show_page(self.question_page)
        self.exam.start()
        return True

    def make_input(self, question: Question) -> AnswerInput:
        t = question.type
        if t in (QType.SINGLE, QType.MULTIPLE, QType.TRUE_FALSE):
            return ChoiceInput(question)
        if t == QType.MATCHING:
            return MatchingInput(question)
        if t in (QType.NUMERIC, QType.SHORT_ANSWER):
            widget = TextInput(question)
            widget.submitted.connect(self.go)
            return widget
        if t == QType.ORDERING:
            return OrderingInput(question, self.names)
        if t == QType.HOTSPOT:
            return HotspotInput(question, self.diagram, self.body)
        if t == QType.DIRECTION:
            return DirectionInput(question, self.diagram, self.clock)
        raise ValueError(f"the quiz does not ask {t.value} questions")

    def show_question(self, question: Question, progress: str) -> None:
        """Put a question on the page, with an empty answer widget."""
        p = self.question_page
        exam = self.exam is not None
        p.progress.setText(progress)
        p.title.setText(question.title)
        p.title.setVisible(bool(question.title))
        p.kind.setText(f"{TYPE_NAMES[question.type].capitalize()} · {self.start.topic_label(question.topic)}")
        p.text.setText(question.text)
        p.how.setText(HOW.get(question.type, ""))
        p.say("")
        p.feedback.hide()
        widget = self.make_input(question)
        p.show_input(widget)
        if self._active:
            widget.attach()
        p.countdown.setVisible(exam)
        p.submit_button.setVisible(not exam)
        p.submit_button.setEnabled(True)
        p.previous_button.setVisible(exam)
        p.finish_button.setVisible(exam)
        p.next_button.setVisible(exam)
        p.next_button.setText("Next")
        p.next_button.setEnabled(True)
        p.verticalScrollBar().setValue(0)
        widget.first_focus().setFocus(Qt.FocusReason.OtherFocusReason)
        self.keys.set_enabled(self._active)
        self._shown_at = self.clock()

    def _ask(self) -> None:
        run = self.run
        assert run is not None and run.current is not None
        n = len(run.results)
        self.last_result = None
        self.show_question(run.current, f"Question {n + 1} of {len(run.questions)}")

    def answering(self) -> bool:
        """A question of a quiz is on show, not yet submitted."""
        return self.run is not None and self.last_result is None and not self.run.done

    def submit(self) -> None:
        """Check the response with core's `check`, keep it at once, and show the verdict."""
        run, widget, p = self.run, self.question_page.input, self.question_page
        if run is None or widget is None or not self.answering() or self.ctx.learner is None:
            return
        try:
            response = widget.response()
        except BadResponse as err:
            p.say(str(err))
            return
        if response is None:
            p.say("Give an answer first." if run.current is None or run.current.type != QType.DIRECTION
                  else "Trace the stroke on the back first: hold the mouse button down and draw it.")
            return
        question = run.current
        assert question is not None
        time_s = round(max(self.clock() - self._shown_at, 0.0), 3)
        result = run.answer(response)
        self.last_result = result
        bank = self.pool.bank(question) if self.pool else "builtin"
        self.record([jobs.ToRecord(question, response, result, bank, time_s)], self.mode, self.session_id)
        widget.set_locked(True)
        p.say("")
        p.mark.setText(mark(result))
        p.result_text.setText(result.feedback)
        p.result_text.setVisible(bool(result.feedback))
        p.answer_text.setText("" if result.correct else f"The answer: {right_answer(question, self.body, self.names)}")
        p.answer_text.setVisible(not result.correct)
        p.explanation.setText(result.explanation)
        p.explanation.setVisible(bool(result.explanation))
        p.rule_links.show_for(result.explanation if bank == "builtin" else "")  # our rules, not a bank's words
        p.feedback.show()
        p.submit_button.setVisible(False)
        p.next_button.setText("See how it went" if run.done else "Next")
        p.next_button.setVisible(True)
        p.next_button.setFocus(Qt.FocusReason.OtherFocusReason)

    def next_clicked(self) -> None:
        if self.exam is not None:
            self.exam.go(1)
        elif self.run is not None and self.last_result is not None:
            if self.run.done:
                self.show_summary()
            else:
                self._ask()

    def go(self) -> None:
        """Enter: submit; after the verdict, the next question."""
        if self.pages.currentWidget() is not self.question_page:
            return
        if self.exam is not None:
            self.exam.enter()
        elif self.answering():
            self.submit()
        else:
            self.next_clicked()

    def choose(self, n: int) -> None:
        widget = self.question_page.input
        if widget is not None and widget.isEnabled():
            widget.choose(n)

    def move_item(self, step: int) -> None:
        widget = self.question_page.input
        if widget is not None and widget.isEnabled():
            widget.move_item(step)

    def record(self, answers: list[jobs.ToRecord], mode: str, session_id: str) -> Job | None:
        """Keep the answers in the learner's record, off the GUI thread, now."""
        if not self.learner_id or not answers:
            return None
        home, now, lid = self.ctx.storage.home, self.now(), self.learner_id

        def failed(message: str) -> None:
            page = self.pages.currentWidget()
            if isinstance(page, (QuestionPage, SummaryPage, ReviewPage)):
                page.say(f"This answer could not be kept in your record: {message}")

        self.last_job = self.runner.run(lambda: jobs.record(home, lid, answers, now, mode, session_id),
                                        on_error=failed)
        return self.last_job

    # --- the end ------------------------------------------------------------------------------

    def show_summary(self) -> None:
        run = self.run
        assert run is not None
        s = self.summary_page
        right = sum(1 for r in run.results if r.correct)
        s.score.setText(f"{right} of {len(run.questions)} right · {percent(run.score)}")
        missed = self.missed()
        s.missed.setText("You missed:\n" + "\n".join(f"• {q.title or q.text}" for q in missed) if missed
                         else "None missed: well done.")
        s.again_button.setVisible(bool(missed))
        s.say("")
        self.show_page(s)
        (s.again_button if missed else s.done_button).setFocus()

    def missed(self) -> list[Question]:
        if self.run is None:
            return []
        return [q for q, r in zip(self.run.questions, self.run.results, strict=False) if not r.correct]

    def again(self) -> None:
        missed = self.missed()
        if missed:
            self.begin(missed, "review")

    def show_exam_review(self, review: ExamReview) -> None:
        fill_review(self.review_page, review, self.body, self.names)
        self.show_page(self.review_page)
        self.review_page.done_button.setFocus()

    def stop(self) -> None:
        """Drop the quiz on show (its answers are kept already)."""
        if self.exam is not None:
            self.exam.stop()
            self.exam.deleteLater()
            self.exam = None
        self.run = None
        self.last_result = None

    def leave(self) -> None:
        """Back to the start page. An exam left half-way is finished (and kept): its review shows."""
        if self.exam is not None and self.exam.review is None:
            self.exam.finish()
            return
        self.stop()
        self.start_page.say("")
        self.show_page(self.start_page)
        self.start.refresh()

    def _on_learner(self, learner: Learner | None) -> None:
        if learner is not None and learner.id == self.learner_id:
            return  # a rename
        if self.exam is not None and self.exam.review is None:
            self.exam.finish()  # kept for whoever sat it
        self.stop()
        self.learner_id = 0
        self.start_page.say("")
        self.show_page(self.start_page)
        self.start.refresh()

    def prepare_screenshot(self, args: Any) -> None:
        from massage_trainer.ui.quiz.script import prepare_screenshot

        prepare_screenshot(self, args)
