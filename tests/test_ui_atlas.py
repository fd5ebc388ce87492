"""The Atlas and the main window, driven through real widgets."""

from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QApplication, QInputDialog, QMessageBox


def point_of(diagram, x, y) -> QPoint:
    return diagram.to_widget(x, y).toPoint()


def test_rail_lists_existing_screens(window):
    assert list(window.rail.buttons) == list(window.screens)
    assert window.current_screen() == "atlas"
    assert window.screen_title.text() == "Atlas"


def test_hover_a_zone_explains_it_with_its_rule(window, qtbot):
    diagram = window.ctx.diagram
    atlas = window.screens["atlas"]
    with qtbot.waitSignal(diagram.zoneHovered) as blocker:
        qtbot.mouseMove(diagram, point_of(diagram, -0.14, 0.25))
    assert blocker.args == [("kidney-left",)]
    assert "Left kidney area" in atlas.zone_title.text()
    assert "rule 7" in atlas.zone_text.text()
    qtbot.mouseMove(diagram, point_of(diagram, 0.0, 0.68))
    qtbot.waitUntil(lambda: "Spine" in atlas.zone_title.text())
    assert "Heart area" in atlas.zone_title.text()  # the spine strip crosses the heart area
    assert "rule 6" in atlas.zone_text.text() and "rule 7" in atlas.zone_text.text()
    qtbot.mouseMove(diagram, point_of(diagram, 0.25, 0.5))
    qtbot.waitUntil(lambda: atlas.zone_title.text() == "Zones")


def test_keyboard_focus_walks_the_zones(window, qtbot):
    diagram = window.ctx.diagram
    atlas = window.screens["atlas"]
    diagram.setFocus(Qt.FocusReason.TabFocusReason)
    qtbot.waitUntil(lambda: diagram.focused_zone() == "spine")
    assert "rule 6" in atlas.zone_text.text()
    qtbot.keyClick(diagram, Qt.Key.Key_Tab)
    assert diagram.focused_zone() == "heart"
    assert "Heart area" in atlas.zone_title.text()
    qtbot.keyClick(diagram, Qt.Key.Key_Down)
    assert diagram.focused_zone() == "kidney-left"
    qtbot.keyClick(diagram, Qt.Key.Key_Up)
    assert diagram.focused_zone() == "heart"
    qtbot.keyClick(diagram, Qt.Key.Key_Escape)
    assert diagram.focused_zone() is None


def test_landmarks_can_be_hidden(window, qtbot):
    atlas = window.screens["atlas"]
    diagram = window.ctx.diagram
    before = diagram.grab().toImage()
    qtbot.mouseClick(atlas.landmarks, Qt.MouseButton.LeftButton)
    assert not diagram.landmarks_visible()
    after = diagram.grab().toImage()
    assert before != after
    qtbot.mouseClick(atlas.landmarks, Qt.MouseButton.LeftButton)
    assert diagram.landmarks_visible()


def _tint(image, diagram, x, y) -> QColor:
    """The mean colour of a small patch, so hatch lines and fill average out."""
    p = diagram.to_widget(x, y)
    dpr = image.devicePixelRatio()
    cx, cy = round(p.x() * dpr), round(p.y() * dpr)
    pixels = [image.pixelColor(cx + dx, cy + dy) for dx in range(-2, 3) for dy in range(-2, 3)]
    n = len(pixels)
    return QColor(round(sum(c.red() for c in pixels) / n), round(sum(c.green() for c in pixels) / n),
                  round(sum(c.blue() for c in pixels) / n))


def test_zones_are_drawn_where_the_body_frame_puts_them(window):
    """A rendered diagram, probed: the spine is vermillion-tinted, the kidneys orange, skin elsewhere."""
    diagram = window.ctx.diagram
    image = diagram.grab().toImage()
    spine = _tint(image, diagram, 0.033, 0.43)
    kidney = _tint(image, diagram, 0.16, 0.14)
    skin = _tint(image, diagram, 0.25, 0.55)
    outside = _tint(image, diagram, 0.6, 0.4)
    assert spine.red() > spine.blue() + 60 and spine.green() < skin.green() - 30
    assert kidney.red() > kidney.blue() + 80 and kidney != skin
    assert skin == QColor("#F1D9C4")
    assert outside == QColor("#F7F5F2")


def test_navigate_to_reference(window, qtbot):
    qtbot.mouseClick(window.rail.buttons["reference"], Qt.MouseButton.LeftButton)
    assert window.current_screen() == "reference"
    text = window.screens["reference"].browser.toPlainText()
    assert "Consult a doctor first" in text
    assert "Never work on the spine" in text and "Epilepsy" in text
    qtbot.keyClick(window, Qt.Key.Key_1, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: window.current_screen() == "atlas")


def _accept_text_dialog(qtbot, text):
    dialog = None

    def found():
        nonlocal dialog
        dialog = next((w for w in QApplication.topLevelWidgets()
                       if isinstance(w, QInputDialog) and w.isVisible()), None)
        return dialog is not None

    qtbot.waitUntil(found)
    assert dialog is not None
    dialog.setTextValue(text)
    dialog.accept()


def test_create_switch_rename_and_delete_learners(window, qtbot):
    bar = window.learner_bar
    assert bar.current().name == "Learner 1"  # the first run's default learner
    bar.new_action.trigger()
    _accept_text_dialog(qtbot, "Maya")
    assert bar.current().name == "Maya"
    assert window.ctx.learner.name == "Maya"
    assert window.learner_status.text() == "Learner: Maya"

    # Switch back through the picker, as a user would.
    with qtbot.waitSignal(bar.changed):
        bar.combo.setCurrentIndex(bar.combo.findText("Learner 1"))
    assert window.ctx.learner.name == "Learner 1"
    assert window.ctx.storage.learners.last_used().name == "Learner 1"

    bar.rename_action.trigger()
    _accept_text_dialog(qtbot, "Sam")
    assert [bar.combo.itemText(i) for i in range(bar.combo.count())] == ["Maya", "Sam"]

    bar.delete_action.trigger()
    box = next(w for w in QApplication.topLevelWidgets() if isinstance(w, QMessageBox) and w.isVisible())
    box.button(QMessageBox.StandardButton.Cancel).click()
    assert bar.combo.count() == 2
    bar.delete_action.trigger()
    box = next(w for w in QApplication.topLevelWidgets() if isinstance(w, QMessageBox) and w.isVisible())
    delete = next(b for b in box.buttons() if b.text() == "Delete")
    delete.click()
    qtbot.waitUntil(lambda: bar.combo.count() == 1)
    assert bar.current().name == "Maya"


def test_a_duplicate_name_is_refused_with_a_message(window, qtbot):
    bar = window.learner_bar
    bar.new_action.trigger()
    _accept_text_dialog(qtbot, "learner 1")
    box = None

    def warned():
        nonlocal box
        box = next((w for w in QApplication.topLevelWidgets()
                    if isinstance(w, QMessageBox) and w.isVisible()), None)
        return box is not None

    qtbot.waitUntil(warned)
    assert box is not None and "already a learner" in box.text()
    box.close()
    assert bar.combo.count() == 1


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
