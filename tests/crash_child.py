"""The child of the crash test (tests/test_crash.py): saves drills and changes learners in a loop
until it is killed. Before each action it writes `intent ACTION` to the log, and once the commit
has returned `done ACTION`, each line with one unbuffered write (the kernel keeps it through a
SIGKILL). An action is one of:

    save LEARNER DRILL        a finished drill (DRILL is unique: the test finds it again by it)
    create LEARNER            a new learner
    rename LEARNER NEW        a learner's new name
    delete LEARNER            a learner and their whole record, backed up first
    autosave LEARNER N        the learner's drill in progress, at phase N

State is (learners, runs, autosaves): `snapshot` reads it from the database and `apply` says what
an action does to it, so the test can tell an action that is there from one that is not.
"""

from __future__ import annotations

import os
import random
import sys
import traceback
from dataclasses import dataclass, field
from pathlib import Path

from massage_trainer.core.grading import Report
from massage_trainer.core.recording import Recording
from massage_trainer.storage import Storage


@dataclass
class State:
    learners: set[str] = field(default_factory=set)
    runs: set[tuple[str, str]] = field(default_factory=set)  # (learner, drill)
    autosaves: dict[str, int] = field(default_factory=dict)  # learner -> phase index

    def copy(self) -> State:
        return State(set(self.learners), set(self.runs), dict(self.autosaves))


def snapshot(storage: Storage) -> State:
    names = {lr.id: lr.name for lr in storage.learners.all()}
    runs = {(names[r.learner_id], r.drill) for lid in names for r in storage.drills.all_for(lid)}
    autosaves = {names[p.learner_id]: p.phase_index for p in storage.in_progress.all()}
    return State(set(names.values()), runs, autosaves)


def apply(state: State, action: str) -> State:
    verb, *args = action.split()
    new = state.copy()
    if verb == "save":
        new.runs.add((args[0], args[1]))
    elif verb == "create":
        new.learners.add(args[0])
    elif verb == "rename":
        old, name = args
        new.learners = {name if n == old else n for n in new.learners}
        new.runs = {(name if n == old else n, d) for n, d in new.runs}
        new.autosaves = {(name if n == old else n): v for n, v in new.autosaves.items()}
    elif verb == "delete":
        new.learners.discard(args[0])
        new.runs = {(n, d) for n, d in new.runs if n != args[0]}
        new.autosaves.pop(args[0], None)
    elif verb == "autosave":
        new.autosaves[args[0]] = int(args[1])
    else:
        raise ValueError(f"unknown action {action!r}")
    return new


def _choose(rng: random.Random, state: State, tag: str, n: int) -> str:
    names = sorted(state.learners)
    roll = rng.random()
    if len(names) < 2 or roll < 0.08:
        return f"create L{tag}x{n}"
    who = rng.choice(names)
    if roll < 0.16:
        return f"rename {who} R{tag}x{n}"
    if roll < 0.20 and len(names) > 2:
        return f"delete {who}"
    if roll < 0.35:
        return f"autosave {who} {n}"
    return f"save {who} crash:{tag}x{n}"


def _do(storage: Storage, action: str, recording: Recording, report: Report) -> None:
    verb, *args = action.split()
    ids = {lr.name: lr.id for lr in storage.learners.all()}
    if verb == "save":
        storage.drills.save(ids[args[0]], args[1], "2026-01-01T10:00:00+00:00", recording, report)
    elif verb == "create":
        storage.learners.create(args[0])
    elif verb == "rename":
        storage.learners.rename(ids[args[0]], args[1])
    elif verb == "delete":
        storage.learners.delete(ids[args[0]])
    elif verb == "autosave":
        storage.in_progress.put(ids[args[0]], "session", "2026-01-01T10:00:00+00:00", int(args[1]), 1.0, recording)


def work(home: str, log: str, tag: str, recording: Recording, report: Report) -> None:
    """Act until killed (the test's SIGKILL ends it; nothing here returns normally)."""
    fd = os.open(log, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)

    def note(line: str) -> None:
        os.write(fd, f"{line}\n".encode())

    try:
        storage = Storage.open(Path(home))
        state = snapshot(storage)
        rng = random.Random(tag)
        note(f"start {tag}")
        for n in range(1_000_000):
            action = _choose(rng, state, tag, n)
            note(f"intent {action}")
            _do(storage, action, recording, report)
            note(f"done {action}")
            state = apply(state, action)
    except BaseException:
        note("error " + traceback.format_exc().replace("\n", " | "))
        sys.exit(3)
