"""The background worker (ui/kit/worker.py), on its own: no drill, no database, no window."""

from __future__ import annotations

import threading

import pytest
import shiboken6
from PySide6.QtWidgets import QApplication, QWidget

from massage_trainer.ui.kit.worker import Runner, error_message


@pytest.fixture
def owner(qtbot):
    widget = QWidget()
    qtbot.addWidget(widget)
    return widget


def test_the_job_runs_off_the_gui_thread_and_its_result_comes_back_on_it(owner, qtbot):
    runner = Runner(owner)
    gui = threading.get_ident()
    ran_on, called_on, results = [], [], []

    def job():
        ran_on.append(threading.get_ident())
        return 6 * 7

    def done(value):
        called_on.append(threading.get_ident())
        results.append(value)

    job_handle = runner.run(job, done)
    with qtbot.waitSignal(job_handle.done, timeout=5000) as blocker:
        pass
    assert blocker.args == [42] and results == [42]
    assert ran_on and ran_on[0] != gui
    assert called_on == [gui]
    assert job_handle.is_finished() and not runner.busy()


def test_an_exception_reaches_on_error_as_one_line_not_a_traceback(owner, qtbot):
    runner = Runner(owner)
    errors: list[str] = []
    results: list[object] = []

    def job():
        raise OSError(28, "No space left on device")

    handle = runner.run(job, results.append, errors.append)
    with qtbot.waitSignal(handle.failed, timeout=5000) as blocker:
        pass
    assert errors == ["[Errno 28] No space left on device"] == blocker.args
    assert results == []
    assert "Traceback" not in errors[0] and "\n" not in errors[0]


def test_an_exception_without_words_is_named_by_its_kind():
    assert error_message(KeyError()) == "KeyError"
    assert error_message(ValueError("two\n  lines")) == "two lines"


def test_a_discarded_job_delivers_nothing_but_still_finishes(owner, qtbot):
    runner = Runner(owner)
    results: list[int] = []
    gate = threading.Event()
    handle = runner.run(lambda: gate.wait(5) and 1, results.append)
    handle.discard()
    with qtbot.waitSignal(handle.finished, timeout=5000), qtbot.assertNotEmitted(handle.done):
        gate.set()
    assert results == [] and handle.is_discarded()


def test_synchronous_mode_calls_back_before_run_returns(owner):
    runner = Runner(owner, synchronous=True)
    results: list[object] = []
    errors: list[str] = []
    handle = runner.run(lambda: "graded", results.append, errors.append)
    assert results == ["graded"] and handle.is_finished() and not runner.busy()
    runner.run(lambda: 1 / 0, results.append, errors.append)
    assert errors == ["division by zero"]


def test_wait_blocks_until_the_results_are_delivered(owner):
    runner = Runner(owner)
    results: list[str] = []
    runner.run(lambda: "saved", results.append)
    assert runner.wait(5000)  # no event loop ran: wait() itself delivered the result
    assert results == ["saved"]


def test_a_result_for_a_screen_that_has_gone_is_dropped(qtbot):
    widget = QWidget()
    runner = Runner(widget)
    results: list[int] = []
    runner.run(lambda: 1, results.append)
    shiboken6.delete(widget)  # the screen goes (its runner and the job's handle with it)
    QApplication.processEvents()
    assert results == []
