"""Render the app icon from its SVG: the hicolor PNGs, the Windows .ico and the macOS .icns.

    .venv/bin/python packaging/render_icons.py          # write them under packaging/icons/
    .venv/bin/python packaging/render_icons.py --check  # exit 1 if one is missing or stale

The source is assets/icons/massage-trainer.svg, which the app also ships (its window icon). QtSvg's
QSvgRenderer draws it offscreen (no display needed) onto a transparent square of each size; a PNG
holds nothing but the pixels (no time stamp, no text chunk), so the same SVG and Qt give the same
files. The .ico and the .icns only hold such PNGs, one per size, so no other tool is needed.
--check renders again and compares pixels, allowing a rounding step or two (TOLERANCE), since
Qt's raster engine may round differently on another CPU; a changed SVG differs far more than that.
"""

from __future__ import annotations

import argparse
import os
import struct
import sys
from pathlib import Path

from PySide6.QtCore import QBuffer, QIODevice, Qt
from PySide6.QtGui import QGuiApplication, QImage, QPainter
from PySide6.QtSvg import QSvgRenderer

ROOT = Path(__file__).resolve().parent.parent
NAME = "massage-trainer"
SVG = ROOT / "assets" / "icons" / f"{NAME}.svg"
ICONS = ROOT / "packaging" / "icons"
HICOLOR = ICONS / "hicolor"
SIZES = (16, 24, 32, 48, 64, 128, 256, 512)  # the hicolor sizes
ICO = ICONS / f"{NAME}.ico"  # Windows: the .exe's icon (packaging/massage-trainer.spec)
ICO_SIZES = (16, 24, 32, 48, 64, 128, 256)  # 256 is the largest an .ico holds
ICNS = ICONS / f"{NAME}.icns"  # macOS: the .app's icon
# The .icns element types that hold a PNG, with their sizes in pixels (ic11 to ic14 and ic10 are the
# @2x variants of 16, 32, 128, 256 and 512 points).
ICNS_TYPES = (("icp4", 16), ("icp5", 32), ("icp6", 64), ("ic07", 128), ("ic08", 256), ("ic09", 512),
              ("ic10", 1024), ("ic11", 32), ("ic12", 64), ("ic13", 256), ("ic14", 512))
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


def png_bytes(image: QImage) -> bytes:
    buffer = QBuffer()
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    if not image.save(buffer, "PNG"):
        raise SystemExit("cannot encode a PNG")
    return bytes(buffer.data().data())


def ico_bytes(pngs: dict[int, bytes]) -> bytes:
    """An .ico of PNG images (Windows Vista and later read them): a header, a directory, the PNGs."""
    directory, offset = [], 6 + 16 * len(ICO_SIZES)
    for size in ICO_SIZES:
        # width and height 0 mean 256; no palette; 1 plane; 32 bits a pixel; the image's length and place
        directory.append(struct.pack("<BBBBHHII", size % 256, size % 256, 0, 0, 1, 32, len(pngs[size]), offset))
        offset += len(pngs[size])
    return struct.pack("<HHH", 0, 1, len(ICO_SIZES)) + b"".join(directory) + b"".join(pngs[s] for s in ICO_SIZES)


def icns_bytes(pngs: dict[int, bytes]) -> bytes:
    """An .icns: "icns" and its length, then one element (type, length, PNG) per ICNS_TYPES entry."""
    body = b"".join(kind.encode("ascii") + struct.pack(">I", 8 + len(pngs[size])) + pngs[size]
                    for kind, size in ICNS_TYPES)
    return b"icns" + struct.pack(">I", 8 + len(body)) + body


def ico_images(data: bytes) -> list[tuple[int, QImage]]:
    """The (stated size, image) pairs of an .ico made by ico_bytes."""
    _, kind, count = struct.unpack_from("<HHH", data)
    if kind != 1:
        raise ValueError("not an icon file")
    found = []
    for i in range(count):
        width, _, _, _, _, _, length, offset = struct.unpack_from("<BBBBHHII", data, 6 + 16 * i)
        found.append((width or 256, QImage.fromData(data[offset:offset + length], "PNG")))
    return found


def icns_images(data: bytes) -> list[tuple[str, QImage]]:
    """The (element type, image) pairs of an .icns made by icns_bytes."""
    if data[:4] != b"icns" or struct.unpack_from(">I", data, 4)[0] != len(data):
        raise ValueError("not an icns file")
    found, at = [], 8
    while at < len(data):
        kind, length = data[at:at + 4].decode("ascii"), struct.unpack_from(">I", data, at + 4)[0]
        found.append((kind, QImage.fromData(data[at + 8:at + length], "PNG")))
        at += length
    return found


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
    pngs = {size: png_bytes(render(size)) for size in sorted({*SIZES, *ICO_SIZES, *(s for _, s in ICNS_TYPES)})}
    written = []
    for size in SIZES:
        path = png_path(size)
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(pngs[size])
        written.append(path)
    ICO.write_bytes(ico_bytes(pngs))
    ICNS.write_bytes(icns_bytes(pngs))
    return [*written, ICO, ICNS]


def stale() -> list[str]:
    """What is wrong with the committed icons: one line each, empty when they match the SVG."""
    renders: dict[int, QImage] = {}

    def differs(image: QImage, size: int) -> int:
        if size not in renders:
            renders[size] = render(size)
        return largest_difference(renders[size], image)

    problems = []
    for size in SIZES:
        path = png_path(size)
        image = QImage(str(path))
        if image.isNull():
            problems.append(f"{path.relative_to(ROOT)}: missing or not a PNG")
        elif (diff := differs(image, size)) > TOLERANCE:
            problems.append(f"{path.relative_to(ROOT)}: differs from the SVG (by {diff} of 255 at worst)")
    expected = {png_path(size) for size in SIZES}
    problems += [f"{p.relative_to(ROOT)}: not a size this script makes" for p in HICOLOR.rglob("*.png")
                 if p not in expected]
    for path, read, wanted in ((ICO, ico_images, [(s, s) for s in ICO_SIZES]), (ICNS, icns_images, ICNS_TYPES)):
        try:
            found = read(path.read_bytes())
        except (OSError, ValueError, struct.error, UnicodeDecodeError) as err:
            problems.append(f"{path.relative_to(ROOT)}: missing or unreadable ({err})")
            continue
        if [key for key, _ in found] != [key for key, _ in wanted]:
            problems.append(f"{path.relative_to(ROOT)}: holds {[k for k, _ in found]}, not {[k for k, _ in wanted]}")
            continue
        worst = max(differs(image, size) for (_, image), (_, size) in zip(found, wanted, strict=True))
        if worst > TOLERANCE:
            problems.append(f"{path.relative_to(ROOT)}: differs from the SVG (by {worst} of 255 at worst)")
    return problems


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="compare the committed icons with the SVG; write nothing")
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
        print(f"{len(SIZES)} PNGs, the .ico and the .icns match {SVG.relative_to(ROOT)}")
        return 0
    for path in write():
        print(path.relative_to(ROOT))
    return 0


if __name__ == "__main__":
    sys.exit(main())
