"""Shared fixtures. Every test gets its own user-data home; Qt runs offscreen."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    # Tests that drive widgets are marked "gui", so `-m "not gui"` skips them cheaply.
    for item in items:
        if "qtbot" in getattr(item, "fixturenames", ()):
            item.add_marker(pytest.mark.gui)


@pytest.fixture(autouse=True)
def tmp_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """All user data goes to a fresh folder; no test touches the real home."""
    home = tmp_path / "home"
    monkeypatch.setenv("MASSAGE_TRAINER_HOME", str(home))
    return home


@pytest.fixture(scope="session")
def content():
    from massage_trainer.content import load_content

    return load_content()


@pytest.fixture(scope="session")
def body(content):
    return content.body


@pytest.fixture
def window(qtbot):
    """The real main window on a fresh test home, shown and active."""
    from tests.gui_helpers import open_window

    win, storage = open_window(qtbot)
    win.activateWindow()
    qtbot.waitActive(win)
    yield win
    win.close()
    storage.close()
