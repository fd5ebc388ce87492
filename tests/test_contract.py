"""The layering is a contract (pyproject.toml [tool.importlinter]); these tests run it and try to break it."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parent.parent
PYPROJECT = ROOT / "pyproject.toml"
LINT = "import sys; from importlinter.cli import lint_imports_command; sys.exit(lint_imports_command())"


def _lint(cwd: Path) -> subprocess.CompletedProcess[str]:
    """Run `lint-imports` on the package found in `cwd`, against the project's own contracts."""
    # Wide and plain, so each contract's verdict stays on one line.
    env = {**os.environ, "COLUMNS": "240", "NO_COLOR": "1", "TERM": "dumb"}
    return subprocess.run(
        [sys.executable, "-c", LINT, "--no-cache", "--no-logo", str(PYPROJECT)],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def _contracts() -> dict[str, dict[str, Any]]:
    config = tomllib.loads(PYPROJECT.read_text(encoding="utf-8"))["tool"]["importlinter"]
    return {c["id"]: c for c in config["contracts"]}


def test_the_layering_contract_holds() -> None:
    result = _lint(ROOT)
    assert result.returncode == 0, result.stdout + result.stderr
    assert f"{len(_contracts())} kept, 0 broken" in result.stdout


def test_the_ui_contract_names_every_ui_subpackage() -> None:
    ui = ROOT / "massage_trainer" / "ui"
    on_disk = {p.parent.name for p in ui.glob("*/__init__.py")}
    contracts = _contracts()
    layers = contracts["ui-layers"]["layers"]
    named = {part.strip() for layer in layers for part in layer.split("|")}
    assert named == on_disk
    # The screens are the independent middle layer; the independence contract names the same set.
    screens = {part.strip() for part in layers[1].split("|")}
    independent = {m.rsplit(".", 1)[1] for m in contracts["screens-independent"]["modules"]}
    assert independent == screens
    assert {"shell", "diagram", "kit"}.isdisjoint(screens)


def _copy_package(tmp_path: Path) -> Path:
    shutil.copytree(
        ROOT / "massage_trainer", tmp_path / "massage_trainer", ignore=shutil.ignore_patterns("__pycache__")
    )
    return tmp_path / "massage_trainer"


def _append(path: Path, line: str) -> None:
    path.write_text(path.read_text(encoding="utf-8") + f"\n{line}\n", encoding="utf-8")


# Each bad edit, and the contract that must catch it.
BAD_IMPORTS = {
    "core imports storage": ("core/body.py", "import massage_trainer.storage", "core-alone"),
    "core imports resources": ("core/timeline.py", "from massage_trainer import resources", "core-alone"),
    "content imports storage": ("content/loader.py", "import massage_trainer.storage", "content-on-core"),
    "storage imports content": ("storage/db.py", "import massage_trainer.content", "storage-on-core"),
    "core imports Qt": ("core/geometry.py", "from PySide6 import QtCore", "no-qt-below-ui"),
    "storage imports pyqtgraph": ("storage/drills.py", "import pyqtgraph", "no-qt-below-ui"),
    "content imports ui": ("content/fields.py", "import massage_trainer.ui.kit.theme", "no-qt-below-ui"),
    "a screen imports another": ("ui/atlas/screen.py", "import massage_trainer.ui.practice", "screens-independent"),
    "kit imports the diagram at run time": ("ui/kit/widgets.py", "import massage_trainer.ui.diagram.view", "ui-layers"),
    "the diagram imports a screen": ("ui/diagram/view.py", "import massage_trainer.ui.reference", "ui-layers"),
    "a screen imports the shell": ("ui/reference/screen.py", "import massage_trainer.ui.shell.app", "ui-layers"),
}


@pytest.mark.parametrize("case", sorted(BAD_IMPORTS))
def test_a_bad_import_breaks_the_contract(tmp_path: Path, case: str) -> None:
    module, line, contract_id = BAD_IMPORTS[case]
    package = _copy_package(tmp_path)
    _append(package / module, line)
    result = _lint(tmp_path)
    assert result.returncode == 1, result.stdout + result.stderr
    name = _contracts()[contract_id]["name"]
    assert f"{name} BROKEN" in result.stdout, result.stdout


def test_a_new_screen_outside_the_contract_breaks_it(tmp_path: Path) -> None:
    package = _copy_package(tmp_path)
    (package / "ui" / "flashcards").mkdir()
    (package / "ui" / "flashcards" / "__init__.py").write_text('"""A screen nobody told the contract about."""\n')
    result = _lint(tmp_path)
    assert result.returncode == 1, result.stdout + result.stderr
    assert f"{_contracts()['ui-layers']['name']} BROKEN" in result.stdout
    assert "massage_trainer.ui.flashcards" in result.stdout
