"""Question banks: reading and checking a 1,000-question GIFT file, keeping it, and the app's own bank.

    .venv/bin/python benchmarks/bench_bank.py

- **GIFT, 1,000 questions**: `load_bank` (read, decode, parse, validate every question) of a file
  with every kind the parser reads, in equal shares, plus each question turned into the engine's
  (`from_bank`), which is what the Quiz screen's import preview does.
- **Import into the database**: `BankStore.replace` of those 1,000 questions, one transaction.
- **The app's own bank**: `assets/questions.yaml` read and checked against the content, as
  `Content.questions` does the first time a quiz asks for it.

`run()` returns the rows as (figure, value, goal) for benchmarks/run.py.
"""

from __future__ import annotations

import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from massage_trainer.content import load_content  # noqa: E402
from massage_trainer.content.bank import load_bank  # noqa: E402
from massage_trainer.content.question_bank import load_questions  # noqa: E402
from massage_trainer.core.quiz_bank import from_bank  # noqa: E402
from massage_trainer.storage import BankStore, open_database  # noqa: E402

RUNS = 7
COUNT = 1_000
Row = tuple[str, str, str]

KINDS = (
    "::single {i}::Which technique opens session {i}? {{=Stroking#It warms the skin. ~Percussion#Too strong. "
    "~Kneading}}",
    "::multiple {i}::Which are contraindications ({i})? {{~%50%Fever ~%50%An open wound ~%-100%Tired muscles}}",
    "::true false {i}::Work directly over the spine is fine ({i}). {{FALSE#Never over the spine.#Right.}}",
    "::matching {i}::Match the Swedish names ({i}). {{=Stroking -> effleurage =Kneading -> petrissage "
    "=Percussion -> tapotement}}",
    "::numeric {i}::How many minutes may a first session last ({i})? {{#=15:0 =%50%14..16}}",
    "::short {i}::What is effleurage in English ({i})? {{=stroking =%50%a stroke}}",
    "::missing {i}::Kneading lifts the {{=muscle ~bone ~skin}} and presses it ({i}).",
    "::explained {i}::[markdown]Rubbing is done **{i}** times faster than stroking. {{TRUE}}"
    "####Rubbing is brisker than stroking.",
)


def gift_file(folder: Path) -> Path:
    text = "$CATEGORY: benchmark\n\n" + "\n\n".join(
        f"// question {i}\n" + KINDS[i % len(KINDS)].format(i=i) for i in range(COUNT))
    path = folder / "thousand.gift"
    path.write_text(text, encoding="utf-8")
    return path


def median_ms(action: Callable[[], object]) -> float:
    action()  # warm the file cache and the imports
    times = []
    for _ in range(RUNS):
        start = time.perf_counter()
        action()
        times.append(time.perf_counter() - start)
    return statistics.median(times) * 1e3


def run() -> list[Row]:
    with tempfile.TemporaryDirectory() as folder:
        path = gift_file(Path(folder))
        result = load_bank(path)
        assert len(result.questions) == COUNT and not result.errors, (len(result.questions), result.errors[:3])

        def load() -> None:
            loaded = load_bank(path)
            [from_bank(q, f"bank:bench:{i}") for i, q in enumerate(loaded.questions)]

        parse = median_ms(load)
        db = open_database(Path(folder) / "bench.sqlite")
        banks = BankStore(db)
        keep = median_ms(lambda: banks.replace("bench", "gift", result.questions, "2026-12-08T00:00:00+00:00"))
        db.close()
    content = load_content()
    own = median_ms(lambda: load_questions(content.folder, content.body, content.reference, content.techniques))
    return [
        (f"bank file of {COUNT:,} GIFT questions: read, parse, check, to the engine", f"{parse:.0f} ms",
         "<= 100 ms"),
        (f"bank of {COUNT:,} questions kept in the database (one transaction)", f"{keep:.0f} ms", "<= 100 ms"),
        (f"the app's own {len(content.questions)} questions read and checked", f"{own:.0f} ms", "<= 100 ms"),
    ]


def main() -> None:
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    from table import print_table

    print_table(run())


if __name__ == "__main__":
    main()
