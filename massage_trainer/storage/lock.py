"""One running instance per data folder: a second one must not write to the same database."""

from __future__ import annotations

import os
import sys
from pathlib import Path
from types import TracebackType
from typing import IO


class AlreadyRunning(Exception):
    """Another Massage Trainer holds this data folder."""

    def __init__(self, lock_path: Path, pid: str) -> None:
        self.lock_path = lock_path
        self.pid = pid
        who = f" (process {pid})" if pid else ""
        super().__init__(
            f"Massage Trainer is already open{who} and is using {lock_path.parent}. "
            "Switch to that window, or close it before starting another."
        )


class InstanceLock:
    """An OS file lock, released when the process ends, even if it crashes."""

    def __init__(self, home: Path) -> None:
        self.path = home / "instance.lock"
        self._file: IO[str] | None = None

    def acquire(self) -> None:
        fd = os.open(self.path, os.O_RDWR | os.O_CREAT | os.O_APPEND, 0o600)
        handle = open(fd, "a+", encoding="utf-8")  # noqa: SIM115 - held until release()
        try:
            _lock(handle)
        except OSError:
            handle.seek(0)
            pid = handle.read().strip()
            handle.close()
            raise AlreadyRunning(self.path, pid) from None
        handle.seek(0)
        handle.truncate()
        handle.write(str(os.getpid()))
        handle.flush()
        self._file = handle

    def release(self) -> None:
        if self._file is not None:
            _unlock(self._file)
            self._file.close()
            self._file = None

    @property
    def held(self) -> bool:
        return self._file is not None

    def __enter__(self) -> InstanceLock:
        self.acquire()
        return self

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        self.release()


if sys.platform == "win32":  # pragma: no cover - exercised on Windows only
    import msvcrt

    def _lock(handle: IO[str]) -> None:
        handle.seek(0)
        msvcrt.locking(handle.fileno(), msvcrt.LK_NBLCK, 1)

    def _unlock(handle: IO[str]) -> None:
        handle.seek(0)
        msvcrt.locking(handle.fileno(), msvcrt.LK_UNLCK, 1)
else:
    import fcntl

    def _lock(handle: IO[str]) -> None:
        fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)

    def _unlock(handle: IO[str]) -> None:
        fcntl.flock(handle.fileno(), fcntl.LOCK_UN)
