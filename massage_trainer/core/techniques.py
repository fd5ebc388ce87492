"""The classic techniques and the whole-session plans, as loaded from assets/techniques.yaml.

These are plain frozen records: what a technique is for, how the hands move,
and the movements an animation shows. `massage_trainer.core.timeline` turns
them into motion; `massage_trainer.content.techniques` loads and checks them.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Final

import numpy as np

from massage_trainer.core.geometry import FloatArray, Point, as_points
from massage_trainer.core.technique_ids import IMPACT_TECHNIQUES, LIFTING_TECHNIQUES, STROKING

# Hands glide back between strokes at this pressure or less (below the working
# pressure of core/rules.py, so a glide never works the tissue).
GLIDE_MAX_PRESSURE: Final = 0.2
# Nothing drawn may pulse or repeat faster than this (docs/visual-language.md, Motion: photosensitivity).
MAX_DRAWN_HZ: Final = 3.0
# Percussion and vibration models work at least this far (back lengths) from a caution zone, so a
# learner who copies them a little off the line still stays off the heart and kidneys (rule 7).
IMPACT_CLEARANCE: Final = 0.05
# Vibration moves from one place to the next, lifted, in this many seconds.
PLACE_MOVE_S: Final = 0.35


class PatternKind(StrEnum):
    """Local motion drawn on top of a movement's path."""

    ZIGZAG = "zigzag"  # side to side across the path (rubbing)
    CIRCLES = "circles"  # small circles (rubbing, kneading)
    TAPS = "taps"  # the hand lifts between taps (percussion)
    # A small, smooth tremor in place at each point of the path (vibration), the hand
    # lifting to move from one point to the next.
    OSCILLATION = "oscillation"


class Tempo(StrEnum):
    """How fast a pattern repeats: as drawn on screen, or as a real hand does it (recordings)."""

    DRAWN = "drawn"  # no faster than MAX_DRAWN_HZ (photosensitivity)
    REAL = "real"  # the real tempo, for demonstration recordings: a 5-10 Hz tremor, quick taps


class OtherHand(StrEnum):
    """What the second hand does while the leading hand follows the path."""

    MIRROR = "mirror"  # the same motion on the other side of the spine (x -> -x), in step
    ALTERNATE = "alternate"  # mirrored, but its pattern half a cycle out of step


@dataclass(frozen=True)
class Pattern:
    kind: PatternKind
    frequency: float  # cycles (or taps) per second for one hand, as drawn; <= MAX_DRAWN_HZ
    amplitude: float = 0.0  # zigzag/oscillation half-width or circle radius, in back lengths
    contact_fraction: float = 0.0  # taps only: the part of each cycle the hand touches
    # At real tempo (recordings only, never drawn): the frequency and amplitude; None keeps
    # the drawn value.
    real_frequency: float | None = None
    real_amplitude: float | None = None

    def frequency_at(self, tempo: Tempo) -> float:
        if tempo == Tempo.REAL and self.real_frequency is not None:
            return self.real_frequency
        return self.frequency

    def amplitude_at(self, tempo: Tempo) -> float:
        if tempo == Tempo.REAL and self.real_amplitude is not None:
            return self.real_amplitude
        return self.amplitude


@dataclass(frozen=True)
class Movement:
    """One stroke of the leading hand along `path`, at real tempo.

    `pressure` is a profile of (fraction of the path's length, pressure)
    pairs from fraction 0 to fraction 1; pressure between them is linear.
    """

    caption: str
    path: tuple[Point, ...]
    other_hand: OtherHand
    seconds: float
    pressure: tuple[tuple[float, float], ...]
    pattern: Pattern | None = None

    def path_array(self) -> FloatArray:
        return as_points(self.path)

    @property
    def length(self) -> float:
        """The path's length in back lengths."""
        return float(np.hypot(*np.diff(self.path_array(), axis=0).T).sum())

    def pressure_at(self, fraction: float | FloatArray) -> FloatArray:
        """The profile's pressure at fractions of the path's length."""
        xs = np.array([f for f, _ in self.pressure])
        ps = np.array([p for _, p in self.pressure])
        result: FloatArray = np.interp(np.asarray(fraction, dtype=np.float64), xs, ps)
        return result

    @property
    def dwell_seconds(self) -> float:
        """Vibration (an oscillation): the time spent at each point of the path."""
        n = len(self.path)
        return (self.seconds - (n - 1) * PLACE_MOVE_S) / n

    @property
    def peak_pressure(self) -> float:
        return max(p for _, p in self.pressure)


@dataclass(frozen=True)
class Glide:
    """How the hands return, in contact, between working movements."""

    caption: str
    pressure: float  # <= GLIDE_MAX_PRESSURE
    speed: float  # back lengths per second
    min_seconds: float = 0.6


@dataclass(frozen=True)
class Technique:
    id: str  # one of technique_ids.TECHNIQUE_IDS
    name: str  # the common name: "Stroking"
    other_name: str  # the Swedish/French name: "effleurage"
    purpose: str
    how: str  # how the hands move, in a sentence or two
    hands: str  # which hands, as shown to the learner
    tempo: str  # the real tempo, in words
    glide: Glide
    movements: tuple[Movement, ...]

    @property
    def lifts(self) -> bool:
        """The hands leave the skin by nature (percussion), exempt from rule 3."""
        return self.id in LIFTING_TECHNIQUES

    @property
    def impact(self) -> bool:
        """Never on the spine at any pressure, and only light over a caution zone."""
        return self.id in IMPACT_TECHNIQUES

    @property
    def seconds(self) -> float:
        """The working time of one cycle of its movements, glides left out."""
        return sum(m.seconds for m in self.movements)


@dataclass(frozen=True)
class SessionPhase:
    technique: str
    minutes: float  # the suggested time for this technique in a real session
    cycles: int = 1  # how many times the demonstration plays the movements
    # A multiplier on working pressure, rising (or falling) linearly across the phase.
    intensity: tuple[float, float] = (1.0, 1.0)


@dataclass(frozen=True)
class SessionPlan:
    id: str
    name: str
    first_session: bool  # a first session with this client: core/rules.py limits its length
    description: str
    phases: tuple[SessionPhase, ...]

    @property
    def total_minutes(self) -> float:
        return sum(p.minutes for p in self.phases)

    @property
    def condensed_note(self) -> str:
        """The animation plays each stage once and short: say so, with the real length, from the phases."""
        return (f"Condensed: each stage shown once, shortened; a real {self.name.lower()} "
                f"takes {self.total_minutes:g} min.")

    @property
    def begins_and_ends_with_stroking(self) -> bool:
        if not self.phases:
            return False
        return self.phases[0].technique == STROKING and self.phases[-1].technique == STROKING


@dataclass(frozen=True)
class TechniqueLibrary:
    """Every technique and session plan, looked up by id."""

    techniques: tuple[Technique, ...]
    plans: tuple[SessionPlan, ...] = ()
    transition_caption: str = "Move on to {technique}, keeping contact"  # {technique}: its name
    _by_id: dict[str, Technique] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "_by_id", {t.id: t for t in self.techniques})

    def __getitem__(self, technique_id: str) -> Technique:
        return self._by_id[technique_id]

    def __contains__(self, technique_id: object) -> bool:
        return technique_id in self._by_id

    def __iter__(self) -> Iterator[Technique]:
        return iter(self.techniques)

    def __len__(self) -> int:
        return len(self.techniques)

    def get(self, technique_id: str) -> Technique | None:
        return self._by_id.get(technique_id)

    @property
    def ids(self) -> tuple[str, ...]:
        return tuple(t.id for t in self.techniques)

    def find(self, name: str) -> Technique | None:
        """A technique by id, common name or other name, ignoring case ("Effleurage")."""
        key = name.strip().lower()
        for t in self.techniques:
            if key in (t.id, t.name.lower(), t.other_name.lower()):
                return t
        return None

    def plan(self, plan_id: str) -> SessionPlan:
        for p in self.plans:
            if p.id == plan_id:
                return p
        raise KeyError(plan_id)

    def session_plan(self, first_session: bool = False) -> SessionPlan:
        """The first plan for a first session, or the first plan for later sessions."""
        for p in self.plans:
            if p.first_session == first_session:
                return p
        raise KeyError("first-session plan" if first_session else "regular plan")

    def transition(self, technique: Technique) -> str:
        return self.transition_caption.replace("{technique}", technique.name.lower())
