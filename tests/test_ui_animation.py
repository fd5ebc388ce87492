"""The animation's drawing: its markers follow the view and the theme; sprites are drawn once, stamped where asked."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QImage, QPainter

from massage_trainer.ui.diagram.cache import SpriteCache
from massage_trainer.ui.diagram.view import BackDiagram
from massage_trainer.ui.kit import theme as th
from tests.gui_helpers import pixel_at


@pytest.fixture
def techniques(window, qtbot):
    qtbot.mouseClick(window.rail.buttons["techniques"], Qt.MouseButton.LeftButton)
    screen = window.screens["techniques"]
    screen.pause()
    screen.seek(screen.timeline.movement_starts[0] + 1.0)  # mid-stroke: both hands at work
    return screen


def _hand_colours(screen) -> list[QColor]:
    diagram = screen.diagram
    image = diagram.grab().toImage()
    return [pixel_at(image, diagram, h.x, h.y) for h in screen.current_frame().hands]


def test_the_markers_take_the_theme_colour_after_a_theme_change(techniques):
    assert _hand_colours(techniques) == [th.LIGHT.color("demo")] * 2
    techniques.diagram.set_theme(th.DARK)
    assert th.DARK.demo != th.LIGHT.demo
    assert _hand_colours(techniques) == [th.DARK.color("demo")] * 2


def test_the_markers_stay_on_the_hands_when_the_window_grows(window, techniques, qtbot):
    before = techniques.diagram.width()
    window.resize(2560, 1440)
    qtbot.waitUntil(lambda: techniques.diagram.width() > before * 1.5)
    assert _hand_colours(techniques) == [th.LIGHT.color("demo")] * 2


@pytest.fixture
def diagram(qtbot, content) -> BackDiagram:
    d = BackDiagram(content.body, th.LIGHT)
    qtbot.addWidget(d)
    d.resize(400, 300)
    return d


def _stamp(cache: SpriteCache, diagram: BackDiagram, key: object, at: QPointF, drawn: list[object]) -> QImage:
    image = QImage(diagram.width(), diagram.height(), QImage.Format.Format_ARGB32)
    image.fill(Qt.GlobalColor.white)
    painter = QPainter(image)

    def draw(p: QPainter) -> None:
        drawn.append(key)
        p.fillRect(QRectF(-5, -5, 10, 10), QColor("red"))

    cache.stamp(painter, diagram, key, QRectF(-5, -5, 10, 10), draw, at=at)
    painter.end()
    return image


def test_a_sprite_is_drawn_once_and_stamped_where_asked(diagram):
    cache = SpriteCache(limit=2)
    drawn: list[object] = []
    first = _stamp(cache, diagram, "a", QPointF(50, 60), drawn)
    again = _stamp(cache, diagram, "a", QPointF(200, 100), drawn)
    assert drawn == ["a"]
    assert first.pixelColor(50, 60) == QColor("red") and first.pixelColor(200, 100) == QColor("white")
    assert again.pixelColor(200, 100) == QColor("red") and again.pixelColor(50, 60) == QColor("white")
    assert again.pixelColor(206, 100) == QColor("white")  # just the sprite's 10 x 10 box


def test_sprites_are_drawn_again_for_a_new_view_or_theme_and_kept_few(diagram):
    cache = SpriteCache(limit=2)
    drawn: list[object] = []
    at = QPointF(20, 20)
    _stamp(cache, diagram, "a", at, drawn)
    diagram.resize(500, 300)
    _stamp(cache, diagram, "a", at, drawn)
    diagram.set_theme(th.CONTRAST)
    _stamp(cache, diagram, "a", at, drawn)
    assert drawn == ["a", "a", "a"]
    for key in ("b", "c", "a"):  # past the limit the cache starts again, so "a" is drawn anew
        _stamp(cache, diagram, key, at, drawn)
    assert drawn[3:] == ["b", "c", "a"]
