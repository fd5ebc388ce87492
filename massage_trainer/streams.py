"""Standard streams for a windowed build, which starts without them.

A PyInstaller build made with console=False (packaging/massage-trainer.spec) runs on Windows with
sys.stdout and sys.stderr set to None, and so does an app started with those descriptors closed: every
message is lost, and code that calls sys.stderr.write() or .flush() raises AttributeError.
`ensure_streams()` puts a `LateLog` where a stream is missing. Its first write opens massage-trainer.log
in the data folder (storage/paths.py: $MASSAGE_TRAINER_HOME, else the platform's local data folder),
so what a windowed app said, a traceback included, can be read there afterwards. Nothing is opened or
created until something is written, and a stream the process has is left alone.
"""

from __future__ import annotations

import io
import sys
import time
from pathlib import Path
from typing import IO, TextIO, cast

from massage_trainer import __version__

LOG_NAME = "massage-trainer.log"
LOG_LIMIT = 1_000_000  # bytes: a log longer than this starts again, empty, on the next open


def log_path() -> Path:
    from massage_trainer.storage.paths import data_home  # only once something is written

    return data_home() / LOG_NAME


class LateLog(io.TextIOBase):
    """A text stream that opens the log on its first write; if the log cannot be opened, writes go nowhere."""

    def __init__(self, limit: int = LOG_LIMIT) -> None:
        super().__init__()
        self._limit = limit
        self._file: IO[str] | None = None
        self._failed = False

    def writable(self) -> bool:
        return True

    def _open(self) -> IO[str] | None:
        if self._file is None and not self._failed:
            try:
                path = log_path()
                mode = "w" if path.is_file() and path.stat().st_size > self._limit else "a"
                log = path.open(mode, encoding="utf-8", errors="backslashreplace")
                log.write(f"--- massage-trainer {__version__}, {time.strftime('%Y-%m-%d %H:%M:%S')}\n")
                self._file = log
            except OSError:
                self._failed = True
        return self._file

    def write(self, s: str) -> int:
        log = self._open()
        if log is not None:
            try:
                log.write(s)
                log.flush()  # a windowed app that crashes next must not lose what it just said
            except OSError:
                pass
        return len(s)

    def close(self) -> None:
        if self._file is not None:
            self._file.close()
        super().close()


def ensure_streams() -> None:
    """Give sys.stdout and sys.stderr, where they are None, one shared `LateLog`."""
    missing = [name for name in ("stdout", "stderr") if getattr(sys, name) is None]
    if missing:
        log = cast(TextIO, LateLog())
        for name in missing:
            setattr(sys, name, log)
