"""F1's help: where things are on the screen showing, its keys, and the keys that work everywhere.

The screen says what to show (`screen_help()`, the `Helpful` protocol of ui/kit/context.py); the
rail gives the Ctrl+number keys. Everything is plain text in the window's scaled type, so it reads
at 4K as on a laptop; Esc or Close shuts it.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Final

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QGridLayout, QLabel, QVBoxLayout, QWidget

from massage_trainer.ui.kit import theme as th
from massage_trainer.ui.kit.context import ScreenHelp
from massage_trainer.ui.kit.dialogs import fit_to, plain_label, plain_labels
from massage_trainer.ui.kit.widgets import SidePanel, heading, paragraph

# The "Everywhere" F1 row of docs/keys.md (the rail gives the rest of that table).
F1_ROW: Final = ("F1", "help for the screen showing (during a drill: show or hide the drill's keys)")
NO_HELP: Final = "This screen has no help of its own yet."


def everywhere_keys(rail: Sequence[tuple[str, str]]) -> tuple[tuple[str, str], ...]:
    """The keys that work on every screen: each rail button's, then F1."""
    return (*rail, F1_ROW)


class HelpDialog(QDialog):
    """Help for one screen; `sections` holds what it shows, as (heading, rows) and the `where` text."""

    def __init__(self, window: QWidget, title: str, screen_help: Callable[[], ScreenHelp] | None,
                 rail: Sequence[tuple[str, str]]) -> None:
        super().__init__(window)
        self.setObjectName("screenHelp")
        self.setWindowTitle(f"Help: {title}")
        self.setWindowModality(Qt.WindowModality.WindowModal)
        self.help = screen_help() if callable(screen_help) else ScreenHelp(NO_HELP)
        self.everywhere = everywhere_keys(rail)
        panel = SidePanel()
        col = panel.column
        col.addWidget(plain_label(heading(title, 1)))
        self.where = plain_label(paragraph(self.help.where))
        col.addWidget(self.where)
        self.key_labels: list[tuple[QLabel, QLabel]] = []
        if self.help.keys:
            col.addWidget(heading("Keys on this screen", 2))
            col.addWidget(self._table(self.help.keys))
        col.addWidget(heading("Keys everywhere", 2))
        col.addWidget(self._table(self.everywhere))
        panel.finish()
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(th.SPACING, th.SPACING, th.SPACING, th.SPACING)
        layout.addWidget(panel, 1)
        layout.addWidget(buttons)
        plain_labels(self)  # every word as text: nothing here is markup
        fit_to(self, window)  # the window's type, margins and gaps
        size = window.window().size()
        self.resize(max(480, round(size.width() * 0.6)), max(360, round(size.height() * 0.75)))

    def _table(self, rows: Sequence[tuple[str, str]]) -> QWidget:
        table = QWidget()
        grid = QGridLayout(table)
        grid.setContentsMargins(0, 0, 0, 0)
        grid.setHorizontalSpacing(th.SPACING * 2)
        grid.setColumnStretch(1, 1)
        for i, (keys, words) in enumerate(rows):
            key = plain_label(QLabel(keys))
            font = key.font()
            font.setBold(True)
            key.setFont(font)
            what = plain_label(paragraph(words))
            grid.addWidget(key, i, 0, Qt.AlignmentFlag.AlignTop)
            grid.addWidget(what, i, 1)
            self.key_labels.append((key, what))
        return table

    def shown_rows(self) -> list[tuple[str, str]]:
        """Every key row the dialog shows, as (keys, words): the screen's, then everywhere's."""
        return [(k.text(), w.text()) for k, w in self.key_labels]
