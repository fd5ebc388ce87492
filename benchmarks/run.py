"""Run every benchmark and print one table of figures (medians over several runs).

    .venv/bin/python benchmarks/run.py

Benchmarks are measured here, never asserted in timed tests.
"""

from __future__ import annotations

import importlib
import os
import platform
import sys
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parent))

from table import print_table

MODULES = ["bench_startup", "bench_diagram", "bench_grading", "bench_animation", "bench_drill", "bench_report",
           "bench_progress"]


def main() -> int:
    rows: list[tuple[str, str, str]] = []
    for name in MODULES:
        try:
            module = importlib.import_module(name)
        except ModuleNotFoundError as err:
            if err.name == name:
                continue  # that capability's benchmark does not exist yet
            raise
        rows.extend(module.run())
    print(f"Massage Trainer benchmarks — Python {platform.python_version()}, {os.cpu_count()} cores")
    print_table(rows)
    return 0


if __name__ == "__main__":
    sys.exit(main())
