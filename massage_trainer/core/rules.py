"""The rules a drill is graded on, as data: one row per rule, and the thresholds they use.

This is the one home of every rule (docs/recording-format.md, "The report"):
its id, the general rule it comes from (numbered as in the reference, 1-12),
how much its first violation costs, and the words that cite it. The
predicates (core/predicates.py), the grader, the live checks, the messages
(core/wording.py), the content checks and the screens all read this table;
none of them spells a rule's number, the working pressure or the
first-session limit again.

A rule that comes from no numbered general rule has `number=None` and a
`source` instead, such as "the drill's plan"; wherever a number would be
shown, the source is.

Adding a rule: a row here, its predicate, its wording, and its test.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType
from typing import Final

__all__ = [
    "AREA",
    "CAUTION_ZONE",
    "CONTACT",
    "COVERAGE",
    "DIRECTION",
    "DIRECTION_CONE_DEG",
    "DOING_RULES",
    "DURATION",
    "EPISODE_GAP_S",
    "FIRST_SESSION_LIMIT_MIN",
    "FIRST_SESSION_LIMIT_S",
    "FORM",
    "INCOMPLETE",
    "INTENSITY",
    "KNEADING_DRIFT",
    "KNEADING_FRACTION",
    "MIN_SPEED",
    "ORDER",
    "RULES",
    "RULE_IDS",
    "RULE_NUMBERS",
    "SMOOTHING_WINDOW_S",
    "SPINE",
    "THE_TECHNIQUE",
    "WORKING_PRESSURE",
    "Rule",
    "rule",
]

# ---------------------------------------------------------------- thresholds

# Above this pressure the hands work; at or below it they glide (spec: "Light pressure
# (0.3 or less) is a glide").
WORKING_PRESSURE: Final = 0.3
# General rule 8: a first session lasts this long at most.
FIRST_SESSION_LIMIT_MIN: Final = 15
FIRST_SESSION_LIMIT_S: Final = FIRST_SESSION_LIMIT_MIN * 60.0
# A stroke breaks direction when it moves within this angle of straight down,
# or of straight toward the midline (rule 12: from the waist up, from the centre out).
DIRECTION_CONE_DEG: Final = 60.0
# Direction is judged on a centred moving average over this many seconds, which
# smooths away hand tremor and pointer jitter (spec: "judge direction on the
# smoothed motion of each stroke").
SMOOTHING_WINDOW_S: Final = 0.3
# Smoothed speed (back lengths per second) below which the pointer counts as
# still: its direction is not judged and it is not "moving" for the score.
MIN_SPEED: Final = 0.05
# Kneading breaks direction when the mean height of its last fifth of working
# samples is this far (back lengths) below that of its first fifth.
KNEADING_DRIFT: Final = 0.05
KNEADING_FRACTION: Final = 0.2
# Breaches of one rule less than this many seconds apart are one episode, so
# jitter in and out of a zone's edge is reported once.
EPISODE_GAP_S: Final = 0.1

# ---------------------------------------------------------------- the table

# The rule ids are fixed by the spec.
SPINE: Final = "spine"
CAUTION_ZONE: Final = "caution-zone"
DIRECTION: Final = "direction"
CONTACT: Final = "contact"
ORDER: Final = "order"
INTENSITY: Final = "intensity"
DURATION: Final = "duration"
AREA: Final = "area"
# Revision 2: whether the technique was done (docs/recording-format.md, "Doing the technique").
INCOMPLETE: Final = "incomplete"
COVERAGE: Final = "coverage"
FORM: Final = "form"
# Where a rule with no general-rule number is shown with the technique's name instead.
THE_TECHNIQUE: Final = "the technique"


@dataclass(frozen=True)
class Rule:
    """One gradable rule."""

    id: str  # the spec's rule id, as the JSON report writes it
    number: int | None  # the general rule (1-12) it comes from; None for a rule with a source
    severity: float  # score points its first violation costs (the k-th costs severity / 2**(k-1))
    text: str  # the rule in a few words, as a message cites it
    per_sample: bool  # single samples break it: the live check flags it and the ink shows it
    source: str = ""  # where a rule without a number comes from ("the drill's plan")
    badge: str = ""  # what a marker shows for a rule without a number ("P")

    def __post_init__(self) -> None:
        if (self.number is None) == (not self.source):
            raise ValueError(f"rule {self.id!r} needs a general-rule number or a source, not both")
        if (self.number is None) == (not self.badge):
            raise ValueError(f"rule {self.id!r} has no number, so it needs a badge (and only then)")

    @property
    def mark(self) -> str:
        """What a violation's marker shows: the rule's number, or its badge."""
        return str(self.number) if self.number is not None else self.badge

    @property
    def label(self) -> str:
        """How the rule is named in short: "rule 6", or its source."""
        return f"rule {self.number}" if self.number is not None else self.source

    @property
    def citation(self) -> str:
        """How a message cites it: "rule 6: never work over the vertebral column"."""
        return f"{self.label}: {self.text}"


# In the order the report lists violations that happen at the same moment. Hurting
# the client (spine, heart, kidneys) costs most; form mistakes less.
RULES: Final[tuple[Rule, ...]] = (
    Rule(SPINE, 6, 25.0, "never work over the vertebral column", per_sample=True),
    Rule(CAUTION_ZONE, 7, 25.0,
         "percussion and vibration stay very gentle over the heart and kidneys", per_sample=True),
    Rule(DIRECTION, 12, 10.0, "move from the waist up toward the neck, and from the spine out",
         per_sample=True),
    Rule(CONTACT, 3, 10.0, "keep contact; glide back lightly instead of lifting off",
         per_sample=True),
    Rule(ORDER, 5, 15.0, "begin and end with stroking", per_sample=False),
    Rule(INTENSITY, 5, 10.0, "the closing stroking is more intense than the opening one",
         per_sample=False),
    Rule(DURATION, 8, 15.0, f"a first session lasts {FIRST_SESSION_LIMIT_MIN} minutes at most",
         per_sample=True),
    Rule(AREA, 1, 10.0, "stay on the back, from the waist to the base of the neck",
         per_sample=True),
    Rule(INCOMPLETE, None, 20.0, "work each phase for the time the drill gives it",
         per_sample=False, source="the drill's plan", badge="P"),
    Rule(COVERAGE, 1, 20.0, "work both sides of the back, from the waist to the base of the neck",
         per_sample=False),
    Rule(FORM, None, 20.0, "move the hands in the technique's own way", per_sample=False,
         source=THE_TECHNIQUE, badge="T"),
)

RULE_IDS: Final = tuple(r.id for r in RULES)
# Revision 2's rules, about whether the technique was done rather than how safely.
DOING_RULES: Final = (INCOMPLETE, COVERAGE, FORM)
_BY_ID: Final[Mapping[str, Rule]] = MappingProxyType({r.id: r for r in RULES})
# The general rule each numbered rule id comes from, read off the table.
RULE_NUMBERS: Final[Mapping[str, int]] = MappingProxyType(
    {r.id: r.number for r in RULES if r.number is not None})


def rule(rule_id: str) -> Rule:
    """The table's row for a rule id; KeyError for an id the spec does not know."""
    return _BY_ID[rule_id]
