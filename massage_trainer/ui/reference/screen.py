"""The Reference screen: the rules, indications, graded contraindications, types, glossary, sources.

The page (page.py) is one document with a contents line; Ctrl+F finds text in it. A glossary
term in the text shows its explanation in the line above the page when the pointer rests on it,
and goes to its entry when clicked. Another screen opens a rule here with
`{"rule": "N"}` (`open_request`).
"""

from __future__ import annotations

from collections.abc import Mapping

from PySide6.QtCore import QEvent, Qt, QUrl
from PySide6.QtGui import QKeySequence, QShortcut, QTextDocument
from PySide6.QtWidgets import QHBoxLayout, QLabel, QLineEdit, QTextBrowser, QVBoxLayout, QWidget

from massage_trainer.core.reference import Reference
from massage_trainer.ui.kit import theme as th
from massage_trainer.ui.kit.context import ScreenHelp
from massage_trainer.ui.kit.dialogs import plain_label
from massage_trainer.ui.reference.page import TERM_LINK, reference_html


class ReferenceScreen(QWidget):
    title = "Reference"

    def __init__(self, reference: Reference, theme: th.Theme, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.reference = reference
        self.browser = QTextBrowser()
        self.browser.setOpenLinks(False)  # anchors, terms and sources are handled here
        self.browser.setHtml(reference_html(reference, theme))
        self.browser.setFrameShape(QTextBrowser.Shape.NoFrame)
        self.browser.document().setDocumentMargin(th.SPACING * 3)
        self.browser.anchorClicked.connect(self._follow)
        self.browser.highlighted.connect(self._explain)
        self.browser.setAccessibleName("Reference")

        self.find_field = QLineEdit()
        self.find_field.setPlaceholderText("Find in the Reference (Ctrl+F)")
        self.find_field.setAccessibleName("Find in the Reference")
        self.find_field.setClearButtonEnabled(True)
        self.find_field.returnPressed.connect(lambda: self.find_next())
        self.find_field.textChanged.connect(lambda _text: self.find_next(from_top=True))
        self.find_status = plain_label(QLabel())
        self.find_status.setObjectName("findStatus")
        self.term_note = plain_label(QLabel())
        self.term_note.setObjectName("termNote")
        self.term_note.setWordWrap(True)
        self.term_note.setAccessibleName("Glossary")
        self.term_note.setVisible(False)
        find = QShortcut(QKeySequence(QKeySequence.StandardKey.Find), self)
        find.activated.connect(self._focus_find)
        back = QShortcut(QKeySequence("Shift+Return"), self.find_field)
        back.setContext(Qt.ShortcutContext.WidgetShortcut)
        back.activated.connect(lambda: self.find_next(backward=True))

        bar = QHBoxLayout()
        bar.addWidget(self.find_field, 1)
        bar.addWidget(self.find_status, 0)
        column = QVBoxLayout()
        column.setContentsMargins(0, 0, 0, 0)
        column.addLayout(bar)
        column.addWidget(self.term_note)
        column.addWidget(self.browser, 1)
        holder = QWidget()
        holder.setLayout(column)
        self._holder = holder
        layout = QHBoxLayout(self)
        layout.setContentsMargins(th.SPACING * 3, th.SPACING * 2, th.SPACING * 3, th.SPACING * 2)
        # The text column grows up to its measure; the stretches either side centre it.
        layout.addStretch(1)
        layout.addWidget(holder, 1000)
        layout.addStretch(1)
        self._fit_measure()

    # --- links: sections, rules, terms, sources -------------------------------

    def _follow(self, url: QUrl) -> None:
        text = url.toString()
        term = TERM_LINK.match(text)
        if term:
            self.browser.scrollToAnchor(f"term-{term.group(1)}")
        elif text.startswith("#"):
            self.browser.scrollToAnchor(text[1:])

    def _explain(self, url: QUrl) -> None:
        """The term under the pointer, explained in the line above the page (plain text, read aloud too)."""
        term = TERM_LINK.match(url.toString())
        if term is None:
            return  # the last explanation stays until another term is pointed at
        entry = self.reference.glossary[int(term.group(1))]
        self.term_note.setText(f"{entry.term}: {entry.explanation}")
        self.term_note.setVisible(True)

    def show_rule(self, rule_id: int) -> None:
        self.browser.scrollToAnchor(f"rule-{rule_id}")

    def open_request(self, request: Mapping[str, str]) -> None:
        """`{"rule": "6"}` shows rule 6; `{"section": "glossary"}` a section."""
        if request.get("rule", "").isdigit():
            self.show_rule(int(request["rule"]))
        elif request.get("section"):
            self.browser.scrollToAnchor(request["section"])

    # --- find ---------------------------------------------------------------

    def _focus_find(self) -> None:
        self.find_field.setFocus()
        self.find_field.selectAll()

    def find_next(self, from_top: bool = False, backward: bool = False) -> bool:
        """Find the field's text in the page, after the last match (or from the top); say when it is not there."""
        words = self.find_field.text().strip()
        if not words:
            self.find_status.setText("")
            return False
        if from_top:
            cursor = self.browser.textCursor()
            cursor.movePosition(cursor.MoveOperation.Start)
            self.browser.setTextCursor(cursor)
        flags = QTextDocument.FindFlag.FindBackward if backward else QTextDocument.FindFlag(0)
        found = self.browser.find(words, flags)
        if not found and not from_top:  # wrap round once
            cursor = self.browser.textCursor()
            cursor.movePosition(cursor.MoveOperation.End if backward else cursor.MoveOperation.Start)
            self.browser.setTextCursor(cursor)
            found = self.browser.find(words, flags)
        self.find_status.setText("" if found else f"Not found: {words}")
        return found

    # --- layout -------------------------------------------------------------

    def _fit_measure(self) -> None:
        # Lines of about 90 characters read well; a 4K-wide line does not.
        self._holder.setMaximumWidth(self.browser.fontMetrics().averageCharWidth() * 95)

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.FontChange:
            self._fit_measure()
        super().changeEvent(event)

    def screen_help(self) -> ScreenHelp:
        return ScreenHelp(
            "The Reference holds the 12 general rules, when back massage helps (the indications, in two "
            "groups), when not to massage (the contraindications, graded: do not massage, ask a doctor "
            "first, avoid that area), the types of back massage, a glossary and the sources. The contents "
            "line at the top jumps to each part. Rest the pointer on an underlined term to read it in "
            "plain words above the page; click it for its glossary entry. A number in brackets is a source.",
            (("Ctrl+F", "find in the Reference: type, then Enter for the next match, Shift+Enter for the "
                        "one before"),))

    def activate(self) -> None:
        """A static page: nothing to start."""

    def deactivate(self) -> None:
        """A static page: nothing to stop."""
