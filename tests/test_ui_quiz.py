"""The Quiz screen, question by question: each type answered right and wrong, as a learner does it,
and every answer in the record the moment it is given."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from massage_trainer.core.quiz import QType
from massage_trainer.ui.quiz.questions import OrderingInput
from massage_trainer.ui.quiz.words import PARTIAL, RIGHT, WRONG
from tests.quiz_helpers import answers, ask, at, digit, key, of_type, open_quiz, verdict


def submit(qtbot, screen) -> None:
    key(qtbot, screen, Qt.Key.Key_Return)


def test_single_choice_right_by_key_then_wrong_by_click(window, qtbot) -> None:
    screen = open_quiz(window, qtbot)
    q = of_type(screen, QType.SINGLE)
    right = next(i for i, a in enumerate(q.answers) if a.fraction == 1.0)
    ask(screen, q)
    assert screen.question_page.text.text() == q.text
    assert screen.question_page.text.textFormat() == Qt.TextFormat.PlainText
    screen.clock.advance(4.0)
    digit(qtbot, screen, right + 1)
    assert screen.question_page.input.buttons[right].isChecked()
    submit(qtbot, screen)
    assert verdict(screen) == RIGHT
    assert screen.question_page.explanation.text() == q.explanation
    kept = answers(window)
    assert [(a.question_id, a.correct, a.mode, a.time_s, a.response) for a in kept] == [
        (q.id, True, "topic", 4.0, right)]
    submit(qtbot, screen)  # Enter after the feedback: the end of a one-question quiz
    assert screen.pages.currentWidget() is screen.summary_page
    assert screen.summary_page.score.text().startswith("1 of 1 right")

    widget = ask(screen, q)
    wrong = next(i for i, a in enumerate(q.answers) if a.fraction < 1.0)
    qtbot.mouseClick(widget.buttons[wrong], Qt.MouseButton.LeftButton)
    qtbot.mouseClick(screen.question_page.submit_button, Qt.MouseButton.LeftButton)
    assert verdict(screen) == WRONG
    assert screen.question_page.answer_text.text() == f"The answer: {q.answers[right].text}"
    assert [a.correct for a in answers(window)] == [True, False]
    qtbot.mouseClick(screen.question_page.next_button, Qt.MouseButton.LeftButton)
    assert screen.summary_page.again_button.isVisible()
    assert q.text in screen.summary_page.missed.text() or q.title in screen.summary_page.missed.text()
    qtbot.mouseClick(screen.summary_page.again_button, Qt.MouseButton.LeftButton)
    assert screen.pages.currentWidget() is screen.question_page and screen.run.questions == (q,)


def test_an_empty_submit_says_so_and_keeps_nothing(window, qtbot) -> None:
    screen = open_quiz(window, qtbot)
    ask(screen, of_type(screen, QType.SINGLE))
    submit(qtbot, screen)
    assert screen.question_page.note.text() == "Give an answer first."
    assert not screen.question_page.feedback.isVisible()
    assert answers(window) == []


def test_multiple_choice_all_right_then_partly(window, qtbot) -> None:
    screen = open_quiz(window, qtbot)
    q = of_type(screen, QType.MULTIPLE, lambda q: sum(a.fraction > 0 for a in q.answers) >= 2)
    rights = [i for i, a in enumerate(q.answers) if a.fraction > 0]
    ask(screen, q)
    for i in rights:
        digit(qtbot, screen, i + 1)
    submit(qtbot, screen)
    assert verdict(screen) == RIGHT
    ask(screen, q)
    digit(qtbot, screen, rights[0] + 1)
    digit(qtbot, screen, rights[1] + 1)
    digit(qtbot, screen, rights[1] + 1)  # ticked, then unticked
    submit(qtbot, screen)
    share = round(q.answers[rights[0]].fraction * 100)
    assert verdict(screen) == f"{PARTIAL}: {share}% of the credit"
    kept = answers(window)
    assert kept[-1].response == [rights[0]] and 0 < kept[-1].score < 1


def test_true_false_by_keys_1_and_2(window, qtbot) -> None:
    screen = open_quiz(window, qtbot)
    q = of_type(screen, QType.TRUE_FALSE)
    ask(screen, q)
    digit(qtbot, screen, 1 if q.correct else 2)
    submit(qtbot, screen)
    assert verdict(screen) == RIGHT
    ask(screen, q)
    digit(qtbot, screen, 2 if q.correct else 1)
    submit(qtbot, screen)
    assert verdict(screen) == WRONG
    assert [a.response for a in answers(window)] == [q.correct, not q.correct]


def order_by_keys(qtbot, screen, widget: OrderingInput, target: list[str]) -> None:
    """Select each item and press Alt+Up until it is in its place."""
    for place, item in enumerate(target):
        widget.list.setCurrentRow(widget.order().index(item))
        widget.list.setFocus()
        while widget.order().index(item) > place:
            key(qtbot, screen, Qt.Key.Key_Up, Qt.KeyboardModifier.AltModifier)


def test_ordering_by_keyboard_right_and_as_shuffled_wrong(window, qtbot) -> None:
    screen = open_quiz(window, qtbot)
    q = of_type(screen, QType.ORDERING)
    widget = ask(screen, q)
    assert widget.order() != list(q.order) and sorted(widget.order()) == sorted(q.order)
    names = [widget.list.item(i).text() for i in range(widget.list.count())]
    assert all(n in screen.names.values() for n in names)
    order_by_keys(qtbot, screen, widget, list(q.order))
    assert widget.order() == list(q.order)
    submit(qtbot, screen)
    assert verdict(screen) == RIGHT

    widget = ask(screen, q)
    widget.list.setCurrentRow(0)
    qtbot.mouseClick(widget.down, Qt.MouseButton.LeftButton)  # the button moves it too
    moved = widget.order()
    assert moved[1] != q.order[1] or moved != list(q.order)
    key(qtbot, screen, Qt.Key.Key_Down, Qt.KeyboardModifier.AltModifier)
    assert widget.order() != moved
    if widget.order() == list(q.order):
        qtbot.mouseClick(widget.up, Qt.MouseButton.LeftButton)
    submit(qtbot, screen)
    assert verdict(screen) != RIGHT
    assert answers(window)[-1].response == widget.order()


def test_matching_right_and_wrong(window, qtbot) -> None:
    screen = open_quiz(window, qtbot)
    q = of_type(screen, QType.MATCHING)
    widget = ask(screen, q)
    for left, right in q.pairs:
        combo = widget.combos[left]
        combo.setFocus()
        while combo.currentData() != right:
            qtbot.keyClick(combo, Qt.Key.Key_Down)
    submit(qtbot, screen)
    assert verdict(screen) == RIGHT
    widget = ask(screen, q)
    rights = [r for _, r in q.pairs]
    for i, (left, _) in enumerate(q.pairs):
        combo = widget.combos[left]
        combo.setCurrentIndex(combo.findData(rights[(i + 1) % len(rights)]))
    submit(qtbot, screen)
    assert verdict(screen) == WRONG
    assert f"0 of {len(q.pairs)} pairs matched." == screen.question_page.result_text.text()


def test_numeric_takes_15_and_15_5_and_refuses_words(window, qtbot) -> None:
    screen = open_quiz(window, qtbot)
    q = of_type(screen, QType.NUMERIC, lambda q: q.numbers[0].lo == q.numbers[0].hi)
    widget = ask(screen, q)
    qtbot.keyClicks(widget.edit, "fifteen")
    submit(qtbot, screen)
    assert "is not a number" in screen.question_page.note.text()
    assert screen.question_page.note.isVisible() and answers(window) == []
    widget.edit.clear()
    qtbot.keyClicks(widget.edit, f"{q.numbers[0].lo:g}")
    assert widget.edit.text() == f"{q.numbers[0].lo:g}"  # the digits are typed, not taken as keys
    submit(qtbot, screen)
    assert verdict(screen) == RIGHT
    widget = ask(screen, q)
    qtbot.keyClicks(widget.edit, f"{q.numbers[0].lo + 1000.5:g}")
    submit(qtbot, screen)
    assert verdict(screen) == WRONG
    assert answers(window)[-1].response == pytest.approx(q.numbers[0].lo + 1000.5)


def test_short_answer_right_and_wrong(window, qtbot) -> None:
    screen = open_quiz(window, qtbot)
    q = of_type(screen, QType.SHORT_ANSWER)
    text = next(a.text for a in q.answers if a.fraction == 1.0)
    widget = ask(screen, q)
    qtbot.keyClicks(widget.edit, f"  {text.upper()} ")
    submit(qtbot, screen)
    assert verdict(screen) == RIGHT
    widget = ask(screen, q)
    qtbot.keyClicks(widget.edit, "not the answer")
    submit(qtbot, screen)
    assert verdict(screen) == WRONG


def test_hotspot_by_a_click_on_the_back_and_by_the_zone_list(window, qtbot) -> None:
    screen = open_quiz(window, qtbot)
    q = of_type(screen, QType.HOTSPOT)
    body = window.ctx.content.body
    diagram = screen.diagram
    ask(screen, q)
    # The zones are not drawn while the question asks where one is: the back is read as it is.
    assert not diagram.zones_visible()
    bare = diagram.grab().toImage()
    point = body.zone(q.zones[0]).region.polygons[0].centroid()
    qtbot.mouseMove(diagram, at(diagram, *point))
    assert diagram.grab().toImage() == bare  # and pointing at one lights nothing up
    qtbot.mouseClick(diagram, Qt.MouseButton.LeftButton, pos=at(diagram, *point))
    assert screen.question_page.input.response() is not None
    submit(qtbot, screen)
    assert verdict(screen) == RIGHT
    assert answers(window)[-1].correct

    widget = ask(screen, q)
    qtbot.mouseClick(diagram, Qt.MouseButton.LeftButton, pos=at(diagram, 0.3, 0.05))  # low, off every zone
    submit(qtbot, screen)
    assert verdict(screen) == WRONG

    widget = ask(screen, q)
    widget.zones.setFocus()
    while widget.zones.currentData() != q.zones[0]:
        qtbot.keyClick(widget.zones, Qt.Key.Key_Down)
    submit(qtbot, screen)
    assert verdict(screen) == RIGHT
    other = next(z for z in body.zones if z.id not in q.zones and not any(
        x.id in q.zones for x in body.zones_at(z.region.polygons[0].centroid())))
    widget = ask(screen, q)
    widget.zones.setFocus()
    while widget.zones.currentData() != other.id:
        qtbot.keyClick(widget.zones, Qt.Key.Key_Down)
    submit(qtbot, screen)
    assert verdict(screen) == WRONG
    assert [a.correct for a in answers(window)] == [True, False, True, False]
    window.show_screen("atlas")  # the quiz gives the diagram back with its zones
    assert diagram.zones_visible()


def drag(qtbot, screen, start, end, steps=20, seconds=1.0) -> None:
    diagram, clock = screen.diagram, screen.clock
    qtbot.mousePress(diagram, Qt.MouseButton.LeftButton, pos=at(diagram, *start))
    for k in range(1, steps + 1):
        clock.advance(seconds / steps)
        f = k / steps
        qtbot.mouseMove(diagram, at(diagram, start[0] + (end[0] - start[0]) * f, start[1] + (end[1] - start[1]) * f))
    qtbot.mouseRelease(diagram, Qt.MouseButton.LeftButton, pos=at(diagram, *end))


def test_direction_by_a_drag_on_the_back(window, qtbot) -> None:
    screen = open_quiz(window, qtbot)
    q = of_type(screen, QType.DIRECTION)
    widget = ask(screen, q)
    assert screen.diagram.input_enabled()
    submit(qtbot, screen)
    assert "Trace the stroke" in screen.question_page.note.text()
    drag(qtbot, screen, (0.28, 0.5), (0.28, 0.7))
    assert widget.ink.segment_count > 0
    submit(qtbot, screen)
    assert verdict(screen) == RIGHT
    assert not screen.diagram.input_enabled()  # answered: the back takes no more strokes
    widget = ask(screen, q)
    drag(qtbot, screen, (-0.25, 0.5), (0.25, 0.5))  # across the spine
    submit(qtbot, screen)
    assert verdict(screen) == WRONG
    assert [a.correct for a in answers(window)] == [True, False]
    assert answers(window)[-1].time_s == pytest.approx(1.0)


def test_tab_goes_from_the_answers_to_submit(window, qtbot) -> None:
    screen = open_quiz(window, qtbot)
    q = of_type(screen, QType.MATCHING)
    widget = ask(screen, q)
    combos = list(widget.combos.values())
    assert all(c.accessibleName().startswith("The match for ") for c in combos)
    assert combos[0].hasFocus()
    reached = []
    for _ in range(len(combos) + 2):
        key(qtbot, screen, Qt.Key.Key_Tab)
        reached.append(QApplication.focusWidget())
    assert reached[:len(combos) - 1] == combos[1:]
    assert screen.question_page.submit_button in reached
