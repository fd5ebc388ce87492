"""The main window: the navigation rail, the learner picker, the screens, the status line."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass

from PySide6.QtCore import QByteArray, QSize, Qt, Signal
from PySide6.QtGui import QAction, QFont, QIcon, QKeySequence, QPainter, QPixmap, QResizeEvent
from PySide6.QtWidgets import (
    QApplication,
    QButtonGroup,
    QComboBox,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QLayout,
    QMainWindow,
    QMenu,
    QMessageBox,
    QStackedWidget,
    QStatusBar,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from massage_trainer.resources import asset_path
from massage_trainer.storage import Learner, LearnerError, Storage
from massage_trainer.ui.kit import theme as th
from massage_trainer.ui.kit.context import AppContext, Screen
from massage_trainer.ui.kit.style import ScaledStyle


@dataclass(frozen=True)
class ScreenEntry:
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
        self._layout.addStretch(1)

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


class LearnerBar(QWidget):
    """The learner picker with New, Rename and Delete."""

    changed = Signal(object)  # Learner | None

    def __init__(self, storage: Storage, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.storage = storage
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(th.SPACING)
        label = QLabel("Learner:")
        self.combo = QComboBox()
        self.combo.setMinimumContentsLength(14)
        self.combo.setAccessibleName("Learner")
        label.setBuddy(self.combo)
        self.menu_button = QToolButton()
        self.menu_button.setText("Manage learners")
        self.menu_button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        menu = QMenu(self.menu_button)
        self.new_action = QAction("New learner…", self)
        self.rename_action = QAction("Rename…", self)
        self.delete_action = QAction("Delete…", self)
        menu.addActions([self.new_action, self.rename_action, self.delete_action])
        self.menu_button.setMenu(menu)
        layout.addWidget(label)
        layout.addWidget(self.combo, 1)
        layout.addWidget(self.menu_button)
        self.new_action.triggered.connect(self.ask_new)
        self.rename_action.triggered.connect(self.ask_rename)
        self.delete_action.triggered.connect(self.ask_delete)
        self.combo.currentIndexChanged.connect(self._on_index)
        self._dialog: QWidget | None = None
        self._reload(select=storage.learners.last_used())

    def current(self) -> Learner | None:
        data = self.combo.currentData()
        return data if isinstance(data, Learner) else None

    def _reload(self, select: Learner | None) -> None:
        learners = self.storage.learners.all()
        self.combo.blockSignals(True)
        self.combo.clear()
        for learner in learners:
            self.combo.addItem(learner.name, learner)
        index = next((i for i, lr in enumerate(learners) if select and lr.id == select.id), 0)
        if learners:
            self.combo.setCurrentIndex(index)
        self.combo.blockSignals(False)
        self.rename_action.setEnabled(bool(learners))
        self.delete_action.setEnabled(bool(learners))
        self._on_index()

    def _on_index(self, _index: int = 0) -> None:
        learner = self.current()
        if learner is not None:
            self.storage.learners.remember(learner)
        self.changed.emit(learner)

    def select(self, learner: Learner) -> None:
        self._reload(select=learner)

    # Each action is a plain method, so the dialogs stay thin and tests can call them.
    def create_learner(self, name: str) -> Learner:
        learner = self.storage.learners.create(name)
        self._reload(select=learner)
        return learner

    def rename_current(self, name: str) -> Learner | None:
        current = self.current()
        if current is None:
            return None
        learner = self.storage.learners.rename(current.id, name)
        self._reload(select=learner)
        return learner

    def delete_current(self) -> None:
        current = self.current()
        if current is not None:
            self.storage.learners.delete(current.id)
            self._reload(select=None)

    def _text_dialog(self, title: str, prompt: str, value: str, done: Callable[[str], object]) -> None:
        dialog = QInputDialog(self)
        dialog.setWindowTitle(title)
        dialog.setLabelText(prompt)
        dialog.setTextValue(value)
        dialog.setObjectName("learnerNameDialog")

        def accept(text: str) -> None:
            try:
                done(text)
            except LearnerError as err:
                self._show(QMessageBox(QMessageBox.Icon.Warning, title, str(err),
                                       QMessageBox.StandardButton.Ok, self))

        dialog.textValueSelected.connect(accept)
        self._dialog = dialog
        dialog.open()

    def _show(self, dialog: QWidget) -> None:
        # Window-modal and non-blocking: the event loop (and the tests) keep running.
        self._dialog = dialog
        dialog.open()  # type: ignore[attr-defined]

    def ask_new(self) -> None:
        self._text_dialog("New learner", "Name of the new learner:", "", self.create_learner)

    def ask_rename(self) -> None:
        current = self.current()
        if current is not None:
            self._text_dialog("Rename learner", f"New name for {current.name}:", current.name,
                              self.rename_current)

    def ask_delete(self) -> None:
        current = self.current()
        if current is None:
            return
        box = QMessageBox(QMessageBox.Icon.Warning, "Delete learner",
                          f"Delete {current.name} and their whole record (drills, quiz answers, "
                          "progress)? This cannot be undone.",
                          QMessageBox.StandardButton.Cancel, self)
        delete = box.addButton("Delete", QMessageBox.ButtonRole.DestructiveRole)
        box.setDefaultButton(QMessageBox.StandardButton.Cancel)
        box.setObjectName("confirmDeleteLearner")
        box.finished.connect(lambda _r: self.delete_current() if box.clickedButton() is delete else None)
        self._dialog = box
        box.open()


class MainWindow(QMainWindow):
    def __init__(self, ctx: AppContext, screens: list[ScreenEntry]) -> None:
        super().__init__()
        self.ctx = ctx
        self.setWindowTitle("Massage Trainer")
        self.setMinimumSize(960, 600)
        self._scale = 0.0
        self._base_font = QFont(QApplication.font())

        self.rail = NavRail()
        self.stack = QStackedWidget()
        self.screens = LazyScreens(screens, self._screen_built)
        self._current: str | None = None
        for i, entry in enumerate(screens):
            self.rail.add(entry.key, entry.label, themed_icon(entry.icon, ctx.theme.text), f"Ctrl+{i + 1}")
        self.rail.selected.connect(self.show_screen)

        self.learner_bar = LearnerBar(ctx.storage)
        top = QWidget()
        top.setObjectName("topBar")
        top_layout = QHBoxLayout(top)
        top_layout.setContentsMargins(th.SPACING * 2, th.SPACING, th.SPACING * 2, th.SPACING)
        self.screen_title = QLabel()
        self.screen_title.setProperty("scaleFactor", 1.25 ** 2)
        f = self.screen_title.font()
        f.setBold(True)
        self.screen_title.setFont(f)
        top_layout.addWidget(self.screen_title, 1)
        top_layout.addWidget(self.learner_bar, 0)

        right = QWidget()
        right_layout = QVBoxLayout(right)
        right_layout.setContentsMargins(0, 0, 0, 0)
        right_layout.setSpacing(0)
        right_layout.addWidget(top)
        right_layout.addWidget(self.stack, 1)

        central = QWidget()
        layout = QHBoxLayout(central)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(self.rail)
        layout.addWidget(right, 1)
        self.setCentralWidget(central)

        self.status = QStatusBar()
        self.learner_status = QLabel()
        self.status.addPermanentWidget(self.learner_status)
        self.setStatusBar(self.status)

        self.learner_bar.changed.connect(self._on_learner)
        self._on_learner(self.learner_bar.current())
        if screens:
            self.show_screen(screens[0].key)

    def show_screen(self, key: str) -> None:
        if key == self._current:
            return
        if self._current is not None:
            self._screen(self._current).deactivate()
        widget = self.screens[key]
        self.stack.setCurrentWidget(widget)
        self._screen(key).activate()
        self._current = key
        self.rail.set_current(key)
        self.screen_title.setText(self._screen(key).title)

    def _screen_built(self, key: str, widget: QWidget) -> None:
        self.stack.addWidget(widget)
        if self._scale:
            self.rescale(widget)

    def current_screen(self) -> str | None:
        return self._current

    def _screen(self, key: str) -> Screen:
        widget = self.screens[key]
        return widget  # type: ignore[return-value]  # every screen widget implements Screen

    def _on_learner(self, learner: Learner | None) -> None:
        self.ctx.learner = learner
        self.learner_status.setText(f"Learner: {learner.name}" if learner else "No learner yet")
        for listener in self.ctx.learner_listeners:
            listener(learner)

    # --- scaling with the window ------------------------------------------------

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self.apply_scale(th.ui_scale(self.width(), self.height()))

    def apply_scale(self, scale: float) -> None:
        """Type and icons grow with the window, so a projector shows them large."""
        scale = round(scale * 8) / 8
        if scale == self._scale:
            return
        self._scale = scale
        self.setFont(th.scaled_font(self._base_font, scale))
        self.rail.set_icon_size(round(28 * scale))
        style = QApplication.style()
        if isinstance(style, ScaledStyle):
            style.factor = scale
        self.rescale(self)

    def rescale(self, root: QWidget) -> None:
        """Bring a widget tree to the window's scale: headings, margins, gaps, geometry.

        Screens and views made after start-up (a report, a replay) call this too.
        """
        scale = self._scale or 1.0
        for widget in [root, *root.findChildren(QWidget)]:
            factor = widget.property("scaleFactor")
            if factor:
                font = widget.font()
                font.setPointSizeF(round(th.BASE_POINT_SIZE * scale * float(factor) * 2) / 2)
                widget.setFont(font)
        # Margins and gaps are multiples of one spacing unit; they grow with the type.
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
        for widget in root.findChildren(QWidget):
            widget.updateGeometry()

    def closeEvent(self, event: object) -> None:
        if self._current is not None:
            self._screen(self._current).deactivate()
        super().closeEvent(event)  # type: ignore[arg-type]
