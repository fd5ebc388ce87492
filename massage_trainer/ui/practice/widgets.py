"""The Practice screen's small widgets: the pressure gauge, the warning card, the busy
indicator, and lists and panels that size themselves to their content."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, QRectF, QSize, Qt, QTimer
from PySide6.QtGui import QBrush, QColor, QPainter, QPaintEvent, QPen, QResizeEvent
from PySide6.QtWidgets import (
    QCheckBox,
    QHBoxLayout,
    QHeaderView,
    QListWidget,
    QProgressBar,
    QSizePolicy,
    QTreeWidget,
    QVBoxLayout,
    QWidget,
)

from massage_trainer.core.rules import WORKING_PRESSURE
from massage_trainer.ui.kit import theme as th
from massage_trainer.ui.kit.widgets import Card, SidePanel, paragraph


class PressureGauge(QWidget):
    """The pressure the next sample will use, with the glide limit (the working pressure) marked."""

    def __init__(self, theme: th.Theme, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._theme = theme
        self.value = 0.5
        self.working = WORKING_PRESSURE
        self.source = "mouse"
        self.setAccessibleName("Pressure")
        self.setMinimumWidth(160)

    def sizeHint(self) -> QSize:
        return QSize(240, round(self.fontMetrics().height() * 1.6))

    def minimumSizeHint(self) -> QSize:
        return QSize(160, round(self.fontMetrics().height() * 1.6))

    def set_value(self, value: float, working: float, source: str) -> None:
        if (round(value, 2), source) != (round(self.value, 2), self.source):
            self.value, self.working, self.source = value, working, source
            self.setAccessibleDescription(self.text())
            self.update()

    @property
    def glide(self) -> bool:
        return self.value <= self.working

    def text(self) -> str:
        kind = "light glide" if self.glide else "working"
        return f"{self.value:.2f} — {kind} ({self.source})"

    def paintEvent(self, event: QPaintEvent) -> None:
        t = self._theme
        p = QPainter(self)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        r = QRectF(self.rect()).adjusted(1, 1, -1, -1)
        p.setPen(QPen(t.color("muted"), 1))
        p.setBrush(t.color("panel"))
        p.drawRoundedRect(r, 4, 4)
        fill = QRectF(r.left(), r.top(), r.width() * max(0.0, min(1.0, self.value)), r.height())
        colour = t.color("glide" if self.glide else "ink")
        p.setPen(Qt.PenStyle.NoPen)
        if self.glide:
            # Second cue besides colour: a glide is hatched, like its dashed ink; work is solid.
            light = QColor(colour)
            light.setAlphaF(0.35)
            p.setBrush(light)
            p.drawRoundedRect(fill, 4, 4)
            p.setBrush(QBrush(colour, Qt.BrushStyle.BDiagPattern))
        else:
            p.setBrush(colour)
        p.drawRoundedRect(fill, 4, 4)
        tick = r.left() + r.width() * self.working
        p.setPen(QPen(t.color("text"), 2, Qt.PenStyle.DashLine))
        p.drawLine(round(tick), round(r.top()), round(tick), round(r.bottom()))
        p.setPen(t.color("text"))
        text_rect = r.adjusted(8, 0, -8, 0)
        p.drawText(text_rect, Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignRight, self.text())
        p.end()


class FitPanel(SidePanel):
    """A SidePanel that asks for the height its text needs at its real width.

    A scroll area sizes its page from the page's minimum size, which for
    wrapped text is its height at the narrowest width: far too tall, so a
    scroll bar would show with room to spare.
    """

    _inner: QWidget | None = None  # None until __init__ is done (setWidget filters events)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)  # the scroll area filters its page's events already
        # Measure once the page's layout has taken in a change, not before; the timer
        # goes with the panel, so it never fires on a deleted one.
        self._refit = QTimer(self)
        self._refit.setSingleShot(True)
        self._refit.setInterval(0)
        self._refit.timeout.connect(self._fit)
        self._inner = self.widget()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self._inner and event.type() == QEvent.Type.LayoutRequest:
            self._refit.start()
        return super().eventFilter(watched, event)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._fit()

    def relayout(self, *changed: QWidget) -> None:
        """Lay out now what a change of text resized, and the page around it.

        Qt lays out on the next turns of the event loop, one level at a time, so
        a window painted in between would show a longer text squeezed into its
        old height: a two-line alert cut to one line.
        """
        for widget in (*changed, self._inner):
            layout = widget.layout() if widget is not None else None
            if layout is not None:
                layout.activate()
        self._fit()

    def _fit(self) -> None:
        inner = self._inner
        layout = inner.layout() if inner is not None else None
        if inner is None or layout is None or not layout.hasHeightForWidth():
            return
        width = self.width() - 2 * self.frameWidth()
        height = layout.heightForWidth(width)
        if height > self.height() - 2 * self.frameWidth():  # a scroll bar will take some width
            height = layout.heightForWidth(width - self.verticalScrollBar().sizeHint().width())
        if height > 0 and inner.minimumHeight() != height:
            inner.setMinimumHeight(height)


class WrappedCheck(QWidget):
    """A check box whose text wraps (a QCheckBox's never does); a click on the text ticks it."""

    def __init__(self, text: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.box = QCheckBox()
        self.box.setAccessibleName(text)
        self.label = paragraph(text)
        self.label.setTextInteractionFlags(Qt.TextInteractionFlag.NoTextInteraction)
        self.label.setBuddy(self.box)
        self.label.installEventFilter(self)
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.setSpacing(th.SPACING)
        row.addWidget(self.box, 0, Qt.AlignmentFlag.AlignTop)
        row.addWidget(self.label, 1)

    def text(self) -> str:
        return self.label.text()

    def isChecked(self) -> bool:
        return self.box.isChecked()

    def setChecked(self, on: bool) -> None:
        self.box.setChecked(on)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.label and event.type() == QEvent.Type.MouseButtonRelease:
            self.box.toggle()
            self.box.setFocus(Qt.FocusReason.MouseFocusReason)
            return True
        return super().eventFilter(watched, event)


class FitList(QListWidget):
    """A list as tall as its rows (up to `rows`), so a short list leaves no blank box."""

    def __init__(self, rows: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.rows = rows
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)

    def sizeHint(self) -> QSize:
        row = self.sizeHintForRow(0) if self.count() else self.fontMetrics().height() + 4
        shown = max(1, min(self.count(), self.rows))
        return QSize(super().sizeHint().width(), row * shown + 2 * self.frameWidth() + 2)

    def minimumSizeHint(self) -> QSize:
        return self.sizeHint()

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() == QEvent.Type.FontChange:
            self.updateGeometry()


class FitTree(QTreeWidget):
    """A table as tall as its rows (between `least` and `most`); more rows scroll."""

    def __init__(self, least: int, most: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.least, self.most = least, most
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)

    def sizeHint(self) -> QSize:
        row = self.fontMetrics().height() + 6
        item = self.topLevelItem(0)
        if item is not None:
            row = max(row, self.visualItemRect(item).height())
        shown = max(self.least, min(self.topLevelItemCount(), self.most))
        header = self.header().sizeHint().height()
        return QSize(super().sizeHint().width(), header + row * shown + 2 * self.frameWidth() + 2)

    def minimumSizeHint(self) -> QSize:
        return self.sizeHint()

    def fit_columns(self, stretch: int) -> None:
        """Each column as wide as its entries in the current type, whatever the type grows to;
        column `stretch` takes the room left (and elides, when there is too little)."""
        header = self.header()
        header.setStretchLastSection(False)
        for c in range(self.columnCount()):
            mode = QHeaderView.ResizeMode.Stretch if c == stretch else QHeaderView.ResizeMode.ResizeToContents
            header.setSectionResizeMode(c, mode)

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() == QEvent.Type.FontChange:
            self.updateGeometry()


class AlertCard(Card):
    """A card whose frame turns thick and vermillion while it warns.

    Painted, not styled: a style sheet on the card would stop the window's
    scaled type from reaching the text inside it.
    """

    def __init__(self, theme: th.Theme, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._theme = theme
        self.alert = False

    def set_alert(self, on: bool) -> None:
        if on != self.alert:
            self.alert = on
            self.update()

    def paintEvent(self, event: QPaintEvent) -> None:
        super().paintEvent(event)
        if self.alert:
            p = QPainter(self)
            width = max(3, round(self.fontMetrics().height() / 6))
            p.setPen(QPen(self._theme.color("violation"), width))
            p.setBrush(Qt.BrushStyle.NoBrush)
            p.drawRect(QRectF(self.rect()).adjusted(width / 2, width / 2, -width / 2, -width / 2))
            p.end()


class BusyIndicator(QWidget):
    """A line saying what is being done and a moving bar under it, at the top of the room it
    takes (the room of what is on its way), shown while work runs in the background."""

    def __init__(self, text: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.bar = QProgressBar()
        self.bar.setRange(0, 0)  # no known end: the bar moves to and fro
        self.bar.setTextVisible(False)
        self.bar.setAccessibleName(text)
        self.label = paragraph(text)
        self.column = QVBoxLayout(self)
        self.column.setContentsMargins(0, 0, 0, 0)
        self.column.setSpacing(th.SPACING)
        self.column.addWidget(self.label)
        self.column.addWidget(self.bar)
        self.column.addStretch(1)
        self.setVisible(False)

    def text(self) -> str:
        return self.label.text()
