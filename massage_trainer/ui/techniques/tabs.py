"""The tabs along the top of the Techniques screen: each technique, the whole session, the types."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QTabBar, QWidget

from massage_trainer.core.techniques import Technique
from massage_trainer.ui.kit import theme as th

TECHNIQUE, SESSION, TYPES = "technique", "session", "types"
MAX_KEYED = 9  # the techniques the keys 1-9 can choose


class ViewTabs(QTabBar):
    """One tab per view; `chosen(mode, technique id or None)` when the user picks one."""

    chosen = Signal(str, object)

    def __init__(self, techniques: tuple[Technique, ...], theme: th.Theme, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setExpanding(False)
        self.setDrawBase(False)
        self.setAccessibleName("Technique, session or types of massage")
        self._modes: list[tuple[str, str | None]] = []
        for i, technique in enumerate(techniques[:MAX_KEYED]):
            self._add(f"{i + 1}  {technique.name}", f"{technique.name} ({technique.other_name}) — key {i + 1}",
                      TECHNIQUE, technique.id)
        self._add("S  Whole session", "A whole session in its order, stroking to stroking — key S", SESSION)
        self._add("T  Types of back massage", "The other kinds of back massage, for reference — key T", TYPES)
        self.currentChanged.connect(lambda index: self.chosen.emit(*self._modes[index]))
        t = theme
        # Lengths in em, so the tabs grow with their type on a projector. The chosen tab is
        # filled and framed more heavily: told apart by more than its colour.
        self.setStyleSheet(
            f"QTabBar::tab {{ padding: 0.35em 0.9em; margin: 0.15em 0.3em 0.15em 0; color: {t.text};"
            f" background: {t.panel}; border: 1px solid {t.muted}; border-radius: 0.3em; }}"
            f"QTabBar::tab:selected {{ color: {t.panel}; background: {t.demo}; border: 3px solid {t.text}; }}"
            f"QTabBar::tab:hover:!selected {{ border: 2px solid {t.demo}; }}")
        self.setProperty("scaleFactor", 1.0)  # the window sets its font; a styled tab bar would not inherit it

    def _add(self, text: str, tip: str, mode: str, technique_id: str | None = None) -> None:
        index = self.addTab(text)
        self.setTabToolTip(index, tip)
        self._modes.append((mode, technique_id))

    def show_view(self, mode: str, technique_id: str | None = None) -> None:
        """Mark the view showing, without telling anyone (the screen chose it already)."""
        index = self._modes.index((mode, technique_id))
        if self.currentIndex() != index:
            self.blockSignals(True)
            self.setCurrentIndex(index)
            self.blockSignals(False)
