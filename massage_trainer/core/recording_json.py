"""A recording's JSON, decoded without an object per sample, so that reading stays within bounds.

`json.loads` makes a dict and three to five floats for every sample: about
300 bytes for 20 bytes of text, so a 50 MB file of two million samples took
600 MB. `decode_recording` reads the same JSON with the standard library's own
scanner, but the structure it expects (an object whose `phases` hold objects
whose `samples` hold samples) it reads itself: each list of samples goes
straight into compact arrays (`SampleColumns`, 33 bytes a sample), a run of
small elements at a time, and any other list or object is checked as JSON and
kept only as what it is (`Skipped`: "a list", "an object"), never built. So
memory stays near the size of the text, whatever the text holds.

It accepts and refuses exactly what `json.loads` does (the same JSONDecodeError
for bad JSON; NaN and Infinity go to `parse_constant`), plus two limits of its own:
nesting deeper than MAX_DEPTH, and more than `max_phases` phases, refused as soon as
they are seen (`TooDeep`, `TooManyPhases`). The checks of the format are
core/recording.py's.
"""

from __future__ import annotations

import json
import math
import numbers
import re
from array import array
from collections.abc import Callable
from json.decoder import JSONDecodeError
from typing import Any, Final

from massage_trainer.core.samples import DEFAULT_CONTACT, DEFAULT_PRESSURE

__all__ = ["MAX_DEPTH", "SampleColumns", "Skipped", "TooDeep", "TooManyPhases", "decode_recording",
           "decode_text"]

# A recording nests five deep (the file, phases, a phase, samples, a sample); other fields may add a few.
MAX_DEPTH: Final = 100
# Text decoded a run of small elements at a time: bounded, so a run never costs much memory.
_RUN_CHARS: Final = 1 << 20
_WS = re.compile(r"[ \t\n\r]*")
_STRING = r'"(?:[^"\\]++|\\.)*+"'
_TOKEN = r'[^\s,:\[\]{}"]++'  # a number, true, false, null (the scanner says whether it is one)


def _nested(levels: int) -> str:
    """A list or an object nesting at most `levels` deep, as a regular expression. It need not
    pair "[" with "]": the scanner checks what it matched."""
    inside = rf'(?:[^"\[\]{{}}]++|{_STRING})*+'
    for _ in range(levels - 1):
        inside = rf'(?:[^"\[\]{{}}]++|{_STRING}|[\[{{]{inside}[\]}}])*+'
    return rf"[\[{{]{inside}[\]}}]"


# Elements nesting up to this deep are decoded in runs; deeper ones are read one by one.
_RUN_DEPTH: Final = 8
_FLAT = _nested(_RUN_DEPTH)
_RUN = re.compile(rf"(?:(?:{_FLAT}|{_STRING}|{_TOKEN})[ \t\n\r]*+,[ \t\n\r]*+)++")
_FLAT_RE = re.compile(_FLAT)
# The usual run: flat objects (samples), matched several times faster than the nested pattern.
_FLAT_RUN = re.compile(rf"(?:{_nested(1)}[ \t\n\r]*+,[ \t\n\r]*+)++")
_NUMBERS = frozenset({int, float})
_NON_ASCII = re.compile(r"(\\*)([^\x00-\x7f])")
_SAMPLE_KEYS = ("t", "x", "y", "contact", "pressure")
# The standard library's own string scanner (C where built), which typeshed does not name.
_scanstring: Callable[[str, int, bool], tuple[str, int]] = json.decoder.scanstring  # type: ignore[attr-defined]


class TooDeep(ValueError):
    """The JSON nests deeper than MAX_DEPTH."""


class TooManyPhases(ValueError):
    """The phases list holds more than the limit."""


class Skipped:
    """A list or an object the format does not need, checked as JSON but not built."""

    __slots__ = ("kind",)

    def __init__(self, kind: str) -> None:
        self.kind = kind

    def __repr__(self) -> str:
        return self.kind


class SampleColumns:
    """A list of samples read into arrays, as they come. Storing stops at the first element that is
    not a sample of plain numbers (`bad`: its index and the element), but every element is counted.

    `original(index)` gives an element back as the file wrote it, for a message.
    """

    def __init__(self, original: Callable[[int], object]) -> None:
        self.t, self.x, self.y, self.pressure = array("d"), array("d"), array("d"), array("d")
        self.contact = bytearray()
        self.count = 0
        self.bad: tuple[int, object] | None = None
        self._original = original

    def __len__(self) -> int:
        return self.count

    def add(self, items: list[Any]) -> None:
        """Elements of the list, in order."""
        if self.bad is None and not self._add_fast(items):
            for k, item in enumerate(items):
                if not self._add_one(item):
                    self.bad = (self.count + k, item)
                    break
        self.count += len(items)

    def _add_fast(self, items: list[Any]) -> bool:
        """All the items at once, when all are samples of JSON numbers that fit a float."""
        if any(type(item) is not dict for item in items):
            return False
        t, x, y = [d.get("t") for d in items], [d.get("x") for d in items], [d.get("y") for d in items]
        contact = [d.get("contact", DEFAULT_CONTACT) for d in items]
        pressure = [d.get("pressure", DEFAULT_PRESSURE) for d in items]
        # JSON gives exact int and float types: `type` refuses a bool, a subclass of int.
        if not (set(map(type, t)) <= _NUMBERS and set(map(type, x)) <= _NUMBERS and set(map(type, y)) <= _NUMBERS
                and set(map(type, pressure)) <= _NUMBERS and set(map(type, contact)) <= {bool}):
            return False
        try:
            columns = [array("d", t), array("d", x), array("d", y), array("d", pressure)]
        except OverflowError:  # an integer too large for a float: one at a time
            return False
        for column, values in zip((self.t, self.x, self.y, self.pressure), columns, strict=True):
            column.extend(values)
        self.contact.extend(contact)
        return True

    def _add_one(self, item: object) -> bool:
        if not isinstance(item, dict):
            return False
        values = [item.get("t"), item.get("x"), item.get("y"), item.get("pressure", DEFAULT_PRESSURE)]
        contact = item.get("contact", DEFAULT_CONTACT)
        if not all(_is_number(v) for v in values) or not isinstance(contact, bool):
            return False
        for column, value in zip((self.t, self.x, self.y, self.pressure), values, strict=True):
            try:
                column.append(float(value))
            except OverflowError:  # refused as not finite, with its own digits, by the checks
                column.append(math.inf)
        self.contact.append(contact)
        return True

    def value(self, index: int, name: str) -> object:
        """Sample `index`'s field as the file wrote it (an int stays an int), for a message."""
        sample = self._original(index)
        default = DEFAULT_PRESSURE if name == "pressure" else None
        return sample.get(name, default) if isinstance(sample, dict) else None


def _is_number(value: object) -> bool:
    return isinstance(value, numbers.Real) and not isinstance(value, bool)


def _escape(match: re.Match[str]) -> str:
    slashes, ch = match.group(1), match.group(2)
    if len(slashes) % 2:  # "\é" is a bad escape: keep it one ("\x" is not JSON either)
        return slashes + "x"
    code = ord(ch)
    if code < 0x10000:
        return f"{slashes}\\u{code:04x}"
    code -= 0x10000
    return f"{slashes}\\u{0xD800 + (code >> 10):04x}\\u{0xDC00 + (code & 0x3FF):04x}"


def decode_text(raw: bytes) -> str:
    """UTF-8 bytes (a byte-order mark allowed) as text; UnicodeDecodeError names the bad byte's offset
    in the whole file.

    A big file that is not plain ASCII is decoded a piece at a time, each character past ASCII
    written as its JSON escape: one emoji would otherwise make Python keep the whole text at four
    bytes a character.
    """
    start = 3 if raw.startswith(b"\xef\xbb\xbf") else 0
    whole = raw.isascii() or len(raw) - start <= _RUN_CHARS
    pieces = []
    while start < len(raw):
        end = len(raw) if whole else min(len(raw), start + _RUN_CHARS)
        while end < len(raw) and 0x80 <= raw[end] < 0xC0:  # never cut a character in two
            end -= 1
        try:
            piece = raw[start:end].decode("utf-8")
        except UnicodeDecodeError as err:
            raise UnicodeDecodeError("utf-8", raw, start + err.start, start + err.end, err.reason) from None
        pieces.append(piece if whole or piece.isascii() else _NON_ASCII.sub(_escape, piece))
        start = end
    return "".join(pieces)


Read = Callable[[int, int], tuple[Any, int]]


class _Reader:
    def __init__(self, text: str, parse_constant: Callable[[str], Any], max_phases: int) -> None:
        self.s = text
        self.decoder = json.JSONDecoder(parse_constant=parse_constant)
        self._scan = self.decoder.scan_once  # type: ignore[attr-defined]
        self.max_phases = max_phases
        self.top_fields: dict[str, Read] = {"format": self.value, "version": self.value,
                                            "first_session": self.value, "phases": self.phases}
        self.phase_fields: dict[str, Read] = {"technique": self.value, "planned_s": self.value,
                                              "samples": self.samples}
        self.sample_fields: dict[str, Read] = dict.fromkeys(_SAMPLE_KEYS, self.value)

    # ------------------------------------------------------------ the pieces of JSON

    def ws(self, i: int) -> int:
        return _WS.match(self.s, i).end()  # type: ignore[union-attr]  # it always matches

    def scan(self, i: int) -> tuple[Any, int]:
        try:
            return self._scan(self.s, i)  # type: ignore[no-any-return]
        except StopIteration as err:
            raise JSONDecodeError("Expecting value", self.s, err.value) from None

    def small(self, i: int, depth: int) -> bool:
        """The list or object at i is short and nests little: the scanner may build it whole."""
        return depth + _RUN_DEPTH <= MAX_DEPTH and _FLAT_RE.match(self.s, i, i + _RUN_CHARS) is not None

    def deeper(self, i: int, depth: int) -> int:
        if depth + 1 > MAX_DEPTH:
            raise TooDeep(i)
        return depth + 1

    def value(self, i: int, depth: int) -> tuple[Any, int]:
        """Any value: a scalar as itself, a list or an object checked and kept as Skipped."""
        s = self.s
        if not s.startswith(("{", "["), i):
            return self.scan(i)
        kind = "an object" if s[i] == "{" else "a list"
        inner = self.deeper(i, depth)
        if self.small(i, depth):
            return Skipped(kind), self.scan(i)[1]
        if kind == "a list":
            return Skipped(kind), self.read_array(i, inner, None, self.value)
        return Skipped(kind), self.read_object(i, inner, {})[1]

    def read_object(self, i: int, depth: int, fields: dict[str, Read]) -> tuple[dict[str, Any], int]:
        """An object at i: the values of `fields`' keys read their way and kept (a key read twice keeps
        the last, as json.loads does); any other value checked as JSON only."""
        s = self.s
        found: dict[str, Any] = {}
        i = self.ws(i + 1)
        if s.startswith("}", i):
            return found, i + 1
        while True:
            if not s.startswith('"', i):
                raise JSONDecodeError("Expecting property name enclosed in double quotes", s, i)
            key, i = _scanstring(s, i + 1, True)
            i = self.ws(i)
            if not s.startswith(":", i):
                raise JSONDecodeError("Expecting ':' delimiter", s, i)
            i = self.ws(i + 1)
            read = fields.get(key)
            if read is None:
                i = self.value(i, depth)[1]
            else:
                found[key], i = read(i, depth)
            i = self.ws(i)
            if s.startswith("}", i):
                return found, i + 1
            if not s.startswith(",", i):
                raise JSONDecodeError("Expecting ',' delimiter", s, i)
            i = self.ws(i + 1)

    def read_array(self, i: int, depth: int, on_run: Callable[[list[Any]], None] | None, on_element: Read,
                   runs: bool = True) -> int:
        """A list at i: runs of small elements decoded at once and handed to on_run, any other element
        (every element, if not `runs`) read by on_element and handed to on_run alone (on_run None:
        only checked). Its end."""
        s = self.s
        i = self.ws(i + 1)
        if s.startswith("]", i):
            return i + 1
        one_by_one_until = i
        runs = runs and depth + _RUN_DEPTH <= MAX_DEPTH
        while True:
            run = None
            if i >= one_by_one_until and runs:
                run = _FLAT_RUN.match(s, i, i + _RUN_CHARS) or _RUN.match(s, i, i + _RUN_CHARS)
            if run is not None:
                try:
                    items = self.decoder.decode("[" + s[i:run.end()].rstrip(" \t\n\r")[:-1] + "]")
                except JSONDecodeError:  # read them one by one: the element says where it is wrong
                    one_by_one_until = run.end()
                else:
                    if on_run is not None:
                        on_run(items)
                    i = self.ws(run.end())  # a run cut at the window's end may stop before its space
                    continue
            value, i = on_element(i, depth)
            if on_run is not None:
                on_run([value])
            i = self.ws(i)
            if s.startswith("]", i):
                return i + 1
            if not s.startswith(",", i):
                raise JSONDecodeError("Expecting ',' delimiter", s, i)
            i = self.ws(i + 1)

    # ------------------------------------------------------------ the recording's structure

    def document(self) -> Any:
        s = self.s
        if s.startswith("\ufeff"):
            raise JSONDecodeError("Unexpected UTF-8 BOM (decode using utf-8-sig)", s, 0)
        i = self.ws(0)
        if s.startswith("{", i):
            value, i = self.read_object(i, 1, self.top_fields)
        else:
            value, i = self.value(i, 0)
        i = self.ws(i)
        if i != len(s):
            raise JSONDecodeError("Extra data", s, i)
        return value

    def phases(self, i: int, depth: int) -> tuple[Any, int]:
        if not self.s.startswith("[", i):
            return self.value(i, depth)
        found: list[Any] = []

        def keep(items: list[Any]) -> None:
            if len(found) + len(items) > self.max_phases:
                raise TooManyPhases(i)
            found.extend(items)

        # One phase at a time, never in a run: a run would build its samples as objects.
        return found, self.read_array(i, self.deeper(i, depth), keep, self.phase, runs=False)

    def phase(self, i: int, depth: int) -> tuple[Any, int]:
        if not self.s.startswith("{", i):
            return self.value(i, depth)
        return self.read_object(i, self.deeper(i, depth), self.phase_fields)

    def samples(self, i: int, depth: int) -> tuple[Any, int]:
        if not self.s.startswith("[", i):
            return self.value(i, depth)
        columns = SampleColumns(lambda index: self.element(i, index))
        return columns, self.read_array(i, self.deeper(i, depth), columns.add, self.sample)

    def sample(self, i: int, depth: int) -> tuple[Any, int]:
        """A sample too long or too nested to decode in a run: only its own fields are kept."""
        if not self.s.startswith("{", i):
            return self.value(i, depth)
        if self.small(i, depth):
            return self.scan(i)
        return self.read_object(i, self.deeper(i, depth), self.sample_fields)

    def element(self, start: int, index: int) -> object:
        """Element `index` of the list of samples at `start`, read again (for a message)."""
        seen = 0
        found: list[Any] = []

        def note(items: list[Any]) -> None:
            nonlocal seen
            if seen <= index < seen + len(items):
                found.append(items[index - seen])
            seen += len(items)

        self.read_array(start, 0, note, self.sample)
        return found[0] if found else None


def decode_recording(text: str, parse_constant: Callable[[str], Any], max_phases: int) -> Any:
    """The recording's JSON as json.loads would decode it, but with each phase's samples as
    SampleColumns, any other list or object as Skipped, and only the fields the format reads."""
    return _Reader(text, parse_constant, max_phases).document()
