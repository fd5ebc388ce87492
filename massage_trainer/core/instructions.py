"""What to do in a drill, technique by technique: how the hands move, and how to do it with the device.

The one home of these words: the screening page shows them before a drill, the drill page
beside the back while it runs. They follow the grader (docs/recording-format.md, "Doing the
technique"): what they ask is what passes.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Final

from massage_trainer.core.technique_ids import KNEADING, PERCUSSION, RUBBING, STROKING, VIBRATION


@dataclass(frozen=True)
class Instructions:
    technique: str
    hands: str  # how the hands move
    device: str  # how to do it with a mouse, a touchpad or a pen


# A recording is one pointer, so working both sides means taking turns.
BOTH_SIDES: Final = "Alternate the sides: one pointer works one side at a time."

WAITING: Final = "The clock starts when you touch the back"

# General rule 5: a session ends with stroking firmer than the stroking it began with.
CLOSING: Final = ("Close firmer than you opened: in the closing stroking, raise the pressure a step or "
                  "two (up arrow, the wheel or a higher number key; with a pen, press harder).")

INSTRUCTIONS: Final = {
    STROKING: Instructions(
        STROKING,
        "Long strokes up the back from the waist, then out to the sides; glide back down lightly.",
        "Hold the button or pen down (or press C to lock the hand down) and draw each stroke up. "
        "Glide back with Shift held or G, without lifting."),
    RUBBING: Instructions(
        RUBBING,
        "A zigzag up and down while moving out from the spine, one side at a time; start each pass a "
        "little higher, so the work reaches from the waist to the shoulders.",
        "Keep the button down (or C) and zigzag outwards. Never move back toward the spine with working "
        "pressure: glide back lightly (Shift or G), without lifting, and glide across to the other side."),
    KNEADING: Instructions(
        KNEADING,
        "Small circles, about one a second, moving up from the waist.",
        "Keep the button down (or C) and draw small loops as you move up; then glide across the spine "
        "lightly (Shift or G) and do the other side."),
    PERCUSSION: Instructions(
        PERCUSSION,
        "Separate light blows, lifting between them; percussion never touches the spine, and keeps off "
        "the heart and kidney areas.",
        "Each click or pen tap is one blow: click again and again, moving a little between blows. "
        "Lift to cross to the other side."),
    VIBRATION: Instructions(
        VIBRATION,
        "A fine tremor in one place, then lift and move to the next place; never on the spine, and off "
        "the heart and kidney areas.",
        "Hold V (or a button) to tremble where the pointer rests; release to lift, move, and hold "
        "again. A pen may tremble by hand."),
}


def instructions(technique: str) -> Instructions:
    """The technique's instructions; KeyError for an unknown technique."""
    return INSTRUCTIONS[technique]


def how_to(technique: str) -> str:
    """All of it as one paragraph: the hands, the device, both sides."""
    i = INSTRUCTIONS[technique]
    return f"{i.hands} {i.device} {BOTH_SIDES}"


def phase_how_to(techniques: Sequence[str], index: int) -> str:
    """What to do in phase `index` of a drill of these techniques: the closing stroking of a
    session also says to close firmer than it opened (general rule 5)."""
    text = how_to(techniques[index])
    closing = len(techniques) > 1 and index == len(techniques) - 1 and techniques[index] == STROKING
    return f"{text} {CLOSING}" if closing else text


def briefing(phases: Sequence[tuple[str, str]]) -> list[str]:
    """What a drill of these (technique, label) phases asks, read before its clock starts: each
    technique once, in its order, then both sides, the closing stroking (if any) and the clock."""
    seen: dict[str, str] = {}
    for technique, label in phases:
        seen.setdefault(technique, label)
    lines = [f"{label.capitalize()}: {INSTRUCTIONS[t].hands} {INSTRUCTIONS[t].device}" for t, label in seen.items()]
    lines.append(BOTH_SIDES)
    if CLOSING in phase_how_to([t for t, _ in phases], len(phases) - 1):
        lines.append(CLOSING)
    lines.append(f"{WAITING}, so read this first.")
    return lines
