"""Every "rule N" the app shows opens that rule in the Reference: quiz explanations and zone reasons."""

from __future__ import annotations

from PySide6.QtCore import Qt

from massage_trainer.core.quiz import QType
from massage_trainer.core.reference import rules_cited
from tests.quiz_helpers import ask, digit, key, open_quiz


def test_the_rules_a_text_cites() -> None:
    assert rules_cited("General rule 9 and the note") == (9,)
    assert rules_cited("rules 6 and 7 apply; rule 12.") == (6, 7, 12)
    assert rules_cited("Rule 1: here; rule 1 again") == (1,)
    assert rules_cited("no rule, and rule 13 is none of ours") == ()


def test_a_quiz_explanation_opens_its_rule(window, qtbot) -> None:
    screen = open_quiz(window, qtbot)
    q = next(q for q in screen.pool.questions if q.type == QType.SINGLE and rules_cited(q.explanation))
    ask(screen, q)
    digit(qtbot, screen, 1)
    key(qtbot, screen, Qt.Key.Key_Return)
    links = screen.question_page.rule_links
    rule = rules_cited(q.explanation)[0]
    assert links.isVisible() and links.buttons[0].text() == f"Rule {rule} in the Reference"
    qtbot.mouseClick(links.buttons[0], Qt.MouseButton.LeftButton)
    assert window.current_screen() == "reference"
    reference = window.screens["reference"]
    qtbot.waitUntil(lambda: reference.browser.verticalScrollBar().value() > 0 or rule == 1)


def test_a_zone_in_the_atlas_opens_its_rule(window, qtbot) -> None:
    window.show_screen("atlas")
    atlas = window.screens["atlas"]
    atlas.explain(("heart",))
    [button] = atlas.rule_links.buttons
    assert button.text() == "Rule 7 in the Reference"
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    assert window.current_screen() == "reference"
    atlas.explain(("spine", "heart"))
    assert [b.text() for b in atlas.rule_links.buttons] == ["Rule 6 in the Reference", "Rule 7 in the Reference"]
