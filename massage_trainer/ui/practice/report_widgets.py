"""The report's own widgets: the verdict's icon, and the list of violations with their rule badges.

A badge in the list is the diagram marker's twin (the general rule's number in
a vermillion disc); picking a row, by click or by Up/Down then Space/Enter,
emits `ViolationList.selected`.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

from PySide6.QtCore import QEvent, QPointF, QRectF, QSize, Qt, Signal
from PySide6.QtGui import (
    QColor,
    QFocusEvent,
    QFont,
    QKeyEvent,
    QMouseEvent,
    QPainter,
    QPaintEvent,
    QPen,
    QPolygonF,
)
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QScrollArea, QSizePolicy, QVBoxLayout, QWidget

from massage_trainer.core import wording
from massage_trainer.core.grading import Violation
from massage_trainer.core.reference import Reference
from massage_trainer.core.rules import rule
from massage_trainer.ui.diagram.markers import readable_on, rule_mark
from massage_trainer.ui.kit import theme as th
from massage_trainer.ui.kit.dialogs import plain_label
from massage_trainer.ui.kit.widgets import muted


def row_title(v: Violation, reference: Reference) -> tuple[str, str]:
    """A violation's badge and the title of its row: "6", "Rule 6: Never over the spine";
    for a rule from no numbered rule, "T", "Kneading: move the hands in the technique's own way"."""
    row, mark = rule(v.rule), rule_mark(v.rule)
    if row.number is not None:
        return mark, f"Rule {row.number}: {reference.rule(row.number).title}"
    name = wording.label(v)
    return mark, f"{name[:1].upper()}{name[1:]}: {row.text}"


class VerdictIcon(QWidget):
    """PASS is a tick in a circle; FAIL a cross in an octagon: told by shape, not colour alone."""

    def __init__(self, theme: th.Theme, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.theme = theme
        self.passed = False
        self.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Fixed)

    def set_passed(self, passed: bool) -> None:
        self.passed = passed
        self.setAccessibleName("Passed" if passed else "Failed")
        self.update()

    def sizeHint(self) -> QSize:
        side = round(self.fontMetrics().height() * 3.2)
        return QSize(side, side)

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.FontChange:
            self.updateGeometry()
        super().changeEvent(event)

    def paintEvent(self, event: QPaintEvent) -> None:
        p = QPainter(self)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        side = min(self.width(), self.height())
        r = QRectF((self.width() - side) / 2, (self.height() - side) / 2, side, side).adjusted(2, 2, -2, -2)
        fill = QColor(self.theme.ink if self.passed else self.theme.violation)
        mark = QPen(readable_on(fill), max(2.0, side * 0.1))
        mark.setCapStyle(Qt.PenCapStyle.RoundCap)
        mark.setJoinStyle(Qt.PenJoinStyle.RoundJoin)
        p.setPen(Qt.PenStyle.NoPen)
        p.setBrush(fill)
        c, w = r.center(), r.width()
        if self.passed:
            p.drawEllipse(r)
            p.setPen(mark)
            p.drawPolyline([c + QPointF(-0.24 * w, 0.0), c + QPointF(-0.06 * w, 0.18 * w),
                            c + QPointF(0.26 * w, -0.17 * w)])
        else:
            octagon = QPolygonF([c + QPointF(0.5 * w * math.cos(a), 0.5 * w * math.sin(a))
                                 for a in (math.pi / 8 + k * math.pi / 4 for k in range(8))])
            p.drawPolygon(octagon)
            p.setPen(mark)
            d = 0.18 * w
            p.drawLine(c + QPointF(-d, -d), c + QPointF(d, d))
            p.drawLine(c + QPointF(-d, d), c + QPointF(d, -d))
        p.end()


class RuleBadge(QWidget):
    """The list's copy of the diagram marker: the rule number in a vermillion disc."""

    def __init__(self, number: str, theme: th.Theme, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.number = number
        self.theme = theme
        self.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Fixed)

    def sizeHint(self) -> QSize:
        side = round(self.fontMetrics().height() * 1.9)
        return QSize(side, side)

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.FontChange:
            self.updateGeometry()
        super().changeEvent(event)

    def paintEvent(self, event: QPaintEvent) -> None:
        p = QPainter(self)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        fill = QColor(self.theme.violation)
        r = QRectF(self.rect()).adjusted(1, 1, -1, -1)
        p.setPen(Qt.PenStyle.NoPen)
        p.setBrush(fill)
        p.drawEllipse(r)
        font = QFont(self.font())
        font.setBold(True)
        p.setFont(font)
        p.setPen(readable_on(fill))
        p.drawText(r, Qt.AlignmentFlag.AlignCenter, str(self.number))
        p.end()


class ViolationRow(QFrame):
    """One violation: its rule (number and title), when, in which phase, where, and what happened."""

    def __init__(self, index: int, owner: ViolationList, number: str, title: str, meta: str,
                 message: str, theme: th.Theme) -> None:
        super().__init__()
        self.index = index
        self.owner = owner
        self.selected = False
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setCursor(Qt.CursorShape.PointingHandCursor)
        lay = QHBoxLayout(self)
        lay.setContentsMargins(th.SPACING, th.SPACING, th.SPACING, th.SPACING)
        lay.setSpacing(th.SPACING)
        self.badge = RuleBadge(number, theme)
        lay.addWidget(self.badge, 0, Qt.AlignmentFlag.AlignTop)
        text = QVBoxLayout()
        text.setSpacing(th.SPACING // 4)
        self.title = plain_label(QLabel(title))
        self.title.setWordWrap(True)
        f = self.title.font()
        f.setBold(True)
        self.title.setFont(f)
        self.title.setProperty("scaleFactor", 1.0)  # bold, kept at the body size as it scales
        self.meta = muted(plain_label(QLabel(meta)), theme)
        self.meta.setWordWrap(True)
        self.message = plain_label(QLabel(message))
        self.message.setWordWrap(True)
        for label in (self.title, self.meta, self.message):
            text.addWidget(label)
        lay.addLayout(text, 1)
        self.setAccessibleName(f"{title}. {meta}. {message}")

    def set_selected(self, selected: bool) -> None:
        self.selected = selected
        self.update()

    def paintEvent(self, event: QPaintEvent) -> None:
        p = QPainter(self)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        highlight = self.palette().highlight().color()
        r = QRectF(self.rect()).adjusted(1.5, 1.5, -1.5, -1.5)
        if self.selected:
            fill = QColor(highlight)
            fill.setAlphaF(0.14)
            p.setBrush(fill)
        else:
            p.setBrush(Qt.BrushStyle.NoBrush)
        if self.selected or self.hasFocus():
            pen = QPen(highlight, 2.5 if self.selected else 2.0)
            if not self.selected:
                pen.setStyle(Qt.PenStyle.DashLine)  # focus without selection
        else:
            pen = QPen(self.palette().mid().color(), 1.0)
        p.setPen(pen)
        p.drawRoundedRect(r, 6, 6)
        p.end()

    def mousePressEvent(self, event: QMouseEvent) -> None:
        if event.button() == Qt.MouseButton.LeftButton:
            self.setFocus(Qt.FocusReason.MouseFocusReason)
            self.owner.select(self.index)
            return
        super().mousePressEvent(event)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        key = event.key()
        if key in (Qt.Key.Key_Up, Qt.Key.Key_Down):
            self.owner.focus_row(self.index + (1 if key == Qt.Key.Key_Down else -1))
        elif key in (Qt.Key.Key_Space, Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self.owner.select(self.index)
        else:
            super().keyPressEvent(event)

    def focusInEvent(self, event: QFocusEvent) -> None:
        super().focusInEvent(event)
        self.owner.row_focused(self)
        self.update()

    def focusOutEvent(self, event: QFocusEvent) -> None:
        super().focusOutEvent(event)
        self.update()


class ViolationList(QWidget):
    """The violations as rows: click, or Up/Down then Space/Enter, to pick one."""

    selected = Signal(int)  # the row picked

    def __init__(self, theme: th.Theme, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.theme = theme
        self.rows: list[ViolationRow] = []
        self._current = -1
        self._column = QVBoxLayout(self)
        self._column.setContentsMargins(0, 0, 0, 0)
        self._column.setSpacing(th.SPACING)
        self.setAccessibleName("Rules broken")

    def set_rows(self, rows: Sequence[tuple[str, str, str, str]]) -> None:
        """(rule number, title, meta, message) per violation."""
        for row in self.rows:
            self._column.removeWidget(row)
            row.deleteLater()
        self.rows = [ViolationRow(i, self, *r, theme=self.theme) for i, r in enumerate(rows)]
        for row in self.rows:
            self._column.addWidget(row)
        self._current = -1

    def current(self) -> int:
        return self._current

    def select(self, index: int) -> None:
        if not 0 <= index < len(self.rows):
            return
        for row in self.rows:
            row.set_selected(row.index == index)
        self._current = index
        self.selected.emit(index)

    def focus_row(self, index: int) -> None:
        if 0 <= index < len(self.rows):
            self.rows[index].setFocus(Qt.FocusReason.OtherFocusReason)
            self.select(index)

    def row_focused(self, row: ViolationRow) -> None:
        scroll = self.parentWidget()
        while scroll is not None and not isinstance(scroll, QScrollArea):
            scroll = scroll.parentWidget()
        if isinstance(scroll, QScrollArea):
            scroll.ensureWidgetVisible(row)
