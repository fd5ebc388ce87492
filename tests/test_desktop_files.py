"""The Linux desktop integration: the desktop entry and the AppStream metainfo validate and fit the app.

The validators are the distributions' own tools (apt: desktop-file-utils, appstream). Locally a test
skips when its tool is missing; .ci/run installs both and runs these tests again with
MASSAGE_TRAINER_REQUIRE_VALIDATORS=1, where a missing tool fails instead.
"""

from __future__ import annotations

import configparser
import datetime
import os
import shutil
import subprocess
import tomllib
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from massage_trainer import __version__

ROOT = Path(__file__).resolve().parent.parent
PACKAGING = ROOT / "packaging"
DESKTOP = PACKAGING / "massage-trainer.desktop"
REQUIRE_ENV = "MASSAGE_TRAINER_REQUIRE_VALIDATORS"
HICOLOR_SIZES = (16, 24, 32, 48, 64, 128, 256, 512)


def _metainfo() -> Path:
    (path,) = PACKAGING.glob("*.metainfo.xml")
    return path


def _tool(name: str, package: str) -> str:
    found = shutil.which(name)
    if found is None:
        message = f"{name} is not installed (apt-get install {package})"
        if os.environ.get(REQUIRE_ENV):
            pytest.fail(message)
        pytest.skip(message)
    return found


def _desktop_entry() -> configparser.SectionProxy:
    parser = configparser.ConfigParser(interpolation=None, delimiters=("=",))
    parser.optionxform = str  # type: ignore[assignment,method-assign]  # keys are case-sensitive
    parser.read(DESKTOP, encoding="utf-8")
    return parser["Desktop Entry"]


def _project() -> dict[str, object]:
    with (ROOT / "pyproject.toml").open("rb") as f:
        project: dict[str, object] = tomllib.load(f)["project"]
    return project


def test_the_desktop_entry_validates() -> None:
    tool = _tool("desktop-file-validate", "desktop-file-utils")
    result = subprocess.run([tool, str(DESKTOP)], capture_output=True, text=True, timeout=60)
    output = result.stdout + result.stderr
    assert result.returncode == 0, output
    assert not [line for line in output.splitlines() if "error:" in line or "warning:" in line], output


def test_the_metainfo_validates() -> None:
    tool = _tool("appstreamcli", "appstream")
    result = subprocess.run([tool, "validate", "--no-net", str(_metainfo())], capture_output=True, text=True,
                            timeout=60)
    assert result.returncode == 0, result.stdout + result.stderr


def test_the_desktop_entry_starts_the_command_and_names_the_icon() -> None:
    entry = _desktop_entry()
    scripts = _project()["scripts"]
    assert isinstance(scripts, dict) and entry["Exec"].split()[0] in scripts
    assert entry["TryExec"] == entry["Exec"].split()[0]
    assert entry["Icon"] == "massage-trainer"
    assert (ROOT / "assets" / "icons" / f"{entry['Icon']}.svg").is_file()
    for size in HICOLOR_SIZES:
        assert (PACKAGING / "icons" / "hicolor" / f"{size}x{size}" / "apps" / f"{entry['Icon']}.png").is_file()


def test_the_metainfo_describes_this_release_of_this_app() -> None:
    path = _metainfo()
    root = ET.parse(path).getroot()
    component_id = root.findtext("id")
    assert component_id and path.name == f"{component_id}.metainfo.xml"
    assert root.findtext("name") == _desktop_entry()["Name"]
    assert root.findtext("project_license") == "MIT"
    launchable = root.find("launchable")
    assert launchable is not None and launchable.get("type") == "desktop-id" and launchable.text == DESKTOP.name
    assert [b.text for b in root.iterfind("provides/binary")] == [_desktop_entry()["Exec"].split()[0]]
    rating = root.find("content_rating")
    assert rating is not None and rating.get("type") == "oars-1.1"
    assert len(root.findall("description/p")) >= 2 and root.findall("description/ul/li")
    # Newest first, and the newest is the version the package says it is.
    releases = root.findall("releases/release")
    assert releases and releases[0].get("version") == __version__ == _project()["version"]
    dates = [datetime.date.fromisoformat(r.get("date", "")) for r in releases]
    assert dates == sorted(dates, reverse=True)
    assert all(r.findtext("description/p") for r in releases)
