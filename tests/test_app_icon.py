"""The app icon: one SVG in the app's palette, the hicolor PNGs rendered from it, and the window shows it."""

from __future__ import annotations

import importlib.util
import re
import subprocess
import sys
from pathlib import Path
from types import ModuleType

import pytest
from PySide6.QtGui import QImage, QImageReader

from massage_trainer.ui.kit import theme as th

ROOT = Path(__file__).resolve().parent.parent
SCRIPT = ROOT / "packaging" / "render_icons.py"
SVG = ROOT / "assets" / "icons" / "massage-trainer.svg"
SIZES = (16, 24, 32, 48, 64, 128, 256, 512)  # the standard hicolor sizes


def _render_icons() -> ModuleType:
    # By file: packaging/ is no package (and `import packaging` is the PyPI library's).
    spec = importlib.util.spec_from_file_location("render_icons", SCRIPT)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _png(size: int) -> Path:
    return ROOT / "packaging" / "icons" / "hicolor" / f"{size}x{size}" / "apps" / "massage-trainer.png"


def test_the_committed_pngs_are_the_svg_rendered() -> None:
    result = subprocess.run([sys.executable, str(SCRIPT), "--check"], capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == f"{len(SIZES)} PNGs, the .ico and the .icns match assets/icons/massage-trainer.svg"


@pytest.mark.usefixtures("qapp")
def test_the_check_sees_a_changed_svg(tmp_path: Path) -> None:
    icons = _render_icons()
    assert icons.SIZES == SIZES
    changed = tmp_path / "changed.svg"
    changed.write_text(SVG.read_text(encoding="utf-8").replace(th.BLUISH_GREEN, th.REDDISH_PURPLE), encoding="utf-8")
    committed = QImage(str(_png(48)))
    assert icons.largest_difference(icons.render(48), committed) <= icons.TOLERANCE
    assert icons.largest_difference(icons.render(48, changed), committed) > 100
    assert icons.largest_difference(icons.render(32), committed) == 256  # another size


@pytest.mark.parametrize("size", SIZES)
def test_each_png_is_a_square_icon_on_transparency(size: int) -> None:
    image = QImage(str(_png(size)))
    assert (image.width(), image.height()) == (size, size)
    assert image.hasAlphaChannel()
    assert image.pixelColor(0, 0).alpha() == 0  # outside the rounded tile
    assert image.pixelColor(size // 2, size // 2).alpha() == 255


@pytest.mark.parametrize(
    ("name", "sizes"),
    [("massage-trainer.ico", [16, 24, 32, 48, 64, 128, 256]),  # Windows: the .exe
     ("massage-trainer.icns", [16, 32, 64, 128, 256, 512, 1024, 32, 64, 256, 512])],  # macOS: the .app
)
def test_qt_reads_every_image_of_the_windows_and_macos_icons(name: str, sizes: list[int]) -> None:
    # Qt's own ico and icns readers, not the script's: the files are what those formats say.
    reader = QImageReader(str(ROOT / "packaging" / "icons" / name))
    assert reader.imageCount() == len(sizes)
    read = []
    for i in range(len(sizes)):
        assert reader.jumpToImage(i)
        image = reader.read()
        assert not image.isNull() and image.pixelColor(0, 0).alpha() == 0
        read.append((image.width(), image.height()))
    assert read == [(s, s) for s in sizes]


def test_the_icon_speaks_the_app_palette() -> None:
    # Okabe–Ito for the tile, the spine and the ink; the light theme's skin for the back.
    palette = {th.BLUE, th.VERMILLION, th.BLUISH_GREEN, th.LIGHT.skin, th.LIGHT.skin_edge}
    used = {c.upper() for c in re.findall(r"#[0-9A-Fa-f]{6}\b", SVG.read_text(encoding="utf-8"))}
    assert used == palette


def test_the_app_shows_it_as_its_window_icon(tmp_path: Path) -> None:
    # In a fresh process: ensure_app() sets the icon only on the application it creates.
    probe = (
        "import sys; from massage_trainer.ui.shell.app import ensure_app; app = ensure_app();"
        "icon = app.windowIcon(); assert not icon.isNull(); icon.pixmap(64, 64).toImage().save(sys.argv[1])"
    )
    shown = tmp_path / "shown.png"
    result = subprocess.run([sys.executable, "-c", probe, str(shown)], capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    icons = _render_icons()
    assert icons.largest_difference(QImage(str(shown)), QImage(str(_png(64)))) <= icons.TOLERANCE
