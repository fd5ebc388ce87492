"""Fuzzing every parser: random and mutated input gives a parsed result or our own clear error, never another.

The recording reader (core/recording.py, through core/recording_json.py) and
each content loader (body.yaml, reference.yaml, techniques.yaml) are fed
random bytes, valid files with random edits to their text, and valid data with
random values put in random places. The only outcomes allowed are a result or
RecordingError / ContentError, whose text is one line per problem, printable
and bounded. The reader is also held to json.loads: for any JSON document it
decides exactly as decoding with json.loads and checking the result would.
"""

from __future__ import annotations

import copy
import functools
import json
import math
import re
import shutil
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from massage_trainer.content import ContentError, load_content
from massage_trainer.core.recording import Recording, RecordingError, parse_recording, recording_from_json
from massage_trainer.core.recording_write import recording_to_dict
from massage_trainer.core.technique_ids import TECHNIQUE_IDS
from massage_trainer.resources import assets_dir

FUZZ = settings(max_examples=150, deadline=None,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
# Each content example loads a whole folder (about 15 ms): fewer of them.
FUZZ_CONTENT = settings(FUZZ, max_examples=100)
CONTENT_FILES = ("body.yaml", "reference.yaml", "techniques.yaml")


def one_clear_line(text: str, limit: int = 1500) -> None:
    assert "\n" not in text and "\r" not in text, text
    assert text.isprintable(), text
    assert len(text) <= limit, len(text)


# ---------------------------------------------------------------- recordings

SAMPLE_TEXT = json.dumps({
    "format": "massage-trainer/recording", "version": 1, "first_session": False,
    "phases": [{"technique": "stroking", "planned_s": 2.0, "samples": [
        {"t": 0.0, "x": 0.2, "y": 0.1, "contact": True, "pressure": 0.4},
        {"t": 0.5, "x": 0.21, "y": 0.3},
        {"t": 1.0, "x": -0.2, "y": 0.6, "contact": False, "pressure": 0.0},
    ]}, {"technique": "kneading", "samples": [{"t": 1.5, "x": 0.1, "y": 0.2, "extra": [1, {"a": None}]}]}],
}, indent=1)


def read(text: str | bytes) -> Recording | None:
    """The reader's outcome: a recording, or None after a RecordingError of one clear line."""
    try:
        return recording_from_json(text, "drill.json")
    except RecordingError as err:
        one_clear_line(str(err))
        assert str(err).startswith("drill.json: ")
        return None


TOKENS = ['"', "{", "}", "[", "]", ",", ":", "\\", "\\u", "NaN", "-Infinity", "1e999", "9" * 5000,
          "null", "true", " ", "\n", "\x00", "\x1b", "é", "\ud800", "\U0001f600", '"t"', '"phases"',
          '"samples"', "[" * 200, "]" * 200, '{"t":1,"x":2,"y":3}', "-0", "1E+2", "0.0000001"]
# Values put where a value was: the edges of each check.
JSON_VALUES = ["NaN", "Infinity", "1e309", "-1e308", "1e308", "9" * 5000, "1" * 400, "-0.0", "86400.0000001",
               "10.0000001", "true", "null", "[]", "{}", '"stroking"', r'"\u001b[2J"', '"' + "k" * 3000 + '"',
               "[" * 150 + "]" * 150, '{"t":0,"x":0,"y":0}']


VALUE_AT = re.compile(r":[ \t]*")
VALUE_END = re.compile(r"[,}\]\n]|$")


@st.composite
def mutated(draw: st.DrawFn, original: str, tokens: list[str], values: list[str]) -> str:
    """`original` with a few random edits: spans deleted, repeated or replaced, tokens put in,
    a value (what follows a ":") replaced by a token."""
    text = original
    for _ in range(draw(st.integers(1, 4))):
        if not text:
            break
        i = draw(st.integers(0, len(text) - 1))
        j = draw(st.integers(i, min(len(text), i + 40)))
        edit = draw(st.sampled_from(["delete", "repeat", "token", "text", "truncate", "value", "value"]))
        if edit == "value":
            starts = [m.end() for m in VALUE_AT.finditer(text)]
            if starts:
                at = draw(st.sampled_from(starts))
                end = VALUE_END.search(text, at)
                text = text[:at] + draw(st.sampled_from(values)) + text[end.start() if end else at:]
        elif edit == "delete":
            text = text[:i] + text[j:]
        elif edit == "repeat":
            text = text[:j] + text[i:j] * draw(st.integers(1, 3)) + text[j:]
        elif edit == "token":
            text = text[:i] + draw(st.sampled_from(tokens)) + text[i:]
        elif edit == "text":
            text = text[:i] + draw(st.text(max_size=8)) + text[j:]
        else:
            text = text[:i]
    return text


@FUZZ
@given(raw=st.binary(max_size=300))
def test_random_bytes_give_a_recording_or_a_clear_error(raw: bytes) -> None:
    read(raw)
    read(b'{"format": "massage-trainer/recording", "version": 1, "phases": ' + raw)


@FUZZ
@given(text=mutated(SAMPLE_TEXT, TOKENS, JSON_VALUES))
def test_mutated_recordings_give_a_recording_or_a_clear_error(text: str) -> None:
    read(text)
    read(text.encode("utf-8", "surrogatepass"))


# JSON values of every kind, small; some of them shaped like a recording.
SCALARS = st.one_of(st.none(), st.booleans(), st.integers(-(10**30), 10**30), st.sampled_from([10**400, -(10**400)]),
                    st.floats(allow_nan=False), st.text(max_size=6), st.sampled_from(TECHNIQUE_IDS))
VALUES = st.recursive(SCALARS, lambda inner: st.one_of(
    st.lists(inner, max_size=4), st.dictionaries(st.sampled_from(["t", "x", "y", "contact", "pressure", "a"]),
                                                 inner, max_size=5)), max_leaves=12)
NUMBER = st.one_of(st.floats(-12, 90_000), st.integers(-3, 90_000), VALUES)


@st.composite
def recording_like(draw: st.DrawFn) -> Any:
    def sample() -> Any:
        keys = {"t": NUMBER, "x": NUMBER, "y": NUMBER, "contact": st.one_of(st.booleans(), VALUES),
                "pressure": st.one_of(st.floats(0, 1), VALUES)}
        chosen = draw(st.lists(st.sampled_from(sorted(keys)), unique=True))
        found = {k: draw(keys[k]) for k in ("t", "x", "y") if draw(st.integers(0, 9)) > 0}
        found.update({k: draw(keys[k]) for k in chosen})
        return found if draw(st.integers(0, 19)) > 0 else draw(VALUES)

    def phase() -> Any:
        found: dict[str, Any] = {"technique": draw(st.one_of(st.sampled_from(TECHNIQUE_IDS), VALUES)),
                                 "samples": [sample() for _ in range(draw(st.integers(0, 6)))]}
        if draw(st.booleans()):
            found["planned_s"] = draw(st.one_of(st.floats(-1, 100), VALUES))
        if draw(st.integers(0, 4)) == 0:
            found["extra"] = draw(VALUES)
        return found if draw(st.integers(0, 19)) > 0 else draw(VALUES)

    data: dict[str, Any] = {"format": draw(st.sampled_from(["massage-trainer/recording", "other"])),
                            "version": draw(st.sampled_from([1, 1, 1, 2, True, "1"])),
                            "phases": [phase() for _ in range(draw(st.integers(0, 4)))]}
    if draw(st.booleans()):
        data["first_session"] = draw(st.one_of(st.booleans(), VALUES))
    if draw(st.integers(0, 4)) == 0:
        data["extra"] = draw(VALUES)
    return data if draw(st.integers(0, 19)) > 0 else draw(VALUES)


def outcome(run: Callable[[], Recording]) -> Recording | str:
    try:
        return run()
    except RecordingError as err:
        return str(err)


@FUZZ
@given(data=recording_like(), indent=st.sampled_from([None, 0, 2]))
def test_the_reader_decides_as_json_loads_would(data: Any, indent: int | None) -> None:
    text = json.dumps(data, indent=indent)
    mine = outcome(lambda: recording_from_json(text, "drill.json"))
    reference = outcome(lambda: parse_recording(json.loads(text), "drill.json"))
    assert mine == reference
    if isinstance(mine, str):
        one_clear_line(mine)
    else:  # what was read is written back the same
        assert parse_recording(recording_to_dict(mine), "x") == mine


# ---------------------------------------------------------------- content


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    copy = tmp_path_factory.mktemp("fuzz") / "assets"
    shutil.copytree(assets_dir(), copy, ignore=shutil.ignore_patterns("__pycache__", "*.py"))
    return copy


@pytest.fixture(scope="module")
def originals(folder: Path) -> dict[str, str]:
    return {name: (folder / name).read_text(encoding="utf-8") for name in CONTENT_FILES}


def load_with(folder: Path, originals: dict[str, str], name: str, text: str | bytes,
              play: bool = False) -> bool:
    """Load the folder with one file replaced; True if it loaded, False after a clear ContentError."""
    path = folder / name
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, encoding="utf-8", errors="surrogatepass")
    try:
        load_content(folder, play_animations=play)
    except ContentError as err:
        assert err.problems
        for problem in err.problems:
            one_clear_line(str(problem))
        return False
    finally:
        path.write_text(originals[name], encoding="utf-8")
    return True


YAML_TOKENS = ["&a ", "*a", "<<: ", "!!python/object:os.system ", "!!binary ", "!!set ", "!foo ", "- ", ": ",
               "{", "}", "[", "]", "? ", "|", ">-", "\t", "\x1b", '"\\e[31m"', "'\\x00'", '"\\u202e"', "~",
               "null", ".inf", ".nan", "0x" + "f" * 4000, "9" * 5000, "1e999", "1_000", "0o17", "1:30",
               "2024-01-01", "yes", "on", "---\n", "...\n", "%YAML 1.1\n", "#", "\n  ", "é", "\U0001f600"]


YAML_VALUE_TEXTS = ["9" * 5000, "-" + "9" * 4400, "0x" + "f" * 4000, "1e999", "-.inf", ".nan", "*a", "&a 1",
                    "<<: {a: 1}", r'"\e[31m"', r'"\u202e"', r'"\0"', "!!binary AAAA", "!!set {a}", "!foo 1",
                    "~", "[]", "{}", "-1", "0", "1:30", "2024-01-01", "yes", "''", '"' + "k" * 3000 + '"',
                    "[[0, 0], [1, 1], [1, 0], [0, 1]]", "[[0, 0], [0.5, 0.5], [1, 1]]", "[" * 50 + "]" * 50]


@FUZZ_CONTENT
@given(name=st.sampled_from(CONTENT_FILES), raw=st.binary(max_size=200))
def test_random_bytes_for_a_content_file_give_a_clear_error(folder: Path, originals: dict[str, str], name: str,
                                                             raw: bytes) -> None:
    assert load_with(folder, originals, name, raw) is False


@FUZZ_CONTENT
@given(data=st.data(), name=st.sampled_from(CONTENT_FILES))
def test_mutated_content_text_loads_or_gives_a_clear_error(folder: Path, originals: dict[str, str],
                                                           data: st.DataObject, name: str) -> None:
    text = data.draw(mutated(originals[name], YAML_TOKENS, YAML_VALUE_TEXTS))
    load_with(folder, originals, name, text)


def nodes(value: Any, path: tuple[Any, ...] = ()) -> Iterator[tuple[Any, ...]]:
    """The path to every value inside the data."""
    yield path
    if isinstance(value, dict):
        for key, inner in value.items():
            yield from nodes(inner, (*path, key))
    elif isinstance(value, list):
        for i, inner in enumerate(value):
            yield from nodes(inner, (*path, i))


YAML_VALUES = st.recursive(
    st.one_of(st.none(), st.booleans(), st.integers(-(10**6), 10**6), st.sampled_from([10**50, -1, 0, 13]),
              st.floats(allow_nan=True), st.text(max_size=10), st.sampled_from(["", " ", "stroking", "mirror",
                                                                                 "taps", "no-work"])),
    lambda inner: st.one_of(st.lists(inner, max_size=3), st.dictionaries(st.text(max_size=6), inner, max_size=3)),
    max_leaves=6)


_LOADER: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_DUMPER: Any = getattr(yaml, "CSafeDumper", yaml.SafeDumper)


@functools.cache
def parsed(original: str) -> Any:
    return yaml.load(original, Loader=_LOADER)


@st.composite
def edited_data(draw: st.DrawFn, original: str) -> str:
    """The file's data with a few values replaced, removed or added, written out again as YAML."""
    data = copy.deepcopy(parsed(original))
    for _ in range(draw(st.integers(1, 3))):
        paths = [p for p in nodes(data) if p]
        path = draw(st.sampled_from(paths))
        parent = data
        for key in path[:-1]:
            parent = parent[key]
        edit = draw(st.sampled_from(["replace", "remove", "add", "scale"]))
        if edit == "replace":
            parent[path[-1]] = draw(YAML_VALUES)
        elif edit == "remove":
            del parent[path[-1]]
        elif edit == "add" and isinstance(parent, dict):
            parent[draw(st.text(min_size=1, max_size=8))] = draw(YAML_VALUES)
        elif edit == "add":
            parent.insert(path[-1], draw(YAML_VALUES))
        elif isinstance(parent[path[-1]], (int, float)) and not isinstance(parent[path[-1]], bool):
            factor = draw(st.sampled_from([-1.0, 0.0, 0.5, 1.01, 2.0, 1e9, math.inf]))
            parent[path[-1]] = parent[path[-1]] * factor
    return str(yaml.dump(data, Dumper=_DUMPER, allow_unicode=True, sort_keys=False))


@FUZZ_CONTENT
@given(data=st.data(), name=st.sampled_from(CONTENT_FILES))
def test_edited_content_data_loads_or_gives_a_clear_error(folder: Path, originals: dict[str, str],
                                                          data: st.DataObject, name: str) -> None:
    load_with(folder, originals, name, data.draw(edited_data(originals[name])))


@settings(max_examples=25, deadline=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_edited_techniques_play_through_or_give_a_clear_error(folder: Path, originals: dict[str, str],
                                                              data: st.DataObject) -> None:
    # Played through, as check-content does: the timeline meets whatever numbers passed the checks.
    text = data.draw(edited_data(originals["techniques.yaml"]))
    load_with(folder, originals, "techniques.yaml", text, play=True)


def test_the_fuzzed_folder_is_the_bundled_content(folder: Path, originals: dict[str, str]) -> None:
    assert load_with(folder, originals, "body.yaml", originals["body.yaml"], play=True) is True
    assert load_with(folder, originals, "body.yaml", "zones: *x\n") is False
