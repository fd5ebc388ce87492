"""The back diagram's input and layers, on a bare BackDiagram (no window, no drill)."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPoint, QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QPainter, QWheelEvent
from PySide6.QtWidgets import QApplication

from massage_trainer.ui.diagram.cache import LayerCache
from massage_trainer.ui.diagram.view import BackDiagram
from massage_trainer.ui.kit import theme as th


@pytest.fixture
def diagram(qtbot, body):
    d = BackDiagram(body, th.LIGHT)
    qtbot.addWidget(d)
    d.resize(700, 800)
    d.show()
    qtbot.waitExposed(d)
    return d


def turn(diagram: BackDiagram, delta: int) -> None:
    """One real wheel event over the diagram, `delta` eighths of a degree."""
    centre = QPointF(diagram.rect().center())
    event = QWheelEvent(centre, diagram.mapToGlobal(centre), QPoint(0, 0), QPoint(0, delta),
                        Qt.MouseButton.NoButton, Qt.KeyboardModifier.NoModifier,
                        Qt.ScrollPhase.NoScrollPhase, False)
    QApplication.sendEvent(diagram, event)


@pytest.fixture
def notches(diagram):
    """The notches the diagram reports, in order, while input is on."""
    got: list[int] = []
    diagram.wheelTurned.connect(got.append)
    diagram.set_input_enabled(True)
    return got


@pytest.mark.parametrize("sign", [1, -1])
def test_one_notch_is_one_step_either_way(diagram, notches, sign):
    turn(diagram, 120 * sign)
    assert notches == [sign]


@pytest.mark.parametrize("sign", [1, -1])
def test_a_notch_and_a_half_then_half_a_notch_is_two_steps_either_way(diagram, notches, sign):
    turn(diagram, 180 * sign)
    assert sum(notches) == sign  # the half notch is kept, not rounded either way
    turn(diagram, 60 * sign)
    assert sum(notches) == 2 * sign


@pytest.mark.parametrize("sign", [1, -1])
def test_small_touchpad_deltas_add_up_to_one_step_per_notch(diagram, notches, sign):
    for _ in range(7):
        turn(diagram, 15 * sign)
    assert notches == []  # 105 of 120: not a step yet
    turn(diagram, 15 * sign)
    assert notches == [sign]
    for _ in range(16):
        turn(diagram, 15 * sign)
    assert sum(notches) == 3 * sign


def test_two_notches_at_once_are_two_steps(diagram, notches):
    turn(diagram, 240)
    assert notches == [2]


def test_a_part_turn_is_forgotten_when_input_goes_off_and_on(diagram, notches):
    turn(diagram, 90)
    diagram.set_input_enabled(False)
    diagram.set_input_enabled(True)
    turn(diagram, 90)
    assert notches == []


def test_the_wheel_changes_nothing_while_input_is_off(diagram):
    got: list[int] = []
    diagram.wheelTurned.connect(got.append)
    assert not diagram.input_enabled()
    turn(diagram, 240)
    assert got == []


class Square:
    """A layer that paints a square through the shared cache, counting its full renders."""

    def __init__(self) -> None:
        self.cache = LayerCache()
        self.renders = 0

    def paint(self, painter: QPainter, diagram: BackDiagram) -> None:
        if not self.cache.fresh(diagram):
            self.cache.reset(diagram)
            p = self.cache.painter(diagram)
            p.fillRect(QRectF(-0.05, 0.45, 0.1, 0.1), QColor("#123456"))
            p.end()
            self.renders += 1
        self.cache.blit(painter)


def _pixel(diagram: BackDiagram, x: float, y: float) -> str:
    image = diagram.grab().toImage()
    p = diagram.to_widget(x, y)
    dpr = image.devicePixelRatio()
    return image.pixelColor(round(p.x() * dpr), round(p.y() * dpr)).name()


def test_a_cached_layer_is_painted_once_and_blitted_after(diagram):
    layer = Square()
    diagram.add_layer(layer)
    assert diagram.has_layer(layer)
    assert _pixel(diagram, 0.0, 0.5) == "#123456"
    assert _pixel(diagram, 0.0, 0.5) == "#123456"
    assert layer.renders == 1  # the second paint only blitted
    diagram.resize(600, 700)  # a new size: the cache is painted afresh
    assert _pixel(diagram, 0.0, 0.5) == "#123456"
    assert layer.renders == 2
    diagram.remove_layer(layer)
    assert not diagram.has_layer(layer)
    assert _pixel(diagram, 0.0, 0.5) != "#123456"


class Recorder:
    """A layer that notes the body-frame box each paint has to fill."""

    def __init__(self) -> None:
        self.areas: list[QRectF] = []

    def paint(self, painter: QPainter, diagram: BackDiagram) -> None:
        self.areas.append(diagram.dirty_frame_rect(painter))


def test_a_layer_learns_which_part_of_the_body_frame_a_repaint_covers(diagram):
    layer = Recorder()
    diagram.add_layer(layer)
    diagram.repaint()  # the first paint after a change covers the whole widget
    box = QRectF(0.1, 0.2, 0.1, 0.1)
    diagram.repaint(diagram.transform().mapRect(box).toAlignedRect())
    area = layer.areas[-1]
    slack = 2 / diagram.scale()  # a pixel or two of rounding to whole pixels
    assert area.adjusted(-slack, -slack, slack, slack).contains(box)
    assert box.adjusted(-slack, -slack, slack, slack).contains(area)
    diagram.repaint()  # the whole widget: the whole view, a good deal more than the back
    assert layer.areas[-1].contains(QRectF(-0.6, -0.1, 1.2, 1.2))
