"""Check a screenshot the frozen app wrote (packaging/smoke-test runs this with the source tree's Python).

    python packaging/check_screenshot.py SHOT.png WIDTHxHEIGHT [REFERENCE.png]

SHOT must be a real PNG of exactly that size, and not blank: many colours, none covering nearly all
of it. With REFERENCE (the same screen drawn by the source tree), nearly every pixel must match, so a
bundle that lost a font, an icon plugin or a chart library shows up. Exit 0 and one line of figures
when it passes; exit 1 with the reason when it does not.
"""

from __future__ import annotations

import sys
from pathlib import Path

import numpy as np
from PySide6.QtGui import QImage

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
MIN_COLOURS = 64  # a drawn screen has hundreds (text, anti-aliasing, the diagram)
MAX_COMMONEST = 0.9  # the share of the commonest colour: the background
MIN_SAME = 0.99  # the share of pixels equal to the reference


def pixels(path: Path) -> np.ndarray:
    image = QImage(str(path)).convertToFormat(QImage.Format.Format_RGB32)
    if image.isNull():
        raise SystemExit(f"{path}: Qt cannot read it")
    rows = np.frombuffer(image.constBits(), dtype=np.uint32, count=image.bytesPerLine() * image.height() // 4)
    return rows.reshape(image.height(), image.bytesPerLine() // 4)[:, : image.width()].copy()  # off the QImage


def check(shot: Path, width: int, height: int, reference: Path | None) -> str:
    if shot.read_bytes()[:8] != PNG_SIGNATURE:
        raise SystemExit(f"{shot}: not a PNG")
    data = pixels(shot)
    if data.shape != (height, width):
        raise SystemExit(f"{shot}: {data.shape[1]}x{data.shape[0]}, not {width}x{height}")
    colours, counts = np.unique(data, return_counts=True)
    commonest = counts.max() / data.size
    if len(colours) < MIN_COLOURS or commonest > MAX_COMMONEST:
        raise SystemExit(f"{shot}: looks blank ({len(colours)} colours, the commonest on {commonest:.0%})")
    figures = f"{shot.name}: {width}x{height}, {len(colours)} colours, the commonest on {commonest:.0%}"
    if reference is not None:
        ref = pixels(reference)
        same = float(np.mean(ref == data)) if ref.shape == data.shape else 0.0
        if same < MIN_SAME:
            raise SystemExit(f"{shot}: only {same:.2%} of its pixels match {reference.name}")
        figures += f", {same:.2%} of pixels as {reference.name}"
    return figures


def main(argv: list[str]) -> int:
    if len(argv) not in (2, 3):
        raise SystemExit(__doc__)
    width, height = (int(v) for v in argv[1].split("x"))
    print(check(Path(argv[0]), width, height, Path(argv[2]) if len(argv) == 3 else None))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
