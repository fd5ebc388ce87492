"""`massage-trainer bank import FILE --dry-run`: check an instructor's question bank (GIFT or Aiken).

Registered by `add_bank_commands(sub)` from cli.py's `build_parser`. Only `--dry-run` works yet:
it reads the file, imports nothing, and prints what it found (docs/question-banks.md). It exits 0
when the file has no errors and 2 when it has any, or cannot be read (one line on stderr).
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from massage_trainer.core.safe_text import NAME_LIMIT, printable

EXIT_OK = 0
EXIT_ERROR = 2
ERROR_LIMIT = 1200  # as cli.py's: an error line is cut off past this many characters
NOT_YET = "importing into the app's banks is not available yet; use --dry-run to check a file"


def _err(message: str) -> None:
    print(f"massage-trainer: {printable(message, ERROR_LIMIT)}", file=sys.stderr)


def _say(line: str) -> None:
    """One line on stdout; characters the console cannot show come out as escapes, not as a crash."""
    try:
        print(line)
    except UnicodeEncodeError:
        print(line.encode("ascii", "backslashreplace").decode("ascii"))


def cmd_bank_import(args: argparse.Namespace) -> int:
    if not args.dry_run:
        _err(NOT_YET)
        return EXIT_ERROR
    from massage_trainer.content.bank import BankError, load_bank

    path = Path(args.file)
    try:
        result = load_bank(path, args.format)
    except BankError as err:
        _err(str(err))
        return EXIT_ERROR
    if args.json:
        print(json.dumps(result.to_dict(), indent=2, allow_nan=False))  # ASCII: any console shows it
    else:
        name = printable(str(path), NAME_LIMIT)
        _say(f"{name}: {len(result.questions)} question(s), {len(result.skipped)} skipped, "
              f"{len(result.errors)} error(s); nothing was imported (--dry-run)")
        for skipped in result.skipped:
            _say(f"  line {skipped.line}: skipped {printable(skipped.title, 60)!r}: {printable(skipped.reason)}")
        for error in result.errors:
            _say(f"  line {error.line}: error: {printable(error.message, ERROR_LIMIT)}")
    return EXIT_ERROR if result.errors else EXIT_OK


def add_bank_commands(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    bank = sub.add_parser("bank", help="the instructors' question banks (GIFT, Aiken)")
    actions = bank.add_subparsers(dest="bank_command", metavar="ACTION", required=True)
    p = actions.add_parser(
        "import", help="check a GIFT or Aiken file (--dry-run); exit 0 if it has no errors, 2 if it has",
        description="Read a question bank in Moodle's GIFT or Aiken format and say what it holds: the "
        "questions, the ones skipped and why, and each error with its line (docs/question-banks.md). "
        "Only --dry-run is available yet: nothing is imported.")
    p.add_argument("file", help="the question bank file (UTF-8, at most 5 MB)")
    p.add_argument("--format", choices=("gift", "aiken"), default=None,
                   help="the file's format (default: aiken for .aiken files and files with no braces "
                   "and an ANSWER: line, gift otherwise)")
    p.add_argument("--dry-run", action="store_true", help="check the file and import nothing")
    p.add_argument("--json", action="store_true",
                   help="print one JSON object: questions, skipped and errors")
    p.set_defaults(func=cmd_bank_import)
