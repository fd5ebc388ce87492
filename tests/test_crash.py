"""Kill -9 at random moments: after every kill the database is sound, every action whose commit
returned is there, and the one in flight is there whole or not at all.

30 kills in the suite; MASSAGE_TRAINER_CRASH_KILLS=200 for the long run (README, "Data safety").
The child (tests/crash_child.py) is forked from a forkserver with the storage preloaded, so a
kill costs tens of milliseconds, not an interpreter start.
"""

from __future__ import annotations

import multiprocessing
import os
import random
import signal
import sqlite3
import sys
from pathlib import Path

import numpy as np
import pytest

from massage_trainer.core.grading import grade
from massage_trainer.core.recording import Phase, Recording
from massage_trainer.storage import Storage, list_backups
from massage_trainer.storage.backup import is_good
from tests.crash_child import State, apply, snapshot, work

KILLS = int(os.environ.get("MASSAGE_TRAINER_CRASH_KILLS", "30"))
TIMEOUT_S = 20.0  # a child that is not dead by then has hung: the test fails


def _recording() -> Recording:
    t = np.arange(60) / 60.0
    return Recording((Phase("stroking", t, np.full(60, 0.15), 0.1 + t * 0.3, np.ones(60, bool), np.full(60, 0.5)),))


def _entries(log: Path, tag: str) -> list[str]:
    lines = log.read_text(encoding="utf-8").splitlines()
    start = lines.index(f"start {tag}") + 1 if f"start {tag}" in lines else len(lines)
    errors = [ln for ln in lines if ln.startswith("error ")]
    assert not errors, errors[0]
    return lines[start:]


def _check_sound(home: Path) -> State:
    path = home / "massage-trainer.sqlite3"
    conn = sqlite3.connect(path)
    try:
        assert conn.execute("PRAGMA quick_check").fetchall() == [("ok",)]
        assert conn.execute("PRAGMA foreign_key_check").fetchall() == []
    finally:
        conn.close()
    storage = Storage.open(home)  # the app's own open: its checks, the WAL replayed
    try:
        return snapshot(storage)
    finally:
        storage.db.close()
        storage.lock.release()  # not close(): no scheduled backup between kills


@pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL and the forkserver are POSIX")
def test_kill_9_loses_no_acknowledged_action(tmp_path, body, capsys):
    home = tmp_path / "home"
    Storage.open(home).close()
    log = tmp_path / "acks.log"
    recording = _recording()
    report = grade(recording, body)
    ctx = multiprocessing.get_context("forkserver")
    ctx.set_forkserver_preload(["tests.crash_child", "massage_trainer.core.identity",
                                "massage_trainer.core.recording_write"])
    rng = random.Random(9)
    state = State()
    acked = lost = in_flight_kept = in_flight_absent = 0
    checked: set[Path] = set()
    for kill in range(KILLS):
        tag = f"k{kill}"
        child = ctx.Process(target=work, args=(str(home), str(log), tag, recording, report))
        child.start()
        child.join(rng.uniform(0.03, 0.25))  # a bounded wait on the child: the random moment
        assert child.exitcode is None, f"the child ended by itself: {_entries(log, tag)[-3:]}"
        os.kill(child.pid, signal.SIGKILL)  # type: ignore[arg-type]
        child.join(TIMEOUT_S)
        assert child.exitcode == -signal.SIGKILL
        entries = _entries(log, tag)
        done = [e.removeprefix("done ") for e in entries if e.startswith("done ")]
        intents = [e.removeprefix("intent ") for e in entries if e.startswith("intent ")]
        expected = state
        for action in done:
            expected = apply(expected, action)
        pending = intents[len(done)] if len(intents) > len(done) else None
        actual = _check_sound(home)
        acked += len(done)
        if actual == expected:
            in_flight_absent += pending is not None
        elif pending is not None and actual == apply(expected, pending):
            in_flight_kept += 1
        else:
            lost += 1
            raise AssertionError(f"kill {kill}: after {len(done)} acknowledged actions and {pending!r} in flight, "
                                 f"the database holds {actual}, not {expected}")
        for backup in list_backups(home / "massage-trainer.sqlite3"):
            if backup.path not in checked:  # each backup is checked once it is listed: whole and sound
                assert is_good(backup.path), backup.path
                checked.add(backup.path)
        state = actual
    with capsys.disabled():
        print(f"\ncrash test: {KILLS} kills, {acked} acknowledged actions, {lost} lost; in flight at the kill: "
              f"{in_flight_kept} kept whole, {in_flight_absent} absent; quick_check ok {KILLS}/{KILLS}; "
              f"{len(checked)} backups, each passed quick_check; {len(state.learners)} learners, "
              f"{len(state.runs)} runs")
    assert acked > KILLS  # the kills landed while the child was working
    assert in_flight_kept + in_flight_absent > 0
