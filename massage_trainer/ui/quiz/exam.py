"""The timed exam on the screen: the countdown, moving between questions, finishing (or running out).

`ExamSession` keeps the learner's responses in core's `Exam` as they move from question to question
(a response may be changed until the end) and shows no verdict. A QTimer ticks the countdown, which
reads the exam's own clock (injected: a test runs the time out without waiting); at time-out the exam
finishes itself. At the finish every answer is graded by core and kept, with its result and the
seconds spent on it, and the review shows each one.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import TYPE_CHECKING, Final

from PySide6.QtCore import QObject, QTimer

from massage_trainer.core.body import Body
from massage_trainer.core.exam import Exam, ExamOver, ExamReview
from massage_trainer.core.quiz import Question
from massage_trainer.ui.quiz.jobs import ToRecord
from massage_trainer.ui.quiz.pages import ReviewPage
from massage_trainer.ui.quiz.questions import BadResponse
from massage_trainer.ui.quiz.words import given, mark, percent, right_answer

if TYPE_CHECKING:
    from massage_trainer.ui.quiz.screen import QuizScreen

TICK_MS: Final = 250


def clock_text(seconds: float) -> str:
    whole = max(0, int(seconds + 0.999))  # 0:01 shows until the very end
    return f"{whole // 60}:{whole % 60:02d}"


class ExamSession(QObject):
    def __init__(self, screen: QuizScreen, questions: Sequence[Question], time_limit_s: float,
                 clock: Callable[[], float], session_id: str) -> None:
        super().__init__(screen)
        self.screen = screen
        self.clock = clock
        self.session_id = session_id
        self.exam = Exam(questions, time_limit_s, clock=clock, body=screen.body)
        self.index = 0
        self.spent = [0.0] * len(self.exam.questions)
        self._shown_at = 0.0
        self.review: ExamReview | None = None
        self.timer = QTimer(self)
        self.timer.setInterval(TICK_MS)
        self.timer.timeout.connect(self.tick)

    @property
    def question(self) -> Question:
        return self.exam.questions[self.index]

    def start(self) -> None:
        self.exam.start()
        self.timer.start()
        self.show(0)

    def show(self, index: int) -> None:
        self.index = index
        self._shown_at = self.clock()
        page = self.screen.question_page
        self.screen.show_question(self.question, f"Question {index + 1} of {len(self.exam.questions)} · "
                                  f"{self.exam.answered} answered")
        response = self.exam.response(index)
        if response is not None and page.input is not None:
            page.input.set_response(response)
        page.previous_button.setEnabled(index > 0)
        page.next_button.setEnabled(index + 1 < len(self.exam.questions))
        self.tick()

    def keep(self) -> bool:
        """Keep the response on show; False (and a word on the page) when it is not an answer."""
        page = self.screen.question_page
        self.spent[self.index] += max(self.clock() - self._shown_at, 0.0)
        self._shown_at = self.clock()
        if page.input is None:
            return True
        try:
            response = page.input.response()
        except BadResponse as err:
            page.say(str(err))
            return False
        if response is not None:
            try:
                self.exam.answer(self.index, response)
            except ExamOver:
                self.finish()
                return False
        return True

    def go(self, step: int) -> None:
        to = self.index + step
        if self.review is None and 0 <= to < len(self.exam.questions) and self.keep():
            self.show(to)

    def enter(self) -> None:
        """Enter in the exam: keep the answer and go on (on the last question, stay)."""
        if self.index + 1 < len(self.exam.questions):
            self.go(1)
        else:
            self.keep()
            self.screen.question_page.say("That was the last question: Finish the exam when you are ready.")

    def tick(self) -> None:
        if self.review is not None:
            return
        if self.exam.timed_out:
            self.finish()
            return
        left = self.exam.remaining_s()
        self.screen.question_page.countdown.setText(f"Time left {clock_text(left)}")

    def finish(self) -> None:
        if self.review is not None:
            return
        if not self.exam.finished and not self.exam.timed_out:
            self.keep()
        else:
            self.spent[self.index] += max(self.clock() - self._shown_at, 0.0)
        self.timer.stop()
        self.review = review = self.exam.finish()
        pool = self.screen.pool
        answers = [ToRecord(i.question, i.response, i.result, pool.bank(i.question) if pool else "builtin",
                            round(t, 3)) for i, t in zip(review.items, self.spent, strict=True)]
        self.screen.record(answers, "exam", self.session_id)
        self.screen.show_exam_review(review)

    def stop(self) -> None:
        self.timer.stop()


def fill_review(page: ReviewPage, review: ExamReview, body: Body, names: Mapping[str, str]) -> None:
    """Every question of the exam: the verdict, the answer given, the right one, the explanation."""
    page.clear()
    timed = "The time ran out. " if review.timed_out else ""
    page.score.setText(f"{timed}{review.correct} of {len(review.items)} right · {percent(review.score)}"
                       f" · {review.unanswered} unanswered")
    for i, item in enumerate(review.items, 1):
        q, res = item.question, item.result
        lines = [(f"{i}. {mark(res)}", True), (q.title, False), (q.text, False),
                 (f"Your answer: {given(q, item.response, body, names)}", False),
                 (f"The answer: {right_answer(q, body, names)}", False),
                 (res.feedback, False), (res.explanation, False)]
        page.add([(text, h) for text, h in lines if text])
    page.say("")
