"""The command line: help, version, exit codes, screenshots."""

import subprocess
import sys

import pytest

from massage_trainer import __version__
from massage_trainer.cli import main


def png_size(path):
    from PySide6.QtGui import QImage  # here, so the Qt-free CLI tests run where Qt is not installed

    image = QImage(str(path))
    return image.width(), image.height()


def run(*args, env=None):
    return subprocess.run([sys.executable, "-m", "massage_trainer", *args], capture_output=True,
                          text=True, timeout=120, env=env)


def test_help_lists_the_subcommands():
    out = run("--help")
    assert out.returncode == 0
    for command in ("check-content", "screenshot", "gui"):
        assert command in out.stdout


def test_version():
    out = run("--version")
    assert out.returncode == 0 and out.stdout.strip() == f"massage-trainer {__version__}"


def test_unknown_subcommand_exits_2_without_traceback():
    out = run("frobnicate")
    assert out.returncode == 2 and "Traceback" not in out.stderr and "invalid choice" in out.stderr


def test_check_content_of_the_bundled_assets():
    out = run("check-content")
    assert out.returncode == 0, out.stderr


@pytest.mark.gui
@pytest.mark.parametrize("size", [(1366, 768), (1920, 1080)])
def test_screenshot_renders_the_atlas(tmp_path, size, capsys):
    out = tmp_path / "atlas.png"
    assert main(["screenshot", "--screen", "atlas", "--size", f"{size[0]}x{size[1]}", "--out", str(out)]) == 0
    assert png_size(out) == size


@pytest.mark.gui
def test_screenshot_at_a_scale_factor(tmp_path):
    out = tmp_path / "hidpi.png"
    result = run("screenshot", "--size", "2560x1440", "--scale", "2", "--out", str(out))
    assert result.returncode == 0, result.stderr
    assert png_size(out) == (2560, 1440)


@pytest.mark.gui
@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--screen", "nowhere"], "unknown screen 'nowhere'"),
        (["--size", "big"], "expected WIDTHxHEIGHT"),
        (["--out", "/no/such/folder/x.png"], "no such folder"),
        (["--out", "x.jpg"], "must be a .png"),
    ],
)
def test_screenshot_bad_arguments(tmp_path, args, message):
    argv = ["screenshot", "--out", str(tmp_path / "x.png"), *args]
    result = run(*argv)
    assert result.returncode == 2
    assert message in result.stderr and "Traceback" not in result.stderr


@pytest.mark.gui
@pytest.mark.parametrize("view", ["exam", "review", "feedback"])
def test_screenshot_of_a_quiz_on_a_new_home_has_someone_to_take_it(tmp_path, view):
    out = tmp_path / f"quiz-{view}.png"
    result = run("screenshot", "--screen", "quiz", "--view", view, "--size", "1366x768", "--out", str(out))
    assert result.returncode == 0 and "Traceback" not in result.stderr, result.stderr
    assert png_size(out) == (1366, 768)
