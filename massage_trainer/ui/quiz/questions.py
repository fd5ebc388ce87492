"""One answer widget per question type; each gathers a response for core's `check` and grades nothing.

Every `AnswerInput` gives its `response()` (None: not answered yet; `BadResponse` with a plain
message for text that is not an answer, such as "15,5,1" for a number), takes one back
(`set_response`, when the exam returns to a question), answers the number keys (`choose`) and
is locked once submitted. Question and answer text comes from files: it is shown as plain text.
The two answered on the back diagram, hotspot and draw the direction, are in body_inputs.py.
"""

from __future__ import annotations

import random
from collections.abc import Mapping
from typing import Final

from PySide6.QtCore import QEvent, QSize, Qt, Signal
from PySide6.QtGui import QMouseEvent
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QButtonGroup,
    QCheckBox,
    QComboBox,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QRadioButton,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from massage_trainer.core.quiz import QType, Question
from massage_trainer.ui.kit import theme as th
from massage_trainer.ui.kit.dialogs import plain_label

CHOOSE: Final = "Choose…"


class BadResponse(ValueError):
    """Text that is not an answer of its kind; the message says, plainly, what to type."""


def wrapped(text: str) -> QLabel:
    label = plain_label(QLabel(text))
    label.setWordWrap(True)
    label.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Minimum)
    return label


class AnswerInput(QWidget):
    """The base: a response, the number keys, locking. `changed` whenever the response changes."""

    changed = Signal()

    def __init__(self, question: Question, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.question = question
        self.column = QVBoxLayout(self)
        self.column.setContentsMargins(0, 0, 0, 0)
        self.column.setSpacing(th.SPACING)

    def response(self) -> object:
        raise NotImplementedError

    def set_response(self, response: object) -> None:
        raise NotImplementedError

    def choose(self, n: int) -> bool:
        """Number key n (1-based): False when this kind of question has no n-th option."""
        return False

    def move_item(self, step: int) -> bool:
        """Alt+Up / Alt+Down: move the chosen item (ordering only)."""
        return False

    def first_focus(self) -> QWidget:
        return self

    def set_locked(self, locked: bool) -> None:
        self.setEnabled(not locked)

    def attach(self) -> None:
        """Shown: take what it needs of the diagram (body_inputs.py)."""

    def detach(self) -> None:
        """Hidden: give the diagram back."""


class _OptionText(QLabel):
    """An option's words beside its button, wrapped; a click on them is a click on the button."""

    def __init__(self, text: str, button: QAbstractButton) -> None:
        super().__init__(text)
        plain_label(self)
        self.setWordWrap(True)
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Minimum)
        self.button = button

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        if event.button() == Qt.MouseButton.LeftButton and self.button.isEnabled():
            self.button.click()


class ChoiceInput(AnswerInput):
    """Single choice (radio buttons), multiple choice (check boxes) and true/false (1 True, 2 False)."""

    def __init__(self, question: Question, parent: QWidget | None = None) -> None:
        super().__init__(question, parent)
        self.multiple = question.type == QType.MULTIPLE
        texts = ["True", "False"] if question.type == QType.TRUE_FALSE else [a.text for a in question.answers]
        self.group = QButtonGroup(self)
        self.group.setExclusive(not self.multiple)
        self.buttons: list[QAbstractButton] = []
        grid = QGridLayout()
        grid.setHorizontalSpacing(th.SPACING)
        grid.setColumnStretch(1, 1)
        for i, text in enumerate(texts):
            button: QAbstractButton = QCheckBox(f"{i + 1}.") if self.multiple else QRadioButton(f"{i + 1}.")
            button.setAccessibleName(f"{i + 1}: {text}")
            self.group.addButton(button, i)
            self.buttons.append(button)
            grid.addWidget(button, i, 0, Qt.AlignmentFlag.AlignTop)
            grid.addWidget(_OptionText(text, button), i, 1)
        self.column.addLayout(grid)
        self.group.buttonToggled.connect(lambda _b, _on: self.changed.emit())

    def response(self) -> object:
        chosen = [i for i, b in enumerate(self.buttons) if b.isChecked()]
        if self.multiple:
            return chosen or None
        if not chosen:
            return None
        return chosen[0] == 0 if self.question.type == QType.TRUE_FALSE else chosen[0]

    def set_response(self, response: object) -> None:
        if self.question.type == QType.TRUE_FALSE and isinstance(response, bool):
            picked = {0 if response else 1}
        elif isinstance(response, int):
            picked = {response}
        elif isinstance(response, (list, tuple)):
            picked = {int(i) for i in response}
        else:
            picked = set()
        self.group.setExclusive(False)
        for i, b in enumerate(self.buttons):
            b.setChecked(i in picked)
        self.group.setExclusive(not self.multiple)

    def choose(self, n: int) -> bool:
        if not 1 <= n <= len(self.buttons):
            return False
        button = self.buttons[n - 1]
        button.setChecked(not button.isChecked() if self.multiple else True)
        button.setFocus(Qt.FocusReason.ShortcutFocusReason)
        return True

    def first_focus(self) -> QWidget:
        return self.buttons[0]


class MatchingInput(AnswerInput):
    """Each left item with a combo box of the right items."""

    def __init__(self, question: Question, parent: QWidget | None = None) -> None:
        super().__init__(question, parent)
        rights = sorted({right for _, right in question.pairs}, key=str.casefold)
        grid = QGridLayout()
        grid.setHorizontalSpacing(th.SPACING * 2)
        grid.setColumnStretch(0, 1)
        grid.setColumnStretch(1, 1)
        self.combos: dict[str, QComboBox] = {}
        for i, (left, _) in enumerate(question.pairs):
            combo = QComboBox()
            combo.addItem(CHOOSE, None)
            for right in rights:
                combo.addItem(right, right)
            combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
            combo.setMinimumContentsLength(10)
            combo.setAccessibleName(f"The match for {left}")
            combo.currentIndexChanged.connect(lambda _i: self.changed.emit())
            grid.addWidget(wrapped(left), i, 0)
            grid.addWidget(combo, i, 1)
            self.combos[left] = combo
        self.column.addLayout(grid)

    def response(self) -> object:
        chosen = {left: combo.currentData() for left, combo in self.combos.items() if combo.currentData() is not None}
        return chosen or None

    def set_response(self, response: object) -> None:
        given = response if isinstance(response, Mapping) else {}
        for left, combo in self.combos.items():
            index = combo.findData(given.get(left)) if left in given else 0
            combo.setCurrentIndex(max(index, 0))

    def first_focus(self) -> QWidget:
        return next(iter(self.combos.values()))


class TextInput(AnswerInput):
    """A number (numeric) or a few words (short answer) typed in a line."""

    submitted = Signal()

    def __init__(self, question: Question, parent: QWidget | None = None) -> None:
        super().__init__(question, parent)
        self.numeric = question.type == QType.NUMERIC
        self.edit = QLineEdit()
        self.edit.setPlaceholderText("a number, such as 15 or 15.5" if self.numeric else "your answer")
        self.edit.setAccessibleName("Your answer: a number" if self.numeric else "Your answer")
        self.edit.setMaxLength(500)
        self.edit.textChanged.connect(lambda _t: self.changed.emit())
        self.edit.returnPressed.connect(self.submitted.emit)
        self.column.addWidget(self.edit)

    def response(self) -> object:
        text = self.edit.text().strip()
        if not text:
            return None
        if not self.numeric:
            return text
        try:
            value = float(text.replace(",", ".").replace(" ", ""))
        except ValueError:
            raise BadResponse(f"“{text[:40]}” is not a number: type digits, such as 15 or 15.5.") from None
        if value != value or value in (float("inf"), float("-inf")):
            raise BadResponse("Type an ordinary number, such as 15 or 15.5.")
        return value

    def set_response(self, response: object) -> None:
        if response is None:
            self.edit.clear()
        elif isinstance(response, float):
            self.edit.setText(f"{response:g}")
        else:
            self.edit.setText(str(response))

    def first_focus(self) -> QWidget:
        return self.edit


class _FitList(QListWidget):
    """A list as tall as its items at the type it has now (the type grows with the window)."""

    def minimumSizeHint(self) -> QSize:
        rows = max(self.count(), 1)
        height = max(self.sizeHintForRow(0), self.fontMetrics().height()) * rows + 2 * self.frameWidth() + 4
        return QSize(super().minimumSizeHint().width(), height)

    def sizeHint(self) -> QSize:
        return QSize(super().sizeHint().width(), self.minimumSizeHint().height())

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() == QEvent.Type.FontChange:
            self.updateGeometry()


class OrderingInput(AnswerInput):
    """A list to put in order: drag the items, or select one and move it (buttons, Alt+Up, Alt+Down)."""

    def __init__(self, question: Question, names: Mapping[str, str], parent: QWidget | None = None) -> None:
        super().__init__(question, parent)
        self.names = names
        self.list = _FitList()
        self.list.setAccessibleName("The items, to put in order")
        self.list.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.list.setDragDropMode(QAbstractItemView.DragDropMode.InternalMove)
        self.list.setDefaultDropAction(Qt.DropAction.MoveAction)
        self.list.setWordWrap(True)
        self.list.model().rowsMoved.connect(lambda *_a: self.changed.emit())
        self._fill(shuffled(question))
        self.up = QPushButton("Move up")
        self.down = QPushButton("Move down")
        self.up.setAccessibleName("Move the chosen item up")
        self.down.setAccessibleName("Move the chosen item down")
        self.up.clicked.connect(lambda: self.move_item(-1))
        self.down.clicked.connect(lambda: self.move_item(1))
        buttons = QHBoxLayout()
        buttons.addWidget(self.up)
        buttons.addWidget(self.down)
        buttons.addStretch(1)
        self.column.addWidget(self.list)
        self.column.addLayout(buttons)
        self.touched = False

    def _fill(self, ids: list[str]) -> None:
        self.list.clear()
        for i in ids:
            item = QListWidgetItem(self.names.get(i, i))
            item.setData(Qt.ItemDataRole.UserRole, i)
            self.list.addItem(item)
        self.list.setCurrentRow(0)
        self.list.updateGeometry()

    def order(self) -> list[str]:
        return [str(self.list.item(i).data(Qt.ItemDataRole.UserRole)) for i in range(self.list.count())]

    def response(self) -> object:
        return self.order()

    def set_response(self, response: object) -> None:
        if isinstance(response, (list, tuple)) and sorted(map(str, response)) == sorted(self.question.order):
            self._fill([str(i) for i in response])

    def move_item(self, step: int) -> bool:
        row = self.list.currentRow()
        to = row + step
        if row < 0 or not 0 <= to < self.list.count():
            return False
        item = self.list.takeItem(row)
        self.list.insertItem(to, item)
        self.list.setCurrentRow(to)
        self.changed.emit()
        return True

    def first_focus(self) -> QWidget:
        return self.list


def shuffled(question: Question) -> list[str]:
    """The items in an order of their own (the same each time the question is asked), never the answer."""
    items = list(question.order)
    random.Random(question.id).shuffle(items)
    if items == list(question.order):
        items = items[1:] + items[:1]
    return items
