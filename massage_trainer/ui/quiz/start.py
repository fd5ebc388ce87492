"""The start page's work: the question pool read off the GUI thread, the topics, what is due, the
requests another screen sends (`open_request`), and starting each kind of quiz."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import TYPE_CHECKING, Final

from massage_trainer.core.exam import Exam
from massage_trainer.core.quiz_modes import daily_five, topic_quiz
from massage_trainer.ui.kit.worker import Job
from massage_trainer.ui.quiz import jobs

if TYPE_CHECKING:
    from massage_trainer.ui.quiz.screen import QuizScreen

TOPIC_COUNT: Final = 10  # questions in a topic quiz
TOPICS: Final = {
    "indications": "Indications", "contraindications": "Contraindications", "rules": "The general rules",
    "techniques": "Techniques", "session": "The session", "zones": "Zones of the back",
    "types": "Types of massage",
}


def when(at: datetime) -> str:
    """A due time in the learner's own time zone: "today at 14:05", "on 9 Dec at 08:30"."""
    local = at.astimezone()
    today = datetime.now(local.tzinfo).date()
    day = "today" if local.date() == today else f"on {local.day} {local:%b}"
    return f"{day} at {local:%H:%M}"


class StartLogic:
    def __init__(self, screen: QuizScreen) -> None:
        self.screen = screen
        self.page = screen.start_page
        self.pending: Mapping[str, str] | None = None
        self.job: Job | None = None
        p = self.page
        p.topic_button.clicked.connect(self.start_topic)
        p.daily_button.clicked.connect(self.start_daily)
        p.exam_button.clicked.connect(self.start_exam)
        p.review_button.clicked.connect(self.start_review)

    def topic_label(self, topic: str) -> str:
        if topic.startswith(jobs.BANK_TOPIC):
            return f"Bank: {topic[len(jobs.BANK_TOPIC):]}"
        return TOPICS.get(topic, topic.capitalize() or "General")

    # --- reading ----------------------------------------------------------------------

    def refresh(self) -> Job:
        """Read the pool (the built-in questions and the banks), then the learner's cards."""
        s = self.screen
        content, home = s.ctx.content, s.ctx.storage.home
        self.page.due.setText("Reading what is due…")
        self.job = s.runner.run(lambda: jobs.load_pool(content, home), self._pool_read,
                                lambda message: self.page.say(f"The questions could not be read: {message}"))
        return self.job

    def _pool_read(self, pool: jobs.Pool) -> None:
        s = self.screen
        s.pool = pool
        counts: dict[str, int] = {}
        for q in pool.questions:
            counts[q.topic] = counts.get(q.topic, 0) + 1
        order = [t for t in TOPICS if t in counts] + sorted(t for t in counts if t not in TOPICS)
        self.page.set_topics([(t, f"{self.topic_label(t)} ({counts[t]})") for t in order])
        self.page.set_banks([b.name for b in pool.banks])
        learner = s.ctx.learner
        if learner is None:
            s.cards = None
            self.page.due.setText("Choose or add a learner first to see what is due.")
            self.page.review_button.setEnabled(False)
            self._pending()
            return
        home, now, ids = s.ctx.storage.home, s.now(), [q.id for q in pool.questions]
        s.runner.run(lambda: jobs.read_cards(home, learner.id, ids, now), self._cards_read,
                     lambda message: self.page.due.setText(f"What is due could not be read: {message}"))

    def _cards_read(self, cards: jobs.Cards) -> None:
        self.screen.cards = cards
        n = len(cards.due)
        if n:
            text = f"{n} question{'s are' if n != 1 else ' is'} due now."
        elif cards.next_due is not None:
            text = f"Nothing is due now. The next review is due {when(cards.next_due)}."
        else:
            text = "Nothing is due: answer some questions first, and those you miss come back here."
        self.page.due.setText(text)
        self.page.review_button.setEnabled(n > 0)
        self.page.review_button.setText(f"Start the review ({n})" if n else "Start the review")
        self._pending()

    def _pending(self) -> None:
        request, self.pending = self.pending, None
        if request is not None:
            self.open_request(request)

    # --- starting ---------------------------------------------------------------------

    def _ready(self) -> jobs.Pool | None:
        s = self.screen
        if s.ctx.learner is None:
            self.page.say("Choose or add a learner first (the Learner menu above), so that your answers are kept.")
            return None
        if s.pool is None:
            self.page.say("The questions are still being read; try again in a moment.")
            return None
        self.page.say("")
        return s.pool

    def start_topic(self) -> bool:
        pool = self._ready()
        topic = self.page.topics.currentData()
        if pool is None or topic is None:
            return False
        return self.screen.begin(topic_quiz(pool.questions, str(topic), TOPIC_COUNT, self.screen.rng), "topic")

    def start_daily(self) -> bool:
        pool = self._ready()
        if pool is None:
            return False
        cards = self.screen.cards.cards if self.screen.cards else ()
        return self.screen.begin(daily_five(pool.questions, cards, self.screen.now()), "daily")

    def start_review(self) -> bool:
        pool = self._ready()
        if pool is None:
            return False
        cards = self.screen.cards
        by_id = pool.by_id()
        due = [by_id[i] for i in (cards.due if cards else ()) if i in by_id]
        if not due:
            self.page.say("Nothing is due for review now. " + (self.page.due.text() if cards else ""))
            return False
        return self.screen.begin(due, "review")

    def start_exam(self) -> bool:
        pool = self._ready()
        if pool is None:
            return False
        count, minutes = self.page.exam_count.value(), self.page.exam_minutes.value()
        exam = Exam.draw(pool.questions, count, minutes * 60.0, self.screen.rng)
        return self.screen.begin_exam(exam.questions, minutes * 60.0)

    def open_request(self, request: Mapping[str, str]) -> None:
        """{"mode": "review" | "daily" | "exam"} or {"mode": "topic", "topic": ...}: that quiz, started
        (the exam: ready to start, its Start button in focus)."""
        s = self.screen
        for _ in range(2):  # an exam on show is finished (its review shows), then left
            if s.pages.currentWidget() is not self.page:
                s.leave()
        if self.screen.pool is None or (s.ctx.learner is not None and s.cards is None):
            self.pending = request  # once the pool is read
            if self.job is None or self.job.is_finished():
                self.refresh()
            return
        mode = request.get("mode")
        if mode == "topic":
            index = self.page.topics.findData(request.get("topic", ""))
            if index >= 0:
                self.page.topics.setCurrentIndex(index)
                self.start_topic()
            else:
                self.page.say(f"There is no topic called {request.get('topic', '')!r}; choose one below.")
                self.page.topics.setFocus()
        elif mode == "daily":
            self.start_daily()
        elif mode == "review":
            if not self.start_review():
                self.page.review_button.setFocus()
        elif mode == "exam":
            self.page.exam_button.setFocus()
