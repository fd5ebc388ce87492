"""Reading a file a user named, safely: never blocking on a FIFO, never reading past a limit.

The one home of this for every reader of untrusted files (recordings, content, question banks);
each turns what it finds into its own words.
"""

from __future__ import annotations

import os
import stat

__all__ = ["read_capped"]


def read_capped(path: str | os.PathLike[str], limit: int) -> tuple[os.stat_result, bytes]:
    """The path's status and, when it is a regular file of at most `limit` bytes, its bytes.

    The path is stat'ed before it is opened, so a FIFO or a device is never opened at all; a
    regular file is opened without blocking (should it turn into a FIFO meanwhile, the open still
    returns) and read to at most one byte over the limit, so a file that grows is not read whole.
    Otherwise the bytes are empty: the caller judges the status (a folder, a pipe) and the size
    (`max(status.st_size, len(bytes))`). Raises OSError, or ValueError for a NUL in the name.
    """
    raw = b""
    info = os.stat(path)
    if stat.S_ISREG(info.st_mode) and info.st_size <= limit:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0))
        with os.fdopen(fd, "rb") as f:
            info = os.fstat(f.fileno())
            if stat.S_ISREG(info.st_mode):
                raw = f.read(limit + 1)
    return info, raw
