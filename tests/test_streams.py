"""A windowed build starts with sys.stdout and sys.stderr None: the command line still runs, and logs what it says."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from massage_trainer import __version__
from massage_trainer.cli import EXIT_BAD_INPUT, main
from massage_trainer.streams import LOG_NAME, LateLog, ensure_streams


def _drop_streams(monkeypatch: pytest.MonkeyPatch) -> None:
    """As in a PyInstaller build made with console=False; monkeypatch puts the real streams back.

    Called in the test itself: pytest's capture sets the streams again between a fixture and the test.
    """
    monkeypatch.setattr(sys, "stdout", None)
    monkeypatch.setattr(sys, "stderr", None)


def _log(home: Path) -> str:
    return (home / LOG_NAME).read_text(encoding="utf-8")


def test_grade_runs_with_no_streams_and_logs_its_error(
    tmp_home: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _drop_streams(monkeypatch)
    missing = tmp_path / "missing.json"
    assert main(["grade", str(missing)]) == EXIT_BAD_INPUT
    log = _log(tmp_home)
    assert f"--- massage-trainer {__version__}, " in log
    assert f"massage-trainer: {missing}: cannot be read" in log


def test_argparse_output_and_direct_writes_reach_the_log(tmp_home: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    _drop_streams(monkeypatch)
    with pytest.raises(SystemExit) as stop:
        main(["--version"])
    assert stop.value.code == 0
    # Code that writes to the stream itself, as a library or a traceback does, no longer raises.
    sys.stderr.write("a direct write\n")
    sys.stderr.flush()
    assert _log(tmp_home).splitlines()[1:] == [f"massage-trainer {__version__}", "a direct write"]


def test_streams_the_process_has_are_left_alone(tmp_home: Path, capsys: pytest.CaptureFixture[str]) -> None:
    before = sys.stdout, sys.stderr
    ensure_streams()
    assert (sys.stdout, sys.stderr) == before
    assert main(["check-content"]) == 0
    assert "content is valid" in capsys.readouterr().out
    assert not (tmp_home / LOG_NAME).exists()


def test_the_log_is_opened_only_by_a_write_and_starts_again_when_long(tmp_home: Path) -> None:
    tmp_home.mkdir()
    old = tmp_home / LOG_NAME
    old.write_text("x" * 200, encoding="utf-8")
    log = LateLog(limit=1000)
    assert old.read_text(encoding="utf-8") == "x" * 200  # nothing opened yet
    log.write("appended\n")
    log.close()
    assert old.read_text(encoding="utf-8").startswith("x" * 200 + "--- massage-trainer")
    log = LateLog(limit=100)  # now past the limit: the next log starts from empty
    log.write("fresh\n")
    log.close()
    assert old.read_text(encoding="utf-8").splitlines()[1:] == ["fresh"]


def test_a_log_that_cannot_be_opened_swallows_the_writes(tmp_home: Path) -> None:
    tmp_home.mkdir()
    (tmp_home / LOG_NAME).mkdir()  # a folder where the file should be
    log = LateLog()
    assert log.write("lost\n") == 5
    assert log.write("and again\n") == 10


@pytest.mark.skipif(shutil.which("bash") is None, reason="closes the descriptors with bash")
def test_the_command_with_its_descriptors_closed_exits_as_usual(tmp_home: Path, tmp_path: Path) -> None:
    # Python starts with sys.stdout and sys.stderr None when descriptors 1 and 2 are closed.
    missing = tmp_path / "missing.json"
    closed = 'exec "$0" -m massage_trainer grade "$1" >&- 2>&-'
    result = subprocess.run(["bash", "-c", closed, sys.executable, str(missing)], timeout=120)
    assert result.returncode == EXIT_BAD_INPUT
    assert f"massage-trainer: {missing}: cannot be read" in _log(tmp_home)
