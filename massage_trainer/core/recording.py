"""Drill recordings as files: reading and checking them, and writing them.

The format is specified in docs/recording-format.md. `load_recording` and
`parse_recording` check everything the spec lists and raise `RecordingError`,
whose message is one line naming the file, the field and what is wrong, so
the CLI can print it as is. `save_recording` writes the spec's format
atomically. The recording itself (`Recording`, `Phase`, `RecordingBuilder`)
is core/samples.py's, and is importable from here too.
"""

from __future__ import annotations

import contextlib
import json
import math
import numbers
import os
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any, Final

import numpy as np

from massage_trainer.core.geometry import BoolArray, FloatArray
from massage_trainer.core.samples import (
    DEFAULT_CONTACT,
    DEFAULT_PRESSURE,
    Phase,
    Recording,
    RecordingBuilder,
    Samples,
)
from massage_trainer.core.technique_ids import TECHNIQUE_IDS

__all__ = [
    "DEFAULT_CONTACT", "DEFAULT_PRESSURE", "FORMAT", "VERSION", "Phase", "Recording",
    "RecordingBuilder", "RecordingError", "Samples", "load_recording", "parse_recording",
    "recording_to_dict", "save_recording",
]

FORMAT: Final = "massage-trainer/recording"
VERSION: Final = 1


class RecordingError(ValueError):
    """A recording that cannot be read. str() is one line: "<file>: <field>: <problem>"."""

    def __init__(self, file: str, field: str, message: str) -> None:
        self.file = file
        self.field = field
        # Keep the message on one line whatever went into it (file names, values).
        self.message = " ".join(message.split())
        shown = file.replace("\n", "\\n").replace("\r", "\\r")
        where = f"{shown}: {field}" if field else shown
        super().__init__(f"{where}: {self.message}")


# ---------------------------------------------------------------- reading


def _kind(value: object) -> str:
    """How a wrong value reads in a message: "text ('abc')", "true/false", "a list"."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true/false"
    if isinstance(value, numbers.Real):
        return f"the number {value!r}"
    if isinstance(value, str):
        shown = value if len(value) <= 40 else value[:37] + "..."
        return f"text ({shown!r})"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "an object"
    return type(value).__name__


def _is_number(value: object) -> bool:
    return isinstance(value, numbers.Real) and not isinstance(value, (bool, np.bool_))


def _fail(source: str, path: str, message: str) -> RecordingError:
    return RecordingError(source, path, message)


def _field(source: str, obj: dict[str, Any], path: str, key: str) -> Any:
    if key not in obj:
        raise _fail(source, f"{path}.{key}" if path else key, "is missing")
    return obj[key]


def _sample_error(source: str, path: str, sample: object) -> RecordingError:
    """The precise problem with a sample the fast path refused."""
    if not isinstance(sample, dict):
        return _fail(source, path, f"expected an object with t, x and y, found {_kind(sample)}")
    for key in ("t", "x", "y"):
        value = _field(source, sample, path, key)
        if not _is_number(value):
            return _fail(source, f"{path}.{key}", f"expected a number, found {_kind(value)}")
    contact = sample.get("contact", DEFAULT_CONTACT)
    if not isinstance(contact, bool):
        return _fail(source, f"{path}.contact", f"expected true or false, found {_kind(contact)}")
    pressure = sample.get("pressure", DEFAULT_PRESSURE)
    if not _is_number(pressure):
        return _fail(source, f"{path}.pressure", f"expected a number, found {_kind(pressure)}")
    return _fail(source, path, "is not a valid sample")  # pragma: no cover - fast path agrees


_FAST_NUMBERS = (int, float)


def _floats(source: str, path: str, name: str, values: list[Any]) -> FloatArray:
    """Values already known to be numbers, as float64; huge integers and NaN are refused."""
    try:
        arr = np.array(values, dtype=np.float64)
    except OverflowError:
        arr = np.array([float(v) if abs(v) < 1e308 else math.inf for v in values])
    bad = ~np.isfinite(arr)
    if bad.any():
        j = int(np.argmax(bad))
        raise _fail(source, f"{path}[{j}].{name}",
                    f"expected a finite number, found {values[j]!r}")
    return arr


def _parse_samples(
    source: str, path: str, samples: list[Any]
) -> tuple[FloatArray, FloatArray, FloatArray, BoolArray, FloatArray]:
    ts: list[Any] = []
    xs: list[Any] = []
    ys: list[Any] = []
    cs: list[bool] = []
    ps: list[Any] = []
    # The fast path: JSON gives exact int/float/bool types, so `type(v) in`
    # refuses bools (a subclass of int) without an isinstance call per value.
    # Anything unusual falls to _sample_error, which says precisely what is wrong.
    for j, s in enumerate(samples):
        if type(s) is not dict:
            raise _sample_error(source, f"{path}[{j}]", s)
        t = s.get("t")
        x = s.get("x")
        y = s.get("y")
        c = s.get("contact", True)
        p = s.get("pressure", DEFAULT_PRESSURE)
        fast = (type(t) in _FAST_NUMBERS and type(x) in _FAST_NUMBERS
                and type(y) in _FAST_NUMBERS and type(p) in _FAST_NUMBERS
                and (c is True or c is False))
        if not fast and not (_is_number(t) and _is_number(x) and _is_number(y)
                             and _is_number(p) and isinstance(c, bool)):
            raise _sample_error(source, f"{path}[{j}]", s)
        ts.append(t)
        xs.append(x)
        ys.append(y)
        cs.append(bool(c))
        ps.append(p)
    t_arr = _floats(source, path, "t", ts)
    x_arr = _floats(source, path, "x", xs)
    y_arr = _floats(source, path, "y", ys)
    p_arr = _floats(source, path, "pressure", ps)
    out_of_range = (p_arr < 0.0) | (p_arr > 1.0)
    if out_of_range.any():
        j = int(np.argmax(out_of_range))
        raise _fail(source, f"{path}[{j}].pressure", f"must lie between 0 and 1, found {ps[j]!r}")
    return t_arr, x_arr, y_arr, np.array(cs, dtype=np.bool_), p_arr


def parse_recording(data: object, source: str) -> Recording:
    """Check decoded JSON against docs/recording-format.md and build a Recording.

    `source` names the file in error messages. Extra fields are ignored.
    """
    if not isinstance(data, dict):
        raise _fail(source, "(top level)", f"expected a JSON object, found {_kind(data)}")
    fmt = _field(source, data, "", "format")
    if fmt != FORMAT:
        raise _fail(source, "format", f"expected {FORMAT!r}, found {_kind(fmt)}")
    version = _field(source, data, "", "version")
    if not isinstance(version, int) or isinstance(version, bool):
        raise _fail(source, "version",
                    f"expected the whole number {VERSION}, found {_kind(version)}")
    if version != VERSION:
        raise _fail(source, "version",
                    f"version {version} is not supported (this program reads version {VERSION})")
    first_session = data.get("first_session", False)
    if not isinstance(first_session, bool):
        raise _fail(source, "first_session",
                    f"expected true or false, found {_kind(first_session)}")
    phases_data = _field(source, data, "", "phases")
    if not isinstance(phases_data, list):
        raise _fail(source, "phases", f"expected a list, found {_kind(phases_data)}")
    if not phases_data:
        raise _fail(source, "phases", "is empty; a recording needs at least one phase")

    phases: list[Phase] = []
    last_t: float | None = None
    for i, item in enumerate(phases_data):
        path = f"phases[{i}]"
        if not isinstance(item, dict):
            raise _fail(source, path, f"expected an object, found {_kind(item)}")
        technique = _field(source, item, path, "technique")
        if not isinstance(technique, str):
            raise _fail(source, f"{path}.technique", f"expected text, found {_kind(technique)}")
        if technique not in TECHNIQUE_IDS:
            known = ", ".join(TECHNIQUE_IDS)
            raise _fail(source, f"{path}.technique",
                        f"unknown technique {technique!r} (expected one of {known})")
        samples = _field(source, item, path, "samples")
        if not isinstance(samples, list):
            raise _fail(source, f"{path}.samples", f"expected a list, found {_kind(samples)}")
        if not samples:
            raise _fail(source, f"{path}.samples", "is empty; a phase needs at least one sample")
        t, x, y, contact, pressure = _parse_samples(source, f"{path}.samples", samples)
        # t never decreases across the whole recording, phase boundaries included.
        back = np.flatnonzero(np.diff(t) < 0)
        if last_t is not None and t[0] < last_t:
            raise _fail(source, f"{path}.samples[0].t",
                        f"time goes backwards ({float(t[0])!r} after {last_t!r})")
        if len(back):
            j = int(back[0]) + 1
            raise _fail(source, f"{path}.samples[{j}].t",
                        f"time goes backwards ({float(t[j])!r} after {float(t[j - 1])!r})")
        last_t = float(t[-1])
        phases.append(Phase(technique, t, x, y, contact, pressure))
    return Recording(tuple(phases), first_session)


class _NonFiniteSeen:
    """Notes JSON's NaN/Infinity literals, which Python accepts but JSON does not."""

    def __init__(self) -> None:
        self.seen: str | None = None

    def __call__(self, name: str) -> float:
        if self.seen is None:
            self.seen = name
        return float(name.replace("Infinity", "inf"))


def load_recording(path: str | os.PathLike[str]) -> Recording:
    """Read and check a recording file; any problem raises RecordingError."""
    source = str(path)
    try:
        raw = Path(path).read_bytes()
    except IsADirectoryError:
        raise _fail(source, "", "is a folder, not a recording file") from None
    except OSError as err:
        raise _fail(source, "", f"cannot be read ({err.strerror or err})") from None
    try:
        # utf-8-sig: tolerate the byte-order mark some Windows editors add.
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        raise _fail(source, "", f"not UTF-8 text (bad byte at offset {err.start})") from None
    constants = _NonFiniteSeen()
    try:
        data = json.loads(text, parse_constant=constants)
    except json.JSONDecodeError as err:
        where = f"line {err.lineno}, column {err.colno}"
        raise _fail(source, "", f"not valid JSON: {err.msg} ({where})") from None
    except RecursionError:
        raise _fail(source, "", "not a recording: the JSON is nested too deeply") from None
    except ValueError:  # Python refuses integers of thousands of digits
        raise _fail(source, "", "not a recording: a number has too many digits") from None
    # A NaN in a checked field is reported with its field path by parse_recording;
    # one anywhere else still makes the file invalid JSON.
    recording = parse_recording(data, source)
    if constants.seen is not None:
        raise _fail(source, "", f"not valid JSON: {constants.seen} is not a JSON number")
    return recording


# ---------------------------------------------------------------- writing


def recording_to_dict(recording: Recording) -> dict[str, Any]:
    """The recording as JSON-ready data in the spec's format."""
    return {
        "format": FORMAT,
        "version": VERSION,
        "first_session": recording.first_session,
        "phases": [
            {
                "technique": phase.technique,
                "samples": [
                    {"t": t, "x": x, "y": y, "contact": c, "pressure": p}
                    for t, x, y, c, p in zip(phase.t.tolist(), phase.x.tolist(), phase.y.tolist(),
                                             phase.contact.tolist(), phase.pressure.tolist(),
                                             strict=True)
                ],
            }
            for phase in recording.phases
        ],
    }


def _json_lines(recording: Recording) -> Iterator[str]:
    """The file text, one sample a line so a person can read and diff it.

    Python's repr of a finite float is valid JSON and round-trips exactly, and
    formatting it directly is several times faster than json.dumps per sample.
    """
    yield (f'{{"format": {json.dumps(FORMAT)}, "version": {VERSION}, '
           f'"first_session": {json.dumps(recording.first_session)}, "phases": [\n')
    for i, phase in enumerate(recording.phases):
        yield f'{{"technique": {json.dumps(phase.technique)}, "samples": [\n'
        rows = zip(phase.t.tolist(), phase.x.tolist(), phase.y.tolist(),
                   phase.contact.tolist(), phase.pressure.tolist(), strict=True)
        yield ",\n".join(
            f'{{"t": {t!r}, "x": {x!r}, "y": {y!r}, "contact": {"true" if c else "false"}, '
            f'"pressure": {p!r}}}'
            for t, x, y, c, p in rows
        )
        yield "\n]}" + ("," if i < len(recording.phases) - 1 else "") + "\n"
    yield "]}\n"


def save_recording(recording: Recording, path: str | os.PathLike[str]) -> None:
    """Write the recording atomically: a crash leaves the old file or the new, never half."""
    target = Path(path)
    fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as f:
            f.writelines(_json_lines(recording))
            f.flush()
            os.fsync(f.fileno())
        # mkstemp makes the file private (0600); a recording is meant to be shared.
        os.chmod(tmp, target.stat().st_mode & 0o777 if target.exists() else 0o644)
        os.replace(tmp, target)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise
