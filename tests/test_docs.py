"""The project documents itself: every path its docs name exists, and nothing cites sources outside it."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
DOCS = ROOT / "docs"
# Written so that this file does not mention them itself.
OUTSIDE = ("../" + "shared", "shared" + "/spec", "spec/" + "recording-v1", "VISUAL" + ".md")
NOT_SOURCE = {".git", "__pycache__", "build", "dist", ".mypy_cache", ".ruff_cache", ".pytest_cache",
              ".hypothesis", ".import_linter_cache", "shots"}
FENCE = re.compile(r"^```.*?^```", re.S | re.M)
CODE = re.compile(r"`([^`\n]+)`")
LINK = re.compile(r"\]\(([^)\s]+)\)")
FILE_SUFFIXES = (".py", ".md", ".toml", ".txt", ".spec", ".desktop", ".cfg")


def _documents() -> list[Path]:
    return [*sorted(DOCS.glob("*.md")), ROOT / "README.md"]


def _named_paths(text: str) -> set[str]:
    """Repository paths named in backticks (outside code blocks) that are not placeholders."""
    prose = FENCE.sub("", text)
    found = set()
    for span in CODE.findall(prose):
        if any(c in span for c in " <>*$=\"'|:") or span.startswith(("-", "http")):
            continue  # a command, a placeholder, a glob or an example, not a path
        if "/" in span or span.endswith(FILE_SUFFIXES):
            found.add(span)
    return found


def _exists(name: str) -> bool:
    # Docs name a module either from the repository root or, for short, from inside the package.
    return any((base / name).exists() for base in (ROOT, ROOT / "massage_trainer"))


def test_docs_are_there() -> None:
    names = {p.name for p in DOCS.glob("*.md")}
    expected = {"architecture.md", "recording-format.md", "body-frame.md", "visual-language.md",
                "adding-a-rule.md", "adding-a-screen.md", "glossary.md"}
    assert expected <= names


@pytest.mark.parametrize("doc", _documents(), ids=lambda p: p.relative_to(ROOT).as_posix())
def test_every_path_a_doc_names_exists(doc: Path) -> None:
    text = doc.read_text(encoding="utf-8")
    missing = sorted(name for name in _named_paths(text) if not _exists(name.rstrip("/")))
    assert missing == [], f"{doc.name} names paths that do not exist: {missing}"


@pytest.mark.parametrize("doc", _documents(), ids=lambda p: p.relative_to(ROOT).as_posix())
def test_every_link_a_doc_makes_resolves(doc: Path) -> None:
    text = FENCE.sub("", doc.read_text(encoding="utf-8"))
    targets = [t.split("#")[0] for t in LINK.findall(text) if not t.startswith(("http://", "https://", "#"))]
    broken = sorted(t for t in targets if not (doc.parent / t).resolve().exists())
    outside = sorted(t for t in targets if not (doc.parent / t).resolve().is_relative_to(ROOT))
    assert broken == [] and outside == [], f"{doc.name}: broken {broken}, outside the repository {outside}"


def test_the_path_finder_sees_paths_and_skips_the_rest() -> None:
    text = "Edit `core/rules.py` and `pyproject.toml`; run `pytest -m \"not gui\"`; see `ui/<screen>/`.\n"
    text += "```\n`not/in/prose.py`\n```\n"
    assert _named_paths(text) == {"core/rules.py", "pyproject.toml"}


def _repository_files() -> list[Path]:
    files = []
    for path in ROOT.rglob("*"):
        rel = path.relative_to(ROOT)
        if any(part in NOT_SOURCE or part.startswith(".venv") or part.endswith(".egg-info") for part in rel.parts):
            continue
        if path.is_file():
            files.append(path)
    return files


def test_nothing_cites_sources_outside_the_repository() -> None:
    files = _repository_files()
    assert ROOT / "README.md" in files and Path(__file__).resolve() in files
    citing = []
    for path in files:
        data = path.read_bytes()
        rel = path.relative_to(ROOT)
        # The docs may say, in prose, what a former source was called; they may not point at it.
        needles = OUTSIDE[:1] if rel.parts[0] == "docs" else OUTSIDE
        citing += [f"{rel.as_posix()}: {n}" for n in needles if n.encode() in data]
    assert citing == []
