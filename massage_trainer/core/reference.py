"""The teaching facts: the general rules, indications, contraindications, massage types, glossary.

Written in our own words from the source article, with the common contraindications it leaves
out added; loaded from assets/reference.yaml. Indications come in two groups (what a relaxing
massage helps; what therapeutic massage, a specialist's work, treats). Contraindications are
graded (absolute, relative, local), and each grade, like each glossary term, names its sources.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum


@dataclass(frozen=True)
class Rule:
    id: int  # 1..12, as numbered in the source
    title: str
    text: str


@dataclass(frozen=True)
class MassageType:
    id: str
    name: str
    group: str  # "relaxing" or "therapeutic"
    purpose: str
    cautions: str
    specialist_only: bool


class Grade(StrEnum):
    """How a contraindication stops a massage."""

    ABSOLUTE = "absolute"  # do not massage
    RELATIVE = "relative"  # ask a doctor first; massage only with their clearance
    LOCAL = "local"  # avoid that area


GRADE_WORDS = {
    Grade.ABSOLUTE: "Do not massage",
    Grade.RELATIVE: "Ask a doctor first",
    Grade.LOCAL: "Avoid that area",
}


@dataclass(frozen=True)
class Indication:
    text: str
    group: str  # "relaxing" or "therapeutic"
    note: str = ""


@dataclass(frozen=True)
class Contraindication:
    text: str
    grade: Grade
    why: str
    sources: tuple[str, ...]  # ids of Reference.sources
    beyond_article: bool = False  # a common one the source article leaves out
    note: str = ""


@dataclass(frozen=True)
class Term:
    """A glossary entry: a medical term in plain words."""

    term: str
    explanation: str
    source: str  # an id of Reference.sources
    aliases: tuple[str, ...] = ()

    @property
    def forms(self) -> tuple[str, ...]:
        return (self.term, *self.aliases)


@dataclass(frozen=True)
class Source:
    id: str
    title: str
    by: str
    url: str = ""
    year: int | None = None

    def citation(self) -> str:
        """One line: who, what, when."""
        year = f" ({self.year})" if self.year else ""
        return f"{self.by}{year}. {self.title}."


@dataclass(frozen=True)
class Reference:
    rules: tuple[Rule, ...]
    indications: tuple[Indication, ...]
    contraindications: tuple[Contraindication, ...]
    contraindications_note: str  # why the list is a cautious summary, and "see a doctor"
    disclaimer: str
    massage_types: tuple[MassageType, ...]
    therapeutic_note: str = ""  # the therapeutic indications are a specialist's work
    glossary: tuple[Term, ...] = ()
    sources: tuple[Source, ...] = ()

    def facts(self) -> dict[str, str]:
        """Every fact a question may ask about, by its id, with a few words naming it.

        The ids: `rule-1`..`rule-12`, `indication-N` and `contraindication-N` (N from 1, in the
        order reference.yaml lists them), and `type-<id>` for each massage type."""
        out = {f"rule-{r.id}": f"general rule {r.id} ({r.title})" for r in self.rules}
        out |= {f"indication-{n}": f"indication {n} ({i.text})" for n, i in enumerate(self.indications, 1)}
        out |= {f"contraindication-{n}": f"contraindication {n} ({c.text})"
                for n, c in enumerate(self.contraindications, 1)}
        out |= {f"type-{t.id}": f"massage type {t.id!r} ({t.name})" for t in self.massage_types}
        return out

    def rule(self, rule_id: int) -> Rule:
        for rule in self.rules:
            if rule.id == rule_id:
                return rule
        raise KeyError(rule_id)

    def source(self, source_id: str) -> Source:
        for source in self.sources:
            if source.id == source_id:
                return source
        raise KeyError(source_id)

    def indications_in(self, group: str) -> tuple[Indication, ...]:
        return tuple(i for i in self.indications if i.group == group)

    def graded(self, grade: Grade) -> tuple[Contraindication, ...]:
        return tuple(c for c in self.contraindications if c.grade == grade)

    def terms_in(self, text: str) -> tuple[Term, ...]:
        """The glossary terms a text uses (whole words, case aside), in the glossary's order."""
        return tuple(t for t in self.glossary if term_pattern(t).search(text))


RULE_CITED = re.compile(r"\b[Rr]ules? (\d{1,2})(?:(?:,| and) (\d{1,2}))*\b")
RULE_NUMBER = re.compile(r"\d{1,2}")


def rules_cited(text: str) -> tuple[int, ...]:
    """The general rules a text names ("rule 6", "General rule 9", "rules 6 and 7"), in order, each once."""
    found: list[int] = []
    for match in RULE_CITED.finditer(text):
        for number in RULE_NUMBER.findall(match.group(0)):
            n = int(number)
            if 1 <= n <= 12 and n not in found:
                found.append(n)
    return tuple(found)


def term_pattern(term: Term) -> re.Pattern[str]:
    """A term and its other forms as whole words, case aside (the longest form first)."""
    forms = sorted(term.forms, key=len, reverse=True)
    return re.compile(r"(?<![\w-])(" + "|".join(re.escape(f) for f in forms) + r")(?![\w-])", re.IGNORECASE)
