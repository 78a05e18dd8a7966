"""Benchmark: deadline cells per second, our grammar (parse_deadline) against dateparser's search_dates.

Runs both on the same cells in the same process: every deadline cell of the gold corpus, and
10,000 generated cells written the way roadmap tables write deadlines; ours in strict mode (a cell
that trips the rules stops the run). Then the cheap readers beside the grammar (deadline_likeness,
find_dates) over every cell of the gold activities. Also measures, each in a fresh interpreter, the
import time and the first call of either. Prints tables.

    python bench/dates.py [--generated 10000] [--sample 1000] [--seed 7]

search_dates is run on a seeded sample of the generated cells (``--sample``) to keep the run
short; the output says so. Ours runs on all of them.
"""
from __future__ import annotations

import argparse
import json
import random
import subprocess
import sys
import time
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

MONTHS = [
    ("январь", "января", "январе"), ("февраль", "февраля", "феврале"), ("март", "марта", "марте"),
    ("апрель", "апреля", "апреле"), ("май", "мая", "мае"), ("июнь", "июня", "июне"), ("июль", "июля", "июле"),
    ("август", "августа", "августе"), ("сентябрь", "сентября", "сентябре"), ("октябрь", "октября", "октябре"),
    ("ноябрь", "ноября", "ноябре"), ("декабрь", "декабря", "декабре"),
]
DASHES = ["-", " - ", " – ", "–", " — ", "- "]
YEAR_MARKS = ["", " г.", "г.", " года", "г"]
ROMAN = ["I", "II", "III", "IV"]
PHRASES = ["в течение года", "в течение учебного года", "постоянно", "весь период", "ежегодно", "ежемесячно",
           "ежеквартально", "По отдельному графику", "по мере необходимости", "по запросу",
           "в соответствии с планом-графиком", "1 раз в квартал", "после объявления результатов"]


def _month(rng: random.Random, case: int = 0) -> str:
    word = MONTHS[rng.randrange(12)][case]
    return word.capitalize() if rng.random() < 0.4 else word


def _day(rng: random.Random) -> date:
    return date(rng.randint(2019, 2025), rng.randint(1, 12), rng.randint(1, 28))


def generated_cells(count: int, seed: int) -> list[str]:
    rng = random.Random(seed)
    year = lambda: rng.randint(2019, 2025)  # noqa: E731
    makers = [
        lambda: f"{_month(rng)} {year()}{rng.choice(YEAR_MARKS)}",
        lambda: f"{_month(rng)}{rng.choice(DASHES)}{_month(rng).lower()} {year()}{rng.choice(YEAR_MARKS)}",
        lambda: f"{_month(rng)} {year()}{rng.choice(DASHES)}{_month(rng).lower()} {year()}",
        lambda: f"{_day(rng):%d.%m.%Y}",
        lambda: f"{_day(rng):%d.%m.%Y}{rng.choice(DASHES)}{_day(rng):%d.%m.%Y}",
        lambda: f"до {_day(rng):%d.%m.%Y}",
        lambda: f"{rng.choice(['До', 'до', 'не позднее', 'в срок до'])} {rng.randint(1, 28)} {_month(rng, 1)} {year()}",
        lambda: f"{rng.randint(1, 27)}–{rng.randint(28, 30)} {MONTHS[rng.randrange(12)][1]} {year()}г.",
        lambda: f"{rng.choice(ROMAN)} {rng.choice(['квартал', 'кв.'])} {year()}{rng.choice(YEAR_MARKS)}",
        lambda: f"{rng.choice(['I', '1', 'II', '2'])} полугодие {year()} г.",
        lambda: (lambda y: f"{y}{rng.choice(['/', '-'])}{y + 1} учебный год")(year()),
        lambda: f"{year()}",
        lambda: (lambda y: f"{y}-{y + rng.randint(1, 4)}")(year()),
        lambda: rng.choice(PHRASES),
        lambda: f"ежегодно в {MONTHS[rng.randrange(12)][2]}",
        lambda: f"{_month(rng)}, {_month(rng).lower()} {year()}г.",
        lambda: f"{_month(rng)} {year()} ({rng.choice(['по графику', 'исполнено', 'по согласованию'])})",
        lambda: f"{_month(rng)}{rng.choice(DASHES)}{_month(rng).lower()}",
    ]
    return [rng.choice(makers)() for _ in range(count)]


def corpus_cells() -> list[str]:
    return [activity["deadline"]["raw"]
            for path in sorted((ROOT / "gold").glob("*.json"))
            for activity in json.loads(path.read_text("utf-8"))["activities"]]


def all_cells() -> list[str]:
    """Every field of every gold activity (text, deadline, responsible, indicator, result)."""
    cells = []
    for path in sorted((ROOT / "gold").glob("*.json")):
        for activity in json.loads(path.read_text("utf-8"))["activities"]:
            cells += [activity["text"], activity["deadline"]["raw"], *(r["raw"] for r in activity["responsible"]),
                      activity["indicator"] or "", activity["result"] or ""]
    return cells


SLICE = 100  # cells timed together


def pass_times(function, cells: list[str], before_pass=lambda: None) -> list[float]:
    """One pass over the cells: the seconds each slice of SLICE cells took. ``before_pass`` runs
    untimed before the pass."""
    before_pass()
    times = []
    for first in range(0, len(cells), SLICE):
        started = time.perf_counter()
        for cell in cells[first:first + SLICE]:
            function(cell)
        times.append(time.perf_counter() - started)
    return times


def best_of(best: list[float], times: list[float]) -> list[float]:
    """Per slice, the faster of two passes: a busy machine's slow moments (this one is shared) then
    count for neither side, even when they fall in every pass."""
    return [min(pair) for pair in zip(best, times)] if best else times


def cold_start(statement_import: str, statement_call: str) -> tuple[float, float]:
    """Import time and first-call time, measured in a fresh interpreter."""
    code = (f"import sys, time; sys.path.insert(0, {str(ROOT)!r}); t = time.perf_counter(); {statement_import}; "
            f"u = time.perf_counter(); {statement_call}; v = time.perf_counter(); print(u - t, v - u)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.split()
    return float(out[0]), float(out[1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--generated", type=int, default=10_000)
    parser.add_argument("--sample", type=int, default=1_000, help="generated cells search_dates runs on")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--rounds", type=int, default=4,
                        help="interleaved rounds; per slice of cells, the best pass of each side counts")
    args = parser.parse_args()

    from dateparser.search import search_dates

    from extractor.normalizers.dates import parse_deadline, reader

    plan = dict(plan_start=date(2021, 9, 1), plan_end=date(2022, 8, 31), plan_kind="academic_year",
                order_date=date(2021, 11, 23))
    # strict: a cell that trips the grammar stops the benchmark instead of counting as read
    ours = lambda cell: parse_deadline(cell, **plan, strict=True)  # noqa: E731
    forget = reader._read_text.cache_clear  # the per-text memo of the context-free reading

    def ours_without_memo(cell):
        forget()
        return parse_deadline(cell, **plan, strict=True)
    theirs = lambda cell: search_dates(cell, languages=["ru"])  # noqa: E731

    corpus = corpus_cells()
    generated = generated_cells(args.generated, args.seed)
    sample = random.Random(args.seed).sample(generated, min(args.sample, len(generated)))
    theirs(corpus[0])  # warm both up: the cold start is measured on its own below
    ours(corpus[0])

    rows = []
    for name, ours_cells, theirs_cells in (("corpus cells", corpus, corpus), ("generated cells", generated, sample)):
        # interleaved rounds: both sides see the same machine. Each pass of ours starts with an empty
        # memo, so only repeats inside the cells themselves are remembered; "memo off" forgets
        # before every cell.
        best: list[list[float]] = [[], [], []]
        passes = 2 if len(ours_cells) > 1000 else 20
        for _ in range(args.rounds):
            for _ in range(passes):
                best[0] = best_of(best[0], pass_times(ours, ours_cells, forget))
                best[1] = best_of(best[1], pass_times(ours_without_memo, ours_cells, forget))
            best[2] = best_of(best[2], pass_times(theirs, theirs_cells))
        rates = [len(cells) / sum(times) for cells, times in zip((ours_cells, ours_cells, theirs_cells), best)]
        rows.append((name, len(ours_cells), *rates, len(theirs_cells)))
    print(f"{'cells':<16} {'n':>6} {'ours expr/s':>12} {'memo off':>9} {'n sd':>5} {'search_dates':>13} "
          f"{'ratio':>6} {'memo off':>9}")
    for name, n_ours, r_ours, r_cold, r_theirs, n_theirs in rows:
        print(f"{name:<16} {n_ours:>6} {r_ours:>12,.0f} {r_cold:>9,.0f} {n_theirs:>5} {r_theirs:>13,.1f} "
              f"{r_ours / r_theirs:>5.0f}× {r_cold / r_theirs:>8.0f}×")
    if len(sample) < len(generated):
        print(f"(search_dates ran on a seeded sample of {len(sample)} of the {len(generated)} generated cells)")

    print()
    # the cheap readers row assembly and metadata call on every cell of broken rows and header lines
    from extractor.normalizers.dates import deadline_likeness, find_dates

    every_cell = all_cells()
    print(f"{'every gold cell':<16} {'n':>6} {'cells/s':>12}")
    for name, function in (("deadline_likeness", deadline_likeness), ("find_dates", find_dates)):
        best = []
        for _ in range(args.rounds * 5):
            best = best_of(best, pass_times(function, every_cell))
        print(f"{name:<16} {len(every_cell):>6} {len(every_cell) / sum(best):>12,.0f}")

    print()
    our_import, our_first = cold_start("from extractor.normalizers.dates import parse_deadline",
                                       "parse_deadline('ноябрь 2021')")
    their_import, their_first = cold_start("from dateparser.search import search_dates",
                                           "search_dates('ноябрь 2021', languages=['ru'])")
    print(f"{'cold start':<16} {'import s':>9} {'first call s':>13}")
    print(f"{'parse_deadline':<16} {our_import:>9.3f} {our_first:>13.4f}")
    print(f"{'search_dates':<16} {their_import:>9.3f} {their_first:>13.4f}")


if __name__ == "__main__":
    main()
