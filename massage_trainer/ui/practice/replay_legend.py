"""The replay's legend: every way a trace or the model is drawn, each sampled as the diagram draws it.

Kit swatches (ui/kit/widgets.py) show the lines; the model's fading arrow and
the tap marks are drawn here, since only the replay shows them.
"""

from __future__ import annotations

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QPainter, QPaintEvent, QPen
from PySide6.QtWidgets import QGridLayout, QLabel, QSizePolicy, QWidget

from massage_trainer.ui.kit import theme as th
from massage_trainer.ui.kit.dialogs import plain_label
from massage_trainer.ui.kit.widgets import Swatch


class _Sample(Swatch):
    """A legend sample the size of a kit swatch (it grows with the type), painted by `kind`: "model" or "taps"."""

    def __init__(self, theme: th.Theme, kind: str) -> None:
        super().__init__(theme.demo, kind)
        self.theme, self.kind = theme, kind
        self.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Fixed)

    def paintEvent(self, event: QPaintEvent) -> None:
        p = QPainter(self)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        r = QRectF(self.rect()).adjusted(2, 2, -2, -2)
        width = max(2.0, r.height() / 7)
        y = r.center().y()
        if self.kind == "model":  # fading from its tail to its head, and an arrowhead at the head
            steps = 7
            for i in range(steps):
                c = QColor(self.theme.demo)
                c.setAlphaF(0.2 + 0.6 * i / (steps - 1))
                p.setPen(QPen(c, width, Qt.PenStyle.SolidLine, Qt.PenCapStyle.FlatCap))
                x0 = r.left() + r.width() * i / steps
                p.drawLine(QPointF(x0, y), QPointF(x0 + r.width() / steps, y))
            head, size = QPointF(r.right(), y), r.height() * 0.35
            p.drawLine(head, head + QPointF(-size, -size))
            p.drawLine(head, head + QPointF(-size, size))
        else:  # a learner's blow (a dot), then the model's (a ring)
            radius = r.height() * 0.22
            p.setPen(Qt.PenStyle.NoPen)
            p.setBrush(QColor(self.theme.ink))
            p.drawEllipse(QPointF(r.left() + r.width() * 0.28, y), radius, radius)
            p.setPen(QPen(QColor(self.theme.demo), max(1.5, width * 0.6)))
            p.setBrush(Qt.BrushStyle.NoBrush)
            p.drawEllipse(QPointF(r.left() + r.width() * 0.72, y), radius * 1.3, radius * 1.3)
        p.end()


class ReplayLegend(QWidget):
    """Two columns of samples and their meanings; the model's and the taps' only when drawn."""

    def __init__(self, theme: th.Theme, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        grid = QGridLayout(self)
        grid.setContentsMargins(0, 0, 0, 0)
        grid.setHorizontalSpacing(th.SPACING)
        grid.setVerticalSpacing(th.SPACING // 2)
        entries: list[tuple[QWidget, str]] = [
            (Swatch(theme.ink, "solid"), "working stroke"),
            (Swatch(theme.glide, "dashed"), "light glide"),
            (Swatch(theme.violation, "solid"), "rule broken (thicker, numbered marker)"),
            (_Sample(theme, "model"), "demonstration (arrows; fades behind)"),
            (_Sample(theme, "taps"), "a blow: a dot; the model's, a ring"),
        ]
        self.model_entry: list[QWidget] = []
        self.taps_entry: list[QWidget] = []
        for i, (sample, text) in enumerate(entries):
            label = plain_label(QLabel(text))
            label.setWordWrap(True)
            grid.addWidget(sample, i // 2, (i % 2) * 2, Qt.AlignmentFlag.AlignTop)
            grid.addWidget(label, i // 2, (i % 2) * 2 + 1)
            if i == 3:
                self.model_entry = [sample, label]
            elif i == 4:
                self.taps_entry = [sample, label]
        grid.setColumnStretch(1, 1)
        grid.setColumnStretch(3, 1)

    def show_for(self, model: bool, taps: bool) -> None:
        """Show the model's entry when a model is drawn, the taps' when a blow is."""
        for w in self.model_entry:
            w.setVisible(model)
        for w in self.taps_entry:
            w.setVisible(taps)
