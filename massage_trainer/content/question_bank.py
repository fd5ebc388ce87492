"""The app's own question bank, assets/questions.yaml, read into the quiz engine's questions.

    questions = load_questions(folder, body, reference, techniques)   # ContentError if broken
    problems = coverage_problems(questions, ...)                       # a fact no question asks

Each problem names the file, the question (`questions[3]` and its id) and the field. The format is
in docs/quiz-engine.md, "The app's own bank". A fact id is one of `Reference.facts()` (rules,
indications, contraindications, massage types), a technique id or a zone id of assets/body.yaml.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from pathlib import Path
from typing import Final

from massage_trainer.content.errors import ContentError, Problem
from massage_trainer.content.fields import FieldError, Node, Problems, read_yaml
from massage_trainer.core.body import Body
from massage_trainer.core.quiz import EPSILON, Answer, NumericAnswer, QType, Question
from massage_trainer.core.reference import Reference
from massage_trainer.core.techniques import TechniqueLibrary

__all__ = ["QUESTIONS_FILE", "TOPICS", "all_facts", "check_questions", "coverage_problems",
           "load_questions", "parse_questions"]

QUESTIONS_FILE: Final = "questions.yaml"
TOPICS: Final = ("indications", "contraindications", "rules", "techniques", "session", "zones", "types")
# The types our own bank writes (an essay needs a person to grade it, so the bank has none).
TYPES: Final = tuple(t.value for t in QType if t != QType.ESSAY)
COMMON: Final = ("id", "type", "topic", "title", "text", "explanation", "facts")
# The answer key each type takes; a key of another type is named as such.
KEYS: Final[dict[str, tuple[str, ...]]] = {
    "single": ("answers",), "multiple": ("answers",), "short_answer": ("answers",),
    "true_false": ("correct",), "matching": ("pairs",), "numeric": ("numbers",),
    "ordering": ("order", "partial_order"), "hotspot": ("zones",), "direction": ("technique",),
}
ALL_KEYS: Final = tuple(dict.fromkeys(k for keys in KEYS.values() for k in keys))


def all_facts(body: Body, reference: Reference, techniques: TechniqueLibrary) -> dict[str, str]:
    """Every fact id a question may name, with the words a coverage problem uses for it."""
    facts = reference.facts()
    facts |= {t.id: f"technique {t.id!r} ({t.name})" for t in techniques}
    facts |= {z.id: f"zone {z.id!r} ({z.name})" for z in body.zones}
    return facts


class _Reader:
    """Reads one question after another, checking its ids against the content."""

    def __init__(self, body: Body, techniques: TechniqueLibrary, facts: dict[str, str]) -> None:
        self.zone_ids = {z.id for z in body.zones}
        self.techniques = techniques
        self.facts = facts

    def question(self, node: Node) -> Question:
        data = node.mapping()
        qtype = node["type"].choice(TYPES)
        own = KEYS[qtype]
        for name in data:
            if name in ALL_KEYS and name not in own:
                raise node[name].fail_at_line(
                    f"is not an answer key of a {qtype} question; its key is {own[0]}")
        node.only(*COMMON, *own)
        topic = node["topic"].choice(TOPICS)
        facts = tuple(self._fact(f) for f in node["facts"].items(1))
        key = node[own[0]]
        answers: tuple[Answer, ...] = ()
        correct: bool | None = None
        pairs: tuple[tuple[str, str], ...] = ()
        numbers: tuple[NumericAnswer, ...] = ()
        order: tuple[str, ...] = ()
        zones: tuple[str, ...] = ()
        technique = ""
        if qtype in ("single", "multiple", "short_answer"):
            answers = _answers(key, qtype)
        elif qtype == "true_false":
            correct = key.boolean()
        elif qtype == "matching":
            pairs = _pairs(key)
        elif qtype == "numeric":
            numbers = tuple(_number(n) for n in key.items(1))
        elif qtype == "ordering":
            order = tuple(self._technique(t) for t in key.items(2))
        elif qtype == "hotspot":
            zones = tuple(self._zone(z) for z in key.items(1))
        else:
            technique = self._technique(key)
        return Question(
            id=node["id"].text(), type=QType(qtype), text=node["text"].text(),
            title=node["title"].text() if "title" in data else "", topic=topic,
            explanation=node["explanation"].text(), fact_ids=facts,
            answers=answers, correct=correct, pairs=pairs, numbers=numbers, order=order, zones=zones,
            technique=technique,
            partial_order=node["partial_order"].boolean() if "partial_order" in data else True,
        )

    def _fact(self, node: Node) -> str:
        fact = node.text()
        if fact not in self.facts:
            raise node.fail(f"{fact!r} is not a fact id (a rule-N, indication-N, contraindication-N, "
                            "type-<id>, technique or zone id)")
        return fact

    def _technique(self, node: Node) -> str:
        technique = node.text()
        if technique not in self.techniques:
            raise node.fail(f"{technique!r} is not a technique of techniques.yaml; they are "
                            f"{', '.join(t.id for t in self.techniques)}")
        return technique

    def _zone(self, node: Node) -> str:
        zone = node.text()
        if zone not in self.zone_ids:
            raise node.fail(f"{zone!r} is not a zone of body.yaml; they are {', '.join(sorted(self.zone_ids))}")
        return zone


def _answers(node: Node, qtype: str) -> tuple[Answer, ...]:
    answers = []
    for item in node.items(1 if qtype == "short_answer" else 2):
        item.only("text", "fraction", "feedback")
        fraction = item["fraction"].number(-1.0, 1.0) if "fraction" in item.mapping() else 0.0
        feedback = item["feedback"].text() if "feedback" in item.mapping() else ""
        answers.append(Answer(item["text"].text(), fraction, feedback))
    best = max(a.fraction for a in answers)
    total = math.fsum(a.fraction for a in answers if a.fraction > 0)
    if qtype == "multiple" and abs(total - 1.0) > EPSILON:
        raise node.fail(f"the right answers' fractions must add up to 1, found {total:g}")
    if qtype != "multiple" and best != 1.0:
        raise node.fail("one answer must have fraction 1 (full credit)")
    return tuple(answers)


def _pairs(node: Node) -> tuple[tuple[str, str], ...]:
    pairs = []
    for item in node.items(2):
        pair = item.list()
        if len(pair) != 2:
            raise item.fail(f"expected a pair [left, right], found {len(pair)} value(s)")
        pairs.append((item[0].text(), item[1].text()))
    lefts = [left for left, _ in pairs]
    if len(set(lefts)) != len(lefts):
        raise node.fail("the left items must differ")
    return tuple(pairs)


def _number(node: Node) -> NumericAnswer:
    keys = set(node.mapping())
    fraction = node["fraction"].number(0.0, 1.0) if "fraction" in keys else 1.0
    if "value" in keys:
        node.only("value", "tolerance", "fraction")
        tolerance = node["tolerance"].number(0.0) if "tolerance" in keys else 0.0
        return NumericAnswer.around(node["value"].number(), tolerance, fraction)
    node.only("min", "max", "fraction")
    lo, hi = node["min"].number(), node["max"].number()
    if lo > hi:
        raise node.fail(f"min must not exceed max, found {lo:g}..{hi:g}")
    return NumericAnswer.between(lo, hi, fraction)


def parse_questions(root: Node, body: Body, reference: Reference, techniques: TechniqueLibrary,
                    problems: Problems) -> tuple[Question, ...]:
    """The questions of a parsed file; every broken one is a problem in `problems`."""
    reader = _Reader(body, techniques, all_facts(body, reference, techniques))
    problems.attempt(lambda: root.only("questions"))
    items = problems.attempt(lambda: list(root["questions"].items(1))) or []
    out: list[Question] = []
    seen: dict[str, int] = {}
    for i, node in enumerate(items):
        try:
            question = reader.question(node)
        except FieldError as err:
            problems.found.append(_named(err.problem, node))
            continue
        if question.id in seen:
            problems.found.append(Problem(root.file, f"questions[{i}].id",
                                          f"{question.id!r} is used twice (first by questions[{seen[question.id]}])"))
            continue
        seen[question.id] = i
        out.append(question)
    return tuple(out)


def _named(problem: Problem, node: Node) -> Problem:
    """The problem with the question's id after its index, where it has one: `questions[3] (rule-6-1).type`."""
    raw = node.value.get("id") if isinstance(node.value, dict) else None
    if not isinstance(raw, str) or not raw.strip() or not problem.field.startswith(node.path):
        return problem
    shown = " ".join(raw.split())[:60]
    field = f"{node.path} ({shown}){problem.field[len(node.path):]}"
    return Problem(problem.file, field, problem.message, problem.line)


def load_questions(folder: Path, body: Body, reference: Reference,
                   techniques: TechniqueLibrary) -> tuple[Question, ...]:
    """Read and check folder/questions.yaml; ContentError lists every problem."""
    shown = str(folder / QUESTIONS_FILE)
    root = read_yaml(folder / QUESTIONS_FILE, shown)
    problems = Problems()
    questions = parse_questions(root, body, reference, techniques, problems)
    problems.raise_if_any()
    return questions


def coverage_problems(questions: Iterable[Question], facts: dict[str, str], file: str) -> list[Problem]:
    """A problem for every fact no question asks about."""
    asked = {f for q in questions for f in q.fact_ids}
    return [Problem(file, "questions", f"no question asks about {words} (fact {fact!r})")
            for fact, words in facts.items() if fact not in asked]


def check_questions(folder: Path, body: Body, reference: Reference,
                    techniques: TechniqueLibrary) -> list[Problem]:
    """Every problem of the bank in `folder`, uncovered facts included; empty when it is good."""
    try:
        questions = load_questions(folder, body, reference, techniques)
    except ContentError as err:
        return err.problems
    facts = all_facts(body, reference, techniques)
    return coverage_problems(questions, facts, str(folder / QUESTIONS_FILE))
