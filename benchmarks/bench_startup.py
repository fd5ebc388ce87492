"""Cold start to the main window shown and idle, and its peak memory."""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile
import time

from table import print_table  # benchmarks/table.py

RUNS = 7


def one_start() -> tuple[float, float]:
    with tempfile.TemporaryDirectory() as home:
        env = dict(os.environ, QT_QPA_PLATFORM="offscreen", MASSAGE_TRAINER_HOME=home,
                   MASSAGE_TRAINER_STARTUP_PROBE="1")
        t0 = time.perf_counter()
        proc = subprocess.Popen([sys.executable, "-m", "massage_trainer"], env=env,
                                stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
        assert proc.stdout is not None
        line = proc.stdout.readline()
        t1 = time.perf_counter()
        _pid, status, usage = os.wait4(proc.pid, 0)
        proc.returncode = os.waitstatus_to_exitcode(status)
        if not line.startswith("idle"):
            raise RuntimeError(f"the app did not report idle (exit {proc.returncode})")
        return t1 - t0, usage.ru_maxrss / 1024.0  # ru_maxrss is KiB on Linux


def run() -> list[tuple[str, str, str]]:
    one_start()  # warm the file cache: "cold" means a new process, not a cold disk
    results = [one_start() for _ in range(RUNS)]
    seconds = statistics.median(r[0] for r in results)
    rss = statistics.median(r[1] for r in results)
    return [
        ("cold start to window shown and idle", f"{seconds * 1000:.0f} ms", "<= 250 ms"),
        ("peak RSS at start-up", f"{rss:.0f} MiB", "<= 120 MiB"),
    ]


if __name__ == "__main__":
    print_table(run())
