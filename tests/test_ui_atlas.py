"""The Atlas, driven through real widgets: zones explained, landmarks, and the diagram it paints."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QLabel

from massage_trainer.core.body import ZoneKind
from massage_trainer.ui.atlas.screen import AtlasScreen
from massage_trainer.ui.diagram.view import BackDiagram
from massage_trainer.ui.kit import theme as th
from tests.gui_helpers import blend_toward, box_pixels, mean_colour, pixel_at


@pytest.fixture
def window(window, qtbot):
    """The window on the Atlas, its diagram painted (the window opens on Today)."""
    window.show_screen("atlas")
    qtbot.waitUntil(window.ctx.diagram.painted)
    return window


def point_of(diagram: Any, x: float, y: float) -> QPoint:
    return diagram.to_widget(x, y).toPoint()


def test_hover_a_zone_explains_it_with_its_rule(window, qtbot):
    diagram = window.ctx.diagram
    atlas = window.screens["atlas"]
    with qtbot.waitSignal(diagram.zoneHovered) as blocker:
        qtbot.mouseMove(diagram, point_of(diagram, -0.14, 0.25))
    assert blocker.args == [("kidney-left",)]
    assert "Left kidney area" in atlas.zone_title.text()
    assert "rule 7" in atlas.explanation()
    qtbot.mouseMove(diagram, point_of(diagram, 0.0, 0.68))
    qtbot.waitUntil(lambda: "Spine" in atlas.zone_title.text())
    assert "Heart area" in atlas.zone_title.text()  # the spine strip crosses the heart area
    assert "rule 6" in atlas.explanation() and "rule 7" in atlas.explanation()
    qtbot.mouseMove(diagram, point_of(diagram, 0.25, 0.5))
    qtbot.waitUntil(lambda: atlas.zone_title.text() == "Zones")


def test_a_zone_reason_is_shown_as_the_file_wrote_it(qtbot, content):
    """Text from the content files is plain text: markup in it shows as written, never as formatting."""
    body = content.body
    odd = replace(body.zone("kidney-left"), why="Keep <b>off</b> the kidneys & <i>breathe</i>")
    diagram = BackDiagram(replace(body, zones=tuple(odd if z.id == odd.id else z for z in body.zones)))
    atlas = AtlasScreen(diagram, content.reference)
    qtbot.addWidget(atlas)
    atlas.explain(("kidney-left",))
    assert odd.why in atlas.explanation().splitlines()
    labels = [label for label in atlas.zone_card.findChildren(QLabel) if not label.isHidden()]
    assert {label.textFormat() for label in labels} == {Qt.TextFormat.PlainText}


def test_keyboard_focus_walks_the_zones(window, qtbot):
    diagram = window.ctx.diagram
    atlas = window.screens["atlas"]
    diagram.setFocus(Qt.FocusReason.TabFocusReason)
    qtbot.waitUntil(lambda: diagram.focused_zone() == "spine")
    assert "rule 6" in atlas.explanation()
    qtbot.keyClick(diagram, Qt.Key.Key_Tab)
    assert diagram.focused_zone() == "heart"
    assert "Heart area" in atlas.zone_title.text()
    qtbot.keyClick(diagram, Qt.Key.Key_Down)
    assert diagram.focused_zone() == "kidney-left"
    qtbot.keyClick(diagram, Qt.Key.Key_Up)
    assert diagram.focused_zone() == "heart"
    qtbot.keyClick(diagram, Qt.Key.Key_Escape)
    assert diagram.focused_zone() is None


def test_the_landmark_labels_show_and_hide_with_the_check_box(window, qtbot):
    """Unticking the box takes each vertebra's name off its block on the spine, and nothing else."""
    atlas = window.screens["atlas"]
    diagram = window.ctx.diagram
    labels = [(-0.01, v.point[1] - 0.008, 0.01, v.point[1] + 0.008) for v in diagram.body.vertebrae]
    elsewhere = [(-0.35, 0.3, -0.25, 0.4), (-0.2, 0.1, -0.12, 0.2), (0.2, 0.85, 0.3, 0.9)]
    assert atlas.landmarks.isChecked()
    shown = diagram.grab().toImage()
    qtbot.mouseClick(atlas.landmarks, Qt.MouseButton.LeftButton)
    assert not diagram.landmarks_visible()
    hidden = diagram.grab().toImage()
    assert [box_pixels(shown, diagram, b) != box_pixels(hidden, diagram, b) for b in labels] == [True] * len(labels)
    assert [box_pixels(shown, diagram, b) == box_pixels(hidden, diagram, b) for b in elsewhere] == [True] * 3
    qtbot.mouseClick(atlas.landmarks, Qt.MouseButton.LeftButton)
    assert diagram.landmarks_visible()
    again = diagram.grab().toImage()
    assert [box_pixels(again, diagram, b) != box_pixels(hidden, diagram, b) for b in labels] == [True] * len(labels)


@pytest.mark.parametrize(("zone_id", "point"), [("spine", (0.033, 0.43)), ("kidney-left", (-0.16, 0.14)),
                                                ("kidney-right", (0.16, 0.14))])
def test_a_zone_is_painted_in_its_theme_colour_where_the_body_frame_puts_it(window, content, zone_id, point):
    diagram = window.ctx.diagram
    theme = diagram.theme
    zone = content.body.zone(zone_id)
    assert [z.id for z in content.body.zones_at(point)] == [zone_id]
    colour_name = "no_work" if zone.kind == ZoneKind.NO_WORK else "caution"
    other_name = "caution" if colour_name == "no_work" else "no_work"
    skin = theme.color("skin")
    image = diagram.grab().toImage()
    seen = mean_colour(image, diagram, *point)
    # The fill (and its hatch) over the skin: at least the theme's zone opacity of the zone's colour ...
    share, off = blend_toward(seen, skin, theme.color(colour_name))
    assert theme.zone_alpha - 0.05 <= share <= 1.0 and off < 15
    # ... and not the other kind's colour.
    _share, off_other = blend_toward(seen, skin, theme.color(other_name))
    assert off_other > off + 15


def test_outside_the_zones_the_back_is_skin_and_around_it_the_canvas(window, content):
    diagram = window.ctx.diagram
    theme = diagram.theme
    inside, outside = (0.25, 0.55), (0.6, 0.4)
    assert content.body.zones_at(inside) == () and bool(content.body.on_working_area([inside])[0])
    assert not bool(content.body.on_working_area([outside])[0])
    image = diagram.grab().toImage()
    assert pixel_at(image, diagram, *inside) == theme.color("skin")
    assert pixel_at(image, diagram, *outside) == theme.color("canvas")


@pytest.mark.parametrize("theme", [th.DARK, th.CONTRAST], ids=lambda t: t.name)
def test_another_theme_paints_its_own_colours(window, content, theme):
    diagram = window.ctx.diagram
    diagram.set_theme(theme)
    image = diagram.grab().toImage()
    assert pixel_at(image, diagram, 0.25, 0.55) == QColor(theme.skin)
    share, off = blend_toward(mean_colour(image, diagram, -0.16, 0.14), QColor(theme.skin), QColor(theme.caution))
    assert share >= theme.zone_alpha - 0.05 and off < 15


def test_type_scales_with_the_window(window, qtbot):
    """Resizing to a 4K projector grows the type inside the screens and the check boxes too."""
    atlas = window.screens["atlas"]
    small = atlas.zone_text.font().pointSizeF()
    box = atlas.landmarks.sizeHint().height()
    window.resize(3840, 2160)
    qtbot.waitUntil(lambda: atlas.zone_text.font().pointSizeF() > small * 1.5)
    assert atlas.zone_title.font().pointSizeF() > atlas.zone_text.font().pointSizeF()
    assert atlas.landmarks.sizeHint().height() > box * 1.5
    window.resize(1366, 768)
    qtbot.waitUntil(lambda: atlas.zone_text.font().pointSizeF() == small)
