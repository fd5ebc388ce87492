"""The one way a content file is read: a regular file, bounded, parsed by a strict safe YAML loader.

`load_yaml_file` refuses, each with one problem naming the file and the line:

- anything but a regular file (a FIFO or a device would make the reader wait for ever),
  and a file over MAX_CONTENT_BYTES;
- YAML anchors and aliases (`&name`, `*name`): the content needs none, and an alias bomb
  ("billion laughs") of a few kilobytes would expand to gigabytes in the objects built from it.
  They are refused from the event stream, before a single object is built;
- merge keys (`<<`), duplicate keys (yaml.safe_load silently keeps the last), and integers
  of more than 4,300 digits (Python refuses to build them).

The loader is yaml's safe loader (libyaml's where installed) with a stricter constructor:
no tag builds anything but plain data, nothing is evaluated. Mappings and lists come back as
`YamlMapping` and `YamlList`, which remember the line of each key and item, so that a problem
found later can name its line.
"""

from __future__ import annotations

import stat
from pathlib import Path
from typing import Any, Final

import yaml
from yaml.constructor import SafeConstructor
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from massage_trainer.content.errors import ContentError, Problem
from massage_trainer.core.capped_read import read_capped
from massage_trainer.core.safe_text import describe_os_error, printable

__all__ = ["MAX_CONTENT_BYTES", "YamlList", "YamlMapping", "load_yaml_file", "parse_yaml"]

# The bundled files are a few kilobytes each; a megabyte is far more than content needs.
MAX_CONTENT_BYTES: Final = 1_000_000
# Python's own limit on the digits of an int made from text (sys.int_info.default_max_str_digits).
MAX_DIGITS: Final = 4300
# An int with more bits than this has more than MAX_DIGITS digits; a hexadecimal one skips the limit.
_MAX_INT_BITS: Final = int(MAX_DIGITS * 3.3219)
_MERGE_TAG: Final = "tag:yaml.org,2002:merge"

_Base: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class YamlMapping(dict[Any, Any]):
    """A YAML mapping that knows its line and the line of each key (from 1)."""

    line: int = 0
    key_lines: dict[Any, int]


class YamlList(list[Any]):
    """A YAML list that knows its line and the line of each item (from 1)."""

    line: int = 0
    item_lines: list[int]


class StrictYamlError(Exception):
    """A refusal of the strict loader, at a line of the file."""

    def __init__(self, line: int, message: str) -> None:
        self.line = line
        self.message = message
        super().__init__(f"line {line}: {message}")


def _line(node: Node | yaml.Event) -> int:
    mark = node.start_mark
    return int(mark.line) + 1 if mark is not None else 0


class _StrictLoader(_Base):  # type: ignore[misc]
    """yaml's safe loader, with mappings that refuse duplicate and merge keys and keep line numbers."""


def _mapping(loader: Any, node: MappingNode) -> Any:
    data = YamlMapping()
    data.line = _line(node)
    data.key_lines = {}
    yield data
    for key_node, value_node in node.value:
        if key_node.tag == _MERGE_TAG:
            raise StrictYamlError(_line(key_node), "YAML merge keys (<<) are not allowed")
        key = loader.construct_object(key_node, deep=True)
        try:
            seen = key in data.key_lines
        except TypeError:
            raise StrictYamlError(_line(key_node), "a key must be plain text or a number") from None
        if seen:
            raise StrictYamlError(_line(key_node), f"the key {printable(key, 60)!r} appears twice in one "
                                  f"mapping (first on line {data.key_lines[key]}); keep one")
        data.key_lines[key] = _line(key_node)
        data[key] = loader.construct_object(value_node)


def _sequence(loader: Any, node: SequenceNode) -> Any:
    data = YamlList()
    data.line = _line(node)
    data.item_lines = [_line(item) for item in node.value]
    yield data
    data.extend(loader.construct_object(item) for item in node.value)


def _integer(loader: Any, node: ScalarNode) -> int:
    too_many = StrictYamlError(_line(node), f"a number has too many digits (more than {MAX_DIGITS:,})")
    try:
        value: int = SafeConstructor.construct_yaml_int(loader, node)
    except ValueError:  # Python's own limit on the digits of an int made from text
        raise too_many from None
    if value.bit_length() > _MAX_INT_BITS:  # hexadecimal, octal or binary skip Python's limit
        raise too_many
    return value


_StrictLoader.add_constructor("tag:yaml.org,2002:map", _mapping)
_StrictLoader.add_constructor("tag:yaml.org,2002:seq", _sequence)
_StrictLoader.add_constructor("tag:yaml.org,2002:int", _integer)


def _refuse_aliases(text: str) -> None:
    """Walk the event stream (no object is built) and refuse the first anchor or alias."""
    events = _Base(text)
    try:
        while events.check_event():
            event = events.get_event()
            if isinstance(event, yaml.AliasEvent):
                raise StrictYamlError(_line(event), f"YAML aliases are not allowed "
                                      f"(*{printable(event.anchor, 40)}); write the value out in full")
            anchor = getattr(event, "anchor", None)
            if anchor is not None:
                raise StrictYamlError(_line(event), f"YAML aliases are not allowed (the anchor "
                                      f"&{printable(anchor, 40)}); write the value out in full")
    finally:
        events.dispose()


def parse_yaml(text: str, shown_as: str) -> Any:
    """The data in YAML text; any refusal raises ContentError naming the file and the line."""
    try:
        _refuse_aliases(text)
        loader = _StrictLoader(text)
        try:
            return loader.get_single_data()
        finally:
            loader.dispose()
    except StrictYamlError as err:
        raise ContentError([Problem(shown_as, "", err.message, line=err.line)]) from None
    except yaml.YAMLError as err:
        mark = getattr(err, "problem_mark", None)
        line = int(mark.line) + 1 if mark is not None else None
        reason = getattr(err, "problem", None) or str(err).splitlines()[0]
        raise ContentError([Problem(shown_as, "", f"not valid YAML: {printable(reason)}", line=line)]) from None
    except RecursionError:
        raise ContentError([Problem(shown_as, "", "not valid content: the YAML is nested too deeply")]) from None


def _refusal(shown_as: str, message: str) -> ContentError:
    return ContentError([Problem(shown_as, "", message)])


def _read_text(path: Path, shown_as: str) -> str:
    """The file's text, refused before reading when it is not a regular file or is too big."""
    try:
        info, raw = read_capped(path, MAX_CONTENT_BYTES)
    except FileNotFoundError:
        raise _refusal(shown_as, "file not found") from None
    except OSError as err:
        raise _refusal(shown_as, f"cannot be read ({describe_os_error(err)})") from None
    except ValueError:  # a NUL in the name
        raise _refusal(shown_as, "cannot be read (the name is not a valid file name)") from None
    if stat.S_ISDIR(info.st_mode):
        raise _refusal(shown_as, "is a folder, not a content file")
    if not stat.S_ISREG(info.st_mode):
        raise _refusal(shown_as, "is not a regular file (a pipe, a device or a socket); a content file must be one")
    size = max(info.st_size, len(raw))
    if size > MAX_CONTENT_BYTES:
        raise _refusal(shown_as, f"the file is {size:,} bytes; a content file may be at most "
                       f"{MAX_CONTENT_BYTES:,} bytes")
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as err:
        raise _refusal(shown_as, f"not UTF-8 text (bad byte at offset {err.start})") from None


def load_yaml_file(path: Path, shown_as: str) -> Any:
    """Read and parse one content file, or raise ContentError with the one problem that stops it.

    An empty file, or one that holds no mapping, is one problem too: every content file
    is a mapping of named sections.
    """
    data = parse_yaml(_read_text(path, shown_as), shown_as)
    if data is None:
        raise _refusal(shown_as, "the file is empty; a content file is a mapping of named sections")
    if not isinstance(data, dict):
        kind = "a list" if isinstance(data, list) else "a single value"
        raise ContentError([Problem(shown_as, "(top level)", f"expected a mapping of named sections, "
                                    f"found {kind}")])
    return data
