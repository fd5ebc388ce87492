"""An unexpected error in the GUI: logged with its traceback, one dialog (Copy details, Close), and the
app goes on. pytest-qt's own capture is off here: the app's hooks are the ones under test."""

from __future__ import annotations

import faulthandler
import sys
import threading
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QApplication, QPushButton

from massage_trainer import streams
from massage_trainer.ui.shell.crash import CrashDialog, CrashReporter
from tests.practice_helpers import shown_named

pytestmark = pytest.mark.qt_no_exception_capture


@pytest.fixture
def reporter(qtbot, tmp_home):
    button = QPushButton("Go")
    qtbot.addWidget(button)
    button.show()
    crashes = CrashReporter(lambda: button)
    crashes.install()
    yield crashes
    crashes.uninstall()
    if crashes.dialog is not None:
        crashes.dialog.close()
    for handler in streams._handlers.values():
        handler.close()


def _broken_button(qtbot, message: str) -> QPushButton:
    button = QPushButton("Break")
    qtbot.addWidget(button)

    def slot() -> None:
        raise RuntimeError(message)

    button.clicked.connect(slot)
    button.show()
    return button


def test_an_error_in_a_slot_is_logged_and_shown_and_its_details_copied(qtbot, reporter, tmp_home):
    button = _broken_button(qtbot, "boom in a slot")
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    dialog = shown_named(qtbot, CrashDialog, "crashDialog")
    texts = " ".join(label.text() for label in dialog.findChildren(type(dialog.where)))
    assert "Something went wrong" in texts and "Your records are safe" in texts
    assert str(tmp_home / streams.LOG_NAME) in dialog.where.text()
    qtbot.mouseClick(dialog.copy_button, Qt.MouseButton.LeftButton)
    copied = QGuiApplication.clipboard().text()
    assert "Traceback (most recent call last)" in copied and "RuntimeError: boom in a slot" in copied
    assert "Massage Trainer " in copied.splitlines()[0]  # which version, on what
    log = (tmp_home / streams.LOG_NAME).read_text(encoding="utf-8")
    assert "unexpected error (1 since start)" in log and "RuntimeError: boom in a slot" in log
    assert "Traceback (most recent call last)" in log
    qtbot.mouseClick(dialog.close_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not dialog.isVisible())
    # The app goes on: the next click is handled, and its error shown again.
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    again = shown_named(qtbot, CrashDialog, "crashDialog")
    assert reporter.count == 2 and again.count.text() == "It has happened 2 times so far."


def test_an_error_loop_shows_one_dialog_and_counts(qtbot, reporter, tmp_home):
    button = _broken_button(qtbot, "again and again")
    for _ in range(5):
        qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    dialog = shown_named(qtbot, CrashDialog, "crashDialog")
    qtbot.waitUntil(lambda: dialog.count.text() == "It has happened 5 times so far.")
    shown = [w for w in QApplication.topLevelWidgets() if w.objectName() == "crashDialog" and w.isVisible()]
    assert shown == [dialog]
    log = (tmp_home / streams.LOG_NAME).read_text(encoding="utf-8")
    assert log.count("RuntimeError: again and again") == 1  # the same traceback is not logged five times


def test_an_error_in_a_worker_thread_is_shown_on_the_gui_thread(qtbot, reporter, tmp_home):
    def work() -> None:
        raise ValueError("boom in a thread")

    thread = threading.Thread(target=work, name="worker-1")
    thread.start()
    thread.join()
    dialog = shown_named(qtbot, CrashDialog, "crashDialog")
    assert "In the thread worker-1" in dialog.details and "ValueError: boom in a thread" in dialog.details
    assert "ValueError: boom in a thread" in (tmp_home / streams.LOG_NAME).read_text(encoding="utf-8")


def test_install_takes_the_hooks_and_faulthandler_and_uninstall_gives_them_back(qtbot, tmp_home):
    before = sys.excepthook, threading.excepthook, faulthandler.is_enabled()
    crashes = CrashReporter()
    crashes.install()
    try:
        assert sys.excepthook == crashes.excepthook and threading.excepthook == crashes.thread_excepthook
        assert faulthandler.is_enabled()
        assert crashes.fault_file == tmp_home / streams.FAULT_LOG_NAME and (tmp_home / streams.FAULT_LOG_NAME).exists()
    finally:
        crashes.uninstall()
    assert (sys.excepthook, threading.excepthook, faulthandler.is_enabled()) == before


def test_the_log_rotates_past_a_megabyte_and_keeps_three(tmp_home, monkeypatch):
    tmp_home.mkdir(parents=True)
    handler = streams.log_handler()
    monkeypatch.setattr(handler, "maxBytes", 10_000)
    import logging

    logger = logging.getLogger("massage_trainer.test_rotation")
    logger.addHandler(handler)
    try:
        for i in range(200):
            logger.error("line %d %s", i, "x" * 200)
    finally:
        logger.removeHandler(handler)
        handler.close()
    names = sorted(p.name for p in Path(tmp_home).iterdir() if p.name.startswith(streams.LOG_NAME))
    assert names == [streams.LOG_NAME, *(f"{streams.LOG_NAME}.{n}" for n in (1, 2, 3))]
    assert streams.LOG_LIMIT == 1_000_000 and streams.LOG_KEEP == 3


def test_the_logs_are_the_owners_only(tmp_home):
    import os

    tmp_home.mkdir(parents=True)
    log = streams.LateLog()
    log.write("a line\n")
    log.close()
    crashes = CrashReporter()
    crashes.install()  # faulthandler to its file; uninstall gives pytest's back
    crashes.uninstall()
    assert crashes.fault_file == tmp_home / streams.FAULT_LOG_NAME
    if os.name == "posix":
        for name in (streams.LOG_NAME, streams.FAULT_LOG_NAME):
            assert (tmp_home / name).stat().st_mode & 0o777 == 0o600, name
