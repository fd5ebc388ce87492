"""What the Practice screen offers: each drill's plan of phases and planned times.

A `DrillSpec` says what to practise: one technique alone, or a whole session
in its order, each phase (`DrillPhase`) with a planned time. `drill_specs`
makes the list from the technique library; the format helpers say planned
lengths and countdowns as people read them.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Final

from massage_trainer.core.rules import (
    DURATION,
    FIRST_SESSION_LIMIT_MIN,
    FIRST_SESSION_LIMIT_S,
    INTENSITY,
    rule,
)
from massage_trainer.core.technique_ids import TECHNIQUE_IDS
from massage_trainer.core.techniques import SessionPlan, TechniqueLibrary

__all__ = [
    "FIRST_SESSION_DRILL", "SESSION_DRILL", "DrillPhase", "DrillSpec", "drill_specs",
    "format_clock", "format_seconds", "technique_drill_id",
]

SESSION_DRILL: Final = "session"
FIRST_SESSION_DRILL: Final = "first-session"
TECHNIQUE_PREFIX: Final = "technique:"

# One technique alone is practised for a minute: long enough to cover the back.
TECHNIQUE_SECONDS: Final = 60.0
# A practice session keeps the real session's order and proportions at a
# fifth of its minutes; tracing half an hour with a mouse teaches no more.
SESSION_PRACTICE_SCALE: Final = 0.2
MIN_PHASE_SECONDS: Final = 20.0


def technique_drill_id(technique: str) -> str:
    return TECHNIQUE_PREFIX + technique


def format_seconds(seconds: float) -> str:
    """A planned length as people say it: "3 min", "1 min 30 s", "45 s"."""
    total = max(0, round(seconds))
    minutes, secs = divmod(total, 60)
    if minutes and secs:
        return f"{minutes} min {secs} s"
    return f"{minutes} min" if minutes else f"{secs} s"


def format_clock(seconds: float) -> str:
    """A countdown as m:ss, rounded up so "0:00" means the time is really over."""
    total = max(0, math.ceil(seconds - 1e-9))
    return f"{total // 60}:{total % 60:02d}"


@dataclass(frozen=True)
class DrillPhase:
    technique: str  # one of TECHNIQUE_IDS
    seconds: float  # the planned practice time
    name: str = ""  # how the cue names it ("kneading"); the id when empty
    real_minutes: float | None = None  # its time in a real session, when that differs

    @property
    def label(self) -> str:
        return self.name or self.technique


@dataclass(frozen=True)
class DrillSpec:
    id: str  # "technique:stroking", "session", "first-session"
    title: str
    description: str
    phases: tuple[DrillPhase, ...]
    first_session: bool = False
    time_limit_s: float | None = None  # the drill stops here, whatever the plan

    def __post_init__(self) -> None:
        if not self.phases:
            raise ValueError(f"drill {self.id!r} has no phases")
        for phase in self.phases:
            if phase.technique not in TECHNIQUE_IDS:
                raise ValueError(f"drill {self.id!r}: unknown technique {phase.technique!r}")
            if not phase.seconds > 0:
                raise ValueError(f"drill {self.id!r}: a phase needs a positive time")
        if self.time_limit_s is not None and self.total_seconds > self.time_limit_s + 1e-6:
            raise ValueError(f"drill {self.id!r} is planned past its time limit")

    @property
    def total_seconds(self) -> float:
        return sum(p.seconds for p in self.phases)

    @property
    def techniques(self) -> tuple[str, ...]:
        return tuple(p.technique for p in self.phases)


def _session_phases(plan: SessionPlan, library: TechniqueLibrary, scale: float,
                    minimum: float | None) -> tuple[DrillPhase, ...]:
    """The plan's phases at `scale` of their real minutes; with a minimum, rounded to 5 s."""
    phases = []
    for p in plan.phases:
        real = p.minutes * 60.0
        if scale == 1.0:
            seconds = real
        elif minimum is None:
            seconds = real * scale
        else:
            seconds = max(minimum, round(real * scale / 5.0) * 5.0)
        tech = library.get(p.technique)
        phases.append(DrillPhase(p.technique, seconds, tech.name.lower() if tech else "",
                                 None if seconds == real else p.minutes))
    return tuple(phases)


def drill_specs(library: TechniqueLibrary) -> list[DrillSpec]:
    """Every drill the Practice screen offers: each technique alone, then the sessions."""
    specs = []
    for tech in library:
        title = tech.name
        if tech.other_name and tech.other_name.lower() != tech.name.lower():
            title += f" ({tech.other_name})"
        specs.append(DrillSpec(
            technique_drill_id(tech.id), title, tech.how,
            (DrillPhase(tech.id, TECHNIQUE_SECONDS, tech.name.lower()),)))
    try:
        plan = library.session_plan(first_session=False)
    except KeyError:
        pass
    else:
        specs.append(DrillSpec(
            SESSION_DRILL, "Full session (practice pace)",
            f"{plan.name} in its order, from stroking to stroking, at a fifth of the real "
            f"minutes ({plan.total_minutes:g} min in a real session). Close with firmer "
            f"stroking than you opened with ({rule(INTENSITY).label}).",
            _session_phases(plan, library, SESSION_PRACTICE_SCALE, MIN_PHASE_SECONDS)))
    try:
        first = library.session_plan(first_session=True)
    except KeyError:
        pass
    else:
        # Real minutes, squeezed only if a plan ever asked for more than rule 8 allows.
        scale = min(1.0, FIRST_SESSION_LIMIT_S / max(1.0, first.total_minutes * 60.0))
        phases = _session_phases(first, library, scale, None)
        specs.append(DrillSpec(
            FIRST_SESSION_DRILL, f"First session ({FIRST_SESSION_LIMIT_MIN} minutes at most)",
            f"{first.description} A first session stops at {FIRST_SESSION_LIMIT_MIN} minutes "
            f"({rule(DURATION).label}).",
            phases, first_session=True, time_limit_s=FIRST_SESSION_LIMIT_S))
    return specs

