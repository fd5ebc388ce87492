"""A drill's samples: one technique's parallel arrays, the recording of phases, and its builder.

`Phase` holds one technique's samples as read-only arrays; `Recording` the
phases in the order performed, checked for what the grader relies on;
`Recording.samples` the same samples joined into whole arrays with the
bounds of each phase (`Samples`), the one way every part of the program
gets them; `RecordingBuilder` collects samples one at a time for the drill
screen. The file format lives in core/recording.py.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any, Final

import numpy as np
import numpy.typing as npt

from massage_trainer.core.geometry import BoolArray, FloatArray
from massage_trainer.core.technique_ids import TECHNIQUE_IDS

IntArray = npt.NDArray[np.intp]

DEFAULT_CONTACT: Final = True
DEFAULT_PRESSURE: Final = 0.5


def _readonly(values: Any, dtype: type[np.generic]) -> Any:
    arr = np.array(values, dtype=dtype)  # a copy: the caller's array stays theirs
    arr.setflags(write=False)
    return arr


@dataclass(frozen=True, eq=False)
class Phase:
    """One technique's samples, as parallel read-only arrays of equal length."""

    technique: str
    t: FloatArray
    x: FloatArray
    y: FloatArray
    contact: BoolArray
    pressure: FloatArray
    # The time the drill gave this phase, in seconds (docs/recording-format.md); None when
    # the recording was made without a plan. The app always writes it for its drills.
    planned_s: float | None = None

    def __post_init__(self) -> None:
        if self.planned_s is not None and not (math.isfinite(self.planned_s) and self.planned_s > 0):
            raise ValueError("planned_s must be a finite number above 0")
        for name in ("t", "x", "y", "pressure"):
            object.__setattr__(self, name, _readonly(getattr(self, name), np.float64))
        object.__setattr__(self, "contact", _readonly(self.contact, np.bool_))
        n = len(self.t)
        if any(a.ndim != 1 or len(a) != n for a in (self.x, self.y, self.contact, self.pressure)):
            raise ValueError("t, x, y, contact and pressure must be 1-D arrays of equal length")

    def __len__(self) -> int:
        return len(self.t)

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Phase):
            return NotImplemented
        return self.technique == other.technique and self.planned_s == other.planned_s and all(
            np.array_equal(getattr(self, a), getattr(other, a))
            for a in ("t", "x", "y", "contact", "pressure")
        )

    __hash__ = None  # type: ignore[assignment]  # arrays are not hashable


@dataclass(frozen=True, eq=False)
class Samples:
    """A recording's phases joined into parallel arrays, and where each phase lies in them."""

    t: FloatArray
    x: FloatArray
    y: FloatArray
    contact: BoolArray
    pressure: FloatArray
    starts: IntArray  # the first index of each phase
    ends: IntArray  # one past the last index of each phase
    techniques: tuple[str, ...]  # each phase's technique

    def __len__(self) -> int:
        return len(self.t)

    def bounds(self, phase: int) -> tuple[int, int]:
        """Phase `phase`'s samples as [start, end) indices into the joined arrays."""
        return int(self.starts[phase]), int(self.ends[phase])

    def phase_of(self, index: int) -> int:
        """The phase the sample at `index` belongs to."""
        return int(np.searchsorted(self.starts, index, side="right")) - 1

    @cached_property
    def phase(self) -> IntArray:
        """Each sample's phase index."""
        phase: IntArray = np.repeat(np.arange(len(self.starts), dtype=np.intp),
                                    self.ends - self.starts)
        return phase


@dataclass(frozen=True)
class Recording:
    """A whole drill: its phases in the order performed.

    The invariants the grader relies on are checked here too (cheaply, with
    numpy), so a Recording built in code is as sound as one read from a file.
    """

    phases: tuple[Phase, ...]
    first_session: bool = False
    _t: FloatArray = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "phases", tuple(self.phases))
        if not self.phases:
            raise ValueError("a recording needs at least one phase")
        for i, phase in enumerate(self.phases):
            if phase.technique not in TECHNIQUE_IDS:
                raise ValueError(f"phase {i}: unknown technique {phase.technique!r}")
            if len(phase) == 0:
                raise ValueError(f"phase {i}: no samples")
            if not all(np.isfinite(a).all() for a in (phase.t, phase.x, phase.y, phase.pressure)):
                raise ValueError(f"phase {i}: t, x, y and pressure must be finite")
            if ((phase.pressure < 0.0) | (phase.pressure > 1.0)).any():
                raise ValueError(f"phase {i}: pressure must lie in [0, 1]")
        t = np.concatenate([p.t for p in self.phases])
        if (np.diff(t) < 0).any():
            raise ValueError("time goes backwards")
        t.setflags(write=False)
        object.__setattr__(self, "_t", t)

    @cached_property
    def samples(self) -> Samples:
        """The phases joined into whole arrays, with each phase's bounds (read-only)."""
        lengths = np.array([len(p) for p in self.phases], dtype=np.intp)
        ends = np.cumsum(lengths)

        def join(name: str) -> Any:
            joined = np.concatenate([getattr(p, name) for p in self.phases])
            joined.setflags(write=False)
            return joined

        return Samples(self._t, join("x"), join("y"), join("contact"), join("pressure"),
                       ends - lengths, ends, tuple(p.technique for p in self.phases))

    @property
    def sample_count(self) -> int:
        return len(self._t)

    @property
    def start(self) -> float:
        return float(self._t[0])

    @property
    def duration(self) -> float:
        """Seconds from the first sample to the last."""
        return float(self._t[-1] - self._t[0])


# ---------------------------------------------------------------- building


class RecordingBuilder:
    """Collects samples as the learner draws, then builds a Recording.

    Samples go into plain lists (cheap appends at pointer rate); arrays are
    made once, in build(). A phase with no samples is dropped, since the
    format needs at least one sample per phase.
    """

    def __init__(self, technique: str, first_session: bool = False,
                 planned_s: float | None = None) -> None:
        self.first_session = first_session
        self._done: list[Phase] = []
        self._technique = ""
        self._planned_s: float | None = None
        self._last_t: float | None = None
        self._rows: list[tuple[float, float, float, bool, float]] = []
        self.start_phase(technique, planned_s)

    @property
    def technique(self) -> str:
        """The technique of the phase being recorded."""
        return self._technique

    @property
    def phase_index(self) -> int:
        """The index the current phase will have in the recording."""
        return len(self._done)

    @property
    def sample_count(self) -> int:
        return sum(len(p) for p in self._done) + len(self._rows)

    @property
    def last_t(self) -> float | None:
        return self._last_t

    @property
    def planned_s(self) -> float | None:
        """The time the drill gives the phase being recorded (None: no plan)."""
        return self._planned_s

    def start_phase(self, technique: str, planned_s: float | None = None) -> None:
        """Begin a new phase; an empty current phase is simply replaced."""
        if technique not in TECHNIQUE_IDS:
            raise ValueError(f"unknown technique {technique!r}")
        if planned_s is not None and not (math.isfinite(planned_s) and planned_s > 0):
            raise ValueError(f"planned_s must be a finite number above 0, found {planned_s}")
        self._close_phase()
        self._technique = technique
        self._planned_s = planned_s

    def add(self, t: float, x: float, y: float, contact: bool = DEFAULT_CONTACT,
            pressure: float = DEFAULT_PRESSURE) -> None:
        """Append one sample; refuse what the format would refuse."""
        if not (math.isfinite(t) and math.isfinite(x) and math.isfinite(y)):
            raise ValueError(f"t, x and y must be finite: {(t, x, y)}")
        if not 0.0 <= pressure <= 1.0:
            raise ValueError(f"pressure must lie in [0, 1], found {pressure}")
        if self._last_t is not None and t < self._last_t:
            raise ValueError(f"time goes backwards ({t} after {self._last_t})")
        self._last_t = t
        self._rows.append((float(t), float(x), float(y), bool(contact), float(pressure)))

    def copy(self) -> RecordingBuilder:
        """A snapshot to build elsewhere (an autosave on a worker thread): cheap, a list copy."""
        other = RecordingBuilder.__new__(RecordingBuilder)
        other.first_session = self.first_session
        other._done = list(self._done)  # phases are immutable: shared
        other._technique = self._technique
        other._planned_s = self._planned_s
        other._last_t = self._last_t
        other._rows = list(self._rows)
        return other

    def build(self) -> Recording:
        """The recording so far (the builder can go on recording afterwards)."""
        phases = list(self._done)
        if self._rows:
            phases.append(self._phase(self._technique, self._rows, self._planned_s))
        if not phases:
            raise ValueError("nothing was recorded")
        return Recording(tuple(phases), self.first_session)

    def _close_phase(self) -> None:
        if self._rows:
            self._done.append(self._phase(self._technique, self._rows, self._planned_s))
            self._rows = []

    @staticmethod
    def _phase(technique: str, rows: Sequence[tuple[float, float, float, bool, float]],
               planned_s: float | None) -> Phase:
        t, x, y, c, p = zip(*rows, strict=True)
        return Phase(technique, np.array(t), np.array(x), np.array(y), np.array(c), np.array(p),
                     planned_s)

