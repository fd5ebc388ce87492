"""The Today screen's two pages: the welcome of a first launch, and the day's items afterwards.

Each item is a button that opens its screen, with a key of its own (docs/keys.md, "Today"): the
keys act anywhere in the window while their page shows. Names and reasons are shown as plain text.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QHBoxLayout, QLabel, QLineEdit, QPushButton, QWidget

from massage_trainer.ui.kit import theme as th
from massage_trainer.ui.kit.dialogs import plain_label
from massage_trainer.ui.kit.widgets import Card, SidePanel, heading, muted, paragraph

Action = Callable[[], object]
# (keys, words): the Today table of docs/keys.md, in its order. The welcome's path, then the day's.
PATH_KEYS = (("Alt+1", "the Atlas: the zones of the back, and why each matters"),
             ("Alt+2", "the Techniques: each technique shown on the back"),
             ("Alt+3", "a first drill: the first session, in Practice"),
             ("Alt+4", "a first quiz: the daily five"))
DAY_KEYS = (("R", "review the questions due"),
            ("D", "the daily five"),
            ("P", "practise the drill suggested"))
TODAY_KEYS = PATH_KEYS + DAY_KEYS


def key_button(text: str, key: str, action: Action, shortcut_parent: QWidget) -> QPushButton:
    """A button that does `action`, and its key, live anywhere in the window while the page shows."""
    button = QPushButton(f"{text}  ({key})")
    button.setAccessibleName(text)
    button.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
    button.clicked.connect(action)
    shortcut = QShortcut(QKeySequence(key), shortcut_parent)
    shortcut.setContext(Qt.ShortcutContext.WindowShortcut)
    shortcut.activated.connect(action)
    return button


class Page(SidePanel):
    """A scrolling column held to a readable measure (about 100 characters), at the left."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        self._fit_measure()

    def _fit_measure(self) -> None:
        inner = self.widget()
        if inner is not None:
            inner.setMaximumWidth(inner.fontMetrics().averageCharWidth() * 100)

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.FontChange:
            self._fit_measure()  # the measure grows with the type
        super().changeEvent(event)


class WelcomePage(Page):
    """A first launch: who is learning (a name, then Start or Return), and a path through the app."""

    def __init__(self, theme: th.Theme, start: Callable[[str], object], path: Sequence[Action],
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        col = self.column
        col.addWidget(heading("Welcome to Massage Trainer", 1))
        col.addWidget(paragraph("It teaches classic back massage: where to work and where never to, "
                                "the techniques in their order, drills traced on a diagram of the back, "
                                "and quizzes that come back when you are due to review them."))
        card = Card()
        card.body.addWidget(heading("Who is learning?", 2))
        self.name_label = QLabel("Your name:")
        self.name_field = QLineEdit()
        self.name_field.setAccessibleName("Your name")
        self.name_field.setPlaceholderText("a name or a nickname")
        self.name_label.setBuddy(self.name_field)
        self.start_button = QPushButton("Start")
        self.start_button.setAutoDefault(True)
        row = QHBoxLayout()
        row.setSpacing(th.SPACING)
        row.addWidget(self.name_label)
        row.addWidget(self.name_field, 1)
        row.addWidget(self.start_button)
        card.body.addLayout(row)
        self.message = plain_label(paragraph())
        self.message.setObjectName("welcomeMessage")
        self.message.hide()
        card.body.addWidget(self.message)
        card.body.addWidget(muted(paragraph("Your records stay on this computer. Others can add "
                                            "their own name later, from Manage learners."), theme))
        col.addWidget(card)

        self.name_field.returnPressed.connect(lambda: start(self.name_field.text()))
        self.start_button.clicked.connect(lambda: start(self.name_field.text()))

        steps = Card()
        steps.body.addWidget(heading("A path to begin with", 2))
        labels = ("1. Atlas: learn the zones", "2. Techniques: watch each one",
                  "3. A first drill: trace the first session", "4. A quiz: the daily five")
        self.path_buttons = [key_button(text, key, action, self)
                             for text, (key, _w), action in zip(labels, PATH_KEYS, path, strict=True)]
        for button in self.path_buttons:
            steps.body.addWidget(button, 0, Qt.AlignmentFlag.AlignLeft)
        col.addWidget(steps)
        self.finish()

    def say(self, text: str) -> None:
        self.message.setText(text)
        self.message.setVisible(bool(text))


class DailyPage(Page):
    """A learner's day: what is due for review, the drill worth practising, and the week so far."""

    def __init__(self, theme: th.Theme, review: Action, daily: Action, practise: Action,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        col = self.column
        self.greeting = plain_label(heading("Today", 1))
        col.addWidget(self.greeting)
        self.problem = plain_label(paragraph())
        self.problem.hide()
        col.addWidget(self.problem)

        quiz = Card()
        quiz.body.addWidget(heading("Review", 2))
        self.due_label = plain_label(paragraph("Reading what is due…"))
        self.due_label.setObjectName("dueToday")
        quiz.body.addWidget(self.due_label)
        buttons = QHBoxLayout()
        buttons.setSpacing(th.SPACING)
        self.review_button = key_button("Review now", "R", review, self)
        self.daily_button = key_button("Daily five", "D", daily, self)
        buttons.addWidget(self.review_button)
        buttons.addWidget(self.daily_button)
        buttons.addStretch(1)
        quiz.body.addLayout(buttons)
        col.addWidget(quiz)

        drill = Card()
        drill.body.addWidget(heading("Practise next", 2))
        self.reason = plain_label(paragraph("Looking at your drills…"))
        self.reason.setObjectName("suggestionReason")
        drill.body.addWidget(self.reason)
        self.practise_button = key_button("Practise", "P", practise, self)
        self.practise_button.setEnabled(False)
        row = QHBoxLayout()
        row.addWidget(self.practise_button)
        row.addStretch(1)
        drill.body.addLayout(row)
        col.addWidget(drill)

        self.week = muted(plain_label(paragraph("")), theme)
        self.week.setObjectName("weekSummary")
        col.addWidget(self.week)
        self.finish()
