"""The main window: the navigation rail, the learner picker, the screens, the status line, the scale.

The rail (`nav.py`) and the picker (`learners.py`) are built beside this module;
the window swaps the screens and grows type, margins and icons with its size.
Trouble with the records is said through `report_storage_error` (ui/shell/problems.py); the
Backups… button opens ui/shell/backups.py; the daily backup runs on the window's worker.
"""

from __future__ import annotations

from collections.abc import Mapping
from functools import partial
from pathlib import Path

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QFont, QKeySequence, QPaintEvent, QResizeEvent, QShortcut
from PySide6.QtWidgets import (
    QApplication,
    QHBoxLayout,
    QLabel,
    QMainWindow,
    QMessageBox,
    QPushButton,
    QStackedWidget,
    QStatusBar,
    QVBoxLayout,
    QWidget,
)

from massage_trainer.storage import DatabaseDamaged, Learner, StorageError
from massage_trainer.ui.kit import theme as th
from massage_trainer.ui.kit.context import AppContext, Screen
from massage_trainer.ui.kit.dialogs import plain_label
from massage_trainer.ui.kit.scaling import scale_spacing
from massage_trainer.ui.kit.style import ScaledStyle
from massage_trainer.ui.kit.worker import Job, Runner
from massage_trainer.ui.shell.jobs import back_up_if_due
from massage_trainer.ui.shell.learners import LearnerBar
from massage_trainer.ui.shell.nav import LazyScreens, NavRail, ScreenEntry, themed_icon

BACKUP_CHECK_MS = 3_600_000  # while the app is open, is the daily backup due? (storage decides)


class MainWindow(QMainWindow):
    """The rail on the left; on the right the screen's title, the learner picker and the screen."""

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
        self.recovery: QMessageBox | None = None  # the question about an unfinished drill, while it is up
        self.problem: QMessageBox | None = None  # the message about trouble with the records, while it is up
        self.backups: QWidget | None = None  # the Backups dialog, while it is up
        self.runner = Runner(self)  # the shell's slow work: the daily backup, a delete, a restore
        self._backup_timer: QTimer | None = None
        ctx.navigate = self.open_screen
        self._painted = False
        self.help: QWidget | None = None  # the F1 help dialog, while it is up
        # F1, window-wide, one shortcut: the screen is asked first (a drill toggles its keys), else help.
        self.help_shortcut = QShortcut(QKeySequence("F1"), self)
        self.help_shortcut.setContext(Qt.ShortcutContext.WindowShortcut)
        self.help_shortcut.activated.connect(self.press_help)
        for i, entry in enumerate(screens):
            self.rail.add(entry.key, entry.label, themed_icon(entry.icon, ctx.theme.text), f"Ctrl+{i + 1}")
        self.rail.selected.connect(self.show_screen)

        self.learner_bar = LearnerBar(ctx.storage, self.runner, self.report_storage_error)
        ctx.learner_added = self.learner_bar.add_learner
        self.backups_button = QPushButton()
        self.backups_button.setText("Backups…")
        self.backups_button.setObjectName("backupsButton")
        self.backups_button.setAccessibleName("Backups")
        self.backups_button.setAccessibleDescription("Where the backups of your records are; restore one")
        self.backups_button.setToolTip("Where the backups of your records are, and restoring one")
        self.backups_button.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.backups_button.clicked.connect(lambda: self.open_backups())
        top = QWidget()
        top.setObjectName("topBar")
        top_layout = QHBoxLayout(top)
        top_layout.setContentsMargins(th.SPACING * 2, th.SPACING, th.SPACING * 2, th.SPACING)
        self.screen_title = plain_label(QLabel())
        self.screen_title.setProperty("scaleFactor", 1.25 ** 2)
        f = self.screen_title.font()
        f.setBold(True)
        self.screen_title.setFont(f)
        top_layout.addWidget(self.screen_title, 1)
        top_layout.addWidget(self.learner_bar, 0)
        top_layout.addWidget(self.backups_button, 0)

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

        # The status line says what was just done; the learner's name is in the picker, once.
        self.status = QStatusBar()
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

    def open_screen(self, key: str, request: Mapping[str, str] | None = None) -> None:
        """Show a screen, and hand it the request (a screen's link to another: `AppContext.navigate`)."""
        if key not in self.screens:
            return
        self.show_screen(key)
        opener = getattr(self.screens[key], "open_request", None)
        if request and callable(opener):
            opener(request)

    def press_help(self) -> QWidget | None:
        """F1: the screen's own use of it first (`help_key()`, a drill's keys), else the help dialog."""
        if self._current is None:
            return None
        help_key = getattr(self.screens[self._current], "help_key", None)
        if callable(help_key) and help_key():
            return None
        return self.open_help()

    def open_help(self) -> QWidget:
        """The help dialog for the screen showing (ui/shell/help.py)."""
        from massage_trainer.ui.shell.help import HelpDialog

        if self.help is not None:
            self.help.close()
        key = self._current or next(iter(self.screens))
        self.help = HelpDialog(self, self._screen(key).title, getattr(self.screens[key], "screen_help", None),
                               self.rail.entries())
        self.help.open()
        return self.help

    def painted(self) -> bool:
        """Whether the window has been painted once (its first frame is on the screen)."""
        return self._painted

    def paintEvent(self, event: QPaintEvent) -> None:
        self._painted = True
        super().paintEvent(event)

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
        previous = self.ctx.learner
        self.ctx.learner = learner
        for listener in self.ctx.learner_listeners:
            listener(learner)  # a drill in progress is set aside for its learner first
        if previous is not None and learner is not None and learner.id != previous.id:
            from massage_trainer.ui.shell.recovery import offer_kept

            offer_kept(self, learner)  # their drill left unfinished, offered back

    # --- the records: trouble, backups, a restore ---------------------------------

    def report_storage_error(self, title: str, err: StorageError) -> None:
        """Say what could not be done and why, once the window is up (ui/shell/problems.py)."""
        from massage_trainer.ui.shell.problems import report

        QTimer.singleShot(0, lambda: report(self, title, err))

    def open_backups(self, select: Path | None = None) -> QWidget:
        """The Backups dialog: where they are, what there is, and restoring one."""
        from massage_trainer.ui.shell.backups import BackupsDialog

        if self.backups is not None and self.backups.isVisible():
            self.backups.raise_()
            return self.backups
        dialog = BackupsDialog(self, select)
        self.backups = dialog
        dialog.open()
        return dialog

    def reload_records(self) -> None:
        """After a restore: the learners read again, and every screen told the learner "changed"."""
        self.learner_bar.reload()

    def keep_backed_up(self) -> None:
        """The daily backup now (if due), and a look again every hour while the app is open."""
        self.back_up_when_due()
        if self._backup_timer is None:
            self._backup_timer = QTimer(self)
            self._backup_timer.setInterval(BACKUP_CHECK_MS)
            self._backup_timer.timeout.connect(self.back_up_when_due)
            self._backup_timer.start()

    def back_up_when_due(self) -> Job:
        """The daily backup, on the worker thread (storage/backup.py decides whether it is due)."""
        storage = self.ctx.storage
        return self.runner.run(partial(back_up_if_due, storage.path, storage.clock()), self._backed_up)

    def _backed_up(self, result: Path | StorageError | None) -> None:
        if isinstance(result, DatabaseDamaged):
            self.report_storage_error("The daily backup could not be made", result)
        elif isinstance(result, StorageError):
            from massage_trainer.ui.shell.problems import words

            self.status.showMessage(f"The daily backup could not be made: {words(result)}")

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
        scale_spacing(root, scale)  # margins and gaps grow with the type
        for widget in root.findChildren(QWidget):
            widget.updateGeometry()

    def offer_recovery(self) -> QMessageBox | None:
        """Offer back a drill a crash or a kill left unfinished (ui/shell/recovery.py)."""
        from massage_trainer.ui.shell.recovery import offer_recovery

        return offer_recovery(self)

    def closeEvent(self, event: object) -> None:
        if self._current is not None:
            self._screen(self._current).deactivate()  # a drill in progress pauses and is saved
        for widget in self.screens.built():
            before_close = getattr(widget, "before_close", None)
            if callable(before_close):
                before_close()  # let background saves reach the database before the app ends
        super().closeEvent(event)  # type: ignore[arg-type]
