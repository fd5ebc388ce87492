"""The autosaved drill in progress: at most one per learner, replaced at each autosave.

A row lives from a drill's first autosave until it is finished, discarded, or
kept as an unfinished run; a row found at start-up is a drill the app never
finished (a crash, a kill -9, a closed window) and is offered back.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any, Final

import sqlite_utils

from massage_trainer.storage.db import reading, transaction

if TYPE_CHECKING:
    from massage_trainer.core.recording import Recording

_COLUMNS: Final = "learner_id, drill, started_at, saved_at, phase_index, elapsed_s, recording"


@dataclass(frozen=True)
class InProgress:
    learner_id: int
    drill: str
    started_at: str  # ISO 8601, UTC
    saved_at: str  # ISO 8601, UTC: the latest autosave
    phase_index: int  # the planned phase the drill was in
    elapsed_s: float  # the drill's time (pauses left out)
    recording_json: str  # docs/recording-format.md

    def recording(self) -> Recording:
        from massage_trainer.core.recording import recording_from_json

        return recording_from_json(self.recording_json, f"the unfinished {self.drill} drill")


class InProgressStore:
    def __init__(self, db: sqlite_utils.Database) -> None:
        self._db = db

    def put(self, learner_id: int, drill: str, started_at: str, phase_index: int, elapsed_s: float,
            recording: Recording) -> None:
        """Replace the learner's autosaved drill with this one, in one transaction."""
        from massage_trainer.core.recording import recording_to_dict

        text = json.dumps(recording_to_dict(recording), allow_nan=False, separators=(",", ":"))
        saved_at = datetime.now(UTC).isoformat(timespec="seconds")
        with transaction(self._db, "the autosave of this drill"):
            self._db.execute(
                f"INSERT OR REPLACE INTO drill_in_progress ({_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?)",
                [learner_id, drill, started_at, saved_at, phase_index, elapsed_s, text])

    def all(self) -> list[InProgress]:
        """Every drill left in progress, the latest saved first."""
        with reading(self._db, "reading the autosaved drills"):
            rows = self._db.execute(f"SELECT {_COLUMNS} FROM drill_in_progress ORDER BY saved_at DESC").fetchall()
        return [_row(r) for r in rows]

    def get(self, learner_id: int) -> InProgress | None:
        with reading(self._db, "reading the autosaved drill"):
            row = self._db.execute(f"SELECT {_COLUMNS} FROM drill_in_progress WHERE learner_id = ?",
                                   [learner_id]).fetchone()
        return _row(row) if row is not None else None

    def clear(self, learner_id: int) -> None:
        with transaction(self._db, "clearing the autosaved drill"):
            self._db.execute("DELETE FROM drill_in_progress WHERE learner_id = ?", [learner_id])


def _row(row: tuple[Any, ...]) -> InProgress:
    """The row; one that cannot be read keeps an empty recording, which `recording()` calls damaged."""
    try:
        return InProgress(int(row[0]), str(row[1]), str(row[2]), str(row[3]), int(row[4]), float(row[5]),
                          row[6] if isinstance(row[6], str) else "")
    except (TypeError, ValueError):
        return InProgress(int(row[0]), str(row[1]), str(row[2]), str(row[3]), 0, 0.0, "")
