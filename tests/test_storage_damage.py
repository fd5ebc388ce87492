"""A damaged or newer database: a clear error at open (with the newest good backup to restore),
a damaged row shown as damaged, never an unexpected exception; `check_database` finds the rest."""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path

import numpy as np
import pytest
import sqlite_utils

from massage_trainer.core.grading import grade
from massage_trainer.core.recording import Phase, Recording
from massage_trainer.storage import (
    DatabaseDamaged,
    DatabaseTooNew,
    RunDamaged,
    Storage,
    StorageError,
    backup_now,
    check_database,
    database_path,
    list_backups,
    open_database,
    restore,
)
from massage_trainer.storage.db import migrations
from massage_trainer.storage.integrity import EXPECTED_COLUMNS

PAGE = 4096


def recording(x: float = 0.15, n: int = 600) -> Recording:
    t = np.arange(n) / 60.0
    return Recording((Phase("stroking", t, np.full(n, x), 0.1 + t * 0.05, np.ones(n, bool), np.full(n, 0.5)),))


@pytest.fixture
def filled(tmp_home, body) -> Path:
    """A database with two learners and eight runs, closed, and one good backup of it."""
    storage = Storage.open()
    ann, bob = storage.learners.create("Ann"), storage.learners.create("Bob")
    for i in range(8):
        rec = recording(0.1 + i / 100)
        storage.drills.save((ann, bob)[i % 2].id, "technique:stroking", f"2026-05-0{i + 1}T10:00:00+00:00", rec,
                            grade(rec, body))
    storage.close()  # the first close makes the first backup
    path = database_path()
    assert len(list_backups(path)) == 1
    return path


def _flip(path: Path, offset: int, count: int = 32) -> None:
    with path.open("r+b") as f:
        f.seek(offset)
        data = f.read(count)
        f.seek(offset)
        f.write(bytes(b ^ 0xFF for b in data))


def _root_page(path: Path, table: str) -> int:
    conn = sqlite3.connect(path)
    try:
        return int(conn.execute("SELECT rootpage FROM sqlite_master WHERE name = ?", [table]).fetchone()[0])
    finally:
        conn.close()


DAMAGE = {
    "truncated to half, on a page boundary": lambda p: os.truncate(p, p.stat().st_size // 2 // PAGE * PAGE),
    "truncated mid-page": lambda p: os.truncate(p, p.stat().st_size // 2 + 123),
    "truncated to one page": lambda p: os.truncate(p, PAGE),
    "emptied": lambda p: os.truncate(p, 0),
    "not a database": lambda p: p.write_bytes(b"this is not sqlite" * 300),
    "its header's bytes flipped": lambda p: _flip(p, 0, 16),
    "the learners' page flipped": lambda p: _flip(p, (_root_page(p, "learners") - 1) * PAGE + 8, 64),
    "a column renamed": lambda p: _sql(p, "ALTER TABLE drill_runs RENAME COLUMN report TO old_report"),
}


def _sql(path: Path, sql: str) -> None:
    conn = sqlite3.connect(path)
    try:
        conn.execute(sql)
        conn.commit()
    finally:
        conn.close()


@pytest.mark.parametrize("how", DAMAGE)
def test_a_damaged_database_is_refused_at_open_and_names_the_backup(filled, how):
    backup = list_backups(filled)[0].path
    DAMAGE[how](filled)
    with pytest.raises(DatabaseDamaged) as err:
        Storage.open()
    assert err.value.path == filled and err.value.backup == backup
    assert str(filled) in str(err.value) and "damaged" in str(err.value) and "\n" not in str(err.value)
    done = restore(err.value.backup, filled)
    assert done.previous is not None and done.previous.exists()
    if how != "a column renamed":  # too damaged to copy: set aside beside it, renamed, not deleted
        assert done.previous_damaged and done.previous.parent == filled.parent
        assert done.previous.name.startswith("massage-trainer.sqlite3.damaged-")
    storage = Storage.open()
    try:
        assert [lr.name for lr in storage.learners.all()] == ["Ann", "Bob"]
        assert sum(storage.drills.count(lr.id) for lr in storage.learners.all()) == 8
    finally:
        storage.close()


def test_damaged_with_no_backup_says_so(tmp_home):
    path = database_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(b"\x00" * 8192)
    with pytest.raises(DatabaseDamaged) as err:
        open_database(path)
    assert err.value.backup is None and "no good backup" in str(err.value)


def test_an_empty_file_with_no_backups_is_a_new_database(tmp_home):
    path = database_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.touch()
    open_database(path).close()


@pytest.mark.parametrize("how", ["user_version", "migration"])
def test_a_newer_schema_is_refused_and_left_as_it_is(filled, how):
    if how == "user_version":
        _sql(filled, "PRAGMA user_version = 99")
    else:
        _sql(filled, "INSERT INTO _sqlite_migrations (migration_set, name, applied_at) "
                     "VALUES ('massage_trainer', '0099_from_the_future', 'then')")
    before = filled.read_bytes()
    with pytest.raises(DatabaseTooNew) as err:
        open_database(filled)
    assert "newer Massage Trainer" in str(err.value)
    assert ("99" if how == "user_version" else "0099_from_the_future") in str(err.value)
    assert filled.read_bytes() == before  # never downgraded, nor touched


def test_every_migration_makes_the_expected_columns(tmp_path):
    db = open_database(tmp_path / "fresh.sqlite3")
    have = {t: frozenset(c.name for c in db[t].columns) for t in db.table_names()}
    assert have == EXPECTED_COLUMNS
    empty = sqlite_utils.Database(memory=True)
    assert db.execute("PRAGMA user_version").fetchone()[0] == len(migrations.pending(empty))


def test_one_bad_row_is_marked_damaged_and_the_list_goes_on(filled):
    _sql(filled, "UPDATE drill_runs SET report = '{not json' WHERE id = 3")
    _sql(filled, "UPDATE drill_runs SET report = CAST(X'7B2273636F7265223AFF' AS TEXT) WHERE id = 5")  # not UTF-8
    _sql(filled, "UPDATE drill_runs SET score = 'lots' WHERE id = 7")
    _sql(filled, "UPDATE drill_runs SET recording = '[1, 2' WHERE id = 2")
    storage = Storage.open()
    try:
        ann = storage.learners.all()[0]
        runs = storage.drills.all_for(ann.id)
        assert len(runs) == 4
        damaged = {r.id: r.damaged for r in runs if r.damaged}
        assert set(damaged) == {3, 5, 7}
        assert "report" in damaged[3] and "report" in damaged[5]
        assert storage.drills.get(3).damaged == damaged[3]
        assert storage.drills.get(2).damaged is None  # its report is fine; its recording is not
        with pytest.raises(RunDamaged) as err:
            storage.drills.recording(2)
        assert err.value.run_id == 2 and "drill run 2 is damaged" in str(err.value)
        assert isinstance(err.value, StorageError)
    finally:
        storage.close()


def test_a_bad_page_found_after_open_is_database_damaged(filled):
    # drill_runs is not checked page by page at open (the full check does that): a listing finds it.
    _flip(filled, (_root_page(filled, "drill_runs") - 1) * PAGE, 8)
    storage = Storage.open()
    try:
        with pytest.raises(DatabaseDamaged) as err:
            storage.drills.all_for(storage.learners.all()[0].id)
        assert err.value.backup == list_backups(filled)[0].path
        problems = check_database(storage.db)
        assert problems and problems[0].where == "database"
    finally:
        storage.close()


def test_the_full_check_finds_what_open_does_not(filled, body):
    regrade = lambda rec: grade(rec, body).to_dict()  # noqa: E731
    storage = Storage.open()
    try:
        assert check_database(storage.db, regrade) == []
        storage.db.execute("UPDATE drill_runs SET recording = replace(recording, '0.15', '0.16') WHERE id = 1")
        storage.db.execute("UPDATE drill_runs SET report = json_set(report, '$.score', 1.5) WHERE id = 4")
        storage.db.execute("UPDATE drill_runs SET recording = 'no' WHERE id = 6")
        storage.db.execute("INSERT INTO drill_in_progress VALUES (1, 'session', 'x', 'x', 0, 1.0, '{')")
        problems: dict[int | None, str] = {}
        for p in check_database(storage.db, regrade):
            problems[p.run_id] = problems.get(p.run_id, "") + str(p) + "; "
        assert set(problems) == {1, 4, 6, None}
        assert "changed since it was saved" in problems[1]
        assert "differs from a fresh grade (stored score 1.5" in problems[4]
        assert "recording cannot be read" in problems[6]
        assert "autosaved drill of learner 1" in problems[None]
        storage.db.execute("PRAGMA foreign_keys = OFF")
        storage.db.execute("DELETE FROM learners WHERE name = 'Bob'")
        orphans = [p for p in check_database(storage.db, regrade) if "missing row of learners" in p.what]
        assert len(orphans) == 4
    finally:
        storage.close()


def test_a_backup_is_never_taken_of_a_damaged_database(filled):
    _flip(filled, (_root_page(filled, "drill_runs") - 1) * PAGE, 8)
    before = list_backups(filled)
    with pytest.raises(DatabaseDamaged):
        backup_now(filled)
    assert list_backups(filled) == before
    assert not [p for p in (filled.parent / "backups").iterdir() if p.name.startswith(".partial-")]
