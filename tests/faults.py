"""Faults for the storage tests: a full disk and a read-only file or folder.

Real where this machine lets the tests mount (root, as CI is: a 1 MiB tmpfs, a read-only bind
mount); and, everywhere, a connection class that injects the same sqlite3 errors SQLite raises
(`FaultyConnection`, swapped in for storage/db.py's CONNECTION_CLASS), since root writes to a
mode-0444 file and no chmod makes "read-only" real for it.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import sqlite3
import subprocess
import tempfile
from collections.abc import Iterator
from functools import cache
from pathlib import Path
from typing import Any

FULL = "database or disk is full"
READ_ONLY = "attempt to write a readonly database"
WRITES = ("INSERT", "UPDATE", "DELETE", "REPLACE", "BEGIN IMMEDIATE", "CREATE", "ALTER")


class Fault:
    """The error the next write statements raise (None: no fault); with `only`, just the statements
    that contain it (the second write of a transaction, say)."""

    message: str | None = None
    only: str | None = None


def faulty_connection(fault: Fault) -> type[sqlite3.Connection]:
    class FaultyConnection(sqlite3.Connection):
        def execute(self, sql: str, parameters: Any = (), /) -> sqlite3.Cursor:
            if (fault.message and sql.lstrip().upper().startswith(WRITES)
                    and (fault.only is None or fault.only in sql)):
                raise sqlite3.OperationalError(fault.message)
            return super().execute(sql, parameters)

    return FaultyConnection


def _run(*args: str) -> None:
    subprocess.run(args, check=True, capture_output=True, timeout=30)


@cache
def mount_permitted() -> bool:
    """Root, with mount(8), in a sandbox that allows it (tried once, with a tmpfs)."""
    if os.name != "posix" or os.geteuid() != 0 or shutil.which("mount") is None:
        return False
    probe = Path(tempfile.mkdtemp(prefix="mount-probe-"))
    try:
        _run("mount", "-t", "tmpfs", "-o", "size=64k", "tmpfs", str(probe))
        _run("umount", str(probe))
        return True
    except (OSError, subprocess.SubprocessError):
        return False
    finally:
        probe.rmdir()


def _umount(target: Path) -> None:
    try:
        _run("umount", str(target))
    except subprocess.CalledProcessError:
        _run("umount", "-l", str(target))  # still busy (a leaked handle): detach it anyway


@contextlib.contextmanager
def tmpfs(folder: Path, size: str = "1m") -> Iterator[Path]:
    """A small RAM disk at folder: writes past `size` fail with ENOSPC, as on a full disk."""
    folder.mkdir(parents=True, exist_ok=True)
    _run("mount", "-t", "tmpfs", "-o", f"size={size},mode=0700", "tmpfs", str(folder))
    try:
        yield folder
    finally:
        _umount(folder)


@contextlib.contextmanager
def read_only(target: Path) -> Iterator[Path]:
    """The file or folder made read-only for everyone, root included (a read-only bind mount)."""
    _run("mount", "--bind", str(target), str(target))
    try:
        _run("mount", "-o", "remount,bind,ro", str(target))
        yield target
    finally:
        _umount(target)
