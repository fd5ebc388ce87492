"""The Techniques screen's demonstration page: what shows around the animation, laid out.

On the left the session's phase bar, the caption of the movement, the shared back
diagram (placed by `host_diagram` when the screen shows) and the player's
controls; on the right the side panel: the technique or the session, the legend,
the keys. The page only lays these out; the screen drives them.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QFontMetrics
from PySide6.QtWidgets import QHBoxLayout, QLabel, QVBoxLayout, QWidget

from massage_trainer.core.reference import Reference
from massage_trainer.core.techniques import TechniqueLibrary
from massage_trainer.ui.diagram.view import BackDiagram
from massage_trainer.ui.kit import theme as th
from massage_trainer.ui.kit.widgets import SidePanel, muted
from massage_trainer.ui.techniques.controls import PlayerControls
from massage_trainer.ui.techniques.keys import keys_card
from massage_trainer.ui.techniques.panels import SessionPanel, TechniquePanel, legend_card
from massage_trainer.ui.techniques.widgets import CaptionLabel, PhaseBar

PANEL_CHARS = 36  # the side panel's least width, in average characters: it stays readable


class DemoPage(QWidget):
    """The demonstration's widgets, public so the screen can wire and fill them."""

    def __init__(self, library: TechniqueLibrary, reference: Reference, theme: Callable[[], th.Theme],
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.phase_bar = PhaseBar(theme)
        # A session's animation lasts a minute or two: this says it is not the session's real length.
        self.condensed_note = muted(QLabel(), theme())
        self.condensed_note.setObjectName("condensedNote")
        self.condensed_note.setTextFormat(Qt.TextFormat.PlainText)
        self.condensed_note.setWordWrap(True)
        self.caption = CaptionLabel()
        self.caption.setObjectName("movementCaption")
        f = self.caption.font()
        f.setBold(True)
        self.caption.setFont(f)
        self._diagram_host = QVBoxLayout()
        self._diagram_host.setContentsMargins(0, 0, 0, 0)
        self.controls = PlayerControls(theme())

        left = QVBoxLayout()
        left.setContentsMargins(th.SPACING * 2, th.SPACING, th.SPACING * 2, th.SPACING)
        left.setSpacing(th.SPACING)
        left.addWidget(self.phase_bar)
        left.addWidget(self.condensed_note)
        left.addWidget(self.caption)
        left.addLayout(self._diagram_host, 1)
        left.addWidget(self.controls)

        self.panel = SidePanel()
        self.technique_panel = TechniquePanel()
        self.session_panel = SessionPanel(library, reference)
        keys, self.key_hints = keys_card()
        for part in (self.technique_panel, self.session_panel, legend_card(theme()), keys):
            self.panel.column.addWidget(part)
        self.panel.finish()

        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.setSpacing(0)
        row.addLayout(left, 3)
        row.addWidget(self.panel, 2)
        self._fit_to_font()

    def host_diagram(self, diagram: BackDiagram) -> None:
        """The app has one diagram widget; it moves to whichever screen is showing."""
        self._diagram_host.addWidget(diagram, 1)

    def show_session(self, session: bool) -> None:
        """The phase bar and the session's panel for a session; the technique's panel otherwise."""
        self.phase_bar.setVisible(session)
        self.condensed_note.setVisible(session)
        self.session_panel.setVisible(session)
        self.technique_panel.setVisible(not session)

    def scroll_panel_to_top(self) -> None:
        """A new technique's text starts at its title, not where the last one was left."""
        self.panel.verticalScrollBar().setValue(0)

    def keep_plan_choice_in_view(self, first_session: bool) -> None:
        """After a change of plan, its radio button stays where the eye is (it sits above the plan's text)."""
        button = self.session_panel.plan_buttons.get(first_session)
        if button is not None:
            margin = button.height()
            self.panel.ensureWidgetVisible(button, 0, margin)

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.FontChange:
            self._fit_to_font()
        super().changeEvent(event)

    def _fit_to_font(self) -> None:
        # The panel grows with the type, so a projector shows it large; the diagram column gives way first.
        self.panel.setMinimumWidth(QFontMetrics(self.font()).averageCharWidth() * PANEL_CHARS)
