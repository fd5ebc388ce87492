"""The app's own question bank, assets/questions.yaml (content/question_bank.py): every question is
answerable, every fact is asked about, and a broken bank gives one clear line per problem."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import pytest
import yaml

from massage_trainer.cli import main
from massage_trainer.content import ContentError, check_content, load_content
from massage_trainer.content.question_bank import QUESTIONS_FILE, all_facts, coverage_problems, load_questions
from massage_trainer.core.quiz import QType, Question
from massage_trainer.core.quiz_check import check
from massage_trainer.resources import assets_dir
from tests.tracer import Tracer

BANK = load_content(play_animations=False).questions
# A click on the side of the back, in no zone at all.
OFF_ZONES = (0.3, 0.6)


@pytest.fixture
def assets(tmp_path: Path) -> Path:
    folder = tmp_path / "assets"
    shutil.copytree(assets_dir(), folder, ignore=shutil.ignore_patterns("__pycache__", "*.py"))
    return folder


def right_response(q: Question, body: Any) -> object:
    if q.type in (QType.SINGLE, QType.SHORT_ANSWER):
        return next(i for i, a in enumerate(q.answers) if a.fraction == 1.0) if q.type == QType.SINGLE \
            else next(a.text for a in q.answers if a.fraction == 1.0)
    if q.type == QType.MULTIPLE:
        return [i for i, a in enumerate(q.answers) if a.fraction > 0]
    if q.type == QType.TRUE_FALSE:
        return q.correct
    if q.type == QType.MATCHING:
        return dict(q.pairs)
    if q.type == QType.NUMERIC:
        return (q.numbers[0].lo + q.numbers[0].hi) / 2
    if q.type == QType.ORDERING:
        return list(q.order)
    if q.type == QType.HOTSPOT:
        return body.zone(q.zones[0]).region.polygons[0].centroid()
    assert q.type == QType.DIRECTION
    # A short upward stroke on the side of the back, clear of every zone.
    return Tracer(q.technique, 0.28, 0.5).to(0.28, 0.7, 1.0, pressure=0.5).build()


def wrong_response(q: Question, body: Any) -> object:
    if q.type == QType.SINGLE:
        return next(i for i, a in enumerate(q.answers) if a.fraction < 1.0)
    if q.type == QType.SHORT_ANSWER:
        return "not the answer"
    if q.type == QType.MULTIPLE:
        return [i for i, a in enumerate(q.answers) if a.fraction <= 0]
    if q.type == QType.TRUE_FALSE:
        return not q.correct
    if q.type == QType.MATCHING:
        rights = [right for _, right in q.pairs]
        return {left: rights[(i + 1) % len(rights)] for i, (left, _) in enumerate(q.pairs)}
    if q.type == QType.NUMERIC:
        return max(n.hi for n in q.numbers) + 1000.0
    if q.type == QType.ORDERING:
        return list(reversed(q.order))
    if q.type == QType.HOTSPOT:
        assert not any(z.id in q.zones for z in body.zones_at(OFF_ZONES))
        return OFF_ZONES
    # Across the spine: wrong for every technique.
    return Tracer(q.technique, -0.25, 0.5).to(0.25, 0.5, 1.0, pressure=0.6).build()


def test_the_bank_is_big_and_varied() -> None:
    assert len(BANK) >= 150
    kinds = {t: sum(1 for q in BANK if q.type == t) for t in QType}
    for t in (QType.HOTSPOT, QType.DIRECTION, QType.ORDERING, QType.MATCHING, QType.NUMERIC):
        assert kinds[t] >= 3, t
    assert kinds[QType.ESSAY] == 0
    assert all(q.explanation and q.fact_ids and q.topic for q in BANK)


@pytest.mark.parametrize("question", BANK, ids=[q.id for q in BANK])
def test_every_question_is_answerable(question: Question, body: Any) -> None:
    right = check(question, right_response(question, body), body)
    assert (right.score, right.correct) == (1.0, True), right.feedback
    assert right.explanation == question.explanation
    wrong = check(question, wrong_response(question, body), body)
    assert wrong.score < 1.0 and not wrong.correct


def test_the_first_session_question_rests_on_the_rule() -> None:
    from massage_trainer.core.rules import FIRST_SESSION_LIMIT_MIN

    first = next(q for q in BANK if q.id == "rule-8-first-1")
    assert first.numbers[0].accepts(FIRST_SESSION_LIMIT_MIN)
    assert "General rule 8" in first.explanation


def test_our_bank_leaves_no_fact_uncovered(content: Any) -> None:
    facts = all_facts(content.body, content.reference, content.techniques)
    assert len([f for f in facts if f.startswith("rule-")]) == 12
    assert coverage_problems(BANK, facts, QUESTIONS_FILE) == []
    assert check_content(assets_dir()) == []


def _drop_questions_about(folder: Path, fact: str) -> None:
    path = folder / QUESTIONS_FILE
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    data["questions"] = [q for q in data["questions"] if fact not in q["facts"]]
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")


@pytest.mark.parametrize(("fact", "words"), [
    ("contraindication-11", "contraindication 11 (Epilepsy)"),
    ("indication-17", "indication 17 (Radiculitis"),
    ("rule-10", "general rule 10 (A firm surface)"),
    ("type-honey", "massage type 'honey'"),
])
def test_coverage_finds_a_fact_no_question_asks(assets: Path, fact: str, words: str,
                                               capsys: pytest.CaptureFixture[str]) -> None:
    _drop_questions_about(assets, fact)
    problems = [str(p) for p in check_content(assets)]
    assert len(problems) == 1, problems
    assert f"{assets / QUESTIONS_FILE}: questions: no question asks about {words}" in problems[0]
    assert main(["check-content", str(assets)]) == 2
    assert words in capsys.readouterr().out


GOOD = {"id": "q1", "type": "single", "topic": "rules", "text": "Which?",
        "answers": [{"text": "Right", "fraction": 1}, {"text": "Wrong"}],
        "explanation": "General rule 6: never on the spine.", "facts": ["rule-6"]}


def _bank(folder: Path, *questions: dict[str, Any]) -> None:
    # Copies, so that yaml writes no anchors for a list shared between questions (the loader refuses them).
    data = json.loads(json.dumps({"questions": list(questions)}))
    (folder / QUESTIONS_FILE).write_text(yaml.safe_dump(data), encoding="utf-8")


def _with(**change: Any) -> dict[str, Any]:
    q = {k: v for k, v in GOOD.items() if k not in change or change[k] is not None}
    q.update({k: v for k, v in change.items() if v is not None})
    return q


BROKEN = [
    (_with(explnation="x"), "questions[0] (q1).explnation: unknown key; did you mean 'explanation'?"),
    (_with(explanation=None), "questions[0] (q1).explanation: is missing"),
    (_with(zones=["spine"]), "questions[0] (q1).zones: is not an answer key of a single question; its key is answers"),
    (_with(type="hotspot", answers=None, zones=["liver"]),
     "questions[0] (q1).zones[0]: 'liver' is not a zone of body.yaml"),
    (_with(type="direction", answers=None, technique="shiatsu"),
     "questions[0] (q1).technique: 'shiatsu' is not a technique of techniques.yaml"),
    (_with(type="ordering", answers=None, order=["stroking", "tapping"]),
     "questions[0] (q1).order[1]: 'tapping' is not a technique"),
    (_with(facts=["rule-13"]), "questions[0] (q1).facts[0]: 'rule-13' is not a fact id"),
    (_with(facts=[]), "questions[0] (q1).facts: needs at least 1"),
    (_with(type="essay"), "questions[0] (q1).type: must be one of"),
    (_with(topic="massage"), "questions[0] (q1).topic: must be one of"),
    (_with(answers=[{"text": "A", "fraction": 0.5}, {"text": "B"}]),
     "questions[0] (q1).answers: one answer must have fraction 1"),
    (_with(type="multiple", answers=[{"text": "A", "fraction": 0.5}, {"text": "B", "fraction": -1}]),
     "questions[0] (q1).answers: the right answers' fractions must add up to 1, found 0.5"),
    (_with(type="numeric", answers=None, numbers=[{"min": 20, "max": 10}]),
     "questions[0] (q1).numbers[0]: min must not exceed max"),
    (_with(type="matching", answers=None, pairs=[["a", "b"], ["a", "c"]]),
     "questions[0] (q1).pairs: the left items must differ"),
    (_with(type="true_false", answers=None, correct="yes"), "questions[0] (q1).correct: expected true or false"),
]


@pytest.mark.parametrize(("question", "expected"), BROKEN, ids=[e for _, e in BROKEN])
def test_a_broken_question_is_named(assets: Path, content: Any, question: dict[str, Any], expected: str) -> None:
    _bank(assets, question)
    with pytest.raises(ContentError) as err:
        load_questions(assets, content.body, content.reference, content.techniques)
    lines = str(err.value).splitlines()
    assert len(lines) == 1 and lines[0].startswith(f"{assets / QUESTIONS_FILE}: "), lines
    assert expected in lines[0], lines


def test_a_duplicate_id_and_every_problem_reported(assets: Path, content: Any) -> None:
    _bank(assets, GOOD, _with(facts=["nowhere"]), GOOD)
    with pytest.raises(ContentError) as err:
        load_questions(assets, content.body, content.reference, content.techniques)
    assert [p.field for p in err.value.problems] == ["questions[1] (q1).facts[0]", "questions[2].id"]
    assert "'q1' is used twice (first by questions[0])" in err.value.problems[1].message


def test_a_good_hand_made_bank_loads(assets: Path, content: Any) -> None:
    _bank(assets, GOOD, _with(id="q2", type="numeric", answers=None, numbers=[{"value": 15, "tolerance": 1}]))
    q1, q2 = load_questions(assets, content.body, content.reference, content.techniques)
    assert (q1.type, q1.fact_ids, q2.numbers[0].lo, q2.numbers[0].hi) == (QType.SINGLE, ("rule-6",), 14, 16)


def test_the_bank_is_read_only_when_asked_for(assets: Path) -> None:
    (assets / QUESTIONS_FILE).write_text("questions: [\n", encoding="utf-8")
    content = load_content(assets, play_animations=False)  # start-up does not read the bank
    with pytest.raises(ContentError, match=r"questions\.yaml: line"):
        _ = content.questions
    assert any("not valid YAML" in str(p) for p in check_content(assets))
