"""Content errors that name the file and the field."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Final

from massage_trainer.core.safe_text import NAME_LIMIT, printable

# A problem is one line: its message is cut off past this many characters (values quoted in it
# are shorter still).
MESSAGE_LIMIT: Final = 400


@dataclass(frozen=True)
class Problem:
    file: str
    field: str
    message: str
    # The line of the file, from 1, where the problem is one of the file's text rather than of a field.
    line: int | None = None

    def __str__(self) -> str:
        where = [printable(self.file, NAME_LIMIT)]
        if self.line is not None:
            where.append(f"line {self.line}")
        if self.field:
            where.append(printable(self.field))
        return f"{': '.join(where)}: {printable(self.message, MESSAGE_LIMIT)}"


class ContentError(Exception):
    """One or more problems in the content files; str() gives one line per problem."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems
        super().__init__("\n".join(str(p) for p in problems))
