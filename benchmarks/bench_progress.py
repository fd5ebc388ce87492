"""The Progress screen on a big record: one learner's progress read from 1,000,000 quiz answers.

    .venv/bin/python benchmarks/bench_progress.py [--screenshot out.png --size 1366x768]

The database (50 learners, 1,000,000 answers, one learner with 20,000 of them over two years and
250 drill runs, review cards for each question) is built once, with executemany in one transaction,
and kept in the temporary folder for the next run (`CACHE`; delete it to build it again). Timed:

- `ProgressStore.load` of that learner (median of `RUNS` reads on a fresh connection each);
- the Progress screen built and shown with that data offscreen, in a fresh process each run: from
  asking the window for the screen to the charts drawn (pyqtgraph's first import included), and
  the screen shown again (a second read; nothing new, so the charts are left as drawn);
- the learner's whole history exported as CSV (median of three).

`--screenshot` grabs the window on the Progress screen with this record instead (docs/progress-screen.md).
`run()` returns the rows as (figure, value, goal) for benchmarks/run.py.
"""

from __future__ import annotations

import json
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
CACHE = Path(tempfile.gettempdir()) / "massage-trainer-bench-progress-v3"
NOW = datetime(2026, 12, 8, 12, 0, tzinfo=UTC)
LEARNERS, ANSWERS, HEAVY_ANSWERS, HEAVY_RUNS = 50, 1_000_000, 20_000, 250
RUNS = 7
Row = tuple[str, str, str]
RULES = ("spine", "caution-zone", "direction", "contact", "order", "area", "incomplete", "form")


def build(home: Path) -> int:
    """The record, written once; returns the heavy learner's id (the one remembered as current)."""
    from massage_trainer.content import load_content
    from massage_trainer.storage import LearnerStore, database_path, open_database

    home.mkdir(parents=True, exist_ok=True)
    db = open_database(database_path(home))
    learners = LearnerStore(db)
    ids = [learners.create(f"Learner {i + 1}").id for i in range(LEARNERS)]
    heavy = ids[0]
    rng = random.Random(10)
    questions = [(q.id, q.topic) for q in load_content().questions]  # the app's own 161
    start = NOW - timedelta(days=730)
    per_other = (ANSWERS - HEAVY_ANSWERS) // (LEARNERS - 1)

    def answers(learner: int, n: int) -> object:
        for k in range(n):
            qid, topic = questions[rng.randrange(len(questions))]
            at = start + timedelta(seconds=730 * 86400 * k / n + rng.random() * 600)
            score = rng.choice((0.0, 0.5, 1.0, 1.0, 1.0))
            old = at < start + timedelta(days=200)  # kept before migration 0006: no topic, no time
            yield (learner, qid, "builtin", "0", score, int(score == 1.0), at.isoformat(), "topic", f"s{k // 10}",
                   "" if old else topic, None if old else rng.uniform(5, 60))

    recording = json.dumps({"samples": [[i * 0.01, 0.1, 0.2, 1, 0.5] for i in range(2000)]})
    db.conn.execute("BEGIN")
    sql = ("INSERT INTO quiz_answers (learner_id, question_id, bank, response, score, correct, answered_at, "
           "mode, session_id, topic, time_s) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")
    db.conn.executemany(sql, answers(heavy, HEAVY_ANSWERS))
    for learner in ids[1:]:
        db.conn.executemany(sql, answers(learner, per_other))
    runs = []
    for learner in ids:
        for k in range(HEAVY_RUNS if learner == heavy else 10):
            at = start + timedelta(days=730 * k / HEAVY_RUNS)
            broken = [{"rule": rng.choice(RULES), "phase": 0, "t": 1.0} for _ in range(rng.randrange(4))]
            score = rng.uniform(30, 100)
            report = json.dumps({"score": score, "passed": score >= 70, "violations": broken, "metrics": {}})
            runs.append((learner, rng.choice(("session", "technique:stroking", "technique:kneading")),
                         at.isoformat(timespec="seconds"), rng.uniform(60, 900), score, int(score >= 70),
                         report, recording))
    db.conn.executemany("INSERT INTO drill_runs (learner_id, drill, started_at, duration_s, score, passed, "
                        "report, recording) VALUES (?, ?, ?, ?, ?, ?, ?, ?)", runs)
    db.conn.executemany("INSERT INTO review_cards (learner_id, question_id, card, due) VALUES (?, ?, '{}', ?)",
                        [(heavy, qid, (NOW + timedelta(hours=rng.uniform(-48, 24 * 20))).isoformat())
                         for qid, _t in questions])
    db.conn.commit()
    learners.remember(learners.get(heavy))
    db.execute("ANALYZE")
    db.close()
    return heavy


def ensure_record() -> Path:
    from massage_trainer.storage import database_path

    if not (CACHE / "ready").exists():
        for stale in CACHE.glob(database_path(CACHE).name + "*"):
            stale.unlink()
        started = time.perf_counter()
        build(CACHE)
        (CACHE / "ready").write_text(f"{time.perf_counter() - started:.1f} s to build\n")
    return CACHE


def time_load(home: Path) -> list[float]:
    from massage_trainer.content import load_content
    from massage_trainer.storage import ProgressStore, database_path, open_database

    topics = {q.id: q.topic for q in load_content().questions}  # the fallback the screen passes
    times = []
    for _ in range(RUNS):
        db = open_database(database_path(home), writing=False)
        try:
            started = time.perf_counter()
            data = ProgressStore(db).load(1, NOW, topics)
            times.append(time.perf_counter() - started)
        finally:
            db.close()
    assert data.answers == HEAVY_ANSWERS and data.runs == HEAVY_RUNS, data.answers
    return times


def time_export(home: Path) -> list[float]:
    """The learner's whole history written as CSV (20,250 rows), atomically, to a temporary file."""
    from massage_trainer.storage import database_path, open_database
    from massage_trainer.storage.history_csv import export_history

    times = []
    with tempfile.TemporaryDirectory() as folder:
        for _ in range(3):
            db = open_database(database_path(home), writing=False)
            try:
                started = time.perf_counter()
                rows = export_history(db, 1, Path(folder) / "history.csv")
                times.append(time.perf_counter() - started)
            finally:
                db.close()
    assert rows == HEAVY_ANSWERS + HEAVY_RUNS, rows
    return times


SHOW = """
import sys, time
from pathlib import Path
from massage_trainer.content import load_content
from massage_trainer.storage import Storage
from massage_trainer.ui.kit import theme as th
from massage_trainer.ui.shell.app import build_window, ensure_app
app = ensure_app()
storage = Storage.open(Path(sys.argv[1]))
window = build_window(load_content(), storage, th.LIGHT)
window.resize(1366, 768)
window.show()
app.processEvents()
def shown():
    screen = window.screens["progress"]
    while screen.loading():
        app.processEvents()
    app.processEvents()  # laid out and painted
start = time.perf_counter()
window.show_screen("progress")
shown()
first = time.perf_counter() - start
window.show_screen("atlas")
app.processEvents()
start = time.perf_counter()
window.show_screen("progress")
shown()
print(first, time.perf_counter() - start)
window.close()
storage.close(backup=False)
"""


def time_screen(home: Path) -> tuple[list[float], list[float]]:
    first, again = [], []
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    for _ in range(5):
        out = subprocess.run([sys.executable, "-c", SHOW, str(home)], capture_output=True, text=True, env=env,
                             cwd=ROOT, check=True).stdout.split()
        first.append(float(out[-2]))
        again.append(float(out[-1]))
    return first, again


def run() -> list[Row]:
    home = ensure_record()
    load = statistics.median(time_load(home)) * 1000
    export = statistics.median(time_export(home)) * 1000
    first, again = time_screen(home)
    return [
        ("a learner's ProgressData among 1,000,000 answers (their 20,000 and 250 drills)", f"{load:.0f} ms",
         "≤ 100 ms"),
        ("Progress screen built and shown with that data, charts drawn (shown again)",
         f"{statistics.median(first) * 1000:.0f} ms ({statistics.median(again) * 1000:.0f} ms)", ""),
        ("that learner's history exported as CSV (20,250 rows, written atomically)", f"{export:.0f} ms", ""),
    ]


def screenshot(out: str, size: str, theme: str) -> None:
    home = ensure_record()
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from massage_trainer.content import load_content
    from massage_trainer.storage import Storage
    from massage_trainer.ui.kit import theme as th
    from massage_trainer.ui.shell.app import build_window, ensure_app

    app = ensure_app()
    storage = Storage.open(home)
    try:
        window = build_window(load_content(), storage, th.THEMES[theme])
        w, h = (int(v) for v in size.split("x"))
        window.resize(w, h)
        window.show_screen("progress")
        window.show()
        screen = window.screens["progress"]
        while screen.loading():
            app.processEvents()
        app.processEvents()
        window.grab().save(out)
        window.close()
    finally:
        storage.close(backup=False)


if __name__ == "__main__":
    if "--screenshot" in sys.argv:
        args = sys.argv[1:]
        screenshot(args[args.index("--screenshot") + 1],
                   args[args.index("--size") + 1] if "--size" in args else "1366x768",
                   args[args.index("--theme") + 1] if "--theme" in args else "light")
    else:
        sys.path.insert(0, str(Path(__file__).resolve().parent))
        from table import print_table

        print_table(run())
