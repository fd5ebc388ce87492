"""What ships: a wheel built from the tree holds every package and the assets; the PyInstaller spec still fits.

The wheel is built once per session from a copy of the tree (so no build/ or egg-info lands in the
checkout), with the setuptools and wheel the test extra installs (no network, a couple of seconds).
"""

from __future__ import annotations

import ast
import importlib.util
import re
import shutil
import subprocess
import sys
import tomllib
import zipfile
from pathlib import Path
from typing import Any

import pytest
from packaging.requirements import Requirement

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "massage_trainer"
SPEC = ROOT / "packaging" / "massage-trainer.spec"
NOT_SOURCE = (".git", ".venv", "build", "dist", "*.egg-info", "__pycache__", ".*_cache", ".hypothesis", "shots")


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    tmp = tmp_path_factory.mktemp("wheel")
    source = tmp / "source"
    shutil.copytree(ROOT, source, ignore=shutil.ignore_patterns(*NOT_SOURCE))
    out = tmp / "out"
    build = [sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps", "--no-build-isolation", "-w", str(out), "."]
    result = subprocess.run(build, cwd=source, capture_output=True, text=True, timeout=180)
    assert result.returncode == 0, result.stdout + result.stderr
    (built,) = out.glob("massage_trainer-*.whl")
    return built


def _names(wheel: Path) -> set[str]:
    with zipfile.ZipFile(wheel) as zf:
        return set(zf.namelist())


def test_the_wheel_holds_every_package(wheel: Path) -> None:
    names = _names(wheel)
    packages = sorted(init.relative_to(ROOT).as_posix() for init in PACKAGE.rglob("__init__.py"))
    assert len(packages) > 1
    missing = [p for p in packages if p not in names]
    assert missing == [], f"packages left out of the wheel: {missing}"
    modules = sorted(m.relative_to(ROOT).as_posix() for m in PACKAGE.rglob("*.py"))
    assert [m for m in modules if m not in names] == []


def test_the_wheel_holds_the_assets(wheel: Path) -> None:
    names = _names(wheel)
    assets = ROOT / "assets"
    shipped = [*assets.glob("*.yaml"), *assets.glob("icons/*.svg")]
    expected = {"massage_trainer/assets/" + p.relative_to(assets).as_posix() for p in shipped}
    assert {"massage_trainer/assets/body.yaml", "massage_trainer/assets/icons/atlas.svg"} <= expected
    assert expected - names == set()
    # The README's screenshots are for the repository page, not for the app.
    assert not any(n.startswith("massage_trainer/assets/screenshots/") for n in names)


def test_the_installed_wheel_finds_its_content(wheel: Path, tmp_path: Path) -> None:
    # A wheel is its installed layout: unpack it and load the content from there, not from the checkout.
    site = tmp_path / "site"
    with zipfile.ZipFile(wheel) as zf:
        zf.extractall(site)
    probe = (
        "import sys; sys.path.insert(0, sys.argv[1]);"
        "import massage_trainer.resources as r; from massage_trainer.content import load_content;"
        "c = load_content(); print(r.__file__); print(r.assets_dir()); print(len(c.body.zones))"
    )
    result = subprocess.run(
        [sys.executable, "-c", probe, str(site)], cwd=tmp_path, capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 0, result.stderr
    module, assets, zones = result.stdout.splitlines()
    assert Path(module).is_relative_to(site)
    assert Path(assets).is_relative_to(site)
    assert int(zones) > 0


def test_the_wheel_declares_the_command(wheel: Path) -> None:
    with zipfile.ZipFile(wheel) as zf:
        (entry_points,) = [n for n in zf.namelist() if n.endswith(".dist-info/entry_points.txt")]
        text = zf.read(entry_points).decode()
    assert "massage-trainer = massage_trainer.cli:main" in text


def _spec_analysis() -> dict[str, Any]:
    """The keyword arguments the spec passes to PyInstaller's Analysis, read without PyInstaller."""
    tree = ast.parse(SPEC.read_text(encoding="utf-8"))
    calls = [n for n in ast.walk(tree) if isinstance(n, ast.Call) and getattr(n.func, "id", "") == "Analysis"]
    assert len(calls) == 1
    call = calls[0]
    found: dict[str, Any] = {"scripts": call.args[0]}
    found.update({kw.arg: kw.value for kw in call.keywords if kw.arg})
    return found


def _path_parts(node: ast.AST) -> list[str]:
    """The string parts of an expression like `str(root / "massage_trainer" / "__main__.py")`."""
    parts = [n for n in ast.walk(node) if isinstance(n, ast.Constant) and isinstance(n.value, str)]
    return [str(n.value) for n in sorted(parts, key=lambda n: (n.lineno, n.col_offset))]


def _module_exists(name: str) -> bool:
    path = ROOT.joinpath(*name.split("."))
    return path.with_suffix(".py").is_file() or (path / "__init__.py").is_file()


def test_the_pyinstaller_spec_names_the_entry_point_and_modules() -> None:
    analysis = _spec_analysis()
    assert _path_parts(analysis["scripts"]) == ["massage_trainer", "__main__.py"]
    assert (PACKAGE / "__main__.py").is_file()
    # The assets go where massage_trainer.resources looks in a bundled build.
    datas = analysis["datas"]
    assert isinstance(datas, ast.List) and len(datas.elts) == 1
    source, target = datas.elts[0].elts  # type: ignore[attr-defined]
    assert _path_parts(source) == ["assets"] and (ROOT / "assets" / "body.yaml").is_file()
    assert ast.literal_eval(target) == "massage_trainer/assets"
    hidden = ast.literal_eval(analysis["hiddenimports"])
    assert hidden and all(_module_exists(name) or importlib.util.find_spec(name) for name in hidden), hidden
    assert "pyqtgraph" in hidden  # the report's charts import it lazily (ui/kit/chart_box.py)
    # The modules the command line imports lazily for the GUI are named, so the bundle has them.
    cli_imports = {
        n.module
        for n in ast.walk(ast.parse((PACKAGE / "cli.py").read_text(encoding="utf-8")))
        if isinstance(n, ast.ImportFrom) and n.module and n.module.startswith("massage_trainer.ui")
    }
    assert cli_imports and cli_imports <= set(hidden)


def test_the_spec_names_icons_that_exist_and_the_apps_identity() -> None:
    text = SPEC.read_text(encoding="utf-8")
    icons = set(re.findall(r'"(massage-trainer\.(?:ico|icns))"', text))
    assert icons == {"massage-trainer.ico", "massage-trainer.icns"}
    assert all((ROOT / "packaging" / "icons" / name).is_file() for name in icons)
    # The macOS bundle identifier is the AppStream component id; the version is the package's.
    (metainfo,) = (ROOT / "packaging").glob("*.metainfo.xml")
    assert f'bundle_identifier="{metainfo.name.removesuffix(".metainfo.xml")}"' in text
    (pattern,) = re.findall(r"re\.search\(r'(.+?)'", text)
    assert re.search(pattern, (PACKAGE / "__init__.py").read_text(encoding="utf-8")) is not None
    assert "console=False" in text  # no console window on Windows: massage_trainer/streams.py logs instead


def test_the_package_extra_is_pinned_in_the_constraints() -> None:
    with (ROOT / "pyproject.toml").open("rb") as f:
        extra = tomllib.load(f)["project"]["optional-dependencies"]["package"]
    pins = dict(
        line.split("==") for line in (ROOT / "constraints.txt").read_text(encoding="utf-8").splitlines()
        if "==" in line and not line.startswith("#")
    )
    requirements = [Requirement(spec) for spec in extra]
    assert [r.name for r in requirements] == ["pyinstaller"]
    for requirement in [*requirements, Requirement("pyinstaller-hooks-contrib"), Requirement("altgraph")]:
        assert requirement.name in pins, f"constraints.txt pins no {requirement.name}"
        assert requirement.specifier.contains(pins[requirement.name]), (requirement, pins[requirement.name])
