"""A full disk and a read-only file or folder: a specific error in plain words, nothing half-saved.

Each fault is tested twice: injected (FaultyConnection, everywhere) and real (a 1 MiB tmpfs, a
read-only bind mount) where this machine lets the tests mount, as it does for root in CI.
"""

from __future__ import annotations

import errno
import os
import sqlite3
import subprocess
import sys

import numpy as np
import pytest

from massage_trainer.core.grading import grade
from massage_trainer.core.recording import Phase, Recording
from massage_trainer.storage import Storage, StorageError, StorageFull, StorageReadOnly, database_path
from massage_trainer.storage import db as db_module
from massage_trainer.storage.errors import DatabaseDamaged, storage_error
from tests.faults import FULL, READ_ONLY, Fault, faulty_connection, mount_permitted, read_only, tmpfs

needs_mount = pytest.mark.skipif(not mount_permitted(), reason="mounting is not permitted here (needs root)")


def recording(n: int = 120) -> Recording:
    t = np.arange(n) / 60.0
    return Recording((Phase("stroking", t, np.full(n, 0.15), 0.1 + t * 0.3 % 0.6, np.ones(n, bool),
                            np.full(n, 0.5)),))


@pytest.fixture
def fault(monkeypatch):
    fault = Fault()
    monkeypatch.setattr(db_module, "CONNECTION_CLASS", faulty_connection(fault))
    return fault


def test_a_full_disk_is_storage_full_and_saves_nothing(tmp_home, fault, body):
    storage = Storage.open()
    try:
        ann = storage.learners.create("Ann")
        rec = recording()
        storage.drills.save(ann.id, "session", "2026-05-01T10:00:00+00:00", rec, grade(rec, body))
        fault.message = FULL
        with pytest.raises(StorageFull) as err:
            storage.drills.save(ann.id, "session", "2026-05-02T10:00:00+00:00", rec, grade(rec, body))
        assert "disk is full" in str(err.value) and "nothing was changed" in str(err.value)
        assert "Traceback" not in str(err.value) and "\n" not in str(err.value)
        with pytest.raises(StorageFull):
            storage.learners.create("Bob")
        with pytest.raises(StorageFull):
            storage.learners.rename(ann.id, "Anna")
        with pytest.raises(StorageFull):
            storage.in_progress.put(ann.id, "session", "2026-05-01T10:00:00+00:00", 0, 1.0, rec)
        fault.message = None
        assert storage.drills.count(ann.id) == 1 and [lr.name for lr in storage.learners.all()] == ["Ann"]
        storage.drills.save(ann.id, "session", "2026-05-02T10:00:00+00:00", rec, grade(rec, body))
        assert storage.drills.count(ann.id) == 2
    finally:
        storage.close()


def test_a_read_only_database_is_refused_at_open_not_at_the_first_save(tmp_home, fault):
    Storage.open().close()
    fault.message = READ_ONLY
    with pytest.raises(StorageReadOnly) as err:
        Storage.open()
    assert "read-only" in str(err.value) and str(database_path()) in str(err.value)
    fault.message = None
    Storage.open().close()  # the failed open let the lock go


def test_errors_of_the_os_and_of_sqlite_map_to_plain_types(tmp_path):
    path = tmp_path / "x.sqlite3"
    assert isinstance(storage_error(OSError(errno.ENOSPC, "No space left"), path, "it"), StorageFull)
    assert isinstance(storage_error(OSError(errno.EROFS, "Read-only file system"), path, "it"), StorageReadOnly)
    assert isinstance(storage_error(sqlite3.OperationalError(FULL), path, "it"), StorageFull)
    assert isinstance(storage_error(sqlite3.OperationalError(READ_ONLY), path, "it"), StorageReadOnly)
    assert isinstance(storage_error(sqlite3.DatabaseError("database disk image is malformed"), path, "it"),
                      DatabaseDamaged)
    busy = storage_error(sqlite3.OperationalError("database is locked"), path, "it")
    assert type(busy) is StorageError and "another program" in str(busy)


@needs_mount
def test_a_really_full_disk(tmp_path, body):
    home = tmp_path / "small"
    with tmpfs(home, "1m"):
        storage = Storage.open(home)
        try:
            ann = storage.learners.create("Ann")
            rec = recording(3000)  # ~150 kB of JSON a run: a 1 MiB disk fills within a few
            report = grade(rec, body)
            saved = 0
            with pytest.raises(StorageFull) as err:
                for _ in range(100):
                    storage.drills.save(ann.id, "session", "2026-05-01T10:00:00+00:00", rec, report)
                    saved += 1
            assert saved < 100 and "disk is full" in str(err.value)
            assert storage.drills.count(ann.id) == saved
            with pytest.raises(StorageFull):  # the backup made before a delete: nor is the delete done
                storage.learners.delete(ann.id)
            assert storage.drills.count(ann.id) == saved
        finally:
            storage.close()
        again = Storage.open(home)
        try:
            assert again.drills.count(ann.id) == saved
            assert again.db.execute("PRAGMA quick_check").fetchall() == [("ok",)]
        finally:
            again.close()


@needs_mount
def test_a_really_read_only_folder(tmp_path):
    home = tmp_path / "home"
    storage = Storage.open(home)
    storage.learners.create("Ann")
    storage.close()
    with read_only(home):
        with pytest.raises(StorageReadOnly) as err:
            Storage.open(home)
        assert "read-only" in str(err.value)
        out = subprocess.run([sys.executable, "-m", "massage_trainer", "learners", "list"], capture_output=True,
                             text=True, timeout=120, env={**os.environ, "MASSAGE_TRAINER_HOME": str(home)})
        assert out.returncode == 2 and "read-only" in out.stderr
        assert "Traceback" not in out.stderr and len(out.stderr.strip().splitlines()) == 1


@needs_mount
def test_a_really_read_only_database_file(tmp_path):
    home = tmp_path / "home"
    storage = Storage.open(home)
    storage.learners.create("Ann")
    storage.close()
    with read_only(database_path(home)), pytest.raises(StorageReadOnly):
        Storage.open(home)
    reopened = Storage.open(home)  # writable again: as it was
    try:
        assert [lr.name for lr in reopened.learners.all()] == ["Ann"]
    finally:
        reopened.close()
