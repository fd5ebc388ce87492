"""Where user data lives: MASSAGE_TRAINER_HOME when set, else the platform's data folder."""

from __future__ import annotations

import os
from pathlib import Path

HOME_ENV = "MASSAGE_TRAINER_HOME"
APP_NAME = "MassageTrainer"


def data_home() -> Path:
    """The folder for the database and every other user file (created on demand, mode 0700)."""
    override = os.environ.get(HOME_ENV)
    if override:
        home = Path(override).expanduser()
    else:
        import platformdirs

        home = Path(platformdirs.user_data_dir(APP_NAME, appauthor=False))
    home.mkdir(mode=0o700, parents=True, exist_ok=True)
    keep_private_folder(home)
    return home


def keep_private_folder(folder: Path) -> None:
    """The data folder is its owner's only (0700): other users may not list or read the records.
    A folder someone else owns is left as it is (no-op on Windows)."""
    if os.name == "nt":  # pragma: no cover - Windows has no mode bits to set
        return
    st = folder.stat()
    if st.st_uid == os.getuid() and st.st_mode & 0o077:
        folder.chmod(0o700)


def database_path(home: Path | None = None) -> Path:
    return (home or data_home()) / "massage-trainer.sqlite3"
