"""The Progress screen's lists: a small table of plain-text cells, and the rows each list shows.

The words are made here from the data (storage/progress.py) and the rule table (core/rules.py);
text from a bank (a question, a topic) is shown as plain text, never rich text.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import datetime

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QGridLayout, QLabel, QSizePolicy, QWidget

from massage_trainer.core.rules import rule
from massage_trainer.storage.progress import ReviewDue, RuleCount, TopicScore, WeakQuestion
from massage_trainer.ui.kit import theme as th
from massage_trainer.ui.kit.dialogs import plain_label
from massage_trainer.ui.progress.charts import NO_TOPIC

QUESTION_CHARS = 140  # a long question is cut here, with an ellipsis


class TextTable(QWidget):
    """Rows of plain-text cells under bold column headings; it grows with the type."""

    def __init__(self, headings: Sequence[str], stretch: int = 0, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.headings = tuple(headings)
        self.grid = QGridLayout(self)
        self.grid.setContentsMargins(0, 0, 0, 0)
        self.grid.setHorizontalSpacing(th.SPACING * 2)
        self.grid.setVerticalSpacing(th.SPACING // 2)
        self.grid.setColumnStretch(stretch, 1)
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Minimum)
        self._rows: list[tuple[str, ...]] = []
        self.set_rows([])

    def set_rows(self, rows: Sequence[Sequence[str]], empty: str = "") -> None:
        while self.grid.count():
            item = self.grid.takeAt(0)
            widget = item.widget() if item is not None else None
            if widget is not None:
                widget.deleteLater()
        self._rows = [tuple(r) for r in rows]
        if not rows and empty:
            self.grid.addWidget(self._cell(empty), 0, 0, 1, -1)
            return
        for col, text in enumerate(self.headings):
            head = self._cell(text)
            font = head.font()
            font.setBold(True)
            head.setFont(font)
            head.setProperty("scaleFactor", 1.0)  # its font is its own now: the window's rescale keeps it in step
            self.grid.addWidget(head, 0, col)
        for r, row in enumerate(rows, 1):
            for col, text in enumerate(row):
                self.grid.addWidget(self._cell(text), r, col)

    def rows(self) -> list[tuple[str, ...]]:
        """The rows shown, as text (for the tests and for screen readers' summaries)."""
        return list(self._rows)

    def _cell(self, text: str) -> QLabel:
        label = plain_label(QLabel(text))
        label.setWordWrap(True)
        label.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        return label


def percent(mean: float) -> str:
    return f"{mean * 100:.0f} %"


def shorten(text: str, limit: int = QUESTION_CHARS) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= limit else flat[: limit - 1].rstrip() + "…"


def question_rows(weakest: Sequence[WeakQuestion], texts: Mapping[str, str]) -> list[tuple[str, ...]]:
    return [(shorten(texts.get(q.question_id, "")) or f"question {q.question_id}", q.topic or NO_TOPIC,
             percent(q.mean), str(q.count)) for q in weakest]


def topic_rows(topics: Sequence[TopicScore]) -> list[tuple[str, ...]]:
    return [(t.topic or NO_TOPIC, percent(t.mean), str(t.count)) for t in topics]


def rule_name(rule_id: str) -> str:
    try:
        return rule(rule_id).citation
    except KeyError:
        return rule_id  # a rule this version does not know (a report from a newer one)


def rule_rows(rules: Sequence[RuleCount]) -> list[tuple[str, ...]]:
    return [(rule_name(r.rule), str(r.total), str(r.recent), r.trend) for r in rules]


def when(iso: str) -> str:
    """A stored UTC time as the learner's local day and time."""
    try:
        return datetime.fromisoformat(iso).astimezone().strftime("%a %d %b, %H:%M")
    except ValueError:
        return iso


def review_words(review: ReviewDue) -> str:
    if review.now == 0 and review.this_week == 0 and review.next_due is None:
        return "Nothing to review yet: questions come back for review once you have answered them."
    now = "Nothing is due for review now." if review.now == 0 else (
        "1 question is due for review now." if review.now == 1 else f"{review.now} questions are due for review now.")
    week = f" {review.this_week} in all within the next seven days."
    after = f" The next one after those due now: {when(review.next_due)}." if review.next_due else ""
    return now + week + after
