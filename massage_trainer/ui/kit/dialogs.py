"""Dialogs that show text as text: message boxes in plain words, and a busy indicator for slow work.

A learner's name or a file's path may hold `<img>` or `<a href>`: every label here shows it
literally (`Qt.TextFormat.PlainText`) and no link in it can be followed. A dialog is a window of
its own, so the window's scaled type is handed to it (`fit_to`).
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QCloseEvent, QGuiApplication, QShowEvent
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QLabel,
    QMessageBox,
    QProgressBar,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from massage_trainer.ui.kit import theme as th
from massage_trainer.ui.kit.scaling import scale_spacing, scale_tree
from massage_trainer.ui.kit.style import ScaledStyle
from massage_trainer.ui.kit.worker import Job

NO_LINKS = ~(Qt.TextInteractionFlag.LinksAccessibleByMouse | Qt.TextInteractionFlag.LinksAccessibleByKeyboard)
SELECTABLE = Qt.TextInteractionFlag.TextSelectableByMouse | Qt.TextInteractionFlag.TextSelectableByKeyboard


def plain_labels(root: QWidget, selectable: bool = False) -> None:
    """Every label inside root shows its text as plain text, with no link to follow."""
    for label in root.findChildren(QLabel):
        plain_label(label, selectable)


def plain_label(label: QLabel, selectable: bool = False) -> QLabel:
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setOpenExternalLinks(False)
    flags = label.textInteractionFlags() | (SELECTABLE if selectable else Qt.TextInteractionFlag.NoTextInteraction)
    label.setTextInteractionFlags(flags & NO_LINKS)
    return label


def screen_scale() -> float:
    """The type scale for a window as large as the primary screen (a dialog shown before the main window)."""
    screen = QGuiApplication.primaryScreen()
    if screen is None:
        return 1.0
    size = screen.availableGeometry().size()
    return round(th.ui_scale(size.width(), size.height()) * 8) / 8


def fit_to(dialog: QWidget, parent: QWidget | None, scale: float | None = None) -> None:
    """Give the dialog its window's type, margins and gaps (or, with no window, the scale given or
    the screen's)."""
    if parent is not None and scale is None:
        font = parent.window().font()
        scale = font.pointSizeF() / th.BASE_POINT_SIZE
    else:
        scale = screen_scale() if scale is None else scale
        font = th.scaled_font(QApplication.font(), scale)
        if parent is None:
            scale_style(scale)
    dialog.setFont(font)
    scale_tree(dialog)
    scale_spacing(dialog, scale)


def scale_style(scale: float) -> None:
    """Before the window sets it: icons and indicators grow with the type of a dialog on its own."""
    style = QApplication.style()
    if isinstance(style, ScaledStyle):
        style.factor = scale


class PlainMessageBox(QMessageBox):
    """A QMessageBox whose text runs about LINE characters of its type to a line. QMessageBox holds
    itself to 500 px, which at 4K type is a few words a line; it keeps to a minimum width, though,
    within its own hard limit (1,000 px, or the screen less 480)."""

    LINE = 64

    def showEvent(self, event: QShowEvent) -> None:
        text = self.findChild(QLabel, "qt_msgbox_informativelabel") or self.findChild(QLabel, "qt_msgbox_label")
        screen = self.screen()
        if text is not None and screen is not None:
            room = screen.availableGeometry().width()
            hard = room if room <= 1024 else min(room - 480, 1000)
            text.setMinimumWidth(min(self.fontMetrics().averageCharWidth() * self.LINE, hard * 4 // 5))
        super().showEvent(event)  # QMessageBox sets its own size here, and at every layout request


def message_box(parent: QWidget | None, icon: QMessageBox.Icon, title: str, text: str, informative: str = "",
                name: str = "", scale: float | None = None) -> QMessageBox:
    """A message box in plain text (its main and informative text alike), at its window's scale; the
    main text is its heading, in bold, a step larger.

    Add the buttons, then `open()` it (window-modal, not blocking) or, with no window yet, `exec()`.
    """
    if parent is None:
        scale_style(screen_scale() if scale is None else scale)  # the icon is drawn at its size now
    box = PlainMessageBox(icon, title, text, QMessageBox.StandardButton.NoButton, parent)
    box.setTextFormat(Qt.TextFormat.PlainText)
    if informative:
        box.setInformativeText(informative)
    box.setObjectName(name)
    plain_labels(box, selectable=True)  # a path can be copied; there is no link to follow
    box.setTextInteractionFlags(SELECTABLE)
    main = box.findChild(QLabel, "qt_msgbox_label")
    if main is not None and informative:
        font = main.font()
        font.setBold(True)
        main.setFont(font)
        main.setProperty("scaleFactor", 1.25)
    fit_to(box, parent, scale)
    return box


class BusyDialog(QDialog):
    """"Working…" with a moving bar, window-modal, while a job runs; it closes itself when the job ends.

    It cannot be dismissed (Esc or the close button) while the work goes on: the work cannot be stopped
    half-way, and the window behind it must not be used meanwhile.
    """

    def __init__(self, parent: QWidget | None, text: str, title: str = "Massage Trainer",
                 scale: float | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("busyDialog")
        self.setWindowTitle(title)
        self.setWindowModality(Qt.WindowModality.WindowModal if parent else Qt.WindowModality.ApplicationModal)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(th.SPACING * 3, th.SPACING * 3, th.SPACING * 3, th.SPACING * 3)
        layout.setSpacing(th.SPACING * 2)
        self.label = plain_label(QLabel(text))
        self.label.setWordWrap(True)
        self.label.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Minimum)
        self.bar = QProgressBar()
        self.bar.setRange(0, 0)  # busy: no end to show
        self.bar.setTextVisible(False)
        self.bar.setAccessibleName(text)
        layout.addWidget(self.label)
        layout.addWidget(self.bar)
        fit_to(self, parent, scale)
        self.setMinimumWidth(self.fontMetrics().averageCharWidth() * 56)
        self._done = False

    def done_with(self) -> None:
        self._done = True
        self.accept()

    def reject(self) -> None:
        if self._done:
            super().reject()

    def closeEvent(self, event: QCloseEvent) -> None:
        if self._done:
            super().closeEvent(event)
        else:
            event.ignore()


def busy_while(job: Job, parent: QWidget | None, text: str, scale: float | None = None) -> BusyDialog | None:
    """Show a BusyDialog until the job finishes (None when it has finished already)."""
    if job.is_finished():
        return None
    dialog = BusyDialog(parent, text, scale=scale)
    job.finished.connect(dialog.done_with)
    dialog.open()
    return dialog
