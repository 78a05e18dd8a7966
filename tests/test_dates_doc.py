"""docs/deadlines.md held to the code: every example table of the page, read out of it and run.

The page is the contract of the deadline grammar; its tables of cells (cell, plan, kind, periods,
recurrence, note, flags), its contexts table and its plan-period table are parsed here, so an
example that the code no longer reads as written fails a test.
"""
from __future__ import annotations

import calendar
from datetime import date
from pathlib import Path

import pytest

from extractor.normalizers.dates import FLAG_ORDER, parse_deadline, parse_plan_period

DOC = Path(__file__).resolve().parent.parent / "docs" / "deadlines.md"
CELL_HEADER = ["cell", "plan", "kind", "periods", "recurrence", "note", "flags"]
CONTEXT_HEADER = ["plan", "plan period", "plan kind", "order date"]
PLAN_HEADER = ["title", "raw", "kind", "start", "end"]


def _row(line: str) -> list[str]:
    return [cell.strip() for cell in line.strip().strip("|").split("|")]


def tables(header: list[str]) -> list[list[str]]:
    """The rows of every table of the page whose header is ``header``."""
    rows, lines = [], DOC.read_text("utf-8").splitlines()
    for k, line in enumerate(lines):
        if line.startswith("|") and _row(line) == header:
            for body in lines[k + 2:]:  # (k + 1 is the separator)
                if not body.startswith("|"):
                    break
                rows.append(_row(body))
    return rows


def _day(text: str) -> date | None:
    return None if text == "—" else date.fromisoformat(text)


def contexts() -> dict[str, dict]:
    found = {}
    for name, period, kind, order in tables(CONTEXT_HEADER):
        start, end = (period.split(" … ") + [None])[:2] if period != "—" else (None, None)
        found[name] = {key: value for key, value in dict(
            plan_start=start and _day(start), plan_end=end and _day(end), plan_kind=None if kind == "—" else kind,
            order_date=_day(order)).items() if value is not None}
    return found


def _bound(text: str, last: bool) -> date:
    parts = [int(p) for p in text.split("-")]
    if len(parts) == 3:
        return date(*parts)
    if len(parts) == 2:
        year, month = parts
        return date(year, month, calendar.monthrange(year, month)[1] if last else 1)
    return date(parts[0], 12, 31) if last else date(parts[0], 1, 1)


def periods(spec: str) -> list[tuple]:
    """The page's notation: "2021-11..2021-12, ..2022-03-15" -> [(date, date), (None, date)]."""
    result = []
    for piece in filter(None, (p.strip() for p in spec.split(","))):
        if ".." in piece:
            start, end = piece.split("..")
            result.append((_bound(start, False) if start else None, _bound(end, True)))
        else:
            result.append((_bound(piece, False), _bound(piece, True)))
    return result


EXAMPLES = tables(CELL_HEADER)
CONTEXTS = contexts()


def test_the_page_has_its_tables():
    assert len(EXAMPLES) >= 146
    # every kind the page defines and every flag it names has examples
    kinds = {row[0].strip("`") for row in tables(["kind", "what the cell names"])}
    assert len(kinds) == 14 and kinds == {row[2] for row in EXAMPLES}
    flags = {row[0].strip("`") for row in tables(["flag", "raised when"])}
    assert flags == set(FLAG_ORDER) == {f.strip() for row in EXAMPLES for f in row[6].split(",") if f.strip()}
    assert set(CONTEXTS) == {"none", "AY2122", "AY2223", "AY2324", "CY2023", "Y2021", "Y2024"}
    assert CONTEXTS["AY2324"] == dict(plan_start=date(2023, 9, 1), plan_end=date(2024, 8, 31),
                                      plan_kind="academic_year", order_date=date(2023, 8, 30))
    assert len(tables(PLAN_HEADER)) >= 9


@pytest.mark.parametrize("cell, plan, kind, spec, recurrence, note, flags", EXAMPLES,
                         ids=[f"{row[1]}:{row[0]}" for row in EXAMPLES])
def test_example_of_the_page(cell, plan, kind, spec, recurrence, note, flags):
    parsed = parse_deadline(cell, **CONTEXTS[plan], strict=True)
    assert (parsed.kind, [(p.start, p.end) for p in parsed.periods], parsed.recurrence, parsed.note,
            parsed.flags) == (kind, periods(spec), recurrence or None, note or None,
                              [f.strip() for f in flags.split(",") if f.strip()])


@pytest.mark.parametrize("title, raw, kind, start, end", tables(PLAN_HEADER), ids=[r[1] for r in tables(PLAN_HEADER)])
def test_plan_period_of_the_page(title, raw, kind, start, end):
    found = parse_plan_period(title)
    assert (found.raw, found.kind, found.start, found.end) == (raw, kind, date.fromisoformat(start),
                                                               date.fromisoformat(end))
