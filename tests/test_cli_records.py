"""`massage-trainer learners|recordings|db`, driven as a user would: the real command in a subprocess,
MASSAGE_TRAINER_HOME set to a fresh folder. Exit 0 on success, 2 with one line on stderr on error."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from massage_trainer.core.recording import load_recording
from massage_trainer.storage import InstanceLock, database_path


def run(home: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "MASSAGE_TRAINER_HOME": str(home)}
    return subprocess.run([sys.executable, "-m", "massage_trainer", *args], capture_output=True, text=True,
                          timeout=120, env=env)


def refused(out: subprocess.CompletedProcess[str], words: str) -> None:
    assert out.returncode == 2, out
    assert "Traceback" not in out.stderr and len(out.stderr.strip().splitlines()) == 1, out.stderr
    assert words in out.stderr, out.stderr


@pytest.fixture(scope="module")
def demos(tmp_path_factory) -> tuple[Path, Path]:
    folder = tmp_path_factory.mktemp("demos")
    files = folder / "stroking.json", folder / "kneading.json"
    for file in files:
        out = subprocess.run([sys.executable, "-m", "massage_trainer", "demo", "--technique", file.stem,
                              "--out", str(file)], capture_output=True, text=True, timeout=120)
        assert out.returncode == 0, out.stderr
    return files


def test_the_help_lists_the_record_commands():
    out = subprocess.run([sys.executable, "-m", "massage_trainer", "--help"], capture_output=True, text=True,
                         timeout=120)
    assert all(word in out.stdout for word in ("learners", "recordings", "db"))


def test_learners_add_and_list(tmp_home):
    assert run(tmp_home, "learners", "add", "  Ann   Lee ").stdout.strip() == "added learner Ann Lee"
    assert run(tmp_home, "learners", "add", "Bob").returncode == 0
    out = run(tmp_home, "learners", "list")
    assert out.returncode == 0 and out.stdout.splitlines() == ["Ann Lee", "Bob"]
    refused(run(tmp_home, "learners", "add", "bob"), "already a learner called 'bob'")
    refused(run(tmp_home, "learners", "add", "Eve\u202egnirts"), "U+202E")


def test_import_list_export_and_the_same_recording_kept_once(tmp_home, tmp_path, demos):
    stroking, kneading = demos
    out = run(tmp_home, "recordings", "import", str(stroking), str(kneading), "--learner", "Cy")
    assert out.returncode == 0, out.stderr
    assert "imported for Cy as recording 1" in out.stdout and "as recording 2" in out.stdout
    again = run(tmp_home, "recordings", "import", str(stroking), "--learner", "cy")
    assert again.returncode == 0 and "already in Cy's recordings as recording 1; not added again" in again.stdout
    run(tmp_home, "recordings", "import", str(stroking), "--learner", "Di")  # another learner's own copy
    listed = run(tmp_home, "recordings", "list", "--json")
    rows = json.loads(listed.stdout)
    assert [(r["id"], r["learner"], r["drill"]) for r in sorted(rows, key=lambda r: r["id"])] == [
        (1, "Cy", "technique:stroking"), (2, "Cy", "technique:kneading"), (3, "Di", "technique:stroking")]
    assert {"id", "learner", "drill", "date", "score", "passed"} <= set(rows[0])
    assert all(r["passed"] is True and r["score"] > 50 and r["damaged"] is None for r in rows)
    mine = json.loads(run(tmp_home, "recordings", "list", "--learner", "Di", "--json").stdout)
    assert [r["id"] for r in mine] == [3]
    refused(run(tmp_home, "recordings", "list", "--learner", "Nobody", "--json"), "no learner called 'Nobody'")
    out_file = tmp_path / "out.json"
    exported = run(tmp_home, "recordings", "export", "2", "--out", str(out_file))
    assert exported.returncode == 0 and load_recording(out_file) == load_recording(kneading)
    refused(run(tmp_home, "recordings", "export", "99", "--out", str(out_file)), "no recording with id 99")


def test_a_bad_file_imports_nothing(tmp_home, tmp_path, demos):
    bad = tmp_path / "bad.json"
    bad.write_text('{"format": "nope"}')
    refused(run(tmp_home, "recordings", "import", str(demos[0]), str(bad), "--learner", "Ed"), str(bad))
    assert run(tmp_home, "learners", "list").stdout == ""  # not even the learner


def test_db_check_backup_and_restore(tmp_home, demos):
    run(tmp_home, "recordings", "import", str(demos[0]), "--learner", "Fay")
    check = run(tmp_home, "db", "check")
    assert check.returncode == 0 and "all checks passed" in check.stdout and "1 recording(s)" in check.stdout
    backup = Path(run(tmp_home, "db", "backup").stdout.strip())
    assert backup.is_file() and backup.parent == tmp_home / "backups"
    # A recording changed behind the app's back: the check says which, and fails.
    import sqlite3

    conn = sqlite3.connect(database_path(tmp_home))
    conn.execute("UPDATE drill_runs SET recording = json_set(recording, '$.phases[0].samples[5].pressure', 0.25)")
    conn.commit()
    conn.close()
    failed = run(tmp_home, "db", "check")
    assert failed.returncode == 2 and "drill run 1: its recording has changed" in failed.stdout
    assert "problem(s) found" in failed.stderr
    # The database damaged: every command says so in one line; restore brings the backup back.
    database_path(tmp_home).write_bytes(b"not a database at all" * 200)
    refused(run(tmp_home, "learners", "list"), "the database is damaged")
    refused(run(tmp_home, "db", "check"), "the database is damaged")
    restored = run(tmp_home, "db", "restore")
    assert restored.returncode == 0 and "set aside, damaged" in restored.stdout, restored.stderr
    assert run(tmp_home, "learners", "list").stdout.splitlines() == ["Fay"]
    assert len(list(tmp_home.glob("massage-trainer.sqlite3.damaged-*"))) == 1
    assert run(tmp_home, "db", "check").returncode == 0


def test_nothing_is_written_while_the_app_is_open(tmp_home, demos):
    run(tmp_home, "learners", "add", "Gus")
    before = database_path(tmp_home).read_bytes()
    with InstanceLock(tmp_home):  # as the app holds it
        for args in (("learners", "add", "Hal"), ("recordings", "import", str(demos[0]), "--learner", "Gus"),
                     ("db", "restore"), ("db", "backup"), ("learners", "list")):
            refused(run(tmp_home, *args), "Massage Trainer is open")
    assert database_path(tmp_home).read_bytes() == before
    assert run(tmp_home, "learners", "list").stdout.splitlines() == ["Gus"]


def test_export_errors_are_plain_words_with_the_name_escaped(tmp_path, demos) -> None:
    home = tmp_path / "home"
    assert run(home, "recordings", "import", str(demos[0]), "--learner", "Ann").returncode == 0
    refused(run(home, "recordings", "export", "1", "--out", str(tmp_path / "missing" / "x.json")),
            "cannot write the recording (no such file or folder)")
    out = run(home, "recordings", "export", "1", "--out", str(tmp_path / "\x1b[31mred.json"))
    assert out.returncode == 0 and "\x1b" not in out.stderr
    folder = tmp_path / "\x1b[2Jwipe"
    folder.mkdir()
    out = run(home, "recordings", "export", "1", "--out", str(folder))
    refused(out, "\\x1b[2Jwipe: cannot write the recording (it is a folder")
    assert "\x1b" not in out.stderr and "Errno" not in out.stderr
