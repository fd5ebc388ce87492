"""Rule 9, checked before a drill: what the contraindications ticked for the person mean.

The grades of the Reference (core/reference.py) decide: any absolute one stops the massage; a
relative one holds it until the person's doctor has said massage is safe; a local one lets it go
on, around the area, never over it. The words are the app's, for the screening page to show.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from massage_trainer.core.reference import Contraindication, Grade


@dataclass(frozen=True)
class Screening:
    stop: tuple[Contraindication, ...]  # absolute: no massage
    ask: tuple[Contraindication, ...]  # relative: a doctor's clearance first
    avoid: tuple[Contraindication, ...]  # local: keep off that area
    cleared: bool  # the learner confirms the person's doctor has said massage is safe

    @property
    def may_begin(self) -> bool:
        return not self.stop and (not self.ask or self.cleared)

    def stop_words(self) -> str:
        if not self.stop:
            return ""
        return (f"You ticked: {_listed(self.stop)}. Back massage is not done when this applies (rule 9), "
                "so the drill stops here. The person should see a doctor, who can say whether and when "
                "massage is safe. Untick it only if it does not apply.")

    def ask_words(self) -> str:
        if not self.ask:
            return ""
        done = ("You have confirmed the doctor's clearance." if self.cleared
                else "Begin once the person's doctor has said massage is safe for them.")
        return f"You ticked: {_listed(self.ask)}. Massage only once a doctor has said it is safe (rule 9). {done}"

    def avoid_words(self) -> str:
        if not self.avoid:
            return ""
        return (f"You ticked: {_listed(self.avoid)}. Leave that area, and a hand's width around it, alone; "
                "massage only the rest of the back. If it is large, or you are not sure, do not massage.")


def screen(ticked: Iterable[Contraindication], cleared: bool = False) -> Screening:
    """What the ticked contraindications mean for the drill about to begin."""
    found = tuple(ticked)
    return Screening(
        stop=tuple(c for c in found if c.grade == Grade.ABSOLUTE),
        ask=tuple(c for c in found if c.grade == Grade.RELATIVE),
        avoid=tuple(c for c in found if c.grade == Grade.LOCAL),
        cleared=cleared,
    )


def _listed(items: tuple[Contraindication, ...]) -> str:
    return "; ".join(c.text[0].lower() + c.text[1:] for c in items)
