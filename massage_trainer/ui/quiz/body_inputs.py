"""The questions answered on the shared back diagram: find the place (hotspot), draw the direction.

A hotspot is a click on the back, turned into the body frame by the diagram (its `clicked`
signal), or, from the keyboard, a zone chosen from a list: its response is then a point inside
that zone (the centroid core's Body gives). Draw the direction records one stroke with the mouse
held down as `(t, x, y, contact, pressure)` samples, `t` from the screen's injected clock, and
draws it with the drills' live ink (ui/diagram/ink.py). Core grades both (core/quiz_body.py).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Final

from PySide6.QtCore import QPointF, QRectF
from PySide6.QtGui import QPainter
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QPushButton, QWidget

from massage_trainer.core.body import Body
from massage_trainer.core.quiz import Question
from massage_trainer.core.quiz_body import Sample
from massage_trainer.ui.diagram.ink import Ink, InkLayer
from massage_trainer.ui.diagram.view import BackDiagram
from massage_trainer.ui.kit import theme as th
from massage_trainer.ui.kit.dialogs import plain_label
from massage_trainer.ui.quiz.questions import AnswerInput

MOUSE_PRESSURE: Final = 0.6  # a mouse cannot tell pressure: a stroke drawn with it counts as working
MIN_STEP_S: Final = 0.01  # samples at least this far apart, whatever the clock says
PIN_RADIUS: Final = 0.025  # back lengths
NO_ZONE: Final = "— or choose a zone —"


class Pin:
    """A diagram layer: a ringed cross where the learner clicked."""

    def __init__(self) -> None:
        self.at: tuple[float, float] | None = None

    def paint(self, painter: QPainter, diagram: BackDiagram) -> None:
        if self.at is None:
            return
        x, y = self.at
        painter.setPen(diagram.frame_pen(diagram.theme.color("demo"), th.INK_WIDTH * 0.6))
        painter.drawEllipse(QPointF(x, y), PIN_RADIUS, PIN_RADIUS)
        painter.drawLine(QPointF(x - PIN_RADIUS, y), QPointF(x + PIN_RADIUS, y))
        painter.drawLine(QPointF(x, y - PIN_RADIUS), QPointF(x, y + PIN_RADIUS))

    def area(self) -> QRectF:
        x, y = self.at or (0.0, 0.0)
        r = PIN_RADIUS * 2
        return QRectF(x - r, y - r, 2 * r, 2 * r)


class HotspotInput(AnswerInput):
    """A click on the back, or a zone from the list (for the keyboard)."""

    def __init__(self, question: Question, diagram: BackDiagram, body: Body, parent: QWidget | None = None) -> None:
        super().__init__(question, parent)
        self.diagram = diagram
        self.body = body
        self.pin = Pin()
        self.where = plain_label(QLabel("Nothing chosen yet."))
        self.where.setWordWrap(True)
        self.zones = QComboBox()
        self.zones.setAccessibleName("Choose a zone (instead of clicking the back)")
        self.zones.addItem(NO_ZONE, None)
        for zone in body.zones:
            self.zones.addItem(zone.name, zone.id)
        self.zones.activated.connect(self._zone_chosen)
        self.column.addWidget(self.zones)
        self.column.addWidget(self.where)
        self._attached = False

    def _zone_chosen(self, index: int) -> None:
        zone_id = self.zones.itemData(index)
        if zone_id is None:
            return
        self._place(self.body.zone(str(zone_id)).region.polygons[0].centroid(), keep_zone=True)

    def choose_zone(self, zone_id: str) -> None:
        """What choosing the zone in the list does (the keyboard's way to answer)."""
        index = self.zones.findData(zone_id)
        self.zones.setCurrentIndex(index)
        self._zone_chosen(index)

    def _clicked(self, x: float, y: float) -> None:
        if self.isEnabled():
            self._place((x, y))

    def _place(self, point: tuple[float, float], keep_zone: bool = False) -> None:
        old = self.pin.area() if self.pin.at else None
        self.pin.at = (float(point[0]), float(point[1]))
        if not keep_zone:
            self.zones.setCurrentIndex(0)
        self.where.setText(f"Your answer: {self.body.describe(self.pin.at)}.")
        for rect in (old, self.pin.area()):
            if rect is not None:
                self.diagram.update_frame_rect(rect.left(), rect.top(), rect.right(), rect.bottom())
        self.changed.emit()

    def response(self) -> object:
        return None if self.pin.at is None else [self.pin.at[0], self.pin.at[1]]

    def set_response(self, response: object) -> None:
        if isinstance(response, (list, tuple)) and len(response) == 2:
            self._place((float(response[0]), float(response[1])))

    def first_focus(self) -> QWidget:
        return self.zones

    def attach(self) -> None:
        if not self._attached:
            self._attached = True
            self.diagram.clicked.connect(self._clicked)
            self.diagram.add_layer(self.pin)
            self.diagram.set_zones_visible(False)  # the zones drawn would give the answer away

    def detach(self) -> None:
        if self._attached:
            self._attached = False
            self.diagram.clicked.disconnect(self._clicked)
            self.diagram.remove_layer(self.pin)
            self.diagram.set_zones_visible(True)


class DirectionInput(AnswerInput):
    """One stroke traced on the back with the mouse held down."""

    def __init__(self, question: Question, diagram: BackDiagram, clock: Callable[[], float],
                 parent: QWidget | None = None) -> None:
        super().__init__(question, parent)
        self.diagram = diagram
        self.clock = clock
        self.ink = InkLayer(diagram)
        self.samples: list[Sample] = []
        self._t0 = 0.0
        self.state = plain_label(QLabel("Nothing traced yet."))
        self.state.setWordWrap(True)
        self.clear_button = QPushButton("Trace again")
        self.clear_button.setAccessibleName("Clear the stroke and trace it again")
        self.clear_button.clicked.connect(self.clear)
        row = QHBoxLayout()
        row.addWidget(self.clear_button)
        row.addStretch(1)
        self.column.addWidget(self.state)
        self.column.addLayout(row)
        self._attached = False

    def _t(self) -> float:
        t = self.clock() - self._t0
        return max(t, self.samples[-1][0] + MIN_STEP_S) if self.samples else 0.0

    def pressed(self, x: float, y: float, _pressure: object = None) -> None:
        if not self.isEnabled():
            return
        self.samples = []
        self.ink.clear()
        self._t0 = self.clock()
        self.samples.append((self._t(), x, y, True, MOUSE_PRESSURE))
        self.ink.pen_down(x, y)

    def moved(self, x: float, y: float, _pressure: object = None) -> None:
        if not self.isEnabled() or not self.ink.is_down:
            return
        self.samples.append((self._t(), x, y, True, MOUSE_PRESSURE))
        self.ink.extend(x, y, Ink.WORKING)

    def released(self, x: float, y: float, _pressure: object = None) -> None:
        if not self.isEnabled() or not self.ink.is_down:
            return
        self.samples.append((self._t(), x, y, True, MOUSE_PRESSURE))
        self.ink.extend(x, y, Ink.WORKING)
        self.samples.append((self._t(), x, y, False, 0.0))
        self.ink.pen_up()
        self.state.setText("Stroke traced: submit it, or trace it again.")
        self.changed.emit()

    def clear(self) -> None:
        self.samples = []
        self.ink.clear()
        self.state.setText("Nothing traced yet.")
        self.changed.emit()

    def response(self) -> object:
        if len(self.samples) < 3:
            return None
        return [list(s) for s in self.samples]

    def set_response(self, response: object) -> None:
        self.clear()
        if isinstance(response, (list, tuple)) and response:
            for s in response:
                t, x, y, contact, pressure = s
                self.samples.append((float(t), float(x), float(y), bool(contact), float(pressure)))
                if contact:
                    if self.ink.is_down:
                        self.ink.extend(float(x), float(y), Ink.WORKING)
                    else:
                        self.ink.pen_down(float(x), float(y))
            self.ink.pen_up()
            self.state.setText("Stroke traced: submit it, or trace it again.")

    def first_focus(self) -> QWidget:
        return self.clear_button

    def set_locked(self, locked: bool) -> None:
        super().set_locked(locked)
        self.diagram.set_input_enabled(not locked and self._attached)

    def attach(self) -> None:
        if not self._attached:
            self._attached = True
            d = self.diagram
            d.pointerPressed.connect(self.pressed)
            d.pointerMoved.connect(self.moved)
            d.pointerReleased.connect(self.released)
            d.add_layer(self.ink)
            d.set_input_enabled(self.isEnabled())

    def detach(self) -> None:
        if self._attached:
            self._attached = False
            d = self.diagram
            d.pointerPressed.disconnect(self.pressed)
            d.pointerMoved.disconnect(self.moved)
            d.pointerReleased.disconnect(self.released)
            d.remove_layer(self.ink)
            d.set_input_enabled(False)
