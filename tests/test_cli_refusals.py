"""`massage-trainer grade` refuses what is not a recording within the limits: exit 2, one line, no output."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from massage_trainer.core.recording import MAX_FILE_BYTES

POSIX = pytest.mark.skipif(sys.platform == "win32", reason="FIFOs and /dev/null are POSIX")


def command() -> list[str]:
    """The installed command when there is one beside this Python, else the module."""
    script = Path(sys.executable).with_name("massage-trainer")
    return [str(script)] if script.exists() else [sys.executable, "-m", "massage_trainer"]


def grade(*args: str) -> subprocess.CompletedProcess[str]:
    # A timeout, so a reader that blocks (on a FIFO) fails the test instead of hanging it.
    return subprocess.run([*command(), "grade", *args], capture_output=True, text=True, timeout=60,
                          stdin=subprocess.DEVNULL)


def recording(**phase: Any) -> dict[str, Any]:
    samples = [{"t": k * 0.1, "x": 0.2, "y": 0.1 + 0.05 * k} for k in range(10)]
    return {"format": "massage-trainer/recording", "version": 1,
            "phases": [{"technique": "stroking", **phase, "samples": samples}]}


def sparse(path: Path, size: int) -> Path:
    with path.open("wb") as f:
        f.truncate(size)
    return path


def written(path: Path, data: dict[str, Any]) -> Path:
    path.write_text(json.dumps(data), encoding="utf-8")
    return path


def out_of_range(path: Path) -> Path:
    data = recording()
    data["phases"][0]["samples"][4]["x"] = -10.25
    return written(path, data)


def fifo(path: Path) -> Path:
    os.mkfifo(path)
    return path


CASES: list[tuple[str, Callable[[Path], Path | str], str]] = [
    ("over 50 MB", lambda p: sparse(p, MAX_FILE_BYTES + 1),
     "the file is 50,000,001 bytes; a recording may be at most 50,000,000 bytes (50 MB)"),
    ("a folder", lambda p: p.parent, "is a folder, not a recording file"),
    ("x out of range", out_of_range, "phases[0].samples[4].x: must lie between -10 and 10, found -10.25"),
    ("planned_s of 0", lambda p: written(p, recording(planned_s=0)), "phases[0].planned_s: must be above 0"),
    ("planned_s as text", lambda p: written(p, recording(planned_s="60")),
     "phases[0].planned_s: expected a number of seconds above 0, found text ('60')"),
    ("planned_s null", lambda p: written(p, recording(planned_s=None)),
     "phases[0].planned_s: expected a number of seconds above 0, found null"),
]
POSIX_CASES: list[tuple[str, Callable[[Path], Path | str], str]] = [
    ("a FIFO", fifo, "is not a regular file (a pipe, a device or a socket)"),
    ("a device", lambda p: "/dev/null", "is not a regular file"),
]


def check_refused(result: subprocess.CompletedProcess[str], name: str | Path, words: str) -> None:
    assert result.returncode == 2, result.stderr
    assert result.stdout == ""
    assert result.stderr.count("\n") == 1 and result.stderr.endswith("\n"), result.stderr
    assert result.stderr.startswith(f"massage-trainer: {name}: ") and words in result.stderr, result.stderr
    assert "Traceback" not in result.stderr


@pytest.mark.parametrize(("case", "make", "words"), [
    *(pytest.param(*c, id=c[0]) for c in CASES),
    *(pytest.param(*c, id=c[0], marks=POSIX) for c in POSIX_CASES)])
def test_grade_refuses_in_one_line(tmp_path: Path, case: str, make: Callable[[Path], Path | str],
                                   words: str) -> None:
    target = make(tmp_path / "drill.json")
    for args in ([str(target)], ["--json", str(target)]):
        check_refused(grade(*args), target, words)


def test_grade_reads_planned_s_and_the_limits_themselves(tmp_path: Path) -> None:
    data = recording(planned_s=60.0)
    data["phases"][0]["samples"][0].update(t=0.0, x=10.0, y=-10.0, contact=False)
    data["phases"][0]["samples"][-1]["t"] = 86_400.0
    result = grade("--json", str(written(tmp_path / "edges.json", data)))
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""
    assert set(json.loads(result.stdout)) >= {"score", "passed", "violations", "metrics"}


def test_grade_help_says_what_it_prints_and_when_it_refuses() -> None:
    result = subprocess.run([*command(), "grade", "--help"], capture_output=True, text=True, timeout=60)
    assert result.returncode == 0 and result.stderr == ""
    text = " ".join(result.stdout.split())
    assert "Exit 0 when the file was graded" in text and "exit 2, with one line on stderr" in text
    assert "docs/recording-format.md" in text and "--json" in text
