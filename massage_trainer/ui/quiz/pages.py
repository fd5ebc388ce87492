"""The Quiz screen's pages: the start page, one question, the summary, the exam's review.

Pages hold widgets and say nothing of grading; the screen (screen.py) fills them. Every label
that may show a question's or an answer's text is plain text (a bank's text is untrusted).
"""

from __future__ import annotations

import itertools
from typing import Final

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from massage_trainer.ui.kit import theme as th
from massage_trainer.ui.kit.dialogs import plain_label
from massage_trainer.ui.kit.rule_links import Navigate, RuleLinks
from massage_trainer.ui.kit.widgets import Card, SidePanel, heading, muted
from massage_trainer.ui.quiz.questions import AnswerInput, wrapped

EXAM_QUESTIONS: Final = 20
EXAM_MINUTES: Final = 15
TEXT_SCALE: Final = 1.15


def button(text: str, name: str = "") -> QPushButton:
    b = QPushButton(text)
    b.setAccessibleName(name or text.rstrip("…"))
    return b


def plain_heading(text: str, level: int) -> QLabel:
    return plain_label(heading(text, level))


class _Page(SidePanel):
    def __init__(self) -> None:
        super().__init__()
        self.note = wrapped("")
        self.note.setObjectName("quizNote")
        self.note.hide()

    def say(self, text: str) -> None:
        self.note.setText(text)
        self.note.setVisible(bool(text))


class StartPage(_Page):
    """Choose a quiz: a topic, the daily five, a timed exam, the spaced review; import a bank."""

    def __init__(self, theme: th.Theme) -> None:
        super().__init__()
        col = self.column
        col.addWidget(heading("Quiz", 1))
        col.addWidget(muted(wrapped("Check what you know, one question at a time. Every answer is kept in "
                                    "your record, and the spaced review brings back what you missed."), theme))
        col.addWidget(self.note)

        daily = self._card("Daily five", "Five questions: those due first, then ones you have not seen.")
        self.daily_button = button("Start the daily five")
        daily.body.addWidget(self.daily_button)

        review = self._card("Spaced review", "The questions due again for you, spaced out so that they stick.")
        self.due = wrapped("Reading what is due…")
        self.due.setObjectName("quizDue")
        self.review_button = button("Start the review")
        review.body.addWidget(self.due)
        review.body.addWidget(self.review_button)

        topic = self._card("Topic quiz", "The questions of one topic, in an order of their own.")
        self.topics = QComboBox()
        self.topics.setAccessibleName("Topic")
        self.topics.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.topics.setMinimumContentsLength(16)
        self.topic_button = button("Start the topic quiz")
        topic.body.addWidget(self.topics)
        topic.body.addWidget(self.topic_button)

        exam = self._card("Timed exam", "A set number of questions against the clock; you see how you did "
                          "only at the end, with a review of every answer.")
        form = QFormLayout()
        self.exam_count = QSpinBox()
        self.exam_count.setRange(1, 200)
        self.exam_count.setValue(EXAM_QUESTIONS)
        self.exam_count.setAccessibleName("Questions in the exam")
        self.exam_minutes = QSpinBox()
        self.exam_minutes.setRange(1, 240)
        self.exam_minutes.setValue(EXAM_MINUTES)
        self.exam_minutes.setSuffix(" min")
        self.exam_minutes.setAccessibleName("The exam's time limit in minutes")
        form.addRow("Questions:", self.exam_count)
        form.addRow("Time limit:", self.exam_minutes)
        exam.body.addLayout(form)
        self.exam_button = button("Start the exam")
        exam.body.addWidget(self.exam_button)

        banks = self._card("Question banks", "Your instructor's questions, from a GIFT or Aiken file. "
                           "Each bank is a topic of its own.")
        self.banks = QComboBox()
        self.banks.setAccessibleName("Imported banks")
        self.banks.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.banks.setMinimumContentsLength(16)
        self.import_button = button("Import a bank…")
        self.remove_button = button("Remove the bank…", "Remove the chosen bank")
        row = QHBoxLayout()
        row.addWidget(self.import_button)
        row.addWidget(self.remove_button)
        row.addStretch(1)
        banks.body.addWidget(self.banks)
        banks.body.addLayout(row)
        self.finish()

    def _card(self, title: str, text: str) -> Card:
        card = Card()
        card.body.addWidget(heading(title, 2))
        card.body.addWidget(wrapped(text))
        self.column.addWidget(card)
        return card

    def set_topics(self, topics: list[tuple[str, str]]) -> None:
        """(topic, label) pairs; the choice stays when it is still there."""
        was = self.topics.currentData()
        self.topics.clear()
        for topic, label in topics:
            self.topics.addItem(label, topic)
        self.topics.setCurrentIndex(max(self.topics.findData(was), 0))

    def set_banks(self, names: list[str]) -> None:
        self.banks.clear()
        for name in names:
            self.banks.addItem(name, name)
        if not names:
            self.banks.addItem("No bank imported yet", None)
        self.banks.setEnabled(bool(names))
        self.remove_button.setEnabled(bool(names))


class QuestionPage(_Page):
    """One question: its text, the answer widget, then (after Submit) the verdict and the explanation."""

    def __init__(self, theme: th.Theme, navigate: Navigate) -> None:
        super().__init__()
        col = self.column
        top = QHBoxLayout()
        self.progress = plain_label(QLabel())
        self.progress.setObjectName("quizProgress")
        self.countdown = plain_label(QLabel())
        self.countdown.setObjectName("quizCountdown")
        self.countdown.setAccessibleName("Time left")
        font = self.countdown.font()
        font.setBold(True)
        self.countdown.setFont(font)
        self.countdown.hide()
        top.addWidget(self.progress, 1)
        top.addWidget(self.countdown, 0, Qt.AlignmentFlag.AlignRight)
        col.addLayout(top)
        self.title = plain_heading("", 2)
        self.kind = muted(wrapped(""), theme)
        self.text = wrapped("")
        self.text.setObjectName("quizText")
        self.text.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        font = self.text.font()  # the question itself, a step up from the answers
        font.setPointSizeF(font.pointSizeF() * TEXT_SCALE)
        self.text.setFont(font)
        self.text.setProperty("scaleFactor", TEXT_SCALE)
        self.how = muted(wrapped(""), theme)
        for w in (self.title, self.kind, self.text, self.how):
            col.addWidget(w)
        self.input_host = QVBoxLayout()
        col.addLayout(self.input_host)
        col.addWidget(self.note)

        self.feedback = Card()
        self.mark = plain_heading("", 2)
        self.mark.setObjectName("quizMark")
        self.result_text = wrapped("")
        self.answer_text = wrapped("")
        self.explanation = wrapped("")
        self.rule_links = RuleLinks(navigate)  # the rules the explanation cites, opened in the Reference
        for w in (self.mark, self.result_text, self.answer_text, self.explanation):
            self.feedback.body.addWidget(w)
        self.feedback.body.addWidget(self.rule_links)
        self.feedback.hide()
        col.addWidget(self.feedback)

        row = QHBoxLayout()
        self.previous_button = button("Previous", "The previous question")
        self.submit_button = button("Submit")
        self.submit_button.setDefault(True)
        self.next_button = button("Next", "The next question")
        self.finish_button = button("Finish the exam")
        for b in (self.previous_button, self.submit_button, self.next_button, self.finish_button):
            row.addWidget(b)
        row.addStretch(1)
        col.addLayout(row)
        self.quit_button = button("Leave this quiz", "Leave this quiz and go back to the start")
        col.addWidget(self.quit_button, 0, Qt.AlignmentFlag.AlignLeft)
        self.input: AnswerInput | None = None
        self.finish()

    def show_input(self, widget: AnswerInput) -> None:
        old = self.input
        if old is not None:
            old.detach()
            self.input_host.removeWidget(old)
            old.hide()
            old.deleteLater()
        self.input = widget
        self.input_host.addWidget(widget)
        widget.show()
        # Tab runs through the answers before the buttons below them (the widget came last to the page).
        answers = [w for w in widget.findChildren(QWidget) if w.focusPolicy() & Qt.FocusPolicy.TabFocus
                   and w.window() is self.window()]  # not a combo box's popup
        buttons = [self.previous_button, self.submit_button, self.next_button, self.finish_button, self.quit_button]
        for a, b in itertools.pairwise([*answers, *buttons]):
            QWidget.setTabOrder(a, b)


class SummaryPage(_Page):
    """The end of a quiz: the score, the ones missed, and a second go at them."""

    def __init__(self) -> None:
        super().__init__()
        self.column.addWidget(heading("Done", 1))
        self.score = plain_heading("", 2)
        self.score.setObjectName("quizScore")
        self.missed = wrapped("")
        self.missed.setObjectName("quizMissed")
        self.again_button = button("Review the ones I missed")
        self.done_button = button("Back to the quizzes")
        for w in (self.score, self.note, self.missed, self.again_button, self.done_button):
            self.column.addWidget(w, 0, Qt.AlignmentFlag.AlignLeft if isinstance(w, QPushButton)
                                  else Qt.AlignmentFlag(0))
        self.finish()


class ReviewPage(_Page):
    """The exam's review: every question, the answer given, the right one and the explanation."""

    def __init__(self) -> None:
        super().__init__()
        self.column.addWidget(heading("The exam's review", 1))
        self.score = plain_heading("", 2)
        self.score.setObjectName("examScore")
        self.column.addWidget(self.score)
        self.column.addWidget(self.note)
        self.items = QVBoxLayout()
        self.items.setSpacing(th.SPACING * 2)
        self.column.addLayout(self.items)
        self.done_button = button("Back to the quizzes")
        self.column.addWidget(self.done_button, 0, Qt.AlignmentFlag.AlignLeft)
        self.cards: list[Card] = []
        self.finish()

    def clear(self) -> None:
        for card in self.cards:
            self.items.removeWidget(card)
            card.deleteLater()
        self.cards = []

    def add(self, lines: list[tuple[str, bool]]) -> Card:
        """A card of plain lines; (text, True) is the card's heading."""
        card = Card()
        for text, is_heading in lines:
            card.body.addWidget(plain_heading(text, 3) if is_heading else wrapped(text))
        self.items.addWidget(card)
        self.cards.append(card)
        return card
