"""A broken rule as data: which rule, when and where, and the details a person needs.

A `Violation` carries fields, never sentences: the zone hit, the nearest
vertebra, the way a stroke moved, the two stroking intensities, the time
into the session. core/wording.py makes every sentence from them (the JSON
report's `message`, the report's rows, the live feedback line), so nothing
ever reads a detail back out of text.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from massage_trainer.core import wording
from massage_trainer.core.doing import PhaseDoing


class Heading(StrEnum):
    """Which forbidden way a stroke moved (rule 12)."""

    DOWN = "down"  # toward the waist
    INWARD = "inward"  # toward the spine


@dataclass(frozen=True)
class Place:
    """Where on the back a sample lies, as the words need it."""

    level: str  # the nearest vertebra's id, "T7"
    on_area: bool = True  # on the working area (general rule 1)
    zone: str | None = None  # the id of the zone it lies in ("spine", "heart"), if any
    zone_name: str = ""  # that zone's name as the content gives it ("Heart area")


@dataclass(frozen=True)
class Violation:
    """One episode of a broken rule, placed at its first sample.

    Only the details that apply to the rule are set: `place` for the rules
    about where the hands went (spine, caution-zone, area, contact, a
    stroke's direction); `heading` for a stroke's direction; `levels` for
    kneading's overall progress; `opening` and `closing` for intensity;
    `elapsed_s` and `limit_s` for duration; `doing` (the phase's measures, core/doing.py)
    for incomplete, coverage and form. For order, `technique` is the
    technique the drill begins with (phase 0) or ends with.
    """

    rule: str  # the rule id (core/rules.py)
    phase: int
    t: float
    x: float
    y: float
    technique: str = ""  # the technique of the phase
    place: Place | None = None
    heading: Heading | None = None
    levels: tuple[str, str] | None = None  # kneading: the vertebra levels it went from and to
    opening: float | None = None  # intensity: the opening stroking's mean pressure
    closing: float | None = None  # intensity: the closing stroking's mean pressure
    elapsed_s: float | None = None  # duration: seconds into the session when it was found
    limit_s: float | None = None  # duration: the limit it went past
    doing: PhaseDoing | None = None  # incomplete, coverage, form: the phase's measures

    @property
    def message(self) -> str:
        """The whole sentence, citing the rule (core/wording.py)."""
        return wording.message(self)

    def to_dict(self) -> dict[str, Any]:
        """The spec's violation object."""
        return {"rule": self.rule, "phase": self.phase, "t": round(self.t, 4),
                "x": round(self.x, 4), "y": round(self.y, 4), "message": self.message}
