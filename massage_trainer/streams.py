"""The one log, and standard streams for a windowed build, which starts without them.

The log is massage-trainer.log in the data folder (storage/paths.py: $MASSAGE_TRAINER_HOME, else the
platform's local data folder). One `RotatingFileHandler` writes it (`log_handler()`): past 1 MB it is
renamed massage-trainer.log.1 (the older ones .2 and .3; three are kept) and a new one is begun. The
GUI's crash handling (ui/shell/crash.py) logs through it, and so does every `massage_trainer` logger.

A PyInstaller build made with console=False (packaging/massage-trainer.spec) runs on Windows with
sys.stdout and sys.stderr set to None, and so does an app started with those descriptors closed: every
message is lost, and code that calls sys.stderr.write() or .flush() raises AttributeError.
`ensure_streams()` puts a `LateLog` where a stream is missing; it writes into the same log, through the
same handler, so what a windowed app said, a traceback included, can be read there afterwards. Nothing
is opened or created until something is written, and a stream the process has is left alone.

`enable_fault_log()` points `faulthandler` at massage-trainer-faults.log beside it, a file kept open
for the life of the process, so a hard crash (a segfault in Qt) leaves every thread's stack there.
"""

from __future__ import annotations

import faulthandler
import io
import logging
import os
import sys
import threading
import time
from logging.handlers import RotatingFileHandler
from pathlib import Path
from typing import IO, TextIO, cast

from massage_trainer import __version__

LOG_NAME = "massage-trainer.log"
FAULT_LOG_NAME = "massage-trainer-faults.log"
LOG_LIMIT = 1_000_000  # bytes: a log longer than this is rotated (LOG_KEEP old ones kept)
LOG_KEEP = 3
LOG_FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"

_handlers: dict[Path, RotatingFileHandler] = {}
_handlers_lock = threading.Lock()
_fault_file: IO[str] | None = None


class _PrivateLog(RotatingFileHandler):
    """The log file is its owner's only (0600), as every file in the data folder is."""

    def _open(self) -> io.TextIOWrapper:
        fd = os.open(self.baseFilename, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600)
        return open(fd, "a", encoding=self.encoding, errors=self.errors)


def log_path() -> Path:
    from massage_trainer.storage.paths import data_home  # only once something is written

    return data_home() / LOG_NAME


def log_handler() -> RotatingFileHandler:
    """The handler that writes the log in the data folder (one per folder; the file is opened by the
    first write, not here). May raise OSError when the data folder cannot be made."""
    path = log_path()
    with _handlers_lock:
        handler = _handlers.get(path)
        if handler is None:
            handler = _PrivateLog(path, maxBytes=LOG_LIMIT, backupCount=LOG_KEEP, encoding="utf-8",
                                          delay=True, errors="backslashreplace")
            handler.setFormatter(logging.Formatter(LOG_FORMAT))
            _handlers[path] = handler
        return handler


def _stream(handler: RotatingFileHandler) -> IO[str]:
    """The handler's open file (opened now if it is not); call with handler.lock held."""
    if handler.stream is None:
        handler.stream = handler._open()
    return cast(IO[str], handler.stream)


class LateLog(io.TextIOBase):
    """A text stream that opens the log on its first write; if the log cannot be opened, writes go nowhere.

    `limit`: a log already longer than this at the first write is rotated first, so a new one begins.
    """

    def __init__(self, limit: int = LOG_LIMIT) -> None:
        super().__init__()
        self._limit = limit
        self._handler: RotatingFileHandler | None = None
        self._failed = False

    def writable(self) -> bool:
        return True

    def _open(self) -> RotatingFileHandler | None:
        if self._handler is None and not self._failed:
            try:
                handler = log_handler()
                with handler.lock:  # type: ignore[union-attr]  # made with the handler
                    path = Path(handler.baseFilename)
                    if handler.stream is None and path.is_file() and path.stat().st_size > self._limit:
                        handler.doRollover()
                    _stream(handler).write(f"--- massage-trainer {__version__}, "
                                           f"{time.strftime('%Y-%m-%d %H:%M:%S')}\n")
                self._handler = handler
            except OSError:
                self._failed = True
        return self._handler

    def write(self, s: str) -> int:
        handler = self._open()
        if handler is not None:
            try:
                with handler.lock:  # type: ignore[union-attr]
                    log = _stream(handler)
                    if handler.maxBytes and log.tell() + len(s) > handler.maxBytes and log.tell() > 0:
                        handler.doRollover()
                        log = _stream(handler)
                    log.write(s)
                    log.flush()  # a windowed app that crashes next must not lose what it just said
            except (OSError, ValueError):  # ValueError: the file was closed under us
                pass
        return len(s)

    def close(self) -> None:
        if self._handler is not None:
            with self._handler.lock:  # type: ignore[union-attr]
                if self._handler.stream is not None:
                    self._handler.stream.close()
                    self._handler.stream = None  # the handler reopens it
        super().close()


def ensure_streams() -> None:
    """Give sys.stdout and sys.stderr, where they are None, one shared `LateLog`."""
    missing = [name for name in ("stdout", "stderr") if getattr(sys, name) is None]
    if missing:
        log = cast(TextIO, LateLog())
        for name in missing:
            setattr(sys, name, log)


def enable_fault_log() -> Path | None:
    """Let faulthandler write every thread's stack to massage-trainer-faults.log on a hard crash; the
    file stays open until `disable_fault_log`. None (and faulthandler left as it was) if it cannot be opened."""
    global _fault_file
    try:
        path = log_path().with_name(FAULT_LOG_NAME)
        flags = os.O_TRUNC if path.is_file() and path.stat().st_size > LOG_LIMIT else os.O_APPEND
        handle = open(os.open(path, os.O_WRONLY | os.O_CREAT | flags, 0o600), "a", encoding="utf-8")  # noqa: SIM115
    except OSError:
        return None
    disable_fault_log()
    _fault_file = handle
    faulthandler.enable(file=handle, all_threads=True)
    return path


def disable_fault_log() -> None:
    global _fault_file
    if _fault_file is not None:
        faulthandler.disable()
        _fault_file.close()
        _fault_file = None
