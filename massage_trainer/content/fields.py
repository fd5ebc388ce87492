"""A small typed reader for YAML data that names the file and the field on every error.

    node = Node.root(data, "assets/body.yaml")
    zone = node["zones"][2]
    zone["rule"].integer(low=1, high=12)   # -> FieldError "...: zones[2].rule: ..."

Problems are collected rather than raised one at a time where a list of
independent items is read (see `Problems.each`), so that `check-content` can
report every problem in one run.
"""

from __future__ import annotations

import difflib
import math
import unicodedata
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Final, TypeVar

from massage_trainer.content.errors import ContentError, Problem
from massage_trainer.content.strict_yaml import YamlList, YamlMapping, load_yaml_file
from massage_trainer.core.safe_text import printable

T = TypeVar("T")

# What text in the content may not hold, tabs and line breaks aside (a YAML block of text has
# them; each run of white space reads as one space): control characters (a terminal escape),
# format characters (a right-to-left override, a zero-width space) and lone surrogates.
_HIDDEN: Final = frozenset({"Cc", "Cf", "Cs"})
_LINE_BREAKS: Final = frozenset("\t\n\r")


class FieldError(Exception):
    def __init__(self, problem: Problem) -> None:
        self.problem = problem
        super().__init__(str(problem))


def _kind(value: object) -> str:
    if value is None:
        return "nothing"
    if isinstance(value, bool):
        return "true/false"
    if isinstance(value, (int, float)):
        return "a number"
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, str):
        return "text"
    return type(value).__name__


def _shown(value: object) -> str:
    """A value from the file as a message quotes it: escaped, and short."""
    try:
        text = repr(value) if isinstance(value, str) else str(value)
    except ValueError:  # an int too long to write out
        return "a number of thousands of digits"
    return printable(text, 60)


@dataclass(frozen=True)
class Node:
    value: Any
    file: str
    path: str
    # The line the value starts on (from 1), where the YAML loader kept it.
    line: int | None = None

    @staticmethod
    def root(value: Any, file: str) -> Node:
        return Node(value, file, "", getattr(value, "line", None))

    def fail(self, message: str) -> FieldError:
        return FieldError(Problem(self.file, self.path or "(top level)", message))

    def fail_at_line(self, message: str) -> FieldError:
        """A problem that also names the line: for what is wrong with the text of the file itself."""
        return FieldError(Problem(self.file, self.path or "(top level)", message, line=self.line))

    def _child(self, value: Any, name: object) -> Node:
        line = self.line
        if isinstance(name, int) and not isinstance(name, bool):
            path = f"{self.path}[{name}]"
            if isinstance(self.value, YamlList) and 0 <= name < len(self.value.item_lines):
                line = self.value.item_lines[name]
        else:
            path = f"{self.path}.{name}" if self.path else str(name)
            if isinstance(self.value, YamlMapping):
                line = self.value.key_lines.get(name, line)
        return Node(value, self.file, path, line)

    def only(self, *allowed: str) -> None:
        """Refuse a key that is not one of `allowed`, by name and line: a mistyped key is not ignored."""
        for key in self.mapping():
            if key in allowed:
                continue
            close = difflib.get_close_matches(str(key), allowed, n=1)
            hint = f"did you mean {close[0]!r}? " if close else ""
            shown = printable(key, 60) if isinstance(key, str) else _shown(key)
            raise self._child(None, shown).fail_at_line(
                f"unknown key; {hint}the keys here are {', '.join(allowed)}")

    def mapping(self) -> dict[str, Any]:
        if not isinstance(self.value, dict):
            raise self.fail(f"expected a mapping, found {_kind(self.value)}")
        return self.value

    def __getitem__(self, key: str | int) -> Node:
        if isinstance(key, int):
            items = self.list()
            return self._child(items[key], key)
        data = self.mapping()
        if key not in data:
            missing = self._child(None, key)
            raise missing.fail("is missing")
        return self._child(data[key], key)

    def get(self, key: str, default: Any = None) -> Node:
        data = self.mapping()
        return self._child(data.get(key, default), key)

    def list(self, min_len: int = 0) -> list[Any]:
        if not isinstance(self.value, list):
            raise self.fail(f"expected a list, found {_kind(self.value)}")
        if len(self.value) < min_len:
            raise self.fail(f"needs at least {min_len} item(s), found {len(self.value)}")
        return self.value

    def items(self, min_len: int = 0) -> Iterator[Node]:
        for i, value in enumerate(self.list(min_len)):
            yield self._child(value, i)

    def text(self, allow_empty: bool = False) -> str:
        if not isinstance(self.value, str):
            raise self.fail(f"expected text, found {_kind(self.value)}")
        text = " ".join(self.value.split())
        if not text and not allow_empty:
            raise self.fail("must not be empty")
        for i, ch in enumerate(self.value):
            if ch not in _LINE_BREAKS and unicodedata.category(ch) in _HIDDEN:
                raise self.fail_at_line(f"holds a control character ({printable(ch)} at character "
                                        f"{i + 1}); content text is plain text")
        return text

    def boolean(self) -> bool:
        if not isinstance(self.value, bool):
            raise self.fail(f"expected true or false, found {_kind(self.value)}")
        return self.value

    def number(self, low: float | None = None, high: float | None = None) -> float:
        v = self.value
        if isinstance(v, bool) or not isinstance(v, (int, float)):
            raise self.fail(f"expected a number, found {_kind(v)}")
        try:
            finite = math.isfinite(v)
        except OverflowError:  # an int too large for a float
            finite = False
        if not finite:
            raise self.fail("must be a finite number")
        if low is not None and v < low:
            raise self.fail(f"must be at least {low}, found {_shown(v)}")
        if high is not None and v > high:
            raise self.fail(f"must be at most {high}, found {_shown(v)}")
        return float(v)

    def integer(self, low: int | None = None, high: int | None = None) -> int:
        v = self.value
        if isinstance(v, bool) or not isinstance(v, int):
            raise self.fail(f"expected a whole number, found {_kind(v)}")
        if low is not None and v < low:
            raise self.fail(f"must be at least {low}, found {_shown(v)}")
        if high is not None and v > high:
            raise self.fail(f"must be at most {high}, found {_shown(v)}")
        return v

    def choice(self, options: tuple[str, ...]) -> str:
        v = self.text()
        if v not in options:
            raise self.fail(f"must be one of {', '.join(options)}; found {_shown(v)}")
        return v

    def point(self) -> tuple[float, float]:
        pair = self.list()
        if len(pair) != 2:
            raise self.fail(f"expected a point [x, y], found {len(pair)} value(s)")
        x = self._child(pair[0], 0).number(-2.0, 2.0)
        y = self._child(pair[1], 1).number(-2.0, 2.0)
        return (x, y)

    def points(self, min_len: int) -> tuple[tuple[float, float], ...]:
        return tuple(item.point() for item in self.items(min_len))


@dataclass
class Problems:
    """Collects problems from independent items so all of them can be reported."""

    found: list[Problem] = field(default_factory=list)

    def each(self, nodes: Iterator[Node], parse: Callable[[Node], T]) -> list[T]:
        out: list[T] = []
        for node in nodes:
            try:
                out.append(parse(node))
            except FieldError as err:
                self.found.append(err.problem)
        return out

    def attempt(self, parse: Callable[[], T]) -> T | None:
        try:
            return parse()
        except FieldError as err:
            self.found.append(err.problem)
            return None

    def raise_if_any(self) -> None:
        if self.found:
            raise ContentError(list(self.found))


def read_yaml(path: Path, shown_as: str) -> Node:
    """Read a content file (content/strict_yaml.py); any problem with it raises ContentError naming it."""
    return Node.root(load_yaml_file(path, shown_as), shown_as)
