"""A learner's name, a file's name and a recording's words are shown on the Practice screen exactly as
they are: as plain text, never as markup (no image, no bold, no link to follow)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QMessageBox, QWidget

from massage_trainer.core.demo import demo_recording
from massage_trainer.core.recording import save_recording
from massage_trainer.storage import db as db_module
from tests.faults import FULL, Fault, faulty_connection
from tests.practice_helpers import answer, drag, finish, message_named, open_practice, start

HOSTILE = '<img src=x width=3000 height=3000><b>x</b><a href=h:e>l</a>'  # a name has at most 60 characters
HOSTILE_FILE = '<img src=y width=3000 height=3000><b>f<a href=h:e>l.json'  # no "/" in a file name


def literal(label: QLabel, text: str) -> None:
    """The label shows `text` as it is: plain text (so no link either), and no room made for a
    3000-pixel image."""
    assert text in label.text()
    assert label.textFormat() == Qt.TextFormat.PlainText, f"{label.objectName()!r} may read {text!r} as markup"
    assert not label.openExternalLinks()
    assert label.sizeHint().height() < 1000


def every_label_with(root: QWidget, text: str) -> list[QLabel]:
    labels = [w for w in [root, *root.findChildren(QLabel)] if isinstance(w, QLabel) and text in w.text()]
    for label in labels:
        literal(label, text)
    return labels


@pytest.fixture
def hostile(window: Any, qtbot: Any) -> Any:
    window.learner_bar.create_learner(HOSTILE)
    assert window.ctx.learner.name == HOSTILE
    practice = open_practice(window, qtbot)
    practice.history.refresh()  # at once, now the screen's work is synchronous
    return practice


def test_the_history_heading_and_the_notes_show_the_name_as_it_is(window: Any, hostile: Any, qtbot: Any) -> None:
    practice = hostile
    literal(practice.choose_page.history_title, f"{HOSTILE}'s drills")
    assert practice.choose_page.history_title.text() == f"{HOSTILE}'s drills"
    start(practice, qtbot)
    drag(practice, qtbot, [(0.16, 0.1), (0.16, 0.9)])
    finish(practice, qtbot)
    literal(practice.result_page.saved_note, f"Saved to {HOSTILE}'s record.")
    practice.show_choose()
    assert every_label_with(practice, HOSTILE)  # the heading, at least; each one plain


def test_an_unsaved_drill_and_the_close_question_show_the_name_as_it_is(
        window: Any, hostile: Any, qtbot: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    practice = hostile
    fault = Fault()
    monkeypatch.setattr(db_module, "CONNECTION_CLASS", faulty_connection(fault))
    start(practice, qtbot)
    drag(practice, qtbot, [(0.16, 0.1), (0.16, 0.9)])
    fault.message = FULL
    finish(practice, qtbot)
    practice.show_choose()
    literal(practice.choose_page.unsaved_text, f"{HOSTILE}'s Stroking (effleurage) drill")
    window.close()
    box = message_named(qtbot, "unsavedClose")
    assert box.textFormat() == Qt.TextFormat.PlainText
    assert not box.textInteractionFlags() & Qt.TextInteractionFlag.LinksAccessibleByMouse
    assert every_label_with(box, HOSTILE)
    answer(qtbot, box, "Cancel")
    fault.message = None
    practice.unsaved.retry_all()
    assert practice.unsaved.drills == []


def test_an_imported_file_name_shows_as_it_is(window: Any, hostile: Any, qtbot: Any, content: Any,
                                             tmp_path: Path) -> None:
    practice = hostile
    path = tmp_path / HOSTILE_FILE
    save_recording(demo_recording(content.techniques["stroking"]), path)
    labels: list[tuple[Qt.TextFormat, str]] = []

    def seen(_done: int, _total: int, _text: str) -> None:
        label = practice.importer.progress.findChild(QLabel)
        labels.append((label.textFormat(), label.text()))

    practice.importer.progressed.connect(seen)
    run = practice.import_file(path)
    assert run is not None and run.imported_from == HOSTILE_FILE
    assert (Qt.TextFormat.PlainText, f"Reading {HOSTILE_FILE} (1 of 1)…") in labels
    literal(practice.choose_page.note, f"Imported {HOSTILE_FILE}: score ")
    literal(practice.choose_page.note, f"It is in {HOSTILE}'s drills.")
    practice.show_saved_report(run.id)
    literal(practice.result_page.saved_note, f"imported from {HOSTILE_FILE}")
    # A file that cannot be read is named, as it is, in the message.
    bad = tmp_path / f"bad{HOSTILE_FILE}"
    bad.write_text("{", encoding="utf-8")
    practice.show_choose()
    assert practice.import_file(bad) is None
    box = message_named(qtbot, "practiceMessage")
    assert box.text().startswith(str(bad)) and box.textFormat() == Qt.TextFormat.PlainText
    assert every_label_with(box, HOSTILE_FILE)
    box.close()


def test_every_message_box_of_the_screen_is_plain_text_with_no_link_to_follow(window: Any, hostile: Any) -> None:
    from massage_trainer.ui.practice.messages import warn

    box = warn(hostile, HOSTILE, f"{HOSTILE} and https://example.org")
    try:
        assert isinstance(box, QMessageBox) and box.textFormat() == Qt.TextFormat.PlainText
        assert not box.textInteractionFlags() & Qt.TextInteractionFlag.LinksAccessibleByMouse
        assert every_label_with(box, HOSTILE)
    finally:
        box.close()


def test_no_heading_or_label_of_the_practice_pages_reads_markup(hostile: Any, qtbot: Any) -> None:
    practice = hostile
    start(practice, qtbot)
    drag(practice, qtbot, [(0.16, 0.1), (0.0, 0.5), (0.16, 0.9)])  # across the spine: a rule broken
    finish(practice, qtbot)
    qtbot.mouseClick(practice.result_page.replay_button, Qt.MouseButton.LeftButton)
    assert practice.pages.currentWidget() is practice.replay_page
    # Every label of the pages, the report and the replay is plain text, but the drill page's plan
    # and the charts' notes (made by the program from its own words, with no learner's or file's text).
    rich = [w.objectName() or w.text()[:30] for w in practice.findChildren(QLabel)
            if w.textFormat() != Qt.TextFormat.PlainText and w.objectName() not in ("plan", "chartNote")]
    assert rich == []
