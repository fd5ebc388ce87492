"""docs/keys.md is the app's key map: every key it lists is bound on its screen, and no key means two things."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from PySide6.QtCore import QEvent, QKeyCombination, Qt
from PySide6.QtGui import QKeyEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import QApplication, QWidget

from massage_trainer.core.demo import demo_recording
from massage_trainer.ui.practice.replay import ReplayView
from massage_trainer.ui.shell.main_window import MainWindow

KEYS_DOC = Path(__file__).resolve().parent.parent / "docs" / "keys.md"
EVERYWHERE = "Everywhere"
# Keys the window binds for every screen but asks the screen about first: a screen's table may say
# what such a key does in one of its states (F1 during a drill), and that is no second meaning.
ASKS_THE_SCREEN = {"F1"}
# Each screen's tables in docs/keys.md, which its F1 help lists (a screen with none lists no keys).
SCREEN_TABLES = {"today": ("Today",), "atlas": ("Atlas",), "techniques": ("Techniques",),
                 "practice": ("Practice: during a drill", "Practice: the replay"), "quiz": ("Quiz",),
                 "progress": ("Progress",), "reference": ("Reference",)}

Key = tuple[int, int]  # (key, modifiers), Shift left out on a typed symbol


def key_tables() -> dict[str, list[list[str]]]:
    """Each section's table: one list of key names per row."""
    tables: dict[str, list[list[str]]] = {}
    section = ""
    for line in KEYS_DOC.read_text(encoding="utf-8").splitlines():
        if line.startswith("## "):
            section = line[3:].strip()
            tables[section] = []
        elif line.startswith("| `"):
            tables[section].append(re.findall(r"`([^`]+)`", line.split("|")[1]))
    return tables


def key_rows(section: str) -> list[tuple[str, str]]:
    """A section's rows as (its keys, space-separated, as Qt names them; what they do)."""
    rows = []
    for line in KEYS_DOC.read_text(encoding="utf-8").split(f"\n## {section}\n")[1].split("\n## ")[0].splitlines():
        if line.startswith("| `"):
            cells = line.split("|")
            rows.append((" ".join(re.findall(r"`([^`]+)`", cells[1])), cells[2].strip()))
    return rows


def first_key(sequence: QKeySequence) -> QKeyCombination:
    return sequence[0]  # type: ignore[index, no-any-return]  # the stubs leave out QKeySequence[i]


def sequence_key(sequence: QKeySequence) -> Key:
    """A platform may report a symbol typed with Shift with or without it (Shift+= as "+" and as
    "Shift++"), so a symbol or a letter is the same key either way; Tab and the arrows are not."""
    combo = first_key(sequence)
    key, modifiers = combo.key().value, combo.keyboardModifiers().value
    if key < Qt.Key.Key_Escape.value:  # a character, not a special key
        modifiers &= ~Qt.KeyboardModifier.ShiftModifier.value
    return key, modifiers


def doc_key(name: str) -> Key:
    sequence = QKeySequence(name)
    assert sequence.count() == 1 and sequence.toString() != "", f"{name!r} is no key"
    return sequence_key(sequence)


def press(widget: QWidget, name: str) -> bool:
    """Send the key to the widget as the keyboard would; did the widget take it?"""
    combo = first_key(QKeySequence(name))
    event = QKeyEvent(QEvent.Type.KeyPress, combo.key(), combo.keyboardModifiers())
    QApplication.sendEvent(widget, event)
    return event.isAccepted()


def bound_keys(owner: QWidget, window: MainWindow) -> dict[Key, set[int]]:
    """Each key bound on a screen (its shortcuts and the rail's), with who binds it."""
    owners: dict[Key, set[int]] = {}
    shortcuts: list[tuple[int, list[QKeySequence]]] = [
        (id(s), list(s.keys())) for s in owner.findChildren(QShortcut)]
    shortcuts += [(id(b), [b.shortcut()]) for b in window.rail.buttons.values()]
    shortcuts.append((id(window.help_shortcut), list(window.help_shortcut.keys())))
    for who, sequences in shortcuts:
        for sequence in sequences:
            owners.setdefault(sequence_key(sequence), set()).add(who)
    return owners


def test_each_section_lists_each_key_once() -> None:
    tables = key_tables()
    assert {EVERYWHERE, "Today", "Atlas", "Techniques", "Practice: during a drill",
            "Practice: the replay"} <= set(tables)
    for section, rows in tables.items():
        seen: dict[Key, int] = {}
        restated = {name for row in rows for name in row} & ASKS_THE_SCREEN
        everywhere = [] if section == EVERYWHERE else [r for r in tables[EVERYWHERE] if not set(r) & restated]
        for i, row in enumerate([*everywhere, *rows]):
            assert row, f"{section}: a row with no key"
            for name in row:
                assert seen.setdefault(doc_key(name), i) == i, f"{section}: {name} means two things"


def test_the_rail_keys_switch_screens(window) -> None:
    bound = {b.shortcut().toString() for b in window.rail.buttons.values()}
    bound.add(window.help_shortcut.key().toString())
    assert {name for row in key_tables()[EVERYWHERE] for name in row} == bound


@pytest.mark.parametrize(("section", "screen"),
                         [("Today", "today"), ("Techniques", "techniques"), ("Practice: during a drill", "practice"),
                          ("Reference", "reference"), ("Quiz", "quiz"), ("Progress", "progress")])
def test_every_listed_key_is_bound_once_on_its_screen(window, qtbot, section, screen) -> None:
    qtbot.mouseClick(window.rail.buttons[screen], Qt.MouseButton.LeftButton)
    owners = bound_keys(window.screens[screen], window)
    for row in key_tables()[section]:
        for name in row:
            assert doc_key(name) in owners, f"{section}: {name} is not bound"
    twice = [QKeySequence(key | mods).toString() for (key, mods), who in owners.items() if len(who) > 1]
    assert twice == [], f"{section}: bound to two actions"


def test_the_atlas_keys_are_taken_by_the_diagram(window) -> None:
    window.show_screen("atlas")
    diagram = window.screens["atlas"].diagram
    diagram.setFocus()
    for row in key_tables()["Atlas"]:
        for name in row:
            assert press(diagram, "Down")  # a zone in focus, so that Esc has one to leave
            assert press(diagram, name), f"Atlas: {name} is not taken"


def test_the_replay_keys_are_taken_by_the_replay(window, content) -> None:
    replay = ReplayView(window.ctx)
    replay.load(demo_recording(content.techniques["stroking"]))
    replay.seek(1.0)
    for row in key_tables()["Practice: the replay"]:
        for name in row:
            assert press(replay, name), f"replay: {name} is not taken"


def test_the_drill_keys_in_the_doc_are_the_one_table() -> None:
    from massage_trainer.ui.practice.keys import DRILL_KEYS

    doc_rows = []
    for line in KEYS_DOC.read_text(encoding="utf-8").split("## Practice: during a drill")[1].split("\n## ")[0] \
            .splitlines():
        if line.startswith("| `"):
            cells = line.split("|")
            doc_rows.append((tuple(re.findall(r"`([^`]+)`", cells[1])), cells[2].strip()))
    assert doc_rows == [(row.keys, row.words) for row in DRILL_KEYS]


def test_the_quiz_keys_in_the_doc_are_the_one_table() -> None:
    from massage_trainer.ui.quiz.keys import QUIZ_KEYS

    section = KEYS_DOC.read_text(encoding="utf-8").split("## Quiz\n")[1].split("\n## ")[0]
    doc_rows = [(tuple(re.findall(r"`([^`]+)`", line.split("|")[1])), line.split("|")[2].strip())
                for line in section.splitlines() if line.startswith("| `")]
    assert doc_rows == [(row.keys, row.words) for row in QUIZ_KEYS]


@pytest.mark.parametrize("screen", list(SCREEN_TABLES))
def test_each_screens_help_lists_its_tables_keys(window, screen) -> None:
    """F1's help for a screen shows the rows of its tables here, word for word, and the Everywhere rows."""
    window.show_screen(screen)
    help_ = window.screens[screen].screen_help()
    assert help_.where
    assert list(help_.keys) == [row for section in SCREEN_TABLES[screen] for row in key_rows(section)]
    dialog = window.open_help()
    assert dialog.shown_rows() == [*help_.keys, *key_rows(EVERYWHERE)]


def test_every_screen_has_its_tables_named_here(window) -> None:
    assert set(window.screens) == set(SCREEN_TABLES)
    named = {section for sections in SCREEN_TABLES.values() for section in sections}
    assert set(key_tables()) - {EVERYWHERE} == named
