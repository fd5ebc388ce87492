"""core/safe_text.py: text from outside shown on one bounded line; OS errors in plain words."""

from __future__ import annotations

import errno
import os
from pathlib import Path

import pytest

from massage_trainer.core.safe_text import ELLIPSIS, LIMIT, describe_os_error, printable


@pytest.mark.parametrize(("text", "shown"), [
    ("plain name.json", "plain name.json"),
    ("été, naïve — ok", "été, naïve — ok"),
    ("a\nb\rc\td", "a\\nb\\rc\\td"),
    ("\x1b[31mred\x1b[0m", "\\x1b[31mred\\x1b[0m"),
    ("\x1b]0;title\x07", "\\x1b]0;title\\x07"),
    ("abc\u202edef", "abc\\u202edef"),  # a right-to-left override would reverse what follows
    ("zero\u200bwidth", "zero\\u200bwidth"),
    ("line\u2028sep", "line\\u2028sep"),
    ("bad\udcffbyte", "bad\\udcffbyte"),  # a file name that is not UTF-8, as Python decodes it
    ("\x9b2J", "\\x9b2J"),  # the one-character CSI of 8-bit terminals
    ("del\x7f", "del\\x7f"),
])
def test_control_characters_are_made_visible(text: str, shown: str) -> None:
    assert printable(text) == shown
    assert printable(text).isprintable()


def test_long_text_is_cut_off_with_an_ellipsis() -> None:
    assert printable("x" * LIMIT) == "x" * LIMIT
    cut = printable("x" * (LIMIT + 1))
    assert len(cut) == LIMIT and cut.endswith(ELLIPSIS) and cut.startswith("x" * (LIMIT - 1))
    assert printable("y" * 1_000_000, 50) == "y" * 49 + ELLIPSIS


def test_an_escape_is_never_cut_in_half() -> None:
    shown = printable("\x00" * 100, 10)
    assert shown == "\\x00\\x00" + ELLIPSIS  # 8 + 1 characters: a third escape would not fit
    assert len(printable("ab\x1b" * 100, 11)) <= 11


def test_anything_is_shown_as_text() -> None:
    assert printable(Path("a\nb")) == "a\\nb"
    assert printable(42) == "42"


@pytest.mark.parametrize(("number", "words"), [
    (errno.ENOSPC, "the disk is full"),
    (errno.EACCES, "permission denied"),
    (errno.EPERM, "permission denied"),
    (errno.ENOENT, "no such file or folder"),
    (errno.EROFS, "the disk is read-only"),
    (errno.EISDIR, "it is a folder"),
    (errno.ENOTDIR, "a part of the path is not a folder"),
    (errno.ENAMETOOLONG, "the name is too long"),
    (errno.EIO, "the disk or the device failed (an input/output error)"),
])
def test_os_errors_in_plain_words(number: int, words: str) -> None:
    err = OSError(number, os.strerror(number), "/some/file")
    assert describe_os_error(err) == words
    assert "Errno" not in describe_os_error(err) and str(number) not in describe_os_error(err)


def test_a_real_error_in_plain_words(tmp_path: Path) -> None:
    with pytest.raises(OSError) as info:
        (tmp_path / "missing" / "x.json").write_text("x")
    assert describe_os_error(info.value) == "no such file or folder"


def test_an_unknown_error_keeps_its_own_words_without_the_number() -> None:
    assert describe_os_error(OSError(99999, "Strange failure")) == "strange failure"
    assert describe_os_error(OSError("[Errno 7] Odd thing")) == "odd thing"
    assert describe_os_error(OSError(None, "it is a FIFO")) == "it is a FIFO"
    assert describe_os_error(OSError()) == "the operating system refused it"
    assert describe_os_error(OSError(99999, "Bad\x1b[2Jname")) == "bad\\x1b[2Jname"
