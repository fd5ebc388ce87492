"""The Practice screen's background work: grading and saving a drill, reading the history.

These functions run on the worker thread (ui/kit/worker.py), so they touch no
widget and share no database connection: a sqlite3 connection belongs to the
thread that opened it, so each job opens its own on the learner's database, for
as long as it needs it. They take and return plain data.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Final

from massage_trainer.core.body import Body
from massage_trainer.core.drill import Drill, NothingRecorded
from massage_trainer.core.grading import Report, grade
from massage_trainer.core.recording import Recording
from massage_trainer.core.samples import RecordingBuilder
from massage_trainer.storage import (
    DrillRun,
    DrillStore,
    InProgress,
    InProgressStore,
    LearnerError,
    StorageError,
    database_path,
    open_database,
)

PREVIOUS_RUNS: Final = 10  # earlier attempts the report compares with
HISTORY_ROWS: Final = 50


def now_iso() -> str:
    """The time a drill starts, as it is stored: ISO 8601 in UTC, to the second."""
    return datetime.now(UTC).isoformat(timespec="seconds")


@contextmanager
def drill_store(home: Path) -> Iterator[DrillStore]:
    """The drills of the database in `home`, on a connection of this thread's own."""
    db = open_database(database_path(home))
    try:
        yield DrillStore(db)
    finally:
        db.close()


@dataclass(frozen=True)
class Saved:
    """A run kept in the record, and the learner's earlier runs of that drill (newest first)."""

    run: DrillRun
    previous: tuple[DrillRun, ...]


def save_run(home: Path, learner_id: int, drill_id: str, started_at: str, recording: Recording,
             report: Report) -> Saved:
    """Keep a graded drill in the learner's record. Raises StorageError, LearnerError or sqlite3.Error."""
    with drill_store(home) as store:
        run = store.save(learner_id, drill_id, started_at, recording, report)
        recent = store.recent(learner_id, drill_id, PREVIOUS_RUNS + 1)
    return Saved(run, tuple(r for r in recent if r.id != run.id)[:PREVIOUS_RUNS])


@dataclass(frozen=True)
class Finished:
    """What finishing a drill came to. Without a recording nothing was traced (`note` says so);
    without `saved`, the drill is graded but not kept (`note` says why)."""

    recording: Recording | None = None
    report: Report | None = None
    saved: Saved | None = None
    note: str = ""


def finish_drill(drill: Drill, home: Path, learner_id: int | None, started_at: str) -> Finished:
    """Grade the drill (it is this thread's alone now) and keep it in the learner's record."""
    try:
        recording, report = drill.finish()
    except NothingRecorded as err:
        return Finished(note=str(err))
    if learner_id is None:
        return Finished(recording, report, None, "Not saved: there is no learner. Create one from the Learner menu.")
    finished = save_graded(home, learner_id, drill.spec.id, started_at, recording, report)
    if finished.saved is not None:
        clear_in_progress(home, learner_id)  # kept whole now: no autosave to offer back
    return finished


def save_graded(home: Path, learner_id: int, drill_id: str, started_at: str, recording: Recording,
                report: Report) -> Finished:
    """Save, turning a failure into words: the graded drill is handed back either way."""
    try:
        saved = save_run(home, learner_id, drill_id, started_at, recording, report)
    except (sqlite3.Error, StorageError, LearnerError) as err:
        return Finished(recording, report, None, f"Could not save this drill: {err}")
    return Finished(recording, report, saved)


def load_history(home: Path, learner_id: int) -> list[DrillRun]:
    """The learner's latest runs, newest first."""
    with drill_store(home) as store:
        return store.all_for(learner_id)[:HISTORY_ROWS]


# --- the drill in progress (ui/practice/keep.py) ------------------------------------------------


def autosave(home: Path, learner_id: int, drill_id: str, started_at: str, phase_index: int, elapsed: float,
             samples: RecordingBuilder) -> None:
    """Keep the trace so far, replacing the learner's previous autosave."""
    recording = samples.build()
    db = open_database(database_path(home))
    try:
        InProgressStore(db).put(learner_id, drill_id, started_at, phase_index, elapsed, recording)
    finally:
        db.close()


def clear_in_progress(home: Path, learner_id: int) -> None:
    db = open_database(database_path(home))
    try:
        InProgressStore(db).clear(learner_id)
    finally:
        db.close()


def keep_unfinished(home: Path, saved: InProgress, body: Body) -> DrillRun:
    """Grade an autosaved drill as it stands and keep it as an unfinished run, to replay or export."""
    recording = saved.recording()
    report = grade(recording, body)
    with drill_store(home) as store:
        run = store.save(saved.learner_id, saved.drill, saved.started_at, recording, report, unfinished=True)
    clear_in_progress(home, saved.learner_id)
    return run
