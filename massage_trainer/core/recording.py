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

from massage_trainer.core.capped_read import read_capped
from massage_trainer.core.geometry import BoolArray, FloatArray
from massage_trainer.core.recording_json import (
    SampleColumns,
    Skipped,
    TooDeep,
    TooManyPhases,
    decode_recording,
    decode_text,
)
from massage_trainer.core.recording_write import FORMAT, VERSION, recording_to_dict, save_recording
from massage_trainer.core.safe_text import NAME_LIMIT, describe_os_error, printable
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
    "MAX_PHASES", "MAX_SAMPLES", "MAX_T_S", "VERSION", "Limits", "Phase", "Recording", "RecordingBuilder",
    "RecordingError", "Samples", "load_recording", "parse_recording", "recording_from_json",
    "recording_to_dict", "save_recording",
]

# What a recording may hold (docs/recording-format.md, "The file"): enough for a day of drawing,
# small enough that a stray or hostile file cannot stall the app or fill its memory.
MAX_FILE_BYTES: Final = 50_000_000  # 50 MB
MAX_SAMPLES: Final = 2_000_000  # in all phases together
MAX_T_S: Final = 86_400.0  # 0 <= t <= a day
MAX_ABS_XY: Final = 10.0  # |x|, |y| <= ten back lengths
# An implementation limit, not the format's: a session has six phases, a drill one.
MAX_PHASES: Final = 1_000
# A message quotes at most this much of a value from the file, and is at most MESSAGE_LIMIT long.
_QUOTE_LIMIT: Final = 60
MESSAGE_LIMIT: Final = 400


@dataclass(frozen=True)
class Limits:
    """The limits a reader applies; the defaults are the spec's, tests pass smaller ones."""

    max_file_bytes: int = MAX_FILE_BYTES
    max_samples: int = MAX_SAMPLES
    max_t_s: float = MAX_T_S
    max_abs_xy: float = MAX_ABS_XY
    max_phases: int = MAX_PHASES


LIMITS: Final = Limits()


class RecordingError(ValueError):
    """A recording that cannot be read. str() is one line: "<file>: <field>: <problem>"."""

    def __init__(self, file: str, field: str, message: str) -> None:
        self.file = file
        self.field = field
        # One line, bounded, whatever went into it: file names and values are escaped, not obeyed.
        self.message = printable(" ".join(message.split()), MESSAGE_LIMIT)
        shown = printable(file, NAME_LIMIT)
        where = f"{shown}: {printable(field)}" if field else shown
        super().__init__(f"{where}: {self.message}")


# ---------------------------------------------------------------- reading


def _kind(value: object) -> str:
    """How a wrong value reads in a message: "text ('abc')", "true/false", "a list"."""
    if value is None:
        return "null"
    if isinstance(value, Skipped):
        return value.kind
    if isinstance(value, SampleColumns):
        return "a list"
    if isinstance(value, bool):
        return "true/false"
    if isinstance(value, numbers.Real):
        return f"the number {_shown(value)}"
    if isinstance(value, str):
        return f"text ({printable(repr(value), _QUOTE_LIMIT)})"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "an object"
    return type(value).__name__


def _shown(value: object) -> str:
    """A value from the file as a message quotes it: its repr, escaped and short."""
    try:
        text = repr(value)
    except ValueError:  # an int of more digits than Python writes out
        return "a number of thousands of digits"
    return printable(text, _QUOTE_LIMIT)


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


def _column(source: str, path: str, name: str, columns: SampleColumns) -> FloatArray:
    """One field of every sample, as float64; a value not finite or out of range is refused."""
    arr: FloatArray = np.frombuffer(getattr(columns, name), dtype=np.float64)
    bad = ~np.isfinite(arr)
    if bad.any():
        j = int(np.argmax(bad))
        raise _fail(source, f"{path}[{j}].{name}",
                    f"expected a finite number, found {_shown(columns.value(j, name))}")
    return arr


def _check_range(source: str, path: str, name: str, arr: FloatArray, columns: SampleColumns,
                 low: float, high: float) -> None:
    bad = (arr < low) | (arr > high)
    if bad.any():
        j = int(np.argmax(bad))
        raise _fail(source, f"{path}[{j}].{name}",
                    f"must lie between {low:,g} and {high:,g}, found {_shown(columns.value(j, name))}")


def _as_columns(samples: list[Any] | SampleColumns) -> SampleColumns:
    """The samples as columns: the JSON reader makes them; decoded data (a list) is read into them."""
    if isinstance(samples, SampleColumns):
        return samples
    columns = SampleColumns(samples.__getitem__)
    columns.add(samples)
    return columns


def _parse_samples(
    source: str, path: str, samples: list[Any] | SampleColumns, limits: Limits
) -> tuple[FloatArray, FloatArray, FloatArray, BoolArray, FloatArray]:
    columns = _as_columns(samples)
    if columns.bad is not None:  # the first element that is not a sample of numbers: say what is wrong
        j, sample = columns.bad
        raise _sample_error(source, f"{path}[{j}]", sample)
    t, x, y, pressure = (_column(source, path, name, columns) for name in ("t", "x", "y", "pressure"))
    xy = limits.max_abs_xy
    for name, arr, low, high in (("t", t, 0.0, limits.max_t_s), ("x", x, -xy, xy), ("y", y, -xy, xy),
                                 ("pressure", pressure, 0.0, 1.0)):
        _check_range(source, path, name, arr, columns, low, high)
    return t, x, y, np.frombuffer(columns.contact, dtype=np.bool_), pressure


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
    if len(phases) > limits.max_phases:
        raise _fail(source, "phases", f"{len(phases):,} phases; a recording may hold at most "
                    f"{limits.max_phases:,}")
    total = sum(len(item["samples"]) for item in phases
                if isinstance(item, dict) and isinstance(item.get("samples"), (list, SampleColumns)))
    if total > limits.max_samples:
        raise _fail(source, "phases", f"{total:,} samples in all; a recording may hold at most "
                    f"{limits.max_samples:,}")


def parse_recording(data: object, source: str, limits: Limits = LIMITS) -> Recording:
    """Check decoded JSON against docs/recording-format.md and build a Recording.

    `source` names the file in error messages. Extra fields are ignored.
    """
    if not isinstance(data, dict):
        raise _fail(source, "(top level)", f"expected a JSON object, found {_kind(data)}")
    if "format" not in data:
        raise _fail(source, "format", f"is missing: this is JSON, but not a Massage Trainer recording, which "
                    f"begins with \"format\": \"{FORMAT}\" and its version (export one from Practice to see)")
    fmt = data["format"]
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
        if not isinstance(samples, (list, SampleColumns)):
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
    try:
        info, raw = read_capped(path, limits.max_file_bytes)
    except OSError as err:
        raise _fail(source, "", f"cannot be read ({describe_os_error(err)})") from None
    except ValueError:  # a NUL byte in the name
        raise _fail(source, "", "cannot be read (the name is not a valid file name)") from None
    if not stat.S_ISREG(info.st_mode):
        raise _not_a_file(source, info.st_mode)
    size = max(info.st_size, len(raw))
    if size > limits.max_file_bytes:
        raise _too_big(source, size, limits)
    return raw


def recording_from_json(text: str | bytes, source: str, limits: Limits = LIMITS) -> Recording:
    """Decode a recording's JSON text (a file's, or one kept in the database) and check it.

    The JSON is read by core/recording_json.py, which never builds an object per sample.
    """
    if isinstance(text, bytes):
        try:
            # A byte-order mark, which some Windows editors add, is tolerated.
            text = decode_text(text)
        except UnicodeDecodeError as err:
            raise _fail(source, "", f"not UTF-8 text (bad byte at offset {err.start})") from None
    constants = _NonFiniteSeen()
    try:
        data = decode_recording(text, constants, limits.max_phases)
    except json.JSONDecodeError as err:
        where = f"line {err.lineno}, column {err.colno}"
        raise _fail(source, "", f"not valid JSON: {err.msg} ({where})") from None
    except (RecursionError, TooDeep):
        raise _fail(source, "", "not a recording: the JSON is nested too deeply") from None
    except TooManyPhases:
        raise _fail(source, "phases", f"more than {limits.max_phases:,} phases; a recording may hold at "
                    f"most {limits.max_phases:,}") from None
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
