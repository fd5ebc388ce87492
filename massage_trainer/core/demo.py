"""Demonstration recordings: a technique, or a whole session, traced as a model learner would.

The leading hand of a Timeline at real tempo (a 5-10 Hz tremor, quick taps) is
sampled at 60 Hz, the rate of a mouse, into a Recording in the drill format
(docs/recording-format.md). It works each movement on one side and then the
other, gliding back lightly in contact between strokes (lifting, for percussion
and vibration), just as a learner with one pointer and the pressure control
would, so a demonstration grades with no violation under every rule and shows
the learner what a good drill looks like, and what the grader expects. Each
phase's `planned_s` is its own span: the demonstration is done for its time.
"""

from __future__ import annotations

import math
from typing import Final

import numpy as np

from massage_trainer.core.recording import Phase, Recording
from massage_trainer.core.techniques import SessionPlan, Technique, TechniqueLibrary, Tempo
from massage_trainer.core.timeline import Timeline

DEMO_RATE: Final = 60.0  # samples per second


def hand_recordings(timeline: Timeline, rate: float = DEMO_RATE) -> tuple[Recording, ...]:
    """One recording per hand (the leading hand first), with one phase per timeline phase.

    The timeline is sampled as it is: demonstrations pass one at real tempo.
    """
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
                t = times[rows]
                planned = float(t[-1] - t[0]) if len(t) > 1 else None
                phases.append(Phase(technique=span.technique, t=t, x=track.x[rows],
                                    y=track.y[rows], contact=track.contact[rows],
                                    pressure=track.pressure[rows], planned_s=planned))
        recordings.append(Recording(tuple(phases), first_session=timeline.first_session))
    return tuple(recordings)


def demo_recording(technique: Technique, rate: float = DEMO_RATE) -> Recording:
    """The leading hand through every movement of one technique, once."""
    return hand_recordings(Timeline.for_technique(technique, tempo=Tempo.REAL), rate)[0]


def session_recording(plan: SessionPlan, library: TechniqueLibrary,
                      rate: float = DEMO_RATE) -> Recording:
    """The leading hand through a whole session plan, technique after technique."""
    return hand_recordings(Timeline.for_session(plan, library, tempo=Tempo.REAL), rate)[0]
