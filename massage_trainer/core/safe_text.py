"""Text from outside the program, made safe to show in a one-line message.

A file name or a value read from a file can hold anything: a newline that
splits a message in two, a terminal escape that recolours or rewrites the
screen, a right-to-left override that reverses what follows, a megabyte of
text. `printable` makes such text visible and bounded; `describe_os_error`
says what went wrong with a file in plain words instead of
"[Errno 28] No space left on device". Both are for the command line and the
screens alike, so neither imports Qt.
"""

from __future__ import annotations

import errno
from typing import Final

__all__ = ["ELLIPSIS", "LIMIT", "NAME_LIMIT", "describe_os_error", "printable"]

# How much of a value from a file a message quotes, and how much of a file name it shows.
LIMIT: Final = 200
NAME_LIMIT: Final = 500
ELLIPSIS: Final = "…"
_SHORT: Final = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}


def _escape(ch: str) -> str:
    if ch in _SHORT:
        return _SHORT[ch]
    code = ord(ch)
    if code < 0x100:
        return f"\\x{code:02x}"
    if code < 0x10000:
        return f"\\u{code:04x}"
    return f"\\U{code:08x}"


def printable(text: object, limit: int = LIMIT) -> str:
    """`text` on one line, at most `limit` characters, every control character escaped.

    "a\\x1b[31mb" reads back as the visible a\\x1b[31mb; anything past the limit
    is cut off, and an ellipsis says so.
    """
    value = text if isinstance(text, str) else str(text)
    if len(value) <= limit and value.isprintable():
        return value
    parts: list[str] = []
    length = 0
    for ch in value:
        # As repr does: controls (terminal escapes, newlines), format characters (bidirectional
        # overrides, zero-width spaces), lone surrogates (a file name that is not UTF-8), separators
        # and unassigned or private characters are shown as escapes.
        piece = ch if ch.isprintable() else _escape(ch)
        if length + len(piece) > limit:
            break
        parts.append(piece)
        length += len(piece)
    else:
        return "".join(parts)
    # Cut off: leave room for the ellipsis without splitting an escape in two.
    while parts and length + len(ELLIPSIS) > limit:
        length -= len(parts.pop())
    return "".join(parts) + ELLIPSIS


_WORDS: Final[dict[int, str]] = {
    errno.ENOSPC: "the disk is full",
    errno.EACCES: "permission denied",
    errno.EPERM: "permission denied",
    errno.ENOENT: "no such file or folder",
    errno.ENOTDIR: "a part of the path is not a folder",
    errno.EISDIR: "it is a folder",
    errno.EROFS: "the disk is read-only",
    errno.EEXIST: "it already exists",
    errno.ENAMETOOLONG: "the name is too long",
    errno.ELOOP: "too many symbolic links in the path",
    errno.EIO: "the disk or the device failed (an input/output error)",
    errno.EMFILE: "too many files are open",
    errno.ENFILE: "too many files are open",
    errno.EBUSY: "the file is in use",
    errno.ETXTBSY: "the file is in use",
    errno.ENXIO: "no such device",
    errno.ENODEV: "no such device",
    errno.EXDEV: "it cannot be moved to another disk",
    errno.EINVAL: "the name or the operation is not valid here",
    errno.EFBIG: "the file is too large",
    errno.EAGAIN: "it is busy; try again",
    errno.EINTR: "it was interrupted",
}
# Not every platform has these.
for _name, _words in (("EDQUOT", "the disk quota is used up"), ("ENOTEMPTY", "the folder is not empty"),
                      ("ESTALE", "the network file is no longer there"),
                      ("EOPNOTSUPP", "the file system does not support it")):
    if hasattr(errno, _name):
        _WORDS[getattr(errno, _name)] = _words


def describe_os_error(err: OSError) -> str:
    """What went wrong, in plain words, without the errno number: "the disk is full".

    The caller names the file; this says only what happened to it. An error
    whose number is not known falls back to its own text, less the "[Errno N]".
    """
    if err.errno in _WORDS:
        return _WORDS[err.errno]
    words = err.strerror if isinstance(err.strerror, str) and err.strerror else str(err)
    if words.startswith("[Errno") and "] " in words:
        words = words.split("] ", 1)[1]
    if not words:
        return "the operating system refused it"
    if not words[:2].isupper():  # "No space left" reads on as "no space left"; "IO error" stays
        words = words[0].lower() + words[1:]
    return printable(words)
