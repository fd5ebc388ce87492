"""Writing a file so that a crash leaves the old file or the new one, never half, and never a surprise.

`write_file_atomically` writes to a temporary file in the target's folder,
flushes it to the disk, and renames it into place. It only ever replaces a
regular file: a symbolic link, a FIFO, a folder or a device at the target is
refused with `UnsafeTargetError` (an OSError, so every caller that reports a
failed write reports this one too), and the target is left as it was.
"""

from __future__ import annotations

import contextlib
import os
import stat
import tempfile
from pathlib import Path
from typing import Final

__all__ = ["DEFAULT_MODE", "UnsafeTargetError", "write_file_atomically"]

# Files the program writes are meant to be shared (a recording goes to an instructor).
DEFAULT_MODE: Final = 0o644


class UnsafeTargetError(OSError):
    """The target exists and is not a regular file. Its strerror says what it is, in plain words."""

    def __init__(self, path: Path, what: str) -> None:
        super().__init__(None, f"it is {what}, not a regular file, and was left as it is")
        self.filename = str(path)


def _what(mode: int) -> str:
    if stat.S_ISLNK(mode):
        return "a symbolic link"
    if stat.S_ISDIR(mode):
        return "a folder"
    if stat.S_ISFIFO(mode):
        return "a FIFO"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    if stat.S_ISSOCK(mode):
        return "a socket"
    return "a special file"


def _existing_mode(target: Path) -> int | None:
    """The permission bits of the regular file at target; None if nothing is there; else refused."""
    try:
        info = os.lstat(target)  # lstat: a link is judged as the link, never followed
    except FileNotFoundError:
        return None
    if not stat.S_ISREG(info.st_mode):
        raise UnsafeTargetError(target, _what(info.st_mode))
    return info.st_mode & 0o777


def _sync_folder(folder: Path) -> None:
    """Make the rename itself durable, where the platform can (POSIX can, Windows cannot)."""
    flags = os.O_RDONLY | getattr(os, "O_DIRECTORY", 0)
    try:
        fd = os.open(folder, flags)
    except OSError:
        return
    try:
        with contextlib.suppress(OSError):
            os.fsync(fd)
    finally:
        os.close(fd)


def write_file_atomically(path: str | os.PathLike[str], data: bytes) -> None:
    """Write data to path: a temporary file beside it, flushed to the disk, then renamed into place.

    A regular file at path is replaced and keeps its permissions; a new file gets
    DEFAULT_MODE. Anything else at path raises UnsafeTargetError before a byte is
    written. On any failure the temporary file is removed and the old file stays.
    """
    target = Path(path)
    _existing_mode(target)  # refuse early, before a temporary file is made
    fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
            f.flush()
            os.fsync(f.fileno())
        # Look again just before the rename: something may have appeared at the target meanwhile.
        mode = _existing_mode(target)
        # mkstemp makes the file private (0600).
        os.chmod(tmp, DEFAULT_MODE if mode is None else mode)
        os.replace(tmp, target)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise
    _sync_folder(target.parent)
