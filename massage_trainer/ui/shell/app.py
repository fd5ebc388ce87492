"""The composition root: builds the application, the storage, the screens and the window.

`run_gui` installs the crash handling (ui/shell/crash.py), opens the records, asking what to do
when they are damaged (ui/shell/startup.py), shows the window, and once it has painted, starts
the daily backup on the window's worker thread.
"""

from __future__ import annotations

import os
import sys
import time
from collections.abc import Callable

from PySide6.QtCore import QTimer
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QApplication, QMessageBox, QWidget

from massage_trainer.content import Content, ContentError, load_content
from massage_trainer.resources import asset_path
from massage_trainer.storage import Storage
from massage_trainer.ui.diagram.view import BackDiagram
from massage_trainer.ui.kit import theme as th
from massage_trainer.ui.kit.context import AppContext
from massage_trainer.ui.kit.dialogs import message_box
from massage_trainer.ui.kit.style import ScaledStyle
from massage_trainer.ui.shell.crash import CrashReporter
from massage_trainer.ui.shell.main_window import MainWindow
from massage_trainer.ui.shell.nav import ScreenEntry
from massage_trainer.ui.shell.startup import open_storage

# Set by the start-up benchmark: print when the window is shown and idle, then quit.
STARTUP_PROBE_ENV = "MASSAGE_TRAINER_STARTUP_PROBE"


def build_screens(ctx: AppContext) -> list[ScreenEntry]:
    """Every screen the rail lists, in order. A screen appears here only once it exists.

    Each is built the first time it is shown, so start-up imports and builds only Today.
    """

    def today() -> QWidget:
        from massage_trainer.ui.today.screen import TodayScreen

        return TodayScreen(ctx)

    def atlas() -> QWidget:
        from massage_trainer.ui.atlas.screen import AtlasScreen

        return AtlasScreen(ctx.diagram, ctx.content.reference,
                           navigate=lambda key, request: ctx.navigate(key, request))

    def techniques() -> QWidget:
        from massage_trainer.ui.techniques.screen import TechniquesScreen

        return TechniquesScreen(ctx.diagram, ctx.content.techniques, ctx.content.reference)

    def practice() -> QWidget:
        from massage_trainer.ui.practice.screen import PracticeScreen

        return PracticeScreen(ctx)

    def quiz() -> QWidget:
        from massage_trainer.ui.quiz.screen import QuizScreen

        return QuizScreen(ctx)

    def progress() -> QWidget:
        from massage_trainer.ui.progress.screen import ProgressScreen

        return ProgressScreen(ctx)

    def reference() -> QWidget:
        from massage_trainer.ui.reference.screen import ReferenceScreen

        return ReferenceScreen(ctx.content.reference, ctx.theme)

    return [
        ScreenEntry("today", "Today", "today", today),
        ScreenEntry("atlas", "Atlas", "atlas", atlas),
        ScreenEntry("techniques", "Techniques", "techniques", techniques),
        ScreenEntry("practice", "Practice", "practice", practice),
        ScreenEntry("quiz", "Quiz", "quiz", quiz),
        ScreenEntry("progress", "Progress", "progress", progress),
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
    # No learner is made up on a first run: the Today screen welcomes them and asks their name.
    return MainWindow(ctx, build_screens(ctx))


def _fatal(title: str, message: str, parent: QWidget | None = None) -> None:
    print(f"massage-trainer: {message}", file=sys.stderr)
    box = message_box(parent, QMessageBox.Icon.Critical, title, message, name="fatal")
    box.addButton("Quit", QMessageBox.ButtonRole.AcceptRole)
    box.exec()


def when_painted(window: MainWindow, then: Callable[[], object]) -> None:
    """Call `then` once the window has been painted (the first frame is on the screen)."""
    if window.painted():
        then()
    else:
        QTimer.singleShot(0, lambda: when_painted(window, then))


def event_loop(app: QApplication) -> int:
    return int(app.exec())


def run_gui() -> int:
    app = ensure_app()
    window: MainWindow | None = None
    crashes = CrashReporter(lambda: window)
    crashes.install()
    try:
        try:
            content = load_content(play_animations=False)  # played through by the test suite
        except ContentError as err:
            _fatal("Massage Trainer: content error",
                   "The bundled content has a problem, so the app cannot start:\n" + str(err))
            return 2
        storage = open_storage()
        if storage is None:
            return 1
        try:
            window = _show(app, content, storage)
            return event_loop(app)
        finally:
            if window is not None:
                window.runner.wait()  # a backup under way finishes before the lock goes
            storage.close(backup=False)  # backed up after start-up and hourly instead: a close stays quick
    finally:
        crashes.uninstall()


def _show(app: QApplication, content: Content, storage: Storage) -> MainWindow:
    window = build_window(content, storage, th.system_theme())
    window.resize(1366, 768)
    window.show()
    QTimer.singleShot(0, window.offer_recovery)  # once the window has its size and scale
    when_painted(window, window.keep_backed_up)  # off the GUI thread, after the first frame, then hourly
    if os.environ.get(STARTUP_PROBE_ENV):
        def probe() -> None:
            # Idle means the window has been painted, not merely shown.
            print(f"idle {time.perf_counter():.6f}", flush=True)
            app.quit()
        when_painted(window, probe)
    return window
