"""The database: migrations, pragmas, learners and their separation, one instance at a time."""

import re
import sqlite3
import sys
from pathlib import Path

import pytest

from massage_trainer.storage import (
    AlreadyRunning,
    InstanceLock,
    LearnerError,
    Storage,
    StorageError,
    data_home,
    database_path,
    open_database,
)
from massage_trainer.storage.db import all_migrations, migrations, schema_version


def test_home_follows_the_environment(tmp_home):
    assert data_home() == tmp_home and tmp_home.is_dir()
    assert database_path().parent == tmp_home


def test_migrations_from_an_empty_database(tmp_path):
    db = open_database(tmp_path / "new.sqlite3")
    assert schema_version(db) == all_migrations()
    tables = set(db.table_names())
    assert {"learners", "settings"} <= tables
    assert db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert db.execute("PRAGMA foreign_keys").fetchone()[0] == 1


def test_migrations_are_idempotent_and_keep_data(tmp_path):
    path = tmp_path / "m.sqlite3"
    db = open_database(path)
    db.execute("INSERT INTO learners (name) VALUES ('Ann')")
    db.conn.commit()
    db.close()
    db = open_database(path)
    assert [r[0] for r in db.execute("SELECT name FROM learners")] == ["Ann"]


@pytest.mark.parametrize("stop", range(1, len(all_migrations()) + 1))
def test_upgrade_from_every_old_version(tmp_path, stop):
    """A database left at any earlier schema upgrades to the newest without losing learners."""
    import sqlite_utils

    path = tmp_path / "old.sqlite3"
    db = sqlite_utils.Database(path)
    names = all_migrations()
    migrations.apply(db, stop_before=names[stop] if stop < len(names) else None)
    db.execute("INSERT INTO learners (name) VALUES ('Old timer')")
    db.conn.commit()
    db.close()
    upgraded = open_database(path)
    assert schema_version(upgraded) == names
    assert [r[0] for r in upgraded.execute("SELECT name FROM learners")] == ["Old timer"]


def test_a_file_that_is_not_a_database(tmp_path):
    bad = tmp_path / "bad.sqlite3"
    bad.write_bytes(b"this is not sqlite" * 100)
    with pytest.raises(StorageError) as err:
        open_database(bad)
    assert str(bad) in str(err.value)


def test_learner_lifecycle(tmp_home):
    storage = Storage.open()
    try:
        learners = storage.learners
        ann = learners.create("  Ann   Lee ")
        assert ann.name == "Ann Lee"
        bob = learners.create("Bob")
        assert [lr.name for lr in learners.all()] == ["Ann Lee", "Bob"]
        with pytest.raises(LearnerError, match="already a learner"):
            learners.create("bob")
        with pytest.raises(LearnerError, match="needs a name"):
            learners.create("   ")
        with pytest.raises(LearnerError, match="at most"):
            learners.create("x" * 61)
        assert learners.rename(bob.id, "Robert").name == "Robert"
        with pytest.raises(LearnerError):
            learners.rename(bob.id, "ann lee")
        learners.remember(bob)
        assert (last := learners.last_used()) is not None and last.name == "Robert"
        learners.delete(bob.id)
        assert learners.last_used() is None
        assert [lr.name for lr in learners.all()] == ["Ann Lee"]
        with pytest.raises(LearnerError):
            learners.delete(bob.id)
    finally:
        storage.close()


def test_last_learner_is_remembered_across_runs(tmp_home):
    storage = Storage.open()
    cy = storage.learners.create("Cy")
    storage.learners.create("Di")
    storage.learners.remember(cy)
    storage.close()
    again = Storage.open()
    try:
        assert again.learners.last_used() == cy
    finally:
        again.close()


def test_deleting_a_learner_deletes_their_rows_only(tmp_home):
    """Records hang off learners with ON DELETE CASCADE: nothing of another learner goes."""
    storage = Storage.open()
    try:
        db = storage.db
        db.execute("CREATE TABLE notes (id INTEGER PRIMARY KEY, learner_id INTEGER NOT NULL "
                   "REFERENCES learners(id) ON DELETE CASCADE, text TEXT)")
        a = storage.learners.create("A")
        b = storage.learners.create("B")
        db.execute("INSERT INTO notes (learner_id, text) VALUES (?, 'a1'), (?, 'b1')", [a.id, b.id])
        db.conn.commit()
        storage.learners.delete(a.id)
        assert [r[0] for r in db.execute("SELECT text FROM notes")] == ["b1"]
    finally:
        storage.close()


def test_second_instance_is_refused(tmp_home):
    first = Storage.open()
    try:
        with pytest.raises(AlreadyRunning) as err:
            Storage.open()
        assert "already open" in str(err.value)
        # The refused instance wrote nothing: the first one's data is as it left it.
        first.learners.create("Only me")
        assert [lr.name for lr in first.learners.all()] == ["Only me"]
    finally:
        first.close()
    second = Storage.open()  # once the first closes, a new one may start
    second.close()


def test_lock_is_released_on_exit(tmp_path: Path):
    with InstanceLock(tmp_path) as lock:
        assert lock.held
    with InstanceLock(tmp_path) as again:
        assert again.held


def test_foreign_keys_are_enforced(tmp_path):
    db = open_database(tmp_path / "fk.sqlite3")
    db.execute("CREATE TABLE t (learner_id INTEGER REFERENCES learners(id))")
    with pytest.raises(sqlite3.IntegrityError):
        db.execute("INSERT INTO t VALUES (42)")


def test_synchronous_full_with_wal(tmp_path):
    db = open_database(tmp_path / "s.sqlite3")
    assert db.execute("PRAGMA synchronous").fetchone()[0] == 2  # FULL
    assert db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert db.execute("PRAGMA user_version").fetchone()[0] == len(all_migrations())


@pytest.mark.parametrize("name, words", [
    ("Ann\x00Lee", "U+0000"),
    ("Ann\x07", "U+0007"),
    ("Ann\x1b[31m", "U+001B"),
    ("\u202eAnn", "U+202E"),
    ("Ann\u2066Lee\u2069", "U+2066"),
    ("Ann\u200f", "U+200F"),
    ("A\ufeffnn", "U+FEFF"),
])
def test_names_with_control_or_direction_characters_are_refused(tmp_home, name, words):
    storage = Storage.open()
    try:
        with pytest.raises(LearnerError, match=re.escape(words)):
            storage.learners.create(name)
        ann = storage.learners.create("Ann")
        with pytest.raises(LearnerError, match=re.escape(words)):
            storage.learners.rename(ann.id, name)
        assert [lr.name for lr in storage.learners.all()] == ["Ann"]
    finally:
        storage.close()


def test_names_keep_letters_of_every_script_and_emoji(tmp_home):
    storage = Storage.open()
    try:
        for name in ("Zoë", "Ольга", "明美", "Kai 👩\u200d⚕️"):
            assert storage.learners.create(name).name == name
        assert storage.learners.create("Tab\there").name == "Tab here"  # white space is collapsed
    finally:
        storage.close()


def test_only_a_real_name_clash_says_the_name_is_taken(tmp_home):
    storage = Storage.open()
    try:
        storage.db.execute("CREATE TRIGGER no_zed BEFORE INSERT ON learners WHEN NEW.name = 'Zed' "
                           "BEGIN SELECT RAISE(ABORT, 'no Zed here'); END")
        with pytest.raises(StorageError) as err:
            storage.learners.create("Zed")
        assert "already" not in str(err.value) and "no Zed here" in str(err.value)
        assert not isinstance(err.value, LearnerError)
        storage.learners.create("Yan")
        with pytest.raises(LearnerError, match="already a learner called 'yan'"):
            storage.learners.create("yan")
    finally:
        storage.close()


def test_deleting_a_learner_is_one_transaction(tmp_home, monkeypatch):
    from massage_trainer.storage import db as db_module
    from tests.faults import Fault, faulty_connection

    class OnSettings(Fault):
        pass

    fault = OnSettings()
    monkeypatch.setattr(db_module, "CONNECTION_CLASS", faulty_connection(fault))
    monkeypatch.setattr("tests.faults.WRITES", ("DELETE FROM SETTINGS",))
    storage = Storage.open()
    try:
        ann = storage.learners.create("Ann")
        storage.learners.remember(ann)
        fault.message = "disk I/O error"  # the second statement of the delete fails
        with pytest.raises(StorageError):
            storage.learners.delete(ann.id)
        fault.message = None
        assert storage.learners.all() == [ann] and storage.learners.last_used() == ann  # all of it undone
    finally:
        storage.close()


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX modes")
def test_the_records_are_their_owners_only(tmp_home):
    tmp_home.mkdir(mode=0o755)
    tmp_home.chmod(0o755)
    storage = Storage.open()
    storage.learners.create("Ann")
    storage.learners.delete(storage.learners.all()[0].id)  # makes a backup
    storage.close()
    assert tmp_home.stat().st_mode & 0o777 == 0o700
    for path in (database_path(), tmp_home / "instance.lock", tmp_home / "backups", *(tmp_home / "backups").iterdir()):
        assert path.stat().st_mode & 0o077 == 0, path
