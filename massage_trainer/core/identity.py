"""A recording's identity: the learner plus a SHA-256 of its canonical samples.

Defined once, here, for every part of the program that asks "is this the same
recording?": the import (no duplicate in a learner's drills) and the command line.
The canonical form is JSON with sorted keys and no spaces: the phases in order,
each with its technique and its samples as `[t, x, y, contact, pressure]`, every
number written with six decimals (a millionth of a second or of a back length,
far below what a pointer resolves) so the digest does not depend on how a float
was last printed or parsed. `first_session` and file metadata are not samples,
and are left out.
"""

from __future__ import annotations

import hashlib
import json
from typing import NamedTuple

import numpy as np

from massage_trainer.core.geometry import FloatArray
from massage_trainer.core.samples import Recording

DECIMALS = 6


class RecordingIdentity(NamedTuple):
    learner_id: int
    sha256: str


def _fixed(values: FloatArray) -> list[str]:
    text: list[str] = np.char.mod(f"%.{DECIMALS}f", np.round(values, DECIMALS) + 0.0).tolist()
    zero = f"{0:.{DECIMALS}f}"
    return [zero if v == f"-{zero}" else v for v in text]  # -0 and 0 are one number


def canonical_samples(recording: Recording) -> bytes:
    """The canonical JSON of the recording's samples (see the module docstring)."""
    phases = []
    for phase in recording.phases:
        columns = (_fixed(phase.t), _fixed(phase.x), _fixed(phase.y), phase.contact.tolist(),
                   _fixed(phase.pressure))
        phases.append({"technique": phase.technique, "samples": [list(row) for row in zip(*columns, strict=True)]})
    return json.dumps({"phases": phases}, sort_keys=True, separators=(",", ":")).encode("ascii")


def samples_sha256(recording: Recording) -> str:
    """The hex SHA-256 of the canonical samples."""
    return hashlib.sha256(canonical_samples(recording)).hexdigest()


def recording_identity(learner_id: int, recording: Recording) -> RecordingIdentity:
    return RecordingIdentity(learner_id, samples_sha256(recording))
