"""Type that follows the window's scale, for widgets the window's font change does not reach."""

from __future__ import annotations

import shiboken6
from PySide6.QtCore import QEvent, QObject
from PySide6.QtGui import QFont
from PySide6.QtWidgets import QApplication, QLayout, QWidget

from massage_trainer.ui.kit import theme as th


class FollowWindowScale(QObject):
    """Keeps a widget's type at its window's scale, by MainWindow.apply_scale's rule.

    The main window scales its type by setting its own font, but under the
    window's style sheet Qt does not pass a font change on to the widgets
    inside (nor to widgets added later). So the widget sets its own, whenever
    it is shown, moved or its window resized, and hands it down with scale_tree.
    """

    def __init__(self, widget: QWidget) -> None:
        super().__init__(widget)
        self.widget = widget
        self.window: QWidget | None = None
        self.scale = 0.0
        widget.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        kind = event.type()
        widget, window = getattr(self, "widget", None), getattr(self, "window", None)
        if widget is None or not shiboken6.isValid(widget) or (window is not None and not shiboken6.isValid(window)):
            # Its widget is gone, or its Python half was collected while Qt kept the filter (so it
            # lost what it watched): stop watching rather than fail on every event.
            watched.removeEventFilter(self)
            return False
        if watched is self.widget and kind in (QEvent.Type.Show, QEvent.Type.ParentChange):
            self._watch(self.widget.window())
        elif watched is self.window and kind == QEvent.Type.Resize:
            self.sync()
        return False

    def _watch(self, window: QWidget) -> None:
        if window is self.widget:
            return  # shown on its own: keep the application's type
        if window is not self.window:
            if self.window is not None:
                self.window.removeEventFilter(self)
            self.window = window
            window.installEventFilter(self)
        self.sync()

    def sync(self) -> None:
        if self.window is None:
            return
        scale = round(th.ui_scale(self.window.width(), self.window.height()) * 8) / 8
        if scale != self.scale:
            self.scale = scale
            self.widget.setFont(th.scaled_font(QApplication.font(), scale))
        scale_tree(self.widget)


def scale_tree(root: QWidget) -> None:
    """Give every widget inside root root's type size, times its "scaleFactor" if it has one."""
    base = root.font().pointSizeF()
    for widget in root.findChildren(QWidget):
        size = round(base * float(widget.property("scaleFactor") or 1.0) * 2) / 2
        if widget.font().pointSizeF() != size:
            font = QFont(widget.font())  # a copy keeps its weight
            font.setPointSizeF(size)
            widget.setFont(font)


def scale_spacing(root: QWidget, scale: float) -> None:
    """Margins and gaps are multiples of one spacing unit: bring every layout inside root to `scale`
    (each remembers its size at 1x in its "baseSpacing" property, so this can be called again)."""
    for layout in root.findChildren(QLayout):
        base = layout.property("baseSpacing")
        if base is None:
            m = layout.contentsMargins()
            base = [m.left(), m.top(), m.right(), m.bottom(), layout.spacing()]
            layout.setProperty("baseSpacing", base)
        left, top, right, bottom, gap = (round(v * scale) if v > 0 else v for v in base)
        layout.setContentsMargins(left, top, right, bottom)
        if gap >= 0:
            layout.setSpacing(gap)
