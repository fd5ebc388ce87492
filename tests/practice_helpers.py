"""Helpers for the Practice screen's GUI tests: open it, start a drill, trace, finish, find a dialog."""

from __future__ import annotations

import itertools
import math
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


# --- a short drill of one technique, done with the device as its instructions say ---------


def start_short(screen, qtbot, technique: str, seconds: float = 20.0):
    """A drill of one technique with a short planned time (the test moves the clock), up on screen."""
    from massage_trainer.core.drill import DrillPhase, DrillSpec, technique_drill_id

    drill_id = technique_drill_id(technique)
    screen.select_drill(drill_id)
    screen.spec = DrillSpec(drill_id, screen.titles[drill_id], "", (DrillPhase(technique, seconds, technique),))
    qtbot.mouseClick(screen.choose_page.start_button, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(screen.screening_page.begin_button, Qt.MouseButton.LeftButton)
    assert screen.drill is not None and screen.drill.spec.total_seconds == seconds


def move(screen, qtbot, to, seconds, rate=40.0):
    """Move the mouse in a straight line to `to` (the button as it is), the clock moving along."""
    diagram, clock = screen.diagram, screen.clock
    x0, y0 = screen.drill.hand.at if screen.drill.hand.at is not None else to
    n = max(1, round(seconds * rate))
    for k in range(1, n + 1):
        clock.now += seconds / n
        f = k / n
        qtbot.mouseMove(diagram, at(diagram, x0 + (to[0] - x0) * f, y0 + (to[1] - y0) * f))
        screen.refresh()


def press(screen, qtbot, point):
    qtbot.mousePress(screen.diagram, Qt.MouseButton.LeftButton, pos=at(screen.diagram, *point))


def release(screen, qtbot, point):
    qtbot.mouseRelease(screen.diagram, Qt.MouseButton.LeftButton, pos=at(screen.diagram, *point))


def wait(screen, seconds, rate=20.0):
    """Time passes with the pointer at rest; the drill's timer ticks."""
    n = max(1, round(seconds * rate))
    for _ in range(n):
        screen.clock.now += seconds / n
        screen.refresh()


def glide(screen, qtbot, on: bool) -> None:
    """G, to glide (on) or press again (off)."""
    if screen.drill_page.glide_button.isChecked() != on:
        qtbot.keyClick(screen.diagram, Qt.Key.Key_G)


def run_out(screen) -> None:
    """Let the drill's time run out: it ends, and its report comes up."""
    screen.clock.now += screen.drill.remaining + 0.5
    screen.refresh()
    assert screen.pages.currentWidget() is screen.result_page


def stroking_as_taught(screen, qtbot, xs=(0.1, 0.18, 0.26), sides=(1, -1)):
    """Long strokes up from the waist, gliding back down and across; left and right in turn."""
    columns = [s * x for x in xs for s in sides]
    press(screen, qtbot, (columns[0], 0.1))
    for x in columns:
        glide(screen, qtbot, True)
        move(screen, qtbot, (x, 0.1), 0.6)
        glide(screen, qtbot, False)
        move(screen, qtbot, (x, 0.85), 1.6)
        glide(screen, qtbot, True)
        move(screen, qtbot, (x, 0.1), 0.9)


def rubbing_as_taught(screen, qtbot, bands=((0.15, 0.42), (0.5, 0.8)), sides=(1, -1)):
    """A zigzag up and down while moving out from the spine, a band at a time, gliding back in."""
    press(screen, qtbot, (0.08 * sides[0], 0.15))
    for s in sides:
        for lo, hi in bands:
            glide(screen, qtbot, True)
            move(screen, qtbot, (0.08 * s, lo), 0.8)
            glide(screen, qtbot, False)
            for k in range(1, 9):
                move(screen, qtbot, (s * (0.08 + 0.025 * k), hi if k % 2 else lo), 0.4)
        glide(screen, qtbot, True)
        move(screen, qtbot, (0.08 * s, 0.15), 0.8)


def kneading_as_taught(screen, qtbot, radius=0.06, x=0.15, loops=12, hz=1.5, straight=False):
    """Small circles moving up from the waist, one side then the other, gliding across between."""
    press(screen, qtbot, (x, 0.15))
    for s in (1, -1):
        glide(screen, qtbot, True)
        move(screen, qtbot, (s * x, 0.15), 0.8)
        glide(screen, qtbot, False)
        steps = 16
        for k in range(1, loops * steps + 1):
            a = 2 * math.pi * k / steps
            cy = 0.15 + 0.05 * k / steps
            point = (s * x, cy) if straight else (s * x + radius * math.sin(a), cy + radius * (1 - math.cos(a)))
            move(screen, qtbot, point, 1 / hz / steps, rate=1 / (1 / hz / steps))
        glide(screen, qtbot, True)
        move(screen, qtbot, (s * x, 0.15), 0.8)


def percussion_as_taught(screen, qtbot, places=((0.25, 0.5), (0.32, 0.85))):
    """Clicks on one side, lifting between blows; lift to cross; then the other side, and again."""
    for _ in range(2):
        for s in (1, -1):
            (x0, y0), (x1, y1) = places
            for k in range(14):
                f = k / 13
                point = (s * (x0 + (x1 - x0) * f), y0 + (y1 - y0) * f)
                move(screen, qtbot, point, 0.1)
                qtbot.mouseClick(screen.diagram, Qt.MouseButton.LeftButton, pos=at(screen.diagram, *point))
                wait(screen, 0.2)
            move(screen, qtbot, (-s * x0, y0), 0.5)  # in the air, across the spine


def vibration_as_taught(screen, qtbot, places=((0.25, 0.5), (0.3, 0.65), (0.3, 0.8)), hold=1.8):
    """V held at several places on each side, released to move between them."""
    for s in (1, -1, 1):
        for x, y in places:
            move(screen, qtbot, (s * x, y), 0.3)
            qtbot.keyPress(screen.diagram, Qt.Key.Key_V)
            wait(screen, hold)
            qtbot.keyRelease(screen.diagram, Qt.Key.Key_V)
