"""What the composition root hands each screen, and what a screen promises back.

The shell builds one `AppContext` and passes it down; nothing reaches across the
layers through globals. `ScreenshotError` lives here so that a screen can refuse a
screenshot request without importing the shell (docs/architecture.md).
"""

from __future__ import annotations

import argparse
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Protocol

from massage_trainer.content import Content
from massage_trainer.storage import Learner, Storage
from massage_trainer.ui.kit import theme as th

if TYPE_CHECKING:  # the diagram sits above the kit: the context only names its type
    from massage_trainer.ui.diagram.view import BackDiagram


class ScreenshotError(Exception):
    """A screenshot request that cannot be met; the message says why."""


class Screen(Protocol):
    """What the main window asks of every screen it lists on the rail."""

    title: str

    def activate(self) -> None: ...
    def deactivate(self) -> None: ...


class Screenshottable(Protocol):
    """A screen that sets itself up for `massage-trainer screenshot` (reads args.view and friends)."""

    def prepare_screenshot(self, args: argparse.Namespace) -> None: ...


@dataclass
class AppContext:
    """What the composition root hands each screen; nothing reaches across globally."""

    content: Content
    storage: Storage
    theme: th.Theme
    diagram: BackDiagram
    learner: Learner | None = None
    # Screens that keep per-learner records listen here.
    learner_listeners: list[Callable[[Learner | None], None]] = field(default_factory=list)
