"""`massage-trainer learners|recordings|db`: the records, from the command line.

Registered by `add_record_commands(sub)` from cli.py's `build_parser`. Each command takes the
single-instance lock (storage/lock.py) first: while the app is open it says so and exits 2,
touching nothing. Each exits 0 on success and 2 with one line on stderr on error (a damaged or
newer database, a full disk, a bad file, an unknown learner). Heavy imports happen inside.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import sqlite_utils

    from massage_trainer.core.body import Body

from massage_trainer.core.safe_text import NAME_LIMIT, describe_os_error, printable

EXIT_OK = 0
EXIT_ERROR = 2
ERROR_LIMIT = 1200  # as cli.py's: an error line is cut off past this many characters


class Refused(Exception):
    """One line for stderr: the command cannot go on."""


def _err(message: str) -> None:
    """One line on stderr, as cli.py's errors are: control characters escaped, bounded."""
    print(f"massage-trainer: {printable(' '.join(message.split()), ERROR_LIMIT)}", file=sys.stderr)


def with_records(action: Callable[[Path, sqlite_utils.Database], int], open_db: bool = True) -> int:
    """Take the lock, open the database, run the action; every failure is one line and exit 2.
    The one home of this rule: cli_bank.py's commands use it too."""
    from massage_trainer.storage import AlreadyRunning, InstanceLock, LearnerError, StorageError, data_home
    from massage_trainer.storage.db import open_database
    from massage_trainer.storage.errors import storage_error
    from massage_trainer.storage.paths import database_path

    try:
        home = data_home()
        with InstanceLock(home):
            path = database_path(home)
            if not open_db:
                return action(path, None)  # type: ignore[arg-type]
            db = open_database(path)
            try:
                return action(path, db)
            finally:
                db.close()
    except AlreadyRunning as err:
        who = f" (process {err.pid})" if err.pid else ""
        _err(f"Massage Trainer is open{who} and is using {err.lock_path.parent}; close it first. Nothing was changed.")
    except (StorageError, LearnerError, Refused) as err:
        _err(str(err))
    except OSError as err:
        _err(str(storage_error(err, getattr(err, "filename", None) and Path(err.filename), "the command")))
    return EXIT_ERROR


def _body() -> Body:
    from massage_trainer.content import ContentError, load_content

    try:
        return load_content(play_animations=False).body
    except ContentError as err:
        raise Refused(f"the program's own content is broken: {err.problems[0]}") from None


def _learner_named(db: sqlite_utils.Database, name: str, create: bool = False) -> tuple[int, str]:
    from massage_trainer.storage import LearnerStore

    store = LearnerStore(db)
    found = store.find(name)
    if found is None:
        if not create:
            raise Refused(f"there is no learner called {name!r} (see `massage-trainer learners list`)")
        found = store.create(name)
    return found.id, found.name


# --- learners ----------------------------------------------------------------------------------


def cmd_learners_list(args: argparse.Namespace) -> int:
    def action(path: Path, db: sqlite_utils.Database) -> int:
        from massage_trainer.storage import LearnerStore

        for learner in LearnerStore(db).all():
            print(learner.name)
        return EXIT_OK

    return with_records(action)


def cmd_learners_add(args: argparse.Namespace) -> int:
    def action(path: Path, db: sqlite_utils.Database) -> int:
        from massage_trainer.storage import LearnerStore

        print(f"added learner {LearnerStore(db).create(args.name).name}")
        return EXIT_OK

    return with_records(action)


# --- recordings --------------------------------------------------------------------------------


def cmd_recordings_import(args: argparse.Namespace) -> int:
    from massage_trainer.core.recording import Recording, RecordingError, load_recording

    recordings: list[tuple[str, Recording]] = []
    for file in args.files:  # every file is read before anything is kept: all are imported or none
        try:
            recordings.append((file, load_recording(file)))
        except RecordingError as err:
            _err(f"{err} (nothing was imported)")
            return EXIT_ERROR

    def action(path: Path, db: sqlite_utils.Database) -> int:
        from datetime import UTC, datetime

        from massage_trainer.core.grading import grade
        from massage_trainer.storage import DrillStore, ToImport
        from massage_trainer.storage.drills import drill_for_recording

        body = _body()
        learner_id, name = _learner_named(db, args.learner, create=True)
        now = datetime.now(UTC).isoformat(timespec="seconds")
        items = [ToImport(rec, grade(rec, body), drill_for_recording(rec), now, Path(file).name)
                 for file, rec in recordings]
        for (file, _), done in zip(recordings, DrillStore(db).import_runs(learner_id, items), strict=True):
            if done.already:
                print(f"{file}: already in {name}'s recordings as recording {done.run.id}; not added again")
            else:
                verdict = "passed" if done.run.passed else "not passed"
                print(f"{file}: imported for {name} as recording {done.run.id} "
                      f"(score {done.run.score:.0f}, {verdict})")
        return EXIT_OK

    return with_records(action)


def cmd_recordings_list(args: argparse.Namespace) -> int:
    def action(path: Path, db: sqlite_utils.Database) -> int:
        from massage_trainer.storage import DrillStore, LearnerStore

        store = DrillStore(db)
        names = {learner.id: learner.name for learner in LearnerStore(db).all()}
        if args.learner is not None:
            runs = store.all_for(_learner_named(db, args.learner)[0])
        else:
            runs = store.everyone()
        rows: list[dict[str, Any]] = [
            {"id": r.id, "learner": names.get(r.learner_id, ""), "drill": r.drill, "date": r.started_at,
             "score": r.score, "passed": r.passed, "unfinished": r.unfinished, "imported_from": r.imported_from,
             "damaged": r.damaged}
            for r in runs]
        if args.json:
            print(json.dumps(rows, indent=2, ensure_ascii=False))
        for row in rows if not args.json else ():
            state = f"DAMAGED: {row['damaged']}" if row["damaged"] else (
                f"score {row['score']:.0f} {'passed' if row['passed'] else 'not passed'}")
            print(f"{row['id']}\t{row['learner']}\t{row['drill']}\t{row['date']}\t{state}")
        return EXIT_OK

    return with_records(action)


def cmd_recordings_export(args: argparse.Namespace) -> int:
    def action(path: Path, db: sqlite_utils.Database) -> int:
        from massage_trainer.core.recording import save_recording
        from massage_trainer.storage import DrillStore

        try:
            recording = DrillStore(db).recording(args.id)
        except KeyError:
            raise Refused(f"there is no recording with id {args.id} (see `massage-trainer recordings list`)") from None
        try:
            save_recording(recording, args.out)
        except OSError as err:
            raise Refused(f"{printable(str(args.out), NAME_LIMIT)}: cannot write the recording "
                           f"({describe_os_error(err)})") from None
        print(args.out)
        return EXIT_OK

    return with_records(action)


# --- db ----------------------------------------------------------------------------------------


def cmd_db_check(args: argparse.Namespace) -> int:
    def action(path: Path, db: sqlite_utils.Database) -> int:
        from massage_trainer.core.grading import grade
        from massage_trainer.storage import check_database

        body = _body()
        problems = check_database(db, lambda rec: grade(rec, body).to_dict())
        for problem in problems:
            print(problem)
        if problems:
            _err(f"{path}: {len(problems)} problem(s) found; the newest good backup can be restored with "
                 "`massage-trainer db restore`")
            return EXIT_ERROR
        count = db.execute("SELECT count(*) FROM drill_runs").fetchone()[0]
        print(f"{path}: all checks passed (quick_check, foreign keys, {count} recording(s) read and graded again)")
        return EXIT_OK

    return with_records(action)


def cmd_db_backup(args: argparse.Namespace) -> int:
    def action(path: Path, db: sqlite_utils.Database) -> int:
        from massage_trainer.storage import backup_now

        print(backup_now(path))
        return EXIT_OK

    return with_records(action, open_db=False)


def cmd_db_restore(args: argparse.Namespace) -> int:
    def action(path: Path, db: sqlite_utils.Database) -> int:
        from massage_trainer.storage import newest_good_backup, open_database, restore

        source = Path(args.file) if args.file else newest_good_backup(path)
        if source is None:
            raise Refused(f"{path}: there is no good backup to restore; nothing was changed")
        done = restore(source, path)
        open_database(path).close()  # migrated to this version's schema, and checked again
        if done.previous is None:
            print(f"restored {path} from {source}")
        else:
            how = "set aside, damaged, as" if done.previous_damaged else "backed up as"
            print(f"restored {path} from {source}; the database it replaced is {how} {done.previous}")
        return EXIT_OK

    return with_records(action, open_db=False)


def add_record_commands(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """The subcommands `learners`, `recordings` and `db`, added to the main parser's."""
    learners = sub.add_parser("learners", help="list or add learners").add_subparsers(
        dest="learners_command", metavar="ACTION", required=True)
    learners.add_parser("list", help="every learner's name, one a line").set_defaults(func=cmd_learners_list)
    p = learners.add_parser("add", help="add a learner")
    p.add_argument("name", help="the learner's name (at most 60 characters)")
    p.set_defaults(func=cmd_learners_add)

    recordings = sub.add_parser("recordings", help="import, list or export drill recordings").add_subparsers(
        dest="recordings_command", metavar="ACTION", required=True)
    p = recordings.add_parser("import", help="grade recording files and keep them in a learner's record "
                              "(the learner is added if missing; a recording already there is kept once)")
    p.add_argument("files", nargs="+", metavar="FILE", help="recording files (docs/recording-format.md)")
    p.add_argument("--learner", required=True, metavar="NAME", help="whose record they go into")
    p.set_defaults(func=cmd_recordings_import)
    p = recordings.add_parser("list", help="the stored recordings, newest first")
    p.add_argument("--learner", metavar="NAME", help="only this learner's")
    p.add_argument("--json", action="store_true",
                   help="a JSON list: id, learner, drill, date, score, passed, unfinished, imported_from, damaged")
    p.set_defaults(func=cmd_recordings_list)
    p = recordings.add_parser("export", help="write a stored recording to a file")
    p.add_argument("id", type=int, help="the recording's id (from `recordings list`)")
    p.add_argument("--out", required=True, metavar="FILE", help="the recording file (JSON) to write")
    p.set_defaults(func=cmd_recordings_export)

    db = sub.add_parser("db", help="check, back up or restore the database").add_subparsers(
        dest="db_command", metavar="ACTION", required=True)
    db.add_parser("check", help="quick_check, foreign keys, every recording read and graded again; "
                  "exit 0 only if all pass").set_defaults(func=cmd_db_check)
    db.add_parser("backup", help="back the database up now (printed: the backup's path)").set_defaults(
        func=cmd_db_backup)
    p = db.add_parser("restore", help="replace the database with a backup (the newest good one by default); "
                      "the one replaced is backed up, or set aside if damaged")
    p.add_argument("file", nargs="?", help="the backup to restore")
    p.set_defaults(func=cmd_db_restore)
