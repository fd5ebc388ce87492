"""Backups: checked copies made at the right moments, thinned as Anki thins, restored safely."""

from __future__ import annotations

import itertools
import sqlite3
from datetime import UTC, datetime, timedelta
from pathlib import Path

import numpy as np
import pytest
import sqlite_utils

from massage_trainer.core.grading import grade
from massage_trainer.core.recording import Phase, Recording
from massage_trainer.storage import (
    Backup,
    DatabaseDamaged,
    DrillStore,
    Storage,
    StorageError,
    ToImport,
    backup_before,
    backup_if_due,
    backup_now,
    database_path,
    list_backups,
    newest_good_backup,
    open_database,
    restore,
)
from massage_trainer.storage.backup import DAILY, MONTHLY, WEEKLY, backups_to_keep, is_good
from massage_trainer.storage.db import all_migrations, migrations

NOON = datetime(2026, 12, 8, 12, 0, tzinfo=UTC)


def recording(x: float = 0.15) -> Recording:
    t = np.arange(120) / 60.0
    return Recording((Phase("stroking", t, np.full(120, x), 0.1 + t * 0.3, np.ones(120, bool), np.full(120, 0.5)),))


@pytest.fixture
def db_path(tmp_home) -> Path:
    storage = Storage.open()
    storage.learners.create("Ann")
    storage.db.close()
    storage.lock.release()
    return database_path()


def _names(path: Path) -> list[str]:
    conn = sqlite3.connect(path)
    try:
        return [r[0] for r in conn.execute("SELECT name FROM learners ORDER BY name")]
    finally:
        conn.close()


def test_a_backup_is_a_checked_private_standalone_copy(db_path):
    made = backup_now(db_path, NOON)
    assert made.parent == db_path.parent / "backups"
    assert made.name == "massage-trainer-20261208-120000.sqlite3"
    assert is_good(made) and _names(made) == ["Ann"]
    assert made.stat().st_mode & 0o777 == 0o600 and made.parent.stat().st_mode & 0o777 == 0o700
    assert sorted(p.name for p in made.parent.iterdir()) == [made.name]  # no -wal, no partial file
    conn = sqlite3.connect(made)
    assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "delete"
    conn.close()
    assert list_backups(db_path) == [Backup(made, NOON.replace(microsecond=0), "")]


def test_partial_files_and_strangers_are_not_backups(db_path):
    folder = db_path.parent / "backups"
    folder.mkdir()
    (folder / ".partial-abc.sqlite3").write_bytes(b"half")
    (folder / "notes.txt").write_text("mine")
    assert list_backups(db_path) == []
    backup_now(db_path, NOON)
    assert len(list_backups(db_path)) == 1 and (folder / "notes.txt").exists()


def test_a_backup_is_due_after_a_day(db_path):
    first = backup_if_due(db_path, NOON)
    assert first is not None
    assert backup_if_due(db_path, NOON + timedelta(hours=23)) is None
    later = backup_if_due(db_path, NOON + timedelta(hours=25))
    assert later is not None and later != first


def test_closing_the_app_backs_up_when_due(tmp_home):
    clock = [NOON]
    storage = Storage.open(clock=lambda: clock[0])
    storage.close()
    assert [b.taken_at for b in list_backups(database_path())] == [NOON]
    clock[0] = NOON + timedelta(hours=2)
    Storage.open(clock=lambda: clock[0]).close()
    assert len(list_backups(database_path())) == 1
    clock[0] = NOON + timedelta(days=2)
    Storage.open(clock=lambda: clock[0]).close()
    assert len(list_backups(database_path())) == 2


def _daily_for(days: int) -> list[Backup]:
    return [Backup(Path(f"b{d}"), NOON - timedelta(days=d), "") for d in range(days)]


def test_thinning_keeps_today_then_12_daily_10_weekly_9_monthly():
    backups = _daily_for(800) + [Backup(Path("today-early"), NOON - timedelta(hours=6), "before-delete")]
    keep = backups_to_keep(backups, NOON)
    assert len(keep) == 2 + DAILY + WEEKLY + MONTHLY  # today's two, then the rest
    kept = sorted((b for b in backups if b.path in keep), key=lambda b: b.taken_at, reverse=True)
    ages = [(NOON - b.taken_at).days for b in kept]
    assert ages[:2 + DAILY] == [0, 0, *range(1, DAILY + 1)]
    # Past the dailies, each kept backup is from another week or another month than the one kept
    # before it (Anki's rule: a weekly slot if any is left, else a monthly one).
    older = kept[1 + DAILY:]
    for newer, next_one in itertools.pairwise(older):
        assert (newer.taken_at.isocalendar()[:2] != next_one.taken_at.isocalendar()[:2]
                or newer.taken_at.month != next_one.taken_at.month)
    months = {(b.taken_at.year, b.taken_at.month) for b in kept}
    assert len(months) >= MONTHLY and 240 < max(ages) < 400  # about nine months back, no further


def test_thinning_real_files_as_the_days_go_by(db_path):
    for day in range(40):
        backup_now(db_path, NOON + timedelta(days=day))
    remaining = list_backups(db_path)
    assert len(remaining) == len(backups_to_keep(remaining, NOON + timedelta(days=39)))
    assert 1 + DAILY <= len(remaining) <= 1 + DAILY + WEEKLY
    assert remaining[0].taken_at == NOON + timedelta(days=39)


def test_backups_before_delete_and_import(db_path, body):
    storage = Storage.open()
    try:
        bob = storage.learners.create("Bob")
        rec = recording()
        storage.drills.save(bob.id, "session", "2026-05-01T10:00:00+00:00", rec, grade(rec, body))
        assert list_backups(db_path) == []  # a plain save is no risk
        storage.drills.save(bob.id, "session", "2026-05-01T10:00:00+00:00", recording(0.2), grade(rec, body),
                            imported_from="x.json")
        assert [b.reason for b in list_backups(db_path)] == ["before-import"]
        run = storage.drills.all_for(bob.id)[0]
        storage.drills.delete(run.id)
        storage.learners.delete(bob.id)
        reasons = sorted(b.reason for b in list_backups(db_path))
        assert reasons == ["before-delete", "before-delete", "before-import"]
        before = len(list_backups(db_path))
        items = [ToImport(recording(x), grade(recording(x), body), "session", "2026-05-01T10:00:00+00:00", f"{x}.json")
                 for x in (0.1, 0.2, 0.1)]
        ann = storage.learners.all()[0]
        done = DrillStore(storage.db).import_runs(ann.id, items)
        assert [d.already for d in done] == [False, False, True] and done[2].run == done[0].run
        assert len(list_backups(db_path)) == before + 1  # one import, one backup
        assert backup_before(db_path, "anything", NOON) is not None
    finally:
        storage.close()


def test_a_backup_before_every_migration_of_a_database_with_data(tmp_path):
    path = tmp_path / "old.sqlite3"
    db = sqlite_utils.Database(path)
    migrations.apply(db, stop_before=all_migrations()[-1])
    db.execute("INSERT INTO learners (name) VALUES ('Old timer')")
    db.close()
    open_database(path).close()
    backups = list_backups(path)
    assert [b.reason for b in backups] == [f"before-{all_migrations()[-1]}"]
    conn = sqlite3.connect(backups[0].path)
    assert [r[0] for r in conn.execute("SELECT name FROM _sqlite_migrations")] == all_migrations()[:-1]
    conn.close()
    open_database(path).close()  # nothing pending: no backup
    open_database(tmp_path / "new.sqlite3").close()  # nothing to keep: no backup
    assert len(list_backups(path)) == 1 and list_backups(tmp_path / "new.sqlite3") == []


def test_restore_backs_up_the_database_it_replaces(db_path):
    good = backup_now(db_path, NOON)
    storage = Storage.open()
    storage.learners.create("Later")
    storage.db.close()
    storage.lock.release()
    done = restore(good, db_path, NOON + timedelta(hours=1))
    assert done.source == good and not done.previous_damaged
    assert done.previous is not None and _names(done.previous) == ["Ann", "Later"]
    assert _names(db_path) == ["Ann"]
    assert not db_path.with_name(db_path.name + "-wal").exists()
    assert db_path.stat().st_mode & 0o777 == 0o600


def test_restore_sets_a_damaged_database_aside_with_its_wal(db_path):
    good = backup_now(db_path, NOON)
    wal = db_path.with_name(db_path.name + "-wal")
    wal.write_bytes(b"the damaged file's own log")
    db_path.write_bytes(b"garbage" * 1000)
    done = restore(good, db_path, NOON)
    assert done.previous_damaged and done.previous is not None
    assert done.previous == db_path.with_name("massage-trainer.sqlite3.damaged-20261208-1200")
    assert done.previous.read_bytes() == b"garbage" * 1000
    assert done.previous.with_name(done.previous.name + "-wal").read_bytes() == b"the damaged file's own log"
    assert _names(db_path) == ["Ann"] and not wal.exists()
    open_database(db_path).close()


def test_restore_refuses_a_bad_backup_and_changes_nothing(db_path, tmp_path):
    bad = tmp_path / "bad.sqlite3"
    bad.write_bytes(b"no")
    before = db_path.read_bytes()
    with pytest.raises(StorageError, match="not a sound database backup"):
        restore(bad, db_path)
    assert db_path.read_bytes() == before


def test_the_newest_good_backup_skips_damaged_ones(db_path):
    older = backup_now(db_path, NOON)
    newer = backup_now(db_path, NOON + timedelta(minutes=5))
    newer.write_bytes(b"SQLite format 3\x00" + b"\xff" * 5000)
    assert newest_good_backup(db_path) == older


def test_a_backup_of_nothing_is_refused(tmp_path):
    with pytest.raises(StorageError, match="no database to back up"):
        backup_now(tmp_path / "none.sqlite3")
    assert backup_before(tmp_path / "none.sqlite3", "delete") is None


def test_damaged_error_offers_the_newest_good_backup(db_path):
    good = backup_now(db_path, NOON)
    db_path.write_bytes(b"x" * 4096)
    with pytest.raises(DatabaseDamaged) as err:
        open_database(db_path)
    assert err.value.backup == good
