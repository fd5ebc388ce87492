"""Shared fixtures. Every test gets its own user-data home; Qt runs offscreen.

The core, content and storage tests also run where Qt is not installed (`.ci/run` proves it):
a test module that needs a package the environment lacks is not collected, and the header says so.
"""

from __future__ import annotations

import importlib.util
import os
import re
from functools import cache
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

TESTS = Path(__file__).parent
# Test modules that need a tool rather than Qt, and the packages they cannot run without.
NEEDS: dict[str, tuple[str, ...]] = {
    "test_lint.py": ("ruff", "mypy"),
    "test_contract.py": ("importlinter",),
    "test_packaging.py": ("setuptools", "wheel"),
}
# A module that imports Qt (or the ui, or the GUI helpers) at its top needs Qt to be collected at all.
QT_NEEDS: tuple[str, ...] = ("PySide6", "pyqtgraph")
IMPORTS_QT = re.compile(
    r"^(?:from|import)\s+(?:PySide6|shiboken6|pyqtgraph|pytestqt|massage_trainer\.ui|tests\.gui_helpers)\b", re.M
)
# pytest-qt's settings in pyproject.toml; known to pytest only while pytest-qt is loaded.
QT_INI = {"qt_api": "string", "qt_log_level_fail": "string", "qt_log_ignore": "linelist"}


@cache
def _missing(packages: tuple[str, ...]) -> tuple[str, ...]:
    return tuple(p for p in packages if importlib.util.find_spec(p) is None)


@cache
def _unmet(path: Path) -> tuple[str, ...]:
    """The packages a test module needs and this environment lacks."""
    needs = NEEDS.get(path.name, ())
    if path.suffix == ".py" and IMPORTS_QT.search(path.read_text(encoding="utf-8")):
        needs += QT_NEEDS
    return _missing(needs)


def pytest_addoption(parser: pytest.Parser, pluginmanager: pytest.PytestPluginManager) -> None:
    # Without pytest-qt (`-p no:pytest-qt`, or no Qt installed) each qt_* setting would warn as unknown.
    if not pluginmanager.has_plugin("pytest-qt"):
        for name, kind in QT_INI.items():
            parser.addini(name, "pytest-qt's setting, unused while pytest-qt is not loaded", type=kind)  # type: ignore[arg-type]


def pytest_ignore_collect(collection_path: Path) -> bool | None:
    if collection_path.parent == TESTS and collection_path.is_file() and _unmet(collection_path):
        return True
    return None


def pytest_report_header() -> list[str]:
    unmet = {p.name: _unmet(p) for p in sorted(TESTS.glob("*.py"))}
    return [f"not collected, for want of {', '.join(needs)}: tests/{name}" for name, needs in unmet.items() if needs]


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
