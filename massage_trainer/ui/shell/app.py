"""The composition root: builds the application, the storage, the screens and the window."""

from __future__ import annotations

import os
import sys
import time

from PySide6.QtCore import QTimer
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QApplication, QMessageBox, QWidget

from massage_trainer.content import Content, ContentError, load_content
from massage_trainer.resources import asset_path
from massage_trainer.storage import AlreadyRunning, Storage, StorageError
from massage_trainer.ui.diagram.view import BackDiagram
from massage_trainer.ui.kit import theme as th
from massage_trainer.ui.kit.context import AppContext
from massage_trainer.ui.kit.style import ScaledStyle
from massage_trainer.ui.shell.main_window import MainWindow
from massage_trainer.ui.shell.nav import ScreenEntry

# Set by the start-up benchmark: print when the window is shown and idle, then quit.
STARTUP_PROBE_ENV = "MASSAGE_TRAINER_STARTUP_PROBE"


def build_screens(ctx: AppContext) -> list[ScreenEntry]:
    """Every screen the rail lists, in order. A screen appears here only once it exists.

    Each is built the first time it is shown, so start-up imports and builds only the Atlas.
    """

    def atlas() -> QWidget:
        from massage_trainer.ui.atlas.screen import AtlasScreen

        return AtlasScreen(ctx.diagram, ctx.content.reference)

    def techniques() -> QWidget:
        from massage_trainer.ui.techniques.screen import TechniquesScreen

        return TechniquesScreen(ctx.diagram, ctx.content.techniques, ctx.content.reference)

    def practice() -> QWidget:
        from massage_trainer.ui.practice.screen import PracticeScreen

        return PracticeScreen(ctx)

    def reference() -> QWidget:
        from massage_trainer.ui.reference.screen import ReferenceScreen

        return ReferenceScreen(ctx.content.reference, ctx.theme)

    return [
        ScreenEntry("atlas", "Atlas", "atlas", atlas),
        ScreenEntry("techniques", "Techniques", "techniques", techniques),
        ScreenEntry("practice", "Practice", "practice", practice),
        ScreenEntry("reference", "Reference", "reference", reference),
    ]


def ensure_app(argv: list[str] | None = None) -> QApplication:
    app = QApplication.instance()
    if isinstance(app, QApplication):
        if not isinstance(app.style(), ScaledStyle):
            app.setStyle(ScaledStyle())
        return app
    app = QApplication(argv if argv is not None else sys.argv[:1])
    app.setStyle(ScaledStyle())  # pixel sizes follow the window's type scale
    app.setApplicationName("Massage Trainer")
    app.setOrganizationName("MassageTrainer")
    app.setDesktopFileName("massage-trainer")
    app.setWindowIcon(QIcon(str(asset_path("icons", "massage-trainer.svg"))))  # the app icon
    return app


def build_window(content: Content, storage: Storage, theme: th.Theme) -> MainWindow:
    app = QApplication.instance()
    if isinstance(app, QApplication):
        app.setPalette(th.apply_palette(theme, app.palette()))
    diagram = BackDiagram(content.body, theme)
    ctx = AppContext(content=content, storage=storage, theme=theme, diagram=diagram)
    if not storage.learners.all():
        # A first run: give the picker someone to be, renameable from the Learner menu.
        first = storage.learners.create("Learner 1")
        storage.learners.remember(first)
    return MainWindow(ctx, build_screens(ctx))


def _fatal(title: str, message: str, parent: QWidget | None = None) -> None:
    print(f"massage-trainer: {message}", file=sys.stderr)
    QMessageBox.critical(parent, title, message)


def run_gui() -> int:
    app = ensure_app()
    try:
        content = load_content(play_animations=False)  # played through by the test suite
    except ContentError as err:
        _fatal("Massage Trainer: content error",
               "The bundled content has a problem, so the app cannot start:\n" + str(err))
        return 2
    try:
        storage = Storage.open()
    except AlreadyRunning as err:
        print(f"massage-trainer: {err}", file=sys.stderr)
        QMessageBox.information(None, "Massage Trainer is already open", str(err))
        return 1
    except (StorageError, OSError) as err:
        _fatal("Massage Trainer: cannot open your data", str(err))
        return 1
    try:
        window = build_window(content, storage, th.system_theme())
        window.resize(1366, 768)
        window.show()
        QTimer.singleShot(0, window.offer_recovery)  # once the window has its size and scale
        if os.environ.get(STARTUP_PROBE_ENV):
            def probe() -> None:
                # Idle means the diagram has been painted, not merely shown.
                if not window.ctx.diagram.painted():
                    QTimer.singleShot(0, probe)
                    return
                print(f"idle {time.perf_counter():.6f}", flush=True)
                app.quit()
            QTimer.singleShot(0, probe)
        return int(app.exec())
    finally:
        storage.close()
