"""Render the app icon's PNGs from its SVG into the hicolor layout: the same SVG gives the same pixels.

    .venv/bin/python packaging/render_icons.py          # write packaging/icons/hicolor/NxN/apps/*.png
    .venv/bin/python packaging/render_icons.py --check  # exit 1 if a committed PNG is missing or stale

The source is assets/icons/massage-trainer.svg, which the app also ships (its window icon). QtSvg's
QSvgRenderer draws it offscreen (no display needed) onto a transparent square of each size; nothing
but the pixels goes into a PNG (no time stamp, no text chunk). --check renders again and compares
pixels, allowing a rounding step or two (TOLERANCE) because Qt's raster engine may round differently
on another CPU; a changed SVG differs far more than that.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication, QImage, QPainter
from PySide6.QtSvg import QSvgRenderer

ROOT = Path(__file__).resolve().parent.parent
NAME = "massage-trainer"
SVG = ROOT / "assets" / "icons" / f"{NAME}.svg"
HICOLOR = ROOT / "packaging" / "icons" / "hicolor"
SIZES = (16, 24, 32, 48, 64, 128, 256, 512)
TOLERANCE = 2  # the largest difference allowed in any channel of any pixel, out of 255


def png_path(size: int) -> Path:
    return HICOLOR / f"{size}x{size}" / "apps" / f"{NAME}.png"


def render(size: int, svg: Path = SVG) -> QImage:
    renderer = QSvgRenderer(str(svg))
    if not renderer.isValid():
        raise SystemExit(f"{svg}: not a valid SVG")
    image = QImage(size, size, QImage.Format.Format_ARGB32_Premultiplied)
    image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
    renderer.render(painter)
    painter.end()
    return image.convertToFormat(QImage.Format.Format_RGBA8888)


def largest_difference(a: QImage, b: QImage) -> int:
    """The largest channel difference between two images of one size (256 if their sizes differ)."""
    if a.size() != b.size():
        return 256
    a, b = (i.convertToFormat(QImage.Format.Format_RGBA8888) for i in (a, b))
    worst = 0
    for y in range(a.height()):
        row_a, row_b = bytes(a.constScanLine(y))[: a.width() * 4], bytes(b.constScanLine(y))[: b.width() * 4]
        if row_a != row_b:
            worst = max(worst, max(abs(p - q) for p, q in zip(row_a, row_b, strict=True)))
    return worst


def write() -> list[Path]:
    written = []
    for size in SIZES:
        path = png_path(size)
        path.parent.mkdir(parents=True, exist_ok=True)
        if not render(size).save(str(path), "PNG"):
            raise SystemExit(f"{path}: cannot write the PNG")
        written.append(path)
    return written


def stale() -> list[str]:
    """What is wrong with the committed PNGs: one line each, empty when they match the SVG."""
    problems = []
    for size in SIZES:
        path = png_path(size)
        committed = QImage(str(path))
        if committed.isNull():
            problems.append(f"{path.relative_to(ROOT)}: missing or not a PNG")
            continue
        diff = largest_difference(render(size), committed)
        if diff > TOLERANCE:
            problems.append(f"{path.relative_to(ROOT)}: differs from the SVG (by {diff} of 255 at worst)")
    expected = {png_path(size) for size in SIZES}
    problems += [f"{p.relative_to(ROOT)}: not a size this script makes" for p in HICOLOR.rglob("*.png")
                 if p not in expected]
    return problems


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="compare the committed PNGs with the SVG; write nothing")
    args = parser.parse_args(argv)
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")  # no display needed
    _app = QGuiApplication.instance() or QGuiApplication(sys.argv[:1])
    if args.check:
        problems = stale()
        for line in problems:
            print(line, file=sys.stderr)
        if problems:
            print("run: .venv/bin/python packaging/render_icons.py", file=sys.stderr)
            return 1
        print(f"{len(SIZES)} PNGs match {SVG.relative_to(ROOT)}")
        return 0
    for path in write():
        print(path.relative_to(ROOT))
    return 0


if __name__ == "__main__":
    sys.exit(main())
