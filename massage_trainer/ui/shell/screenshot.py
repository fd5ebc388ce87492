"""Render a screen offscreen to PNG (`massage-trainer screenshot`)."""

from __future__ import annotations

import argparse
import os
import tempfile
from pathlib import Path

from massage_trainer.ui.kit.context import ScreenshotError

__all__ = ["SCREEN_ALIASES", "ScreenshotError", "take_screenshot"]


# Views inside a screen that `--screen` may name as if they were screens; the rail lists
# only real screens. Each maps to (screen, view): the screen's prepare_screenshot reads
# args.view (and args.session, True for the whole-session view).
SCREEN_ALIASES = {"session": ("techniques", "session"), "types": ("techniques", "types"),
                  "today-learner": ("today", "learner")}  # a learner's day; plain "today" is the welcome


def take_screenshot(args: argparse.Namespace) -> Path:
    if not os.environ.get("DISPLAY") and not os.environ.get("WAYLAND_DISPLAY"):
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    if args.scale != 1.0:
        if not 0.5 <= args.scale <= 4.0:
            raise ScreenshotError(f"--scale {args.scale} is out of range (0.5 to 4)")
        os.environ["QT_SCALE_FACTOR"] = str(args.scale)
    out = Path(args.out)
    if out.suffix.lower() != ".png":
        raise ScreenshotError(f"{out}: the output must be a .png file")
    if not out.parent.exists():
        raise ScreenshotError(f"{out.parent}: no such folder")

    from massage_trainer.content import ContentError, load_content
    from massage_trainer.storage import Storage
    from massage_trainer.ui.kit import theme as th
    from massage_trainer.ui.shell.app import build_window, ensure_app

    app = ensure_app()
    try:
        content = load_content()
    except ContentError as err:
        raise ScreenshotError(str(err)) from None
    # A throwaway home, so a screenshot never touches (or waits for) a learner's data.
    with tempfile.TemporaryDirectory() as home:
        storage = Storage.open(Path(home))
        try:
            window = build_window(content, storage, th.THEMES[args.theme])
            keys = list(window.screens)
            if args.screen in SCREEN_ALIASES and args.screen not in keys:  # see SCREEN_ALIASES
                args.screen, args.view = SCREEN_ALIASES[args.screen]
                args.session = args.view == "session"
            if args.screen not in keys:
                raise ScreenshotError(f"unknown screen {args.screen!r}; choose from {', '.join(keys)}")
            w, h = args.size
            window.resize(round(w / args.scale), round(h / args.scale))
            window.show_screen(args.screen)
            prepare = getattr(window.screens[args.screen], "prepare_screenshot", None)
            if prepare is not None:
                prepare(args)
            window.show()
            app.processEvents()
            if not window.grab().save(str(out)):
                raise ScreenshotError(f"{out}: cannot write the PNG")
            window.close()
        finally:
            storage.close(backup=False)  # a throwaway home: nothing to keep
    return out
