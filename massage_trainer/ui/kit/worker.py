"""Heavy work off the GUI thread: the one pattern the UI uses for it.

A `Runner` runs a plain function on a worker thread and hands its result (or
one line saying why it failed) back to the GUI thread, through a queued signal:

    job = runner.run(lambda: grade_and_save(...), on_done=self._show, on_error=self._say)

The function must not touch widgets, nor a sqlite3 connection opened on another
thread (a connection belongs to the thread that opened it): give it plain data
and let it open what it needs. Each runner has one worker thread, so its jobs
run in the order they were started (a history loaded after a save sees the
save). A job dies with its runner, and the runner with its parent widget: a
result that arrives after its screen has gone is dropped, never delivered.

`Runner(synchronous=True)` runs each job at once on the caller's thread and
calls back before `run()` returns: tests and scripted screenshots switch it on
so they need neither sleeps nor waits. Otherwise, wait on a job's `finished`
signal (`qtbot.waitSignal(job.finished)`).
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any, Final

from PySide6.QtCore import QCoreApplication, QEvent, QObject, QRunnable, Qt, QThreadPool, Signal, Slot

log = logging.getLogger(__name__)

DRAIN_MS: Final = 15_000  # at quit, how long a job in flight (a drill being saved) may still take


def error_message(err: BaseException) -> str:
    """One line for the user: the exception's own words, else its kind; never a traceback."""
    text = " ".join(str(err).split())
    return text or type(err).__name__


class Job(QObject):
    """A handle on one piece of background work. Its signals arrive on the GUI thread."""

    done = Signal(object)  # the function's return value
    failed = Signal(str)  # what went wrong, in one line
    finished = Signal()  # after done or failed, either way

    def __init__(self, on_done: Callable[[Any], object] | None, on_error: Callable[[str], object] | None,
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._on_done = on_done
        self._on_error = on_error
        self._finished = False
        self._discarded = False

    def is_finished(self) -> bool:
        return self._finished

    def discard(self) -> None:
        """Let the work run out, but drop its result: nobody wants it any more."""
        self._discarded = True

    def is_discarded(self) -> bool:
        return self._discarded

    @Slot(bool, object)
    def deliver(self, ok: bool, value: object) -> None:
        """On the GUI thread: call back, then signal (a worker posts its outcome here)."""
        if self._finished:
            return
        self._finished = True
        if not self._discarded:
            if ok:
                if self._on_done is not None:
                    self._on_done(value)
                self.done.emit(value)
            else:
                if self._on_error is not None:
                    self._on_error(str(value))
                self.failed.emit(str(value))
        self.finished.emit()
        self.deleteLater()  # the handle's flags stay readable; its signals are spent


def call(fn: Callable[[], object]) -> tuple[bool, object]:
    """Run fn: (True, its result), or (False, one line saying what went wrong)."""
    try:
        return True, fn()
    except Exception as err:  # the job's failure is the GUI's to report, in words
        log.warning("background job failed", exc_info=True)  # the traceback is for developers
        return False, error_message(err)


class _Relay(QObject):
    """Carries a worker's outcome across threads: made and emitted on the worker thread,
    queued to the job on the GUI thread."""

    outcome = Signal(bool, object)


class _Task(QRunnable):
    def __init__(self, fn: Callable[[], object], job: Job) -> None:
        super().__init__()
        self.fn = fn
        self.job = job

    def run(self) -> None:
        ok, value = call(self.fn)
        relay = _Relay()
        try:
            relay.outcome.connect(self.job.deliver, Qt.ConnectionType.QueuedConnection)
        except RuntimeError:  # the job went with its screen: nobody is left to tell
            return
        relay.outcome.emit(ok, value)


class Runner(QObject):
    """Runs jobs on its own worker thread (or at once, when synchronous); see the module docstring."""

    def __init__(self, parent: QObject | None = None, *, synchronous: bool = False) -> None:
        super().__init__(parent)
        self.synchronous = synchronous
        self._pool = QThreadPool(self)
        self._pool.setMaxThreadCount(1)  # jobs run in the order they were started
        self._pending: set[Job] = set()
        app = QCoreApplication.instance()
        if app is not None:
            app.aboutToQuit.connect(self._drain)  # a drill being saved as the window closes is still saved

    def run(self, fn: Callable[[], object], on_done: Callable[[Any], object] | None = None,
            on_error: Callable[[str], object] | None = None) -> Job:
        """Run fn off the GUI thread; on_done(result) or on_error(message) follow on the GUI thread."""
        job = Job(on_done, on_error, self)
        if self.synchronous:
            job.deliver(*call(fn))
            return job
        self._pending.add(job)
        job.finished.connect(lambda: self._pending.discard(job))
        self._pool.start(_Task(fn, job))
        return job

    def busy(self) -> bool:
        """Whether a job has been started and its result not yet delivered."""
        return bool(self._pending)

    def wait(self, timeout_ms: int = DRAIN_MS) -> bool:
        """Block until every job has run and its result is delivered; False if time ran out."""
        if not self._pool.waitForDone(timeout_ms):
            return False
        QCoreApplication.sendPostedEvents(None, QEvent.Type.MetaCall)  # the queued outcomes
        return not self._pending

    @Slot()
    def _drain(self) -> None:
        self._pool.waitForDone(DRAIN_MS)
