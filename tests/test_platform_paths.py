"""Where a packaged app keeps its data on each platform: the per-user local folder, never a roaming one.

The app's database and its lock file belong on this machine (a roaming profile would copy a SQLite
database between machines at log-on and log-off), so on Windows data_home() is under
%LOCALAPPDATA%. platformdirs is made to play Windows or macOS here, with their folders faked.
"""

from __future__ import annotations

from pathlib import Path

import platformdirs
import platformdirs.macos
import platformdirs.windows
import pytest

from massage_trainer.storage.paths import APP_NAME, HOME_ENV, data_home
from massage_trainer.streams import LOG_NAME, log_path


def test_on_windows_the_data_is_in_the_local_appdata(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    folders = {"CSIDL_APPDATA": tmp_path / "Roaming", "CSIDL_LOCAL_APPDATA": tmp_path / "Local"}
    monkeypatch.delenv(HOME_ENV)
    monkeypatch.setattr(platformdirs, "PlatformDirs", platformdirs.windows.Windows)
    monkeypatch.setattr(platformdirs.windows, "get_win_folder", lambda csidl: str(folders[csidl]))
    assert data_home() == tmp_path / "Local" / APP_NAME  # no author folder, and not Roaming
    assert data_home().is_dir()
    assert log_path() == tmp_path / "Local" / APP_NAME / LOG_NAME  # a windowed build's log goes there too


def test_on_macos_the_data_is_in_application_support(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(HOME_ENV)
    monkeypatch.setenv("HOME", str(tmp_path))
    monkeypatch.setattr(platformdirs, "PlatformDirs", platformdirs.macos.MacOS)
    assert data_home() == tmp_path / "Library" / "Application Support" / APP_NAME


def test_the_environment_variable_still_wins(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(HOME_ENV, str(tmp_path / "mine"))
    monkeypatch.setattr(platformdirs, "PlatformDirs", platformdirs.windows.Windows)
    assert data_home() == tmp_path / "mine"
