"""`massage-trainer bank import|list|remove|export`, end to end: the real command in a subprocess,
MASSAGE_TRAINER_HOME set to a fresh folder."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import zipfile
from datetime import UTC, datetime
from pathlib import Path

import pytest
from fsrs import Scheduler

from massage_trainer.content.gift import parse_gift
from massage_trainer.core.quiz import Result
from massage_trainer.core.quiz_bank import from_bank
from massage_trainer.storage import BankStore, InstanceLock, LearnerStore, QuizStore, list_backups, open_database
from massage_trainer.storage.paths import database_path

GIFT = """$CATEGORY: Basics

::Opening:: Which stroke opens a massage? {=Stroking ~Percussion ####It warms the skin.}

::Spine:: Pressure on the spine? {FALSE}

::Year:: When? {#1822:2}
"""


def run(home: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "MASSAGE_TRAINER_HOME": str(home)}
    return subprocess.run([sys.executable, "-m", "massage_trainer", "bank", *args], capture_output=True, text=True,
                          timeout=120, env=env, stdin=subprocess.DEVNULL, encoding="utf-8")


def refused(out: subprocess.CompletedProcess[str], words: str) -> None:
    assert out.returncode == 2, out
    assert "Traceback" not in out.stderr and len(out.stderr.strip().splitlines()) == 1, out.stderr
    assert words in out.stderr, out.stderr


def write(folder: Path, name: str, text: str) -> Path:
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


def answer_all(home: Path, learner: str = "Ann") -> None:
    """A learner answers every imported question right, as the quiz screen would keep it."""
    db = open_database(database_path(home))
    try:
        learner_id = LearnerStore(db).create(learner).id
        quiz = QuizStore(db, Scheduler(enable_fuzzing=False))
        for stored in BankStore(db).questions():
            quiz.record_answer(learner_id, from_bank(stored.question, stored.question_id), 0, Result(1.0, True),
                               datetime(2026, 3, 1, tzinfo=UTC), "topic", "s1", bank=stored.bank)
    finally:
        db.close()


def history(home: Path) -> list[tuple[str, bool]]:
    db = open_database(database_path(home))
    try:
        return [(a.question_id, a.bank_removed) for a in QuizStore(db).answers_for(1)]
    finally:
        db.close()


def test_import_list_and_the_bank_name(tmp_home, tmp_path):
    path = write(tmp_path, "basics.gift", GIFT)
    out = run(tmp_home, "import", str(path))
    assert out.returncode == 0, out.stderr
    assert "imported 3 question(s) as bank 'basics' (a new bank)" in out.stdout
    assert run(tmp_home, "import", str(path), "--name", "Second term").returncode == 0
    listed = json.loads(run(tmp_home, "list", "--json").stdout)
    assert [(b["name"], b["format"], b["questions"]) for b in listed] == [("basics", "gift", 3),
                                                                          ("Second term", "gift", 3)]
    assert run(tmp_home, "list").stdout.splitlines()[0].startswith("basics\tgift\t3 question(s)\t")
    assert {b.reason for b in list_backups(database_path(tmp_home))} == {"before-import"}


def test_a_file_with_one_broken_question_imports_nothing(tmp_home, tmp_path):
    path = write(tmp_path, "broken.gift", GIFT + "\n::Bad:: Oops {=a ~b\n\nGood {T}\n")
    out = run(tmp_home, "import", str(path))
    refused(out, "1 error(s); nothing was imported")
    assert "line 9: error: unclosed brace" in out.stdout
    assert run(tmp_home, "list", "--json").stdout.strip() == "[]"
    refused(run(tmp_home, "import", str(write(tmp_path, "empty.gift", "Only a description.\n"))),
            "no question to import")
    refused(run(tmp_home, "import", str(tmp_path / "missing.gift")), "no such file")


def test_reimport_keeps_the_history_of_unchanged_questions(tmp_home, tmp_path):
    path = write(tmp_path, "basics.gift", GIFT)
    assert run(tmp_home, "import", str(path)).returncode == 0
    answer_all(tmp_home)
    first = [q for q, _ in history(tmp_home)]
    changed = GIFT.replace("Pressure on the spine?", "Firm pressure on the spine?")
    out = run(tmp_home, "import", str(write(tmp_path, "basics.gift", changed)))
    assert out.returncode == 0, out.stderr
    assert "replacing the bank of that name; 2 unchanged question(s) keep their answers" in out.stdout
    db = open_database(database_path(tmp_home))
    try:
        ids = [q.question_id for q in BankStore(db).questions()]
        cards = {c.question_id for c in QuizStore(db).cards_for(1)}
    finally:
        db.close()
    assert ids[0] == first[0] and ids[2] == first[2] and ids[1] != first[1]
    assert cards & set(ids) == {first[0], first[2]}


def test_remove_keeps_the_answers_marked(tmp_home, tmp_path):
    assert run(tmp_home, "import", str(write(tmp_path, "basics.gift", GIFT))).returncode == 0
    answer_all(tmp_home)
    out = run(tmp_home, "remove", "BASICS")
    assert out.returncode == 0 and "removed bank 'basics' (3 question(s))" in out.stdout
    assert run(tmp_home, "list", "--json").stdout.strip() == "[]"
    assert [removed for _, removed in history(tmp_home)] == [True, True, True]
    refused(run(tmp_home, "remove", "basics"), "there is no bank called 'basics'")


def test_export_then_import_gives_the_same_questions(tmp_home, tmp_path):
    source = write(tmp_path, "basics.gift", GIFT)
    assert run(tmp_home, "import", str(source)).returncode == 0
    out = run(tmp_home, "export", "--format", "gift", "--bank", "basics", "--out", "-")
    assert out.returncode == 0 and out.stderr == ""
    assert parse_gift(out.stdout).questions == parse_gift(GIFT).questions
    exported = tmp_path / "out.gift"
    assert run(tmp_home, "export", "--format", "gift", "--bank", "Basics", "--out", str(exported)).returncode == 0
    assert run(tmp_home, "import", str(exported), "--name", "again").returncode == 0
    db = open_database(database_path(tmp_home))
    try:
        banks = BankStore(db)
        assert [q.question for q in banks.questions("again")] == [q.question for q in banks.questions("basics")]
    finally:
        db.close()
    aiken = run(tmp_home, "export", "--format", "aiken", "--bank", "basics", "--out", "-")
    assert aiken.returncode == 0 and aiken.stdout.count("ANSWER: A") == 1  # the single choice
    assert aiken.stderr.count("massage-trainer: warning: left out") == 2


def test_export_writes_the_apps_own_questions_with_the_imported_ones(tmp_home, tmp_path):
    from massage_trainer.content import load_content
    from massage_trainer.core.quiz_bank import to_bank

    own = load_content().questions
    holdable = [q for q in own if to_bank(q) is not None]
    assert 0 < len(holdable) < len(own)  # ordering, hotspot and direction have no form in GIFT
    assert run(tmp_home, "import", str(write(tmp_path, "basics.gift", GIFT))).returncode == 0
    out = run(tmp_home, "export", "--format", "gift", "--out", "-")
    assert out.returncode == 0, out.stderr
    exported = parse_gift(out.stdout)
    assert exported.errors == []
    assert len(exported.questions) == len(holdable) + len(parse_gift(GIFT).questions)
    [warning] = out.stderr.splitlines()
    assert f"{len(own) - len(holdable)} of the app's own questions" in warning and "hotspot" in warning
    assert [q.text for q in exported.questions[:len(holdable)]] == [q.text for q in holdable]
    assert [q.explanation for q in exported.questions[:len(holdable)]] == [q.explanation for q in holdable]
    only_own = run(tmp_home, "export", "--format", "gift", "--bank", "builtin", "--out", "-")
    assert len(parse_gift(only_own.stdout).questions) == len(holdable)
    refused(run(tmp_home, "export", "--format", "gift", "--bank", "nothing", "--out", "-"), "no bank called 'nothing'")


def test_export_apkg_and_its_refusals(tmp_home, tmp_path):
    assert run(tmp_home, "import", str(write(tmp_path, "basics.gift", GIFT))).returncode == 0
    deck = tmp_path / "banks.apkg"
    out = run(tmp_home, "export", "--format", "apkg", "--out", str(deck))
    assert out.returncode == 0, out.stderr
    assert "collection.anki2" in zipfile.ZipFile(deck).namelist()
    refused(run(tmp_home, "export", "--format", "apkg", "--out", "-"), "cannot go to stdout")
    (tmp_path / "folder").mkdir()
    for where in (tmp_path / "folder", tmp_path / "nowhere" / "x.gift"):
        refused(run(tmp_home, "export", "--format", "gift", "--bank", "basics", "--out", str(where)),
                "cannot write the export")


def test_the_commands_wait_for_the_app(tmp_home, tmp_path):
    path = write(tmp_path, "basics.gift", GIFT)
    tmp_home.mkdir()
    with InstanceLock(tmp_home):
        refused(run(tmp_home, "import", str(path)), "Massage Trainer is open")
        refused(run(tmp_home, "list"), "Massage Trainer is open")
    assert run(tmp_home, "list", "--json").stdout.strip() == "[]"


def test_the_whole_bank_opens_in_anki_itself(tmp_home, tmp_path):
    pytest.importorskip("anki", reason="Anki's library is a test dependency of the full environment")
    from anki.collection import Collection, ImportAnkiPackageRequest

    from massage_trainer.content import load_content
    from massage_trainer.core.quiz_bank import to_bank

    own = [q for q in load_content().questions if to_bank(q) is not None]
    assert run(tmp_home, "import", str(write(tmp_path, "basics.gift", GIFT))).returncode == 0
    deck = tmp_path / "all.apkg"
    assert run(tmp_home, "export", "--format", "apkg", "--out", str(deck)).returncode == 0
    (tmp_path / "fresh").mkdir()
    collection = Collection(str(tmp_path / "fresh" / "collection.anki2"))
    try:
        collection.import_anki_package(ImportAnkiPackageRequest(package_path=str(deck)))
        notes = {n["Id"]: n for n in (collection.get_note(i) for i in collection.find_notes(""))}
        assert {q.id for q in own} <= set(notes) and len(notes) == len(own) + 3
        for q in own:
            assert notes[q.id]["Explanation"] and notes[q.id]["Answer"]
        names = [d.name for d in collection.decks.all_names_and_ids()]
        assert "Massage Trainer::Built-in" in names and "Massage Trainer::basics" in names
    finally:
        collection.close()
