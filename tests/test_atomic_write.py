"""core/atomic_write.py, and `demo --out` through it: only a regular file is ever replaced."""

from __future__ import annotations

import os
import stat
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from massage_trainer.cli import main
from massage_trainer.core.atomic_write import UnsafeTargetError, write_file_atomically
from massage_trainer.core.recording import load_recording, save_recording
from massage_trainer.core.samples import Phase, Recording

POSIX = pytest.mark.skipif(sys.platform == "win32", reason="FIFOs, devices and modes are POSIX")


def listing(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir())


def test_a_new_file_is_written_and_readable_by_others(tmp_path: Path) -> None:
    target = tmp_path / "out.bin"
    write_file_atomically(target, b"hello")
    assert target.read_bytes() == b"hello"
    assert listing(tmp_path) == ["out.bin"]  # no temporary file left
    if sys.platform != "win32":
        assert stat.S_IMODE(target.stat().st_mode) == 0o644


@POSIX
def test_a_regular_file_is_replaced_and_keeps_its_mode(tmp_path: Path) -> None:
    target = tmp_path / "out.bin"
    target.write_bytes(b"old")
    target.chmod(0o600)
    write_file_atomically(target, b"new")
    assert target.read_bytes() == b"new"
    assert stat.S_IMODE(target.stat().st_mode) == 0o600


def test_a_failed_write_leaves_the_old_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    target = tmp_path / "out.bin"
    target.write_bytes(b"old")

    def no_sync(fd: int) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "fsync", no_sync)
    with pytest.raises(OSError, match="No space"):
        write_file_atomically(target, b"new")
    assert target.read_bytes() == b"old" and listing(tmp_path) == ["out.bin"]


def test_the_data_is_flushed_to_the_disk_before_the_rename(tmp_path: Path,
                                                           monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[str] = []
    real_fsync, real_replace = os.fsync, os.replace

    def fsync(fd: int) -> None:
        calls.append("fsync")
        real_fsync(fd)

    def replace(src: str, dst: str) -> None:
        calls.append("replace")
        real_replace(src, dst)

    monkeypatch.setattr(os, "fsync", fsync)
    monkeypatch.setattr(os, "replace", replace)
    write_file_atomically(tmp_path / "out.bin", b"data")
    assert calls[:2] == ["fsync", "replace"]


def special(kind: str, path: Path) -> None:
    if kind == "symlink":
        (path.parent / "elsewhere.txt").write_text("keep me", encoding="utf-8")
        path.symlink_to(path.parent / "elsewhere.txt")
    elif kind == "dangling symlink":
        path.symlink_to(path.parent / "nowhere.txt")
    elif kind == "FIFO":
        os.mkfifo(path)
    elif kind == "folder":
        path.mkdir()


KINDS = [("symlink", "a symbolic link"), ("dangling symlink", "a symbolic link"),
         ("FIFO", "a FIFO"), ("folder", "a folder")]


@POSIX
@pytest.mark.parametrize(("kind", "words"), KINDS, ids=[k for k, _ in KINDS])
def test_anything_but_a_regular_file_is_refused_and_left_alone(tmp_path: Path, kind: str, words: str) -> None:
    target = tmp_path / "out.json"
    special(kind, target)
    before = os.lstat(target)
    with pytest.raises(UnsafeTargetError) as info:
        write_file_atomically(target, b"data")
    assert isinstance(info.value, OSError)
    assert info.value.strerror == f"it is {words}, not a regular file, and was left as it is"
    after = os.lstat(target)
    assert (after.st_mode, after.st_ino) == (before.st_mode, before.st_ino)
    if kind == "symlink":
        assert (tmp_path / "elsewhere.txt").read_text(encoding="utf-8") == "keep me"
    assert not [n for n in listing(tmp_path) if n.endswith(".tmp")]


@POSIX
def test_a_device_is_refused(tmp_path: Path) -> None:
    with pytest.raises(UnsafeTargetError, match="a device"):
        write_file_atomically("/dev/null", b"data")


@POSIX
def test_a_recording_is_saved_through_it(tmp_path: Path) -> None:
    two, half = np.array([0.0, 0.1]), np.full(2, 0.5)
    rec = Recording((Phase("stroking", two, two + 0.2, two + 0.1, np.ones(2, bool), half),))
    target = tmp_path / "drill.json"
    os.mkfifo(target)
    with pytest.raises(UnsafeTargetError):
        save_recording(rec, target)
    target.unlink()
    save_recording(rec, target)
    assert load_recording(target) == rec


def demo(out: Path) -> subprocess.CompletedProcess[str]:
    script = Path(sys.executable).with_name("massage-trainer")
    cmd = [str(script)] if script.exists() else [sys.executable, "-m", "massage_trainer"]
    return subprocess.run([*cmd, "demo", "--technique", "rubbing", "--out", str(out)], capture_output=True,
                          text=True, timeout=120, stdin=subprocess.DEVNULL)


@POSIX
@pytest.mark.parametrize(("kind", "words"), KINDS, ids=[k for k, _ in KINDS])
def test_demo_out_refuses_to_replace_anything_but_a_file(tmp_path: Path, kind: str, words: str) -> None:
    out = tmp_path / "out.json"
    special(kind, out)
    before = os.lstat(out)
    done = demo(out)
    assert done.returncode == 2 and done.stdout == ""
    assert done.stderr == (f"massage-trainer: {out}: cannot write the recording (it is {words}, not a "
                           f"regular file, and was left as it is)\n")
    after = os.lstat(out)
    assert (after.st_mode, after.st_ino) == (before.st_mode, before.st_ino)


@POSIX
def test_demo_out_to_a_device_is_refused(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["demo", "--technique", "rubbing", "--out", "/dev/null"]) == 2
    err = capsys.readouterr().err
    assert err == ("massage-trainer: /dev/null: cannot write the recording (it is a device, not a regular "
                   "file, and was left as it is)\n")


def test_demo_out_names_the_error_in_words(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "no-such-folder" / "x.json"
    assert main(["demo", "--technique", "rubbing", "--out", str(out)]) == 2
    assert capsys.readouterr().err == f"massage-trainer: {out}: cannot write the recording (no such file or folder)\n"


def test_demo_out_with_a_full_disk_says_so(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                           monkeypatch: pytest.MonkeyPatch) -> None:
    def full(fd: int) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "fsync", full)
    out = tmp_path / "x.json"
    assert main(["demo", "--technique", "rubbing", "--out", str(out)]) == 2
    assert capsys.readouterr().err == f"massage-trainer: {out}: cannot write the recording (the disk is full)\n"
    assert listing(tmp_path) == []


def test_demo_out_with_escapes_in_its_name_prints_them_escaped(tmp_path: Path,
                                                               capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "a\x1b[2Jb\nc.json"
    assert main(["demo", "--technique", "rubbing", "--out", str(out)]) == 0
    printed = capsys.readouterr().out
    assert printed == f"{tmp_path}/a\\x1b[2Jb\\nc.json\n"
    assert load_recording(out).phases[0].technique == "rubbing"
