"""Importing a question bank from the screen: the file dialog, a preview, then all or nothing.

The file is read and parsed off the GUI thread (jobs.read_bank). The preview lists the questions it
found (title, type, text), the ones skipped with the reason and the errors with their line; Import is
off while there is any error, as `massage-trainer bank import` refuses such a file. A bank is
imported (or removed: the answers to it stay in the history) off the GUI thread too.
"""

from __future__ import annotations

from datetime import UTC
from pathlib import Path
from typing import TYPE_CHECKING, Final

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from massage_trainer.core.quiz import QType
from massage_trainer.ui.kit import theme as th
from massage_trainer.ui.kit.dialogs import fit_to, message_box, plain_label
from massage_trainer.ui.kit.widgets import heading
from massage_trainer.ui.kit.worker import Job
from massage_trainer.ui.quiz import jobs
from massage_trainer.ui.quiz.questions import wrapped
from massage_trainer.ui.quiz.words import TYPE_NAMES

if TYPE_CHECKING:
    from massage_trainer.ui.quiz.screen import QuizScreen

FILTER: Final = "Question banks (*.gift *.txt *.aiken);;All files (*)"
TEXT_CHARS: Final = 120


def _tree(name: str, columns: list[str], rows: list[list[str]]) -> QTreeWidget:
    tree = QTreeWidget()
    tree.setObjectName(name)
    tree.setAccessibleName(name)
    tree.setHeaderLabels(columns)
    tree.setRootIsDecorated(False)
    tree.setWordWrap(True)
    for row in rows:
        tree.addTopLevelItem(QTreeWidgetItem(row))  # item text is never rendered as rich text
    header = tree.header()
    for i in range(len(columns) - 1):  # each column as wide as its widest cell, whatever the type's scale
        header.setSectionResizeMode(i, QHeaderView.ResizeMode.ResizeToContents)
    header.setStretchLastSection(True)
    return tree


def _type_name(value: str) -> str:
    try:
        return TYPE_NAMES[QType(value)]
    except ValueError:
        return value


class PreviewDialog(QDialog):
    """What a bank file holds, before anything is imported."""

    def __init__(self, parent: QWidget, bank: jobs.BankFile) -> None:
        super().__init__(parent)
        self.setObjectName("bankPreview")
        self.setWindowTitle("Import a question bank")
        self.bank = bank
        r = bank.result
        layout = QVBoxLayout(self)
        layout.setSpacing(th.SPACING)
        layout.addWidget(heading("Import a question bank", 2))
        layout.addWidget(wrapped(f"{bank.path} ({bank.fmt.upper()})"))
        essays = sum(1 for q in r.questions if q.type == QType.ESSAY.value)
        summary = (f"{len(r.questions)} question(s) found, {len(r.skipped)} skipped, {len(r.errors)} error(s).")
        if essays:
            summary += f" {essays} essay question(s) are kept but not asked: your instructor grades essays."
        self.summary = wrapped(summary)
        self.summary.setObjectName("bankSummary")
        layout.addWidget(self.summary)
        form = QFormLayout()
        self.name = QLineEdit(bank.path.stem)
        self.name.setAccessibleName("The bank's name")
        self.name.setMaxLength(100)
        form.addRow("Bank name:", self.name)
        layout.addLayout(form)
        self.questions = _tree("Questions found", ["Title", "Type", "Text"],
                               [[q.title, _type_name(q.type), " ".join(q.text.split())[:TEXT_CHARS]]
                                for q in r.questions])
        layout.addWidget(plain_label(QLabel("Questions found:")))
        layout.addWidget(self.questions, 3)
        self.skipped = self.errors = None
        if r.skipped:
            layout.addWidget(plain_label(QLabel("Skipped (not usable here):")))
            self.skipped = _tree("Skipped questions", ["Line", "Title", "Why"],
                                 [[str(s.line), s.title, s.reason] for s in r.skipped])
            layout.addWidget(self.skipped, 1)
        if r.errors:
            layout.addWidget(plain_label(QLabel("Errors:")))
            self.errors = _tree("Errors", ["Line", "Problem"], [[str(e.line), e.message] for e in r.errors])
            layout.addWidget(self.errors, 1)
            note = wrapped("A file with any error imports nothing. Fix the lines above and import it again.")
            note.setObjectName("bankRefused")
            layout.addWidget(note)
        elif not r.questions:
            layout.addWidget(wrapped("The file holds no question to import."))
        self.buttons = QDialogButtonBox()
        self.import_button = QPushButton("Import")
        self.import_button.setAccessibleName("Import the bank")
        self.import_button.setEnabled(not r.errors and bool(r.questions))
        self.buttons.addButton(self.import_button, QDialogButtonBox.ButtonRole.AcceptRole)
        self.buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        self.name.textChanged.connect(lambda t: self.import_button.setEnabled(
            not r.errors and bool(r.questions) and bool(t.strip())))
        layout.addWidget(self.buttons)
        fit_to(self, parent)
        w = self.fontMetrics().averageCharWidth()
        self.resize(w * 110, self.fontMetrics().height() * 34)


class BankImporter:
    def __init__(self, screen: QuizScreen) -> None:
        self.screen = screen
        self.page = screen.start_page
        self.file_dialog: QFileDialog | None = None
        self.preview: PreviewDialog | None = None
        self.confirm: QMessageBox | None = None
        self.page.import_button.clicked.connect(self.ask_import)
        self.page.remove_button.clicked.connect(self.ask_remove)

    def ask_import(self) -> None:
        dialog = QFileDialog(self.screen, "Import a question bank (GIFT or Aiken)", str(Path.home()), FILTER)
        dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptOpen)
        dialog.setFileMode(QFileDialog.FileMode.ExistingFile)
        dialog.setObjectName("bankFileDialog")
        dialog.fileSelected.connect(self.preview_file)
        self.file_dialog = dialog
        dialog.open()

    def preview_file(self, path: str) -> Job:
        """Read the file off the GUI thread, then show what it holds."""
        self.page.say("Reading the file…")
        return self.screen.runner.run(lambda: jobs.read_bank(Path(path)), self._show,
                                      lambda message: self.page.say(f"The file cannot be imported: {message}"))

    def _show(self, bank: jobs.BankFile) -> None:
        self.page.say("")
        dialog = PreviewDialog(self.screen, bank)
        dialog.accepted.connect(lambda: self.do_import(dialog.name.text(), bank))
        self.preview = dialog
        dialog.open()

    def do_import(self, name: str, bank: jobs.BankFile) -> Job:
        home = self.screen.ctx.storage.home
        now = self.screen.now().astimezone(UTC).isoformat(timespec="seconds")

        def done(stored: object) -> None:
            got = len(bank.result.questions)
            self.page.say(f"Imported {got} question(s) as the bank “{name.strip()}”; "
                          "its questions are a topic of their own.")
            self.screen.start.refresh()

        return self.screen.runner.run(lambda: jobs.import_bank(home, name, bank, now), done,
                                      lambda message: self.page.say(f"Nothing was imported: {message}"))

    def ask_remove(self) -> None:
        name = self.page.banks.currentData()
        if name is None:
            return
        box = message_box(self.screen, QMessageBox.Icon.Question, "Remove a bank", f"Remove the bank “{name}”?",
                          "Its questions are no longer asked. The answers given to them stay in the "
                          "learners' history.", name="removeBank")
        box.addButton("Remove", QMessageBox.ButtonRole.DestructiveRole)
        box.addButton(QMessageBox.StandardButton.Cancel)
        box.buttonClicked.connect(lambda b: self.remove(str(name)) if box.buttonRole(b) ==
                                  QMessageBox.ButtonRole.DestructiveRole else None)
        self.confirm = box
        box.open()

    def remove(self, name: str) -> Job:
        home = self.screen.ctx.storage.home
        now = self.screen.now().astimezone(UTC).isoformat(timespec="seconds")

        def done(_stored: object) -> None:
            self.page.say(f"Removed the bank “{name}”; the answers to its questions stay in the history.")
            self.screen.start.refresh()

        return self.screen.runner.run(lambda: jobs.remove_bank(home, name, now), done,
                                      lambda message: self.page.say(f"The bank could not be removed: {message}"))
