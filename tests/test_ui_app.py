"""Starting the app: a second instance is told plainly and writes nothing."""

from PySide6.QtWidgets import QMessageBox

from massage_trainer.storage import Storage
from massage_trainer.ui.shell import app as app_module


def test_a_second_instance_is_told_and_touches_nothing(qtbot, tmp_home, monkeypatch, capsys):
    shown = []
    monkeypatch.setattr(QMessageBox, "information", lambda parent, title, text: shown.append((title, text)))
    first = Storage.open()
    try:
        first.learners.create("Ada")
        assert app_module.run_gui() == 1
        assert shown and shown[0][0] == "Massage Trainer is already open"
        assert "already open" in shown[0][1]
        assert "already open" in capsys.readouterr().err
        # The refused instance created no default learner in the open database.
        assert [lr.name for lr in first.learners.all()] == ["Ada"]
    finally:
        first.close()


def test_broken_storage_is_reported_not_raised(qtbot, tmp_home, monkeypatch, capsys):
    shown = []
    monkeypatch.setattr(QMessageBox, "critical", lambda parent, title, text: shown.append((title, text)))
    tmp_home.mkdir(parents=True, exist_ok=True)
    (tmp_home / "massage-trainer.sqlite3").write_bytes(b"not a database" * 64)
    assert app_module.run_gui() == 1
    assert shown and "cannot open the database" in shown[0][1]
    assert "Traceback" not in capsys.readouterr().err
    # The learner's file is left as it was, for them or a backup to recover.
    assert (tmp_home / "massage-trainer.sqlite3").read_bytes() == b"not a database" * 64
