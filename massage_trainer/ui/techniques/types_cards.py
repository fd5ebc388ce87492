"""The types of back massage, as reference cards (part of the Techniques screen).

One card per type in the reference content: what it is for, its cautions, and
a "Specialist only" badge (words and a warning shape, not colour alone) on
the types a learner must leave to a trained specialist.
"""

from __future__ import annotations

from html import escape

from PySide6.QtCore import QEvent, QPointF, QRectF, QSize, Qt
from PySide6.QtGui import QFontMetrics, QPainter, QPainterPath, QPaintEvent, QPen, QResizeEvent
from PySide6.QtWidgets import QGridLayout, QScrollArea, QSizePolicy, QVBoxLayout, QWidget

from massage_trainer.core.reference import MassageType, Reference
from massage_trainer.ui.kit import theme as th
from massage_trainer.ui.kit.widgets import Card, heading, paragraph

SPECIALIST_TEXT = "Specialist only"

GROUP_TITLES = {
    "relaxing": "Relaxing massage",
    "therapeutic": "Therapeutic massage",
}
GROUP_NOTES = {
    "relaxing": "To relax and restore. Check the contraindications first, as for any massage.",
    "therapeutic": "To treat or prevent a condition. Most of these belong to a trained specialist.",
}


class SpecialistBadge(QWidget):
    """A bordered tag with a warning triangle and the words "Specialist only"."""

    def __init__(self, theme: th.Theme, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._theme = theme
        self.setAccessibleName(SPECIALIST_TEXT)
        self.setToolTip("Only a trained specialist should give this massage.")
        self.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Fixed)
        self.setFixedSize(self.sizeHint())

    def text(self) -> str:
        return SPECIALIST_TEXT

    def sizeHint(self) -> QSize:
        f = self.font()
        f.setBold(True)
        fm = QFontMetrics(f)
        h = fm.height()
        return QSize(fm.horizontalAdvance(SPECIALIST_TEXT) + round(h * 2.4), round(h * 1.6))

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.FontChange:
            self.setFixedSize(self.sizeHint())
        super().changeEvent(event)

    def paintEvent(self, event: QPaintEvent) -> None:
        t = self._theme
        p = QPainter(self)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        r = QRectF(self.rect()).adjusted(1, 1, -1, -1)
        h = r.height()
        edge = t.color("no_work")
        fill = t.color("no_work", 0.10)
        p.setPen(QPen(edge, max(1.5, h / 14)))
        p.setBrush(fill)
        p.drawRoundedRect(r, h / 2, h / 2)
        # The warning triangle with its "!" — a shape that says "take care" without colour.
        side = h * 0.62
        cx, cy = r.left() + h * 0.62, r.center().y()
        tri = QPainterPath()
        tri.moveTo(cx, cy - side * 0.55)
        tri.lineTo(cx + side * 0.58, cy + side * 0.45)
        tri.lineTo(cx - side * 0.58, cy + side * 0.45)
        tri.closeSubpath()
        p.setPen(Qt.PenStyle.NoPen)
        p.setBrush(edge)
        p.drawPath(tri)
        p.setPen(QPen(t.color("label_halo"), max(1.5, side * 0.13), Qt.PenStyle.SolidLine, Qt.PenCapStyle.RoundCap))
        p.drawLine(QPointF(cx, cy - side * 0.2), QPointF(cx, cy + side * 0.12))
        p.drawPoint(QPointF(cx, cy + side * 0.3))
        f = self.font()
        f.setBold(True)
        p.setFont(f)
        p.setPen(t.color("text"))
        text_rect = r.adjusted(h * 1.15, 0, -h * 0.4, 0)
        p.drawText(text_rect, Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft, SPECIALIST_TEXT)
        p.end()


class MassageTypeCard(Card):
    """One type of back massage: its name, what it is for, its cautions."""

    def __init__(self, kind: MassageType, theme: th.Theme, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.kind = kind
        self.setObjectName("massageTypeCard")
        self.setAccessibleName(kind.name + (f" ({SPECIALIST_TEXT.lower()})" if kind.specialist_only else ""))
        self.title = heading(kind.name, 3)
        self.title.setTextFormat(Qt.TextFormat.PlainText)  # a name from the content files
        self.body.addWidget(self.title)
        self.badge: SpecialistBadge | None = None
        if kind.specialist_only:
            self.badge = SpecialistBadge(theme)
            self.body.addWidget(self.badge)
        self.purpose = paragraph(f"<b>What it is for.</b> {escape(kind.purpose)}", rich=True)
        self.cautions = paragraph(f"<b>Cautions.</b> {escape(kind.cautions)}", rich=True)
        self.body.addWidget(self.purpose)
        self.body.addWidget(self.cautions)
        self.body.addStretch(1)


class _Grid(QWidget):
    """Cards in as many columns as fit, reflowed when the width changes."""

    def __init__(self, cards: list[MassageTypeCard], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.cards = cards
        self.grid = QGridLayout(self)
        self.grid.setContentsMargins(0, 0, 0, 0)
        self.grid.setSpacing(th.SPACING * 2)
        self._columns = 0
        self._reflow(2)

    def _reflow(self, columns: int) -> None:
        if columns == self._columns:
            return
        self._columns = columns
        for card in self.cards:
            self.grid.removeWidget(card)
        for i, card in enumerate(self.cards):
            self.grid.addWidget(card, i // columns, i % columns)
        for c in range(3):
            self.grid.setColumnStretch(c, 1 if c < columns else 0)

    def resizeEvent(self, event: QResizeEvent) -> None:
        # A card wants about 42 average characters a line; never more than three columns.
        per_card = self.fontMetrics().averageCharWidth() * 42
        self._reflow(max(1, min(3, event.size().width() // max(per_card, 1))))
        super().resizeEvent(event)


class TypesOfMassageView(QScrollArea):
    """Every type of back massage in the reference, grouped, as cards."""

    def __init__(self, reference: Reference, theme: th.Theme, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWidgetResizable(True)
        self.setFrameShape(QScrollArea.Shape.NoFrame)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        inner = QWidget()
        column = QVBoxLayout(inner)
        m = th.SPACING * 2
        column.setContentsMargins(m, m, m, m)
        column.setSpacing(th.SPACING * 2)
        column.addWidget(heading("Types of back massage", 1))
        column.addWidget(paragraph(
            "The classic techniques on this screen make up the classic (Swedish) massage. These are "
            "the other kinds of back massage, for reference. Leave the ones marked “Specialist only” "
            "to a trained specialist. " + reference.disclaimer))
        self.cards: list[MassageTypeCard] = []
        groups: list[str] = []
        for kind in reference.massage_types:
            if kind.group not in groups:
                groups.append(kind.group)
        for group in groups:
            column.addWidget(heading(GROUP_TITLES.get(group, group.capitalize()), 2))
            if group in GROUP_NOTES:
                column.addWidget(paragraph(GROUP_NOTES[group]))
            cards = [MassageTypeCard(k, theme) for k in reference.massage_types if k.group == group]
            self.cards.extend(cards)
            column.addWidget(_Grid(cards))
        column.addStretch(1)
        self.setWidget(inner)

    def card(self, type_id: str) -> MassageTypeCard:
        return next(c for c in self.cards if c.kind.id == type_id)
