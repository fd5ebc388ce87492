"""The Reference screen: graded contraindications with their sources, grouped indications, the
glossary on hover and on click, Ctrl+F, and a rule opened from elsewhere."""

from __future__ import annotations

from PySide6.QtCore import QPoint, Qt


def open_reference(window, qtbot):
    qtbot.mouseClick(window.rail.buttons["reference"], Qt.MouseButton.LeftButton)
    screen = window.screens["reference"]
    qtbot.waitExposed(screen)
    return screen


def test_the_page_shows_grades_groups_sources_and_the_glossary(window, qtbot) -> None:
    screen = open_reference(window, qtbot)
    text = screen.browser.toPlainText()
    for heading in ("Do not massage (absolute)", "Ask a doctor first (relative)", "Avoid that area (local)",
                    "What a relaxing classic massage can help",
                    "What therapeutic massage treats: by a specialist with medical training", "Glossary", "Sources"):
        assert heading in text, heading
    ref = screen.reference
    absolute = text.index("Do not massage (absolute)")
    relative = text.index("Ask a doctor first (relative)")
    fever = ref.contraindications[0]
    assert absolute < text.index(fever.text) < relative
    assert "(beyond the source article)" in text
    assert text.count("(beyond the source article)") == sum(c.beyond_article for c in ref.contraindications)
    batavia = [s.id for s in ref.sources].index("batavia-2004") + 1
    assert f"[{batavia}] Batavia M." in text


def test_a_term_explains_itself_on_hover_and_goes_to_its_entry(window, qtbot) -> None:
    screen = open_reference(window, qtbot)
    browser = screen.browser
    assert screen.find_next(from_top=True) is False  # nothing typed: nothing to find
    screen.find_field.setText("osteochondrosis")
    rect = browser.cursorRect(browser.textCursor())  # the first use, in the indications
    at = rect.center() - QPoint(rect.width() + 8, 0)
    qtbot.mouseMove(browser.viewport(), at)
    qtbot.waitUntil(lambda: "Eastern Europe" in screen.term_note.text())
    assert screen.term_note.isVisible() and screen.term_note.textFormat() == Qt.TextFormat.PlainText
    before = browser.verticalScrollBar().value()
    qtbot.mouseClick(browser.viewport(), Qt.MouseButton.LeftButton, pos=at)
    assert browser.verticalScrollBar().value() > before  # at its glossary entry, further down


def test_ctrl_f_finds_and_says_when_nothing_is_found(window, qtbot) -> None:
    screen = open_reference(window, qtbot)
    screen.browser.setFocus()
    qtbot.keyClick(screen.browser, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    assert screen.find_field.hasFocus()
    qtbot.keyClicks(screen.find_field, "thrombosis")
    assert screen.browser.textCursor().selectedText().lower() == "thrombosis"
    first = screen.browser.textCursor().position()
    qtbot.keyClick(screen.find_field, Qt.Key.Key_Return)
    assert screen.browser.textCursor().position() > first
    qtbot.keyClick(screen.find_field, Qt.Key.Key_Return, Qt.KeyboardModifier.ShiftModifier)
    assert screen.browser.textCursor().position() == first
    screen.find_field.clear()
    qtbot.keyClicks(screen.find_field, "no such words")
    assert screen.find_status.text() == "Not found: no such words"


def test_a_rule_opens_from_another_screen(window, qtbot) -> None:
    open_reference(window, qtbot)
    window.show_screen("atlas")
    window.ctx.navigate("reference", {"rule": "12"})
    screen = window.screens["reference"]
    assert window.current_screen() == "reference"
    bar = screen.browser.verticalScrollBar()
    qtbot.waitUntil(lambda: bar.value() > 0)
    margin = round(screen.browser.document().documentMargin())
    top = screen.browser.cursorForPosition(QPoint(margin + 5, margin + 5)).block().text()
    assert top.startswith("12. Move with the outflow of blood"), top
