"""Where user data lives: MASSAGE_TRAINER_HOME when set, else the platform's data folder."""

from __future__ import annotations

import os
from pathlib import Path

HOME_ENV = "MASSAGE_TRAINER_HOME"
APP_NAME = "MassageTrainer"


def data_home() -> Path:
    """The folder for the database and every other user file (created on demand)."""
    override = os.environ.get(HOME_ENV)
    if override:
        home = Path(override).expanduser()
    else:
        import platformdirs

        home = Path(platformdirs.user_data_dir(APP_NAME, appauthor=False))
    home.mkdir(parents=True, exist_ok=True)
    return home


def database_path(home: Path | None = None) -> Path:
    return (home or data_home()) / "massage-trainer.sqlite3"
