"""Helpers for GUI tests: build the real window on a test home."""

from __future__ import annotations

from massage_trainer.content import load_content
from massage_trainer.storage import Storage
from massage_trainer.ui.kit import theme as th
from massage_trainer.ui.shell.app import build_window, ensure_app
from tests.clock import FakeClock  # noqa: F401 - the GUI tests take it from here too


def open_window(qtbot, size=(1366, 768)):
    ensure_app()
    storage = Storage.open()
    window = build_window(load_content(), storage, th.LIGHT)
    qtbot.addWidget(window)
    window.resize(*size)
    window.show()
    qtbot.waitExposed(window)
    return window, storage
