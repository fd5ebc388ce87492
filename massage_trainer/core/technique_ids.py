"""The classic techniques, by the ids the recording format uses (docs/recording-format.md)."""

from __future__ import annotations

from typing import Final

STROKING: Final = "stroking"
RUBBING: Final = "rubbing"
KNEADING: Final = "kneading"
PERCUSSION: Final = "percussion"
VIBRATION: Final = "vibration"

TECHNIQUE_IDS: Final = (STROKING, RUBBING, KNEADING, PERCUSSION, VIBRATION)
# Techniques whose hands lift by nature, exempt from the contact rule (rule 3).
LIFTING_TECHNIQUES: Final = (PERCUSSION,)
# Techniques that must not touch the spine at any pressure, nor press on a caution zone.
IMPACT_TECHNIQUES: Final = (PERCUSSION, VIBRATION)
