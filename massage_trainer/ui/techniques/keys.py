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
