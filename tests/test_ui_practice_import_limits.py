"""Import on the Practice screen applies the recording limits: one plain message, nothing kept, no hang."""

from __future__ import annotations

import json
import os
import sys
import threading
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtWidgets import QMessageBox

from massage_trainer.core.recording import MAX_FILE_BYTES
from tests.practice_helpers import message_named, open_practice

pytestmark = pytest.mark.gui


@pytest.fixture
def practice(window: Any, qtbot: Any) -> Any:
    return open_practice(window, qtbot)


def refused_import(practice: Any, qtbot: Any, window: Any, path: Path) -> str:
    """Import the path as the dialog would; the warning's text, after checking nothing was kept."""
    store = window.ctx.storage.drills
    before = store.all_for(window.ctx.learner.id)
    assert practice.import_file(path) is None
    box: QMessageBox = message_named(qtbot, "practiceMessage")
    text = box.text()
    box.close()
    assert store.all_for(window.ctx.learner.id) == before
    assert "\n" not in text and "Traceback" not in text
    return text


def test_an_import_over_50_mb_is_refused_in_one_message(practice: Any, qtbot: Any, window: Any,
                                                         tmp_path: Path) -> None:
    big = tmp_path / "big.json"
    with big.open("wb") as f:
        f.truncate(MAX_FILE_BYTES + 1)  # sparse: nothing written to disk
    text = refused_import(practice, qtbot, window, big)
    assert text == f"{big}: the file is 50,000,001 bytes; a recording may be at most 50,000,000 bytes (50 MB)"


def test_an_import_with_a_bad_plan_names_the_phase(practice: Any, qtbot: Any, window: Any,
                                                   tmp_path: Path) -> None:
    path = tmp_path / "plan.json"
    samples = [{"t": k * 0.1, "x": 0.2, "y": 0.1 + 0.05 * k} for k in range(10)]
    path.write_text(json.dumps({"format": "massage-trainer/recording", "version": 1, "phases": [
        {"technique": "stroking", "planned_s": -60, "samples": samples}]}), encoding="utf-8")
    text = refused_import(practice, qtbot, window, path)
    assert text == f"{path}: phases[0].planned_s: must be above 0 seconds, found -60"


@pytest.mark.skipif(sys.platform == "win32", reason="FIFOs are POSIX")
def test_importing_a_fifo_does_not_block_the_window(practice: Any, qtbot: Any, window: Any,
                                                    tmp_path: Path) -> None:
    fifo = tmp_path / "pipe.json"
    os.mkfifo(fifo)
    # Should the import open the FIFO, it would wait for a writer: a watchdog gives it one, so the
    # test fails on the message instead of hanging.
    done = threading.Event()

    def watchdog() -> None:
        if not done.wait(20):
            with open(fifo, "wb"):
                pass

    guard = threading.Thread(target=watchdog, daemon=True)
    guard.start()
    try:
        text = refused_import(practice, qtbot, window, fifo)
    finally:
        done.set()
        guard.join()
    assert text == f"{fifo}: is not a regular file (a pipe, a device or a socket), not a recording file"
