"""The Practice screen's background work: grading and saving a drill, reading the history.

These functions run on the worker thread (ui/kit/worker.py), so they touch no
widget and share no database connection: a sqlite3 connection belongs to the
thread that opened it, so each job opens its own on the learner's database, for
as long as it needs it. They take and return plain data; a failure the learner
must hear about comes back as a storage error type (storage/errors.py), for the
screen to put into words (messages.py).
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Final, TypeVar

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
    KeptDrill,
    LearnerError,
    StorageError,
    database_path,
    forget_unsaved,
    keep_unsaved,
    open_database,
)
from massage_trainer.storage.errors import storage_error

PREVIOUS_RUNS: Final = 10  # earlier attempts the report compares with
HISTORY_ROWS: Final = 50
SAVE_ERRORS: Final = (sqlite3.Error, StorageError, LearnerError, OSError)


T = TypeVar("T")


@dataclass(frozen=True)
class Failed:
    """A job that failed in a way the learner must hear about: the storage error (or OSError) itself,
    for the screen to put into words (the worker's own failure path carries only a line of text)."""

    error: BaseException


def catching(fn: Callable[[], T]) -> T | Failed:
    """Run fn; a storage, database or file error comes back as Failed instead of raising."""
    try:
        return fn()
    except SAVE_ERRORS as err:
        return Failed(as_storage_error(err, "reading the drill"))


def now_iso() -> str:
    """The time a drill starts, as it is stored: ISO 8601 in UTC, to the second."""
    return datetime.now(UTC).isoformat(timespec="seconds")


@contextmanager
def drill_store(home: Path, writing: bool = True) -> Iterator[DrillStore]:
    """The drills of the database in `home`, on a connection of this thread's own (`writing=False`:
    one that only reads, so a full disk or a read-only folder does not stop a listing)."""
    db = open_database(database_path(home), writing=writing)
    try:
        yield DrillStore(db)
    finally:
        db.close()


def as_storage_error(err: BaseException, doing: str = "this drill") -> BaseException:
    """A raw sqlite3 error as the storage error type it stands for; anything else as it is."""
    return storage_error(err, None, doing) if isinstance(err, sqlite3.Error) else err


@dataclass(frozen=True)
class Saved:
    """A run kept in the record, and the learner's earlier runs of that drill (newest first)."""

    run: DrillRun
    previous: tuple[DrillRun, ...]


def save_run(home: Path, learner_id: int, drill_id: str, started_at: str, recording: Recording,
             report: Report, again: bool = False) -> Saved:
    """Keep a graded drill in the learner's record. Raises StorageError, LearnerError or sqlite3.Error.

    `again`: a retry; if the recording is in the record already (an earlier try got through), it is
    not added twice. The earlier runs are read after the save, and a failure there is no failure of it.
    """
    with drill_store(home) as store:
        run = store.same_recording(learner_id, recording) if again else None
        if run is None:
            run = store.save(learner_id, drill_id, started_at, recording, report)
        try:
            recent = store.recent(learner_id, drill_id, PREVIOUS_RUNS + 1)
        except StorageError:
            recent = []
    return Saved(run, tuple(r for r in recent if r.id != run.id and r.damaged is None)[:PREVIOUS_RUNS])


@dataclass(frozen=True)
class Finished:
    """What finishing (or saving again) a drill came to. Without a recording nothing was traced
    (`note` says so); without `saved`, the drill is graded but not kept: `problem` says why, and
    `kept` is the file it was kept in meanwhile (storage/unsaved.py), if one could be written."""

    recording: Recording | None = None
    report: Report | None = None
    saved: Saved | None = None
    note: str = ""
    problem: BaseException | None = None
    kept: KeptDrill | None = None


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
    """Save; when the disk or the database fails, keep the drill in a file of the data folder if
    that can be written. The graded drill is handed back either way, with the reason."""
    try:
        saved = save_run(home, learner_id, drill_id, started_at, recording, report)
    except SAVE_ERRORS as err:
        kept = None
        if not isinstance(err, LearnerError):  # the disk or the database: worth a copy until they recover
            with suppress(StorageError):
                kept = keep_unsaved(home, learner_id, drill_id, started_at, recording)
        if kept is not None:  # the whole drill is in its file: its partial autosave need not be offered too
            with suppress(*SAVE_ERRORS):
                clear_in_progress(home, learner_id)
        return Finished(recording, report, None, problem=as_storage_error(err), kept=kept)
    return Finished(recording, report, saved)


def save_again(home: Path, learner_id: int, drill_id: str, started_at: str, recording: Recording,
               report: Report, kept: KeptDrill | None) -> Finished:
    """Try again to save a drill that could not be saved; once it is in, its file and its
    autosave (if that is still this drill's) go."""
    try:
        saved = save_run(home, learner_id, drill_id, started_at, recording, report, again=True)
    except SAVE_ERRORS as err:
        return Finished(recording, report, None, problem=as_storage_error(err), kept=kept)
    if kept is not None:
        forget_unsaved(kept)
    with suppress(*SAVE_ERRORS):
        db = open_database(database_path(home))
        try:
            store = InProgressStore(db)
            autosaved = store.get(learner_id)
            if autosaved is not None and autosaved.started_at == started_at:
                store.clear(learner_id)
        finally:
            db.close()
    return Finished(recording, report, saved, kept=None)


@dataclass(frozen=True)
class Listing:
    """The learner's runs as read, newest first; or, if the drills could not be read at all, why."""

    runs: list[DrillRun]
    problem: BaseException | None = None


def load_history(home: Path, learner_id: int) -> Listing:
    """The learner's latest runs, newest first (a damaged row marked, not dropped)."""
    try:
        with drill_store(home, writing=False) as store:
            return Listing(store.all_for(learner_id)[:HISTORY_ROWS])
    except (sqlite3.Error, StorageError) as err:
        return Listing([], as_storage_error(err, "reading the drills"))


@dataclass(frozen=True)
class Opened:
    """A saved run with its recording; for a report, graded again and with the earlier runs."""

    run: DrillRun
    recording: Recording
    report: Report | None = None
    earlier: tuple[DrillRun, ...] = ()


def open_saved(home: Path, run_id: int, body: Body | None = None, looked_at: int = 50) -> Opened:
    """Read a saved run and its recording; with `body`, grade it again (the same grader as
    `massage-trainer grade`). Raises RunDamaged, or another StorageError, in plain words."""
    try:
        with drill_store(home, writing=False) as store:
            try:
                run = store.get(run_id)
            except KeyError:
                raise StorageError("it is no longer in the record (deleted meanwhile)") from None
            recording = store.recording(run_id)
            earlier: list[DrillRun] = []
            if body is not None and run.damaged is None:
                with suppress(StorageError):
                    earlier = [r for r in store.recent(run.learner_id, run.drill, looked_at)
                               if (r.started_at, r.id) < (run.started_at, run.id) and r.damaged is None]
    except sqlite3.Error as err:
        raise storage_error(err, None, "reading the drill") from err
    report = grade(recording, body) if body is not None else None
    return Opened(run, recording, report, tuple(earlier[:PREVIOUS_RUNS]))


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
