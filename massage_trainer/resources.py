"""The one place that knows where the bundled assets live."""

from __future__ import annotations

import importlib.resources
from functools import cache
from pathlib import Path


@cache
def assets_dir() -> Path:
    """The folder holding the bundled content, icons and artwork."""
    # A source checkout keeps assets/ beside the package; an installed wheel
    # carries it as the package massage_trainer.assets.
    here = Path(__file__).resolve().parent
    beside = here.parent / "assets"
    if (beside / "body.yaml").is_file():
        return beside
    bundled = here / "assets"  # a PyInstaller build (packaging/massage-trainer.spec)
    if (bundled / "body.yaml").is_file():
        return bundled
    try:
        installed = Path(str(importlib.resources.files("massage_trainer.assets")))
    except ModuleNotFoundError:  # pragma: no cover - a broken install
        return beside
    return installed


def asset_path(*parts: str) -> Path:
    return assets_dir().joinpath(*parts)
