"""The Reference screen: indications, contraindications and the 12 general rules."""

from __future__ import annotations

from html import escape

from PySide6.QtCore import QEvent
from PySide6.QtWidgets import QHBoxLayout, QTextBrowser, QWidget

from massage_trainer.core.reference import Reference
from massage_trainer.ui.kit import theme as th
from massage_trainer.ui.kit.context import ScreenHelp


def reference_html(ref: Reference, theme: th.Theme) -> str:
    def items(texts: tuple[str, ...]) -> str:
        return "".join(f"<li>{escape(t)}</li>" for t in texts)

    # Numbered by hand: Qt's list indent is fixed in pixels and clips "10." at large type.
    rules = "".join(
        f"<p><b>{r.id}. {escape(r.title)}.</b> {escape(r.text)}</p>" for r in ref.rules
    )
    return f"""
    <h1>Reference</h1>
    <p style="color:{theme.muted}">{escape(ref.disclaimer)}</p>
    <h2>The 12 general rules</h2>
    {rules}
    <h2>When back massage helps (indications)</h2>
    <ul>{items(ref.indications)}</ul>
    <h2>When not to massage (contraindications)</h2>
    <table cellpadding="10" width="100%" style="border: 2px solid {theme.no_work};">
      <tr><td><b>Consult a doctor first.</b> {escape(ref.contraindications_note)}</td></tr>
    </table>
    <ul>{items(ref.contraindications)}</ul>
    """


class ReferenceScreen(QWidget):
    title = "Reference"

    def __init__(self, reference: Reference, theme: th.Theme, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.reference = reference
        self.browser = QTextBrowser()
        self.browser.setOpenExternalLinks(False)
        self.browser.setHtml(reference_html(reference, theme))
        self.browser.setFrameShape(QTextBrowser.Shape.NoFrame)
        self.browser.document().setDocumentMargin(th.SPACING * 3)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(th.SPACING * 3, th.SPACING * 2, th.SPACING * 3, th.SPACING * 2)
        # The text column grows up to its measure; the stretches either side centre it.
        layout.addStretch(1)
        layout.addWidget(self.browser, 1000)
        layout.addStretch(1)
        self._fit_measure()

    def _fit_measure(self) -> None:
        # Lines of about 90 characters read well; a 4K-wide line does not.
        self.browser.setMaximumWidth(self.browser.fontMetrics().averageCharWidth() * 95)

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.FontChange:
            self._fit_measure()
        super().changeEvent(event)

    def screen_help(self) -> ScreenHelp:
        return ScreenHelp("The Reference holds the 12 general rules of back massage, when it helps "
                          "(the indications) and when not to massage (the contraindications). It scrolls "
                          "with the wheel, the scroll bar, or Page Up and Page Down once clicked.")

    def activate(self) -> None:
        """A static page: nothing to start."""

    def deactivate(self) -> None:
        """A static page: nothing to stop."""
