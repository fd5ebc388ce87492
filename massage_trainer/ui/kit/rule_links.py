"""Buttons that open the general rules a text names, in the Reference (`AppContext.navigate`).

Any screen that shows words citing "rule N" (a quiz's explanation, a zone's reason) puts a
`RuleLinks` under them: one button per rule named (core.reference.rules_cited), each opening the
Reference at that rule. Buttons, not links in the text: the text stays plain, and a keyboard
reaches them with Tab.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping

from PySide6.QtWidgets import QHBoxLayout, QPushButton, QWidget

from massage_trainer.core.reference import rules_cited
from massage_trainer.ui.kit import theme as th

Navigate = Callable[[str, Mapping[str, str] | None], None]


class RuleLinks(QWidget):
    """A row of "Rule N in the Reference" buttons for the rules a text cites; hidden when it cites none."""

    def __init__(self, navigate: Navigate, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._navigate = navigate
        self._row = QHBoxLayout(self)
        self._row.setContentsMargins(0, 0, 0, 0)
        self._row.setSpacing(th.SPACING)
        self._row.addStretch(1)
        self.buttons: list[QPushButton] = []
        self.setVisible(False)

    def show_for(self, text: str) -> tuple[int, ...]:
        """Offer the rules `text` cites; returns them."""
        for button in self.buttons:
            self._row.removeWidget(button)
            button.deleteLater()
        self.buttons = []
        rules = rules_cited(text)
        for i, rule in enumerate(rules):
            button = QPushButton(f"Rule {rule} in the Reference")
            button.setObjectName(f"ruleLink{rule}")
            button.setAccessibleName(f"Open rule {rule} in the Reference")
            button.clicked.connect(lambda _checked=False, n=rule: self._navigate("reference", {"rule": str(n)}))
            self._row.insertWidget(i, button)
            self.buttons.append(button)
        self.setVisible(bool(rules))
        return rules
