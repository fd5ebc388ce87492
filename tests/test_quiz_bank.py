"""A question from an instructor's GIFT file, asked and graded by the quiz engine."""

import pytest

from massage_trainer.content.gift import parse_gift
from massage_trainer.core.quiz import QType
from massage_trainer.core.quiz_bank import from_bank, to_bank
from massage_trainer.core.quiz_check import check

GIFT = """$CATEGORY: techniques

::order::Which technique opens a session? {=Stroking#Yes, it warms up. ~Percussion#Too strong to begin.}

::zones:: Where must you never work? {~%-50%Left side ~%-50%Shoulder ~%50%The spine ~%50%On the vertebrae}

::first::A first session may run longer than 15 minutes. {FALSE}

::names::Match each technique to its Swedish name. {=Stroking -> effleurage =Kneading -> petrissage}

::limit::How many minutes may a first session last at most? {#=15:0 =%50%14..16}

::short::What is effleurage in English? {=stroking =%50%a stroke ####Effleurage is stroking.}
"""


@pytest.fixture(scope="module")
def asked():
    result = parse_gift(GIFT)
    assert not result.errors
    return {q.title: from_bank(q, f"bank:demo:{q.title}") for q in result.questions}


def test_each_kind_keeps_its_key_and_topic(asked):
    assert [q.type for q in asked.values()] == [QType.SINGLE, QType.MULTIPLE, QType.TRUE_FALSE,
                                                QType.MATCHING, QType.NUMERIC, QType.SHORT_ANSWER]
    assert {q.topic for q in asked.values()} == {"techniques"}
    assert asked["short"].explanation == "Effleurage is stroking."


@pytest.mark.parametrize(("title", "response", "score"), [
    ("order", 0, 1.0), ("order", 1, 0.0),
    ("zones", {2, 3}, 1.0), ("zones", {2, 1}, 0.0), ("zones", {2}, 0.5), ("zones", {0, 1, 2, 3}, 0.0),
    ("first", False, 1.0), ("first", True, 0.0),
    ("names", {"Stroking": "effleurage", "Kneading": "petrissage"}, 1.0),
    ("names", {"Stroking": "petrissage", "Kneading": "effleurage"}, 0.0),
    ("limit", 15, 1.0), ("limit", 15.5, 0.5), ("limit", 20, 0.0),
    ("short", "  Stroking ", 1.0), ("short", "a stroke", 0.5), ("short", "kneading", 0.0),
])
def test_graded_right_partly_and_wrong(asked, title, response, score):
    assert check(asked[title], response).score == pytest.approx(score)


def test_true_false_says_the_files_own_words_right_and_wrong():
    gift = "Work over the spine. {FALSE#The spine is a no-work zone.#Yes: never over the spine.}"
    [question] = parse_gift(gift).questions
    asked = from_bank(question, "bank:demo:tf")
    assert check(asked, True).feedback == "The spine is a no-work zone."
    assert check(asked, False).feedback == "Yes: never over the spine."
    [plain] = parse_gift("Work over the spine. {FALSE}").questions
    assert check(from_bank(plain, "bank:demo:tf2"), True).feedback == "No: it is False."


def test_the_apps_own_questions_go_back_to_bank_form_and_ask_the_same(content):
    kept = 0
    for q in content.questions:
        as_bank = to_bank(q)
        if q.type in (QType.ORDERING, QType.HOTSPOT, QType.DIRECTION):
            assert as_bank is None
            continue
        assert as_bank is not None
        kept += 1
        again = from_bank(as_bank, q.id)
        assert (again.type, again.text, again.topic, again.explanation, again.correct, again.pairs) == (
            q.type, q.text, q.topic, q.explanation, q.correct, q.pairs)
        assert [(a.text, a.fraction) for a in again.answers] == [(a.text, a.fraction) for a in q.answers]
        assert [(n.lo, n.hi, n.fraction) for n in again.numbers] == [(n.lo, n.hi, n.fraction) for n in q.numbers]
    assert kept > 100
