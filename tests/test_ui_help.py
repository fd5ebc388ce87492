"""F1: help for the screen showing, window-wide; during a drill, Practice's own keys panel instead."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel

from massage_trainer.ui.shell.help import F1_ROW, HelpDialog
from tests.gui_helpers import open_window
from tests.practice_helpers import open_practice, start

SCREENS = ["today", "atlas", "techniques", "practice", "reference"]


def press_f1(window, qtbot) -> HelpDialog | None:
    focus = window.focusWidget() or window
    qtbot.keyClick(focus, Qt.Key.Key_F1)
    return window.help if isinstance(window.help, HelpDialog) and window.help.isVisible() else None


@pytest.mark.parametrize("screen", SCREENS)
def test_f1_opens_help_for_the_screen_showing_and_esc_closes_it(window, qtbot, screen):
    qtbot.mouseClick(window.rail.buttons[screen], Qt.MouseButton.LeftButton)
    dialog = press_f1(window, qtbot)
    assert dialog is not None, f"F1 on {screen} opened no help"
    qtbot.waitExposed(dialog)
    shown = window.screens[screen].screen_help()
    assert dialog.windowTitle() == f"Help: {window.screens[screen].title}"
    assert dialog.where.text() == shown.where
    rail = [(f"Ctrl+{i + 1}", b.text()) for i, b in enumerate(window.rail.buttons.values())]
    assert dialog.shown_rows() == [*shown.keys, *rail, F1_ROW]
    assert all(label.textFormat() == Qt.TextFormat.PlainText for label in dialog.findChildren(QLabel))
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: not dialog.isVisible())


def test_f1_again_shows_one_help_not_two(window, qtbot):
    first = press_f1(window, qtbot)
    window.activateWindow()
    second = window.open_help()
    assert first is not None and not first.isVisible() and second.isVisible()


def test_f1_during_a_drill_toggles_its_keys_and_opens_no_help(window, qtbot):
    practice = open_practice(window, qtbot)
    start(practice, qtbot)
    card = practice.drill_page.help_card
    assert press_f1(window, qtbot) is None and card.isVisible()
    assert press_f1(window, qtbot) is None and not card.isVisible()
    practice.cancel_drill()  # no drill: F1 is the screen's help again
    assert press_f1(window, qtbot) is not None


def test_the_help_reads_at_4k(qtbot):
    window, storage = open_window(qtbot, size=(3840, 2160))
    try:
        small = window.font().pointSizeF()
        dialog = window.open_help()
        assert isinstance(dialog, HelpDialog)
        qtbot.waitExposed(dialog)
        key, words = dialog.key_labels[0]
        assert key.font().pointSizeF() >= small and words.font().pointSizeF() >= small > 15
        assert dialog.width() >= 0.5 * window.width() and dialog.height() >= 0.5 * window.height()
        assert key.font().bold()
    finally:
        window.close()
        storage.close()
