"""Hostile content folders: `check-content` refuses each at once, in one clear line, never a traceback.

Each test reproduces a defect an audit found (issue 9): an alias bomb, an integer
of thousands of digits, bow-tie and flat polygons, duplicate and mistyped keys,
control characters, an empty file reported four times, a FIFO that hung the
command, and loaders other than a safe one.
"""

from __future__ import annotations

import ast
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from massage_trainer.cli import main
from massage_trainer.content import ContentError, Problem, check_content, load_content
from massage_trainer.content.strict_yaml import MAX_CONTENT_BYTES, parse_yaml
from massage_trainer.resources import assets_dir

POSIX = pytest.mark.skipif(sys.platform == "win32", reason="FIFOs and devices are POSIX")
PACKAGE = Path(__file__).resolve().parent.parent / "massage_trainer"


@pytest.fixture
def assets(tmp_path: Path) -> Path:
    folder = tmp_path / "assets"
    shutil.copytree(assets_dir(), folder, ignore=shutil.ignore_patterns("__pycache__", "*.py"))
    return folder


def command() -> list[str]:
    script = Path(sys.executable).with_name("massage-trainer")
    return [str(script)] if script.exists() else [sys.executable, "-m", "massage_trainer"]


def replace(path: Path, old: str, new: str) -> int:
    """Replace the first `old` in the file by `new`; the line (from 1) where `old` began."""
    text = path.read_text(encoding="utf-8")
    at = text.index(old)
    path.write_text(text[:at] + new + text[at + len(old):], encoding="utf-8")
    return text.count("\n", 0, at) + 1


def only_problem(folder: Path) -> str:
    problems = check_content(folder)
    assert len(problems) == 1, [str(p) for p in problems]
    line = str(problems[0])
    assert "\n" not in line
    return line


# ---------------------------------------------------------------- aliases and anchors

BOMB = "".join(
    ['a0: &a0 ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]\n']
    + [f"a{i}: &a{i} [{', '.join([f'*a{i - 1}'] * 10)}]\n" for i in range(1, 10)]
)


def test_an_alias_bomb_is_refused_at_its_first_anchor(assets: Path) -> None:
    path = assets / "techniques.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(BOMB + text, encoding="utf-8")
    line = only_problem(assets)
    assert line == f"{path}: line 1: YAML aliases are not allowed (the anchor &a0); write the value out in full"


@pytest.mark.skipif(not Path("/proc/self/status").exists(), reason="the probe reads /proc/self/status")
def test_the_alias_bomb_takes_no_memory(assets: Path) -> None:
    # Each *a9 stands for 10**9 strings once expanded; refused from the events, the command stays small.
    aliases = "".join(f"x{i}: *a9\n" for i in range(3000))
    (assets / "techniques.yaml").write_text(BOMB + aliases, encoding="utf-8")
    assert (assets / "techniques.yaml").stat().st_size > 30_000
    # The probe's own high-water mark (VmHWM): Linux keeps ru_maxrss across exec, from the parent.
    probe = (
        "import sys\n"
        "from massage_trainer.cli import main\n"
        "code = main(['check-content', sys.argv[1]])\n"
        "status = open('/proc/self/status', encoding='ascii').read().split('VmHWM:')[1]\n"
        "print(code, int(status.split()[0]), file=sys.stderr)\n"
    )
    done = subprocess.run([sys.executable, "-c", probe, str(assets)], capture_output=True, text=True,
                          timeout=120, stdin=subprocess.DEVNULL, preexec_fn=limit_memory)
    code, peak_kib = done.stderr.strip().splitlines()[-1].split()
    assert code == "2"
    assert int(peak_kib) < 200_000, f"{int(peak_kib) // 1024} MiB"
    assert "YAML aliases are not allowed" in done.stdout and "Traceback" not in done.stderr


@pytest.mark.parametrize(("text", "line", "words"), [
    ("a: 1\nb: &keep 2\n", 2, "YAML aliases are not allowed (the anchor &keep)"),
    ("a: 1\nb:\n  - x\n  - *nowhere\n", 4, "YAML aliases are not allowed (*nowhere)"),
    ("a: &m {x: 1}\nb:\n  <<: *m\n", 1, "YAML aliases are not allowed (the anchor &m)"),
    ("a:\n  <<: {x: 1}\n  y: 2\n", 2, "YAML merge keys (<<) are not allowed"),
])
def test_anchors_aliases_and_merge_keys_are_refused(text: str, line: int, words: str) -> None:
    with pytest.raises(ContentError) as info:
        parse_yaml(text, "f.yaml")
    assert [str(p) for p in info.value.problems] == [f"f.yaml: line {line}: {words}" + (
        "; write the value out in full" if "aliases" in words else "")]


# ---------------------------------------------------------------- numbers and keys


@pytest.mark.parametrize("number", ["9" * 5000, "0x" + "f" * 4000, "-" + "1" * 4301])
def test_an_integer_of_thousands_of_digits_is_one_clear_problem(assets: Path, number: str) -> None:
    path = assets / "body.yaml"
    line = replace(path, "    rule: 6\n", f"    rule: {number}\n")
    assert only_problem(assets) == f"{path}: line {line}: a number has too many digits (more than 4,300)"


def test_a_big_number_under_the_limit_is_named_briefly(assets: Path) -> None:
    replace(assets / "body.yaml", "    rule: 6\n", f"    rule: {'9' * 4000}\n")
    line = only_problem(assets)
    assert "zones[0].rule: must be at most 12, found 9999" in line and "…" in line and len(line) < 400


def test_a_duplicate_key_is_refused_with_both_lines(assets: Path) -> None:
    path = assets / "body.yaml"
    first = replace(path, "    rule: 6\n", "    rule: 6\n    rule: 7\n")
    assert only_problem(assets) == (f"{path}: line {first + 1}: the key 'rule' appears twice in one mapping "
                                    f"(first on line {first}); keep one")


def test_a_duplicate_section_is_refused(assets: Path) -> None:
    path = assets / "reference.yaml"
    path.write_text(path.read_text(encoding="utf-8") + "rules: []\n", encoding="utf-8")
    assert "the key 'rules' appears twice" in only_problem(assets)


@pytest.mark.parametrize(("name", "old", "new", "field", "hint"), [
    ("body.yaml", "    rule: 6\n", "    rulle: 6\n", "zones[0].rulle", "did you mean 'rule'? "),
    ("body.yaml", "zones:\n", "zonez:\n", "zonez", "did you mean 'zones'? "),
    ("reference.yaml", "    title: Work from", "    titel: Work from", "rules[0].titel", "did you mean 'title'? "),
    ("techniques.yaml", "        seconds: 4.0\n", "        seconds: 4.0\n        colour: red\n",
     "techniques[0].movements[0].colour", ""),
    ("techniques.yaml", "cycles: 1, intensity: [0.6, 1.0]", "cycles: 1, intensty: [0.6, 1.0]",
     "session_plans[0].phases[0].intensty", "did you mean 'intensity'? "),
])
def test_an_unknown_key_is_named_with_its_line(assets: Path, name: str, old: str, new: str, field: str,
                                               hint: str) -> None:
    path = assets / name
    line = replace(path, old, new) + new.count("\n", 0, new.index(field.rsplit(".", 1)[-1]))
    problems = [str(p) for p in check_content(assets)]
    expected = f"{path}: line {line}: {field}: unknown key; {hint}the keys here are "
    assert any(p.startswith(expected) for p in problems), problems
    assert "Traceback" not in " ".join(problems)


def test_a_mistyped_key_in_a_pattern_is_judged_by_the_patterns_kind(assets: Path) -> None:
    # taps have a rate; radius is a key of circles, not of taps.
    replace(assets / "techniques.yaml", "{kind: taps, rate:", "{kind: taps, radius: 0.02, rate:")
    problems = [p for p in check_content(assets) if "unknown key" in p.message]
    assert len(problems) == 1 and problems[0].field.endswith(".pattern.radius")
    assert "kind, rate, contact, real_rate" in problems[0].message


# ---------------------------------------------------------------- polygons


@pytest.mark.parametrize(("polygon", "words"), [
    ("[[-0.050, -0.020], [0.050, 1.020], [0.050, -0.020], [-0.050, 1.020]]", "the polygon crosses itself"),
    ("[[-0.050, -0.020], [0.000, 0.500], [0.050, 1.020]]", "the polygon has no area"),
    ("[[0.0, 0.0], [0.1, 0.0], [0.2, 0.0], [0.3, 0.0000000001]]", "the polygon has no area"),
])
def test_bow_tie_and_flat_polygons_are_refused(assets: Path, polygon: str, words: str) -> None:
    replace(assets / "body.yaml", "      - [[-0.050, -0.020], [0.050, -0.020], [0.050, 1.020], [-0.050, 1.020]]",
            f"      - {polygon}")
    problems = [str(p) for p in check_content(assets) if p.field == "zones[0].polygons[0]"]
    assert len(problems) == 1 and words in problems[0], problems


def test_a_bow_tie_outline_is_refused(assets: Path) -> None:
    path = assets / "body.yaml"
    text = path.read_text(encoding="utf-8")
    outline = next(line for line in text.splitlines() if line.startswith("  outline: "))
    # Swap two far points of the outline: its edges now cross.
    points = outline.removeprefix("  outline: [[").removesuffix("]]").split("], [")
    points[3], points[30] = points[30], points[3]
    replace(path, outline, "  outline: [[" + "], [".join(points) + "]]")
    messages = [p.message for p in check_content(assets) if p.field == "anatomy.outline"]
    assert messages and messages[0].startswith("the polygon crosses itself: its edge from point ")


def test_the_bundled_polygons_are_simple(content) -> None:
    from massage_trainer.content.shapes import polygon_problem

    polygons = [content.body.anatomy.outline, content.body.anatomy.neck, *content.body.anatomy.scapulae]
    polygons += [p for zone in content.body.zones for p in zone.region.polygons]
    assert [polygon_problem(p.points) for p in polygons] == [None] * len(polygons)


# ---------------------------------------------------------------- text


@pytest.mark.parametrize("bad", ["\\e[31mSpine\\e[0m", "Sp\\u202eine", "Spi\\x00ne", "Sp\\x7fine", "Sp\\u200bine"])
def test_control_characters_in_a_name_are_refused(assets: Path, bad: str) -> None:
    path = assets / "body.yaml"
    line = replace(path, "    name: Spine\n", f'    name: "{bad}"\n')
    problems = [str(p) for p in check_content(assets)]
    assert len(problems) == 1, problems
    assert problems[0].startswith(f"{path}: line {line}: zones[0].name: holds a control character (\\")
    assert problems[0].isprintable()


def test_tabs_and_line_breaks_in_text_are_white_space(assets: Path) -> None:
    replace(assets / "body.yaml", "    name: Spine\n", '    name: "The\\tspine\\n"\n')
    assert check_content(assets) == []
    assert load_content(assets).body.zones[0].name == "The spine"


def test_check_content_shows_escapes_as_text(assets: Path, capsys: pytest.CaptureFixture[str]) -> None:
    replace(assets / "body.yaml", "    rule: 6\n", '    rule: "\\e]0;pwned\\a\\e[2J"\n')
    assert main(["check-content", str(assets)]) == 2
    out = capsys.readouterr()
    assert "\x1b" not in out.out + out.err and "\x07" not in out.out
    assert "zones[0].rule: expected a whole number, found text" in out.out


def test_a_folder_name_with_escapes_is_shown_escaped(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    folder = tmp_path / "a\x1b[31mred\nfolder"
    shutil.copytree(assets_dir(), folder, ignore=shutil.ignore_patterns("__pycache__", "*.py"))
    (folder / "body.yaml").write_text("", encoding="utf-8")
    assert main(["check-content", str(folder)]) == 2
    out = capsys.readouterr()
    assert "\x1b" not in out.out + out.err
    assert out.out.count("\n") == 1 and "a\\x1b[31mred\\nfolder" in out.out
    assert out.err.count("\n") == 1 and "a\\x1b[31mred\\nfolder" in out.err


# ---------------------------------------------------------------- files


def test_an_empty_body_is_one_problem(assets: Path) -> None:
    path = assets / "body.yaml"
    path.write_text("", encoding="utf-8")
    assert only_problem(assets) == f"{path}: the file is empty; a content file is a mapping of named sections"


@pytest.mark.parametrize(("text", "words"), [
    ("# only a comment\n", "the file is empty"),
    ("- zones\n", "(top level): expected a mapping of named sections, found a list"),
    ("just words\n", "(top level): expected a mapping of named sections, found a single value"),
])
def test_a_body_that_is_no_mapping_is_one_problem(assets: Path, text: str, words: str) -> None:
    (assets / "body.yaml").write_text(text, encoding="utf-8")
    assert words in only_problem(assets)


def limit_memory() -> None:
    """In the child: at most 4 GB of address space, so a reader that reads for ever fails, not the machine."""
    import resource

    resource.setrlimit(resource.RLIMIT_AS, (4 << 30, 4 << 30))


def run_check(folder: Path) -> subprocess.CompletedProcess[str]:
    # A timeout and a memory limit: a reader that blocks on a FIFO, or reads /dev/zero for ever,
    # fails the test instead of hanging it or filling the memory.
    return subprocess.run([*command(), "check-content", str(folder)], capture_output=True, text=True,
                          timeout=60, stdin=subprocess.DEVNULL, preexec_fn=limit_memory)


@POSIX
@pytest.mark.parametrize("name", ["body.yaml", "reference.yaml", "techniques.yaml"])
def test_a_fifo_for_a_content_file_is_refused_at_once(assets: Path, name: str) -> None:
    (assets / name).unlink()
    os.mkfifo(assets / name)
    done = run_check(assets)
    assert done.returncode == 2, done.stderr
    assert done.stdout == (f"{assets / name}: is not a regular file (a pipe, a device or a socket); "
                           f"a content file must be one\n")
    assert "Traceback" not in done.stderr


@POSIX
def test_a_device_for_a_content_file_is_refused(assets: Path) -> None:
    (assets / "body.yaml").unlink()
    (assets / "body.yaml").symlink_to("/dev/zero")
    done = run_check(assets)
    assert done.returncode == 2, done.stderr
    assert done.stdout == (f"{assets / 'body.yaml'}: is not a regular file (a pipe, a device or a socket); "
                           f"a content file must be one\n")


def test_a_folder_for_a_content_file_is_refused(assets: Path) -> None:
    (assets / "reference.yaml").unlink()
    (assets / "reference.yaml").mkdir()
    assert only_problem(assets) == f"{assets / 'reference.yaml'}: is a folder, not a content file"


def test_a_huge_content_file_is_refused_before_it_is_read(assets: Path) -> None:
    with (assets / "techniques.yaml").open("wb") as f:
        f.truncate(MAX_CONTENT_BYTES + 1)
    assert only_problem(assets).endswith(f"the file is {MAX_CONTENT_BYTES + 1:,} bytes; a content file may "
                                         f"be at most {MAX_CONTENT_BYTES:,} bytes")


def test_a_file_that_is_not_utf8_is_one_problem(assets: Path) -> None:
    (assets / "body.yaml").write_bytes(b"zones: [\xff]\n")
    assert only_problem(assets).endswith("body.yaml: not UTF-8 text (bad byte at offset 8)")


@POSIX
@pytest.mark.skipif(hasattr(os, "geteuid") and os.geteuid() == 0, reason="root reads every file")
def test_an_unreadable_file_says_so_in_words(assets: Path) -> None:
    (assets / "body.yaml").chmod(0)
    assert only_problem(assets).endswith("body.yaml: cannot be read (permission denied)")


def test_deep_nesting_is_one_problem() -> None:
    with pytest.raises(ContentError) as info:
        parse_yaml("a: " + "[" * 20_000 + "]" * 20_000 + "\n", "f.yaml")
    [problem] = info.value.problems
    assert isinstance(problem, Problem) and problem.file == "f.yaml"


# ---------------------------------------------------------------- no unsafe loading anywhere

UNSAFE_NAMES = {"eval", "exec", "compile", "__import__"}
UNSAFE_MODULES = {"pickle", "cPickle", "dill", "marshal", "shelve", "jsonpickle"}
UNSAFE_YAML = {"load", "load_all", "full_load", "full_load_all", "unsafe_load", "unsafe_load_all",
               "Loader", "FullLoader", "UnsafeLoader", "CLoader", "CFullLoader", "CUnsafeLoader"}


def unsafe_uses(source: str) -> list[str]:
    found = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id in UNSAFE_NAMES:
            found.append(f"line {node.lineno}: {node.func.id}()")
        elif isinstance(node, ast.Import | ast.ImportFrom):
            names = [a.name for a in node.names] + ([node.module] if isinstance(node, ast.ImportFrom) else [])
            found += [f"line {node.lineno}: import {n}" for n in names if n and n.split(".")[0] in UNSAFE_MODULES]
        elif (isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name) and node.value.id == "yaml"
              and node.attr in UNSAFE_YAML):
            found.append(f"line {node.lineno}: yaml.{node.attr}")
    return found


def test_the_scan_finds_unsafe_loading() -> None:
    bad = "import pickle\nimport yaml\nyaml.load(t, Loader=yaml.Loader)\neval('1')\nfrom marshal import loads\n"
    assert len(unsafe_uses(bad)) == 5
    assert unsafe_uses("import yaml\nyaml.safe_load(t)\nyaml.SafeLoader\n") == []


def test_nothing_in_the_package_loads_unsafely() -> None:
    found = {str(p.relative_to(PACKAGE.parent)): unsafe_uses(p.read_text(encoding="utf-8"))
             for p in sorted(PACKAGE.rglob("*.py"))}
    assert {name: uses for name, uses in found.items() if uses} == {}

