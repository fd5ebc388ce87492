"""`massage-trainer bank import|list|remove|export`: the instructors' question banks (GIFT, Aiken).

Registered by `add_bank_commands(sub)` from cli.py's `build_parser`. `import --dry-run` reads a
file, imports nothing, and prints what it found. `import` without it keeps the file's questions as
a bank of their own, all or nothing: a file with any error imports nothing. A bank of the same name
is replaced; a question whose text is unchanged keeps its id, and so the learners' answers and
review cards (storage/banks.py). `remove` takes a bank out (the answers to it stay in the history),
`list` shows them, `export` writes them as GIFT, Aiken or an Anki deck. Every command but the dry
run takes the instance lock (cli_records.with_records). Exit 0 on success, 2 on any error, with one
line on stderr (docs/question-banks.md).
"""

from __future__ import annotations

import argparse
import json
import sys
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from massage_trainer.cli_records import Refused, with_records
from massage_trainer.core.safe_text import NAME_LIMIT, describe_os_error, printable

if TYPE_CHECKING:
    import sqlite_utils

    from massage_trainer.content.bank import BankFormat, BankResult
    from massage_trainer.core.questions import Question

EXIT_OK = 0
EXIT_ERROR = 2
ERROR_LIMIT = 1200  # as cli.py's: an error line is cut off past this many characters


def _err(message: str) -> None:
    print(f"massage-trainer: {printable(message, ERROR_LIMIT)}", file=sys.stderr)


def _say(line: str) -> None:
    """One line on stdout; characters the console cannot show come out as escapes, not as a crash."""
    try:
        print(line)
    except UnicodeEncodeError:
        print(line.encode("ascii", "backslashreplace").decode("ascii"))


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def _report(name: str, result: BankResult, done: str) -> None:
    _say(f"{name}: {len(result.questions)} question(s), {len(result.skipped)} skipped, "
         f"{len(result.errors)} error(s); {done}")
    for skipped in result.skipped:
        _say(f"  line {skipped.line}: skipped {printable(skipped.title, 60)!r}: {printable(skipped.reason)}")
    for error in result.errors:
        _say(f"  line {error.line}: error: {printable(error.message, ERROR_LIMIT)}")


def _file_format(path: Path, given: BankFormat | None) -> BankFormat:
    from massage_trainer.content.bank import guess_format, read_bank_file

    return given or guess_format(path, read_bank_file(path).decode("utf-8", errors="replace").removeprefix("\ufeff"))


def cmd_bank_import(args: argparse.Namespace) -> int:
    from massage_trainer.content.bank import BankError, load_bank

    path = Path(args.file)
    try:
        result = load_bank(path, args.format)
        fmt = _file_format(path, args.format)
    except BankError as err:
        _err(str(err))
        return EXIT_ERROR
    shown = printable(str(path), NAME_LIMIT)
    if args.dry_run:
        if args.json:
            print(json.dumps(result.to_dict(), indent=2, allow_nan=False))  # ASCII: any console shows it
        else:
            _report(shown, result, "nothing was imported (--dry-run)")
        return EXIT_ERROR if result.errors else EXIT_OK
    if result.errors or not result.questions:
        _report(shown, result, "nothing was imported")
        why = f"{len(result.errors)} error(s)" if result.errors else "no question to import"
        _err(f"{shown}: {why}; nothing was imported (fix the file and import it again)")
        return EXIT_ERROR
    name = args.name if args.name is not None else path.stem

    def action(db_path: Path, db: sqlite_utils.Database) -> int:
        from massage_trainer.storage import BankStore, backup_before

        banks = BankStore(db)
        old = banks.find(name)
        before = {q.question_id for q in banks.questions(old.name)} if old else set()
        backup_before(db_path, "import")
        stored = banks.replace(name, fmt, result.questions, _now())
        kept = len(before & {q.question_id for q in banks.questions(stored.name)})
        how = (f"replacing the bank of that name; {kept} unchanged question(s) keep their answers and reviews"
               if old else "a new bank")
        _say(f"{shown}: imported {stored.questions} question(s) as bank {printable(stored.name, NAME_LIMIT)!r} "
             f"({how}); {len(result.skipped)} skipped")
        for skipped in result.skipped:
            _say(f"  line {skipped.line}: skipped {printable(skipped.title, 60)!r}: {printable(skipped.reason)}")
        return EXIT_OK

    return with_records(action)


def cmd_bank_list(args: argparse.Namespace) -> int:
    def action(db_path: Path, db: sqlite_utils.Database) -> int:
        from massage_trainer.storage import BankStore

        banks = BankStore(db).all()
        if args.json:
            print(json.dumps([{"name": b.name, "format": b.format, "imported_at": b.imported_at,
                               "questions": b.questions} for b in banks], indent=2, ensure_ascii=False))
        else:
            for b in banks:
                _say(f"{printable(b.name, NAME_LIMIT)}\t{b.format}\t{b.questions} question(s)\t{b.imported_at}")
        return EXIT_OK

    return with_records(action)


def cmd_bank_remove(args: argparse.Namespace) -> int:
    def action(db_path: Path, db: sqlite_utils.Database) -> int:
        from massage_trainer.storage import BankStore, backup_before

        banks = BankStore(db)
        if banks.find(args.name) is None:
            raise Refused(f"there is no bank called {args.name!r} (see `massage-trainer bank list`); "
                          "nothing was changed")
        backup_before(db_path, "delete")
        gone = banks.remove(args.name, _now())
        _say(f"removed bank {printable(gone.name, NAME_LIMIT)!r} ({gone.questions} question(s)); the answers "
             "to its questions stay in the learners' history")
        return EXIT_OK

    return with_records(action)


# The bank name of the app's own questions in an export (the Anki deck Massage Trainer::Built-in).
BUILTIN_DECK = "Built-in"


def cmd_bank_export(args: argparse.Namespace) -> int:
    if args.out == "-" and args.format == "apkg":
        _err("an .apkg file cannot go to stdout; give --out FILE.apkg")
        return EXIT_ERROR

    def action(db_path: Path, db: sqlite_utils.Database) -> int:
        from massage_trainer.storage import BankStore

        only = None if args.bank is None else " ".join(args.bank.split())
        builtin, left_out = _builtin_questions() if only in (None, "builtin") else ([], [])
        banks = BankStore(db)
        if only not in (None, "builtin") and banks.find(only) is None:
            raise Refused(f"there is no bank called {printable(only, NAME_LIMIT)!r} (see `massage-trainer bank list`)")
        imported = [] if only == "builtin" else banks.questions(only)
        items = builtin + [(q.bank, q.question_id, q.question) for q in imported]
        data, warnings = _export(args.format, items)
        for warning in left_out + warnings:
            _err(f"warning: {warning}")
        if args.out == "-":
            sys.stdout.flush()
            sys.stdout.buffer.write(data)  # UTF-8, whatever the console's encoding
            sys.stdout.buffer.flush()
            return EXIT_OK
        from massage_trainer.core.atomic_write import write_file_atomically

        try:
            write_file_atomically(args.out, data)
        except OSError as err:
            raise Refused(f"{printable(str(args.out), NAME_LIMIT)}: cannot write the export "
                          f"({describe_os_error(err)})") from None
        _say(f"{printable(str(args.out), NAME_LIMIT)}: {len(items) - len(warnings)} question(s) exported "
             f"as {args.format}")
        return EXIT_OK

    return with_records(action)


def _builtin_questions() -> tuple[list[tuple[str, str, Question]], list[str]]:
    """The app's own questions as bank questions, and a warning for each a bank file cannot hold."""
    from massage_trainer.content import ContentError, load_content
    from massage_trainer.core.quiz_bank import to_bank

    try:
        questions = load_content().questions
    except ContentError as err:
        raise Refused(f"the app's own questions cannot be read: {err}") from None
    found: list[tuple[str, str, Question]] = []
    kinds: dict[str, int] = {}
    for q in questions:
        as_bank = to_bank(q)
        if as_bank is None:
            kind = q.type.value.replace("_", " ")
            kinds[kind] = kinds.get(kind, 0) + 1
        else:
            found.append((BUILTIN_DECK, q.id, as_bank))
    if not kinds:
        return found, []
    counts = ", ".join(f"{n} {kind}" for kind, n in sorted(kinds.items()))
    return found, [f"{sum(kinds.values())} of the app's own questions ({counts}) have no form in a bank "
                   "file; left out"]


def _export(fmt: str, items: list[tuple[str, str, Question]]) -> tuple[bytes, list[str]]:
    """(bank, question id, question) items as the file's bytes, and the warnings of those left out."""
    if fmt == "apkg":
        from massage_trainer.content.bank_apkg import apkg_bytes

        by_bank: dict[str, list[tuple[str, Question]]] = {}
        for bank, question_id, question in items:
            by_bank.setdefault(bank, []).append((question_id, question))
        return apkg_bytes(by_bank.items()), []
    from massage_trainer.content.bank_export import to_aiken, to_gift

    text, warnings = (to_gift if fmt == "gift" else to_aiken)(question for _, _, question in items)
    return text.encode("utf-8"), warnings


def add_bank_commands(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    bank = sub.add_parser("bank", help="the instructors' question banks (GIFT, Aiken): import, list, remove, export")
    actions = bank.add_subparsers(dest="bank_command", metavar="ACTION", required=True)
    p = actions.add_parser(
        "import", help="import a GIFT or Aiken file as a bank (all or nothing), or check it (--dry-run)",
        description="Read a question bank in Moodle's GIFT or Aiken format and keep its questions as a bank "
        "(docs/question-banks.md). A file with any error imports nothing: each error is printed with its "
        "line and the exit status is 2. A bank of the same name is replaced; questions whose text is "
        "unchanged keep their answers and reviews. With --dry-run, only say what the file holds.")
    p.add_argument("file", help="the question bank file (UTF-8, at most 5 MB)")
    p.add_argument("--format", choices=("gift", "aiken"), default=None,
                   help="the file's format (default: aiken for .aiken files and files with no braces "
                   "and an ANSWER: line, gift otherwise)")
    p.add_argument("--name", default=None, help="the bank's name (default: the file's name without its suffix)")
    p.add_argument("--dry-run", action="store_true", help="check the file and import nothing")
    p.add_argument("--json", action="store_true",
                   help="with --dry-run: print one JSON object: questions, skipped and errors")
    p.set_defaults(func=cmd_bank_import)
    p = actions.add_parser("list", help="the imported banks: name, format, questions, when imported")
    p.add_argument("--json", action="store_true", help="a JSON list: name, format, imported_at, questions")
    p.set_defaults(func=cmd_bank_list)
    p = actions.add_parser("remove", help="take a bank out; the answers to its questions stay in the history")
    p.add_argument("name", help="the bank's name (see `bank list`)")
    p.set_defaults(func=cmd_bank_remove)
    p = actions.add_parser("export", help="write the whole bank, the app's own questions and every imported "
                           "bank, as GIFT, Aiken or an Anki deck (.apkg)")
    p.add_argument("--format", choices=("gift", "aiken", "apkg"), required=True,
                   help="GIFT (every type it holds), Aiken (single choice only) or apkg (an Anki deck)")
    p.add_argument("--out", required=True, metavar="FILE", help="the file to write; - for stdout (not with apkg)")
    p.add_argument("--bank", default=None, metavar="NAME",
                   help="only this bank (see `bank list`); builtin for the app's own questions (default: all)")
    p.set_defaults(func=cmd_bank_export)
