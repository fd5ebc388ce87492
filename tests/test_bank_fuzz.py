"""Fuzzing the question-bank parsers: random and mutated text gives a result or our own error, never another.

parse_gift and parse_aiken take any text and return a BankResult (each error one printable line
with a line number inside the file); load_bank takes any bytes and returns one or raises BankError.
"""

from __future__ import annotations

from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from massage_trainer.content.aiken import parse_aiken
from massage_trainer.content.bank import BankError, BankFormat, BankResult, load_bank, split_lines
from massage_trainer.content.gift import parse_gift

FUZZ = settings(max_examples=100, deadline=None,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])

SEED = """// c
$CATEGORY: top/x

::t1::[html]<p>Q &amp; {=a#f ~%50%b ~c}</p> more

::t2:: {TRUE#w#r####g}

N {#=%50%1822:2#h =1..5}

M {=a -> 1 =b -> 2}

S {=x =%25%y} E {} \\{ \\} \\: \\= \\~ \\# \\\\

Q?
A. one
B) two
ANSWER: B
"""
FORMATS: list[BankFormat | None] = ["gift", "aiken", None]
# The characters GIFT and Aiken give meaning to, and a few that are trouble anywhere.
SPECIAL = st.sampled_from(list("{}~=#:%\\->.\n\r[]$/ ") + ["::", "####", "->", "..", "ANSWER:", "A. ", "\ufdd0",
                                                             "<img", "[html]", "[markdown]", "\x00", "\u2028"])


@st.composite
def mutated(draw: st.DrawFn) -> str:
    text = SEED
    for _ in range(draw(st.integers(1, 8))):
        at = draw(st.integers(0, len(text)))
        cut = draw(st.integers(0, 6))
        piece = draw(st.one_of(SPECIAL, st.text(max_size=5)))
        text = text[:at] + piece + text[at + cut:]
    return text


def check(result: BankResult, text: str) -> None:
    lines = len(split_lines(text))
    for error in result.errors:
        assert 1 <= error.line <= lines
        assert error.message.isprintable() and "\n" not in error.message and len(error.message) < 400
    for skipped in result.skipped:
        assert 1 <= skipped.line <= lines
    result.to_dict()


@FUZZ
@given(st.one_of(st.text(), mutated()))
def test_any_text_gives_a_result(text: str) -> None:
    check(parse_gift(text), text)
    check(parse_aiken(text), text)


@FUZZ
@given(st.one_of(st.binary(max_size=300), mutated().map(lambda s: s.encode("utf-8", "surrogatepass"))),
       st.sampled_from(FORMATS))
def test_any_bytes_give_a_result_or_a_bank_error(tmp_path: Path, raw: bytes, fmt: BankFormat | None) -> None:
    path = tmp_path / "bank.txt"
    path.write_bytes(raw)
    try:
        result = load_bank(path, fmt)
    except BankError as err:
        assert str(err).isprintable()
        return
    assert isinstance(result, BankResult)
