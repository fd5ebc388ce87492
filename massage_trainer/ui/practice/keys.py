"""The drill's keys: one table (`DRILL_KEYS`) for the shortcuts, the on-screen help and docs/keys.md.

`DrillKeys` binds each row's keys to the screen's action of that name, live only while a
drill is on the screen; tests/test_keys_doc.py checks docs/keys.md against the table. The
vibration control is held: its shortcut puts the hand down, and its release lifts it (the
screen sees the key go up).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from functools import partial
from typing import Final

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QWidget

from massage_trainer.ui.kit.key_rows import DIGITS, KeyRow

DRILL_KEYS: Final = (
    KeyRow(("Up", "+", "="), "more", "more pressure, one step"),
    KeyRow(("Down", "-"), "less", "less pressure, one step"),
    KeyRow(DIGITS, "level", "pressure 0.1 to 0.9"),
    KeyRow(("0",), "full", "full pressure, 1.0"),
    KeyRow(("G",), "glide", "glide lightly until pressed again (or hold Shift)"),
    KeyRow(("C",), "lock", "contact lock: put the hand down where the pointer is, or lift it"),
    KeyRow(("V",), "vibrate", "hold to put the hand down and tremble there; release to lift"),
    KeyRow(("N", "PgDown"), "next", "the next phase"),
    KeyRow(("F", "Ctrl+Return"), "finish", "finish: grade and save"),
    KeyRow(("P",), "pause", "pause, or resume"),
    KeyRow(("Esc",), "cancel", "cancel the drill, asking first (while Show me plays: stop it)"),
    KeyRow(("M",), "show", "Show me: play the technique's movements once (the clock waits); pressed again, stop"),
    KeyRow(("H",), "guide", "the guide on the diagram: on or off"),
    KeyRow(("F1",), "help", "show or hide these keys"),
)


# The rows whose key the main window binds for every screen (F1), asking this screen first.
WINDOW_ACTIONS: Final = frozenset({"help"})

# The replay's keys (ui/practice/replay.py binds them), as docs/keys.md lists them.
REPLAY_KEYS: Final = (
    ("Space", "play or pause"),
    ("Right", "a step forward (0.2 s)"),
    ("Left", "a step back"),
    ("Shift+Right", "a second forward"),
    ("Shift+Left", "a second back"),
    ("Home", "the start of the recording"),
    ("End", "its end"),
)
PRACTICE_WHERE: Final = (
    "Practice is where you trace a drill on the back with the mouse, pen or touch. Choose a drill in "
    "the list on the right and Start; tick the screening checklist; then work the back on the diagram "
    "while the panel shows the phase, the targets and what you broke. Finish grades it and keeps it in "
    "your record; the list of past drills opens their reports and replays, and exports or imports them. "
    "The keys below are those of a drill under way, then, from Space on, the replay's.")


def help_rows() -> tuple[tuple[str, str], ...]:
    """The screen's keys for F1's help: the drill's, then the replay's (docs/keys.md's two tables)."""
    return tuple((" ".join(row.keys), row.words) for row in DRILL_KEYS) + REPLAY_KEYS


def key_label(row: KeyRow) -> str:
    """The keys of a row as the help shows them: "Up + =", "1–9"."""
    if row.keys == DIGITS:
        return "1–9"
    return " ".join("↑" if k == "Up" else "↓" if k == "Down" else k for k in row.keys)


class DrillKeys:
    """Shortcuts that fire while the focus is anywhere on `host`, once enabled."""

    def __init__(self, host: QWidget) -> None:
        self.host = host
        self.shortcuts: list[QShortcut] = []

    def add(self, keys: list[str] | tuple[str, ...], action: Callable[[], object]) -> None:
        for key in keys:
            sc = QShortcut(QKeySequence(key), self.host)
            sc.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            sc.setAutoRepeat(True)
            sc.activated.connect(action)
            sc.setEnabled(False)
            self.shortcuts.append(sc)

    def bind(self, actions: Mapping[str, Callable[..., object]], rows: tuple[KeyRow, ...] = DRILL_KEYS) -> None:
        """Each row's keys to its action; the digits each to their own level. F1 is the window's one
        shortcut, which asks the screen first (`PracticeScreen.help_key`), so it is not bound here."""
        for row in rows:
            if row.action in WINDOW_ACTIONS:
                continue
            if row.action == "level":
                for key in row.keys:
                    self.add([key], partial(actions["level"], int(key) / 10))
            else:
                self.add(row.keys, actions[row.action])

    def set_enabled(self, on: bool) -> None:
        for sc in self.shortcuts:
            sc.setEnabled(on)
