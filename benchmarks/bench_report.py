"""The first report after launch: how long it takes to open, its charts loaded while the learner read
the screening page (the Practice screen preloads them there).

    .venv/bin/python benchmarks/bench_report.py

Each run is a fresh process: the app's window on the Practice screen, the screening page shown until
pyqtgraph is in, then a saved drill's report opened (read, graded, drawn and laid out) and timed.
For comparison, the same report opened with nothing preloaded (as the app did before).

`run()` returns the rows as (figure, value, goal) for benchmarks/run.py.
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RUNS = 5
Row = tuple[str, str, str]

ONE_REPORT = """
import os, sys, time
from massage_trainer.content import load_content
from massage_trainer.core.demo import demo_recording
from massage_trainer.core.grading import grade
from massage_trainer.storage import Storage
from massage_trainer.ui.kit import theme as th
from massage_trainer.ui.shell.app import build_window, ensure_app
from PySide6.QtCore import QEventLoop
app = ensure_app()
content = load_content()
storage = Storage.open()
learner = storage.learners.create("Bench")
recording = demo_recording(content.techniques["stroking"])
run = storage.drills.save(learner.id, "technique:stroking", "2026-01-01T00:00:00+00:00", recording,
                          grade(recording, content.body))
window = build_window(content, storage, th.LIGHT)
window.resize(1366, 768)
window.show_screen("practice")
window.show()
app.processEvents()
screen = window.screens["practice"]
if sys.argv[1] == "preload":
    screen.ask_screening()
    deadline = time.monotonic() + 30
    while "pyqtgraph" not in sys.modules and time.monotonic() < deadline:
        app.processEvents(QEventLoop.ProcessEventsFlag.WaitForMoreEvents, 50)
    screen.show_choose()
    app.processEvents()
start = time.perf_counter()
screen.results.show_saved_report(run.id)
app.processEvents()  # laid out and painted
print(time.perf_counter() - start)
window.close()
storage.close()
"""


def _one(mode: str) -> float:
    with tempfile.TemporaryDirectory() as home:
        env = dict(os.environ, QT_QPA_PLATFORM="offscreen", MASSAGE_TRAINER_HOME=home)
        out = subprocess.run([sys.executable, "-c", ONE_REPORT, mode], env=env, cwd=ROOT,
                             capture_output=True, text=True, check=True)
        return float(out.stdout.split()[-1])


def run() -> list[Row]:
    _one("preload")  # warm the file cache
    preloaded = statistics.median(_one("preload") for _ in range(RUNS))
    cold = statistics.median(_one("cold") for _ in range(RUNS))
    return [("first report after launch, charts loaded during screening",
             f"{preloaded * 1e3:.0f} ms (not preloaded: {cold * 1e3:.0f} ms)", "<= 150 ms")]


def main() -> None:
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    from table import print_table

    print_table(run())


if __name__ == "__main__":
    main()
