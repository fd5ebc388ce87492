"""The drill's guide and "Show me": the technique drawn faint under the ink, and its model played once.

`DrillGuide` owns the guide layer (ui/diagram/guide.py) and the Show-me
animation (the Techniques screen's AnimationLayer and Playback) on the shared
diagram, and their controls in the drill's side panel:

- the guide is on for a learner's first attempts at a drill (fewer than
  FIRST_ATTEMPTS earlier runs of that drill in the history the screen has
  already read) and follows the technique of the drill's phase; H or its check
  box turns it off or on for the rest of the drill;
- Show me (M, or its button) plays the technique's movements once, fading in
  and out (the layer's own opacity), and hides;
  a running drill is paused meanwhile (the pause is left out of the recording)
  and resumed after; Esc or M again stops it early.

The guide layer stays on the diagram while the Practice screen shows, added
before the ink so the ink is always drawn over it; it paints only on the drill page.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Final

from PySide6.QtCore import QObject, Qt, QTimer, Signal
from PySide6.QtGui import QPainter
from PySide6.QtWidgets import QCheckBox, QHBoxLayout, QPushButton, QStackedWidget

from massage_trainer.core.drill import Drill
from massage_trainer.core.timeline import Timeline
from massage_trainer.storage import DrillRun
from massage_trainer.ui.diagram.animation import AnimationLayer
from massage_trainer.ui.diagram.guide import GuideLayer
from massage_trainer.ui.diagram.player import Change, Playback
from massage_trainer.ui.diagram.view import BackDiagram
from massage_trainer.ui.kit import theme as th
from massage_trainer.ui.kit.widgets import Card, muted, paragraph
from massage_trainer.ui.practice.live import LiveDrill
from massage_trainer.ui.practice.pages import DrillPage

if TYPE_CHECKING:
    from massage_trainer.ui.kit.context import AppContext

FIRST_ATTEMPTS: Final = 3  # the guide is on until a learner has this many runs of a drill
TICK_MS: Final = 16
FADE_S: Final = 0.4  # the model fades in at its start and out after its end, on the player's clock
ON_TEXT: Final = "Guide on: the movements drawn faint, numbered in the order they are done."
OFF_TEXT: Final = "Guide off: only your ink is drawn. H shows it."
SHOWING_CUE: Final = "Watch the model: the clock waits"


def guide_wanted(runs: Sequence[DrillRun], drill_id: str) -> bool:
    """On for a learner's first attempts: fewer than FIRST_ATTEMPTS earlier runs of this drill."""
    return sum(run.drill == drill_id for run in runs) < FIRST_ATTEMPTS


class FadingLayer:
    """A layer painted at an opacity of its own (the painter's, never an effect on the view)."""

    def __init__(self, inner: AnimationLayer) -> None:
        self.inner = inner
        self.opacity = 1.0

    def paint(self, painter: QPainter, diagram: BackDiagram) -> None:
        painter.save()
        painter.setOpacity(self.opacity)
        self.inner.paint(painter, diagram)
        painter.restore()


class DrillGuide(QObject):
    """The guide and Show me for the drill on `page`; see the module docstring."""

    showStarted = Signal()
    showFinished = Signal()  # the model has played to its end, or was stopped

    def __init__(self, ctx: AppContext, live: LiveDrill, page: DrillPage, pages: QStackedWidget,
                 runs: Callable[[], Sequence[DrillRun]], clock: Callable[[], float] = time.monotonic,
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.diagram = ctx.diagram
        self.library = ctx.content.techniques
        self.live, self.page, self.pages, self.runs = live, page, pages, runs
        self.layer = GuideLayer(self.diagram, self.library)
        self.animation = AnimationLayer(self.diagram, self.library)
        self.model = FadingLayer(self.animation)  # what goes on the diagram while the model plays
        self._model_end = 0.0
        self.player = Playback(clock=clock)
        self.player.subscribe(self._on_player)
        self.timer = QTimer(self)
        self.timer.setInterval(TICK_MS)
        self.timer.timeout.connect(self.player.tick)
        self._on = False
        self._attached = False
        self._drill: Drill | None = None  # the drill the guide was last decided for
        self._resume_after = False
        self._cue = ""  # the drill's cue before the model played, put back if the drill stays paused
        self._build(ctx)
        pages.currentChanged.connect(lambda _i: self._sync())
        live.ticked.connect(self._sync)  # a new phase may bring another technique

    def _build(self, ctx: AppContext) -> None:
        card = self.card = Card()
        card.setObjectName("guideCard")
        row = QHBoxLayout()
        row.setSpacing(th.SPACING)
        self.check = QCheckBox("Guide (H)")
        self.check.setAccessibleName("Guide on the diagram")
        self.check.toggled.connect(self.set_on)
        row.addWidget(self.check, 1)
        self.show_button = QPushButton("Show me (M)")
        self.show_button.setToolTip("Play the technique's movements once; the drill's clock waits meanwhile")
        self.show_button.clicked.connect(self.toggle_show)
        row.addWidget(self.show_button)
        for w in (self.check, self.show_button):
            w.setFocusPolicy(Qt.FocusPolicy.TabFocus)  # a click leaves the focus on the diagram
        card.body.addLayout(row)
        self.state_label = muted(paragraph(OFF_TEXT), ctx.theme)
        self.state_label.setObjectName("guideState")
        card.body.addWidget(self.state_label)
        column = self.page.column
        column.insertWidget(column.indexOf(self.page.feedback_card) + 1, card)

    # --- the guide ----------------------------------------------------------------------

    @property
    def on(self) -> bool:
        """The learner wants the guide for this drill (it shows on the drill page)."""
        return self._on

    @property
    def shown(self) -> bool:
        """The guide is being drawn on the diagram now."""
        return self.layer.visible

    def set_on(self, on: bool) -> None:
        self._on = on
        if self.check.isChecked() != on:
            self.check.setChecked(on)  # its signal comes back here, with nothing left to do
            return
        self.state_label.setText(ON_TEXT if on else OFF_TEXT)
        self.page.relayout(self.card)
        self._sync()

    def toggle(self) -> None:
        self.set_on(not self._on)

    def attach(self) -> None:
        """The screen shows: the layer goes on the diagram (before the ink, so under it)."""
        if not self._attached:
            self._attached = True
            self.diagram.add_layer(self.layer)
            self._sync()

    def detach(self) -> None:
        """The screen goes: the model stops (the drill stays paused) and the layer comes off."""
        self._finish_show(resume=False)
        if self._attached:
            self._attached = False
            self.diagram.remove_layer(self.layer)

    def _sync(self) -> None:
        on_page = self.pages.currentWidget() is self.page
        drill = self.live.drill
        if on_page and drill is not None and drill is not self._drill:
            self._drill = drill  # a new drill (or one brought back): decided afresh
            self.set_on(guide_wanted(self.runs(), drill.spec.id))
            return
        if not on_page:
            self._finish_show(resume=False)
        if drill is not None:
            self.layer.set_technique(drill.technique)
        self.layer.set_visible(self._attached and on_page and self._on and not self.showing)

    # --- Show me ------------------------------------------------------------------------

    @property
    def showing(self) -> bool:
        return self.diagram.has_layer(self.model)

    def toggle_show(self) -> None:
        """M: play the model, or stop it if it plays."""
        if self.showing:
            self.stop_show()
        else:
            self.show_model()

    def show_model(self) -> bool:
        """Play the current technique's movements once on the diagram; False if no drill is on show."""
        drill = self.live.drill
        if self.showing or drill is None or self.pages.currentWidget() is not self.page:
            return False
        timeline = Timeline.for_technique(self.library[drill.technique])
        self._resume_after = self.live.pause()  # the recording leaves the pause out
        self._cue = self.page.cue_label.text()
        self.page.cue_label.setText(SHOWING_CUE)
        self.animation.set_timeline(timeline)
        self.animation.show(0.0)
        self._model_end = timeline.duration
        self.model.opacity = 0.0
        self.diagram.add_layer(self.model)
        self.show_button.setText("Stop showing (M)")
        self._sync()
        self.showStarted.emit()
        self.player.load(timeline.duration + FADE_S, play=True)  # the last frame stays while it fades
        return True

    def stop_show(self) -> bool:
        """Stop the model early (Esc, M); False when none was playing."""
        return self._finish_show(resume=True)

    def _on_player(self, change: Change) -> None:
        if not self.showing:
            return
        if change & Change.POSITION:
            t = self.player.position
            self.animation.show(min(t, self._model_end))
            opacity = min(1.0, t / FADE_S, (self._model_end + FADE_S - t) / FADE_S)
            if opacity != self.model.opacity:
                self.model.opacity = max(0.0, opacity)
                self.diagram.update()  # all of the model fades, not only the hands' boxes
        if change & Change.PLAYING:
            if self.player.playing:
                self.timer.start()
            elif self.player.at_end:
                self._finish_show(resume=True)

    def _finish_show(self, resume: bool) -> bool:
        if not self.showing:
            return False
        self.timer.stop()
        self.player.pause()
        self.diagram.remove_layer(self.model)
        self.show_button.setText("Show me (M)")
        if resume and self._resume_after and self.live.resume():
            self.diagram.setFocus(Qt.FocusReason.OtherFocusReason)
        elif self.page.cue_label.text() == SHOWING_CUE:
            self.page.cue_label.setText(self._cue)  # still paused, as it was before
        self._resume_after = False
        self._sync()
        self.showFinished.emit()
        return True
