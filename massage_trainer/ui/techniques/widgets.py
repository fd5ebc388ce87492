"""The player's widgets for the Techniques screen: its media icons, the caption, the phase bar.

The clock itself is `ui/diagram/player.py`; these widgets only show what the screen gives them.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, QPointF, QRectF, QSize, Qt, Signal
from PySide6.QtGui import (
    QColor,
    QFontMetrics,
    QIcon,
    QMouseEvent,
    QPainter,
    QPaintEvent,
    QPalette,
    QPen,
    QPixmap,
    QPolygonF,
)
from PySide6.QtWidgets import QLabel, QSizePolicy, QWidget

from massage_trainer.core.techniques import SessionPlan
from massage_trainer.core.timeline import PhaseSpan
from massage_trainer.ui.kit import theme as th


def media_icon(kind: str, colour: str) -> QIcon:
    """The player's icons, drawn in the theme's text colour so that every theme shows them."""
    icon = QIcon()
    for size in (32, 64):
        pix = QPixmap(size, size)
        pix.fill(Qt.GlobalColor.transparent)
        p = QPainter(pix)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        p.setPen(Qt.PenStyle.NoPen)
        p.setBrush(QColor(colour))
        p.scale(size / 16, size / 16)  # drawn on a 16 x 16 grid

        def triangle(x0: float, x1: float, p: QPainter = p) -> None:  # pointing from x0 to x1
            p.drawPolygon(QPolygonF([QPointF(x1, 8), QPointF(x0, 3), QPointF(x0, 13)]))

        if kind == "play":
            triangle(4, 13)
        elif kind == "pause":
            p.drawRect(QRectF(4, 3, 3, 10))
            p.drawRect(QRectF(9, 3, 3, 10))
        elif kind == "next":
            triangle(2, 8)
            triangle(8, 14)
        elif kind == "previous":
            triangle(8, 2)
            triangle(14, 8)
        elif kind == "start":
            p.drawRect(QRectF(2, 3, 2, 10))
            triangle(10, 4)
            triangle(15, 9)
        p.end()
        icon.addPixmap(pix)
    return icon


class CaptionLabel(QLabel):
    """The current movement, in large type, two lines high whatever it says.

    A fixed height keeps the diagram from resizing (and its cache from being
    redrawn) whenever a caption wraps differently.
    """

    LINES = 2

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWordWrap(True)
        self.setAlignment(Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignVCenter)
        self.setProperty("scaleFactor", 1.25)
        self.setAccessibleName("Current movement")
        self.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Fixed)
        self._fit()

    def _fit(self) -> None:
        self.setFixedHeight(QFontMetrics(self.font()).lineSpacing() * self.LINES + th.SPACING)

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.FontChange:
            self._fit()
        super().changeEvent(event)

    def paintEvent(self, event: QPaintEvent) -> None:
        # A long caption in a narrow window steps its type down rather than lose a line.
        p = QPainter(self)
        p.setPen(self.palette().color(QPalette.ColorRole.WindowText))
        font = self.font()
        rect = self.contentsRect()
        flags = Qt.AlignmentFlag.AlignCenter | Qt.TextFlag.TextWordWrap
        for _ in range(4):
            needed = QFontMetrics(font).boundingRect(rect, flags, self.text())
            if needed.height() <= rect.height():
                break
            font.setPointSizeF(font.pointSizeF() * 0.9)
        p.setFont(font)
        p.drawText(rect, flags, self.text())
        p.end()


class PhaseBar(QWidget):
    """The phases of a session as a bar, each as wide as its suggested minutes; the current one filled."""

    phaseChosen = Signal(int)  # the index of a phase the user clicked

    def __init__(self, theme: Callable[[], th.Theme], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._theme = theme
        self.spans: tuple[PhaseSpan, ...] = ()
        self.notes: tuple[str, ...] = ()
        self.current = -1
        self.progress = 0.0
        self.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Fixed)
        self.setAccessibleName("Session phases")
        self.setCursor(Qt.CursorShape.PointingHandCursor)
        self._fit()

    def _bar_thickness(self) -> float:
        return max(3.0, QFontMetrics(self.font()).height() / 6)

    def _fit(self) -> None:
        fm = QFontMetrics(self.font())
        self.setFixedHeight(round(fm.lineSpacing() * 2 + th.SPACING * 2 + self._bar_thickness() * 2))

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.FontChange:
            self._fit()
        super().changeEvent(event)

    def sizeHint(self) -> QSize:
        return QSize(400, self.height())

    def set_phases(self, spans: tuple[PhaseSpan, ...], notes: tuple[str, ...]) -> None:
        self.spans, self.notes = spans, notes
        self.current, self.progress = -1, 0.0
        self.update()

    def set_current(self, index: int, progress: float) -> None:
        # Redraw only when something visible changes (the progress tick moves in 1 % steps).
        if index != self.current or abs(progress - self.progress) >= 0.01:
            self.current, self.progress = index, progress
            label = self.spans[index].name if 0 <= index < len(self.spans) else ""
            self.setAccessibleDescription(f"Now: phase {index + 1} of {len(self.spans)}, {label}")
            self.update()

    def rects(self) -> list[QRectF]:
        """Each phase's box: as wide as its suggested minutes, but never too narrow to name it."""
        if not self.spans:
            return []
        minutes = [s.minutes or (s.end - s.start) / 60 for s in self.spans]
        fm = QFontMetrics(self.font())
        bold = self.font()
        bold.setBold(True)
        fmb = QFontMetrics(bold)
        pad = th.SPACING * 2
        need = [max(fmb.horizontalAdvance("▶ " + s.name), fm.horizontalAdvance(n)) + pad
                for s, n in zip(self.spans, self.notes or ("",) * len(self.spans), strict=True)]
        gap = th.SPACING / 2
        width = max(self.width() - gap * (len(self.spans) - 1), 1.0)
        # Proportional to the minutes; a box too narrow for its name takes what it needs,
        # and the others share the rest, until every box fits (or nothing more can).
        fixed: dict[int, float] = {}
        for _ in range(len(self.spans)):
            free = [i for i in range(len(self.spans)) if i not in fixed]
            room = width - sum(fixed.values())
            share = sum(minutes[i] for i in free) or 1.0
            widths = {i: room * minutes[i] / share for i in free}
            short = [i for i in free if widths[i] < need[i]]
            if not short or len(short) == len(free):
                break
            for i in short:
                fixed[i] = need[i]
        widths.update(fixed)
        x = 0.0
        out = []
        for i in range(len(self.spans)):
            out.append(QRectF(x, 1, widths[i], self.height() - 2))
            x += widths[i] + gap
        return out

    def mousePressEvent(self, event: QMouseEvent) -> None:
        for i, r in enumerate(self.rects()):
            if r.contains(event.position()):
                self.phaseChosen.emit(i)
                return
        super().mousePressEvent(event)

    def paintEvent(self, event: QPaintEvent) -> None:
        t = self._theme()
        p = QPainter(self)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        fm = QFontMetrics(self.font())
        bold = self.font()
        bold.setBold(True)
        fmb = QFontMetrics(bold)
        for i, (span, r) in enumerate(zip(self.spans, self.rects(), strict=True)):
            now = i == self.current
            radius = th.SPACING * 0.75
            if now:
                # The current phase: filled, a heavier edge, bold text and a "▶" (not colour alone).
                p.setPen(QPen(t.color("demo").darker(140), 3))
                p.setBrush(t.color("demo"))
            else:
                p.setPen(QPen(t.color("muted"), 1))
                p.setBrush(t.color("panel"))
            p.drawRoundedRect(r.adjusted(1.5, 1.5, -1.5, -1.5), radius, radius)
            if now and self.progress > 0:
                # How far through the phase: a bar along its foot, below the text.
                thick = self._bar_thickness()
                inset = th.SPACING / 2 + 2
                bar = QRectF(r.left() + inset, r.bottom() - inset - thick,
                             (r.width() - 2 * inset) * min(self.progress, 1.0), thick)
                p.fillRect(bar, t.color("panel"))
            text_colour = t.color("panel") if now else t.color("text")
            inner = r.adjusted(th.SPACING / 2, th.SPACING / 2, -th.SPACING / 2,
                               -th.SPACING / 2 - self._bar_thickness() * 2)
            name = ("▶ " if now else "") + span.name
            p.setFont(bold if now else self.font())
            p.setPen(text_colour)
            metrics = fmb if now else fm
            top = QRectF(inner.left(), inner.top(), inner.width(), inner.height() / 2)
            p.drawText(top, Qt.AlignmentFlag.AlignCenter,
                       metrics.elidedText(name, Qt.TextElideMode.ElideRight, round(inner.width())))
            note = self.notes[i] if i < len(self.notes) else ""
            p.setFont(self.font())
            bottom = QRectF(inner.left(), inner.center().y(), inner.width(), inner.height() / 2)
            p.drawText(bottom, Qt.AlignmentFlag.AlignCenter,
                       fm.elidedText(note, Qt.TextElideMode.ElideRight, round(inner.width())))
        p.end()


def phase_notes(plan: SessionPlan) -> tuple[str, ...]:
    """"3 min", with "gentle → firmer" or "firmer" where the plan changes the pressure."""
    notes = []
    for phase in plan.phases:
        text = f"{phase.minutes:g} min"
        a, b = phase.intensity
        if b > a:
            text += ", building up"
        elif a > 1.0:
            text += ", firmer"
        elif a < 1.0:
            text += ", lighter"
        notes.append(text)
    return tuple(notes)
