"""The words for violations: every sentence made from a Violation's fields and the rule table.

This is the one place a violation becomes English. `message` is the whole
sentence with the rule's citation, as the JSON report and the text report
write it; `sentence` is the same without the citation, for a row whose
title already names the rule; `headline` cites the rule by its number only,
for the live feedback line. Places are worded as `Body.describe` words them.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from typing import TYPE_CHECKING, TypeVar

from massage_trainer.core.rules import (
    AREA,
    CAUTION_ZONE,
    CONTACT,
    COVERAGE,
    DIRECTION,
    DURATION,
    FORM,
    INCOMPLETE,
    INTENSITY,
    ORDER,
    SPINE,
    THE_TECHNIQUE,
    rule,
)
from massage_trainer.core.shortfall import coverage_words, form_words, incomplete_words
from massage_trainer.core.technique_ids import IMPACT_TECHNIQUES, STROKING

if TYPE_CHECKING:
    from massage_trainer.core.violation import Place, Violation

__all__ = ["clock", "headline", "label", "message", "moment", "off_area", "place", "sentence",
           "tally", "where"]

# Keyed by violation.Heading's values.
_WAYS = {"down": "down toward the waist", "inward": "in toward the spine"}

T = TypeVar("T")


def clock(t: float) -> str:
    """Seconds as m:ss.ss, the way a person reads a drill's time."""
    # Round to the hundredth first, so 59.999 s reads 1:00.00 and never 0:60.00.
    sign, hundredths = ("-" if t < 0 else ""), round(abs(t) * 100)
    minutes, rest = divmod(hundredths, 6000)
    return f"{sign}{minutes}:{rest / 100:05.2f}"


def moment(t: float) -> str:
    """When in a drill something happened, as m:ss: what a learner reads beside a violation.

    Whole seconds counted down, as a stopwatch shows them (59.7 s is still 0:59),
    so it agrees with the drill's countdown, which counts up to the next second.
    """
    total = max(0, math.floor(t + 1e-9))
    return f"{total // 60}:{total % 60:02d}"


def tally(violations: Iterable[Violation]) -> str:
    """"8 breaks of 2 rules", "1 break of 1 rule": the violations, and the rules they break
    as a learner sees them cited (order and intensity are both general rule 5)."""
    found = list(violations)
    n, k = len(found), len({label(v) for v in found})
    return f"{n} break{'' if n == 1 else 's'} of {k} rule{'' if k == 1 else 's'}"


def off_area(y: float) -> str:
    """Which way a point off the working area has left it."""
    if y > 1.0:
        return "above C7, off the back"
    return "below the waist line" if y < 0.0 else "outside the torso outline"


def place(where: Place, x: float, y: float) -> str:
    """"on the spine at about T7", "patient's left, at about L2", "below the waist line"."""
    if where.zone is not None:
        return f"on the {where.zone_name.lower()} at about {where.level}"
    if not where.on_area:
        return off_area(y)
    if abs(x) < 0.01:
        side = "on the midline"
    else:
        side = "patient's left" if x < 0 else "patient's right"
    return f"{side}, at about {where.level}"


def where(v: Violation) -> str | None:
    """The place words of a violation about where the hands went (the same words its
    sentence uses); None for a rule about the drill as a whole, which has no place."""
    return None if v.place is None else place(v.place, v.x, v.y)


def _need(v: Violation, detail: T | None, name: str) -> T:
    """A detail the rule's words need; a violation made without it is a bug, said plainly."""
    if detail is None:
        raise ValueError(f"a {v.rule} violation needs its {name}")
    return detail


def _place(v: Violation) -> str:
    return place(_need(v, v.place, "place"), v.x, v.y)


def sentence(v: Violation) -> str:
    """What happened, without the rule's citation."""
    tech = v.technique.capitalize()
    if v.rule == SPINE:
        if v.technique in IMPACT_TECHNIQUES:
            return f"{tech} {_place(v)}, where it may not touch even lightly"
        return f"Worked {_place(v)}"
    if v.rule == CAUTION_ZONE:
        return f"{tech} with pressure {_place(v)}"
    if v.rule == AREA:
        # Off the back whatever zone strip reaches past the waist or C7: say so.
        return f"Worked {off_area(v.y)}"
    if v.rule == CONTACT:
        return f"Lifted the hands in the middle of {v.technique}, {_place(v)}"
    if v.rule == DIRECTION:
        if v.levels is not None:
            top, bottom = v.levels
            return (f"{tech} progressed from the neck down toward the waist over the phase, "
                    f"from about {top} to about {bottom}")
        way = _WAYS[_need(v, v.heading, "heading")]
        return f"{tech} moved {way} with working pressure, {_place(v)}"
    if v.rule == ORDER:
        # Phase 0 is where the drill begins; an order violation elsewhere is at its end.
        edge = "begins" if v.phase == 0 else "ends"
        return f"The drill {edge} with {v.technique}, not {STROKING}"
    if v.rule == INTENSITY:
        closing, opening = _need(v, v.closing, "closing"), _need(v, v.opening, "opening")
        return (f"The closing {STROKING} (mean pressure {closing:.2f}) is not more "
                f"intense than the opening {STROKING} ({opening:.2f})")
    if v.rule == DURATION:
        limit, elapsed = _need(v, v.limit_s, "limit"), _need(v, v.elapsed_s, "elapsed time")
        return f"The first session went on past {limit / 60:g} minutes (still going at {moment(elapsed)})"
    if v.rule == INCOMPLETE:
        return incomplete_words(_need(v, v.doing, "measures"))
    if v.rule == COVERAGE:
        return coverage_words(_need(v, v.doing, "measures"))
    if v.rule == FORM:
        return form_words(_need(v, v.doing, "measures"))
    raise ValueError(f"no words for the rule {v.rule!r}")


def label(v: Violation) -> str:
    """How the rule a violation breaks is named in short: "rule 6", "the drill's plan", or,
    for `form`, which comes from the technique itself, the technique: "kneading"."""
    row = rule(v.rule)
    if row.source == THE_TECHNIQUE and v.technique:
        return v.technique
    return row.label


def message(v: Violation) -> str:
    """The sentence with the rule's citation: "Worked on the spine at about T7 (rule 6: ...)"."""
    return f"{sentence(v)} ({label(v)}: {rule(v.rule).text})"


def headline(v: Violation) -> str:
    """The sentence citing the rule in short, for the live feedback line:
    "Worked on the spine at about T7 (rule 6)"."""
    return f"{sentence(v)} ({label(v)})"
