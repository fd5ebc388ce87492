"""What the question-bank parsers share: the result, the refusals, reading the file, untrusted text.

`load_bank(path, fmt)` reads a GIFT or Aiken file (content/gift.py, content/aiken.py) into a
`BankResult`: the questions, the ones skipped (understood but not usable, with the reason) and the
errors (each with the 1-based line of the broken question). A file that cannot be read at all (not a
regular file, over MAX_BANK_BYTES, missing) raises `BankError`, one line; a file that is not UTF-8
is one error in the result. Imported text is never rendered: `plain_text` reduces HTML and
markdown to their words.
"""

from __future__ import annotations

import html
import re
import stat
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Final, Literal

from massage_trainer.core.capped_read import read_capped
from massage_trainer.core.questions import Question
from massage_trainer.core.safe_text import NAME_LIMIT, describe_os_error, printable

__all__ = ["MAX_BANK_BYTES", "BankError", "BankFormat", "BankProblem", "BankResult", "Skipped",
           "guess_format", "load_bank", "needs_image", "parse_bank", "plain_text", "read_bank_file",
           "split_lines", "title_from"]

BankFormat = Literal["gift", "aiken"]
MAX_BANK_BYTES: Final = 5 * 1024 * 1024
TITLE_CHARS: Final = 40


class BankError(Exception):
    """A question-bank file that cannot be read at all: one printable line."""


@dataclass(frozen=True)
class BankProblem:
    line: int
    message: str

    def to_dict(self) -> dict[str, Any]:
        return {"line": self.line, "message": self.message}


@dataclass(frozen=True)
class Skipped:
    line: int
    title: str
    reason: str

    def to_dict(self) -> dict[str, Any]:
        return {"line": self.line, "title": self.title, "reason": self.reason}


@dataclass
class BankResult:
    questions: list[Question] = field(default_factory=list)
    skipped: list[Skipped] = field(default_factory=list)
    errors: list[BankProblem] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {"questions": [q.to_dict() for q in self.questions],
                "skipped": [s.to_dict() for s in self.skipped],
                "errors": [e.to_dict() for e in self.errors]}


def split_lines(text: str) -> list[str]:
    """The lines as an editor numbers them: only \\n, \\r\\n and \\r end one (not \\f or U+2028)."""
    return text.replace("\r\n", "\n").replace("\r", "\n").split("\n")


def title_from(text: str) -> str:
    """An untitled question's title: the first 40 characters of its text, whitespace made single spaces."""
    return " ".join(text.split())[:TITLE_CHARS]


# ---------------------------------------------------------------- untrusted text

# Every pattern stops at the next "<" or "[": text of megabytes is read in linear time, whatever it holds.
_DROPPED = ((re.compile(r"<script\b", re.I), re.compile(r"</script\s*>", re.I)),
            (re.compile(r"<style\b", re.I), re.compile(r"</style\s*>", re.I)),
            (re.compile(r"<!--"), re.compile(r"-->")))
_BREAK = re.compile(r"<br\b[^<>]*>|</?(p|div|li|ul|ol|tr|table|h[1-6]|blockquote|pre)\b[^<>]*>", re.I)
_TAG = re.compile(r"</?[A-Za-z][^<>]*>|<[!?][^<>]*>")
_MD_IMAGE = re.compile(r"!\[[^\[\]\n]*\]\(")
_MD_LINK = re.compile(r"\[([^\[\]\n]*)\]\([^()\n]*\)")
_MD_MARKS = re.compile(r"\*\*|__|`")
_MD_LINE = re.compile(r"^[ \t]{0,3}(#{1,6}[ \t]+|>[ \t]?)", re.M)
_SPACES = re.compile(r"[ \t]+")
_IMG = re.compile(r"<img\b", re.I)


def _drop_hidden(text: str) -> str:
    """Scripts, styles and comments removed whole; one left open runs to the end."""
    for start, end in _DROPPED:
        kept: list[str] = []
        pos = 0
        while (opened := start.search(text, pos)) is not None:
            kept.append(text[pos:opened.start()])
            closed = end.search(text, opened.end())
            pos = len(text) if closed is None else closed.end()
        kept.append(text[pos:])
        text = "".join(kept)
    return text


def _tidy(text: str) -> str:
    lines = [_SPACES.sub(" ", line).strip() for line in text.split("\n")]
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()


def plain_text(text: str, fmt: str) -> str:
    """The words of `text` written in `fmt` (html, markdown, plain or moodle), never to be rendered.

    HTML and markdown lose their tags and marks; entities are decoded with html.unescape; line
    breaks stay (and <br>, <p> and the like become line breaks). Plain and moodle text stays as it is.
    """
    if fmt not in ("html", "markdown"):
        return text.strip()
    text = _BREAK.sub("\n", _drop_hidden(text))
    if fmt == "markdown":
        text = _MD_LINE.sub("", _MD_MARKS.sub("", _MD_LINK.sub(r"\1", text)))
    return _tidy(html.unescape(_TAG.sub("", text)))


def needs_image(text: str, fmt: str) -> str | None:
    """Why `text` cannot be shown without an image or a file, or None if it can."""
    if fmt != "plain" and _IMG.search(text):
        return "it needs an image (<img>); images are not supported"
    if fmt == "markdown" and _MD_IMAGE.search(text):
        return "it needs an image (a markdown image); images are not supported"
    if "@@PLUGINFILE@@" in text:
        return "it needs a file from the course (@@PLUGINFILE@@); files are not supported"
    return None


# ---------------------------------------------------------------- files

def read_bank_file(path: Path) -> bytes:
    """The file's bytes, refused before reading when it is not a regular file or is over MAX_BANK_BYTES."""
    name = printable(str(path), NAME_LIMIT)
    try:
        info, raw = read_capped(path, MAX_BANK_BYTES)
    except FileNotFoundError:
        raise BankError(f"{name}: no such file") from None
    except OSError as err:
        raise BankError(f"{name}: cannot be read ({describe_os_error(err)})") from None
    except ValueError:  # a NUL in the name
        raise BankError(f"{name}: cannot be read (the name is not a valid file name)") from None
    if stat.S_ISDIR(info.st_mode):
        raise BankError(f"{name}: is a folder, not a question bank file")
    if not stat.S_ISREG(info.st_mode):
        raise BankError(f"{name}: is not a regular file (a pipe, a device or a socket); a question bank must be one")
    size = max(info.st_size, len(raw))
    if size > MAX_BANK_BYTES:
        raise BankError(f"{name}: the file is {size:,} bytes; a question bank may be at most "
                        f"{MAX_BANK_BYTES:,} bytes (5 MB)")
    return raw


def guess_format(path: Path, text: str) -> BankFormat:
    """Aiken for a .aiken file, or a file with no braces and an ANSWER: line; GIFT otherwise."""
    if path.suffix.lower() == ".aiken":
        return "aiken"
    if path.suffix.lower() == ".gift" or "{" in text:
        return "gift"
    return "aiken" if re.search(r"^[ \t]*ANSWER[ \t]*:", text, re.M | re.I) else "gift"


def parse_bank(text: str, fmt: BankFormat) -> BankResult:
    from massage_trainer.content.aiken import parse_aiken
    from massage_trainer.content.gift import parse_gift

    return parse_gift(text) if fmt == "gift" else parse_aiken(text)


def load_bank(path: Path, fmt: BankFormat | None = None) -> BankResult:
    """Read and parse one bank file. Raises BankError when it cannot be read; not UTF-8 is one error."""
    raw = read_bank_file(path)
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as err:
        line = raw.count(b"\n", 0, err.start) + 1
        return BankResult(errors=[BankProblem(line, f"not UTF-8 text (byte 0x{raw[err.start]:02x} at offset "
                                                    f"{err.start:,}); save the file as UTF-8")])
    text = text.removeprefix("\ufeff")
    return parse_bank(text, fmt or guess_format(path, text))
