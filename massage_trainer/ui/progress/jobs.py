"""The Progress screen's work off the GUI thread (ui/kit/worker.py): reading a learner's progress,
and writing their history as CSV. Plain data in and out, no widget touched, a database connection of
the job's own (read-only: a full disk or a read-only folder does not stop either)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from massage_trainer.content import Content, ContentError
from massage_trainer.core.safe_text import describe_os_error
from massage_trainer.storage import BankStore, ProgressData, ProgressStore, StorageError, database_path, open_database
from massage_trainer.storage.history_csv import export_history


@dataclass(frozen=True)
class Questions:
    """What the records name only by id: each question's topic and text (built-in and imported)."""

    topics: Mapping[str, str]
    texts: Mapping[str, str]


@dataclass(frozen=True)
class Loaded:
    learner_id: int
    data: ProgressData
    texts: Mapping[str, str]  # the text of each weakest question that could be found


@dataclass(frozen=True)
class Exported:
    path: Path
    rows: int


@dataclass(frozen=True)
class ExportFailed:
    path: Path
    words: str  # what happened, in plain words ("the disk is full")


def questions(content: Content, home: Path) -> Questions:
    """The built-in questions and those of the banks in use; one that cannot be read is left out."""
    topics: dict[str, str] = {}
    texts: dict[str, str] = {}
    try:
        for q in content.questions:
            topics[q.id], texts[q.id] = q.topic, q.text
    except ContentError:
        pass  # the Quiz says what is wrong with the bundled questions; here they stay unnamed
    try:
        db = open_database(database_path(home), writing=False)
        try:
            for stored in BankStore(db).questions():
                topics[stored.question_id] = stored.question.category
                texts[stored.question_id] = stored.question.text
        finally:
            db.close()
    except StorageError:
        pass  # a damaged bank: its answers are still counted, by id
    return Questions(topics, texts)


def load_progress(content: Content, home: Path, learner_id: int, now: datetime) -> Loaded:
    """The learner's progress, and the texts of their weakest questions. StorageError if unreadable."""
    known = questions(content, home)
    db = open_database(database_path(home), writing=False)
    try:
        data = ProgressStore(db).load(learner_id, now, known.topics)
    finally:
        db.close()
    texts = {q.question_id: known.texts[q.question_id] for q in data.weakest_questions if q.question_id in known.texts}
    return Loaded(learner_id, data, texts)


def export_csv(content: Content, home: Path, learner_id: int, path: Path) -> Exported | ExportFailed:
    """The learner's whole history written to `path` (storage/history_csv.py), or why it was not."""
    known = questions(content, home)
    try:
        db = open_database(database_path(home), writing=False)
        try:
            rows = export_history(db, learner_id, path, known.topics, known.texts)
        finally:
            db.close()
    except StorageError as err:
        return ExportFailed(path, f"the records could not be read ({err})")
    except OSError as err:
        return ExportFailed(path, describe_os_error(err))
    return Exported(path, rows)
