"""Drills that could not be saved, kept as recording files in the data folder until they can be.

When a finished drill cannot go into the database (a full disk, a read-only or damaged database),
the app keeps it in memory and tries again; it also writes it here, as an ordinary recording
(docs/recording-format.md), so that closing the app, or a crash, does not lose it. The next start
finds these files and tries to save them again; one that is saved is removed.

The file name carries what the recording itself does not: whose drill it is, which drill, and
when it started (`learner-3--technique~stroking--20260501T100000Z.json`). A file is an ordinary
recording, so Import recording… takes it too (a duplicate is recognised, core/identity.py).
"""

from __future__ import annotations

import contextlib
import os
import re
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Final

from massage_trainer.storage.errors import storage_error

if TYPE_CHECKING:
    from massage_trainer.core.recording import Recording

UNSAVED_FOLDER: Final = "unsaved"
_STAMP: Final = "%Y%m%dT%H%M%SZ"
_NAME: Final = re.compile(r"^learner-(\d+)--([a-z0-9_~-]+?)--(\d{8}T\d{6}Z)(?:-(\d+))?\.json$")


@dataclass(frozen=True)
class KeptDrill:
    """A drill kept in a file because the database would not take it."""

    path: Path
    learner_id: int
    drill: str  # the drill id, as the database stores it
    started_at: str  # ISO 8601, UTC, as the database stores it

    def recording(self) -> Recording:
        """The drill's recording; RecordingError (naming the file) if it cannot be read."""
        from massage_trainer.core.recording import load_recording

        return load_recording(self.path)


def unsaved_folder(home: Path) -> Path:
    return Path(home) / UNSAVED_FOLDER


def _stamp(started_at: str) -> str:
    try:
        when = datetime.fromisoformat(started_at)
    except ValueError:
        when = datetime.now(UTC)
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return when.astimezone(UTC).strftime(_STAMP)


def keep_unsaved(home: Path, learner_id: int, drill: str, started_at: str, recording: Recording) -> KeptDrill:
    """Write the drill's recording into the data folder's `unsaved` folder (atomically, private).

    Raises StorageFull, StorageReadOnly or StorageError when the file cannot be written.
    """
    from massage_trainer.core.recording_write import save_recording

    folder = unsaved_folder(home)
    token = drill.replace(":", "~")
    base = f"learner-{learner_id}--{token}--{_stamp(started_at)}"
    path = folder / f"{base}.json"
    try:
        folder.mkdir(mode=0o700, parents=True, exist_ok=True)
        n = 1
        while path.exists():
            n += 1
            path = folder / f"{base}-{n}.json"
        save_recording(recording, path)
        if os.name != "nt":
            path.chmod(0o600)  # a learner's trace, like the database: the owner's alone
    except OSError as err:
        raise storage_error(err, path, "keeping the drill in a file") from err
    return KeptDrill(path, learner_id, drill, _started_at(path) or started_at)


def _started_at(path: Path) -> str | None:
    match = _NAME.match(path.name)
    if match is None:
        return None
    return datetime.strptime(match.group(3), _STAMP).replace(tzinfo=UTC).isoformat(timespec="seconds")


def kept_unsaved(home: Path) -> list[KeptDrill]:
    """The drills kept in the `unsaved` folder, oldest first; files not named as ours are left alone."""
    folder = unsaved_folder(home)
    try:
        names = sorted(p for p in folder.iterdir() if p.is_file() and not p.is_symlink())
    except FileNotFoundError:
        return []
    except OSError as err:
        raise storage_error(err, folder, "reading the unsaved drills") from err
    kept: list[tuple[str, int, KeptDrill]] = []
    for path in names:
        match = _NAME.match(path.name)
        started_at = _started_at(path)
        if match is not None and started_at is not None:
            drill = KeptDrill(path, int(match.group(1)), match.group(2).replace("~", ":"), started_at)
            kept.append((started_at, int(match.group(4) or 1), drill))
    return [k for _when, _n, k in sorted(kept, key=lambda k: (k[0], k[1]))]


def forget_unsaved(kept: KeptDrill) -> None:
    """The drill is in the database now (or was thrown away): its file goes."""
    with contextlib.suppress(FileNotFoundError):
        kept.path.unlink()
