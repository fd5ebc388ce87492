"""Helpers for GUI tests: build the real window on a test home, and read what the diagram shows."""

from __future__ import annotations

from typing import Any

from PySide6.QtGui import QColor, QImage

from massage_trainer.content import load_content
from massage_trainer.storage import Storage
from massage_trainer.ui.diagram.view import BackDiagram
from massage_trainer.ui.kit import theme as th
from massage_trainer.ui.shell.app import build_window, ensure_app
from massage_trainer.ui.shell.main_window import MainWindow
from tests.clock import FakeClock  # noqa: F401 - the GUI tests take it from here too

FIRST_LEARNER = "Learner 1"


def open_window(qtbot: Any, size: tuple[int, int] = (1366, 768),
                learner: str | None = FIRST_LEARNER) -> tuple[MainWindow, Storage]:
    """The real window on the test home. A home with no learner gets `learner` (created and chosen
    first, as a user does on Today's welcome); with None the window opens as on a first launch."""
    ensure_app()
    storage = Storage.open()
    if learner is not None and not storage.learners.all():
        storage.learners.remember(storage.learners.create(learner))
    window = build_window(load_content(), storage, th.LIGHT)
    qtbot.addWidget(window)
    window.resize(*size)
    window.show()
    qtbot.waitExposed(window)
    return window, storage


def pixel_at(image: QImage, diagram: BackDiagram, x: float, y: float) -> QColor:
    """The colour the diagram shows at a body-frame point, in an image grabbed from it."""
    p = diagram.to_widget(x, y)
    dpr = image.devicePixelRatio()
    return image.pixelColor(round(p.x() * dpr), round(p.y() * dpr))


def mean_colour(image: QImage, diagram: BackDiagram, x: float, y: float, radius_px: int = 2) -> QColor:
    """The mean colour of a small patch around a body-frame point, so hatch lines and fill average out."""
    p = diagram.to_widget(x, y)
    dpr = image.devicePixelRatio()
    cx, cy = round(p.x() * dpr), round(p.y() * dpr)
    span = range(-radius_px, radius_px + 1)
    pixels = [image.pixelColor(cx + dx, cy + dy) for dx in span for dy in span]
    n = len(pixels)
    return QColor(round(sum(c.red() for c in pixels) / n), round(sum(c.green() for c in pixels) / n),
                  round(sum(c.blue() for c in pixels) / n))


def box_pixels(image: QImage, diagram: BackDiagram, box: tuple[float, float, float, float]) -> list[int]:
    """The pixels (as RGB numbers) of a body-frame box (x0, y0, x1, y1), row by row."""
    x0, y0, x1, y1 = box
    a, b = diagram.to_widget(x0, y0), diagram.to_widget(x1, y1)
    dpr = image.devicePixelRatio()
    left, right = sorted((round(a.x() * dpr), round(b.x() * dpr)))
    top, bottom = sorted((round(a.y() * dpr), round(b.y() * dpr)))
    return [image.pixel(px, py) for py in range(top, bottom + 1) for px in range(left, right + 1)]


def blend_toward(colour: QColor, base: QColor, target: QColor) -> tuple[float, float]:
    """How far `colour` lies from `base` toward `target` (0 at base, 1 at target), and how far off that line.

    A translucent fill of `target` over `base` gives a colour on the line between them:
    the first number is then its opacity, and the second (in RGB units) is small.
    """
    v = [target.red() - base.red(), target.green() - base.green(), target.blue() - base.blue()]
    w = [colour.red() - base.red(), colour.green() - base.green(), colour.blue() - base.blue()]
    length2 = sum(c * c for c in v)
    f = sum(a * b for a, b in zip(v, w, strict=True)) / length2
    off = sum((b - f * a) ** 2 for a, b in zip(v, w, strict=True)) ** 0.5
    return f, off
