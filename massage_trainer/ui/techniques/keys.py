"""The Techniques screen's keys: the shortcuts themselves and the card that lists them."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QLabel, QWidget

from massage_trainer.ui.kit.widgets import Card, heading, paragraph

KEY_HINTS = ("<b>Space</b> play or pause<br><b>← →</b> previous or next movement<br><b>Home</b> back to the start"
             "<br><b>− +</b> (or <b>[ ]</b>) slower or faster<br><b>1–5</b> choose a technique"
             "<br><b>S</b> the whole session; again: the other plan<br><b>T</b> the types of back massage")

# "+" is Shift+= on a US keyboard. The platform reports such a key under several names at once
# (Shift++, +, Shift+=), so these must all belong to ONE shortcut: spread over several, Qt
# finds the press ambiguous and none of them fires.
FASTER_KEYS = ("+", "Shift++", "=", "Shift+=", "]")
SLOWER_KEYS = ("-", "_", "Shift+_", "Shift+-", "[")


# The screen's keys for F1's help: the Techniques table of docs/keys.md.
HELP_KEYS = (
    ("1", "Stroking"), ("2", "Rubbing"), ("3", "Kneading"), ("4", "Percussion"), ("5", "Vibration"),
    ("S", "the whole session; pressed again, the other plan (first or regular session)"),
    ("T", "the types of back massage"),
    ("Space", "play or pause"),
    ("Right", "the next movement"),
    ("Left", "back to the start of this or the previous movement"),
    ("Home", "back to the beginning"),
    ("+ = ]", "faster, one step (0.25× to 2×)"),
    ("- _ [", "slower, one step"),
)
HELP_WHERE = ("The Techniques screen shows each classic technique animated on the back. The tabs at "
              "the top choose a technique, the whole session in its order, or the types of back massage; "
              "the panel beside the back says what the technique is for and how the hands move, and the "
              "controls under the back play, pause, step and set the speed.")


def add_shortcut(parent: QWidget, sequences: Sequence[str], slot: Callable[[], object]) -> QShortcut:
    """One action's keys, which work anywhere in the window, but only while `parent` shows.

    A press matching several of the action's own keys arrives as "ambiguous"; it still means this
    one action, so it acts too (tests/test_ui_techniques.py checks no key belongs to two actions).
    """
    shortcut = QShortcut(parent)
    shortcut.setKeys([QKeySequence(text) for text in sequences])
    shortcut.setContext(Qt.ShortcutContext.WindowShortcut)
    shortcut.activated.connect(slot)
    shortcut.activatedAmbiguously.connect(slot)
    return shortcut


def keys_card() -> tuple[Card, QLabel]:
    """The card listing the keys, and its text label."""
    card = Card()
    card.body.addWidget(heading("Keyboard", 3))
    hints = paragraph(KEY_HINTS, rich=True)  # our own fixed text, not a file's
    hints.setObjectName("keyHints")
    card.body.addWidget(hints)
    return card, hints
