"""What a recording may hold (docs/recording-format.md, "The file"): size, samples, ranges, files."""

from __future__ import annotations

import json
import os
import sys
import threading
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from massage_trainer.core.recording import (
    LIMITS,
    MAX_ABS_XY,
    MAX_FILE_BYTES,
    MAX_SAMPLES,
    MAX_T_S,
    Limits,
    RecordingError,
    load_recording,
    parse_recording,
    recording_from_json,
)

POSIX = pytest.mark.skipif(sys.platform == "win32", reason="FIFOs and /dev/null are POSIX")


def data(samples_per_phase: tuple[int, ...] = (2, 2)) -> dict[str, Any]:
    phases, t = [], 0.0
    for n in samples_per_phase:
        samples = []
        for _ in range(n):
            samples.append({"t": t, "x": 0.2, "y": 0.1 + t / 100})
            t += 0.5
        phases.append({"technique": "stroking", "samples": samples})
    return {"format": "massage-trainer/recording", "version": 1, "phases": phases}


def refused(call: Any, *args: Any, **kwargs: Any) -> str:
    with pytest.raises(RecordingError) as info:
        call(*args, **kwargs)
    text = str(info.value)
    assert "\n" not in text
    return text


def test_the_limits_are_the_specs_and_the_readers_default() -> None:
    assert (MAX_FILE_BYTES, MAX_SAMPLES, MAX_T_S, MAX_ABS_XY) == (50_000_000, 2_000_000, 86_400.0, 10.0)
    assert Limits() == LIMITS
    assert (LIMITS.max_file_bytes, LIMITS.max_samples) == (MAX_FILE_BYTES, MAX_SAMPLES)


# ---------------------------------------------------------------- the file's size


def test_a_file_at_the_size_limit_is_read_one_byte_over_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "drill.json"
    path.write_text(json.dumps(data()), encoding="utf-8")
    size = path.stat().st_size
    assert len(load_recording(path, Limits(max_file_bytes=size)).phases) == 2
    text = refused(load_recording, path, Limits(max_file_bytes=size - 1))
    assert text == (f"{path}: the file is {size:,} bytes; a recording may be at most {size - 1:,} bytes "
                    f"({(size - 1) / 1e6:g} MB)")


def test_a_file_over_50_mb_is_refused_before_it_is_read(tmp_path: Path) -> None:
    # Sparse files: no disk written, and nothing worth reading in them.
    over = tmp_path / "over.json"
    with over.open("wb") as f:
        f.truncate(MAX_FILE_BYTES + 1)
    text = refused(load_recording, over)
    assert text.startswith(f"{over}: the file is 50,000,001 bytes") and "50,000,000 bytes (50 MB)" in text
    # At the limit, the file is read: its zero bytes are not JSON, which says the size was allowed.
    at = tmp_path / "at.json"
    with at.open("wb") as f:
        f.truncate(MAX_FILE_BYTES)
    assert "not valid JSON" in refused(load_recording, at)


# ---------------------------------------------------------------- the number of samples


def test_samples_are_counted_across_the_phases() -> None:
    assert parse_recording(data((2, 3)), "x", Limits(max_samples=5)).sample_count == 5
    text = refused(parse_recording, data((3, 3)), "drill.json", Limits(max_samples=5))
    assert text == "drill.json: phases: 6 samples in all; a recording may hold at most 5"


def test_too_many_samples_are_refused_before_any_is_checked() -> None:
    sample = {"t": 0.0, "x": 0.2, "y": 0.3}
    half = MAX_SAMPLES // 2
    over = data()
    # One list of repeated references: cheap to make, and a broken sample at the very end.
    over["phases"][0]["samples"] = [sample] * half
    over["phases"][1]["samples"] = [sample] * half + ["not a sample"]
    text = refused(parse_recording, over, "big.json")
    assert text == "big.json: phases: 2,000,001 samples in all; a recording may hold at most 2,000,000"
    # The same file with one sample fewer is checked sample by sample.
    over["phases"][1]["samples"] = [sample] * (half - 1) + ["not a sample"]
    assert refused(parse_recording, over, "big.json").startswith(
        f"big.json: phases[1].samples[{half - 1}]: expected an object")


def test_the_count_goes_before_the_file_is_checked_further(tmp_path: Path) -> None:
    path = tmp_path / "many.json"
    path.write_text(json.dumps(data((4,))), encoding="utf-8")
    assert "at most 3" in refused(load_recording, path, Limits(max_samples=3))


# ---------------------------------------------------------------- ranges

UP = float(np.nextafter(MAX_T_S, np.inf))
XY_UP = float(np.nextafter(MAX_ABS_XY, np.inf))


@pytest.mark.parametrize(("field", "good", "bad"), [
    ("t", MAX_T_S, UP),
    ("t", 0.0, -1e-9),
    ("x", MAX_ABS_XY, XY_UP),
    ("x", -MAX_ABS_XY, -XY_UP),
    ("y", MAX_ABS_XY, XY_UP),
    ("y", -MAX_ABS_XY, -XY_UP),
])
def test_each_range_both_sides(field: str, good: float, bad: float) -> None:
    one = data((1,))
    one["phases"][0]["samples"][0][field] = good
    rec = parse_recording(one, "x")
    assert float(getattr(rec.phases[0], field)[0]) == good
    # The last sample of the second phase goes out of range: the message finds it.
    two = data((2, 3))
    two["phases"][1]["samples"][2][field] = bad
    if field == "t" and bad < 0:
        two = data((1,))
        two["phases"][0]["samples"][0]["t"] = bad
    text = refused(parse_recording, two, "drill.json")
    where = "phases[0].samples[0]" if field == "t" and bad < 0 else "phases[1].samples[2]"
    assert text.startswith(f"drill.json: {where}.{field}: must lie between ")
    assert repr(bad) in text


def test_the_ranges_can_be_set_smaller() -> None:
    small = Limits(max_t_s=1.0, max_abs_xy=0.25)
    assert "between 0 and 1," in refused(parse_recording, data((2, 2)), "x", small)  # t reaches 1.5
    wide = data((1,))
    wide["phases"][0]["samples"][0]["x"] = 0.3
    assert "between -0.25 and 0.25" in refused(parse_recording, wide, "x", small)


# ---------------------------------------------------------------- what is not a file


def test_a_folder_is_refused(tmp_path: Path) -> None:
    assert refused(load_recording, tmp_path) == f"{tmp_path}: is a folder, not a recording file"


@POSIX
def test_a_fifo_is_refused_at_once(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe.json"
    os.mkfifo(fifo)
    outcome: list[str] = []

    def read() -> None:
        try:
            load_recording(fifo)
        except RecordingError as err:
            outcome.append(str(err))

    reader = threading.Thread(target=read, daemon=True)
    reader.start()
    reader.join(timeout=20)
    if reader.is_alive():  # it opened the FIFO and waits for a writer: give it one, then fail
        with open(fifo, "wb"):
            pass
        reader.join(timeout=20)
        pytest.fail("reading a FIFO blocked")
    assert outcome == [f"{fifo}: is not a regular file (a pipe, a device or a socket), not a recording file"]


@POSIX
def test_a_device_is_refused() -> None:
    assert "is not a regular file" in refused(load_recording, "/dev/null")


@POSIX
def test_a_link_to_a_recording_is_read(tmp_path: Path) -> None:
    target = tmp_path / "drill.json"
    target.write_text(json.dumps(data()), encoding="utf-8")
    link = tmp_path / "link.json"
    link.symlink_to(target)
    assert len(load_recording(link).phases) == 2


def test_a_name_that_cannot_be_a_file_is_one_message(tmp_path: Path) -> None:
    assert "cannot be read" in refused(load_recording, f"{tmp_path}/bad\0name.json")


# ---------------------------------------------------------------- recordings kept in the database


def test_text_from_the_database_has_the_same_checks() -> None:
    text = json.dumps(data((3,)))
    assert recording_from_json(text, "drill run 4").sample_count == 3
    assert recording_from_json(text.encode(), "drill run 4").sample_count == 3
    assert refused(recording_from_json, text, "drill run 4", Limits(max_samples=2)).startswith(
        "drill run 4: phases: 3 samples")
    assert refused(recording_from_json, "{", "drill run 4").startswith("drill run 4: not valid JSON")
    assert "not a JSON number" in refused(recording_from_json, text[:-1] + ', "e": NaN}', "drill run 4")
