"""Helpers for the Practice screen's GUI tests: open it, start a drill, trace, finish, find a dialog."""

from __future__ import annotations

import itertools
from typing import TypeVar

from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtGui import QColor, QWheelEvent
from PySide6.QtWidgets import QApplication, QFileDialog, QMessageBox, QWidget

from tests.gui_helpers import FakeClock

W = TypeVar("W", bound=QWidget)


def open_practice(window, qtbot, synchronous: bool = True):
    """The Practice screen on show, its clock in the test's hand.

    `synchronous`: grading, saving and listing run at once, on the test's thread; with
    False they run on the worker thread, and the test waits on their signals.
    """
    qtbot.mouseClick(window.rail.buttons["practice"], Qt.MouseButton.LeftButton)
    assert window.current_screen() == "practice"
    screen = window.screens["practice"]
    screen.clock = FakeClock()
    screen.runner.synchronous = synchronous
    return screen


def start(screen, qtbot, drill_id="technique:stroking"):
    screen.select_drill(drill_id)
    qtbot.mouseClick(screen.choose_page.start_button, Qt.MouseButton.LeftButton)
    assert screen.pages.currentWidget() is screen.screening_page
    qtbot.mouseClick(screen.screening_page.begin_button, Qt.MouseButton.LeftButton)
    assert screen.pages.currentWidget() is screen.drill_page
    assert screen.drill is not None and screen.drill.running


def at(diagram, x, y) -> QPoint:
    return diagram.to_widget(x, y).toPoint()


def drag(screen, qtbot, points, steps=30, seconds=1.5, release=True):
    """Press, move and release the left button over the diagram, the clock moving along."""
    diagram = screen.diagram
    clock = screen.clock
    qtbot.mousePress(diagram, Qt.MouseButton.LeftButton, pos=at(diagram, *points[0]))
    for (x0, y0), (x1, y1) in itertools.pairwise(points):
        for k in range(1, steps + 1):
            clock.now += seconds / steps
            f = k / steps
            qtbot.mouseMove(diagram, at(diagram, x0 + (x1 - x0) * f, y0 + (y1 - y0) * f))
    if release:
        qtbot.mouseRelease(diagram, Qt.MouseButton.LeftButton, pos=at(diagram, *points[-1]))


def finish(screen, qtbot):
    """F, as the learner presses it; with a synchronous runner the report is up at once."""
    qtbot.keyClick(screen.diagram, Qt.Key.Key_F)
    assert screen.pages.currentWidget() is screen.result_page


def turn_wheel(widget, delta: int) -> None:
    """One real wheel event over the widget's centre: `delta` eighths of a degree (120 a notch)."""
    centre = QPointF(widget.rect().center())
    event = QWheelEvent(centre, widget.mapToGlobal(centre), QPoint(0, 0), QPoint(0, delta),
                        Qt.MouseButton.NoButton, Qt.KeyboardModifier.NoModifier,
                        Qt.ScrollPhase.NoScrollPhase, False)
    QApplication.sendEvent(widget, event)


def shown_named(qtbot, kind: type[W], name: str) -> W:
    """The top-level widget of this kind and object name, once it shows."""
    found: list[W] = []

    def visible() -> bool:
        found[:] = [w for w in QApplication.topLevelWidgets()
                    if isinstance(w, kind) and w.isVisible() and w.objectName() == name]
        return bool(found)

    qtbot.waitUntil(visible)
    return found[0]


def dialog_named(qtbot, name: str) -> QFileDialog:
    """The file dialog with this object name, once it shows."""
    return shown_named(qtbot, QFileDialog, name)


def message_named(qtbot, name: str) -> QMessageBox:
    """The message box with this object name, once it shows."""
    return shown_named(qtbot, QMessageBox, name)


def answer(qtbot, box: QMessageBox, label: str) -> None:
    """Click the box's button with this label, as a user would, and wait for the box to close."""
    button = next(b for b in box.buttons() if b.text() == label)
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not box.isVisible())


def _patch(diagram, image, x, y, reach):
    p = diagram.to_widget(x, y)
    dpr = image.devicePixelRatio()
    cx, cy = round(p.x() * dpr), round(p.y() * dpr)
    return [image.pixelColor(cx + dx, cy + dy) for dx in range(-reach, reach + 1) for dy in range(-reach, reach + 1)]


def colour_near(diagram, x, y, image=None, reach=2) -> QColor:
    """The most saturated pixel in a small patch around a body-frame point (a line's core)."""
    image = image if image is not None else diagram.grab().toImage()
    return max(_patch(diagram, image, x, y, reach), key=lambda c: QColor(c).saturation())


def distance_near(diagram, x, y, want: QColor, image=None, reach=2) -> int:
    """How close the patch around a body-frame point comes to a colour: the least, over its
    pixels, of the largest channel difference (0: that very colour is there)."""
    image = image if image is not None else diagram.grab().toImage()
    return min(max(abs(c.red() - want.red()), abs(c.green() - want.green()), abs(c.blue() - want.blue()))
               for c in _patch(diagram, image, x, y, reach))


def blend(over: QColor, alpha: float, under: QColor) -> QColor:
    """`over` painted at `alpha` on `under`."""
    def mix(a: int, b: int) -> int:
        return round(a * alpha + b * (1 - alpha))
    return QColor(mix(over.red(), under.red()), mix(over.green(), under.green()), mix(over.blue(), under.blue()))
