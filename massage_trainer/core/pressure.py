"""The mouse's pressure control: a level in steps, and a light glide while a key is held.

A mouse has no pressure of its own (docs/recording-format.md: a mouse can glide as well as
a pen), so the drill keeps one for it; a pen's own pressure is used as it comes.
"""

from __future__ import annotations

import math
from typing import Final

from massage_trainer.core.techniques import GLIDE_MAX_PRESSURE

MIN_PRESSURE: Final = 0.05
MAX_PRESSURE: Final = 1.0
PRESSURE_STEP: Final = 0.1
DEFAULT_PRESSURE: Final = 0.5
GLIDE_PRESSURE: Final = GLIDE_MAX_PRESSURE  # while the learner holds the glide key


class PressureControl:
    """The level the mouse presses with, and whether the glide is held."""

    def __init__(self, working_pressure: float) -> None:
        self._pressure = DEFAULT_PRESSURE
        self._glide = False
        self.last_pressure = DEFAULT_PRESSURE  # what the latest sample used
        self.working_pressure = working_pressure

    @property
    def pressure(self) -> float:
        """The mouse's pressure control (0.05 to 1)."""
        return self._pressure

    def set_pressure(self, value: float) -> float:
        if not math.isfinite(value):
            return self._pressure
        self._pressure = round(min(MAX_PRESSURE, max(MIN_PRESSURE, value)), 2)
        return self._pressure

    def nudge(self, steps: int = 1) -> float:
        """Raise (or, with negative steps, lower) the pressure by 0.1 a step."""
        return self.set_pressure(self._pressure + PRESSURE_STEP * steps)

    @property
    def glide(self) -> bool:
        return self._glide

    def set_glide(self, held: bool) -> None:
        """While held, a mouse glides at the light glide pressure whatever the control says."""
        self._glide = held

    @property
    def mouse_pressure(self) -> float:
        return min(self._pressure, GLIDE_PRESSURE) if self._glide else self._pressure

    def _pressure_of(self, pressure: float | None) -> float:
        """A pen's pressure as it comes (within 0 to 1); a mouse's from this control."""
        if pressure is None:
            return self.mouse_pressure
        return min(1.0, max(0.0, pressure)) if math.isfinite(pressure) else self.mouse_pressure
