"""How fast the grader is, on a synthetic 30-minute session of about 125,000 samples.

    .venv/bin/python benchmarks/bench_grading.py

Figures (each the median of several runs):
- grade(): samples graded per second;
- `massage-trainer grade --json FILE` as a subprocess, interpreter start and
  file parsing included (goal: 1 s or less);
- load_recording() alone on that file;
- LiveChecker.add(): time per call while replaying the session (goal: 0.3 ms or less).

`run()` returns the rows as (figure, value, goal) for benchmarks/run.py.
"""

from __future__ import annotations

import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:  # run as a script from a checkout
    sys.path.insert(0, str(ROOT))

from table import print_table  # noqa: E402 - benchmarks/table.py

from massage_trainer.content import load_content  # noqa: E402
from massage_trainer.core.body import Body  # noqa: E402
from massage_trainer.core.grading import grade  # noqa: E402
from massage_trainer.core.live import LiveChecker  # noqa: E402
from massage_trainer.core.recording import (  # noqa: E402
    Phase,
    Recording,
    load_recording,
    save_recording,
)

RATE_HZ = 70.0  # a typical mouse or pen event rate
SESSION_S = 30 * 60.0
RUNS = 5
LIVE_CALLS = 20_000

Row = tuple[str, str, str]


def _phase(technique: str, t0: float, seconds: float, rng: np.random.Generator,
           work: float = 0.5) -> Phase:
    """A plausible phase: work up lanes on both sides, glide back down, with hand jitter."""
    n = int(seconds * RATE_HZ)
    t = t0 + np.arange(n) / RATE_HZ
    local = t - t0
    period = 4.0  # seconds per stroke: 2.5 up with pressure, 1.5 gliding back
    k = (local // period).astype(int)
    f = (local % period) / period
    lane = np.array([0.12, -0.12, 0.22, -0.22])[k % 4]
    up = f < 0.625
    y = np.where(up, 0.1 + 0.8 * f / 0.625, 0.9 - 0.8 * (f - 0.625) / 0.375)
    x = lane.copy()
    pressure = np.where(up, work, 0.2)
    contact = np.ones(n, dtype=bool)
    if technique in ("rubbing", "kneading"):  # small brisk circles, as the reference shows
        x += 0.012 * np.cos(2 * np.pi * 3.0 * local) * up
        y += 0.012 * np.sin(2 * np.pi * 3.0 * local) * up
    elif technique == "percussion":
        contact = (local * 5.0) % 1.0 < 0.4  # taps at 5 Hz
        x += np.sign(lane) * 0.05  # keep off the spine strip
        pressure = np.where(up, 0.3, 0.2)  # gentle: the lanes cross the kidneys
    elif technique == "vibration":
        x += 0.004 * np.sin(2 * np.pi * 12 * local)
        pressure = np.where(up, 0.3, 0.2)  # gentle over the kidneys and the heart
    x += rng.uniform(-0.003, 0.003, n)
    y += rng.uniform(-0.003, 0.003, n)
    return Phase(technique, t, x, y, contact, pressure)


def session() -> Recording:
    rng = np.random.default_rng(7)
    techniques = ["stroking", "rubbing", "kneading", "percussion", "vibration", "stroking"]
    per = SESSION_S / len(techniques)
    work = [0.4, 0.55, 0.6, 0.3, 0.3, 0.5]  # the closing stroking firmer than the opening
    return Recording(tuple(_phase(tech, i * per, per, rng, work[i])
                           for i, tech in enumerate(techniques)))


def _median_time(fn: Callable[[], object], runs: int = RUNS) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def _live_cost(rec: Recording, body: Body) -> tuple[float, float]:
    """Median and 99th-percentile microseconds per LiveChecker.add call."""
    per_phase = LIVE_CALLS // len(rec.phases)
    rows: list[tuple[str, list[tuple[float, float, float, bool, float]]]] = [
        (phase.technique, list(zip(phase.t[:per_phase].tolist(), phase.x[:per_phase].tolist(),
                                   phase.y[:per_phase].tolist(),
                                   phase.contact[:per_phase].tolist(),
                                   phase.pressure[:per_phase].tolist(), strict=True)))
        for phase in rec.phases
    ]
    means, p99s = [], []
    for _ in range(RUNS):
        live = LiveChecker(body, rec.phases[0].technique)
        costs = []
        for i, (technique, samples) in enumerate(rows):
            if i:
                live.start_phase(technique)
            for s in samples:
                start = time.perf_counter()
                live.add(*s)
                costs.append(time.perf_counter() - start)
        means.append(statistics.fmean(costs))
        p99s.append(float(np.percentile(costs, 99)))
    return statistics.median(means) * 1e6, statistics.median(p99s) * 1e6


def run() -> list[Row]:
    body = load_content().body
    rec = session()
    n = rec.sample_count
    grade(rec, body)  # warm up
    grade_s = _median_time(lambda: grade(rec, body))
    rows: list[Row] = [
        ("grade(): samples per second", f"{n / grade_s:,.0f} ({grade_s * 1000:.0f} ms for {n:,})",
         ">= 250,000"),
    ]
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "session.json"
        save_recording(rec, path)
        load_s = _median_time(lambda: load_recording(path))
        cmd = [sys.executable, "-m", "massage_trainer", "grade", "--json", str(path)]

        def cli() -> None:
            subprocess.run(cmd, check=True, capture_output=True, cwd=ROOT)

        cli_s = _median_time(cli)
        size_mb = path.stat().st_size / 1e6
    rows.append((f"load_recording(), {size_mb:.0f} MB file", f"{load_s:.2f} s", "-"))
    rows.append((f"massage-trainer grade, 30 min, {n:,} samples", f"{cli_s:.2f} s", "<= 1.0 s"))
    mean_us, p99_us = _live_cost(rec, body)
    rows.append(("LiveChecker.add(), per call", f"{mean_us:.0f} µs (p99 {p99_us:.0f} µs)",
                 "<= 300 µs"))
    return rows


def main() -> None:
    print_table(run())


if __name__ == "__main__":
    main()
