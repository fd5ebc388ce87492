"""The Today screen: the first launch's welcome, the learner's day, and each item opening its screen."""

from __future__ import annotations

import subprocess
import sys
from datetime import UTC, datetime, timedelta

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel

from massage_trainer.core.demo import demo_recording
from massage_trainer.core.grading import Report
from massage_trainer.core.quiz import Result
from massage_trainer.core.rules import SPINE, rule
from massage_trainer.core.violation import Place, Violation
from massage_trainer.storage.learners import MAX_NAME
from massage_trainer.ui.shell import app as app_module
from massage_trainer.ui.today.data import Week
from tests.gui_helpers import open_window
from tests.practice_helpers import start

NOW = datetime(2026, 3, 10, 12, 0, tzinfo=UTC)


@pytest.fixture
def first_launch(qtbot):
    """The window on an empty home, as on the very first launch."""
    window, storage = open_window(qtbot, learner=None)
    yield window
    window.close()
    storage.close()

OVER_SPINE = Place("T7", True, "spine", "Spine")


def asked(window) -> list[tuple[str, object]]:
    """Every navigation asked for from now on (still done, where the screen exists)."""
    seen: list[tuple[str, object]] = []
    real = window.ctx.navigate

    def navigate(key, request=None):
        seen.append((key, request))
        real(key, request)

    window.ctx.navigate = navigate
    return seen


def loaded(window, qtbot):
    """Today's day read again on the worker thread, and shown."""
    today = window.screens["today"]
    with qtbot.waitSignal(today.loaded, timeout=20_000):
        today.refresh()
    return today


def test_the_first_launch_shows_the_welcome_and_no_learner_exists(first_launch, qtbot):
    window = first_launch
    today = window.screens["today"]
    assert window.current_screen() == "today" and window.rail.buttons["today"].isChecked()
    assert next(iter(window.rail.buttons)) == "today" and "Ctrl+1" in window.rail.buttons["today"].toolTip()
    assert window.ctx.storage.learners.all() == [] and window.ctx.learner is None
    assert window.learner_bar.combo.count() == 0
    assert today.pages.currentWidget() is today.welcome and today.welcome.isVisible()
    assert today.welcome.name_label.buddy() is today.welcome.name_field
    assert today.welcome.name_field.hasFocus()


def test_a_name_and_return_create_the_learner_and_today_shows_the_day(first_launch, qtbot):
    window = first_launch
    today = window.screens["today"]
    qtbot.keyClicks(today.welcome.name_field, "  Ana   Lee ")
    with qtbot.waitSignal(today.loaded, timeout=20_000):
        qtbot.keyClick(today.welcome.name_field, Qt.Key.Key_Return)
    learners = window.ctx.storage.learners.all()
    assert [lr.name for lr in learners] == ["Ana Lee"]
    assert window.ctx.storage.learners.last_used() == learners[0]
    assert window.learner_bar.combo.currentText() == "Ana Lee" and window.ctx.learner == learners[0]
    assert window.learner_bar.combo.currentText() == "Ana Lee"
    assert today.pages.currentWidget() is today.daily and today.daily.isVisible()
    assert today.daily.greeting.text() == "Hello, Ana Lee"
    total = len(window.ctx.content.questions)
    assert today.daily.due_label.text() == f"Nothing is due for review today. {total} new questions wait."
    assert today.daily.reason.text().startswith("Start with Stroking")
    assert today.daily.week.text() == "This week: nothing yet. A drill or a quiz shows here."


@pytest.mark.parametrize(("name", "message"), [
    ("", "A learner needs a name."),
    ("    ", "A learner needs a name."),
    ("x" * (MAX_NAME + 1), f"A learner's name can be at most {MAX_NAME} characters."),
])
def test_a_blank_or_long_name_is_refused_in_one_plain_message(first_launch, qtbot, name, message):
    welcome = first_launch.screens["today"].welcome
    welcome.name_field.setText(name)
    qtbot.mouseClick(welcome.start_button, Qt.MouseButton.LeftButton)
    assert welcome.message.isVisible() and welcome.message.text() == message
    assert welcome.message.textFormat() == Qt.TextFormat.PlainText
    assert first_launch.ctx.storage.learners.all() == [] and first_launch.ctx.learner is None


def test_a_name_like_markup_is_shown_as_typed(first_launch, qtbot):
    today = first_launch.screens["today"]
    today.welcome.name_field.setText("<b>Ann</b>")
    with qtbot.waitSignal(today.loaded, timeout=20_000):
        qtbot.mouseClick(today.welcome.start_button, Qt.MouseButton.LeftButton)
    assert today.daily.greeting.text() == "Hello, <b>Ann</b>"
    assert today.daily.greeting.textFormat() == Qt.TextFormat.PlainText


def test_each_step_of_the_welcomes_path_opens_its_screen(first_launch, qtbot):
    window = first_launch
    seen = asked(window)
    buttons = window.screens["today"].welcome.path_buttons
    for button, key in zip(buttons[:2], ("atlas", "techniques"), strict=True):
        window.show_screen("today")
        qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
        assert window.current_screen() == key
    window.show_screen("today")
    qtbot.keyClick(window, Qt.Key.Key_3, Qt.KeyboardModifier.AltModifier)
    practice = window.screens["practice"]
    assert window.current_screen() == "practice" and practice.spec.id == "first-session"
    assert practice.current_page() is practice.choose_page
    window.show_screen("today")
    qtbot.keyClick(window, Qt.Key.Key_4, Qt.KeyboardModifier.AltModifier)
    assert seen == [("atlas", None), ("techniques", None), ("practice", {"drill": "first-session"}),
                    ("quiz", {"mode": "daily"})]


def test_the_days_review_items_ask_for_the_quiz(window, qtbot):
    today = loaded(window, qtbot)
    seen = asked(window)
    qtbot.mouseClick(today.daily.review_button, Qt.MouseButton.LeftButton)
    assert window.current_screen() == "quiz"  # the Quiz itself opens, at the review
    for key in (Qt.Key.Key_D, Qt.Key.Key_R):
        window.show_screen("today")
        qtbot.keyClick(window, key)
        assert window.current_screen() == "quiz"
    assert seen == [("quiz", {"mode": "review"}), ("quiz", {"mode": "daily"}), ("quiz", {"mode": "review"})]


def test_the_due_count_follows_a_wrong_answer(window, qtbot):
    storage, learner = window.ctx.storage, window.ctx.learner
    question = window.ctx.content.questions[0]
    storage.clock = lambda: NOW
    today = loaded(window, qtbot)
    assert today.data is not None and today.data.due == 0
    storage.quiz.record_answer(learner.id, question, [0], Result(0.0, False), NOW - timedelta(hours=1),
                               "daily", "s1")
    today = loaded(window, qtbot)
    total = len(window.ctx.content.questions)
    assert today.data.due == 1 and today.data.new == total - 1
    assert today.daily.due_label.text() == f"1 question is due for review. {total - 1} new questions wait."
    assert today.daily.week.text() == "This week: 0 drills (0 min), 1 question answered, 0% right."


def spine_runs(window, technique: str, count: int) -> None:
    storage, learner = window.ctx.storage, window.ctx.learner
    rec = demo_recording(window.ctx.content.techniques[technique])
    spine = (Violation(SPINE, 0, 5.0, 0.0, 0.5, place=OVER_SPINE), Violation(SPINE, 0, 9.0, 0.0, 0.6, place=OVER_SPINE))
    for k in range(count):
        started = (storage.clock() - timedelta(days=k + 1)).isoformat(timespec="seconds")
        storage.drills.save(learner.id, f"technique:{technique}", started, rec, Report(50.0, False, spine, {}))


def test_the_drill_suggested_trains_the_rule_broken_and_opens_ready_to_start(window, qtbot):
    spine_runs(window, "kneading", 2)
    today = loaded(window, qtbot)
    spine = rule(SPINE)
    assert today.daily.reason.text() == f"You broke {spine.label} ({spine.text}) 4 times in your last 2 drills."
    assert today.daily.practise_button.text().startswith("Practise: Kneading")
    week = today.daily.week.text()
    assert week.startswith("This week: 2 drills (") and week.endswith("0 questions answered.")
    seen = asked(window)
    qtbot.keyClick(window, Qt.Key.Key_P)
    practice = window.screens["practice"]
    assert seen == [("practice", {"drill": "technique:kneading"})]
    assert window.current_screen() == "practice" and practice.spec.id == "technique:kneading"
    item = practice.choose_page.drill_list.currentItem()
    assert item.data(Qt.ItemDataRole.UserRole) == "technique:kneading"
    assert practice.current_page() is practice.choose_page and practice.choose_page.start_button.hasFocus()
    window.show_screen("today")
    qtbot.mouseClick(today.daily.practise_button, Qt.MouseButton.LeftButton)
    assert window.current_screen() == "practice"


def test_a_drill_under_way_is_not_replaced_by_a_link(window, qtbot):
    from tests.practice_helpers import open_practice

    practice = open_practice(window, qtbot)
    start(practice, qtbot, "technique:stroking")
    window.open_screen("practice", {"drill": "technique:kneading"})
    assert practice.live.active and practice.spec.id == "technique:stroking"


def test_switching_learner_shows_their_day(window, qtbot):
    today = window.screens["today"]
    with qtbot.waitSignal(today.loaded, timeout=20_000):
        window.learner_bar.create_learner("Bo")
    assert today.daily.greeting.text() == "Hello, Bo" and today.data is not None


def test_the_week_in_one_line():
    assert Week().line() == "This week: nothing yet. A drill or a quiz shows here."
    assert Week(1, 1.4, 1, 1).line() == "This week: 1 drill (1 min), 1 question answered, 100% right."
    assert Week(3, 12.6, 20, 15).line() == "This week: 3 drills (13 min), 20 questions answered, 75% right."


def test_the_backup_waits_for_the_first_frame_of_today(window, qtbot):
    done: list[bool] = []
    qtbot.waitUntil(window.painted)
    app_module.when_painted(window, lambda: done.append(True))
    assert done == [True]


TODAY_IN_A_FRESH_PROCESS = """
import os, sys
os.environ["QT_QPA_PLATFORM"] = "offscreen"
from massage_trainer.content import load_content
from massage_trainer.storage import Storage
from massage_trainer.ui.kit import theme as th
from massage_trainer.ui.shell.app import build_window, ensure_app
app = ensure_app()
storage = Storage.open()
if sys.argv[1] == "learner":
    storage.learners.remember(storage.learners.create("Ana"))
window = build_window(load_content(), storage, th.LIGHT)
window.show()
today = window.screens["today"]
job = today.refresh()
if job is not None:
    job.finished.connect(app.quit)
    app.exec()
print(window.current_screen(), today.data is not None, "pyqtgraph" in sys.modules, flush=True)
window.close()
storage.close()
"""


@pytest.mark.parametrize("who", ["welcome", "learner"])
def test_today_loads_no_chart_library(tmp_home, who):
    out = subprocess.run([sys.executable, "-c", TODAY_IN_A_FRESH_PROCESS, who], capture_output=True, text=True,
                         check=True, timeout=120)
    assert out.stdout.split() == ["today", str(who == "learner"), "False"]


def test_the_picker_says_there_is_no_learner_yet_and_a_name_shows_once(first_launch, qtbot):
    window = first_launch
    combo = window.learner_bar.combo
    assert combo.currentIndex() == -1 and combo.placeholderText() == "No learner yet"
    welcome = window.screens["today"].welcome
    qtbot.keyClicks(welcome.name_field, "Ana Lee")
    qtbot.keyClick(welcome.name_field, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: combo.currentText() == "Ana Lee")
    shown = [label for label in window.statusBar().findChildren(QLabel) if "Ana Lee" in label.text()]
    assert shown == []  # the picker names the learner; the status line does not again
