"""Drill recordings written as files, in the format of docs/recording-format.md.

`save_recording` writes a file atomically, one sample a line, and
`recording_to_dict` gives the same data as JSON-ready objects (the database
keeps recordings that way). Reading and checking is core/recording.py's.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from typing import Any, Final

from massage_trainer.core.atomic_write import write_file_atomically
from massage_trainer.core.samples import Phase, Recording

FORMAT: Final = "massage-trainer/recording"
VERSION: Final = 1


def _planned(phase: Phase) -> dict[str, float]:
    """A phase's planned_s, present only when the phase has one."""
    return {} if phase.planned_s is None else {"planned_s": float(phase.planned_s)}


def recording_to_dict(recording: Recording) -> dict[str, Any]:
    """The recording as JSON-ready data in the spec's format."""
    return {
        "format": FORMAT,
        "version": VERSION,
        "first_session": recording.first_session,
        "phases": [
            {
                "technique": phase.technique,
                **_planned(phase),
                "samples": [
                    {"t": t, "x": x, "y": y, "contact": c, "pressure": p}
                    for t, x, y, c, p in zip(phase.t.tolist(), phase.x.tolist(), phase.y.tolist(),
                                             phase.contact.tolist(), phase.pressure.tolist(),
                                             strict=True)
                ],
            }
            for phase in recording.phases
        ],
    }


def _json_lines(recording: Recording) -> Iterator[str]:
    """The file text, one sample a line so a person can read and diff it.

    Python's repr of a finite float is valid JSON and round-trips exactly, and
    formatting it directly is several times faster than json.dumps per sample.
    """
    yield (f'{{"format": {json.dumps(FORMAT)}, "version": {VERSION}, '
           f'"first_session": {json.dumps(recording.first_session)}, "phases": [\n')
    for i, phase in enumerate(recording.phases):
        planned = "" if phase.planned_s is None else f'"planned_s": {float(phase.planned_s)!r}, '
        yield f'{{"technique": {json.dumps(phase.technique)}, {planned}"samples": [\n'
        rows = zip(phase.t.tolist(), phase.x.tolist(), phase.y.tolist(),
                   phase.contact.tolist(), phase.pressure.tolist(), strict=True)
        yield ",\n".join(
            f'{{"t": {t!r}, "x": {x!r}, "y": {y!r}, "contact": {"true" if c else "false"}, '
            f'"pressure": {p!r}}}'
            for t, x, y, c, p in rows
        )
        yield "\n]}" + ("," if i < len(recording.phases) - 1 else "") + "\n"
    yield "]}\n"


def save_recording(recording: Recording, path: str | os.PathLike[str]) -> None:
    """Write the recording atomically: a crash leaves the old file or the new, never half.

    Only a regular file is ever replaced (core/atomic_write.py): a link, a FIFO, a
    folder or a device at the path raises UnsafeTargetError, an OSError.
    """
    write_file_atomically(path, "".join(_json_lines(recording)).encode("utf-8"))
