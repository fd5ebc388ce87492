"""The Atlas screen: the back diagram, its legend, and why each zone matters.

A zone's name, rule and reason come from the content files, so they are shown as
plain text (a bold label for the rule, a paragraph for the reason), never as markup.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QFont
from PySide6.QtWidgets import QCheckBox, QHBoxLayout, QLabel, QVBoxLayout, QWidget

from massage_trainer.core import rules
from massage_trainer.core.body import ZoneKind
from massage_trainer.core.reference import Reference
from massage_trainer.ui.diagram.view import BackDiagram
from massage_trainer.ui.kit.context import ScreenHelp
from massage_trainer.ui.kit.rule_links import Navigate, RuleLinks
from massage_trainer.ui.kit.widgets import Card, SidePanel, heading, legend_row, paragraph

HINT = "Point at a zone, or press Tab on the diagram, to read why it matters."
HELP = ScreenHelp(
    "The Atlas is the back seen from behind: where to work, where never to (the spine), and where "
    "to be gentle (the heart and the kidneys). Point at a zone, or Tab to the diagram and walk the "
    "zones with the arrows, to read its rule and why it matters in the panel; the legend says what "
    "each hatch means. With the focus on the diagram:",
    (("Tab", "the next zone; after the last, on to the next control"),
     ("Shift+Tab", "the previous zone"),
     ("Down Right", "the next zone"),
     ("Up Left", "the previous zone"),
     ("Esc", "leave the zone")))


class AtlasScreen(QWidget):
    title = "Atlas"

    def __init__(self, diagram: BackDiagram, reference: Reference, parent: QWidget | None = None,
                 navigate: Navigate | None = None) -> None:
        super().__init__(parent)
        self.diagram = diagram
        self.reference = reference
        body = diagram.body

        self.panel = SidePanel()
        col = self.panel.column
        col.addWidget(heading("The back, seen from behind", 1))

        self.zone_card = Card()
        self.zone_title = heading("Zones", 2)
        self.zone_title.setTextFormat(Qt.TextFormat.PlainText)  # it names zones from the content files
        self.zone_text = paragraph(HINT)
        self.zone_text.setObjectName("zoneExplanation")
        self.zone_card.body.addWidget(self.zone_title)
        self.zone_card.body.addWidget(self.zone_text)
        # One rule line and one reason per zone a point can lie in, shown as needed.
        bold = QFont()
        bold.setBold(True)  # only the weight: the size still follows the window's scale
        self.zone_rules: list[QLabel] = []
        self.zone_reasons: list[QLabel] = []
        for _zone in body.zones:
            rule, reason = paragraph(), paragraph()
            rule.setFont(bold)
            rule.hide()
            reason.hide()
            self.zone_card.body.addWidget(rule)
            self.zone_card.body.addWidget(reason)
            self.zone_rules.append(rule)
            self.zone_reasons.append(reason)
        # The rules the zones shown come under, opened in the Reference.
        self.rule_links = RuleLinks(navigate or (lambda _key, _request: None))
        self.zone_card.body.addWidget(self.rule_links)
        col.addWidget(self.zone_card)

        legend = Card()
        legend.body.addWidget(heading("Legend", 3))
        t = diagram.theme
        spine = body.zones_of_kind(ZoneKind.NO_WORK)
        caution = body.zones_of_kind(ZoneKind.CAUTION)
        legend.body.addWidget(legend_row(t.no_work, "cross",
                                         "No-work zone (cross-hatched): " + ", ".join(z.name.lower() for z in spine)
                                         + f". Rule {spine[0].rule}." if spine else ""))
        legend.body.addWidget(legend_row(t.caution, "diagonal",
                                         "Caution zones (diagonal hatch, dashed edge): "
                                         + ", ".join(z.name.lower() for z in caution)
                                         + (f". Rule {caution[0].rule}." if caution else "")))
        area = rules.rule(rules.AREA).label
        legend.body.addWidget(legend_row(t.skin, "fill",
                                         f"Working area: the back from the waist line up to C7 ({area})."))
        legend.body.addWidget(paragraph("View from behind: the patient's left (L) is on your left."))
        col.addWidget(legend)

        self.landmarks = QCheckBox("Show landmarks (vertebrae C7–L4, shoulder tips)")
        self.landmarks.setChecked(diagram.landmarks_visible())
        self.landmarks.toggled.connect(diagram.set_landmarks_visible)
        col.addWidget(self.landmarks)
        self.panel.finish()

        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        self.diagram_host = QVBoxLayout()
        layout.addLayout(self.diagram_host, 3)
        layout.addWidget(self.panel, 2)

        diagram.zoneHovered.connect(self._on_hovered)
        diagram.zoneFocused.connect(self._on_focused)

    def screen_help(self) -> ScreenHelp:
        return HELP

    def activate(self) -> None:
        # The app has one diagram widget; it moves to whichever screen is showing.
        self.diagram_host.addWidget(self.diagram)
        self.diagram.set_input_enabled(False)
        self.diagram.show()

    def deactivate(self) -> None:
        """Nothing to stop: the Atlas has no animation or drill running."""

    def _on_hovered(self, zone_ids: tuple[str, ...]) -> None:
        if zone_ids:
            self.explain(zone_ids)
        elif self.diagram.focused_zone():
            self.explain((self.diagram.focused_zone() or "",))
        else:
            self.zone_title.setText("Zones")
            self.zone_text.show()
            self.rule_links.show_for("")
            for label in (*self.zone_rules, *self.zone_reasons):
                label.hide()

    def _on_focused(self, zone_id: str | None) -> None:
        if zone_id:
            self.explain((zone_id,))
        elif not self.diagram.hovered_zones():
            self._on_hovered(())

    def explain(self, zone_ids: tuple[str, ...]) -> None:
        """Say why each zone matters, citing the general rule it comes from."""
        body = self.diagram.body
        zones = [body.zone(z) for z in zone_ids]
        self.zone_title.setText(" + ".join(z.name for z in zones))
        self.zone_text.hide()
        for i, (rule_label, reason_label) in enumerate(zip(self.zone_rules, self.zone_reasons, strict=True)):
            shown = i < len(zones)
            if shown:
                zone = zones[i]
                rule = self.reference.rule(zone.rule)
                kind = "Do not work here" if zone.kind == ZoneKind.NO_WORK else "Caution"
                rule_label.setText(f"{kind} — rule {rule.id}: {rule.title}.")
                reason_label.setText(zone.why)
            rule_label.setVisible(shown)
            reason_label.setVisible(shown)
        self.rule_links.show_for(" ".join(f"rule {z.rule}" for z in zones))

    def explanation(self) -> str:
        """The zone card's text as it reads now: the hint, or each zone's rule and reason."""
        labels = [self.zone_text, *(w for pair in zip(self.zone_rules, self.zone_reasons, strict=True)
                                    for w in pair)]
        return "\n".join(label.text() for label in labels if not label.isHidden())
