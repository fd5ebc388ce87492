"""A small typed reader for YAML data that names the file and the field on every error.

    node = Node.root(data, "assets/body.yaml")
    zone = node["zones"][2]
    zone["rule"].integer(low=1, high=12)   # -> FieldError "...: zones[2].rule: ..."

Problems are collected rather than raised one at a time where a list of
independent items is read (see `Problems.each`), so that `check-content` can
report every problem in one run.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

import yaml

from massage_trainer.content.errors import ContentError, Problem

T = TypeVar("T")

_TYPE_NAMES = {dict: "a mapping", list: "a list", str: "text", bool: "true or false"}


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
    return _TYPE_NAMES.get(type(value), type(value).__name__)


@dataclass(frozen=True)
class Node:
    value: Any
    file: str
    path: str

    @staticmethod
    def root(value: Any, file: str) -> Node:
        return Node(value, file, "")

    def fail(self, message: str) -> FieldError:
        return FieldError(Problem(self.file, self.path or "(top level)", message))

    def _child(self, value: Any, name: str | int) -> Node:
        if isinstance(name, int):
            path = f"{self.path}[{name}]"
        else:
            path = f"{self.path}.{name}" if self.path else name
        return Node(value, self.file, path)

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
        return text

    def boolean(self) -> bool:
        if not isinstance(self.value, bool):
            raise self.fail(f"expected true or false, found {_kind(self.value)}")
        return self.value

    def number(self, low: float | None = None, high: float | None = None) -> float:
        v = self.value
        if isinstance(v, bool) or not isinstance(v, (int, float)):
            raise self.fail(f"expected a number, found {_kind(v)}")
        if not math.isfinite(v):
            raise self.fail("must be a finite number")
        if low is not None and v < low:
            raise self.fail(f"must be at least {low}, found {v}")
        if high is not None and v > high:
            raise self.fail(f"must be at most {high}, found {v}")
        return float(v)

    def integer(self, low: int | None = None, high: int | None = None) -> int:
        v = self.value
        if isinstance(v, bool) or not isinstance(v, int):
            raise self.fail(f"expected a whole number, found {_kind(v)}")
        if low is not None and v < low:
            raise self.fail(f"must be at least {low}, found {v}")
        if high is not None and v > high:
            raise self.fail(f"must be at most {high}, found {v}")
        return v

    def choice(self, options: tuple[str, ...]) -> str:
        v = self.text()
        if v not in options:
            raise self.fail(f"must be one of {', '.join(options)}; found {v!r}")
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


_Loader: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def read_yaml(path: Path, shown_as: str) -> Node:
    """Parse a YAML file; a missing or malformed file raises ContentError naming it."""
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise ContentError([Problem(shown_as, "", "file not found")]) from None
    except (OSError, UnicodeDecodeError) as err:
        raise ContentError([Problem(shown_as, "", f"cannot be read ({err})")]) from None
    try:
        data = yaml.load(text, Loader=_Loader)
    except yaml.YAMLError as err:
        mark = getattr(err, "problem_mark", None)
        where = f"line {mark.line + 1}" if mark is not None else ""
        reason = getattr(err, "problem", None) or str(err).splitlines()[0]
        raise ContentError([Problem(shown_as, where, f"not valid YAML: {reason}")]) from None
    return Node.root(data, shown_as)
