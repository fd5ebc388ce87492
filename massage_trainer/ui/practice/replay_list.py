"""The replay's list of violations: the report's rows (report_widgets.py), worded by core/wording.py.

Picking a row (click, or Up/Down then Enter/Space) emits `ViolationList.selected`;
the replay view seeks to just before that violation and highlights its marker.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import QFrame, QLabel, QScrollArea, QVBoxLayout, QWidget

from massage_trainer.core.grading import Report
from massage_trainer.core.wording import moment, sentence, tally, where
from massage_trainer.ui.kit import theme as th
from massage_trainer.ui.kit.dialogs import plain_label
from massage_trainer.ui.kit.widgets import muted
from massage_trainer.ui.practice.report_widgets import ViolationList, row_title

if TYPE_CHECKING:
    from massage_trainer.ui.kit.context import AppContext


class _FittingScroll(QScrollArea):
    """Asks for its rows' whole height, so it scrolls only when the page is too short for them."""

    def sizeHint(self) -> QSize:
        hint = super().sizeHint()
        inner = self.widget()
        if inner is None:
            return hint
        width = self.viewport().width()
        height = inner.heightForWidth(width) if inner.hasHeightForWidth() else -1
        if height < 0:
            height = inner.sizeHint().height()
        return QSize(hint.width(), height + 2 * self.frameWidth())

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        if event.size().width() != event.oldSize().width():
            self.updateGeometry()  # wrapped rows need another height at another width


class ReplayViolations(QWidget):
    """A heading, a hint and the violations as rows, in time order as the report lists them."""

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        column = QVBoxLayout(self)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(th.SPACING // 2)
        self.heading = plain_label(QLabel("Rules broken"))
        font = self.heading.font()
        font.setBold(True)
        self.heading.setFont(font)
        self.heading.setProperty("scaleFactor", 1.0)  # bold, kept at the body size as it scales
        self.hint = muted(plain_label(QLabel("")), ctx.theme)
        self.hint.setWordWrap(True)
        self.list = ViolationList(ctx.theme)
        self.list.setAccessibleName("Rules broken in this replay")
        self.rows_area = _FittingScroll()
        self.rows_area.setWidgetResizable(True)
        self.rows_area.setFrameShape(QFrame.Shape.NoFrame)
        self.rows_area.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.rows_area.setWidget(self.list)
        column.addWidget(self.heading)
        column.addWidget(self.hint)
        column.addWidget(self.rows_area, 1)

    def show_report(self, report: Report) -> None:
        reference = self.ctx.content.reference
        rows = []
        for v in report.violations:
            n, title = row_title(v, reference)
            meta = " · ".join(filter(None, (f"at {moment(v.t)}", where(v))))
            rows.append((n, title, meta, sentence(v)))
        self.list.set_rows(rows)
        count = len(rows)
        self.heading.setText(f"Rules broken ({tally(report.violations)})" if count else "Rules broken")
        self.hint.setText("Pick one (↑ ↓, then Enter) to jump to just before it; its marker is ringed."
                          if count else "None in this drill.")
        self.rows_area.setVisible(bool(count))
        self.rows_area.updateGeometry()
