"""What the composition root hands each screen, and what a screen promises back.

The shell builds one `AppContext` and passes it down; nothing reaches across the
layers through globals. `ScreenshotError` lives here so that a screen can refuse a
screenshot request without importing the shell (docs/architecture.md).
"""

from __future__ import annotations

import argparse
from collections.abc import Callable, Mapping
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


@dataclass(frozen=True)
class ScreenHelp:
    """What F1 shows for a screen: where things are on it, and its keys (as docs/keys.md lists them)."""

    where: str  # a few plain sentences: what the screen is for and where its parts are
    keys: tuple[tuple[str, str], ...] = ()  # (the keys, what they do), one row each


class Helpful(Protocol):
    """A screen that tells F1 what to show about it."""

    def screen_help(self) -> ScreenHelp: ...


class Openable(Protocol):
    """A screen another screen can open at a particular place (`AppContext.navigate`).

    A request is a small mapping of plain strings, named in docs/adding-a-screen.md, such as
    `{"mode": "review"}` for the Quiz or `{"drill": "technique:kneading"}` for Practice. A screen
    ignores keys it does not know.
    """

    def open_request(self, request: Mapping[str, str]) -> None: ...


def _nowhere(key: str, request: Mapping[str, str] | None = None) -> None:
    """The navigation of a context with no window (a test building one screen alone)."""


def _nobody(learner: Learner) -> None:
    """A learner added with no window to choose them (a test building one screen alone)."""


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
    # Show another screen, optionally at a place (`Openable.open_request`); the main window sets it.
    # A screen never imports another: it asks for one by its rail key ("quiz", "practice", ...).
    navigate: Callable[[str, Mapping[str, str] | None], None] = _nowhere
    # A screen that creates a learner (Today's welcome) hands them here: the main window's learner
    # picker lists and chooses them, and `learner_listeners` hear of it.
    learner_added: Callable[[Learner], None] = _nobody
