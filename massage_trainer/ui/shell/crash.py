"""An unexpected error in the GUI: logged, said in a dialog, and the app goes on.

`CrashReporter.install()` takes sys.excepthook (a slot or an event handler that raised) and
threading.excepthook (a worker thread's), points faulthandler at its file, and logs through the
one log (massage_trainer/streams.py: massage-trainer.log in the data folder, rotated past 1 MB,
three kept). Each error is logged with its traceback, counted, and shown in `CrashDialog`:
something went wrong, the records are safe, "Copy details" puts the traceback on the clipboard.
While the dialog is up, more errors (an error in a paint event comes back at every frame) only
raise its count: one dialog at a time. A hook may be called on any thread; the dialog is made
on the GUI thread, through a queued signal.
"""

from __future__ import annotations

import faulthandler
import logging
import platform
import sys
import threading
import traceback
from collections.abc import Callable
from contextlib import suppress
from pathlib import Path
from types import TracebackType
from typing import Any, Final

from PySide6 import __version__ as pyside_version
from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QDialog, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from massage_trainer import __version__, streams
from massage_trainer.ui.kit import theme as th
from massage_trainer.ui.kit.dialogs import fit_to, plain_label
from massage_trainer.ui.kit.widgets import heading

log = logging.getLogger(__name__)
PACKAGE_LOGGER: Final = "massage_trainer"
SAME_AGAIN_EVERY: Final = 100  # the same traceback again is logged once in so many times
COPY: Final = "Copy details"

SAFE = ("Massage Trainer met a problem it did not expect. Your records are safe: each drill, learner and "
        "choice is saved the moment it is made, and a drill in progress every few seconds. You can go on "
        "working; if the same thing keeps happening, close the app and start it again.")


class CrashDialog(QDialog):
    """Something went wrong; the records are safe; Copy details, Close."""

    def __init__(self, parent: QWidget | None, details: str, log_file: Path | None) -> None:
        super().__init__(parent)
        self.setObjectName("crashDialog")
        self.setWindowTitle("Massage Trainer: something went wrong")
        self.details = details
        layout = QVBoxLayout(self)
        s = th.SPACING
        layout.setContentsMargins(s * 3, s * 3, s * 3, s * 3)
        layout.setSpacing(s * 2)
        layout.addWidget(plain_label(heading("Something went wrong", 2)))
        body = plain_label(QLabel(SAFE))
        body.setWordWrap(True)
        layout.addWidget(body)
        where = f"The details are in the log: {log_file}" if log_file else "The details could not be logged."
        self.where = plain_label(QLabel(where), selectable=True)
        self.where.setWordWrap(True)
        layout.addWidget(self.where)
        self.count = plain_label(QLabel())
        self.count.setObjectName("crashCount")
        self.count.hide()
        layout.addWidget(self.count)
        buttons = QHBoxLayout()
        buttons.setSpacing(s)
        self.copy_button = QPushButton(COPY)
        self.copy_button.setAccessibleName("Copy the details of the problem")
        self.close_button = QPushButton("Close")
        self.close_button.setDefault(True)
        buttons.addStretch(1)
        buttons.addWidget(self.copy_button)
        buttons.addWidget(self.close_button)
        layout.addLayout(buttons)
        self.copy_button.clicked.connect(self.copy_details)
        self.close_button.clicked.connect(self.accept)
        fit_to(self, parent)
        self.setMinimumWidth(self.fontMetrics().averageCharWidth() * 64)

    def copy_details(self) -> None:
        clipboard = QGuiApplication.clipboard()
        if clipboard is not None:
            clipboard.setText(self.details)
            self.copy_button.setText("Details copied")

    def again(self, details: str, times: int) -> None:
        """The same dialog, for another error while it is up."""
        self.details = f"{self.details}\n{details}"
        self.count.setText(f"It has happened {times} times so far.")
        self.count.show()
        self.copy_button.setText(COPY)


def header() -> str:
    return (f"Massage Trainer {__version__}, Python {platform.python_version()}, PySide6 {pyside_version}, "
            f"{platform.platform()}\n")


class CrashReporter(QObject):
    """The hooks, the log and the one dialog; see the module docstring."""

    caught = Signal(str)

    def __init__(self, window: Callable[[], QWidget | None] | None = None) -> None:
        super().__init__()
        self.window = window or (lambda: None)
        self.count = 0  # errors since install()
        self.dialog: CrashDialog | None = None
        self.log_file: Path | None = None
        self.fault_file: Path | None = None
        self._lock = threading.Lock()
        self._last = ""
        self._repeats = 0
        self._saved: tuple[Any, ...] | None = None
        self._handler: logging.Handler | None = None
        self.caught.connect(self._show, Qt.ConnectionType.QueuedConnection)

    def install(self) -> None:
        self._saved = (sys.excepthook, threading.excepthook, faulthandler.is_enabled())
        package = logging.getLogger(PACKAGE_LOGGER)
        try:
            handler = streams.log_handler()
            self.log_file = Path(handler.baseFilename)
            if handler not in package.handlers:
                package.addHandler(handler)
                self._handler = handler
        except OSError:
            self.log_file = None  # no data folder to log to: the dialog says so
        self.fault_file = streams.enable_fault_log()
        sys.excepthook = self.excepthook
        threading.excepthook = self.thread_excepthook

    def uninstall(self) -> None:
        if self._saved is None:
            return
        sys.excepthook, threading.excepthook, fault_was_on = self._saved
        self._saved = None
        if self._handler is not None:
            logging.getLogger(PACKAGE_LOGGER).removeHandler(self._handler)
            self._handler = None
        streams.disable_fault_log()
        if fault_was_on and sys.__stderr__ is not None:
            faulthandler.enable(file=sys.__stderr__)

    def excepthook(self, kind: type[BaseException], value: BaseException, tb: TracebackType | None) -> None:
        if issubclass(kind, KeyboardInterrupt):
            sys.__excepthook__(kind, value, tb)
            return
        self.record("".join(traceback.format_exception(kind, value, tb)))

    def thread_excepthook(self, args: threading.ExceptHookArgs) -> None:
        if args.exc_type is SystemExit:
            return
        name = args.thread.name if args.thread is not None else "a thread"
        trace = "".join(traceback.format_exception(args.exc_type, args.exc_value, args.exc_traceback))
        self.record(f"In the thread {name}:\n{trace}")

    def record(self, trace: str) -> None:
        """Log it, count it, and ask the GUI thread for the dialog (any thread may call this)."""
        with self._lock:
            self.count += 1
            same = trace == self._last
            self._repeats = self._repeats + 1 if same else 0
            self._last = trace
            count = self.count
        with suppress(Exception):  # the report must never raise in turn
            if not same:
                log.error("unexpected error (%d since start):\n%s", count, trace.rstrip())
            elif self._repeats % SAME_AGAIN_EVERY == 0:
                log.error("the same error again: %d times since start", count)
            if sys.stderr is not None and not isinstance(sys.stderr, streams.LateLog):
                sys.stderr.write(trace)  # a terminal, for whoever started the app from one
        self.caught.emit(trace)

    def _show(self, trace: str) -> None:
        try:
            if self.dialog is not None and self.dialog.isVisible():
                self.dialog.again(trace, self.count)
                return
            self.dialog = CrashDialog(self.window(), header() + trace, self.log_file)
            if self.count > 1:
                self.dialog.again("", self.count)
                self.dialog.details = header() + trace
            self.dialog.open()
        except Exception:  # a dialog that cannot be shown must not call the hook again and again
            log.exception("the error dialog could not be shown")
