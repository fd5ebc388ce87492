"""The recording format (docs/recording-format.md): parsing, errors, saving, building."""

from __future__ import annotations

import copy
import json
import os
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from massage_trainer.core.recording import (
    FORMAT,
    Phase,
    Recording,
    RecordingBuilder,
    RecordingError,
    load_recording,
    parse_recording,
    recording_to_dict,
    save_recording,
)


def valid_data() -> dict[str, Any]:
    return {
        "format": "massage-trainer/recording",
        "version": 1,
        "first_session": False,
        "phases": [
            {"technique": "stroking", "samples": [
                {"t": 0.0, "x": 0.2, "y": 0.05, "contact": True, "pressure": 0.4},
                {"t": 0.02, "x": 0.2, "y": 0.07, "contact": True, "pressure": 0.4},
            ]},
            {"technique": "kneading", "samples": [
                {"t": 0.04, "x": 0.2, "y": 0.09},
                {"t": 0.06, "x": 0.2, "y": 0.11, "contact": False, "pressure": 1},
            ]},
        ],
    }


def test_parse_valid_with_defaults() -> None:
    rec = parse_recording(valid_data(), "drill.json")
    assert [p.technique for p in rec.phases] == ["stroking", "kneading"]
    assert rec.first_session is False
    knead = rec.phases[1]
    assert knead.contact.tolist() == [True, False]  # contact defaults to true
    assert knead.pressure.tolist() == [0.5, 1.0]  # pressure defaults to 0.5
    assert knead.t.dtype == np.float64 and knead.contact.dtype == np.bool_
    assert rec.duration == pytest.approx(0.06)


def test_optional_first_session_and_extra_fields() -> None:
    data = valid_data()
    del data["first_session"]
    data["learner"] = "Ann"
    data["phases"][0]["hand"] = "both"
    data["phases"][0]["samples"][0]["tilt"] = [1, 2]
    rec = parse_recording(data, "drill.json")
    assert rec.first_session is False
    data["first_session"] = True
    assert parse_recording(data, "drill.json").first_session is True


def test_equal_times_are_allowed() -> None:
    data = valid_data()
    data["phases"][1]["samples"][0]["t"] = 0.02  # same as the previous phase's last sample
    data["phases"][1]["samples"][1]["t"] = 0.02
    parse_recording(data, "drill.json")


def _set(data: dict[str, Any], path: tuple[Any, ...], value: Any) -> None:
    target = data
    for key in path[:-1]:
        target = target[key]
    if value is _DELETE:
        del target[path[-1]]
    else:
        target[path[-1]] = value


_DELETE = object()
S0 = ("phases", 0, "samples", 0)
S1 = ("phases", 0, "samples", 1)

BAD = [
    # (where, new value, field path in the message, words in the message)
    (("format",), _DELETE, "format", "is missing"),
    (("format",), "massage-trainer/recordings", "format", "expected 'massage-trainer/recording'"),
    (("format",), 1, "format", "expected"),
    (("version",), _DELETE, "version", "is missing"),
    (("version",), 2, "version", "not supported"),
    (("version",), "1", "version", "whole number"),
    (("version",), 1.0, "version", "whole number"),
    (("version",), True, "version", "whole number"),
    (("first_session",), "yes", "first_session", "true or false"),
    (("phases",), _DELETE, "phases", "is missing"),
    (("phases",), [], "phases", "is empty"),
    (("phases",), {"a": 1}, "phases", "expected a list"),
    (("phases", 0), "stroking", "phases[0]", "expected an object"),
    (("phases", 0, "technique"), _DELETE, "phases[0].technique", "is missing"),
    (("phases", 0, "technique"), "petrissage", "phases[0].technique", "unknown technique"),
    (("phases", 0, "technique"), 3, "phases[0].technique", "expected text"),
    (("phases", 1, "samples"), _DELETE, "phases[1].samples", "is missing"),
    (("phases", 1, "samples"), [], "phases[1].samples", "is empty"),
    (("phases", 1, "samples"), "none", "phases[1].samples", "expected a list"),
    (("phases", 0, "samples", 1), [0.02, 0.2, 0.07], "phases[0].samples[1]", "expected an object"),
    ((*S1, "t"), _DELETE, "phases[0].samples[1].t", "is missing"),
    ((*S1, "x"), _DELETE, "phases[0].samples[1].x", "is missing"),
    ((*S1, "y"), _DELETE, "phases[0].samples[1].y", "is missing"),
    ((*S1, "t"), "0.02", "phases[0].samples[1].t", "expected a number"),
    ((*S1, "x"), True, "phases[0].samples[1].x", "expected a number"),
    ((*S1, "y"), None, "phases[0].samples[1].y", "expected a number"),
    ((*S1, "x"), float("nan"), "phases[0].samples[1].x", "finite"),
    ((*S1, "y"), float("inf"), "phases[0].samples[1].y", "finite"),
    ((*S1, "y"), 10**400, "phases[0].samples[1].y", "finite"),
    ((*S1, "contact"), "true", "phases[0].samples[1].contact", "true or false"),
    ((*S1, "contact"), 1, "phases[0].samples[1].contact", "true or false"),
    ((*S1, "pressure"), "hard", "phases[0].samples[1].pressure", "expected a number"),
    ((*S1, "pressure"), False, "phases[0].samples[1].pressure", "expected a number"),
    ((*S1, "pressure"), 1.01, "phases[0].samples[1].pressure", "between 0 and 1"),
    ((*S1, "pressure"), -0.01, "phases[0].samples[1].pressure", "between 0 and 1"),
    ((*S0, "t"), 0.03, "phases[0].samples[1].t", "time goes backwards (0.02 after 0.03)"),
    ((*S1, "t"), -1.0, "phases[0].samples[1].t", "must lie between 0 and 86,400, found -1.0"),
    ((*S1, "x"), 10.5, "phases[0].samples[1].x", "must lie between -10 and 10, found 10.5"),
    ((*S1, "y"), -11, "phases[0].samples[1].y", "must lie between -10 and 10, found -11"),
    ((*S1, "t"), 86_400.5, "phases[0].samples[1].t", "must lie between 0 and 86,400, found 86400.5"),
    (("phases", 1, "samples", 0, "t"), 0.01, "phases[1].samples[0].t",
     "time goes backwards (0.01 after 0.02)"),
]


@pytest.mark.parametrize(("where", "value", "field", "words"), BAD)
def test_invalid_data_names_file_field_and_problem(where: tuple[Any, ...], value: Any,
                                                   field: str, words: str) -> None:
    data = valid_data()
    _set(data, where, value)
    with pytest.raises(RecordingError) as info:
        parse_recording(data, "drill.json")
    text = str(info.value)
    assert text.startswith(f"drill.json: {field}: "), text
    assert words in text
    assert "\n" not in text
    assert isinstance(info.value, ValueError)


def test_top_level_must_be_an_object() -> None:
    with pytest.raises(RecordingError, match=r"^drill.json: \(top level\): expected a JSON object"):
        parse_recording([1, 2], "drill.json")


def test_error_message_stays_on_one_line() -> None:
    data = valid_data()
    data["phases"][0]["technique"] = "strok\ning"
    with pytest.raises(RecordingError) as info:
        parse_recording(data, "my\ndrill.json")
    assert "\n" not in str(info.value)


# ---------------------------------------------------------------- files


def write(tmp_path: Path, text: str | bytes, name: str = "drill.json") -> Path:
    path = tmp_path / name
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, encoding="utf-8")
    return path


def test_load_valid_file_and_byte_order_mark(tmp_path: Path) -> None:
    text = json.dumps(valid_data())
    assert len(load_recording(write(tmp_path, text)).phases) == 2
    bom = write(tmp_path, b"\xef\xbb\xbf" + text.encode(), "bom.json")
    assert len(load_recording(bom).phases) == 2


@pytest.mark.parametrize(("content", "words"), [
    (b"\xff\xfe{}", "not UTF-8"),
    ("", "not valid JSON"),
    ('{"format": ', "not valid JSON"),
    ("{'format': 1}", "not valid JSON"),
    ("[" * 100_000, "nested too deeply"),
    ('{"version": ' + "1" * 5000 + "}", "too many digits"),
])
def test_unreadable_files(tmp_path: Path, content: str | bytes, words: str) -> None:
    path = write(tmp_path, content)
    with pytest.raises(RecordingError) as info:
        load_recording(path)
    assert str(info.value).startswith(f"{path}: ")
    assert words in str(info.value)
    assert "\n" not in str(info.value)


@pytest.mark.parametrize("literal", ["NaN", "Infinity", "-Infinity"])
def test_json_nan_literals_are_refused(tmp_path: Path, literal: str) -> None:
    text = json.dumps(valid_data()).replace('"x": 0.2', f'"x": {literal}', 1)
    with pytest.raises(RecordingError, match=r"phases\[0\]\.samples\[0\]\.x: expected a finite"):
        load_recording(write(tmp_path, text))
    # Even in an ignored extra field, NaN is not JSON.
    data = valid_data()
    data["extra"] = float("nan")
    with pytest.raises(RecordingError, match="not a JSON number"):
        load_recording(write(tmp_path, json.dumps(data), "extra.json"))


def test_missing_file_and_folder(tmp_path: Path) -> None:
    with pytest.raises(RecordingError, match=r"nope\.json: cannot be read"):
        load_recording(tmp_path / "nope.json")
    with pytest.raises(RecordingError, match="is a folder"):
        load_recording(tmp_path)


def test_save_load_round_trip(tmp_path: Path) -> None:
    rng = np.random.default_rng(1)
    n = 500
    phase = Phase("rubbing", np.cumsum(rng.uniform(0, 0.02, n)), rng.normal(0, 0.2, n),
                  rng.uniform(-0.1, 1.1, n), rng.random(n) < 0.8, rng.random(n))
    tiny = Phase("percussion", [phase.t[-1]], [1e-300], [-0.0], [False], [0.0])
    rec = Recording((phase, tiny), first_session=True)
    path = tmp_path / "out.json"
    save_recording(rec, path)
    assert load_recording(path) == rec
    assert parse_recording(recording_to_dict(rec), "x") == rec
    assert json.loads(path.read_text(encoding="utf-8")) == recording_to_dict(rec)
    assert [p.name for p in tmp_path.iterdir()] == ["out.json"]  # no temporary file left


def test_saved_file_has_the_spec_shape(tmp_path: Path) -> None:
    rec = parse_recording(valid_data(), "x")
    path = tmp_path / "drill.json"
    save_recording(rec, path)
    data = json.loads(path.read_text(encoding="utf-8"))
    assert list(data) == ["format", "version", "first_session", "phases"]
    assert data["format"] == FORMAT and data["version"] == 1
    assert list(data["phases"][0]) == ["technique", "samples"]
    assert list(data["phases"][0]["samples"][0]) == ["t", "x", "y", "contact", "pressure"]
    assert data["phases"][1]["samples"][0] == {"t": 0.04, "x": 0.2, "y": 0.09,
                                               "contact": True, "pressure": 0.5}


def test_save_is_atomic(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "drill.json"
    path.write_text("old", encoding="utf-8")
    rec = parse_recording(valid_data(), "x")

    def crash(src: str, dst: str) -> None:
        raise OSError("disk full")

    monkeypatch.setattr(os, "replace", crash)
    with pytest.raises(OSError, match="disk full"):
        save_recording(rec, path)
    assert path.read_text(encoding="utf-8") == "old"
    assert [p.name for p in tmp_path.iterdir()] == ["drill.json"]
    monkeypatch.undo()
    save_recording(rec, path)
    assert load_recording(path) == rec


# ---------------------------------------------------------------- objects and builder


def test_phase_arrays_are_read_only_copies() -> None:
    t = np.array([0.0, 1.0])
    phase = Phase("stroking", t, [0.1, 0.1], [0.2, 0.3], [True, True], [0.5, 0.5])
    t[0] = 5.0
    assert phase.t[0] == 0.0
    with pytest.raises(ValueError):
        phase.x[0] = 1.0


@pytest.mark.parametrize("bad", [
    lambda: Recording(()),
    lambda: Recording((Phase("kicking", [0.0], [0.0], [0.5], [True], [0.5]),)),
    lambda: Recording((Phase("stroking", [], [], [], [], []),)),
    lambda: Recording((Phase("stroking", [1.0, 0.5], [0, 0], [0, 0], [1, 1], [0.5, 0.5]),)),
    lambda: Recording((Phase("stroking", [0.0], [np.nan], [0.5], [True], [0.5]),)),
    lambda: Recording((Phase("stroking", [0.0], [0.0], [0.5], [True], [1.5]),)),
    lambda: Phase("stroking", [0.0, 1.0], [0.0], [0.5], [True], [0.5]),
])
def test_objects_refuse_what_the_format_refuses(bad: Any) -> None:
    with pytest.raises(ValueError):
        bad()


def test_builder_records_phases() -> None:
    b = RecordingBuilder("rubbing", first_session=True)
    b.start_phase("stroking")  # the empty rubbing phase is replaced
    b.add(0.0, 0.2, 0.1)
    b.add(0.1, 0.2, 0.2, contact=False, pressure=0.2)
    assert b.sample_count == 2 and b.phase_index == 0 and b.last_t == 0.1
    b.start_phase("kneading")
    assert b.technique == "kneading" and b.phase_index == 1
    b.add(0.1, 0.2, 0.3)
    rec = b.build()
    assert rec.first_session is True
    assert [p.technique for p in rec.phases] == ["stroking", "kneading"]
    assert rec.phases[0].contact.tolist() == [True, False]
    assert rec.phases[0].pressure.tolist() == [0.5, 0.2]
    b.add(0.2, 0.2, 0.4)  # recording goes on after build()
    assert len(b.build().phases[1]) == 2
    assert len(rec.phases[1]) == 1


def test_builder_refuses_bad_samples() -> None:
    b = RecordingBuilder("stroking")
    with pytest.raises(ValueError, match="nothing"):
        b.build()
    with pytest.raises(ValueError):
        b.start_phase("kicking")
    b.add(1.0, 0.0, 0.0)
    for args in [(0.5, 0.0, 0.0), (2.0, float("nan"), 0.0), (2.0, 0.0, 0.0, True, 1.5)]:
        with pytest.raises(ValueError):
            b.add(*args)
    assert b.sample_count == 1


def test_round_trip_preserves_data_exactly() -> None:
    data = valid_data()
    rec = parse_recording(copy.deepcopy(data), "x")
    again = recording_to_dict(rec)
    assert again["phases"][0]["samples"] == data["phases"][0]["samples"]


# ---------------------------------------------------------------- the phases joined


def test_the_phases_are_joined_once_with_their_bounds() -> None:
    b = RecordingBuilder("stroking")
    for k in range(3):
        b.add(k * 0.1, 0.1 * k, 0.2, True, 0.4)
    b.start_phase("kneading")
    for k in range(3, 7):
        b.add(k * 0.1, 0.1 * k, 0.3, k != 5, 0.6)
    rec = b.build()
    s = rec.samples
    assert s is rec.samples  # joined once, on first use
    for name in ("t", "x", "y", "contact", "pressure"):
        assert np.array_equal(getattr(s, name), np.concatenate([getattr(p, name) for p in rec.phases]))
    assert len(s) == rec.sample_count == 7
    assert s.techniques == ("stroking", "kneading")
    assert [s.bounds(p) for p in range(2)] == [(0, 3), (3, 7)]
    assert [s.phase_of(i) for i in range(7)] == [0, 0, 0, 1, 1, 1, 1] == s.phase.tolist()
    with pytest.raises(ValueError):
        s.x[0] = 1.0  # read-only, like the phases


def test_a_json_file_that_is_no_recording_says_what_a_recording_begins_with(tmp_path):
    path = tmp_path / "notes.json"
    path.write_text('{"title": "my notes", "items": [1, 2]}', encoding="utf-8")
    with pytest.raises(RecordingError) as caught:
        load_recording(path)
    message = str(caught.value)
    assert "notes.json" in message and "format" in message
    assert "not a Massage Trainer recording" in message and '"format": "massage-trainer/recording"' in message

