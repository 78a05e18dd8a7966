"""Benchmark: the text parser on very long lines, to show every form reader is linear in the
line length. Prints, for each line shape, the parse time at 25, 50 and 100 kB and the ratio
of the 100 kB time to the 25 kB one (best of three runs each) (about 4 when linear, 16 when quadratic).

    python bench/text_long_lines.py

Shapes: a flattened roadmap row after a header line (words, deadline words, body words,
runs of spaces, dashes), a cell-per-line cell, a box table row, a paragraph of pipes and
dashes, a header-like line of synonyms.
"""
from __future__ import annotations

import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from extractor.parsers.text import parse_text  # noqa: E402

HEADER = "№ п/п Наименование мероприятия Срок исполнения Ответственный\n"
SHAPES = {
    "flat row, words": lambda n: HEADER + "1. " + ("Проведение семинара для учителей " * n)[:n] + " октябрь 2023 Отдел образования\n",
    "flat row, deadline words": lambda n: HEADER + "1. Анализ " + ("в течение до с октябрь - 2023 года " * n)[:n] + "\n",
    "flat row, leads without anchor": lambda n: HEADER + "1. Анализ " + ("в до с по " * n)[:n] + " Отдел\n",
    "flat row, body words": lambda n: HEADER + "1. Анализ май 2023 " + ("Отдел МКУ руководители ОО " * n)[:n] + "\n",
    "flat row, spaced": lambda n: HEADER + "1  " + ("Анализ   май  " * n)[:n] + "\n",
    "cell per line": lambda n: "№ |\nМероприятие |\nСрок |\nОтветственный |\n1 |\n" + ("слово " * n)[:n] + " |\n",
    "box row": lambda n: "+---+---+\n| 1 | " + ("слово | " * n)[:n] + " |\n+---+---+\n",
    "pipes and dashes": lambda n: ("| - " * n)[:n] + "\n",
    "header synonyms": lambda n: ("Срок Мероприятие Ответственный " * n)[:n] + "\n",
}


def seconds(text: str, repeats: int = 3) -> float:
    """The best of a few runs: the machine is shared, so single runs are noisy."""
    best = float("inf")
    for _ in range(repeats):
        start = time.perf_counter()
        parse_text(text, Path("bench.txt"), "txt")
        best = min(best, time.perf_counter() - start)
    return best


def main() -> None:
    sizes = (25_000, 50_000, 100_000)
    print(f"{'shape':34} " + " ".join(f"{s // 1000:>6} kB" for s in sizes) + "  100/25")
    for name, make in SHAPES.items():
        times = [seconds(make(n)) for n in sizes]
        print(f"{name:34} " + " ".join(f"{t:8.3f}s" for t in times) + f"  {times[-1] / max(times[0], 1e-9):6.1f}")


if __name__ == "__main__":
    main()
