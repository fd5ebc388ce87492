"""For the Practice screen: drills the database would not take, kept as recording files until it does;
an import that can be called off before its commit, leaving nothing behind; a connection that only
reads, which a full disk does not stop."""

from __future__ import annotations

import errno
import os
from pathlib import Path

import numpy as np
import pytest

from massage_trainer.core.grading import grade
from massage_trainer.core.recording import Phase, Recording, load_recording
from massage_trainer.storage import (
    ImportCancelled,
    Storage,
    StorageFull,
    ToImport,
    database_path,
    drill_for_recording,
    forget_unsaved,
    keep_unsaved,
    kept_unsaved,
    open_database,
)
from massage_trainer.storage import db as db_module
from massage_trainer.storage import unsaved as unsaved_module
from massage_trainer.storage.drills import DrillStore
from tests.faults import FULL, Fault, faulty_connection


def recording(x: float = 0.15, n: int = 240, technique: str = "stroking") -> Recording:
    t = np.arange(n) / 60.0
    return Recording((Phase(technique, t, np.full(n, x), 0.1 + t * 0.1, np.ones(n, bool), np.full(n, 0.5)),))


def test_an_unsaved_drill_is_kept_as_a_recording_and_found_again(tmp_path: Path) -> None:
    home = tmp_path / "home"
    rec = recording()
    kept = keep_unsaved(home, 3, "technique:stroking", "2026-05-01T10:00:00+00:00", rec)
    assert kept.path.parent == home / "unsaved" and kept.path.name.endswith(".json")
    assert load_recording(kept.path) == rec == kept.recording()  # an ordinary recording: importable too
    if os.name != "nt":
        assert kept.path.stat().st_mode & 0o777 == 0o600
    later = keep_unsaved(home, 4, "first-session", "2026-05-02T09:30:05+00:00", recording(0.2))
    same_second = keep_unsaved(home, 3, "technique:stroking", "2026-05-01T10:00:00+00:00", recording(0.3))
    (home / "unsaved" / "notes.txt").write_text("not ours", encoding="utf-8")
    found = kept_unsaved(home)
    assert [k.path for k in found] == [kept.path, same_second.path, later.path]
    assert found[0] == kept and found[1].path != kept.path
    assert (found[2].learner_id, found[2].drill, found[2].started_at) == (4, "first-session",
                                                                          "2026-05-02T09:30:05+00:00")
    forget_unsaved(kept)
    forget_unsaved(kept)  # twice is fine
    assert [k.path for k in kept_unsaved(home)] == [same_second.path, later.path]
    assert kept_unsaved(tmp_path / "nowhere") == []


def test_a_full_disk_is_storage_full_in_plain_words(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def full(_recording: Recording, path: object) -> None:
        raise OSError(errno.ENOSPC, "No space left on device", str(path))

    monkeypatch.setattr("massage_trainer.core.recording_write.save_recording", full)
    with pytest.raises(StorageFull) as err:
        keep_unsaved(tmp_path, 1, "session", "2026-05-01T10:00:00+00:00", recording())
    assert "the disk is full" in str(err.value) and "Errno" not in str(err.value)
    assert unsaved_module.kept_unsaved(tmp_path) == []


def test_an_import_called_off_before_its_commit_adds_nothing(tmp_home: Path, body: object) -> None:
    storage = Storage.open()
    try:
        ann = storage.learners.create("Ann")
        items = [ToImport(r, grade(r, body), drill_for_recording(r), "2026-05-01T10:00:00+00:00", f"{i}.json")  # type: ignore[arg-type]
                 for i, r in enumerate((recording(0.1), recording(0.2)))]
        asked: list[int] = []

        def at_the_commit(done: int) -> bool:
            asked.append(done)
            return done < len(items)

        with pytest.raises(ImportCancelled):
            storage.drills.import_runs(ann.id, items, at_the_commit)
        assert asked == [0, 1, 2] and storage.drills.count(ann.id) == 0
        done = storage.drills.import_runs(ann.id, items, lambda _done: True)
        assert [d.already for d in done] == [False, False] and storage.drills.count(ann.id) == 2
    finally:
        storage.close()


def test_an_imported_recording_is_filed_under_its_drill() -> None:
    assert drill_for_recording(recording()) == "technique:stroking"
    first, = recording().phases
    then, = recording(technique="kneading").phases
    later = Phase(then.technique, then.t + 10.0, then.x, then.y, then.contact, then.pressure)
    two = Recording((first, later))
    assert drill_for_recording(two) == "session"


def test_a_reading_connection_opens_on_a_full_disk(tmp_home: Path, body: object,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    storage = Storage.open()
    try:
        ann = storage.learners.create("Ann")
        rec = recording()
        storage.drills.save(ann.id, "technique:stroking", "2026-05-01T10:00:00+00:00", rec, grade(rec, body))  # type: ignore[arg-type]
        fault = Fault()
        monkeypatch.setattr(db_module, "CONNECTION_CLASS", faulty_connection(fault))
        fault.message = FULL
        with pytest.raises(StorageFull):
            open_database(database_path())  # a writing connection probes, and the disk is full
        db = open_database(database_path(), writing=False)
        try:
            runs = DrillStore(db).all_for(ann.id)
            assert len(runs) == 1 and DrillStore(db).recording(runs[0].id) == rec
        finally:
            db.close()
    finally:
        storage.close()
