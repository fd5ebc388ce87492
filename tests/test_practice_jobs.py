"""The Practice screen's background jobs (ui/practice/jobs.py), run on real threads; no Qt."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

import numpy as np
import pytest

from massage_trainer.core.drill import Drill, drill_specs
from massage_trainer.core.grading import grade
from massage_trainer.core.recording import Phase, Recording
from massage_trainer.storage import Storage
from massage_trainer.ui.practice.jobs import PREVIOUS_RUNS, finish_drill, load_history, save_graded, save_run
from tests.clock import FakeClock


@pytest.fixture
def storage(tmp_home):
    s = Storage.open()
    yield s
    s.close()


def recording(x: float = 0.15) -> Recording:
    t = np.arange(120) / 60.0
    return Recording((Phase("stroking", t, np.full(120, x), 0.1 + t * 0.3, np.ones(120, bool),
                            np.full(120, 0.5)),), False)


def on_a_worker(fn, *args):
    """Run fn on another thread, as the app's worker does, and return what it returns."""
    with ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(fn, *args).result(timeout=30)


def test_a_worker_saves_on_its_own_connection_and_the_app_sees_it(storage, body):
    ann = storage.learners.create("Ann")
    rec = recording()
    report = grade(rec, body)
    older = [storage.drills.save(ann.id, "technique:stroking", f"2026-05-0{d}T10:00:00+00:00", rec, report)
             for d in (1, 2)]
    saved = on_a_worker(save_run, storage.home, ann.id, "technique:stroking", "2026-05-03T10:00:00+00:00",
                        rec, report)
    assert storage.drills.all_for(ann.id)[0] == saved.run  # the app's own connection reads it at once
    assert saved.previous == (older[1], older[0])  # earlier runs, newest first, never itself
    listing = on_a_worker(load_history, storage.home, ann.id)
    assert listing.runs == storage.drills.all_for(ann.id) and listing.problem is None


def test_the_comparison_keeps_the_last_ten(storage, body):
    ann = storage.learners.create("Ann")
    rec = recording()
    report = grade(rec, body)
    for d in range(1, 14):
        storage.drills.save(ann.id, "session", f"2026-05-{d:02d}T10:00:00+00:00", rec, report)
    saved = save_run(storage.home, ann.id, "session", "2026-06-01T10:00:00+00:00", rec, report)
    assert [r.started_at[:10] for r in saved.previous] == [f"2026-05-{d:02d}" for d in range(13, 3, -1)]
    assert len(saved.previous) == PREVIOUS_RUNS


def test_a_failed_save_hands_the_graded_drill_back_with_the_reason(storage, body):
    rec = recording()
    report = grade(rec, body)
    outcome = on_a_worker(save_graded, storage.home, 999, "session", "2026-05-01T10:00:00+00:00", rec, report)
    assert outcome.saved is None
    assert outcome.recording == rec and outcome.report == report
    assert str(outcome.problem) == "There is no learner with id 999."
    assert outcome.kept is None  # no learner to save it for later: no copy kept in the data folder


def test_finishing_a_drill_with_nothing_traced_says_so(storage, content):
    ann = storage.learners.create("Ann")
    drill = Drill(drill_specs(content.techniques)[0], content.body, clock=FakeClock())
    drill.start()
    outcome = on_a_worker(finish_drill, drill, storage.home, ann.id, "2026-05-01T10:00:00+00:00")
    assert outcome.recording is None and outcome.saved is None
    assert "Nothing was traced" in outcome.note
    assert storage.drills.all_for(ann.id) == []


def test_finishing_a_drill_grades_it_and_saves_it(storage, content):
    ann = storage.learners.create("Ann")
    clock = FakeClock()
    drill = Drill(drill_specs(content.techniques)[0], content.body, clock=clock)
    drill.start()
    drill.pointer_down(0.15, 0.1)
    for k in range(1, 60):
        clock.advance(1 / 30)
        drill.pointer_move(0.15, 0.1 + 0.01 * k)
    outcome = on_a_worker(finish_drill, drill, storage.home, ann.id, "2026-05-01T10:00:00+00:00")
    assert outcome.note == "" and outcome.saved is not None
    assert outcome.report == grade(outcome.recording, content.body)
    assert storage.drills.all_for(ann.id) == [outcome.saved.run]
    assert storage.drills.recording(outcome.saved.run.id) == outcome.recording
