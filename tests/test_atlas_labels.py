"""No label on the back is crossed or hidden: by another label, a line, a zone's edge or the focus ring.

The static art keeps what it drew (`BackDiagram.drawn_marks`), in widget pixels: each label's box
and each line's stroked outline. A zone label may touch only its own leader line.
"""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QPainterPathStroker

from massage_trainer.ui.diagram.static import Mark


def _crossings(marks: list[Mark]) -> list[str]:
    labels = [m for m in marks if m.kind == "label"]
    lines = [m for m in marks if m.kind == "line"]
    found = []
    for i, a in enumerate(labels):
        for b in labels[i + 1:]:
            if a.name != b.name and a.shape.intersects(b.shape):
                found.append(f"label {a.name!r} overlaps label {b.name!r}")
        for line in lines:
            if line.owner != a.name and line.shape.intersects(a.shape):
                found.append(f"{line.name} crosses label {a.name!r}")
    return found


@pytest.mark.parametrize("size", [(1366, 768), (3840, 2160)])
def test_no_label_in_the_atlas_is_crossed(window, qtbot, size) -> None:
    window.show_screen("atlas")
    window.resize(*size)
    diagram = window.ctx.diagram
    qtbot.waitUntil(lambda: diagram.painted() and bool(diagram.drawn_marks()))
    diagram.grab()  # paint at this size
    marks = diagram.drawn_marks()
    names = {m.name for m in marks if m.kind == "label"}
    assert {"C7", "T6", "T11", "T12", "L1", "L2", "L3", "L4", "waist line"} <= names
    assert {"rib 0", "waist line 0", "edge of heart", "edge of kidney-right"} <= {m.name for m in marks}
    assert _crossings(marks) == []
    # A vertebra's name stays readable: at least 9 px tall at any size.
    assert min(m.shape.boundingRect().height() for m in marks if m.name in {"T6", "L2"}) >= 9


def test_the_focus_ring_follows_the_zone_and_hides_no_label(window, qtbot) -> None:
    window.show_screen("atlas")
    window.resize(1366, 768)
    diagram = window.ctx.diagram
    diagram.setFocus(Qt.FocusReason.TabFocusReason)
    qtbot.waitUntil(lambda: diagram.painted() and bool(diagram.drawn_marks()))
    labels = [m for m in diagram.drawn_marks() if m.kind == "label"]
    stroker = QPainterPathStroker(diagram.focus_ring_pen())
    for zone in diagram.body.zones:
        diagram.focus_zone(zone.id)
        ring = diagram.transform().map(stroker.createStroke(diagram.zone_path(zone.id)))
        hidden = [m.name for m in labels if ring.intersects(m.shape)]
        assert hidden == [], (zone.id, hidden)
