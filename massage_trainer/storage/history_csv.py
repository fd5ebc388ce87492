"""A learner's whole history as CSV: every quiz answer and every drill run, one row each, oldest first.

The columns are `HEADER`: the time (ISO 8601, UTC), the kind (`quiz` or `drill`), the item (the
question's or the drill's id) and, for an answer, the question's text where it is known, its bank,
its topic (`topics` fills one kept before migration 0006); the score (0..100 for both kinds), the
result (`correct` / `wrong`, `passed` / `failed`, or `unfinished`), and the seconds taken.

A cell that a spreadsheet would run as a formula (one beginning `=`, `+`, `-`, `@`, a tab or a
carriage return; a bank's text comes from outside) is written with a leading `'`. The file is
UTF-8 with a byte-order mark, so a spreadsheet reads accents right, and it is written atomically
(core/atomic_write.py): a failed export leaves any earlier file as it was.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Mapping
from pathlib import Path
from typing import Final

import sqlite_utils

from massage_trainer.core.atomic_write import write_file_atomically
from massage_trainer.storage.db import reading

__all__ = ["HEADER", "export_history", "history_csv", "history_rows"]

HEADER: Final = ("date", "kind", "item", "question", "bank", "topic", "score", "result", "time_s")
_FORMULA: Final = ("=", "+", "-", "@", "\t", "\r")

Row = tuple[str, str, str, str, str, str, str, str, str]


def history_rows(db: sqlite_utils.Database, learner_id: int, topics: Mapping[str, str] | None = None,
                 texts: Mapping[str, str] | None = None) -> list[Row]:
    """Every answer and run of the learner, oldest first, as the CSV's cells."""
    topics, texts = topics or {}, texts or {}
    with reading(db, "reading the learner's history"):
        rows = db.execute(
            "SELECT answered_at, 'quiz', question_id, bank, topic, score * 100, "
            "CASE WHEN correct THEN 'correct' ELSE 'wrong' END, time_s, id FROM quiz_answers WHERE learner_id = ? "
            "UNION ALL SELECT started_at, 'drill', drill, '', '', score, "
            "CASE WHEN unfinished THEN 'unfinished' WHEN passed THEN 'passed' ELSE 'failed' END, duration_s, id "
            "FROM drill_runs WHERE learner_id = ? ORDER BY 1, 2, 9", [learner_id, learner_id]).fetchall()
    found: list[Row] = []
    for at, kind, item, bank, topic, score, result, seconds, _id in rows:
        quiz = kind == "quiz"
        found.append((str(at), kind, str(item), texts.get(item, "") if quiz else "", str(bank),
                      (topic or topics.get(item, "")) if quiz else "", _number(score), result, _number(seconds)))
    return found


def history_csv(rows: list[Row]) -> bytes:
    """The rows as CSV under `HEADER`, formula-looking cells defused."""
    out = io.StringIO(newline="")
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(HEADER)
    for row in rows:
        writer.writerow([_safe(cell) for cell in row])
    return out.getvalue().encode("utf-8-sig")


def export_history(db: sqlite_utils.Database, learner_id: int, path: str | Path,
                   topics: Mapping[str, str] | None = None, texts: Mapping[str, str] | None = None) -> int:
    """Write the learner's history to `path` atomically; how many rows. OSError if it cannot be
    written (UnsafeTargetError for a link, a FIFO or a folder there), StorageError if not read."""
    rows = history_rows(db, learner_id, topics, texts)
    write_file_atomically(path, history_csv(rows))
    return len(rows)


def _number(value: object) -> str:
    if isinstance(value, int | float):
        return f"{float(value):.6g}"
    return ""


def _safe(cell: str) -> str:
    return "'" + cell if cell.startswith(_FORMULA) else cell
