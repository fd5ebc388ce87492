"""The Reference screen: indications, contraindications and the 12 general rules."""

from __future__ import annotations

from html import escape

from PySide6.QtWidgets import QTextBrowser, QVBoxLayout, QWidget

from massage_trainer.core.reference import Reference
from massage_trainer.ui import theme as th


def reference_html(ref: Reference, theme: th.Theme) -> str:
    def items(texts: tuple[str, ...]) -> str:
        return "".join(f"<li>{escape(t)}</li>" for t in texts)

    rules = "".join(
        f"<li value='{r.id}'><b>{escape(r.title)}.</b> {escape(r.text)}</li>" for r in ref.rules
    )
    return f"""
    <h1>Reference</h1>
    <p style="color:{theme.muted}">{escape(ref.disclaimer)}</p>
    <h2>The 12 general rules</h2>
    <ol>{rules}</ol>
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
        layout = QVBoxLayout(self)
        layout.setContentsMargins(th.SPACING * 3, th.SPACING * 2, th.SPACING * 3, th.SPACING * 2)
        layout.addWidget(self.browser)

    def activate(self) -> None:
        """A static page: nothing to start."""

    def deactivate(self) -> None:
        """A static page: nothing to stop."""
