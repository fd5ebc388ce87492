"""`massage-trainer`: the GUI by default, and the subcommands.

Each subcommand is a small function taking the parsed arguments and returning
an exit status. Heavy imports (Qt, numpy, the grader) happen inside them, so
`--help` and `--version` stay instant.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from massage_trainer import __version__
from massage_trainer.core.rules import FIRST_SESSION_LIMIT_MIN  # a few constants: no numpy, no Qt
from massage_trainer.core.safe_text import NAME_LIMIT, describe_os_error, printable
from massage_trainer.streams import ensure_streams

if TYPE_CHECKING:
    from massage_trainer.content import Content

EXIT_OK = 0
EXIT_FAILURE = 1
EXIT_BAD_INPUT = 2
# An error is one line: whatever went into it, it is cut off past this many characters.
ERROR_LIMIT = 1200


def _err(message: str) -> None:
    """One line on stderr; control characters (a terminal escape, a newline in a file name) escaped."""
    print(f"massage-trainer: {printable(message, ERROR_LIMIT)}", file=sys.stderr)


def _name(path: object) -> str:
    """A path as a message shows it: escaped, bounded."""
    return printable(str(path), NAME_LIMIT)


def _bundled_content() -> Content | None:
    """The bundled content, or None after one line on stderr if it is broken."""
    from massage_trainer.content import ContentError, load_content

    try:
        return load_content()
    except ContentError as err:
        more = f" (and {len(err.problems) - 1} more)" if len(err.problems) > 1 else ""
        _err(f"the program's own content is broken: {err.problems[0]}{more}")
        return None


def cmd_gui(args: argparse.Namespace) -> int:
    # The Qt-free layers first: once PySide6 is imported, its import hook reads the
    # source of every module imported after it (about 25 ms for numpy and friends).
    import massage_trainer.content
    import massage_trainer.storage  # noqa: F401
    from massage_trainer.ui.shell.app import run_gui

    return run_gui()


def cmd_check_content(args: argparse.Namespace) -> int:
    from massage_trainer.content import check_content
    from massage_trainer.resources import assets_dir

    folder = Path(args.dir) if args.dir else assets_dir()
    if not folder.is_dir():
        _err(f"{_name(folder)}: not a folder")
        return EXIT_BAD_INPUT
    problems = check_content(folder)
    for problem in problems:
        print(problem)  # one line each, escaped and bounded (content/errors.py)
    if problems:
        print(f"{len(problems)} problem(s) in {_name(folder)}", file=sys.stderr)
        return EXIT_BAD_INPUT
    print(f"{_name(folder)}: content is valid")
    return EXIT_OK


def cmd_grade(args: argparse.Namespace) -> int:
    import json

    from massage_trainer.core.grading import format_report, grade
    from massage_trainer.core.recording import RecordingError, load_recording

    try:
        recording = load_recording(args.file)
    except RecordingError as err:
        _err(str(err))  # one line: the file, the field, what is wrong
        return EXIT_BAD_INPUT
    content = _bundled_content()
    if content is None:
        return EXIT_FAILURE
    body = content.body
    report = grade(recording, body)
    if args.json:
        print(json.dumps(report.to_dict(), indent=2, allow_nan=False))
    else:
        print(format_report(report, _name(args.file)))
    return EXIT_OK


def _size(text: str) -> tuple[int, int]:
    try:
        w, h = (int(v) for v in text.lower().split("x"))
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected WIDTHxHEIGHT, such as 1920x1080; got {text!r}") from None
    if not (320 <= w <= 8192 and 240 <= h <= 8192):
        raise argparse.ArgumentTypeError(f"size {w}x{h} is out of range (320x240 to 8192x8192)")
    return w, h


def cmd_screenshot(args: argparse.Namespace) -> int:
    from massage_trainer.ui.shell.screenshot import ScreenshotError, take_screenshot

    try:
        take_screenshot(args)
    except ScreenshotError as err:
        _err(str(err))
        return EXIT_BAD_INPUT
    print(args.out)
    return EXIT_OK


def cmd_demo(args: argparse.Namespace) -> int:
    from massage_trainer.core.demo import demo_recording, session_recording
    from massage_trainer.core.recording import save_recording

    if args.first_session and not args.session:
        _err("--first-session goes with --session")
        return EXIT_BAD_INPUT
    content = _bundled_content()
    if content is None:
        return EXIT_FAILURE
    library = content.techniques
    if args.session:
        recording = session_recording(library.session_plan(args.first_session), library)
    else:
        technique = library.find(args.technique)
        if technique is None:
            _err(f"unknown technique {printable(repr(args.technique), 60)}; choose one of: "
                 f"{', '.join(library.ids)}")
            return EXIT_BAD_INPUT
        recording = demo_recording(technique)
    try:
        save_recording(recording, args.out)
    except OSError as err:
        _err(f"{_name(args.out)}: cannot write the recording ({describe_os_error(err)})")
        return EXIT_BAD_INPUT
    print(_name(args.out))
    return EXIT_OK


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="massage-trainer",
        description="Learn back massage: the back diagram, techniques, graded drills. "
        "With no subcommand, the app opens.",
    )
    parser.add_argument("--version", action="version", version=f"massage-trainer {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    p = sub.add_parser("gui", help="open the app (the default)")
    p.set_defaults(func=cmd_gui)

    p = sub.add_parser("check-content", help="validate a content folder; exit 0 if good, 2 if not")
    p.add_argument("dir", nargs="?", help="the folder to check (default: the bundled assets)")
    p.set_defaults(func=cmd_check_content)

    p = sub.add_parser(
        "grade", help="grade a drill recording; exit 0 if graded, 2 if unreadable",
        description="Grade a drill recording as the app does: the score, pass or fail, each violation "
        "and the measures. Exit 0 when the file was graded, whatever the score; exit 2, with one line "
        "on stderr and nothing on stdout, when it cannot be: not a regular file, over the format's "
        "size or sample limits, not JSON, or not the format (docs/recording-format.md).")
    p.add_argument("--json", action="store_true",
                   help="print the report as one JSON object (score, passed, violations, metrics)")
    p.add_argument("file", help="the recording (a massage-trainer/recording JSON file)")
    p.set_defaults(func=cmd_grade)

    p = sub.add_parser("screenshot", help="render a screen offscreen to a PNG file")
    p.add_argument("--screen", default="atlas",
                   help="atlas, techniques, session, types, practice, progress or reference")
    p.add_argument("--size", type=_size, default=(1920, 1080), help="WIDTHxHEIGHT (default 1920x1080)")
    p.add_argument("--scale", type=float, default=1.0,
                   help="device pixel ratio, such as 2 for a high-DPI screen (default 1)")
    p.add_argument("--theme", choices=("light", "dark", "contrast"), default="light")
    p.add_argument("--technique", help="the technique to show (techniques screen)")
    p.add_argument("--at", type=float, default=None, help="the time in seconds of an animation frame")
    p.add_argument("--out", required=True, help="the PNG file to write")
    p.set_defaults(func=cmd_screenshot)

    p = sub.add_parser("demo", help="write a demonstration recording of a technique or a session")
    which = p.add_mutually_exclusive_group(required=True)
    which.add_argument("--technique", metavar="NAME",
                       help="the technique: stroking, rubbing, kneading, percussion or vibration")
    which.add_argument("--session", action="store_true",
                       help="a whole session, from stroking to stroking")
    p.add_argument("--first-session", action="store_true",
                   help=f"with --session: the first-session plan ({FIRST_SESSION_LIMIT_MIN} minutes at most)")
    p.add_argument("--out", required=True, help="the recording file (JSON) to write")
    p.set_defaults(func=cmd_demo)

    from massage_trainer.cli_records import add_record_commands  # learners, recordings, db

    add_record_commands(sub)
    from massage_trainer.cli_bank import add_bank_commands  # bank import (question banks)

    add_bank_commands(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    ensure_streams()  # a windowed build starts with no stdout or stderr (streams.py)
    parser = build_parser()
    args = parser.parse_args(argv)
    func = getattr(args, "func", cmd_gui)
    return int(func(args))


if __name__ == "__main__":
    sys.exit(main())
