"""The drill screen under load: live checking per pointer event, ink at 4K, finishing a drill.

    .venv/bin/python benchmarks/bench_drill.py

Figures (medians over several runs):
- Drill.pointer_move(): recording and live-checking one sample (goal: 0.3 ms or less);
- one pointer event on the Practice screen at 4K, everything but the repaint: the drill,
  the new ink segment drawn into the ink image, the dirty rectangle queued (goal: 0.3 ms);
- the repaint that follows, of the dirty rectangle only;
- the ink drawn afresh after a resize, for a whole 14-minute trace;
- finishing a 14-minute first session: grading it and saving it;
- listing a learner's drills among 1,000 saved runs.

`run()` returns the rows as (figure, value, goal) for benchmarks/run.py.
"""

from __future__ import annotations

import os
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import numpy as np

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:  # run as a script from a checkout
    sys.path.insert(0, str(ROOT))

from table import print_table  # noqa: E402 - benchmarks/table.py

from massage_trainer.content import Content, load_content  # noqa: E402
from massage_trainer.core.drill import (  # noqa: E402
    FIRST_SESSION_DRILL,
    Drill,
    drill_specs,
    scripted_events,
)

RUNS = 5
Row = tuple[str, str, str]


class Clock:
    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


def _median(fn: Callable[[], object], runs: int = RUNS) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def _first_session(content: Content) -> tuple[Drill, Clock]:
    """A whole first session traced at 60 Hz: the stroking model in every phase."""
    spec = next(s for s in drill_specs(content.techniques) if s.id == FIRST_SESSION_DRILL)
    clock = Clock()
    drill = Drill(spec, content.body, clock=clock)
    drill.start()
    stroking = content.techniques["stroking"]
    handlers = {"press": drill.pointer_down, "move": drill.pointer_move, "release": drill.pointer_up}
    for t, kind, x, y, p in scripted_events(stroking, spec.total_seconds - 1.0, mistake_at=30.0):
        clock.now = t
        handlers[kind](x, y, p)
        drill.tick()
    return drill, clock


def _pointer_cost(content: Content) -> tuple[float, float]:
    """Median of per-run mean, and of per-run p99, microseconds per Drill.pointer_move."""
    spec = drill_specs(content.techniques)[0]
    events = scripted_events(content.techniques["stroking"], 60.0, mistake_at=20.0)
    means, p99s = [], []
    for _ in range(RUNS):
        clock = Clock()
        drill = Drill(spec, content.body, clock=clock)
        drill.start()
        costs = []
        for t, kind, x, y, _p in events:
            clock.now = t
            if kind == "move":
                start = time.perf_counter()
                drill.pointer_move(x, y, None)
                costs.append(time.perf_counter() - start)
            elif kind == "press":
                drill.pointer_down(x, y, None)
            else:
                drill.pointer_up(x, y, None)
        means.append(statistics.fmean(costs))
        p99s.append(float(np.percentile(costs, 99)))
    return statistics.median(means) * 1e6, statistics.median(p99s) * 1e6


def _screen_figures(content: Content) -> list[Row]:
    from PySide6.QtCore import QRectF

    from massage_trainer.storage import Storage
    from massage_trainer.ui.kit import theme as th
    from massage_trainer.ui.shell.app import build_window, ensure_app

    app = ensure_app()
    rows: list[Row] = []
    with tempfile.TemporaryDirectory() as home:
        storage = Storage.open(Path(home))
        storage.learners.remember(storage.learners.create("Bench"))  # a drill is kept for a learner
        window = build_window(content, storage, th.LIGHT)
        window.resize(3840, 2160)
        window.show()
        window.show_screen("practice")
        app.processEvents()
        screen = window.screens["practice"]
        clock = Clock()
        screen.clock = clock
        screen.ask_screening()
        screen.begin()
        app.processEvents()
        diagram = screen.diagram
        events = scripted_events(content.techniques["stroking"], 55.0, mistake_at=20.0)
        live = screen.live
        handlers = {"press": live.on_pressed, "move": live.on_moved, "release": live.on_released}
        handle, paint = [], []
        last = (0.0, 0.0)
        for t, kind, x, y, _p in events:
            clock.now = t
            start = time.perf_counter()
            handlers[kind](x, y, None)
            mid = time.perf_counter()
            if kind == "move":
                handle.append(mid - start)
                # The repaint the segment queued, done now: only the rectangle under it.
                a, b = diagram.to_widget(*last), diagram.to_widget(x, y)
                pad = 0.02 * diagram.scale()
                rect = QRectF(a, b).normalized().adjusted(-pad, -pad, pad, pad).toAlignedRect()
                start = time.perf_counter()
                diagram.repaint(rect)
                paint.append(time.perf_counter() - start)
            last = (x, y)
        app.processEvents()
        size = f"{diagram.width()}x{diagram.height()}"
        rows.append((f"pointer event on the Practice screen at 4K (diagram {size}), no repaint",
                     f"{statistics.median(handle) * 1e6:.0f} µs (p99 "
                     f"{float(np.percentile(handle, 99)) * 1e6:.0f} µs)", "<= 300 µs"))
        rows.append(("repaint of the new ink's dirty rectangle at 4K",
                     f"{statistics.median(paint) * 1e3:.2f} ms", "-"))

        # The whole first session's ink, drawn afresh as after a resize.
        drill, _ = _first_session(content)
        assert drill.recording is None
        ink = screen.ink
        ink.clear()
        recording_events = scripted_events(content.techniques["stroking"], 840.0)
        ink.pen_down(recording_events[0][2], recording_events[0][3])
        from massage_trainer.ui.diagram.ink import Ink

        for _t, _kind, x, y, p in recording_events[1:]:
            ink.extend(x, y, Ink.WORKING if p > 0.3 else Ink.GLIDE)
        segments = ink.segment_count
        render_s = _median(ink.render, 3)
        rows.append((f"ink redrawn after a resize at 4K, {segments:,} segments (14 min)",
                     f"{render_s * 1e3:.0f} ms", "once per resize"))
        screen.cancel_drill()
        screen.runner.wait()  # the history it read in the background, before the folder goes
        window.close()
        storage.close()
    return rows


def _store_figures(content: Content) -> list[Row]:
    from massage_trainer.storage import Storage

    rows: list[Row] = []
    drill, _clock = _first_session(content)
    with tempfile.TemporaryDirectory() as home:
        storage = Storage.open(Path(home))
        learner = storage.learners.create("Bench")
        start = time.perf_counter()
        recording, report = drill.finish()
        graded = time.perf_counter()
        run = storage.drills.save(learner.id, FIRST_SESSION_DRILL, "2026-01-01T00:00:00+00:00",
                                  recording, report)
        saved = time.perf_counter()
        rows.append((f"finish a 14-minute first session ({recording.sample_count:,} samples): "
                     "grade + save", f"{(saved - start) * 1e3:.0f} ms "
                     f"(grade {(graded - start) * 1e3:.0f}, save {(saved - graded) * 1e3:.0f})",
                     "<= 1 s"))
        load_s = _median(lambda: storage.drills.recording(run.id))
        rows.append(("read back a saved 14-minute recording", f"{load_s * 1e3:.0f} ms", "-"))
        # Many small runs from several learners, then one learner's history.
        small = drill_specs(content.techniques)[0]
        others = [storage.learners.create(f"L{i}") for i in range(4)]
        short_drill = Drill(small, content.body, clock=Clock())
        short_drill.start()
        short_drill.pointer_down(0.15, 0.1)
        short_drill.clock.now = 1.0  # type: ignore[attr-defined]
        short_drill.pointer_move(0.15, 0.5)
        rec, rep = short_drill.finish()
        for i in range(1000):
            who = others[i % 4] if i % 5 else learner
            storage.drills.save(who.id, small.id, f"2026-02-{1 + i % 28:02d}T10:{i % 60:02d}:00+00:00",
                                rec, rep)
        list_s = _median(lambda: storage.drills.all_for(learner.id), 9)
        recent_s = _median(lambda: storage.drills.recent(learner.id, small.id), 9)
        rows.append(("a learner's drills among 1,000 runs: all_for / recent(10)",
                     f"{list_s * 1e3:.1f} / {recent_s * 1e3:.1f} ms", "-"))
        storage.close()
    return rows


def run() -> list[Row]:
    content = load_content()
    mean_us, p99_us = _pointer_cost(content)
    rows: list[Row] = [("Drill.pointer_move(), record + live check, per call",
                        f"{mean_us:.0f} µs (p99 {p99_us:.0f} µs)", "<= 300 µs")]
    rows += _screen_figures(content)
    rows += _store_figures(content)
    return rows


def main() -> None:
    print_table(run())


if __name__ == "__main__":
    main()
