"""A module does one job: none of massage_trainer/ may grow past the limit (the house rule is 400 lines)."""

from __future__ import annotations

from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "massage_trainer"
# 400 is the aim; the test allows a little slack so an edit near the line does not break the build.
LIMIT = 450


def _line_count(path: Path) -> int:
    with path.open(encoding="utf-8") as f:
        return sum(1 for _ in f)


MODULES = sorted(p for p in PACKAGE.rglob("*.py") if "__pycache__" not in p.parts)


def test_the_package_has_modules() -> None:
    assert len(MODULES) > 10


@pytest.mark.parametrize("module", MODULES, ids=lambda p: p.relative_to(PACKAGE.parent).as_posix())
def test_module_is_at_most_the_limit(module: Path) -> None:
    lines = _line_count(module)
    name = module.relative_to(PACKAGE.parent).as_posix()
    assert lines <= LIMIT, f"{name} has {lines} lines (limit {LIMIT}): split it along a real seam"
