"""`massage-trainer bank import --dry-run`, end to end in a subprocess: the JSON, the summary, the refusals."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from massage_trainer.content.bank import MAX_BANK_BYTES

POSIX = pytest.mark.skipif(sys.platform == "win32", reason="FIFOs are POSIX")

GIFT = """// Massage basics
$CATEGORY: Basics

::Opening::[html]Which stroke <b>opens</b> a massage?{=Stroking#Yes ~%-50%Percussion#No}

::Spine:: Pressure on the spine? {FALSE#Never on the spine.#Right.}

::Year:: When? {#=1822:0 =%50%1822:2#Close ####Ling's time.}

Introduction, with no braces: a description.
"""

EXPECTED = {
    "questions": [
        {"title": "Opening", "type": "single", "category": "Basics", "text": "Which stroke opens a massage?",
         "answers": [{"text": "Stroking", "fraction": 1.0, "feedback": "Yes"},
                     {"text": "Percussion", "fraction": -0.5, "feedback": "No"}]},
        {"title": "Spine", "type": "true_false", "category": "Basics", "text": "Pressure on the spine?",
         "correct": False, "feedback_wrong": "Never on the spine.", "feedback_right": "Right."},
        {"title": "Year", "type": "numeric", "category": "Basics", "text": "When?",
         "answers": [{"value": 1822.0, "tolerance": 0.0, "fraction": 1.0, "feedback": ""},
                     {"value": 1822.0, "tolerance": 2.0, "fraction": 0.5, "feedback": "Close"}],
         "explanation": "Ling's time."},
    ],
    "skipped": [{"line": 10, "title": "Introduction, with no braces: a descript",
                 "reason": "a description (no answer block in braces), not a question"}],
    "errors": [],
}


def command() -> list[str]:
    """The installed command when there is one beside this Python, else the module."""
    script = Path(sys.executable).with_name("massage-trainer")
    return [str(script)] if script.exists() else [sys.executable, "-m", "massage_trainer"]


def bank(*args: str) -> subprocess.CompletedProcess[str]:
    # A timeout, so a reader that blocks (on a FIFO) fails the test instead of hanging it.
    return subprocess.run([*command(), "bank", "import", *args], capture_output=True, text=True, timeout=60,
                          stdin=subprocess.DEVNULL, encoding="utf-8")


def write(tmp_path: Path, text: str | bytes, name: str = "bank.gift") -> Path:
    path = tmp_path / name
    path.write_bytes(text if isinstance(text, bytes) else text.encode("utf-8"))
    return path


def test_dry_run_json(tmp_path: Path) -> None:
    done = bank(str(write(tmp_path, GIFT)), "--dry-run", "--json")
    assert (done.returncode, done.stderr) == (0, "")
    assert json.loads(done.stdout) == EXPECTED


def test_errors_exit_2_and_still_print_the_json(tmp_path: Path) -> None:
    done = bank(str(write(tmp_path, GIFT + "\n::Bad:: Oops {=a ~b\n\nGood {T}\n")), "--dry-run", "--json")
    assert done.returncode == 2
    found = json.loads(done.stdout)
    assert found["errors"] == [{"line": 12, "message": "unclosed brace: the answer block's { has no } "
                                "(or a blank line splits it)"}]
    assert len(found["questions"]) == 4


def test_the_summary(tmp_path: Path) -> None:
    path = write(tmp_path, GIFT + "\nA {~%900%a =b}\n")
    done = bank(str(path), "--dry-run")
    assert done.returncode == 2
    lines = done.stdout.splitlines()
    assert lines[0] == f"{path}: 3 question(s), 1 skipped, 1 error(s); nothing was imported (--dry-run)"
    assert "line 10: skipped" in lines[1]
    assert lines[2].startswith("  line 12: error: bad weight %900%")


def test_aiken_by_option_and_by_guess(tmp_path: Path) -> None:
    path = write(tmp_path, "Which?\nA. one\nB. two\nANSWER: B\n", "bank.txt")
    for args in ([], ["--format", "aiken"]):
        done = bank(str(path), "--dry-run", "--json", *args)
        assert done.returncode == 0, done.stderr
        [question] = json.loads(done.stdout)["questions"]
        assert question["answers"][1] == {"text": "two", "fraction": 1.0, "feedback": ""}
    done = bank(str(path), "--dry-run", "--json", "--format", "gift")  # read as GIFT: a description
    assert done.returncode == 0 and json.loads(done.stdout)["skipped"][0]["reason"].startswith("a description")


def test_not_utf8_is_one_error(tmp_path: Path) -> None:
    done = bank(str(write(tmp_path, b"A {T}\n\nB \xff\xfe {F}\n")), "--dry-run", "--json")
    assert done.returncode == 2 and "Traceback" not in done.stderr
    found = json.loads(done.stdout)
    assert found["questions"] == [] and len(found["errors"]) == 1
    assert found["errors"][0]["line"] == 3 and "not UTF-8" in found["errors"][0]["message"]


def refused(path: Path, words: str) -> None:
    done = bank(str(path), "--dry-run", "--json")
    assert (done.returncode, done.stdout) == (2, "")
    assert done.stderr.count("\n") == 1 and words in done.stderr and str(path) in done.stderr, done.stderr


def test_over_5_mb_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "big.gift"
    with path.open("wb") as f:
        f.truncate(MAX_BANK_BYTES + 1)
    refused(path, "may be at most 5,242,880 bytes (5 MB)")


def test_exactly_5_mb_is_read(tmp_path: Path) -> None:
    line = "A {T}\n\n"
    text = line * (MAX_BANK_BYTES // len(line))
    done = bank(str(write(tmp_path, text + " " * (MAX_BANK_BYTES - len(text)))), "--dry-run")
    assert done.returncode == 0 and f"{MAX_BANK_BYTES // len(line)} question(s)" in done.stdout


@POSIX
def test_a_fifo_is_refused_at_once(tmp_path: Path) -> None:
    path = tmp_path / "pipe.gift"
    os.mkfifo(path)
    refused(path, "is not a regular file")


def test_a_folder_and_a_missing_file_are_refused(tmp_path: Path) -> None:
    refused(tmp_path, "is a folder")
    refused(tmp_path / "none.gift", "no such file")


def test_a_hostile_name_stays_on_one_line(tmp_path: Path) -> None:
    path = tmp_path / "a\x1b[31m\nb.gift"
    done = bank(str(path), "--dry-run")
    assert done.returncode == 2 and done.stderr.count("\n") == 1 and "\x1b" not in done.stderr


def test_text_beyond_ascii_on_a_console_that_cannot_show_it(tmp_path: Path) -> None:
    path = write(tmp_path, "::Ударение:: Массаж? {T}\n\nОписание без скобок.\n")
    done = subprocess.run([*command(), "bank", "import", str(path), "--dry-run"], capture_output=True,
                          timeout=60, stdin=subprocess.DEVNULL, env={**os.environ, "PYTHONIOENCODING": "ascii"})
    assert done.returncode == 0 and b"Traceback" not in done.stderr
    assert b"\\u041e" in done.stdout  # the skipped description's title, as escapes
    done = subprocess.run([*command(), "bank", "import", str(path), "--dry-run", "--json"], capture_output=True,
                          timeout=60, stdin=subprocess.DEVNULL, env={**os.environ, "PYTHONIOENCODING": "ascii"})
    assert done.returncode == 0 and json.loads(done.stdout)["questions"][0]["title"] == "Ударение"
