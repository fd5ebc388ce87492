"""The Techniques screen's side panel: the technique's text, the session's plan, the legend.

Each panel only shows what the screen hands it (a technique, a plan, the current
frame); which technique or plan plays, and when, is the screen's business.
"""

from __future__ import annotations

from html import escape

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QButtonGroup, QRadioButton, QVBoxLayout, QWidget

from massage_trainer.core import rules
from massage_trainer.core.reference import Reference
from massage_trainer.core.techniques import SessionPlan, Technique, TechniqueLibrary
from massage_trainer.core.timeline import Frame, PhaseSpan
from massage_trainer.ui.diagram.animation_swatch import MarkerSwatch
from massage_trainer.ui.kit import theme as th
from massage_trainer.ui.kit.widgets import Card, heading, legend_row, paragraph, swatch_row
from massage_trainer.ui.techniques.widgets import phase_notes


def both_names(technique: Technique) -> str:
    """"Kneading (petrissage)"; just "Vibration" where both names are the same."""
    if technique.other_name.lower() == technique.name.lower():
        return technique.name
    return f"{technique.name} ({technique.other_name})"


def _column(widget: QWidget) -> QVBoxLayout:
    col = QVBoxLayout(widget)
    col.setContentsMargins(0, 0, 0, 0)
    col.setSpacing(th.SPACING * 2)
    return col


class TechniquePanel(QWidget):
    """One technique: its names, what it is for, how the hands move, its movements (the current one marked)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        col = _column(self)
        self.title = heading("", 1)
        self.title.setTextFormat(Qt.TextFormat.PlainText)  # names from the content files
        self.other_name = paragraph(rich=True)
        self.other_name.setObjectName("otherName")
        col.addWidget(self.title)
        col.addWidget(self.other_name)
        self.purpose = paragraph()
        self.how = paragraph(rich=True)
        self.movement_list = paragraph(rich=True)
        self.movement_list.setObjectName("movementList")
        for title, label in (("What it is for", self.purpose), ("How the hands move", self.how),
                             ("The movements, in order", self.movement_list)):
            card = Card()
            card.body.addWidget(heading(title, 3))
            card.body.addWidget(label)
            col.addWidget(card)

    def show_technique(self, technique: Technique) -> None:
        self.title.setText(technique.name)
        if technique.other_name.lower() == technique.name.lower():
            other = f"Its Swedish/French name is the same: <i>{escape(technique.other_name)}</i>."
        else:
            other = f"Swedish/French name: <i>{escape(technique.other_name)}</i>"
        self.other_name.setText(other)
        self.purpose.setText(technique.purpose)
        self.how.setText(f"{escape(technique.how)}<br><br><b>Hands:</b> {escape(technique.hands)}"
                         f"<br><b>Tempo:</b> {escape(technique.tempo)}")

    def show_frame(self, technique: Technique, frame: Frame) -> None:
        """Mark the movement now playing, or the glide between movements."""
        items = []
        for i, movement in enumerate(technique.movements):
            text = escape(movement.caption)
            if i == frame.movement_index and frame.working:
                items.append(f"<li><b>▶ {text}</b></li>")
            else:
                items.append(f"<li>{text}</li>")
        glide = escape(technique.glide.caption)
        between = f"<p><i>Between movements: {glide}.</i></p>"
        if not frame.working:
            between = f"<p><b>▶ Between movements: {glide}.</b></p>"
        self.movement_list.setText(f"<ol style='margin-left: 0'>{''.join(items)}</ol>{between}")


class SessionPanel(QWidget):
    """A whole session: the choice of plan, why the order matters, its phases, the technique playing now."""

    planChosen = Signal(bool)  # True: the first-session plan; False: the regular one

    def __init__(self, library: TechniqueLibrary, reference: Reference, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.library = library
        self.reference = reference
        col = _column(self)
        col.addWidget(heading("A whole session", 1))
        self.plan_group = QButtonGroup(self)
        self.plan_buttons: dict[bool, QRadioButton] = {}
        for first in (True, False):
            try:
                plan = library.session_plan(first_session=first)
            except KeyError:
                continue
            text = f"{plan.name}: {plan.total_minutes:g} min"
            if first:
                text += f" ({rules.FIRST_SESSION_LIMIT_MIN} at most, {rules.rule(rules.DURATION).label})"
            button = QRadioButton(text)
            button.setFocusPolicy(Qt.FocusPolicy.TabFocus)
            self.plan_group.addButton(button)
            self.plan_buttons[first] = button
            button.toggled.connect(self._on_toggled)
            col.addWidget(button)
        self.plan_text = paragraph()
        col.addWidget(self.plan_text)
        order = Card()
        order.body.addWidget(heading("The order", 3))
        self.order_note = paragraph(rich=True)
        self.order_note.setObjectName("orderNote")
        order.body.addWidget(self.order_note)
        self.phase_list = paragraph(rich=True)
        self.phase_list.setObjectName("phaseList")
        order.body.addWidget(self.phase_list)
        col.addWidget(order)
        now = Card()
        self.now_title = heading("", 3)
        self.now_title.setTextFormat(Qt.TextFormat.PlainText)
        self.now_text = paragraph(rich=True)
        now.body.addWidget(self.now_title)
        now.body.addWidget(self.now_text)
        col.addWidget(now)
        self._plan: SessionPlan | None = None
        self._phases: tuple[PhaseSpan, ...] = ()

    def show_plan(self, plan: SessionPlan, first_session: bool, phases: tuple[PhaseSpan, ...]) -> None:
        self._plan, self._phases = plan, phases
        button = self.plan_buttons.get(first_session)
        if button is not None and not button.isChecked():
            button.blockSignals(True)
            button.setChecked(True)
            button.blockSignals(False)
        self.plan_text.setText(plan.description)
        self.order_note.setText(self._order_html(plan))

    def show_frame(self, frame: Frame) -> None:
        """Mark the phase now playing and say what its technique does."""
        if self._plan is None:
            return
        technique = self.library[frame.technique]
        items = []
        for i, (span, note) in enumerate(zip(self._phases, phase_notes(self._plan), strict=True)):
            name = f"{escape(both_names(self.library[span.technique]))}, {escape(note)}"
            items.append(f"<li><b>▶ {name}</b></li>" if i == frame.phase_index else f"<li>{name}</li>")
        self.phase_list.setText(f"<ol style='margin-left: 0'>{''.join(items)}</ol>")
        self.now_title.setText(f"Now: {both_names(technique)}")
        self.now_text.setText(f"{escape(technique.purpose)}<br><br>{escape(technique.how)}")

    def _order_html(self, plan: SessionPlan) -> str:
        """The order rule (rule 5), and how this plan keeps it."""
        number = rules.rule(rules.ORDER).number
        try:
            rule = self.reference.rule(number) if number is not None else None
            cite = f"<b>Rule {number} — {escape(rule.title)}.</b> " if rule is not None else ""
        except KeyError:
            cite = ""
        if not plan.begins_and_ends_with_stroking:
            return cite + "This plan does not begin and end with stroking."
        closing, opening = plan.phases[-1].intensity[1], plan.phases[0].intensity[1]
        firmer = " and the closing stroking is more intense than the opening one" if closing > opening else ""
        return (f"{cite}The session begins and ends with stroking{firmer}: watch the hands grow "
                "as the pressure rises at the end.")

    def _on_toggled(self, on: bool) -> None:
        if on:
            first = self.plan_buttons.get(True)
            self.planChosen.emit(first is not None and first.isChecked())


def legend_card(theme: th.Theme) -> Card:
    """How to read the animation: each marker and trail, drawn as the animation draws it."""
    legend = Card()
    legend.body.addWidget(heading("How to read the animation", 3))

    def marker_row(style: str, text: str) -> QWidget:
        return swatch_row(MarkerSwatch(theme, style), text)

    legend.body.addWidget(marker_row("work", "A hand at work, pointing the way it moves. "
                                             "The harder it presses, the bigger the marker."))
    legend.body.addWidget(legend_row(theme.demo, "solid", "Its fading trail: the last second of the "
                                                          "movement, thicker where it presses harder."))
    legend.body.addWidget(marker_row("glide", "Gliding back lightly, still in contact."))
    legend.body.addWidget(legend_row(theme.glide, "dashed", "The glide's path (dashed)."))
    legend.body.addWidget(marker_row("lifted", "Hollow: the hand is lifted, between taps."))
    legend.body.addWidget(paragraph("Thin numbered arrows: every movement of the technique, in order; "
                                    "the one now playing is darker, with chevrons along it."))
    return legend
