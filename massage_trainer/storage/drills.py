"""Drill runs: every drill a learner finishes, with its report and its recording.

Each run hangs off its learner (ON DELETE CASCADE), so deleting a learner
deletes their drills and nobody else's, and every query names the learner.
The recording is kept whole, as the JSON of docs/recording-format.md, so any run
can be replayed, graded again or exported; the listings leave it out.
"""

from __future__ import annotations

import json
import sqlite3
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Final

import sqlite_utils

from massage_trainer.storage.learners import LearnerError

if TYPE_CHECKING:  # neither is needed until a drill is saved or read (keeps start-up short)
    from massage_trainer.core.grading import Report
    from massage_trainer.core.recording import Recording

_COLUMNS: Final = ("id, learner_id, drill, started_at, duration_s, score, passed, report, imported_from, "
                   "unfinished")


@dataclass(frozen=True)
class DrillRun:
    id: int
    learner_id: int
    drill: str  # the drill id: "technique:stroking", "session", "first-session"
    started_at: str  # ISO 8601, UTC
    duration_s: float
    score: float
    passed: bool
    report: dict[str, Any]  # Report.to_dict()
    imported_from: str | None = None  # the file name, when the run came from an imported recording
    unfinished: bool = False  # kept from a drill never finished (a crash, a closed window)


class DrillStore:
    def __init__(self, db: sqlite_utils.Database) -> None:
        self._db = db

    def save(self, learner_id: int, drill: str, started_at: str, recording: Recording,
             report: Report, imported_from: str | None = None, unfinished: bool = False) -> DrillRun:
        """Keep a finished drill in the learner's record."""
        report_data = report.to_dict()
        report_text = json.dumps(report_data, allow_nan=False, separators=(",", ":"))
        from massage_trainer.core.identity import samples_sha256
        from massage_trainer.core.recording import recording_to_dict

        recording_text = json.dumps(recording_to_dict(recording), allow_nan=False,
                                    separators=(",", ":"))
        try:
            with self._db.conn:
                cur = self._db.execute(
                    "INSERT INTO drill_runs (learner_id, drill, started_at, duration_s, score, "
                    "passed, report, recording, imported_from, unfinished, recording_sha256) "
                    "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    [learner_id, drill, started_at, recording.duration, report.score,
                     int(report.passed), report_text, recording_text, imported_from, int(unfinished),
                     samples_sha256(recording)],
                )
        except sqlite3.IntegrityError:
            raise LearnerError(f"There is no learner with id {learner_id}.") from None
        assert cur.lastrowid is not None
        return DrillRun(int(cur.lastrowid), learner_id, drill, started_at, recording.duration,
                        report.score, report.passed, report_data, imported_from, unfinished)

    def same_recording(self, learner_id: int, recording: Recording) -> DrillRun | None:
        """The learner's earliest run with this very recording (core/identity.py), if any."""
        from massage_trainer.core.identity import recording_identity

        identity = recording_identity(learner_id, recording)
        row = self._db.execute(
            f"SELECT {_COLUMNS} FROM drill_runs WHERE learner_id = ? AND recording_sha256 = ? "
            "ORDER BY started_at, id LIMIT 1", [identity.learner_id, identity.sha256]).fetchone()
        return _run(row) if row is not None else None

    def recent(self, learner_id: int, drill: str, limit: int = 10) -> list[DrillRun]:
        """The learner's latest runs of one drill, newest first."""
        rows = self._db.execute(
            f"SELECT {_COLUMNS} FROM drill_runs WHERE learner_id = ? AND drill = ? "
            "ORDER BY started_at DESC, id DESC LIMIT ?", [learner_id, drill, limit]).fetchall()
        return [_run(r) for r in rows]

    def all_for(self, learner_id: int) -> list[DrillRun]:
        """Every run of the learner, newest first."""
        rows = self._db.execute(
            f"SELECT {_COLUMNS} FROM drill_runs WHERE learner_id = ? "
            "ORDER BY started_at DESC, id DESC", [learner_id]).fetchall()
        return [_run(r) for r in rows]

    def get(self, run_id: int) -> DrillRun:
        row = self._db.execute(f"SELECT {_COLUMNS} FROM drill_runs WHERE id = ?",
                               [run_id]).fetchone()
        if row is None:
            raise KeyError(run_id)
        return _run(row)

    def recording(self, run_id: int) -> Recording:
        """The run's recording, checked as if read from a file."""
        from massage_trainer.core.recording import recording_from_json

        row = self._db.execute("SELECT recording FROM drill_runs WHERE id = ?", [run_id]).fetchone()
        if row is None:
            raise KeyError(run_id)
        return recording_from_json(row[0], f"drill run {run_id}")

    def delete(self, run_id: int) -> None:
        with self._db.conn:
            self._db.execute("DELETE FROM drill_runs WHERE id = ?", [run_id])

    def count(self, learner_id: int) -> int:
        row = self._db.execute("SELECT count(*) FROM drill_runs WHERE learner_id = ?",
                               [learner_id]).fetchone()
        return int(row[0])


def _run(row: tuple[Any, ...]) -> DrillRun:
    report = json.loads(row[7])
    return DrillRun(int(row[0]), int(row[1]), str(row[2]), str(row[3]), float(row[4]),
                    float(row[5]), bool(row[6]), report if isinstance(report, dict) else {},
                    None if row[8] is None else str(row[8]), bool(row[9]))
