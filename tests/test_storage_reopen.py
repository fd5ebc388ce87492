"""What the GUI needs of storage for a restore while it runs, and to start afresh beside a damaged file."""

from __future__ import annotations

import pytest

from massage_trainer.storage import (
    DatabaseDamaged,
    Storage,
    StorageError,
    backup_now,
    database_path,
    list_backups,
    restore,
    set_aside,
)


def test_a_restore_between_close_database_and_reopen_keeps_the_lock_and_reads_the_backup(tmp_home):
    storage = Storage.open()
    try:
        storage.learners.create("Ann")
        backup = backup_now(storage.path)
        storage.learners.create("Bob")
        stores = storage.learners
        storage.close_database()
        assert storage.lock.held  # no second app can start in between
        done = restore(backup, storage.path)
        storage.reopen()
        assert [lr.name for lr in storage.learners.all()] == ["Ann"]
        assert storage.learners is not stores  # the old stores' connection is closed
        with pytest.raises(StorageError):
            stores.all()
        assert done.previous is not None and not done.previous_damaged  # the database it replaced, kept
    finally:
        storage.close()


def test_set_aside_keeps_the_damaged_file_and_its_wal_and_an_empty_record_follows(tmp_home):
    fresh = Storage.open()
    fresh.close_database()
    fresh.lock.release()  # not close(): no backup to restore from
    path = database_path()
    path.write_bytes(b"not a database" * 400)
    wal = path.with_name(path.name + "-wal")
    wal.write_bytes(b"wal bytes")
    with pytest.raises(DatabaseDamaged) as err:
        Storage.open()
    assert err.value.backup is None
    kept = set_aside(path)
    assert kept.parent == path.parent and kept.name.startswith("massage-trainer.sqlite3.damaged-")
    assert kept.read_bytes() == b"not a database" * 400
    assert kept.with_name(kept.name + "-wal").read_bytes() == b"wal bytes"
    assert not path.exists() and not wal.exists()
    storage = Storage.open()
    try:
        assert storage.learners.all() == []
    finally:
        storage.close()
    assert kept.read_bytes() == b"not a database" * 400  # the new record's first backup left it alone
    assert [b.path.parent for b in list_backups(path)] == [path.parent / "backups"]


def test_close_backs_up_when_due_unless_told_not_to(tmp_home):
    storage = Storage.open()
    storage.learners.create("Ann")
    storage.close(backup=False)  # the GUI's close: it backed up after start-up instead
    assert list_backups(database_path()) == []
    Storage.open().close()  # everyone else's: a backup when one is due
    assert [b.reason for b in list_backups(database_path())] == [""]
