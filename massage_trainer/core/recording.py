"""Drill recordings read from files: checked against the format and its limits.

The format is specified in docs/recording-format.md. `load_recording`,
`recording_from_json` and `parse_recording` check everything the spec lists,
the limits (`Limits`) included, and raise `RecordingError`, whose message is
one line naming the file, the field and what is wrong, so the CLI and the
screens can show it as is. Writing is core/recording_write.py's
(`save_recording`, `recording_to_dict`), and the recording itself (`Recording`,
`Phase`, `RecordingBuilder`) core/samples.py's; both are importable from here.
"""

from __future__ import annotations

import json
import math
import numbers
import os
import stat
from dataclasses import dataclass
from typing import Any, Final

import numpy as np

from massage_trainer.core.geometry import BoolArray, FloatArray
from massage_trainer.core.recording_write import FORMAT, VERSION, recording_to_dict, save_recording
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
    "DEFAULT_CONTACT", "DEFAULT_PRESSURE", "FORMAT", "LIMITS", "MAX_ABS_XY", "MAX_FILE_BYTES",
    "MAX_SAMPLES", "MAX_T_S", "VERSION", "Limits", "Phase", "Recording", "RecordingBuilder",
    "RecordingError", "Samples", "load_recording", "parse_recording", "recording_from_json",
    "recording_to_dict", "save_recording",
]

# What a recording may hold (docs/recording-format.md, "The file"): enough for a day of drawing,
# small enough that a stray or hostile file cannot stall the app or fill its memory.
MAX_FILE_BYTES: Final = 50_000_000  # 50 MB
MAX_SAMPLES: Final = 2_000_000  # in all phases together
MAX_T_S: Final = 86_400.0  # 0 <= t <= a day
MAX_ABS_XY: Final = 10.0  # |x|, |y| <= ten back lengths


@dataclass(frozen=True)
class Limits:
    """The limits a reader applies; the defaults are the spec's, tests pass smaller ones."""

    max_file_bytes: int = MAX_FILE_BYTES
    max_samples: int = MAX_SAMPLES
    max_t_s: float = MAX_T_S
    max_abs_xy: float = MAX_ABS_XY


LIMITS: Final = Limits()


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


def _check_range(source: str, path: str, name: str, arr: FloatArray, values: list[Any],
                 low: float, high: float) -> None:
    bad = (arr < low) | (arr > high)
    if bad.any():
        j = int(np.argmax(bad))
        raise _fail(source, f"{path}[{j}].{name}",
                    f"must lie between {low:,g} and {high:,g}, found {values[j]!r}")


def _parse_samples(
    source: str, path: str, samples: list[Any], limits: Limits
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
    _check_range(source, path, "t", t_arr, ts, 0.0, limits.max_t_s)
    _check_range(source, path, "x", x_arr, xs, -limits.max_abs_xy, limits.max_abs_xy)
    _check_range(source, path, "y", y_arr, ys, -limits.max_abs_xy, limits.max_abs_xy)
    _check_range(source, path, "pressure", p_arr, ps, 0.0, 1.0)
    return t_arr, x_arr, y_arr, np.array(cs, dtype=np.bool_), p_arr


def _planned_s(source: str, path: str, item: dict[str, Any]) -> float | None:
    """A phase's optional planned_s: a finite number of seconds above 0."""
    if "planned_s" not in item:
        return None
    value = item["planned_s"]
    if not _is_number(value):
        raise _fail(source, f"{path}.planned_s",
                    f"expected a number of seconds above 0, found {_kind(value)}")
    try:
        seconds = float(value)
    except OverflowError:
        seconds = math.inf
    if not math.isfinite(seconds):
        raise _fail(source, f"{path}.planned_s", f"expected a finite number, found {value!r}")
    if seconds <= 0:
        raise _fail(source, f"{path}.planned_s", f"must be above 0 seconds, found {value!r}")
    return seconds


def _count_samples(source: str, phases: list[Any], limits: Limits) -> None:
    """Refuse too many samples before a single one is checked or copied into an array."""
    total = sum(len(item["samples"]) for item in phases
                if isinstance(item, dict) and isinstance(item.get("samples"), list))
    if total > limits.max_samples:
        raise _fail(source, "phases", f"{total:,} samples in all; a recording may hold at most "
                    f"{limits.max_samples:,}")


def parse_recording(data: object, source: str, limits: Limits = LIMITS) -> Recording:
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
    _count_samples(source, phases_data, limits)

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
        planned_s = _planned_s(source, path, item)
        samples = _field(source, item, path, "samples")
        if not isinstance(samples, list):
            raise _fail(source, f"{path}.samples", f"expected a list, found {_kind(samples)}")
        if not samples:
            raise _fail(source, f"{path}.samples", "is empty; a phase needs at least one sample")
        t, x, y, contact, pressure = _parse_samples(source, f"{path}.samples", samples, limits)
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
        phases.append(Phase(technique, t, x, y, contact, pressure, planned_s))
    return Recording(tuple(phases), first_session)


class _NonFiniteSeen:
    """Notes JSON's NaN/Infinity literals, which Python accepts but JSON does not."""

    def __init__(self) -> None:
        self.seen: str | None = None

    def __call__(self, name: str) -> float:
        if self.seen is None:
            self.seen = name
        return float(name.replace("Infinity", "inf"))


def _too_big(source: str, size: int, limits: Limits) -> RecordingError:
    return _fail(source, "", f"the file is {size:,} bytes; a recording may be at most "
                 f"{limits.max_file_bytes:,} bytes ({limits.max_file_bytes / 1e6:g} MB)")


def _not_a_file(source: str, mode: int) -> RecordingError:
    if stat.S_ISDIR(mode):
        return _fail(source, "", "is a folder, not a recording file")
    return _fail(source, "", "is not a regular file (a pipe, a device or a socket), not a recording file")


def _read_bytes(path: str | os.PathLike[str], source: str, limits: Limits) -> bytes:
    """The file's bytes, refused before reading when it is not a regular file or is too big."""
    raw = b""
    try:
        info = os.stat(path)  # never opens the path: a FIFO cannot block here
        if stat.S_ISREG(info.st_mode) and info.st_size <= limits.max_file_bytes:
            # O_NONBLOCK: should the path turn into a FIFO after the stat, opening it still returns.
            fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0))
            with os.fdopen(fd, "rb") as f:
                info = os.fstat(f.fileno())
                if stat.S_ISREG(info.st_mode):
                    # At most one byte over the limit: a file that grows meanwhile is not read whole.
                    raw = f.read(limits.max_file_bytes + 1)
    except OSError as err:
        raise _fail(source, "", f"cannot be read ({err.strerror or err})") from None
    except ValueError:  # a NUL byte in the name
        raise _fail(source, "", "cannot be read (the name is not a valid file name)") from None
    if not stat.S_ISREG(info.st_mode):
        raise _not_a_file(source, info.st_mode)
    size = max(info.st_size, len(raw))
    if size > limits.max_file_bytes:
        raise _too_big(source, size, limits)
    return raw


def recording_from_json(text: str | bytes, source: str, limits: Limits = LIMITS) -> Recording:
    """Decode a recording's JSON text (a file's, or one kept in the database) and check it."""
    if isinstance(text, bytes):
        try:
            # utf-8-sig: tolerate the byte-order mark some Windows editors add.
            text = text.decode("utf-8-sig")
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
    recording = parse_recording(data, source, limits)
    if constants.seen is not None:
        raise _fail(source, "", f"not valid JSON: {constants.seen} is not a JSON number")
    return recording


def load_recording(path: str | os.PathLike[str], limits: Limits = LIMITS) -> Recording:
    """Read and check a recording file; any problem raises RecordingError."""
    source = str(path)
    return recording_from_json(_read_bytes(path, source, limits), source, limits)
