"""The app and its window: starting (a second instance, broken storage), the rail, the learners."""

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QInputDialog, QMessageBox, QWidget

from massage_trainer.storage import Storage
from massage_trainer.ui.shell import app as app_module
from tests.shell_helpers import Answers


def test_a_second_instance_is_told_and_touches_nothing(qtbot, tmp_home, capsys):
    answers = Answers(("alreadyRunning", "OK"))
    first = Storage.open()
    try:
        first.learners.create("Ada")
        assert app_module.run_gui() == 1
        assert answers.seen and answers.seen[0].text == "Massage Trainer is already open"
        assert "already open" in answers.seen[0].informative
        assert "already open" in capsys.readouterr().err
        # The refused instance created no default learner in the open database.
        assert [lr.name for lr in first.learners.all()] == ["Ada"]
    finally:
        answers.remove()
        first.close()


def test_broken_storage_is_reported_not_raised(qtbot, tmp_home, capsys):
    answers = Answers(("damagedDatabase", "Quit"))
    tmp_home.mkdir(parents=True, exist_ok=True)
    (tmp_home / "massage-trainer.sqlite3").write_bytes(b"not a database" * 64)
    try:
        assert app_module.run_gui() == 1
    finally:
        answers.remove()
    assert answers.seen and answers.seen[0].text == "Your records file is damaged"
    assert "it is damaged" in answers.seen[0].informative
    assert "Traceback" not in capsys.readouterr().err
    # The learner's file is left as it was, for them or a backup to recover.
    assert (tmp_home / "massage-trainer.sqlite3").read_bytes() == b"not a database" * 64


# ---------------------------------------------------------------- the window: rail, titles, learners


def test_each_rail_button_shows_its_screen_under_its_name(window, qtbot):
    """What the user sees: the button they click lights up, and its screen shows under its name."""
    assert window.current_screen() == "today" and window.rail.buttons["today"].isChecked()
    labels = [button.text() for button in window.rail.buttons.values()]
    assert labels == ["Today", "Atlas", "Techniques", "Practice", "Quiz", "Progress", "Reference"]
    for key, button in reversed(list(window.rail.buttons.items())):
        qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
        screen = window.screens[key]
        assert window.current_screen() == key and button.isChecked()
        assert window.screen_title.text() == button.text()
        assert screen.isVisible() and window.stack.currentWidget() is screen
        # The one back diagram goes with the screen that shows it, or hides.
        diagram = window.ctx.diagram
        assert not diagram.isVisible() or screen.isAncestorOf(diagram)
        others = [b for b in window.rail.buttons.values() if b is not button]
        assert not any(b.isChecked() for b in others)


def test_ctrl_and_a_number_switches_to_that_screen(window, qtbot):
    keys = list(window.rail.buttons)
    for n in (3, 2, 5, 4, 1):
        qtbot.keyClick(window, getattr(Qt.Key, f"Key_{n}"), Qt.KeyboardModifier.ControlModifier)
        qtbot.waitUntil(lambda n=n: window.current_screen() == keys[n - 1])
        assert window.screen_title.text() == window.rail.buttons[keys[n - 1]].text()
        assert f"Ctrl+{n}" in window.rail.buttons[keys[n - 1]].toolTip()


def test_screens_are_built_when_first_shown(window, qtbot):
    """Start-up builds only Today; a screen is built once, the first time it is opened."""
    assert window.screens.built() == [window.screens["today"]]
    qtbot.mouseClick(window.rail.buttons["reference"], Qt.MouseButton.LeftButton)
    reference = window.stack.currentWidget()
    assert window.screens.built() == [window.screens["today"], reference]
    qtbot.mouseClick(window.rail.buttons["today"], Qt.MouseButton.LeftButton)
    qtbot.mouseClick(window.rail.buttons["reference"], Qt.MouseButton.LeftButton)
    assert window.stack.currentWidget() is reference and len(window.screens.built()) == 2


def test_the_reference_screen_shows_the_rules(window, qtbot):
    qtbot.mouseClick(window.rail.buttons["reference"], Qt.MouseButton.LeftButton)
    text = window.screens["reference"].browser.toPlainText()
    assert "See a doctor first" in text
    assert "Never work on the spine" in text and "Epilepsy" in text


def _visible_dialog(qtbot, kind):
    found: list[QWidget] = []

    def shown():
        found[:] = [w for w in QApplication.topLevelWidgets() if isinstance(w, kind) and w.isVisible()]
        return bool(found)

    qtbot.waitUntil(shown)
    return found[0]


def _accept_text_dialog(qtbot, text):
    dialog = _visible_dialog(qtbot, QInputDialog)
    dialog.setTextValue(text)
    dialog.accept()


def test_create_switch_rename_and_delete_learners(window, qtbot):
    bar = window.learner_bar
    assert bar.current().name == "Learner 1"  # the window fixture's learner
    assert window.learner_bar.combo.currentText() == "Learner 1"
    bar.new_action.trigger()
    _accept_text_dialog(qtbot, "Maya")
    assert bar.current().name == "Maya" and bar.combo.currentText() == "Maya"
    assert window.ctx.learner.name == "Maya"
    assert window.learner_bar.combo.currentText() == "Maya"

    # Switch back through the picker, as a user would.
    with qtbot.waitSignal(bar.changed):
        bar.combo.setCurrentIndex(bar.combo.findText("Learner 1"))
    assert window.ctx.learner.name == "Learner 1"
    assert window.learner_bar.combo.currentText() == "Learner 1"
    assert window.ctx.storage.learners.last_used().name == "Learner 1"

    bar.rename_action.trigger()
    _accept_text_dialog(qtbot, "Sam")
    assert [bar.combo.itemText(i) for i in range(bar.combo.count())] == ["Maya", "Sam"]
    assert window.learner_bar.combo.currentText() == "Sam"

    bar.delete_action.trigger()
    box = _visible_dialog(qtbot, QMessageBox)
    assert "Sam" in box.text()
    box.button(QMessageBox.StandardButton.Cancel).click()
    assert bar.combo.count() == 2
    bar.delete_action.trigger()
    box = _visible_dialog(qtbot, QMessageBox)
    next(b for b in box.buttons() if b.text() == "Delete").click()
    qtbot.waitUntil(lambda: bar.combo.count() == 1)
    assert bar.current().name == "Maya"


def test_a_duplicate_name_is_refused_with_a_message(window, qtbot):
    bar = window.learner_bar
    bar.new_action.trigger()
    _accept_text_dialog(qtbot, "learner 1")
    box = _visible_dialog(qtbot, QMessageBox)
    assert "already a learner" in box.text()
    box.close()
    assert bar.combo.count() == 1 and bar.current().name == "Learner 1"


def test_a_name_that_looks_like_markup_is_shown_as_typed(window, qtbot):
    """A learner's name is text, never markup: the delete question and a refusal show it literally."""
    bar = window.learner_bar
    bar.new_action.trigger()
    _accept_text_dialog(qtbot, "<b>Ann</b>")
    assert bar.current().name == "<b>Ann</b>"
    bar.delete_action.trigger()
    box = _visible_dialog(qtbot, QMessageBox)
    assert "<b>Ann</b>" in box.text() and box.textFormat() == Qt.TextFormat.PlainText
    box.button(QMessageBox.StandardButton.Cancel).click()
    bar.new_action.trigger()
    _accept_text_dialog(qtbot, "<B>ann</B>")  # the same name, as names ignore case
    refusal = _visible_dialog(qtbot, QMessageBox)
    assert refusal.text() == "There is already a learner called '<B>ann</B>'."
    assert refusal.textFormat() == Qt.TextFormat.PlainText
    refusal.close()
