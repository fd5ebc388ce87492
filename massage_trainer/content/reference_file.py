"""Read assets/reference.yaml into a `Reference`, with every problem named by its field.

Beyond each field's own check: the 12 rules once each; ids unique; every source a grade or a
term names is listed under `sources`; the source article's contraindications come before those
marked `beyond_article`; and no glossary term or form is used twice.
"""

from __future__ import annotations

from massage_trainer.content.errors import Problem
from massage_trainer.content.fields import Node, Problems
from massage_trainer.core.reference import (
    Contraindication,
    Grade,
    Indication,
    MassageType,
    Reference,
    Rule,
    Source,
    Term,
)

RULE_COUNT = 12
GROUPS = ("relaxing", "therapeutic")


def _rule(node: Node) -> Rule:
    node.only("id", "title", "text")
    return Rule(node["id"].integer(1, RULE_COUNT), node["title"].text(), node["text"].text())


def _massage_type(node: Node) -> MassageType:
    node.only("id", "name", "group", "purpose", "cautions", "specialist_only")
    return MassageType(
        id=node["id"].text(),
        name=node["name"].text(),
        group=node["group"].choice(GROUPS),
        purpose=node["purpose"].text(),
        cautions=node["cautions"].text(),
        specialist_only=node["specialist_only"].boolean(),
    )


def _optional_text(node: Node, key: str) -> str:
    return node[key].text() if key in node.mapping() else ""


def _indication(node: Node) -> Indication:
    node.only("text", "group", "note")
    return Indication(node["text"].text(), node["group"].choice(GROUPS), _optional_text(node, "note"))


def _contraindication(node: Node) -> Contraindication:
    node.only("text", "grade", "why", "sources", "beyond_article", "note")
    beyond = node["beyond_article"].boolean() if "beyond_article" in node.mapping() else False
    return Contraindication(
        text=node["text"].text(),
        grade=Grade(node["grade"].choice(tuple(g.value for g in Grade))),
        why=node["why"].text(),
        sources=tuple(item.text() for item in node["sources"].items(1)),
        beyond_article=beyond,
        note=_optional_text(node, "note"),
    )


def _term(node: Node) -> Term:
    node.only("term", "aliases", "explanation", "source")
    aliases = tuple(item.text() for item in node["aliases"].items()) if "aliases" in node.mapping() else ()
    return Term(node["term"].text(), node["explanation"].text(), node["source"].text(), aliases)


def _source(node: Node) -> Source:
    node.only("id", "title", "by", "url", "year")
    year = node["year"].integer(1800, 2100) if "year" in node.mapping() else None
    return Source(node["id"].text(), node["title"].text(), node["by"].text(),
                  node["url"].text(allow_empty=True), year)


def _unique(file: str, field: str, ids: list[str], problems: Problems, what: str = "id") -> None:
    seen: set[str] = set()
    for i, value in enumerate(ids):
        if value.casefold() in seen:
            problems.found.append(Problem(file, f"{field}[{i}].{what}", f"{value!r} is used twice"))
        seen.add(value.casefold())


def _check_links(file: str, contraindications: list[Contraindication], glossary: list[Term],
                 sources: list[Source], problems: Problems) -> None:
    known = {s.id for s in sources}
    for i, c in enumerate(contraindications):
        for j, source in enumerate(c.sources):
            if source not in known:
                problems.found.append(Problem(file, f"contraindications[{i}].sources[{j}]",
                                              f"no source {source!r} under sources"))
    first_added = next((i for i, c in enumerate(contraindications) if c.beyond_article), len(contraindications))
    for i, c in enumerate(contraindications[first_added:], first_added):
        if not c.beyond_article:
            problems.found.append(Problem(
                file, f"contraindications[{i}].beyond_article",
                "the source article's contraindications come first: this one, from the article, follows "
                f"contraindications[{first_added}], which is marked beyond_article"))
    for i, term in enumerate(glossary):
        if term.source not in known:
            problems.found.append(Problem(file, f"glossary[{i}].source", f"no source {term.source!r} under sources"))
    _unique(file, "glossary", [form for t in glossary for form in t.forms], problems, "term")


def parse_reference(root: Node, problems: Problems) -> Reference | None:
    problems.attempt(lambda: root.only("disclaimer", "rules", "therapeutic_note", "indications",
                                       "contraindications_note", "contraindications", "massage_types",
                                       "glossary", "sources"))
    rules = problems.attempt(lambda: problems.each(root["rules"].items(1), _rule))
    if rules is not None and not problems.found:
        ids = sorted(r.id for r in rules)
        if ids != list(range(1, RULE_COUNT + 1)):
            problems.found.append(
                Problem(root.file, "rules", f"must hold rules 1 to {RULE_COUNT} once each; found {ids}")
            )
    indications = problems.attempt(lambda: problems.each(root["indications"].items(1), _indication))
    therapeutic_note = problems.attempt(lambda: root["therapeutic_note"].text())
    contraindications = problems.attempt(lambda: problems.each(root["contraindications"].items(1),
                                                               _contraindication))
    note = problems.attempt(lambda: root["contraindications_note"].text())
    disclaimer = problems.attempt(lambda: root["disclaimer"].text())
    types = problems.attempt(lambda: problems.each(root["massage_types"].items(1), _massage_type))
    glossary = problems.attempt(lambda: problems.each(root["glossary"].items(1), _term))
    sources = problems.attempt(lambda: problems.each(root["sources"].items(1), _source))
    if types is not None:
        _unique(root.file, "massage_types", [t.id for t in types], problems)
    if sources is not None:
        _unique(root.file, "sources", [s.id for s in sources], problems)
    if contraindications is not None and glossary is not None and sources is not None:
        _check_links(root.file, contraindications, glossary, sources, problems)
    if (rules is None or indications is None or contraindications is None or note is None
            or disclaimer is None or types is None or therapeutic_note is None or glossary is None
            or sources is None):
        return None
    return Reference(tuple(sorted(rules, key=lambda r: r.id)), tuple(indications), tuple(contraindications),
                     note, disclaimer, tuple(types), therapeutic_note, tuple(glossary), tuple(sources))
