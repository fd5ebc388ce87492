"""What the Progress screen shows of a learner with a record: three charts and four lists, scrolling.

Built the first time there is something to show, so that pyqtgraph is imported then (the charts,
charts.py), never at start-up nor for a learner with nothing yet. On a wide window the charts and
lists stand two by two; on a narrow one, one above the other.
"""

from __future__ import annotations

from PySide6.QtWidgets import QGridLayout, QScrollArea, QSizePolicy, QWidget

from massage_trainer.core.drill_plans import drill_specs
from massage_trainer.core.scoring import PASS_MARK
from massage_trainer.ui.kit import theme as th
from massage_trainer.ui.kit.context import AppContext
from massage_trainer.ui.kit.widgets import Card, heading, muted, paragraph
from massage_trainer.ui.progress.charts import WEEKS_SHOWN, AccuracyChart, ScoresChart, TimeChart
from massage_trainer.ui.progress.jobs import Loaded
from massage_trainer.ui.progress.lists import (
    TextTable,
    question_rows,
    review_words,
    rule_rows,
    topic_rows,
)

WIDE_EM = 70  # at this many lines' height of width or more, two columns


class ProgressView(QScrollArea):
    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("progressView")
        self.setWidgetResizable(True)
        self.setFrameShape(QScrollArea.Shape.NoFrame)
        theme = ctx.theme
        self.titles = {s.id: s.title for s in drill_specs(ctx.content.techniques)}
        self.accuracy = AccuracyChart(theme)
        self.scores = ScoresChart(theme, PASS_MARK)
        self.time = TimeChart(theme)
        self.questions = TextTable(("question", "topic", "mean", "answers"), stretch=0)
        self.topics = TextTable(("topic", "mean", "answers"), stretch=0)
        self.rules = TextTable(("rule", "times", "last 4 weeks", "trend"), stretch=0)
        self.review = paragraph()
        self.review.setObjectName("reviewDue")
        self.drills_note = muted(paragraph(), theme)
        inner = QWidget()
        self.grid = QGridLayout(inner)
        self.grid.setContentsMargins(0, 0, th.SPACING, th.SPACING)
        self.grid.setSpacing(th.SPACING * 2)
        self.cards = [
            self._card("Accuracy by topic, week by week", self.accuracy,
                       f"The mean score of your answers on each topic, each week (Monday to Sunday), over "
                       f"the last {WEEKS_SHOWN} weeks you answered in."),
            self._card("Drill scores", self.scores, None, self.drills_note),
            self._card("Time practised per week", self.time, "Minutes of drills, and of quiz answers timed."),
            self._card("Weakest questions", self.questions, "Your lowest mean scores, among questions answered twice "
                                                            "or more."),
            self._card("Weakest topics", self.topics, None),
            self._card("Rules broken most often in drills", self.rules,
                       "How often, and the last four weeks against the four before them."),
        ]
        self._columns = 0
        self.setWidget(inner)
        self._arrange(2)

    def _card(self, title: str, body: QWidget, about: str | None, *extra: QWidget) -> Card:
        card = Card()
        card.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Minimum)
        card.body.addWidget(heading(title, 3))
        if about:
            card.body.addWidget(paragraph(about))
        card.body.addWidget(body)
        for widget in extra:
            card.body.addWidget(widget)
        card.body.addStretch(1)
        return card

    def _arrange(self, columns: int) -> None:
        """What is due for review, then accuracy across the top; the rest two by two (or one above the
        other), and any room left below them all."""
        if columns == self._columns:
            return
        self._columns = columns
        for widget in [self.review, *self.cards]:
            self.grid.removeWidget(widget)
        self.grid.addWidget(self.review, 0, 0, 1, columns)
        self.grid.addWidget(self.cards[0], 1, 0, 1, columns)
        for i, card in enumerate(self.cards[1:]):
            self.grid.addWidget(card, 2 + i // columns, i % columns)
        for c in range(2):
            self.grid.setColumnStretch(c, 1 if c < columns else 0)
        last = 2 + (len(self.cards) - 2) // columns
        for r in range(self.grid.rowCount() + 1):
            self.grid.setRowStretch(r, 1 if r == last + 1 else 0)

    def resizeEvent(self, event: object) -> None:
        line = max(1, self.fontMetrics().height())
        self._arrange(2 if self.viewport().width() >= WIDE_EM * line else 1)
        super().resizeEvent(event)  # type: ignore[arg-type]

    def show_data(self, loaded: Loaded) -> None:
        data = loaded.data
        self.accuracy.set_weeks(data.topic_weeks, data.topics())
        self.scores.set_scores(data.drill_scores)
        finished = len(data.drill_scores)
        self.drills_note.setText("No drill finished yet." if finished == 0 else
                                 f"{finished} finished; the last: {self._title(data.drill_scores[-1].drill)}, "
                                 f"{data.drill_scores[-1].score:.0f}.")
        self.time.set_weeks(data.week_times)
        self.questions.set_rows(question_rows(data.weakest_questions, loaded.texts),
                                empty="No question answered twice yet.")
        self.topics.set_rows(topic_rows(data.weakest_topics), empty="No topic answered twice yet.")
        self.rules.set_rows(rule_rows(data.rules), empty="No rule broken in a drill yet.")
        self.review.setText(review_words(data.review))

    def _title(self, drill: str) -> str:
        return self.titles.get(drill, drill)
