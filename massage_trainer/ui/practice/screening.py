"""The contraindications checklist before every drill (rule 9), grouped by grade.

What a tick means is core's (`core/screening.py`): an absolute one stops the drill; a relative
one holds it until the learner confirms the person's doctor has said massage is safe; a local
one warns, and the drill goes on around that area. This page only shows the checklist and the
words, and says whether the drill may begin (`may_begin`).
"""

from __future__ import annotations

from PySide6.QtWidgets import QPushButton, QWidget

from massage_trainer.core.drill import DrillSpec
from massage_trainer.core.instructions import briefing
from massage_trainer.core.reference import Contraindication, Grade, Reference
from massage_trainer.core.screening import Screening, screen
from massage_trainer.ui.kit import theme as th
from massage_trainer.ui.kit.widgets import Card, paragraph
from massage_trainer.ui.practice.pages import _button_row, heading
from massage_trainer.ui.practice.widgets import AlertCard, FitPanel, WrappedCheck

GRADE_HEADINGS = {
    Grade.ABSOLUTE: "Do not massage if the person has:",
    Grade.RELATIVE: "Ask a doctor first if the person has:",
    Grade.LOCAL: "Avoid that area if the back has:",
}


class ScreeningPage(FitPanel):
    """The checklist, its three kinds of answer, and the drill's instructions, before its clock starts."""

    def __init__(self, reference: Reference, theme: th.Theme, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        col = self.column
        col.addWidget(heading("Before you start", 1))
        rule9 = reference.rule(9)
        col.addWidget(paragraph(
            f"Rule 9: {rule9.title.lower()}. Tick anything that applies to the person you are about to "
            "massage. What each one means is beside its group."))
        self.checks: list[WrappedCheck] = []
        self._items: list[Contraindication] = []
        for grade in Grade:
            card = Card()
            card.body.addWidget(heading(GRADE_HEADINGS[grade], 3))
            for contraindication in reference.graded(grade):
                box = WrappedCheck(contraindication.text)
                box.box.toggled.connect(lambda _on: self.sync())
                card.body.addWidget(box)
                self.checks.append(box)
                self._items.append(contraindication)
            col.addWidget(card)

        self.stop_card = AlertCard(theme)
        self.stop_card.set_alert(True)
        self.stop_card.setObjectName("stopCard")
        self.stop_title = heading("Stop: do not massage", 2)
        self.stop_text = paragraph()
        self.stop_text.setObjectName("stopText")
        self.stop_card.body.addWidget(self.stop_title)
        self.stop_card.body.addWidget(self.stop_text)
        col.addWidget(self.stop_card)

        self.ask_card = AlertCard(theme)
        self.ask_card.setObjectName("askCard")
        self.ask_text = paragraph()
        self.ask_text.setObjectName("askText")
        self.clearance = WrappedCheck("The person's doctor has said massage is safe for them.")
        self.clearance.setObjectName("clearance")
        self.clearance.box.toggled.connect(lambda _on: self.sync())
        self.ask_card.body.addWidget(heading("Ask a doctor first", 2))
        self.ask_card.body.addWidget(self.ask_text)
        self.ask_card.body.addWidget(self.clearance)
        col.addWidget(self.ask_card)

        self.avoid_card = Card()
        self.avoid_card.setObjectName("avoidCard")
        self.avoid_text = paragraph()
        self.avoid_text.setObjectName("avoidText")
        self.avoid_card.body.addWidget(heading("Avoid that area", 2))
        self.avoid_card.body.addWidget(self.avoid_text)
        col.addWidget(self.avoid_card)

        col.addWidget(paragraph(f"See a doctor first. {reference.contraindications_note}"))
        how = Card()  # what the drill asks, read before its clock starts
        self.how_title = heading("How to do it", 3)
        self.how_text = paragraph()
        self.how_text.setObjectName("screeningHow")
        how.body.addWidget(self.how_title)
        how.body.addWidget(self.how_text)
        col.addWidget(how)
        self.begin_button = QPushButton("Begin")
        self.begin_button.setDefault(True)
        self.back_button = QPushButton("Back")
        col.addLayout(_button_row(self.begin_button, self.back_button))
        self.finish()
        self.sync()

    def ticked(self) -> list[str]:
        return [box.text() for box in self.checks if box.isChecked()]

    def screening(self) -> Screening:
        ticked = [item for item, box in zip(self._items, self.checks, strict=True) if box.isChecked()]
        return screen(ticked, cleared=self.clearance.isChecked())

    def may_begin(self) -> bool:
        return self.screening().may_begin

    def reset(self) -> None:
        """A new drill: nothing ticked, no clearance."""
        for box in (*self.checks, self.clearance):
            box.setChecked(False)
        self.sync()

    def sync(self) -> None:
        """Begin only when the screening allows it; each kind of tick says what it means."""
        result = self.screening()
        self.begin_button.setEnabled(result.may_begin)
        self.begin_button.setText("Begin, around that area" if result.avoid and result.may_begin
                                  else "Begin" if self.ticked() else "None of these applies — begin")
        for card, label, words in ((self.stop_card, self.stop_text, result.stop_words()),
                                   (self.ask_card, self.ask_text, result.ask_words()),
                                   (self.avoid_card, self.avoid_text, result.avoid_words())):
            label.setText(words)
            card.setVisible(bool(words))
        self.ask_card.set_alert(bool(result.ask) and not result.cleared)

    def set_how(self, spec: DrillSpec) -> None:
        """What the drill asks, technique by technique, read before its clock starts."""
        lines = briefing([(phase.technique, phase.label) for phase in spec.phases])
        self.how_title.setText(f"How to do it: {spec.title}")
        self.how_text.setText("\n\n".join(lines))
        self.relayout(self.how_text)
