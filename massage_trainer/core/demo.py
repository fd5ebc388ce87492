"""Demonstration recordings: a technique, or a whole session, traced as a model learner would.

The leading hand of a Timeline is sampled at 60 Hz, the rate of a mouse, into a
Recording in the drill format (docs/recording-format.md). It glides back lightly
in contact between strokes, just as a learner with a mouse and the pressure
control would, so a demonstration grades with no violation and shows the
learner what a good drill looks like, and what the grader expects.
"""

from __future__ import annotations

import math
from typing import Final

import numpy as np

from massage_trainer.core.recording import Phase, Recording
from massage_trainer.core.techniques import SessionPlan, Technique, TechniqueLibrary
from massage_trainer.core.timeline import Timeline

DEMO_RATE: Final = 60.0  # samples per second


def hand_recordings(timeline: Timeline, rate: float = DEMO_RATE) -> tuple[Recording, ...]:
    """One recording per hand (the leading hand first), with one phase per timeline phase."""
    if not rate > 0:
        raise ValueError("rate must be positive")
    times = np.arange(math.floor(timeline.duration * rate + 1e-9) + 1) / rate
    if times[-1] < timeline.duration - 1e-9:
        times = np.append(times, timeline.duration)
    recordings = []
    for hand in range(timeline.hand_count):
        track = timeline.samples(hand, times)
        phases = []
        for i, span in enumerate(timeline.phases):
            last = i == len(timeline.phases) - 1
            rows = (times >= span.start - 1e-9) & ((times <= span.end) if last
                                                    else (times < span.end - 1e-9))
            if rows.any():
                phases.append(Phase(technique=span.technique, t=times[rows], x=track.x[rows],
                                    y=track.y[rows], contact=track.contact[rows],
                                    pressure=track.pressure[rows]))
        recordings.append(Recording(tuple(phases), first_session=timeline.first_session))
    return tuple(recordings)


def demo_recording(technique: Technique, rate: float = DEMO_RATE) -> Recording:
    """The leading hand through every movement of one technique, once."""
    return hand_recordings(Timeline.for_technique(technique), rate)[0]


def session_recording(plan: SessionPlan, library: TechniqueLibrary,
                      rate: float = DEMO_RATE) -> Recording:
    """The leading hand through a whole session plan, technique after technique."""
    return hand_recordings(Timeline.for_session(plan, library), rate)[0]
