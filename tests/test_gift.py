"""The GIFT parser (content/gift.py): every construct of Moodle's GIFT format, and broken files."""

from __future__ import annotations

from typing import Any

import pytest

from massage_trainer.content.bank import plain_text
from massage_trainer.content.gift import parse_gift
from massage_trainer.core.questions import Answer, NumericAnswer, Question


def a(text: str, fraction: float, feedback: str = "") -> dict[str, Any]:
    return {"text": text, "fraction": fraction, "feedback": feedback}


def q(title: str, type_: str, text: str, category: str = "", **more: Any) -> dict[str, Any]:
    return {"title": title, "type": type_, "category": category, "text": text, **more}


# Each row: a GIFT snippet and the one question it must give, as `bank import --dry-run --json` prints it.
QUESTIONS: list[tuple[str, str, dict[str, Any]]] = [
    ("single choice", "::Opening::Which stroke opens? {=Stroking ~Percussion ~Kneading}",
     q("Opening", "single", "Which stroke opens?",
       answers=[a("Stroking", 1.0), a("Percussion", 0.0), a("Kneading", 0.0)])),
    ("answers on their own lines", "Which stroke opens? {\n  =Stroking\n  ~Percussion\n}",
     q("Which stroke opens?", "single", "Which stroke opens?", answers=[a("Stroking", 1.0), a("Percussion", 0.0)])),
    ("single with a partial weight", "Pick {=yes ~%50%half ~%-25%bad}",
     q("Pick", "single", "Pick", answers=[a("yes", 1.0), a("half", 0.5), a("bad", -0.25)])),
    ("multiple choice with weights", "Which are strokes? {~%50%Stroking ~%50%Rubbing ~%-100%Jumping}",
     q("Which are strokes?", "multiple", "Which are strokes?",
       answers=[a("Stroking", 0.5), a("Rubbing", 0.5), a("Jumping", -1.0)])),
    ("fractional weight", "W {~%33.3333%x ~%66.6667%y}",
     q("W", "multiple", "W", answers=[a("x", 0.333333), a("y", 0.666667)])),
    ("feedback", "F {=right#Well done ~wrong#Not this one}",
     q("F", "single", "F", answers=[a("right", 1.0, "Well done"), a("wrong", 0.0, "Not this one")])),
    ("general feedback", "G {=a ~b ####Stroking always comes first.}",
     q("G", "single", "G", answers=[a("a", 1.0), a("b", 0.0)], explanation="Stroking always comes first.")),
    ("true T", "The back is stroked upwards. {T}",
     q("The back is stroked upwards.", "true_false", "The back is stroked upwards.", correct=True,
       feedback_wrong="", feedback_right="")),
    ("true TRUE with feedback", "::tf::Sure? {TRUE#shown if wrong#shown if right}",
     q("tf", "true_false", "Sure?", correct=True, feedback_wrong="shown if wrong", feedback_right="shown if right")),
    ("false F", "The spine is pressed. {F}",
     q("The spine is pressed.", "true_false", "The spine is pressed.", correct=False, feedback_wrong="",
       feedback_right="")),
    ("false FALSE, general feedback", "Spine? {FALSE####Never on the spine.}",
     q("Spine?", "true_false", "Spine?", correct=False, feedback_wrong="", feedback_right="",
       explanation="Never on the spine.")),
    ("matching", "::m::Match the techniques. {\n=Stroking -> glides\n=Kneading -> lifts\n=Percussion -> taps\n}",
     q("m", "matching", "Match the techniques.",
       pairs=[["Stroking", "glides"], ["Kneading", "lifts"], ["Percussion", "taps"]])),
    ("numeric value:tolerance", "Pi? {#3.14:0.01}",
     q("Pi?", "numeric", "Pi?", answers=[{"value": 3.14, "tolerance": 0.01, "fraction": 1.0, "feedback": ""}])),
    ("numeric exact", "Two? {#2}",
     q("Two?", "numeric", "Two?", answers=[{"value": 2.0, "tolerance": 0.0, "fraction": 1.0, "feedback": ""}])),
    ("numeric min..max", "Between? {#1..5}",
     q("Between?", "numeric", "Between?", answers=[{"min": 1.0, "max": 5.0, "fraction": 1.0, "feedback": ""}])),
    ("numeric with weights and feedback", "When? {#\n=1822:0#Exactly\n=%50%1822:2#Close\n}",
     q("When?", "numeric", "When?", answers=[
         {"value": 1822.0, "tolerance": 0.0, "fraction": 1.0, "feedback": "Exactly"},
         {"value": 1822.0, "tolerance": 2.0, "fraction": 0.5, "feedback": "Close"}])),
    ("numeric weighted range", "R {#=%50%-1.5..2e1#wide}",
     q("R", "numeric", "R", answers=[{"min": -1.5, "max": 20.0, "fraction": 0.5, "feedback": "wide"}])),
    ("missing word", "Massage starts with {=stroking ~percussion} of the back.",
     q("Massage starts with _____ of the back.", "single", "Massage starts with _____ of the back.",
       answers=[a("stroking", 1.0), a("percussion", 0.0)])),
    ("short answer", "Who? {=Ling =%50%Per Ling#Close =Pehr Henrik Ling}",
     q("Who?", "short_answer", "Who?", answers=[a("Ling", 1.0), a("Per Ling", 0.5, "Close"),
                                                 a("Pehr Henrik Ling", 1.0)])),
    ("short answer, one answer", "Name it. {=stroking}",
     q("Name it.", "short_answer", "Name it.", answers=[a("stroking", 1.0)])),
    ("escapes", "::a\\:b:: 1 \\= 2 \\~ 3 \\# \\{x\\} \\\\ {=\\{a\\} ~b\\=c#d\\#e ~f\\~g}",
     q("a:b", "single", "1 = 2 ~ 3 # {x} \\",
       answers=[a("{a}", 1.0), a("b=c", 0.0, "d#e"), a("f~g", 0.0)])),
    ("a backslash before anything else stays", "C:\\path\\n {T}",
     q("C:\\path\\n", "true_false", "C:\\path\\n", correct=True, feedback_wrong="", feedback_right="")),
    ("[html] reduced to text", "[html]<p>Which <b>one</b> &amp; why?</p><p>Say&nbsp;it</p>{=a<br>b ~c}",
     q("Which one & why? Say it", "single", "Which one & why?\n\nSay\xa0it",
       answers=[a("a\nb", 1.0), a("c", 0.0)])),
    ("[html] script dropped", "[html]Hi<script>alert(1)</script>!{T}",
     q("Hi!", "true_false", "Hi!", correct=True, feedback_wrong="", feedback_right="")),
    ("[markdown] reduced to text", "::md::[markdown]**Bold** and [a link](http://x) `code`{T}",
     q("md", "true_false", "Bold and a link code", correct=True, feedback_wrong="", feedback_right="")),
    ("[plain] kept as written", "[plain]<b>kept</b> {T}",
     q("<b>kept</b>", "true_false", "<b>kept</b>", correct=True, feedback_wrong="", feedback_right="")),
    ("[moodle] kept as written", "::t::[moodle]Some *text* {F}",
     q("t", "true_false", "Some *text*", correct=False, feedback_wrong="", feedback_right="")),
    ("an untitled question is named by its first 40 characters",
     "This question is long enough to be cut off at forty characters {T}",
     q("This question is long enough to be cut o", "true_false",
       "This question is long enough to be cut off at forty characters", correct=True, feedback_wrong="",
       feedback_right="")),
    ("comments", "// a comment\n::c:: Text // not a comment inside a line\n// another\n{T}",
     q("c", "true_false", "Text // not a comment inside a line", correct=True, feedback_wrong="",
       feedback_right="")),
    ("category", "$CATEGORY: $course$/top/Back massage\n\n::c:: In it? {T}",
     q("c", "true_false", "In it?", category="$course$/top/Back massage", correct=True, feedback_wrong="",
       feedback_right="")),
]


@pytest.mark.parametrize(("snippet", "expected"), [(s, e) for _, s, e in QUESTIONS],
                         ids=[name for name, _, _ in QUESTIONS])
def test_each_construct(snippet: str, expected: dict[str, Any]) -> None:
    result = parse_gift(snippet)
    assert result.errors == [] and result.skipped == []
    assert [question.to_dict() for question in result.questions] == [expected]


SKIPPED: list[tuple[str, str, str, str]] = [
    ("description", "::Intro:: This bank is about stroking.", "Intro", "a description"),
    ("untitled description", "Just words here.", "Just words here.", "a description"),
    ("essay", "::e:: Describe kneading. {}", "e", "an essay cannot be marked"),
    ("html image", "::i::[html]Where? <IMG src='x.png'> {T}", "i", "needs an image (<img>)"),
    ("markdown image", "::i::[markdown]Where? ![back](x.png) {T}", "i", "needs an image (a markdown image)"),
    ("image in an answer", "::i::Which? {=<img src=a.png> ~b}", "i", "needs an image"),
    ("course file", "::f::See @@PLUGINFILE@@/a.pdf {T}", "f", "needs a file from the course"),
]


@pytest.mark.parametrize(("snippet", "title", "reason"), [row[1:] for row in SKIPPED],
                         ids=[row[0] for row in SKIPPED])
def test_skipped(snippet: str, title: str, reason: str) -> None:
    result = parse_gift(snippet)
    assert result.errors == [] and result.questions == []
    assert [(s.line, s.title) for s in result.skipped] == [(1, title)]
    assert reason in result.skipped[0].reason


def test_a_category_holds_until_the_next() -> None:
    text = "$CATEGORY: one\n\nA {T}\n\n$CATEGORY: two\nB {F}\n\nC {T}"
    assert [(x.text, x.category) for x in parse_gift(text).questions] == [("A", "one"), ("B", "two"), ("C", "two")]


def test_the_model_is_built() -> None:
    [question] = parse_gift("::n:: N {#=%50%1822:2#half}").questions
    assert question == Question("numeric", "n", "N", numeric=(NumericAnswer(0.5, "half", value=1822.0, tolerance=2.0),))
    assert question.numeric[0].accepts(1820.5) and not question.numeric[0].accepts(1819)
    [choice] = parse_gift("C {=a ~b}").questions
    assert choice.answers == (Answer("a", 1.0), Answer("b", 0.0))


# Each row: a file, and its errors as (line, words in the message). The good questions around still count.
BROKEN: list[tuple[str, str, list[tuple[int, str]], int]] = [
    ("unclosed brace", "A {T}\n\n// c\n::b:: B {=a\n~b\n\nC {F}", [(4, "unclosed brace")], 2),
    ("a blank line inside a block", "Q {\n=a\n\n~b\n}", [(1, "unclosed brace"), (4, "a } with no {")], 0),
    ("stray }", "A {T}\n\nOops } here {T}", [(3, "a } with no {")], 1),
    ("stray } after the block", "A {T} then }", [(1, "a } with no {")], 0),
    ("two blocks", "A {T} and {F}", [(1, "more than one answer block")], 0),
    ("nested brace", "A {=a {b} ~c}", [(1, "a { inside an answer block")], 0),
    ("bad weight", "A {~%150%a =b}", [(1, "bad weight %150%")], 0),
    ("weight not a number", "A {~%half%a =b}", [(1, "bad weight %half%")], 0),
    ("weight not closed", "A {~%50 a =b}", [(1, "a weight is not closed")], 0),
    ("bad numeric", "N {#abc}", [(1, "bad numeric answer")], 0),
    ("bad tolerance", "N {#3:x}", [(1, "bad numeric answer: the tolerance")], 0),
    ("negative tolerance", "N {#3:-1}", [(1, "below zero")], 0),
    ("min above max", "N {#5..1}", [(1, "above the maximum")], 0),
    ("infinite number", "N {#1e999}", [(1, "bad numeric answer")], 0),
    ("numeric with nothing", "N {#}", [(1, "needs a number")], 0),
    ("numeric ~", "N {#3 ~#no}", [(1, "(~) is not supported")], 0),
    ("not true or false", "A {yes}", [(1, "none of T, F, TRUE or FALSE")], 0),
    ("text before the answers", "A {oops =a ~b}", [(1, "text before the first answer")], 0),
    ("matching without ->", "M {=a -> 1 =b}", [(1, "has no ->")], 0),
    ("matching with one pair", "M {=a -> 1}", [(1, "at least two pairs")], 0),
    ("nothing right", "A {~a ~b}", [(1, "no answer is right")], 0),
    ("an empty answer", "A {= ~b}", [(1, "an answer is empty")], 0),
    ("unclosed title", "::t A {T}", [(1, "title's :: is not closed")], 0),
    ("no text", "::t:: {T}", [(1, "no text")], 0),
    ("errors name their own lines", "\n\n// x\n\nA {\n\nB }\n\n\nC {~%x%a =b}",
     [(5, "unclosed brace"), (7, "a } with no {"), (10, "bad weight")], 0),
]


@pytest.mark.parametrize(("text", "errors", "good"), [row[1:] for row in BROKEN], ids=[row[0] for row in BROKEN])
def test_broken(text: str, errors: list[tuple[int, str]], good: int) -> None:
    result = parse_gift(text)
    assert [e.line for e in result.errors] == [line for line, _ in errors]
    for error, (_, words) in zip(result.errors, errors, strict=True):
        assert words in error.message
        assert error.message.isprintable()
    assert len(result.questions) == good


def test_windows_line_endings_and_old_mac_ones() -> None:
    for eol in ("\r\n", "\r"):
        result = parse_gift(eol.join(["A {T}", "", "B {", "=a", "~b", "}", "", "C {"]))
        assert [x.text for x in result.questions] == ["A", "B"]
        assert [(e.line, e.message.split(":")[0]) for e in result.errors] == [(8, "unclosed brace")]


def test_the_stand_ins_for_escapes_cannot_be_forged() -> None:
    [question] = parse_gift("A\ufdd1b {=x\ufdd0y ~z}").questions  # noncharacters become U+FFFD
    assert question.text == "A\ufffdb" and question.answers[0].text == "x\ufffdy"


def test_plain_text_keeps_line_breaks_and_drops_what_is_hidden() -> None:
    assert plain_text("<p>one</p>\n<p>two<br/>three</p><!-- x <b> -->", "html") == "one\n\ntwo\nthree"
    assert plain_text("a < b and c > d &lt;script&gt;", "html") == "a < b and c > d <script>"
    assert plain_text("# Title\n> quoted **bold**", "markdown") == "Title\nquoted bold"
    assert plain_text("<style>p {}</style>unclosed <script>x", "html") == "unclosed"
