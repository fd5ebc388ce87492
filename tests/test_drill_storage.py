"""Drill runs in the database: saving, listing, recordings, learners kept apart, migration."""

import json

import numpy as np
import pytest
import sqlite_utils

from massage_trainer.core.grading import grade
from massage_trainer.core.recording import Phase, Recording
from massage_trainer.storage import DrillRun, DrillStore, LearnerError, Storage, open_database
from massage_trainer.storage.db import migrations, schema_version


def recording(x: float = 0.15, first_session: bool = False) -> Recording:
    t = np.arange(120) / 60.0
    return Recording((Phase("stroking", t, np.full(120, x), 0.1 + t * 0.3, np.ones(120, bool),
                            np.full(120, 0.5)),), first_session)


@pytest.fixture
def storage(tmp_home):
    s = Storage.open()
    yield s
    s.close()


def save(storage, learner, drill="technique:stroking", when="2026-05-01T10:00:00+00:00", x=0.15,
         body=None):
    rec = recording(x)
    report = grade(rec, body)
    return storage.drills.save(learner.id, drill, when, rec, report)


def test_save_and_read_back(storage, body):
    ann = storage.learners.create("Ann")
    rec = recording()
    report = grade(rec, body)
    run = storage.drills.save(ann.id, "technique:stroking", "2026-05-01T10:00:00+00:00", rec, report)
    assert isinstance(run, DrillRun)
    assert run.learner_id == ann.id and run.drill == "technique:stroking"
    assert run.score == report.score and run.passed == report.passed
    assert run.duration_s == pytest.approx(rec.duration)
    assert run.report == report.to_dict()
    assert storage.drills.all_for(ann.id) == [run]
    assert storage.drills.recording(run.id) == rec  # every float exactly as it was
    assert grade(storage.drills.recording(run.id), body) == report


def test_recent_is_newest_first_and_per_drill(storage, body):
    ann = storage.learners.create("Ann")
    days = ["2026-05-03", "2026-05-01", "2026-05-02"]
    runs = [save(storage, ann, when=f"{d}T10:00:00+00:00", body=body) for d in days]
    other = save(storage, ann, drill="session", when="2026-05-04T10:00:00+00:00", body=body)
    recent = storage.drills.recent(ann.id, "technique:stroking")
    assert [r.started_at[:10] for r in recent] == ["2026-05-03", "2026-05-02", "2026-05-01"]
    assert storage.drills.recent(ann.id, "technique:stroking", limit=2) == [runs[0], runs[2]]
    assert storage.drills.recent(ann.id, "session") == [other]
    assert [r.id for r in storage.drills.all_for(ann.id)] == [other.id, runs[0].id, runs[2].id,
                                                             runs[1].id]
    # Two runs in the same second: the later one first.
    again = save(storage, ann, when="2026-05-03T10:00:00+00:00", body=body)
    assert storage.drills.recent(ann.id, "technique:stroking", 1) == [again]


def test_learners_never_see_each_others_drills(storage, body):
    ann = storage.learners.create("Ann")
    bob = storage.learners.create("Bob")
    a = save(storage, ann, body=body)
    b = save(storage, bob, x=-0.15, body=body)
    assert storage.drills.all_for(ann.id) == [a]
    assert storage.drills.all_for(bob.id) == [b]
    assert storage.drills.recent(bob.id, "technique:stroking") == [b]
    storage.learners.delete(ann.id)
    assert storage.drills.all_for(ann.id) == []
    assert storage.drills.all_for(bob.id) == [b]
    assert storage.drills.recording(b.id) == recording(-0.15)
    with pytest.raises(KeyError):
        storage.drills.recording(a.id)


def test_delete_a_run(storage, body):
    ann = storage.learners.create("Ann")
    a = save(storage, ann, body=body)
    b = save(storage, ann, when="2026-06-01T10:00:00+00:00", body=body)
    storage.drills.delete(a.id)
    assert storage.drills.all_for(ann.id) == [b]


def test_a_run_needs_a_real_learner(storage, body):
    rec = recording()
    with pytest.raises(LearnerError):
        storage.drills.save(999, "session", "2026-05-01T10:00:00+00:00", rec, grade(rec, body))


def test_imported_runs_remember_their_file(storage, body):
    ann = storage.learners.create("Ann")
    rec = recording()
    run = storage.drills.save(ann.id, "technique:stroking", "2026-05-01T10:00:00+00:00", rec,
                              grade(rec, body), imported_from="maya.json")
    assert storage.drills.get(run.id).imported_from == "maya.json"


def test_migration_from_0001_keeps_learners(tmp_path, body):
    path = tmp_path / "old.sqlite3"
    db = sqlite_utils.Database(path)
    migrations.apply(db, stop_before="0002_drill_runs")
    assert "drill_runs" not in db.table_names()
    db.execute("INSERT INTO learners (name) VALUES ('Old timer')")
    db.conn.commit()
    db.close()
    upgraded = open_database(path)
    assert schema_version(upgraded)[:2] == ["0001_learners", "0002_drill_runs"]
    assert [r[0] for r in upgraded.execute("SELECT name FROM learners")] == ["Old timer"]
    columns = {c.name for c in upgraded["drill_runs"].columns}
    assert {"learner_id", "drill", "started_at", "recording", "report"} <= columns
    indexes = {tuple(i.columns) for i in upgraded.table("drill_runs").indexes}
    assert ("learner_id", "drill", "started_at") in indexes
    fks = upgraded.table("drill_runs").foreign_keys
    assert [(f.column, f.other_table) for f in fks] == [("learner_id", "learners")]


def test_the_drill_in_progress_is_one_per_learner_and_replaced(storage):
    ann, bob = storage.learners.create("Ann"), storage.learners.create("Bob")
    store = storage.in_progress
    assert store.all() == [] and store.get(ann.id) is None
    store.put(ann.id, "session", "2026-05-01T10:00:00+00:00", 0, 2.0, recording(0.15))
    store.put(ann.id, "session", "2026-05-01T10:00:00+00:00", 1, 7.5, recording(0.2))
    store.put(bob.id, "technique:stroking", "2026-05-01T11:00:00+00:00", 0, 1.0, recording())
    mine = store.get(ann.id)
    assert mine is not None and (mine.phase_index, mine.elapsed_s) == (1, 7.5)
    assert mine.recording() == recording(0.2)
    assert {p.learner_id for p in store.all()} == {ann.id, bob.id}
    store.clear(ann.id)
    assert store.get(ann.id) is None and store.get(bob.id) is not None
    storage.learners.delete(bob.id)  # a learner's autosave goes with them
    assert store.all() == []


def test_a_run_kept_unfinished_says_so(storage, body):
    ann = storage.learners.create("Ann")
    rec = recording()
    run = storage.drills.save(ann.id, "session", "2026-05-01T10:00:00+00:00", rec, grade(rec, body),
                              unfinished=True)
    assert run.unfinished and storage.drills.get(run.id).unfinished
    assert not save(storage, ann, body=body).unfinished


def test_migration_0003_keeps_runs_and_marks_them_finished(tmp_path, body):
    path = tmp_path / "old.sqlite3"
    db = sqlite_utils.Database(path)
    migrations.apply(db, stop_before="0003_drill_in_progress")
    db.execute("INSERT INTO learners (name) VALUES ('Old timer')")
    db.execute("INSERT INTO drill_runs (learner_id, drill, started_at, duration_s, score, passed, report, "
               "recording) VALUES (1, 'session', '2026-01-01T00:00:00+00:00', 1.0, 80, 1, '{}', '{}')")
    db.conn.commit()
    db.close()
    upgraded = open_database(path)
    assert "drill_in_progress" in upgraded.table_names()
    assert upgraded.execute("SELECT unfinished FROM drill_runs").fetchall() == [(0,)]


def test_migration_0004_gives_old_runs_their_identity(tmp_path, body):
    from massage_trainer.core.identity import samples_sha256
    from massage_trainer.core.recording import recording_to_dict

    path = tmp_path / "old.sqlite3"
    db = sqlite_utils.Database(path)
    migrations.apply(db, stop_before="0004_recording_sha256")
    db.execute("INSERT INTO learners (name) VALUES ('Old timer')")
    for text in (json.dumps(recording_to_dict(recording())), "{not json"):
        db.execute("INSERT INTO drill_runs (learner_id, drill, started_at, duration_s, score, passed, report, "
                   "recording) VALUES (1, 'session', '2026-01-01T00:00:00+00:00', 1.0, 80, 1, '{}', ?)", [text])
    db.conn.commit()
    db.close()
    upgraded = open_database(path)
    digests = [r[0] for r in upgraded.execute("SELECT recording_sha256 FROM drill_runs ORDER BY id")]
    assert digests == [samples_sha256(recording()), None]
    found = DrillStore(upgraded).same_recording(1, recording())
    assert found is not None and found.id == 1
    assert DrillStore(upgraded).same_recording(1, recording(0.2)) is None


def test_the_same_recording_is_found_per_learner(storage, body):
    ann, bob = storage.learners.create("Ann"), storage.learners.create("Bob")
    first = save(storage, ann, body=body)
    save(storage, ann, when="2026-06-01T10:00:00+00:00", body=body)
    assert storage.drills.same_recording(ann.id, recording()).id == first.id  # the earliest
    assert storage.drills.same_recording(bob.id, recording()) is None
