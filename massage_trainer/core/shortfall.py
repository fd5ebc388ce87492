"""The words for a technique not done: which measure fell short, by how much, and the target.

Made from a phase's measures (core/doing.py), in a student's words: what was
found, the target, and what to do instead. core/wording.py calls these for
the rules `incomplete`, `coverage` and `form`.
"""

from __future__ import annotations

from massage_trainer.core.doing import SPAN_SHARE, PhaseDoing
from massage_trainer.core.form import Measure
from massage_trainer.core.rules import WORKING_PRESSURE
from massage_trainer.core.technique_ids import (
    IMPACT_TECHNIQUES,
    KNEADING,
    PERCUSSION,
    RUBBING,
    STROKING,
    VIBRATION,
)

__all__ = ["coverage_words", "form_words", "incomplete_words", "seconds"]

# What each technique is, said as the fix: the second sentence of a `form` message.
_HOW = {
    STROKING: "Stroking glides in long strokes up the back and out to the sides.",
    RUBBING: "Rubbing zigzags up and down while moving out from the spine.",
    KNEADING: "Kneading lifts and circles the muscle, about one loop a second, "
              "moving up from the waist.",
    PERCUSSION: "Percussion is separate quick blows: click or tap, and lift between blows.",
    VIBRATION: "Vibration is a fine tremor in place: hold V or a button where the hand rests, "
               "and lift to move on.",
}


def seconds(s: float) -> str:
    """"4 s" under a minute, "1:05" from a minute on."""
    whole = round(s)
    return f"{whole} s" if whole < 60 else f"{whole // 60}:{whole % 60:02d}"


def _nothing(d: PhaseDoing) -> str:
    if d.technique in IMPACT_TECHNIQUES:
        return f"No {d.technique} was found: the hands never touched the back."
    return (f"No {d.technique} with working pressure was found: press harder than a glide "
            f"(above {WORKING_PRESSURE:g}) while you work.")


def incomplete_words(d: PhaseDoing) -> str:
    """`incomplete`: the phase was cut short, or the hands worked too little of it."""
    planned = d.planned_s or 0.0
    if not d.worked:
        return _nothing(d)
    if d.span_short:
        return (f"{d.technique.capitalize()} lasted {seconds(d.span_s)} of the {seconds(planned)} "
                f"planned (at least {seconds(SPAN_SHARE * planned)}). "
                "Keep working until the phase's time is up.")
    done = "tapped" if d.technique == PERCUSSION else "worked"
    return (f"The hands {done} for {seconds(d.active_s)} of the {seconds(planned)} planned "
            f"(at least {seconds(d.active_target_s or 0.0)}). "
            "Keep the hands on the back for the phase's time.")


def coverage_words(d: PhaseDoing) -> str:
    """`coverage`: one side neglected, or too little of the back reached."""
    if not d.worked:
        return _nothing(d)
    if d.sides_short:
        left, right = d.work_left_s, d.work_right_s
        weak, other = ("Left", "right") if left < right else ("Right", "left")
        return (f"{weak} side: {seconds(min(left, right))} of work against "
                f"{seconds(max(left, right))} on the {other} (at least a quarter as much). "
                "Work both sides of the spine, one side and then the other.")
    return (f"The work reached {d.cells_covered} of the back's {d.cells_total} areas "
            f"(at least {d.cells_target}). "
            "Spread the work from the waist to the neck and out to the sides.")


def _found(m: Measure, technique: str) -> str:
    """What was found, against the target, for the first measure not met."""
    v, target = m.value, m.target
    if technique == STROKING:
        return f"The typical stroke was {v:.2f} of the back's height long (at least {target:.2f})."
    if technique == RUBBING:
        if v == 0:
            return "No zigzag was found."
        return (f"No zigzag was found: the path was {v:.1f} times the distance covered "
                f"(at least {target:.1f}).")
    if technique == KNEADING:
        return f"No circling was found: {v:.1f} loops every 10 s (at least {target:g})."
    if technique == PERCUSSION:
        if m.name.startswith("share"):
            return f"Only {v:.0%} of the contacts were short taps (at least {target:.0%})."
        return f"{v:.1f} taps a second (at least {target:g})."
    if m.at_least:  # vibration's tremor
        return f"No tremor was found: {v:.0f} direction changes a second (at least {target:g})."
    return f"The hand drifted {v:.2f} a second while vibrating (at most {target:g})."


def form_words(d: PhaseDoing) -> str:
    """`form`: the technique's signature motion is missing."""
    if not d.worked:
        return _nothing(d)
    missing = d.shortfall
    found = _found(missing, d.technique) if missing is not None else ""
    return f"{found} {_HOW[d.technique]}".strip()
