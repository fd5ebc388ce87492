"""The drill's keys: shortcuts on the Practice screen, live only while a drill is on it."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QWidget


class DrillKeys:
    """Shortcuts that fire while the focus is anywhere on `host`, once enabled."""

    def __init__(self, host: QWidget) -> None:
        self.host = host
        self.shortcuts: list[QShortcut] = []

    def add(self, keys: list[str], action: Callable[[], object]) -> None:
        for key in keys:
            sc = QShortcut(QKeySequence(key), self.host)
            sc.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            sc.setAutoRepeat(True)
            sc.activated.connect(action)
            sc.setEnabled(False)
            self.shortcuts.append(sc)

    def set_enabled(self, on: bool) -> None:
        for sc in self.shortcuts:
            sc.setEnabled(on)
