"""The Practice screen's background work on files: importing recordings, exporting one, and
finding the drills a past session could not save.

Like jobs.py, these run on the worker thread (ui/kit/worker.py): plain data in and out, no
widget touched, a database connection of their own. An import reports each step through a
callback and asks, between steps, whether it has been cancelled; the database write is one
transaction (`DrillStore.import_runs`), so a cancel leaves nothing half-imported.
"""

from __future__ import annotations

from collections.abc import Callable
from contextlib import suppress
from dataclasses import dataclass, field
from pathlib import Path

from massage_trainer.core.body import Body
from massage_trainer.core.grading import Report, grade
from massage_trainer.core.recording import Recording, RecordingError, load_recording, save_recording
from massage_trainer.storage import (
    ImportCancelled,
    Imported,
    KeptDrill,
    LearnerError,
    LearnerStore,
    StorageError,
    ToImport,
    database_path,
    drill_for_recording,
    kept_unsaved,
    open_database,
)
from massage_trainer.ui.kit.worker import error_message
from massage_trainer.ui.practice.jobs import SAVE_ERRORS, as_storage_error, drill_store, now_iso

Step = Callable[[int, int, str], None]  # (done, out of, what now)


@dataclass(frozen=True)
class ImportOutcome:
    """What an import came to: the runs (each new or `already` there), the files refused (one line
    each, naming the file), or why the record would not take them; nothing at all if cancelled."""

    imported: tuple[Imported, ...] = ()
    refused: tuple[str, ...] = ()
    problem: BaseException | None = None
    cancelled: bool = False


def import_recordings(home: Path, learner_id: int, paths: list[str], body: Body, step: Step,
                      cancelled: Callable[[], bool]) -> ImportOutcome:
    """Read, check and grade each file, then keep them all in the learner's record in one
    transaction. A file that cannot be read is refused by name; the others go on."""
    n = len(paths)
    refused: list[str] = []
    already: list[Imported] = []
    items: list[ToImport] = []
    try:
        with drill_store(home) as store:
            for i, path in enumerate(paths):
                name = Path(path).name
                if cancelled():
                    return ImportOutcome(cancelled=True)
                step(2 * i, 2 * n + 1, f"Reading {name} ({i + 1} of {n})…")
                try:
                    recording = load_recording(path)
                except RecordingError as err:
                    refused.append(str(err))
                    continue
                same = store.same_recording(learner_id, recording)
                if same is not None:
                    already.append(Imported(same, True))
                    continue
                if cancelled():
                    return ImportOutcome(cancelled=True)
                step(2 * i + 1, 2 * n + 1, f"Grading {name} ({i + 1} of {n})…")
                try:
                    report = grade(recording, body)
                except Exception as err:  # one file the grader cannot take must not stop the rest
                    refused.append(f"{path}: it could not be graded ({error_message(err)})")
                    continue
                items.append(ToImport(recording, report, drill_for_recording(recording), now_iso(), name))
            if not items:
                return ImportOutcome(tuple(already), tuple(refused))
            words = "1 recording" if len(items) == 1 else f"{len(items)} recordings"
            step(2 * n, 2 * n + 1, f"Keeping {words} in the record…")

            def proceed(done: int) -> bool:
                return not cancelled()

            done = store.import_runs(learner_id, items, proceed)
    except ImportCancelled:
        return ImportOutcome(cancelled=True)
    except SAVE_ERRORS as err:
        return ImportOutcome((), tuple(refused), as_storage_error(err, "the import"))
    step(2 * n + 1, 2 * n + 1, "Done.")
    return ImportOutcome((*already, *done), tuple(refused))


def export_recording(recording: Recording, path: str | Path) -> Path:
    """Write the recording to path: a temporary file beside it, then renamed into place
    (core/atomic_write.py, through save_recording), never over anything but a regular file: a link,
    a FIFO, a folder or a device there raises UnsafeTargetError (an OSError) and is left as it is."""
    target = Path(path)
    save_recording(recording, target)
    return target


def export_saved(home: Path, run_id: int, path: str | Path) -> Path:
    """Read a saved run's recording (RunDamaged if it cannot be) and export it."""
    with drill_store(home, writing=False) as store:
        try:
            recording = store.recording(run_id)
        except KeyError:
            raise StorageError("it is no longer in the record (deleted meanwhile)") from None
    return export_recording(recording, path)


@dataclass(frozen=True)
class FoundUnsaved:
    """A drill a past session could not save, read back from its file and graded."""

    kept: KeptDrill
    learner_name: str
    recording: Recording
    report: Report


@dataclass(frozen=True)
class Found:
    drills: list[FoundUnsaved] = field(default_factory=list)
    unreadable: list[str] = field(default_factory=list)  # one line per file that cannot be read


def find_unsaved(home: Path, body: Body) -> Found:
    """The drills kept in the data folder's `unsaved` folder (storage/unsaved.py), to save again."""
    found = Found()
    try:
        kept = kept_unsaved(home)
    except StorageError as err:
        found.unreadable.append(str(err))
        return found
    if not kept:
        return found
    names: dict[int, str] = {}
    with suppress(*SAVE_ERRORS):
        db = open_database(database_path(home), writing=False)
        try:
            learners = LearnerStore(db)
            for k in kept:
                with suppress(LearnerError):
                    names[k.learner_id] = learners.get(k.learner_id).name
        finally:
            db.close()
    for k in kept:
        try:
            recording = k.recording()
            report = grade(recording, body)
        except (RecordingError, ValueError, ArithmeticError) as err:
            found.unreadable.append(f"{k.path}: {error_message(err)}")
            continue
        found.drills.append(FoundUnsaved(k, names.get(k.learner_id, f"learner {k.learner_id}"), recording, report))
    return found
