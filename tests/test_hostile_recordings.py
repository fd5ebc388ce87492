"""Hostile recordings against the real `grade` command: refused in one bounded line, quickly, in bounded memory.

Each test reproduces a defect an audit found (issue 9) or checks a limit of
docs/recording-format.md with the real command line: a device, a FIFO, numbers
at the edge of a float, a million phases, the memory a big file takes to read,
error lines a megabyte long or full of terminal escapes, and a score that
overflowed past 1,024 violations of one rule.
"""

from __future__ import annotations

import json
import math
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from massage_trainer.cli import main
from massage_trainer.core.grading import grade
from massage_trainer.core.recording import (
    MAX_PHASES,
    Limits,
    Phase,
    Recording,
    RecordingError,
    load_recording,
    recording_from_json,
)
from massage_trainer.core.recording_json import MAX_DEPTH

POSIX = pytest.mark.skipif(sys.platform == "win32", reason="FIFOs and devices are POSIX")
LINUX = pytest.mark.skipif(not Path("/proc/self/status").exists(), reason="the probe reads /proc/self/status")
MB = 1_000_000


def command() -> list[str]:
    script = Path(sys.executable).with_name("massage-trainer")
    return [str(script)] if script.exists() else [sys.executable, "-m", "massage_trainer"]


def limit_memory() -> None:
    """In the child: at most 4 GB of address space, so a reader that reads for ever fails, not the machine."""
    import resource

    resource.setrlimit(resource.RLIMIT_AS, (4 << 30, 4 << 30))


def run_grade(*args: str) -> subprocess.CompletedProcess[str]:
    # A timeout and a memory limit: a reader that blocks (a FIFO) or reads for ever (/dev/zero)
    # fails the test instead of hanging it or filling the memory.
    return subprocess.run([*command(), "grade", *args], capture_output=True, text=True, timeout=120,
                          stdin=subprocess.DEVNULL, preexec_fn=limit_memory)


def refused_line(done: subprocess.CompletedProcess[str], name: str | Path) -> str:
    """The one line `grade` printed to refuse the file: exit 2, nothing on stdout."""
    assert done.returncode == 2, done.stderr
    assert done.stdout == ""
    assert done.stderr.count("\n") == 1 and done.stderr.endswith("\n"), done.stderr
    assert "Traceback" not in done.stderr
    prefix = f"massage-trainer: {name}: "
    assert done.stderr.startswith(prefix), done.stderr
    return done.stderr[len(prefix):-1]


def recording(**sample: Any) -> dict[str, Any]:
    samples: list[dict[str, Any]] = [{"t": k * 0.1, "x": 0.2, "y": 0.1 + 0.05 * k} for k in range(10)]
    samples[3].update(sample)
    return {"format": "massage-trainer/recording", "version": 1,
            "phases": [{"technique": "stroking", "samples": samples}]}


def written(path: Path, data: Any) -> Path:
    path.write_text(data if isinstance(data, str) else json.dumps(data), encoding="utf-8")
    return path


# ---------------------------------------------------------------- what is not a file


@POSIX
def test_dev_zero_is_one_line_and_exit_2() -> None:
    assert refused_line(run_grade("/dev/zero"), "/dev/zero") == (
        "is not a regular file (a pipe, a device or a socket), not a recording file")


@POSIX
def test_a_link_to_dev_zero_is_refused_too(tmp_path: Path) -> None:
    link = tmp_path / "drill.json"
    link.symlink_to("/dev/zero")
    assert "is not a regular file" in refused_line(run_grade(str(link)), link)


@POSIX
def test_a_fifo_does_not_hang_the_command(tmp_path: Path) -> None:
    fifo = tmp_path / "drill.json"
    os.mkfifo(fifo)
    for args in ([str(fifo)], ["--json", str(fifo)]):
        assert "is not a regular file (a pipe" in refused_line(run_grade(*args), fifo)


@LINUX
def test_a_200_mb_file_is_refused_before_it_is_read(tmp_path: Path) -> None:
    big = tmp_path / "big.json"
    with big.open("wb") as f:
        f.truncate(200 * MB)  # sparse: nothing written, nothing worth reading
    done = peak_of_loading(big)
    assert done["error"].endswith("the file is 200,000,000 bytes; a recording may be at most 50,000,000 bytes "
                                  "(50 MB)")
    assert done["peak_mb"] < 100, done


# ---------------------------------------------------------------- numbers at the edge of a float


@pytest.mark.parametrize(("field", "value"), [
    ("x", 1e308), ("x", -1e308), ("y", 1e308), ("t", 1e308), ("t", -1e308), ("pressure", 1e308),
    ("x", 10.000000000000002), ("t", 86_400.00000000001),
])
def test_numbers_out_of_range_are_refused_with_exit_2(tmp_path: Path, field: str, value: float) -> None:
    path = written(tmp_path / "drill.json", recording(**{field: value}))
    line = refused_line(run_grade(str(path)), path)
    assert line.startswith(f"phases[0].samples[3].{field}: must lie between ") and repr(value) in line


@pytest.mark.parametrize("literal", ["1e309", "-1e400", "1" * 400, "-" + "9" * 4000])
def test_numbers_past_a_float_are_not_finite(tmp_path: Path, literal: str) -> None:
    text = json.dumps(recording()).replace('"x": 0.2', f'"x": {literal}', 1)
    path = written(tmp_path / "drill.json", text)
    line = refused_line(run_grade(str(path)), path)
    assert line.startswith("phases[0].samples[0].x: expected a finite number, found ")
    assert len(line) < 200  # a number of 4,000 digits is quoted only in part


def test_an_integer_of_thousands_of_digits_is_one_line(tmp_path: Path) -> None:
    text = json.dumps(recording()).replace('"x": 0.2', '"x": ' + "7" * 5000, 1)
    path = written(tmp_path / "drill.json", text)
    assert refused_line(run_grade(str(path)), path) == "not a recording: a number has too many digits"


# ---------------------------------------------------------------- many phases


def phases_text(count: int, tail: str = "]}") -> str:
    phase = '{"technique":"rubbing","samples":[{"t":0,"x":0,"y":0}]}'
    return '{"format":"massage-trainer/recording","version":1,"phases":[' + ",".join([phase] * count) + tail


MILLION = """
import sys
from massage_trainer.core.recording import RecordingError, recording_from_json
phase = '{"technique":"rubbing","samples":[{"t":0,"x":0,"y":0}]}'
# Followed by text that is not JSON: the reader never gets that far.
text = '{"format":"massage-trainer/recording","version":1,"phases":[' + ",".join([phase] * 1_000_000)
try:
    recording_from_json(text + ", not json at all", "many.json")
except RecordingError as err:
    print(err)
"""


@POSIX
def test_a_million_phases_are_refused_as_soon_as_the_limit_is_passed() -> None:
    # In a child, time and memory bounded: it took 3.5 minutes and 2.5 GB to grade one.
    done = subprocess.run([sys.executable, "-c", MILLION], capture_output=True, text=True, timeout=120,
                          stdin=subprocess.DEVNULL, preexec_fn=limit_memory)
    assert done.stdout == (f"many.json: phases: more than {MAX_PHASES:,} phases; a recording may hold "
                           f"at most {MAX_PHASES:,}\n"), done.stderr


def test_the_phase_limit_is_exact() -> None:
    assert MAX_PHASES == 1_000
    assert len(recording_from_json(phases_text(3), "x", Limits(max_phases=3)).phases) == 3
    with pytest.raises(RecordingError, match=r"^x: phases: more than 3 phases; a recording may hold at most 3$"):
        recording_from_json(phases_text(4), "x", Limits(max_phases=3))
    assert len(recording_from_json(phases_text(MAX_PHASES), "x").phases) == MAX_PHASES


def test_decoded_data_has_the_same_phase_limit() -> None:
    from massage_trainer.core.recording import parse_recording

    data = json.loads(phases_text(5))
    with pytest.raises(RecordingError, match=r"^x: phases: 5 phases; a recording may hold at most 4$"):
        parse_recording(data, "x", Limits(max_phases=4))


def test_grade_refuses_too_many_phases_in_one_line(tmp_path: Path) -> None:
    path = written(tmp_path / "many.json", phases_text(MAX_PHASES + 1))
    assert refused_line(run_grade(str(path)), path) == (
        f"phases: more than {MAX_PHASES:,} phases; a recording may hold at most {MAX_PHASES:,}")


# ---------------------------------------------------------------- memory


# The peak is the process's own high-water mark (VmHWM). getrusage's ru_maxrss would not do: Linux
# keeps it across exec, so a child started by a big pytest process reports the parent's size.
PROBE = """
import json, sys
from massage_trainer.core.recording import RecordingError, load_recording
out = {}
try:
    out["samples"] = load_recording(sys.argv[1]).sample_count
except RecordingError as err:
    out["error"] = str(err)
with open("/proc/self/status", encoding="ascii") as status:
    kib = next(int(line.split()[1]) for line in status if line.startswith("VmHWM:"))
out["peak_mb"] = kib * 1024 / 1e6
print(json.dumps(out))
"""


def peak_of_loading(path: Path) -> dict[str, Any]:
    """Load the file in a fresh interpreter; what it said and its peak memory in MB."""
    done = subprocess.run([sys.executable, "-c", PROBE, str(path)], capture_output=True, text=True,
                          timeout=300, stdin=subprocess.DEVNULL, preexec_fn=limit_memory)
    assert done.returncode == 0, done.stderr
    result: dict[str, Any] = json.loads(done.stdout)
    return result


def compact_samples(path: Path, size: int, junk: bool = False) -> int:
    """A file of about `size` bytes; the most samples (or ignored objects) per byte. How many samples."""
    n = size // 24
    samples = ",".join(f'{{"t":{k // 100},"x":0.{k % 9},"y":0.{k % 7}}}' for k in range(n))
    if junk:  # as many small objects, in a field the format ignores
        text = ('{"format":"massage-trainer/recording","version":1,"extra":[' + samples +
                '],"phases":[{"technique":"stroking","samples":[{"t":0,"x":0,"y":0}]}]}')
    else:
        text = ('{"format":"massage-trainer/recording","version":1,"phases":[{"technique":"stroking",'
                '"samples":[' + samples + ']}]}')
    path.write_text(text, encoding="ascii")
    return 1 if junk else n


@LINUX
@pytest.mark.parametrize("junk", [False, True], ids=["samples", "ignored objects"])
def test_reading_20_mb_takes_under_four_times_its_size_plus_100_mb(tmp_path: Path, junk: bool) -> None:
    path = tmp_path / "big.json"
    count = compact_samples(path, 20 * MB, junk)
    size_mb = path.stat().st_size / MB
    result = peak_of_loading(path)
    assert result.get("samples") == count, result
    # json.loads alone took 12 times the file's size for such a file.
    assert result["peak_mb"] < 4 * size_mb + 100, result


# ---------------------------------------------------------------- error lines


def test_a_megabyte_of_technique_is_quoted_in_part(tmp_path: Path) -> None:
    data = recording()
    data["phases"][0]["technique"] = "k" * MB
    path = written(tmp_path / "drill.json", data)
    line = refused_line(run_grade(str(path)), path)
    assert line.startswith("phases[0].technique: unknown technique 'kkkk") and "…" in line
    assert len(line) < 500


def test_escapes_in_a_value_are_shown_not_obeyed(tmp_path: Path) -> None:
    data = recording()
    data["phases"][0]["technique"] = "\x1b]0;owned\x07\x1b[2J\u202e"
    path = written(tmp_path / "drill.json", data)
    line = refused_line(run_grade(str(path)), path)
    assert "\x1b" not in line and "\x07" not in line and "\u202e" not in line
    assert "\\x1b]0;owned\\x07\\x1b[2J\\u202e" in line


@POSIX
def test_escapes_in_the_file_name_are_shown_not_obeyed(tmp_path: Path) -> None:
    path = tmp_path / "a\x1b[31m\nb\u202e.json"
    written(path, recording(x=99))
    done = run_grade(str(path))
    shown = f"{tmp_path}/a\\x1b[31m\\nb\\u202e.json"
    assert refused_line(done, shown).startswith("phases[0].samples[3].x: must lie between")


@POSIX
def test_a_file_name_that_is_not_utf8_is_shown_escaped(tmp_path: Path) -> None:
    name = os.fsencode(tmp_path) + b"/bad\xff.json"
    with open(name, "wb") as f:
        f.write(json.dumps(recording(y=-11)).encode())
    done = subprocess.run([*command(), "grade", name], capture_output=True, timeout=120,
                          stdin=subprocess.DEVNULL)
    assert done.returncode == 2 and done.stdout == b""
    assert done.stderr.count(b"\n") == 1 and b"bad\\udcff.json: phases[0].samples[3].y" in done.stderr


def test_a_graded_file_with_escapes_in_its_name_prints_them_escaped(tmp_path: Path,
                                                                    capsys: pytest.CaptureFixture[str]) -> None:
    path = written(tmp_path / "ok\x1b[2J.json", recording())
    assert main(["grade", str(path)]) == 0
    out = capsys.readouterr().out
    assert "\x1b" not in out and "ok\\x1b[2J.json" in out


# ---------------------------------------------------------------- the text itself


def test_a_big_file_beyond_ascii_reads_as_the_same_recording(tmp_path: Path) -> None:
    data = recording()
    data["phases"][0]["samples"] = [{"t": k * 0.01, "x": 0.2, "y": 0.3, "note": "é😀"} for k in range(40_000)]
    data["comment"] = "Übung — 😀 \\é"
    text = json.dumps(data, ensure_ascii=False)
    assert len(text.encode()) > 1_100_000
    path = written(tmp_path / "drill.json", text)
    assert load_recording(path) == recording_from_json(json.dumps(data), "x")


@pytest.mark.parametrize(("value", "valid"), [('"\\é"', False), ('"\\\\\\é"', False),
                                              ('"\\\\é"', True)])
def test_a_bad_escape_beyond_ascii_stays_bad(tmp_path: Path, value: str, valid: bool) -> None:
    # In a big file each character past ASCII is read as its JSON escape; a backslash before it
    # must not make a bad escape ("\é") good.
    data = recording()
    data["phases"][0]["samples"] = [{"t": k * 0.01, "x": 0.2, "y": 0.3} for k in range(60_000)]
    text = json.dumps(data).replace('"version": 1', f'"version": 1, "c": {value}', 1)
    path = written(tmp_path / "drill.json", text)
    assert len(path.read_bytes()) > 1_100_000
    if valid:
        assert load_recording(path).sample_count == 60_000
    else:
        with pytest.raises(json.JSONDecodeError):
            json.loads(text)
        with pytest.raises(RecordingError, match="not valid JSON: Invalid \\\\escape"):
            load_recording(path)


def test_bad_utf8_in_a_big_file_names_its_offset(tmp_path: Path) -> None:
    data = recording()
    data["c"] = "é" * 800_000
    raw = json.dumps(data, ensure_ascii=False).encode()
    at = raw.index("é".encode()) + 3 * 400_000 + 1  # inside a character
    path = tmp_path / "drill.json"
    path.write_bytes(raw[:at] + b"\xff" + raw[at + 1:])
    with pytest.raises(RecordingError, match=rf"not UTF-8 text \(bad byte at offset {at - 1}\)"):
        load_recording(path)


def test_nesting_in_an_ignored_field_is_read_to_the_limit() -> None:
    data = recording()
    data["extra"] = json.loads("[" * (MAX_DEPTH - 2) + "]" * (MAX_DEPTH - 2))
    assert recording_from_json(json.dumps(data), "x").sample_count == 10
    data["extra"] = json.loads("[" * MAX_DEPTH + "]" * MAX_DEPTH)
    with pytest.raises(RecordingError, match=r"^x: not a recording: the JSON is nested too deeply$"):
        recording_from_json(json.dumps(data), "x")


# ---------------------------------------------------------------- grading what was read


def test_more_than_1024_violations_of_one_rule_still_grade(body) -> None:
    # Onto the spine at working pressure and off again, 1,500 times: each visit is one episode.
    n = 1_500 * 40
    t = np.arange(n, dtype=np.float64) * 0.02
    x = np.where(np.arange(n) % 40 == 0, 0.0, 0.12)
    phase = Phase("stroking", t, x, np.full(n, 0.5), np.ones(n, bool), np.full(n, 0.8))
    report = grade(Recording((phase,)), body)
    assert sum(v.rule == "spine" for v in report.violations) > 1_024
    assert 0.0 <= report.score <= 100.0 and math.isfinite(report.score)


def test_a_file_that_cannot_be_read_says_why_in_words(tmp_path: Path) -> None:
    with pytest.raises(RecordingError) as info:
        load_recording(tmp_path / "missing.json")
    assert str(info.value) == f"{tmp_path / 'missing.json'}: cannot be read (no such file or folder)"
    written(tmp_path / "a-file", "{}")
    with pytest.raises(RecordingError) as info:
        load_recording(tmp_path / "a-file" / "below.json")
    assert str(info.value).endswith("below.json: cannot be read (a part of the path is not a folder)")
