"""Print benchmark rows (figure, value, goal) as a Markdown table, the form the README keeps."""

from __future__ import annotations

from collections.abc import Sequence


def print_table(rows: Sequence[tuple[str, str, str]]) -> None:
    header = ("figure", "median", "goal")
    widths = [max(len(r[i]) for r in [header, *rows]) for i in range(3)]
    print("| " + " | ".join(cell.ljust(w) for cell, w in zip(header, widths, strict=True)) + " |")
    print("|" + "|".join("-" * (w + 2) for w in widths) + "|")
    for row in rows:
        print("| " + " | ".join(cell.ljust(w) for cell, w in zip(row, widths, strict=True)) + " |")
