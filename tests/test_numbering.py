"""Numbering flags on whole tables: which printed numbers skip or repeat, read the way a
person reads a roadmap (items numbered again in each section are no repeats; a skipped
section is flagged once, among the sections)."""
from pathlib import Path

import pytest

from extractor.pipeline import extract

HEAD = ("МИНИСТЕРСТВО ОБРАЗОВАНИЯ\n\nПРИКАЗ\n\n15.03.2024 № 245\n\nОб утверждении плана\n\n"
        "План мероприятий на 2024 год\n\n№ п/п\tМероприятие\tСрок\tОтветственный\n")


def rows(*cells: tuple[str, str]) -> str:
    """(number, text) pairs; a text ending in ':' is a heading row (no deadline, no body)."""
    out = []
    for number, text in cells:
        if text.endswith(":"):
            out.append(f"{number}\t{text[:-1]}\t\t")
        else:
            out.append(f"{number}\t{text}\tмарт 2024\tОтдел образования")
    return "\n".join(out) + "\n"


@pytest.mark.parametrize("table, expected", [
    # items numbered again from 1 under each section
    (rows(("I.", "Нормативное обеспечение:"), ("1.", "Положение"), ("2.", "Состав группы"),
          ("II.", "Работа с кадрами:"), ("1.", "Семинар"), ("2.", "Курсы"), ("3.", "Стажировки")), []),
    # one run of numbers: a skip and a repeat
    (rows(("1.", "Положение"), ("2.", "Состав группы"), ("4.", "Семинар"), ("5.", "Курсы"),
          ("5.", "Стажировки"), ("6.", "Отчёт")), [("numbering_gap", 3), ("numbering_duplicate", 5)]),
    # numbering that runs on across sections still shows its skip
    (rows(("I.", "Нормативное обеспечение:"), ("1.", "Положение"), ("2.", "Состав группы"),
          ("II.", "Работа с кадрами:"), ("4.", "Семинар"), ("5.", "Курсы")), [("numbering_gap", 3)]),
    # section 2 skipped: one section-level flag, and the skip inside section 3
    (rows(("1.", "Нормативное обеспечение:"), ("1.1.", "Положение"), ("1.2.", "Состав группы"),
          ("3.", "Работа с кадрами:"), ("3.1.", "Семинар"), ("3.3.", "Курсы")),
     [("numbering_gap", 4), ("numbering_gap", None)]),
])
def test_numbering_flags(tmp_path: Path, table: str, expected):
    path = tmp_path / "order.txt"
    path.write_text(HEAD + table, encoding="utf-8")
    order = extract(path)
    found = [(f.code, f.activity_seq) for f in order.flags if f.code.startswith("numbering")]
    assert found == expected
    # an activity's numbering flag is in its own list too
    for code, seq in expected:
        if seq is not None:
            assert code in [f.code for f in order.activities[seq - 1].flags]
