"""A learner's name, or a folder's, that looks like markup is shown as typed everywhere the shell shows
it, and no image in it sets the window's size: a name with `<img width=3000 height=3000>` once drawn
by the status bar's rich-text label made the window's minimum size 3084×3410 on every start."""

from __future__ import annotations

import numpy as np
import pytest
from PySide6.QtCore import QSize, Qt
from PySide6.QtWidgets import QInputDialog, QLabel, QMessageBox, QWidget

from massage_trainer.core.recording import Phase, Recording
from massage_trainer.storage import DatabaseDamaged, Storage, database_path
from massage_trainer.ui.kit.dialogs import NO_LINKS
from tests.gui_helpers import open_window
from tests.practice_helpers import answer, message_named, shown_named
from tests.shell_helpers import HOSTILE, HOSTILE_FOLDER, Answers

SANE = QSize(1366, 768)  # the window's minimum size hint must fit a laptop, whatever the names


def recording() -> Recording:
    t = np.arange(120) / 60.0
    return Recording((Phase("stroking", t, np.full(120, 0.15), 0.1 + t * 0.3, np.ones(120, bool), np.full(120, 0.5)),))


def _literal(root: QWidget, text: str) -> list[QLabel]:
    """The labels in root that show `text`: each must be plain text, with no link to follow."""
    labels = [lb for lb in root.findChildren(QLabel) if text in lb.text()]
    for label in labels:
        assert label.textFormat() == Qt.TextFormat.PlainText, label.text()
        assert not label.textInteractionFlags() & ~NO_LINKS, label.text()
        assert label.sizeHint().height() < 400, label.text()  # no 3000-pixel image drawn
    return labels


@pytest.fixture
def hostile(qtbot, tmp_home):
    storage = Storage.open()
    learner = storage.learners.create(HOSTILE)
    storage.learners.remember(learner)
    storage.in_progress.put(learner.id, "technique:stroking", "2026-05-01T10:00:00+00:00", 0, 12.0, recording())
    storage.close()
    window, storage = open_window(qtbot)
    yield window
    window.close()
    storage.close()


def test_a_hostile_name_shows_as_typed_in_the_picker_and_sizes_nothing(hostile, qtbot):
    window = hostile
    assert _literal(window, HOSTILE)
    assert window.learner_bar.combo.currentText() == HOSTILE  # an item's text is drawn as text
    hint = window.minimumSizeHint()
    assert hint.width() <= SANE.width() and hint.height() <= SANE.height(), hint
    assert window.minimumSize().width() <= SANE.width() and window.minimumSize().height() <= SANE.height()


def test_a_hostile_name_shows_as_typed_in_the_rename_delete_and_recovery_dialogs(hostile, qtbot):
    window = hostile
    window.learner_bar.rename_action.trigger()
    rename = shown_named(qtbot, QInputDialog, "learnerNameDialog")
    assert [lb.text() for lb in _literal(rename, HOSTILE)] == [f"New name for {HOSTILE}:"]
    assert rename.sizeHint().height() < 600
    rename.reject()
    window.learner_bar.delete_action.trigger()
    delete = message_named(qtbot, "confirmDeleteLearner")
    assert HOSTILE in delete.text() and _literal(delete, HOSTILE)
    answer(qtbot, delete, "Cancel")
    window.offer_recovery()  # the drill left unfinished, as at the next start
    recover = message_named(qtbot, "recoverDrill")
    assert HOSTILE in recover.informativeText() and _literal(recover, HOSTILE)
    assert recover.sizeHint().height() < 800
    answer(qtbot, recover, "Keep as unfinished")
    hint = window.minimumSizeHint()
    assert hint.width() <= SANE.width() and hint.height() <= SANE.height(), hint


def test_a_hostile_folder_shows_as_typed_in_the_storage_and_backups_dialogs(qtbot, tmp_path, monkeypatch):
    home = tmp_path / HOSTILE_FOLDER
    monkeypatch.setenv("MASSAGE_TRAINER_HOME", str(home))
    window, storage = open_window(qtbot)
    try:
        window.report_storage_error("The learners cannot be read", DatabaseDamaged(database_path(), HOSTILE))
        box = message_named(qtbot, "storageProblem")
        assert _literal(box, str(home)) and _literal(box, HOSTILE)  # a file's text (the detail) as well
        answer(qtbot, box, "Close")
        dialog = window.open_backups()
        assert _literal(dialog, str(home))
        dialog.close()
    finally:
        window.close()
        storage.close()


def test_a_hostile_folder_shows_as_typed_in_the_damaged_records_dialog_at_start(qtbot, tmp_path, monkeypatch):
    from massage_trainer.ui.shell.startup import open_storage

    home = tmp_path / HOSTILE_FOLDER
    monkeypatch.setenv("MASSAGE_TRAINER_HOME", str(home))
    home.mkdir()
    database_path().write_bytes(b"<b>not</b> a database" * 200)
    answers = Answers(("damagedDatabase", "Quit"))
    try:
        assert open_storage() is None
    finally:
        answers.remove()
    seen = answers.seen[0]
    assert str(home) in seen.informative
    assert seen.formats and all(f == Qt.TextFormat.PlainText for f in seen.formats)
    assert isinstance(seen.name, str) and QMessageBox is not None
