"""The drill page's warning: the whole of a long alert shows, at a laptop's size and at 4K."""

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel

from tests.gui_helpers import open_window
from tests.practice_helpers import drag, open_practice, start


def clipped(page) -> list[str]:
    """The drill page's shown labels given less height than their text needs at their width."""
    return [label.text() for label in page.findChildren(QLabel)
            if label.isVisible() and label.height() < label.heightForWidth(label.width())]


@pytest.mark.parametrize("drill", ["technique:stroking", "session"])
@pytest.mark.parametrize("size", [(1366, 768), (3840, 2160)])
def test_a_two_line_alert_shows_whole_and_covers_nothing(qtbot, size, drill):
    window, _storage = open_window(qtbot, size)
    practice = open_practice(window, qtbot)
    start(practice, qtbot, drill)
    # In toward the spine on the patient's left: one of the longest alert titles.
    drag(practice, qtbot, [(-0.35, 0.68), (-0.07, 0.68)], steps=40, seconds=1.6)
    page = practice.drill_page
    title = page.feedback_title
    assert title.text().startswith("At 0:0") and "moved in toward the spine" in title.text()
    # Laid out at once, before the event loop turns: no frame shows the title cut to one line.
    assert title.height() >= title.heightForWidth(title.width()) > title.fontMetrics().height()
    assert page.feedback_text.height() >= page.feedback_text.heightForWidth(page.feedback_text.width())
    practice.live.pause()  # the Resume button joins the row: the page is at its tallest
    qtbot.waitUntil(lambda: page.resume_button.isVisible() and not clipped(page))
    flags = int(title.alignment().value) | Qt.TextFlag.TextWordWrap.value
    assert title.contentsRect().contains(title.fontMetrics().boundingRect(title.contentsRect(), flags, title.text()))
    # Nothing is covered: the buttons sit under the clock and above the alert card, which ends
    # above the pressure card; and the buttons are in view without scrolling.
    pressure = page.gauge.parentWidget().geometry()
    buttons = page.finish_button.geometry()
    assert page.clock_label.geometry().bottom() < buttons.top()
    assert buttons.bottom() < page.feedback_card.geometry().top()
    assert page.feedback_card.geometry().bottom() < pressure.top()
    assert pressure.bottom() <= page.widget().height()  # reachable, by scrolling at most
    assert buttons.bottom() <= page.viewport().height()
