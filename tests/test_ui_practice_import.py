"""Import off the GUI thread, with a progress dialog that can be cancelled (nothing half-imported);
several files at once; and Export that writes safely (a temporary file renamed into place, and never
over a link, a FIFO or a folder)."""

from __future__ import annotations

import os
import sys
import threading
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QProgressDialog

from massage_trainer.core.demo import demo_recording
from massage_trainer.core.recording import MAX_FILE_BYTES, Phase, Recording, load_recording, save_recording
from massage_trainer.ui.practice import file_jobs, files
from tests.practice_helpers import message_named, open_practice, shown_named


@pytest.fixture
def practice(window: Any, qtbot: Any) -> Any:
    """Background work on the worker thread, as in the app."""
    return open_practice(window, qtbot, synchronous=False)


def big_recording(content: Any, samples: int, technique: str = "stroking", shift: float = 0.0) -> Recording:
    """The technique's model traced over and over: a long recording that grades cleanly."""
    [p] = demo_recording(content.techniques[technique]).phases
    reps = samples // len(p.t) + 1
    span = float(p.t[-1]) + 1 / 60
    t = np.concatenate([p.t + k * span + shift for k in range(reps)])
    tile = lambda a: np.concatenate([a] * reps)  # noqa: E731
    return Recording((Phase(technique, t, tile(p.x), tile(p.y), tile(p.contact), tile(p.pressure)),))


def write(recording: Recording, path: Path) -> Path:
    save_recording(recording, path)
    return path


def progress_dialog(qtbot: Any) -> QProgressDialog:
    return shown_named(qtbot, QProgressDialog, "importProgress")


def test_a_recording_near_the_size_limit_imports_in_the_background(window: Any, practice: Any, qtbot: Any,
                                                                    content: Any, tmp_path: Path) -> None:
    path = write(big_recording(content, 420_000), tmp_path / "near-the-limit.json")
    assert 0.8 * MAX_FILE_BYTES < path.stat().st_size < MAX_FILE_BYTES
    importer = practice.importer
    with qtbot.waitSignal(importer.finished, timeout=120_000) as done:
        qtbot.mouseClick(practice.choose_page.import_button, Qt.MouseButton.LeftButton)
        dialog = shown_named(qtbot, type(importer.dialog), "importDialog")
        dialog.selectFile(str(path))
        dialog.accept()
        progress = progress_dialog(qtbot)
        # The window goes on while the file is read and graded: its events are handled, a timer fires.
        with qtbot.waitSignal(importer.progressed, timeout=60_000):
            pass
        assert progress.isVisible() and progress.wasCanceled() is False
        ticked = QTimer(practice)
        ticked.setSingleShot(True)
        with qtbot.waitSignal(ticked.timeout, timeout=5_000):
            ticked.start(0)
    outcome = done.args[0]
    assert not outcome.cancelled and outcome.refused == () and len(outcome.imported) == 1
    run = outcome.imported[0].run
    assert run.imported_from == "near-the-limit.json" and run.drill == "technique:stroking"
    assert not progress.isVisible()
    assert practice.choose_page.note.text().startswith("Imported near-the-limit.json: score ")
    qtbot.waitUntil(lambda: practice.selected_run_id() == run.id, timeout=30_000)
    assert window.ctx.storage.drills.count(window.ctx.learner.id) == 1


def test_cancelling_a_big_import_leaves_the_history_as_it_was(window: Any, practice: Any, qtbot: Any,
                                                               content: Any, tmp_path: Path,
                                                               monkeypatch: pytest.MonkeyPatch) -> None:
    paths = [write(big_recording(content, 60_000, shift=k * 1e4), tmp_path / f"part-{k}.json") for k in range(3)]
    assert sum(p.stat().st_size for p in paths) > 15_000_000
    # The grading of the first file waits until the learner has pressed Cancel: the cancel is then
    # certain to come before the write (the worker waits on this event, the test never sleeps).
    pressed = threading.Event()
    from massage_trainer.core.grading import grade as real_grade

    def grade_after_the_cancel(recording: Recording, body: Any) -> Any:
        pressed.wait(30)
        return real_grade(recording, body)

    monkeypatch.setattr(file_jobs, "grade", grade_after_the_cancel)
    store = window.ctx.storage.drills
    before = store.all_for(window.ctx.learner.id)
    importer = practice.importer
    with qtbot.waitSignal(importer.finished, timeout=60_000) as done:
        job = importer.start([str(p) for p in paths])
        progress = progress_dialog(qtbot)
        qtbot.waitUntil(lambda: progress.labelText().startswith("Grading part-0.json (1 of 3)"), timeout=30_000)
        assert progress.maximum() == 7 and progress.value() == 1 and not job.is_finished()
        qtbot.mouseClick(importer.cancel_button, Qt.MouseButton.LeftButton)
        pressed.set()
    assert done.args[0].cancelled and done.args[0].imported == ()
    assert not progress.isVisible()
    assert practice.choose_page.note.text() == "Import cancelled; nothing was added."
    assert store.all_for(window.ctx.learner.id) == before
    assert practice.choose_page.history.topLevelItemCount() == len(before)


def test_several_files_import_together_and_a_bad_one_is_named(window: Any, qtbot: Any, content: Any,
                                                             tmp_path: Path) -> None:
    practice = open_practice(window, qtbot)
    stroking = write(demo_recording(content.techniques["stroking"]), tmp_path / "one.json")
    kneading = write(demo_recording(content.techniques["kneading"]), tmp_path / "two.json")
    bad = tmp_path / "bad.json"
    bad.write_text('{"format": "massage-trainer/recording", "version": 1, "phases": [', encoding="utf-8")
    practice.importer.start([str(stroking), str(bad), str(kneading)])
    outcome = practice.importer.outcome
    assert [i.run.imported_from for i in outcome.imported] == ["one.json", "two.json"]
    assert [i.run.drill for i in outcome.imported] == ["technique:stroking", "technique:kneading"]
    box = message_named(qtbot, "practiceMessage")
    assert box.text().startswith(f"{bad}: ") and "not valid JSON" in box.text()
    box.close()
    me = window.ctx.learner
    assert practice.choose_page.note.text() == f"Imported 2 recordings into {me.name}'s drills."
    assert window.ctx.storage.drills.count(me.id) == 2
    # Again: both are there already, and nothing is added.
    practice.importer.start([str(stroking), str(kneading)])
    assert practice.choose_page.note.text() == (f"2 of the recordings are already in {me.name}'s drills; "
                                                "they were not added again.")
    assert window.ctx.storage.drills.count(me.id) == 2


def test_the_drill_of_an_import_has_one_home_in_storage() -> None:
    assert not hasattr(files, "drill_id_for")
    from massage_trainer.storage import drills

    assert vars(file_jobs)["drill_for_recording"] is drills.drill_for_recording


# --- export --------------------------------------------------------------------------------------


@pytest.fixture
def saved_run(window: Any, qtbot: Any, content: Any, tmp_path: Path) -> tuple[Any, Any]:
    practice = open_practice(window, qtbot)
    run = practice.import_file(write(demo_recording(content.techniques["stroking"]), tmp_path / "in.json"))
    assert run is not None
    return practice, run


def refused_export(practice: Any, qtbot: Any, run: Any, target: Path) -> str:
    practice.export_run(run.id, target)
    box = message_named(qtbot, "practiceMessage")
    text = box.text()
    box.close()
    assert text.startswith(f"{target}: cannot write the recording: ") and "Errno" not in text
    return text


def test_export_writes_a_temporary_file_and_renames_it_into_place(saved_run: tuple[Any, Any], window: Any,
                                                                   tmp_path: Path) -> None:
    practice, run = saved_run
    folder = tmp_path / "out"
    folder.mkdir()
    target = folder / "mine.json"
    target.write_text("an older export", encoding="utf-8")
    target.chmod(0o640)
    practice.export_run(run.id, target)
    assert load_recording(target) == window.ctx.storage.drills.recording(run.id)
    assert sorted(p.name for p in folder.iterdir()) == ["mine.json"]  # no temporary file left behind
    assert practice.choose_page.note.text() == f"Exported the recording to {target}."


def test_export_refuses_a_symbolic_link(saved_run: tuple[Any, Any], qtbot: Any, tmp_path: Path) -> None:
    practice, run = saved_run
    precious = tmp_path / "precious.txt"
    precious.write_text("keep me", encoding="utf-8")
    link = tmp_path / "link.json"
    link.symlink_to(precious)
    text = refused_export(practice, qtbot, run, link)
    assert "it is a symbolic link, not a regular file, and was left as it is" in text
    assert link.is_symlink() and precious.read_text(encoding="utf-8") == "keep me"


def test_export_refuses_a_folder(saved_run: tuple[Any, Any], qtbot: Any, tmp_path: Path) -> None:
    practice, run = saved_run
    folder = tmp_path / "a-folder.json"
    folder.mkdir()
    assert "it is a folder, not a regular file" in refused_export(practice, qtbot, run, folder)
    assert folder.is_dir() and list(folder.iterdir()) == []


@pytest.mark.skipif(sys.platform == "win32", reason="FIFOs are POSIX")
def test_export_refuses_a_fifo_without_blocking(saved_run: tuple[Any, Any], qtbot: Any, tmp_path: Path) -> None:
    practice, run = saved_run
    fifo = tmp_path / "pipe.json"
    os.mkfifo(fifo)
    assert "it is a FIFO, not a regular file" in refused_export(practice, qtbot, run, fifo)
    assert fifo.exists() and not fifo.is_file()
