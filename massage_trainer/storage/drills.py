"""Drill runs: every drill a learner finishes, with its report and its recording.

Each run hangs off its learner (ON DELETE CASCADE), so deleting a learner
deletes their drills and nobody else's, and every query names the learner.
The recording is kept whole, as the JSON of docs/recording-format.md, so any run
can be replayed, graded again or exported; the listings leave it out.

A row that cannot be read (a report that is not JSON, a number that is not one) does not break
a listing: it comes back as a `DrillRun` whose `damaged` says why, to be shown as damaged. A
recording that cannot be read raises `RunDamaged`. Each save is one transaction; a delete and an
import are backed up first (storage/backup.py).
"""

from __future__ import annotations

import json
import sqlite3
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Final

import sqlite_utils

from massage_trainer.storage.db import database_file, reading, transaction
from massage_trainer.storage.errors import RunDamaged, StorageError
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
    damaged: str | None = None  # why the stored row cannot be read (then score and report mean nothing)


@dataclass(frozen=True)
class Imported:
    """One recording of an import: the run it is now, and whether it was there already."""

    run: DrillRun
    already: bool  # the learner had this very recording (core/identity.py): not added again


@dataclass(frozen=True)
class ToImport:
    recording: Recording
    report: Report
    drill: str
    started_at: str
    imported_from: str  # the file name


class DrillStore:
    def __init__(self, db: sqlite_utils.Database, backup_imports: bool = True) -> None:
        self._db = db
        self._backup_imports = backup_imports  # save(imported_from=...) backs up first

    def save(self, learner_id: int, drill: str, started_at: str, recording: Recording,
             report: Report, imported_from: str | None = None, unfinished: bool = False) -> DrillRun:
        """Keep a finished drill in the learner's record (an import is backed up first)."""
        if imported_from is not None and self._backup_imports:
            self._backup("import")
        try:
            with transaction(self._db, "this drill"):
                return self._insert(learner_id, drill, started_at, recording, report, imported_from, unfinished)
        except sqlite3.IntegrityError as err:
            raise _integrity(err, learner_id) from None

    def import_runs(self, learner_id: int, items: list[ToImport]) -> list[Imported]:
        """Import recordings as one action: one backup, then one transaction; a recording the learner
        already has (core/identity.py) is not added again, and is reported with `already`."""
        self._backup("import")
        done: list[Imported] = []
        try:
            with transaction(self._db, "the import"):
                for item in items:
                    same = self.same_recording(learner_id, item.recording)
                    if same is not None:
                        done.append(Imported(same, True))
                        continue
                    run = self._insert(learner_id, item.drill, item.started_at, item.recording, item.report,
                                       item.imported_from, False)
                    done.append(Imported(run, False))
        except sqlite3.IntegrityError as err:
            raise _integrity(err, learner_id) from None
        return done

    def _insert(self, learner_id: int, drill: str, started_at: str, recording: Recording, report: Report,
                imported_from: str | None, unfinished: bool) -> DrillRun:
        from massage_trainer.core.identity import samples_sha256
        from massage_trainer.core.recording import recording_to_dict

        report_data = report.to_dict()
        report_text = json.dumps(report_data, allow_nan=False, separators=(",", ":"))
        recording_text = json.dumps(recording_to_dict(recording), allow_nan=False, separators=(",", ":"))
        cur = self._db.execute(
            "INSERT INTO drill_runs (learner_id, drill, started_at, duration_s, score, "
            "passed, report, recording, imported_from, unfinished, recording_sha256) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [learner_id, drill, started_at, recording.duration, report.score,
             int(report.passed), report_text, recording_text, imported_from, int(unfinished),
             samples_sha256(recording)],
        )
        assert cur.lastrowid is not None
        return DrillRun(int(cur.lastrowid), learner_id, drill, started_at, recording.duration,
                        report.score, report.passed, report_data, imported_from, unfinished)

    def _backup(self, action: str) -> None:
        path = database_file(self._db)
        if path is not None:
            from massage_trainer.storage.backup import backup_before

            backup_before(path, action)

    def same_recording(self, learner_id: int, recording: Recording) -> DrillRun | None:
        """The learner's earliest run with this very recording (core/identity.py), if any."""
        from massage_trainer.core.identity import recording_identity

        identity = recording_identity(learner_id, recording)
        with reading(self._db, "reading the drills"):
            row = self._db.execute(
                f"SELECT {_COLUMNS} FROM drill_runs WHERE learner_id = ? AND recording_sha256 = ? "
                "ORDER BY started_at, id LIMIT 1", [identity.learner_id, identity.sha256]).fetchone()
        return _run(row) if row is not None else None

    def recent(self, learner_id: int, drill: str, limit: int = 10) -> list[DrillRun]:
        """The learner's latest runs of one drill, newest first (a damaged row marked, not dropped)."""
        with reading(self._db, "reading the drills"):
            rows = self._db.execute(
                f"SELECT {_COLUMNS} FROM drill_runs WHERE learner_id = ? AND drill = ? "
                "ORDER BY started_at DESC, id DESC LIMIT ?", [learner_id, drill, limit]).fetchall()
        return [_run(r) for r in rows]

    def all_for(self, learner_id: int) -> list[DrillRun]:
        """Every run of the learner, newest first (a damaged row marked, not dropped)."""
        with reading(self._db, "reading the drills"):
            rows = self._db.execute(
                f"SELECT {_COLUMNS} FROM drill_runs WHERE learner_id = ? "
                "ORDER BY started_at DESC, id DESC", [learner_id]).fetchall()
        return [_run(r) for r in rows]

    def everyone(self) -> list[DrillRun]:
        """Every run of every learner, newest first: for the command line's listing."""
        with reading(self._db, "reading the drills"):
            rows = self._db.execute(f"SELECT {_COLUMNS} FROM drill_runs ORDER BY started_at DESC, id DESC").fetchall()
        return [_run(r) for r in rows]

    def get(self, run_id: int) -> DrillRun:
        with reading(self._db, "reading the drill"):
            row = self._db.execute(f"SELECT {_COLUMNS} FROM drill_runs WHERE id = ?", [run_id]).fetchone()
        if row is None:
            raise KeyError(run_id)
        return _run(row)

    def recording(self, run_id: int) -> Recording:
        """The run's recording, checked as if read from a file; RunDamaged if it cannot be read."""
        from massage_trainer.core.recording import RecordingError, recording_from_json

        with reading(self._db, "reading the recording"):
            row = self._db.execute("SELECT recording FROM drill_runs WHERE id = ?", [run_id]).fetchone()
        if row is None:
            raise KeyError(run_id)
        if not isinstance(row[0], str | bytes):
            raise RunDamaged(run_id, "its recording is missing")
        try:
            return recording_from_json(row[0], f"drill run {run_id}")
        except RecordingError as err:
            raise RunDamaged(run_id, f"{err.field}: {err.message}" if err.field else err.message) from None

    def delete(self, run_id: int) -> None:
        """Back up, then delete the run."""
        self._backup("delete")
        with transaction(self._db, "deleting the drill"):
            self._db.execute("DELETE FROM drill_runs WHERE id = ?", [run_id])

    def count(self, learner_id: int) -> int:
        with reading(self._db, "reading the drills"):
            row = self._db.execute("SELECT count(*) FROM drill_runs WHERE learner_id = ?",
                                   [learner_id]).fetchone()
        return int(row[0])


def drill_for_recording(recording: Recording) -> str:
    """The drill an imported recording is filed under: its technique, or a session."""
    from massage_trainer.core.drill_plans import FIRST_SESSION_DRILL, SESSION_DRILL, technique_drill_id

    if len(recording.phases) == 1:
        return technique_drill_id(recording.phases[0].technique)
    return FIRST_SESSION_DRILL if recording.first_session else SESSION_DRILL


def _integrity(err: sqlite3.IntegrityError, learner_id: int) -> Exception:
    if "FOREIGN KEY" in str(err):
        return LearnerError(f"There is no learner with id {learner_id}.")
    return StorageError(f"this drill could not be saved: the database refused it ({err}).")


def _run(row: tuple[Any, ...]) -> DrillRun:
    """The row as a DrillRun; one that cannot be read comes back marked damaged, never raising."""
    try:
        try:
            report = json.loads(row[7])
        except (TypeError, ValueError):
            raise ValueError("its report is not readable JSON") from None
        if not isinstance(report, dict) or not isinstance(report.get("score"), int | float):
            raise ValueError("its report is not a report")
        if not isinstance(row[2], str) or not isinstance(row[3], str):
            raise ValueError("its drill or its date is missing")
        return DrillRun(int(row[0]), int(row[1]), row[2], row[3], float(row[4]), float(row[5]),
                        bool(row[6]), report, None if row[8] is None else str(row[8]), bool(row[9]))
    except (TypeError, ValueError) as err:  # json.JSONDecodeError is a ValueError
        reason = str(err) if str(err).startswith("its ") else f"its row cannot be read ({err})"
        return DrillRun(int(row[0]), _int(row[1]), str(row[2] or ""), str(row[3] or ""), 0.0, 0.0, False, {},
                        None if row[8] is None else str(row[8]), bool(_int(row[9])), damaged=reason)


def _int(value: object) -> int:
    if isinstance(value, int | float | str):
        try:
            return int(value)
        except ValueError:
            return 0
    return 0
