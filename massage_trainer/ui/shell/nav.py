"""The navigation: the rail of screen buttons down the left edge, and the screens it lists.

Each screen is built the first time it is shown (`LazyScreens`), so start-up pays only for the first.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass

from PySide6.QtCore import QByteArray, QSize, Qt, Signal
from PySide6.QtGui import QIcon, QKeySequence, QPainter, QPixmap
from PySide6.QtWidgets import QButtonGroup, QToolButton, QVBoxLayout, QWidget

from massage_trainer.resources import asset_path
from massage_trainer.ui.kit import theme as th


@dataclass(frozen=True)
class ScreenEntry:
    """One screen on the rail: its key, its label, its icon (assets/icons/<icon>.svg), how to build it."""

    key: str
    label: str
    icon: str
    make: Callable[[], QWidget]  # builds the screen; called the first time it is shown


class LazyScreens(Mapping[str, QWidget]):
    """The screens by key, each built on first use so start-up pays only for the first one."""

    def __init__(self, entries: list[ScreenEntry], built: Callable[[str, QWidget], None]) -> None:
        self._entries = {e.key: e for e in entries}
        self._widgets: dict[str, QWidget] = {}
        self._built = built

    def __getitem__(self, key: str) -> QWidget:
        widget = self._widgets.get(key)
        if widget is None:
            widget = self._entries[key].make()
            self._widgets[key] = widget
            self._built(key, widget)
        return widget

    def __iter__(self) -> Iterator[str]:
        return iter(self._entries)

    def __len__(self) -> int:
        return len(self._entries)

    def built(self) -> list[QWidget]:
        return list(self._widgets.values())


def themed_icon(name: str, colour: str, size: int = 48) -> QIcon:
    from PySide6.QtSvg import QSvgRenderer

    data = asset_path("icons", f"{name}.svg").read_text(encoding="utf-8").replace("currentColor", colour)
    renderer = QSvgRenderer(QByteArray(data.encode("utf-8")))
    icon = QIcon()
    for px in (size, size * 2):
        pix = QPixmap(px, px)
        pix.fill(Qt.GlobalColor.transparent)
        painter = QPainter(pix)
        renderer.render(painter)
        painter.end()
        icon.addPixmap(pix)
    return icon


class NavRail(QWidget):
    """Icon-and-label buttons down the left edge, one per screen."""

    selected = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("navRail")
        self._layout = QVBoxLayout(self)
        self._layout.setContentsMargins(th.SPACING, th.SPACING * 2, th.SPACING, th.SPACING * 2)
        self._layout.setSpacing(th.SPACING)
        self._group = QButtonGroup(self)
        self._group.setExclusive(True)
        self.buttons: dict[str, QToolButton] = {}
        self._shortcuts: dict[str, str] = {}
        self._layout.addStretch(1)

    def entries(self) -> list[tuple[str, str]]:
        """(shortcut, label) of each button, top to bottom: the "Everywhere" keys of docs/keys.md."""
        return [(self._shortcuts[key], b.text()) for key, b in self.buttons.items()]

    def add(self, key: str, label: str, icon: QIcon, shortcut: str) -> QToolButton:
        button = QToolButton()
        button.setText(label)
        button.setIcon(icon)
        button.setCheckable(True)
        button.setAutoRaise(True)
        button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextUnderIcon)
        button.setToolTip(f"{label} ({shortcut})")
        button.setShortcut(QKeySequence(shortcut))
        button.setAccessibleName(label)
        button.clicked.connect(lambda: self.selected.emit(key))
        self._group.addButton(button)
        self._layout.insertWidget(self._layout.count() - 1, button)
        self.buttons[key] = button
        self._shortcuts[key] = shortcut
        return button

    def set_current(self, key: str) -> None:
        self.buttons[key].setChecked(True)

    def set_icon_size(self, px: int) -> None:
        width = 0
        for b in self.buttons.values():
            b.setIconSize(QSize(px, px))
            width = max(width, b.sizeHint().width())
        for b in self.buttons.values():
            b.setMinimumWidth(width)
